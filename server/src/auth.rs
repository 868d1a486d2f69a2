//! Bearer-token authorization of writes (SPARQL Update, Graph Store Protocol writes).
//!
//! One token, from configuration (a file or an environment variable); with none configured,
//! writes are off. The token is compared through SHA-256 digests folded without early exit, so
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
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        });
    match presented {
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
}
