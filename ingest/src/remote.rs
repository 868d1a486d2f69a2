//! Remote files: fetch a CSV, JSON or RDF file over HTTP(S) with a size limit, and tell its
//! format from the Content-Type or, when that says nothing useful, from the file name.
//!
//! [`fetch`] only returns bytes: the caller hands them to the ingestor of the format, so a
//! remote file is validated exactly like a local one and a bad file loads nothing.

use crate::http::{Http, Policy, media_type};
use crate::rdf::RdfSyntax;
use crate::registry::Registry;
use crate::{Error, Format, Input, Result, SourceType};
use reqwest::Url;
use std::time::Duration;

/// The default size limit of a remote file: 50 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// How a remote file is fetched.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Time allowed for one attempt, from connecting to the end of the body (default 60 s).
    pub timeout: Duration,
    /// The largest body accepted, in bytes, enforced while it streams in (default 50 MiB).
    pub max_bytes: u64,
    /// Attempts after the first on a connection failure, a timeout, 429 or 5xx (default 2).
    pub retries: u32,
    /// The wait before the first retry, doubled for each further one (default 1 s).
    pub backoff: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            max_bytes: DEFAULT_MAX_BYTES,
            retries: 2,
            backoff: Duration::from_secs(1),
        }
    }
}

/// A remote file, read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL that answered, after redirects.
    pub url: String,
    /// The last segment of that URL's path as it appears there (or the host when the path is
    /// empty): what a local copy would be called.
    pub file_name: String,
    /// The Content-Type sent, without parameters, lowercase.
    pub media_type: Option<String>,
    /// The body.
    pub bytes: Vec<u8>,
}

impl Fetched {
    /// The format of the file, by [`detect_format`].
    ///
    /// # Errors
    /// [`Error::UnknownFormat`] when neither the Content-Type nor the file name tells.
    pub fn format(&self) -> Result<RemoteFormat> {
        detect_format(self.media_type.as_deref(), &self.file_name).ok_or_else(|| {
            Error::UnknownFormat {
                url: self.url.clone(),
                media_type: self.media_type.clone(),
                file_name: self.file_name.clone(),
            }
        })
    }
}

impl Fetched {
    /// The input the file makes, by its [`Fetched::format`]: an RDF file in its syntax, a plan
    /// for plain text (unless `declared` says otherwise), and a registry file for CSV or JSON,
    /// whose registry only `declared` can tell. `given` is the source's name (default: the
    /// file's stem, slugged, or the registry's key). The file name is made to end with the
    /// format's extension, which is how messages and provenance name the file.
    ///
    /// # Errors
    /// [`Error::UnknownFormat`] as [`Fetched::format`]; [`Error::Folder`] when a CSV or JSON
    /// file (or plain text declared as no plan) is not declared as a registry.
    pub fn into_input(self, declared: Option<SourceType>, given: Option<&str>) -> Result<Input> {
        let format = self.format()?;
        let stem = crate::default_name(std::path::Path::new(&self.file_name));
        let name = given.map_or(stem, str::to_owned);
        if let RemoteFormat::Rdf(syntax) = format {
            let ext = syntax.extension();
            let file = if self.file_name.ends_with(&format!(".{ext}")) {
                self.file_name
            } else {
                format!("{name}.{ext}")
            };
            return Ok(Input::bytes(Format::Rdf(syntax), file, self.bytes).named(name));
        }
        if format == RemoteFormat::PlainText && declared.is_none_or(|t| t == SourceType::Plan) {
            return Ok(Input::bytes(Format::Plan, self.file_name, self.bytes).named(name));
        }
        let Some(registry) = declared.and_then(Registry::of) else {
            return Err(Error::Folder {
                folder: self.url,
                reason:
                    "a remote CSV or JSON file needs --as enterprises, labs, plants or value-chain"
                        .into(),
            });
        };
        // The table readers go by the file's extension: make it say what the server said.
        let file = match format {
            RemoteFormat::Json if !self.file_name.ends_with(".json") => format!("{name}.json"),
            RemoteFormat::Csv if !self.file_name.ends_with(".csv") => format!("{name}.csv"),
            _ => self.file_name,
        };
        Ok(Input::bytes(Format::Registry(registry), file, self.bytes).with_name(given))
    }
}

