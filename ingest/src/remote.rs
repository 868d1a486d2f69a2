//! Remote files: fetch a CSV, JSON or RDF file over HTTP(S) with a size limit, and tell its
//! format from the Content-Type or, when that says nothing useful, from the file name.
//!
//! [`fetch`] only returns bytes: the caller hands them to the ingestor of the format, so a
//! remote file is validated exactly like a local one and a bad file loads nothing.

use crate::http::{Http, Policy, media_type};
use crate::{Error, Result};
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

/// The formats a remote file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemoteFormat {
    /// CSV (RFC 4180), a registry table.
    Csv,
    /// JSON, such as the value-chain file.
    Json,
    /// Turtle.
    Turtle,
    /// N-Triples.
    NTriples,
    /// N-Quads.
    NQuads,
    /// TriG.
    TriG,
    /// RDF/XML.
    RdfXml,
    /// JSON-LD.
    JsonLd,
    /// Plain text, such as a plan.
    PlainText,
}

impl RemoteFormat {
    /// The registered media type of the format.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv",
            Self::Json => "application/json",
            Self::Turtle => "text/turtle",
            Self::NTriples => "application/n-triples",
            Self::NQuads => "application/n-quads",
            Self::TriG => "application/trig",
            Self::RdfXml => "application/rdf+xml",
            Self::JsonLd => "application/ld+json",
            Self::PlainText => "text/plain",
        }
    }

    /// Whether the format is an RDF serialization.
    pub fn is_rdf(self) -> bool {
        matches!(
            self,
            Self::Turtle | Self::NTriples | Self::NQuads | Self::TriG | Self::RdfXml | Self::JsonLd
        )
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
        "application/ld+json" => RemoteFormat::JsonLd,
        "application/json" | "text/json" => RemoteFormat::Json,
        "text/turtle" | "application/x-turtle" => RemoteFormat::Turtle,
        "application/n-triples" => RemoteFormat::NTriples,
        "application/n-quads" | "text/x-nquads" => RemoteFormat::NQuads,
        "application/trig" => RemoteFormat::TriG,
        "application/rdf+xml" => RemoteFormat::RdfXml,
        _ => return None,
    })
}

fn by_extension(file_name: &str) -> Option<RemoteFormat> {
    let (_, ext) = file_name.rsplit_once('.')?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "csv" => RemoteFormat::Csv,
        "json" => RemoteFormat::Json,
        "jsonld" => RemoteFormat::JsonLd,
        "ttl" => RemoteFormat::Turtle,
        "nt" => RemoteFormat::NTriples,
        "nq" => RemoteFormat::NQuads,
        "trig" => RemoteFormat::TriG,
        "rdf" | "owl" => RemoteFormat::RdfXml,
        "txt" => RemoteFormat::PlainText,
        _ => return None,
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
            (Some("application/ld+json"), "a.json", Some(JsonLd)),
            (Some("text/turtle;charset=UTF-8"), "", Some(Turtle)),
            (Some("application/n-triples"), "", Some(NTriples)),
            (Some("application/n-quads"), "", Some(NQuads)),
            (Some("application/trig"), "", Some(TriG)),
            (Some("application/rdf+xml"), "", Some(RdfXml)),
            (Some("Text/Turtle"), "", Some(Turtle)),
            (Some("application/octet-stream"), "data.TTL", Some(Turtle)),
            (Some("application/octet-stream"), "data.bin", None),
            (Some("text/plain"), "graph.nt", Some(NTriples)),
            (
                Some("text/plain; charset=utf-8"),
                "plan.txt",
                Some(PlainText),
            ),
            (Some("text/plain"), "README", Some(PlainText)),
            (Some("text/html"), "plants.csv", None),
            (None, "plants.csv", Some(Csv)),
            (None, "value-chain.json", Some(Json)),
            (None, "onto.owl", Some(RdfXml)),
            (None, "x.rdf", Some(RdfXml)),
            (None, "x.jsonld", Some(JsonLd)),
            (None, "x.trig", Some(TriG)),
            (None, "x.nq", Some(NQuads)),
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
        assert_eq!(Turtle.media_type(), "text/turtle");
        assert!(Turtle.is_rdf() && JsonLd.is_rdf());
        assert!(!Csv.is_rdf() && !Json.is_rdf() && !PlainText.is_rdf());
        for f in [
            Csv, Json, Turtle, NTriples, NQuads, TriG, RdfXml, JsonLd, PlainText,
        ] {
            assert_eq!(detect_format(Some(f.media_type()), ""), Some(f));
        }
    }
}
