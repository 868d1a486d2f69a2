//! The GBIF API v1 as this ingestor reads it: the request URLs and typed views of the answers.
//!
//! Every field is optional unless the API always sends it (`matchType` of a name match,
//! `results` of a search, `key` of an occurrence), because GBIF leaves out what it does not
//! know. A field that is present with another type than documented is an error naming the URL
//! and the field's JSON path: silently skipping it would hide a change of the API.
//! [`NameMatch`] is independent of the JSON shape, so a v2 parser can produce the same type.

use crate::{Error, Result};
use reqwest::Url;
use serde_json::{Map, Value};

/// How GBIF matched a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchType {
    /// The name matched exactly.
    Exact,
    /// A near spelling matched.
    Fuzzy,
    /// Only a higher taxon (a genus, a family) matched.
    HigherRank,
    /// Nothing matched.
    None,
    /// A value this version does not know, kept as sent.
    Other(String),
}

impl MatchType {
    fn parse(s: &str) -> Self {
        match s {
            "EXACT" => Self::Exact,
            "FUZZY" => Self::Fuzzy,
            "HIGHERRANK" => Self::HigherRank,
            "NONE" => Self::None,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The value as GBIF spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Exact => "EXACT",
            Self::Fuzzy => "FUZZY",
            Self::HigherRank => "HIGHERRANK",
            Self::None => "NONE",
            Self::Other(s) => s,
        }
    }
}

/// One answer of `GET /species/match`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameMatch {
    pub(crate) usage_key: Option<u64>,
    pub(crate) accepted_usage_key: Option<u64>,
    pub(crate) scientific_name: Option<String>,
    pub(crate) canonical_name: Option<String>,
    pub(crate) rank: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) synonym: bool,
    pub(crate) confidence: Option<i64>,
    pub(crate) match_type: MatchType,
    pub(crate) note: Option<String>,
    pub(crate) kingdom: Option<String>,
    pub(crate) phylum: Option<String>,
    pub(crate) class: Option<String>,
    pub(crate) order: Option<String>,
    pub(crate) family: Option<String>,
    pub(crate) genus: Option<String>,
    pub(crate) species: Option<String>,
    pub(crate) species_key: Option<u64>,
}

/// One page of `GET /occurrence/search`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OccurrencePage {
    /// Records matching the query in all, not only on this page.
    pub(crate) count: Option<u64>,
    pub(crate) results: Vec<Occurrence>,
}

/// One occurrence record, with the fields we map.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Occurrence {
    pub(crate) key: u64,
    /// The record's identifier as GBIF prints it (digits).
    pub(crate) gbif_id: String,
    pub(crate) dataset_key: Option<String>,
    pub(crate) basis_of_record: Option<String>,
    pub(crate) scientific_name: Option<String>,
    pub(crate) taxon_key: Option<u64>,
    /// Decimal degrees, as the lexical form of the JSON number.
    pub(crate) latitude: Option<String>,
    pub(crate) longitude: Option<String>,
    pub(crate) event_date: Option<String>,
    /// `locality`, or `verbatimLocality` when GBIF has no interpreted one.
    pub(crate) locality: Option<String>,
    pub(crate) country_code: Option<String>,
    pub(crate) institution_code: Option<String>,
    pub(crate) license: Option<String>,
    pub(crate) occurrence_id: Option<String>,
    pub(crate) recorded_by: Option<String>,
}

/// `GET {base}/species/match?name=…&kingdom=…&strict=false&verbose=false`.
pub(crate) fn match_url(base: &Url, name: &str, kingdom: Option<&str>) -> Url {
    let mut url = endpoint(base, "species/match");
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("name", name);
        if let Some(k) = kingdom {
            q.append_pair("kingdom", k);
        }
        q.append_pair("strict", "false");
        q.append_pair("verbose", "false");
    }
    url
}

/// `GET {base}/occurrence/search?taxonKey=K&country=C&limit=N`.
pub(crate) fn occurrence_url(base: &Url, taxon_key: u64, country: &str, limit: usize) -> Url {
    let mut url = endpoint(base, "occurrence/search");
    url.query_pairs_mut()
        .append_pair("taxonKey", &taxon_key.to_string())
        .append_pair("country", country)
        .append_pair("limit", &limit.to_string());
    url
}

fn endpoint(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{path}", base.path().trim_end_matches('/'));
    url.set_path(&joined);
    url.set_query(None);
    url
}

