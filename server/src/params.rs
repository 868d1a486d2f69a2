//! Query-string and form parsing that answers in our error shape.

use crate::error::{ApiError, ApiResult, Code};

/// The `key=value` pairs of a query string or form body, in order, repeated keys kept.
///
/// # Errors
/// [`Code::BadRequest`] when the text is not valid form encoding.
pub(crate) fn pairs(raw: &str) -> ApiResult<Vec<(String, String)>> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
        .map_err(|e| ApiError::new(Code::BadRequest, format!("malformed query string: {e}")))
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
/// [`Code::InvalidParameter`] when the key is given more than once.
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
/// [`Code::InvalidParameter`] for a non-number or a number out of range.
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
