//! Query-string and form parsing that answers in our error shape.

use crate::error::{ApiError, ApiResult};

/// The `key=value` pairs of a query string or form body, in order, repeated keys kept. `+`
/// is a space; percent escapes must decode to UTF-8 (a lossy decoding would search for, or
/// run, something the client did not send).
///
/// # Errors
/// [`Code::InvalidParameter`](crate::error::Code::InvalidParameter) when a key or value is not UTF-8 once decoded.
pub(crate) fn pairs(raw: &str) -> ApiResult<Vec<(String, String)>> {
    let decode = |part: &str, what: &str| -> ApiResult<String> {
        let spaced = part.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .map(std::borrow::Cow::into_owned)
            .map_err(|_| ApiError::invalid(what, "not UTF-8 once percent-decoded"))
    };
    let mut out = Vec::new();
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(k, "query string")?;
        let value = decode(v, &key)?;
        out.push((key, value));
    }
    Ok(out)
}

/// The values of one key.
pub(crate) fn all<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The single value of a key, if given.
///
/// # Errors
/// [`Code::InvalidParameter`](crate::error::Code::InvalidParameter) when the key is given more than once.
pub(crate) fn one<'a>(pairs: &'a [(String, String)], key: &str) -> ApiResult<Option<&'a str>> {
    match all(pairs, key).as_slice() {
        [] => Ok(None),
        [v] => Ok(Some(v)),
        _ => Err(ApiError::invalid(key, "given more than once")),
    }
}

/// A number within `min..=max`, or `default` when absent.
///
/// # Errors
/// [`Code::InvalidParameter`](crate::error::Code::InvalidParameter) for a non-number or a number out of range.
pub(crate) fn number(
    pairs: &[(String, String)],
    key: &str,
    default: usize,
    min: usize,
    max: usize,
) -> ApiResult<usize> {
    match one(pairs, key)? {
        None => Ok(default),
        Some(v) => {
            let n: usize = v
                .trim()
                .parse()
                .map_err(|_| ApiError::invalid(key, format!("{v:?} is not a whole number")))?;
            if n < min || n > max {
                return Err(ApiError::invalid(
                    key,
                    format!("must be between {min} and {max}"),
                ));
            }
            Ok(n)
        }
    }
}

/// The media type of a request's `Content-Type`, lowercase and without parameters (`""` when
/// absent).
pub(crate) fn content_type(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

/// A request body, or the error its rejection deserves.
///
/// # Errors
/// `payload_too_large` for a body over the limit, `bad_request` for one that cannot be read.
pub(crate) fn body(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<axum::body::Bytes> {
    use crate::error::Code;
    body.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(Code::PayloadTooLarge, "the request body is too large")
        } else {
            ApiError::new(
                Code::BadRequest,
                format!("cannot read the request body: {e}"),
            )
        }
    })
}
