//! GBIF over HTTP: match every taxon of the graph against the GBIF backbone (species-match API
//! v1) and, if asked, load its occurrence records in one country.
//!
//! [`match_taxa`] asks `GET {base}/species/match` once per taxon and, with
//! [`GbifConfig::occurrences`], `GET {base}/occurrence/search` for each taxon it could link;
//! it returns the quads of the graph `…/graph/gbif/{name}` and a report, and writes nothing
//! but its response cache. Each answer is cached on disk under the hash of its URL before it
//! is used, so a run that fails halfway (GBIF down, a bad answer) is resumed by the next one
//! without asking again, and a re-run with the same cache sends no request at all. Requests are
//! paced (`min_interval`), time-limited and retried with backoff on transient failures
//! (see the `http` module).
//!
//! Nothing is half-loaded: any request that still fails after its retries, and any answer
//! that is not what the API promises, is an error and the caller loads nothing.

mod api;
mod cache;
mod rdf;

pub use api::MatchType;

use crate::Result;
use crate::http::{Http, Policy};
use crate::load::{Loaded, Report, check_name, hex};
use crate::remote::parse_url;
use crate::source::{SourceFile, SourceType};
use cache::Cache;
use reqwest::Url;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

/// The public GBIF API.
pub const DEFAULT_BASE_URL: &str = "https://api.gbif.org/v1";

/// How GBIF is asked.
#[derive(Debug, Clone)]
pub struct GbifConfig {
    /// The API base, up to and including the version (default [`DEFAULT_BASE_URL`]).
    pub base_url: String,
    /// Where answers are cached, one file per request.
    pub cache_dir: PathBuf,
    /// Time allowed for one attempt, from connecting to the end of the body (default 30 s).
    pub timeout: Duration,
    /// Attempts after the first on a connection failure, a timeout, 429 or 5xx (default 3).
    pub retries: u32,
    /// The wait before the first retry, doubled for each further one (default 1 s).
    pub backoff: Duration,
    /// The longest wait before a retry, whatever `Retry-After` asks (default 60 s).
    pub max_retry_wait: Duration,
    /// The shortest time between two requests: a polite pace for a public API (default 200 ms).
    pub min_interval: Duration,
    /// The largest answer accepted, in bytes (default 16 MiB).
    pub max_response_bytes: u64,
    /// The kingdom sent with every name, to keep homonyms of other kingdoms out (default
    /// `Plantae`; `None` sends none).
    pub kingdom: Option<String>,
    /// The lowest confidence (0–100) at which an EXACT or FUZZY match is linked (default 90).
    pub min_confidence: u8,
    /// Whether to load occurrence records of the linked taxa (default off).
    pub occurrences: bool,
    /// The country of the occurrence records, ISO 3166-1 alpha-2 (default `VN`).
    pub country: String,
    /// How many occurrence records to load per taxon, 1 to 300 (default 50): the first page;
    /// the total is recorded as `lcb:gbifOccurrenceCount`.
    pub occurrence_limit: usize,
}

impl GbifConfig {
    /// The defaults, caching in `cache_dir`.
    pub fn new(cache_dir: impl Into<PathBuf>) -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            cache_dir: cache_dir.into(),
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
            min_interval: Duration::from_millis(200),
            max_response_bytes: 16 * 1024 * 1024,
            kingdom: Some("Plantae".to_owned()),
            min_confidence: 90,
            occurrences: false,
            country: "VN".to_owned(),
            occurrence_limit: 50,
        }
    }
}

/// A taxon of the graph to match: its key and what the source says about its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonName {
    /// The taxon's key, the last segment of its IRI `biokg_ontology::iri::taxon(id)`
    /// (`angelica-sinensis`).
    pub id: String,
    /// The scientific name without authorship (`Angelica sinensis`).
    pub scientific_name: String,
    /// The authorship, when the source gives it (`(Oliv.) Diels`).
    pub authorship: Option<String>,
    /// The rank as Darwin Core spells it (`species`, `variety`, `genus`), when known.
    pub rank: Option<String>,
    /// The family the source gives, compared with GBIF's.
    pub family: Option<String>,
}

impl TaxonName {
    /// The name sent to GBIF: the scientific name with its authorship when known.
    pub fn query_name(&self) -> String {
        let name = self.scientific_name.trim();
        match self.authorship.as_deref().map(str::trim) {
            Some(a) if !a.is_empty() && !name.ends_with(a) => format!("{name} {a}"),
            _ => name.to_owned(),
        }
    }
}

/// HTTP with a cache in front, and a digest of every answer used.
struct Client {
    http: Http,
    cache: Cache,
    cached: usize,
    digest: Sha256,
}