/// The formats a remote file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemoteFormat {
    /// CSV (RFC 4180), a registry table.
    Csv,
    /// JSON, such as the value-chain file.
    Json,
    /// An RDF syntax.
    Rdf(RdfSyntax),
    /// Plain text, such as a plan.
    PlainText,
}

impl RemoteFormat {
    /// The registered media type of the format.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv",
            Self::Json => "application/json",
            Self::Rdf(syntax) => syntax.media_type(),
            Self::PlainText => "text/plain",
        }
    }

    /// Whether the format is an RDF serialization.
    pub fn is_rdf(self) -> bool {
        matches!(self, Self::Rdf(_))
    }
}

/// The format of a file from its Content-Type (parameters such as `charset` ignored) or, when
/// there is none or it is `application/octet-stream` or `text/plain`, from the extension of
/// its name. A Content-Type that names another format (`text/html` for an error page) gives
/// `None` whatever the name says; `text/plain` with no known extension is
/// [`RemoteFormat::PlainText`].
pub fn detect_format(content_type: Option<&str>, file_name: &str) -> Option<RemoteFormat> {
    let media = content_type.and_then(media_type);
    match media.as_deref() {
        None | Some("application/octet-stream" | "binary/octet-stream") => by_extension(file_name),
        Some("text/plain") => by_extension(file_name).or(Some(RemoteFormat::PlainText)),
        Some(m) => by_media_type(m),
    }
}

fn by_media_type(media: &str) -> Option<RemoteFormat> {
    Some(match media {
        "text/csv" | "application/csv" | "text/comma-separated-values" => RemoteFormat::Csv,
        "application/json" | "text/json" => RemoteFormat::Json,
        _ => RemoteFormat::Rdf(RdfSyntax::from_media_type(media)?),
    })
}

fn by_extension(file_name: &str) -> Option<RemoteFormat> {
    let (_, ext) = file_name.rsplit_once('.')?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "csv" => RemoteFormat::Csv,
        "json" => RemoteFormat::Json,
        "txt" => RemoteFormat::PlainText,
        // A remote `.xml` is more often a web page or a feed than RDF/XML.
        "xml" => return None,
        ext => RemoteFormat::Rdf(RdfSyntax::from_extension(ext)?),
    })
}

