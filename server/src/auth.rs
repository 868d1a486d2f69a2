//! Bearer-token authorization of writes (SPARQL Update, Graph Store Protocol writes) and of
//! report uploads.
//!
//! One write token, from configuration (a file or an environment variable); with none
//! configured, writes are off. Report uploads also take the agencies' own tokens
//! ([`ReportTokens`], from a file re-read on SIGHUP), each good for its agency's reports only. The token is compared through SHA-256 digests folded without early exit, so
//! neither its content nor its length shows in response times, and it is never logged: its
//! `Debug` form is redacted.

use crate::error::{ApiError, ApiResult, Code};
use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};

/// The write token. Holds only the token's digest, so a memory dump or a stray `{:?}` shows
/// nothing usable.
#[derive(Clone)]
pub struct WriteToken {
    digest: [u8; 32],
}

impl std::fmt::Debug for WriteToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteToken(redacted)")
    }
}

/// Shortest token accepted: a guessable token is worse than none.
pub const MIN_TOKEN_CHARS: usize = 16;

impl WriteToken {
    /// A token from its text; surrounding whitespace (a file's final newline) is dropped.
    ///
    /// # Errors
    /// When the token is shorter than [`MIN_TOKEN_CHARS`] characters or is not printable ASCII
    /// (it must fit an `Authorization` header).
    pub fn new(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.chars().count() < MIN_TOKEN_CHARS {
            return Err(format!(
                "the write token must have at least {MIN_TOKEN_CHARS} characters"
            ));
        }
        if !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("the write token must be printable ascii without spaces".into());
        }
        Ok(Self {
            digest: Sha256::digest(text.as_bytes()).into(),
        })
    }

    /// Whether `candidate` is the token, in time independent of where they differ.
    pub fn matches(&self, candidate: &str) -> bool {
        let other: [u8; 32] = Sha256::digest(candidate.as_bytes()).into();
        self.digest
            .iter()
            .zip(other.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

/// Checks that a request may write.
///
/// # Errors
/// [`Code::WritesDisabled`] (403) when no token is configured, [`Code::Unauthorized`] (401,
/// with `WWW-Authenticate: Bearer`) without a bearer token, [`Code::InvalidToken`] (403) with a
/// wrong one.
pub fn authorize(token: Option<&WriteToken>, headers: &HeaderMap) -> ApiResult<()> {
    let Some(token) = token else {
        return Err(ApiError::new(
            Code::WritesDisabled,
            "writes are not enabled on this server (start it with --write-token-file or BIOKG_WRITE_TOKEN)",
        ));
    };
    match bearer(headers) {
        None => Err(ApiError::new(
            Code::Unauthorized,
            "this write needs an Authorization: Bearer token",
        )
        .with_header(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"biokg\""),
        )),
        Some(t) if token.matches(t) => Ok(()),
        Some(_) => Err(ApiError::new(
            Code::InvalidToken,
            "the bearer token is not valid for writes",
        )),
    }
}

/// The agencies' report tokens, from a file of lines `agency-key<TAB>token` (blank lines and
/// lines starting with `#` are skipped). Only digests are held; the file can be re-read while
/// the server runs ([`ReportTokens::reload`]), so a token is rotated without a restart.
#[derive(Default)]
pub struct ReportTokens {
    path: Option<std::path::PathBuf>,
    tokens: std::sync::RwLock<Vec<(String, WriteToken)>>,
}

impl std::fmt::Debug for ReportTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportTokens")
            .field("path", &self.path)
            .field("agencies", &self.len())
            .finish()
    }
}

impl ReportTokens {
    /// The tokens of the file at `path`.
    ///
    /// # Errors
    /// The file cannot be read, or a line is not `key<TAB>token` with a token of at least
    /// [`MIN_TOKEN_CHARS`] printable characters (the message names the file and line, never
    /// the token).
    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        let tokens = Self {
            path: Some(path.to_owned()),
            tokens: std::sync::RwLock::default(),
        };
        tokens.reload()?;
        Ok(tokens)
    }

    /// Reads the file again and replaces the tokens; on an error the old tokens stay. Returns
    /// how many agencies have a token.
    ///
    /// # Errors
    /// As [`ReportTokens::from_file`].
    pub fn reload(&self) -> Result<usize, String> {
        let Some(path) = &self.path else {
            return Ok(0);
        };
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut tokens = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |why: &str| format!("{}:{}: {why}", path.display(), i + 1);
            let (key, token) = line
                .split_once('\t')
                .ok_or_else(|| at("expected agency-key<TAB>token"))?;
            let key = key.trim();
            if key.is_empty()
                || !key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(at(
                    "the agency key must be lowercase letters, digits and '-' (so-y-te)",
                ));
            }
            let token =
                WriteToken::new(token).map_err(|e| at(&e.replace("write token", "token")))?;
            tokens.push((key.to_owned(), token));
        }
        let n = tokens.len();
        *self.tokens.write().unwrap_or_else(|e| e.into_inner()) = tokens;
        Ok(n)
    }

    /// How many agencies have a token.
    pub fn len(&self) -> usize {
        self.tokens.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no agency has a token.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The agency whose token `candidate` is. Every token is compared, whatever matches, so
    /// the time taken does not tell which agency's (or whether any) matched.
    pub fn agency_of(&self, candidate: &str) -> Option<String> {
        let tokens = self.tokens.read().unwrap_or_else(|e| e.into_inner());
        let mut found = None;
        for (key, token) in tokens.iter() {
            if token.matches(candidate) && found.is_none() {
                found = Some(key.clone());
            }
        }
        found
    }
}