impl Client {
    /// The answer to `url`, from the cache or the network, read by `parse`; an answer from the
    /// network is cached only once `parse` accepted it.
    fn get<T>(&mut self, url: &Url, parse: fn(&str, &[u8]) -> Result<T>) -> Result<T> {
        let key = url.as_str();
        let (bytes, fresh) = match self.cache.get(key)? {
            Some(bytes) => {
                self.cached += 1;
                (bytes, false)
            }
            None => (self.http.get(url)?.bytes, true),
        };
        let value = parse(key, &bytes)?;
        if fresh {
            self.cache.put(key, &bytes)?;
        }
        self.digest.update(key.as_bytes());
        self.digest.update(b"\n");
        self.digest.update(&bytes);
        self.digest.update(b"\n");
        Ok(value)
    }
}

/// Matches `taxa` against GBIF and returns the quads of the source `gbif/{name}`: for each
/// taxon its match type and confidence and, as good as the match allows, its GBIF identifier
/// (`dwc:taxonID "gbif:KEY"`, `skos:exactMatch <https://www.gbif.org/species/KEY>`), status,
/// accepted name and classification; with `cfg.occurrences`, the first
/// `cfg.occurrence_limit` occurrence records of each linked taxon in `cfg.country` (asked
/// by the matched usage key: for a synonym, the records filed under that name). The report
/// counts the matches by type and warns `gbif:{scientific name}: match: reason` for every
/// taxon that is not linked, and about fuzzy matches and differing ranks and families.
///
/// # Errors
/// [`Error::BadName`] for an unusable `name`, [`Error::BadUrl`] for a base URL that is not
/// http(s), [`Error::Http`] / [`Error::HttpStatus`] / [`Error::TooLarge`] for a request that
/// failed after its retries, [`Error::BadResponse`] for an answer that is not what the API
/// promises, [`Error::Cache`] when the cache cannot be read or written.
pub fn match_taxa(taxa: &[TaxonName], cfg: &GbifConfig, name: &str) -> Result<Loaded> {
    check_name(name)?;
    let base = parse_url(&cfg.base_url)?;
    let mut client = Client {
        http: Http::new(Policy {
            timeout: cfg.timeout,
            retries: cfg.retries,
            backoff: cfg.backoff,
            max_retry_wait: cfg.max_retry_wait,
            min_interval: cfg.min_interval,
            max_bytes: cfg.max_response_bytes,
        })?,
        cache: Cache::new(&cfg.cache_dir),
        cached: 0,
        digest: Sha256::new(),
    };
    let file = cfg.base_url.trim_end_matches('/').to_owned();
    let mut source = SourceFile {
        source_type: SourceType::Gbif,
        name: name.to_owned(),
        file_name: file.clone(),
        sha256: String::new(),
    };
    let mut map = rdf::Mapping::new(&source, &base, cfg.min_confidence);
    let limit = cfg.occurrence_limit.clamp(1, 300);
    let mut seen = HashSet::new();
    for taxon in taxa {
        if taxon.id.is_empty() || biokg_ontology::iri::slug(&taxon.id) != taxon.id {
            map.warn(
                taxon,
                "id",
                &format!(
                    "{:?} is not a taxon key (lowercase letters, digits and '-'): skipped",
                    taxon.id
                ),
            );
            continue;
        }
        if taxon.scientific_name.trim().is_empty() {
            map.warnings.push(format!(
                "gbif:{}: scientific name: empty: skipped",
                taxon.id
            ));
            continue;
        }
        if !seen.insert(taxon.id.as_str()) {
            map.warn(
                taxon,
                "id",
                &format!("{} is listed twice: matched once", taxon.id),
            );
            continue;
        }
        let url = api::match_url(&base, &taxon.query_name(), cfg.kingdom.as_deref());
        let m = client.get(&url, api::parse_match)?;
        let linked = map.taxon(taxon, &m, &url);
        if let (true, Some(key)) = (cfg.occurrences, linked) {
            let url = api::occurrence_url(&base, key, &cfg.country, limit);
            let page = client.get(&url, api::parse_occurrences)?;
            map.occurrences(taxon, &page, &url);
        }
    }
    source.sha256 = hex(&client.digest.finalize());
    let mut counts = vec![
        ("taxa".to_owned(), map.taxa),
        ("exact".to_owned(), map.exact),
        ("fuzzy".to_owned(), map.fuzzy),
        ("higher rank".to_owned(), map.higher_rank),
        ("none".to_owned(), map.none),
    ];
    if map.other > 0 {
        counts.push(("unknown match type".to_owned(), map.other));
    }
    counts.extend([
        ("synonyms".to_owned(), map.synonyms),
        ("linked".to_owned(), map.linked),
        ("occurrences".to_owned(), map.occurrences),
        ("requests".to_owned(), client.http.requests()),
        ("cached answers".to_owned(), client.cached),
    ]);
    let warnings = std::mem::take(&mut map.warnings);
    let quads = map.into_quads();
    let report = Report {
        file,
        source_type: SourceType::Gbif,
        counts,
        warnings,
        triples: quads.len(),
    };
    Ok(Loaded {
        source,
        quads,
        report,
    })
}