/// A JSON object read field by field, with errors naming the URL and the path.
struct Fields<'a> {
    url: &'a str,
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    fn new(url: &'a str, path: String, value: &'a Value) -> Result<Self> {
        match value {
            Value::Object(map) => Ok(Self { url, path, map }),
            other => Err(bad(
                url,
                if path.is_empty() { "body" } else { &path },
                &format!("expected an object, found {}", kind(other)),
            )),
        }
    }

    fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn wrong(&self, key: &str, want: &str, found: &Value) -> Error {
        bad(
            self.url,
            &self.field(key),
            &format!("expected {want}, found {}", kind(found)),
        )
    }

    fn string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok((!s.trim().is_empty()).then(|| s.trim().to_owned())),
            Some(v) => Err(self.wrong(key, "a string", v)),
        }
    }

    fn unsigned(&self, key: &str) -> Result<Option<u64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "a non-negative integer", v)),
        }
    }

    fn integer(&self, key: &str) -> Result<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "an integer", v)),
        }
    }

    fn boolean(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.wrong(key, "true or false", v)),
        }
    }

    /// A number kept as its decimal lexical form (`56.278502`), for `xsd:decimal`.
    fn decimal(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
            // Rust prints a float in its shortest round-trip form and never with an exponent,
            // which is the lexical form xsd:decimal wants.
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f.is_finite() => Ok(Some(format!("{f}"))),
                _ => Err(self.wrong(key, "a finite number", &Value::Number(n.clone()))),
            },
            Some(v) => Err(self.wrong(key, "a number", v)),
        }
    }

    fn required<T>(&self, key: &str, value: Option<T>) -> Result<T> {
        value.ok_or_else(|| bad(self.url, &self.field(key), "missing"))
    }
}

fn bad(url: &str, field: &str, reason: &str) -> Error {
    Error::BadResponse {
        url: url.to_owned(),
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn json(url: &str, bytes: &[u8]) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| bad(url, "body", &format!("not JSON: {e}")))
}

/// Reads a v1 name match.
///
/// # Errors
/// [`Error::BadResponse`] when the body is not JSON, not an object, lacks `matchType`, has a
/// field of another type, or lacks `usageKey` for a match other than NONE.
pub(crate) fn parse_match(url: &str, bytes: &[u8]) -> Result<NameMatch> {
    let value = json(url, bytes)?;
    let f = Fields::new(url, String::new(), &value)?;
    let match_type = MatchType::parse(&f.required("matchType", f.string("matchType")?)?);
    let m = NameMatch {
        usage_key: f.unsigned("usageKey")?,
        accepted_usage_key: f.unsigned("acceptedUsageKey")?,
        scientific_name: f.string("scientificName")?,
        canonical_name: f.string("canonicalName")?,
        rank: f.string("rank")?,
        status: f.string("status")?,
        synonym: f.boolean("synonym")?.unwrap_or(false),
        confidence: f.integer("confidence")?,
        note: f.string("note")?,
        kingdom: f.string("kingdom")?,
        phylum: f.string("phylum")?,
        class: f.string("class")?,
        order: f.string("order")?,
        family: f.string("family")?,
        genus: f.string("genus")?,
        species: f.string("species")?,
        species_key: f.unsigned("speciesKey")?,
        match_type,
    };
    if m.usage_key.is_none() && !matches!(m.match_type, MatchType::None) {
        return Err(bad(
            url,
            "usageKey",
            &format!("missing for a {} match", m.match_type.as_str()),
        ));
    }
    if m.synonym && m.accepted_usage_key.is_none() {
        return Err(bad(url, "acceptedUsageKey", "missing for a synonym"));
    }
    Ok(m)
}