/// Parses an `http` or `https` URL with a host.
///
/// # Errors
/// [`Error::BadUrl`] for anything else.
pub fn parse_url(url: &str) -> Result<Url> {
    let bad = |reason: &str| Error::BadUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad(&format!(
            "scheme {:?} is not supported: use http or https",
            parsed.scheme()
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    Ok(parsed)
}

/// Fetches a remote file: `GET url`, following redirects, retrying transient failures, and
/// refusing a body over `cfg.max_bytes` as soon as it passes the limit.
///
/// # Errors
/// [`Error::BadUrl`] for a URL that is not http or https, [`Error::Http`] when no answer came,
/// [`Error::HttpStatus`] for an error status, [`Error::TooLarge`] over the limit.
pub fn fetch(url: &str, cfg: &FetchConfig) -> Result<Fetched> {
    let parsed = parse_url(url)?;
    let mut http = Http::new(Policy {
        timeout: cfg.timeout,
        retries: cfg.retries,
        backoff: cfg.backoff,
        max_retry_wait: Duration::from_secs(60),
        min_interval: Duration::ZERO,
        max_bytes: cfg.max_bytes,
    })?;
    let body = http.get(&parsed)?;
    let file_name = body
        .url
        .path_segments()
        .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
        .map(str::to_owned)
        .or_else(|| body.url.host_str().map(str::to_owned))
        .unwrap_or_default();
    Ok(Fetched {
        url: body.url.to_string(),
        file_name,
        media_type: body.media_type,
        bytes: body.bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use RemoteFormat::*;

    #[test]
    fn formats_from_content_type_then_extension() {
        let table: &[(Option<&str>, &str, Option<RemoteFormat>)] = &[
            (Some("text/csv"), "x", Some(Csv)),
            (Some("text/csv; charset=utf-8"), "plants.json", Some(Csv)),
            (Some("application/csv"), "", Some(Csv)),
            (Some("application/json"), "a.csv", Some(Json)),
            (
                Some("application/ld+json"),
                "a.json",
                Some(Rdf(RdfSyntax::JsonLd)),
            ),
            (
                Some("text/turtle;charset=UTF-8"),
                "",
                Some(Rdf(RdfSyntax::Turtle)),
            ),
            (
                Some("application/n-triples"),
                "",
                Some(Rdf(RdfSyntax::NTriples)),
            ),
            (
                Some("application/n-quads"),
                "",
                Some(Rdf(RdfSyntax::NQuads)),
            ),
            (Some("application/trig"), "", Some(Rdf(RdfSyntax::TriG))),
            (
                Some("application/rdf+xml"),
                "",
                Some(Rdf(RdfSyntax::RdfXml)),
            ),
            (Some("Text/Turtle"), "", Some(Rdf(RdfSyntax::Turtle))),
            (
                Some("application/octet-stream"),
                "data.TTL",
                Some(Rdf(RdfSyntax::Turtle)),
            ),
            (Some("application/octet-stream"), "data.bin", None),
            (
                Some("text/plain"),
                "graph.nt",
                Some(Rdf(RdfSyntax::NTriples)),
            ),
            (
                Some("text/plain; charset=utf-8"),
                "plan.txt",
                Some(PlainText),
            ),
            (Some("text/plain"), "README", Some(PlainText)),
            (Some("text/html"), "plants.csv", None),
            (None, "plants.csv", Some(Csv)),
            (None, "value-chain.json", Some(Json)),
            (None, "onto.owl", Some(Rdf(RdfSyntax::RdfXml))),
            (None, "x.rdf", Some(Rdf(RdfSyntax::RdfXml))),
            (None, "x.jsonld", Some(Rdf(RdfSyntax::JsonLd))),
            (None, "x.trig", Some(Rdf(RdfSyntax::TriG))),
            (None, "x.nq", Some(Rdf(RdfSyntax::NQuads))),
            (None, "noextension", None),
            (None, "", None),
        ];
        for (ct, name, want) in table {
            assert_eq!(detect_format(*ct, name), *want, "{ct:?} {name:?}");
        }
    }

    #[test]
    fn only_http_and_https_urls() {
        assert!(parse_url("https://example.org/a.csv").is_ok());
        assert!(parse_url("http://127.0.0.1:8080/a.csv").is_ok());
        for (url, reason) in [
            ("file:///etc/passwd", "scheme \"file\" is not supported"),
            ("ftp://example.org/a.csv", "scheme \"ftp\" is not supported"),
            ("not a url", "relative URL without a base"),
        ] {
            let e = parse_url(url).expect_err(url).to_string();
            assert!(e.starts_with(&format!("{url}: url: {reason}")), "{e}");
        }
    }

    #[test]
    fn rdf_formats_know_their_media_type() {
        let turtle = Rdf(RdfSyntax::Turtle);
        assert_eq!(turtle.media_type(), "text/turtle");
        assert!(turtle.is_rdf() && Rdf(RdfSyntax::JsonLd).is_rdf());
        assert!(!Csv.is_rdf() && !Json.is_rdf() && !PlainText.is_rdf());
        let rdf = [
            RdfSyntax::Turtle,
            RdfSyntax::NTriples,
            RdfSyntax::NQuads,
            RdfSyntax::TriG,
            RdfSyntax::RdfXml,
            RdfSyntax::JsonLd,
        ];
        for f in [Csv, Json, PlainText].into_iter().chain(rdf.map(Rdf)) {
            assert_eq!(detect_format(Some(f.media_type()), ""), Some(f));
        }
    }
}