/// Who uploads a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uploader {
    /// The holder of the server's write token: any agency's report.
    Admin,
    /// An agency, by its key: its own reports only.
    Agency(String),
}

impl Uploader {
    /// The credential as the report's provenance records it: `admin` or the agency key.
    pub fn as_str(&self) -> &str {
        match self {
            Uploader::Admin => "admin",
            Uploader::Agency(key) => key,
        }
    }
}

/// Checks who may upload a report: the write token, or an agency's token.
///
/// # Errors
/// [`Code::Unauthorized`] (401) without a bearer token or with one that is neither.
pub fn authorize_report(
    write: Option<&WriteToken>,
    agencies: &ReportTokens,
    headers: &HeaderMap,
) -> ApiResult<Uploader> {
    let unauthorized = |why: &str| {
        ApiError::new(Code::Unauthorized, why.to_owned()).with_header(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"biokg\""),
        )
    };
    let presented = bearer(headers)
        .ok_or_else(|| unauthorized("a report upload needs an Authorization: Bearer token"))?;
    let admin = write.is_some_and(|w| w.matches(presented));
    let agency = agencies.agency_of(presented);
    match (admin, agency) {
        (true, _) => Ok(Uploader::Admin),
        (false, Some(key)) => Ok(Uploader::Agency(key)),
        (false, None) => Err(unauthorized(
            "the bearer token is not a report token of this server",
        )),
    }
}

/// The token of an `Authorization: Bearer` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn the_token_decides_each_case() {
        let token = WriteToken::new("  correct-horse-battery\n").unwrap();
        assert!(authorize(Some(&token), &bearer("Bearer correct-horse-battery")).is_ok());
        assert!(authorize(Some(&token), &bearer("bearer  correct-horse-battery ")).is_ok());
        let code = |t: Option<&WriteToken>, h: &HeaderMap| authorize(t, h).unwrap_err().code();
        assert_eq!(code(Some(&token), &HeaderMap::new()), Code::Unauthorized);
        assert_eq!(code(Some(&token), &bearer("Basic abc")), Code::Unauthorized);
        assert_eq!(
            code(Some(&token), &bearer("Bearer correct-horse-batterx")),
            Code::InvalidToken
        );
        assert_eq!(
            code(None, &bearer("Bearer correct-horse-battery")),
            Code::WritesDisabled
        );
    }

    #[test]
    fn short_or_odd_tokens_are_rejected_and_never_printed() {
        assert!(WriteToken::new("short").is_err());
        assert!(WriteToken::new("with a space inside it").is_err());
        let token = WriteToken::new("correct-horse-battery").unwrap();
        assert_eq!(format!("{token:?}"), "WriteToken(redacted)");
    }

    #[test]
    fn agency_tokens_name_their_agency_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tokens.tsv");
        std::fs::write(
            &file,
            "# agencies\nso-y-te\tso-y-te-token-0001\n\nso-tai-chinh\tso-tai-chinh-token-02\n",
        )
        .unwrap();
        let tokens = ReportTokens::from_file(&file).unwrap();
        assert_eq!(tokens.len(), 2);
        assert_eq!(
            tokens.agency_of("so-y-te-token-0001").as_deref(),
            Some("so-y-te")
        );
        assert_eq!(tokens.agency_of("nobody-has-this-token"), None);
        let write = WriteToken::new("the-admin-write-token").unwrap();
        let who = |h: &HeaderMap| authorize_report(Some(&write), &tokens, h);
        assert_eq!(
            who(&bearer_header("Bearer the-admin-write-token")).unwrap(),
            Uploader::Admin
        );
        assert_eq!(
            who(&bearer_header("Bearer so-tai-chinh-token-02")).unwrap(),
            Uploader::Agency("so-tai-chinh".into())
        );
        assert_eq!(
            who(&HeaderMap::new()).unwrap_err().code(),
            Code::Unauthorized
        );
        assert_eq!(
            who(&bearer_header("Bearer unknown-token-xxxxxx"))
                .unwrap_err()
                .code(),
            Code::Unauthorized
        );
        // Rotation: the old token stops working, the new one works.
        std::fs::write(&file, "so-y-te\tso-y-te-token-0002\n").unwrap();
        assert_eq!(tokens.reload().unwrap(), 1);
        assert_eq!(tokens.agency_of("so-y-te-token-0001"), None);
        assert_eq!(
            tokens.agency_of("so-y-te-token-0002").as_deref(),
            Some("so-y-te")
        );
        // A bad file names its line, never the token, and keeps the old tokens.
        std::fs::write(&file, "so-y-te\tshort\n").unwrap();
        let e = tokens.reload().unwrap_err();
        assert!(
            e.ends_with("tokens.tsv:1: the token must have at least 16 characters"),
            "{e}"
        );
        assert!(!e.contains("short"));
        assert_eq!(tokens.len(), 1);
        std::fs::write(&file, "So Y Te\tso-y-te-token-0003\n").unwrap();
        assert!(
            tokens
                .reload()
                .unwrap_err()
                .contains("tokens.tsv:1: the agency key")
        );
    }

    fn bearer_header(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }
}