/// Reads a page of occurrence search results.
///
/// # Errors
/// [`Error::BadResponse`] when the body is not JSON, `results` is missing or not an array, a
/// record is not an object or lacks `key`, `gbifID` is not the digits of an identifier, or a
/// field has another type.
pub(crate) fn parse_occurrences(url: &str, bytes: &[u8]) -> Result<OccurrencePage> {
    let value = json(url, bytes)?;
    let f = Fields::new(url, String::new(), &value)?;
    let results = match f.get("results") {
        Some(Value::Array(items)) => items,
        Some(v) => return Err(f.wrong("results", "an array", v)),
        None => return Err(bad(url, "results", "missing")),
    };
    let mut records = Vec::with_capacity(results.len());
    for (i, item) in results.iter().enumerate() {
        let r = Fields::new(url, format!("results[{i}]"), item)?;
        let key = r.required("key", r.unsigned("key")?)?;
        let gbif_id = r.string("gbifID")?.unwrap_or_else(|| key.to_string());
        if !gbif_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(
                url,
                &r.field("gbifID"),
                "expected the digits of an identifier",
            ));
        }
        records.push(Occurrence {
            key,
            gbif_id,
            dataset_key: r.string("datasetKey")?,
            basis_of_record: r.string("basisOfRecord")?,
            scientific_name: r.string("scientificName")?,
            taxon_key: r.unsigned("taxonKey")?,
            latitude: r.decimal("decimalLatitude")?,
            longitude: r.decimal("decimalLongitude")?,
            event_date: r.string("eventDate")?,
            locality: match r.string("locality")? {
                Some(l) => Some(l),
                None => r.string("verbatimLocality")?,
            },
            country_code: r.string("countryCode")?,
            institution_code: r.string("institutionCode")?,
            license: r.string("license")?,
            occurrence_id: r.string("occurrenceID")?,
            recorded_by: r.string("recordedBy")?,
        });
    }
    Ok(OccurrencePage {
        count: f.unsigned("count")?,
        results: records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://127.0.0.1:1/v1/species/match?name=X";

    #[test]
    fn urls_keep_the_base_path_and_encode_the_name() {
        let base = Url::parse("https://api.gbif.org/v1/").expect("url");
        assert_eq!(
            match_url(&base, "Angelica sinensis (Oliv.) Diels", Some("Plantae")).as_str(),
            "https://api.gbif.org/v1/species/match?name=Angelica+sinensis+%28Oliv.%29+Diels&kingdom=Plantae&strict=false&verbose=false"
        );
        let base = Url::parse("http://127.0.0.1:8080/v1").expect("url");
        assert_eq!(
            occurrence_url(&base, 3329049, "VN", 20).as_str(),
            "http://127.0.0.1:8080/v1/occurrence/search?taxonKey=3329049&country=VN&limit=20"
        );
    }

    #[test]
    fn wrong_shapes_name_the_field() {
        let cases: &[(&str, &str)] = &[
            (
                "[1]",
                "http://127.0.0.1:1/v1/species/match?name=X: body: expected an object, found an array",
            ),
            (
                "{\"usageKey\":1}",
                "http://127.0.0.1:1/v1/species/match?name=X: matchType: missing",
            ),
            (
                "{\"matchType\":\"EXACT\",\"usageKey\":\"9206251\"}",
                "http://127.0.0.1:1/v1/species/match?name=X: usageKey: expected a non-negative integer, found a string",
            ),
            (
                "{\"matchType\":\"EXACT\"}",
                "http://127.0.0.1:1/v1/species/match?name=X: usageKey: missing for a EXACT match",
            ),
            (
                "{\"matchType\":\"EXACT\",\"usageKey\":1,\"synonym\":\"no\"}",
                "http://127.0.0.1:1/v1/species/match?name=X: synonym: expected true or false, found a string",
            ),
        ];
        for (body, want) in cases {
            let e = parse_match(URL, body.as_bytes()).expect_err(body);
            assert_eq!(e.to_string(), *want);
        }
        let e = parse_match(URL, b"<html>").expect_err("html");
        assert!(
            e.to_string()
                .starts_with(&format!("{URL}: body: not JSON: ")),
            "{e}"
        );

        let cases: &[(&str, &str)] = &[
            ("{\"count\":1}", "results: missing"),
            (
                "{\"results\":{}}",
                "results: expected an array, found an object",
            ),
            (
                "{\"results\":[{\"gbifID\":\"1\"}]}",
                "results[0].key: missing",
            ),
            (
                "{\"results\":[{\"key\":1},{\"key\":2,\"decimalLatitude\":\"56.2\"}]}",
                "results[1].decimalLatitude: expected a number, found a string",
            ),
            (
                "{\"results\":[{\"key\":1,\"gbifID\":\"../x\"}]}",
                "results[0].gbifID: expected the digits of an identifier",
            ),
        ];
        for (body, want) in cases {
            let e = parse_occurrences(URL, body.as_bytes()).expect_err(body);
            assert_eq!(e.to_string(), format!("{URL}: {want}"));
        }
    }

    #[test]
    fn numbers_keep_their_decimal_form() {
        let page = parse_occurrences(
            URL,
            br#"{"count":2,"results":[{"key":7,"decimalLatitude":22.3,"decimalLongitude":103.84,"locality":null,"verbatimLocality":"Sa Pa"}]}"#,
        )
        .expect("page");
        let r = &page.results[0];
        assert_eq!(page.count, Some(2));
        assert_eq!(r.gbif_id, "7");
        assert_eq!(r.latitude.as_deref(), Some("22.3"));
        assert_eq!(r.longitude.as_deref(), Some("103.84"));
        assert_eq!(r.locality.as_deref(), Some("Sa Pa"));
    }
}
