//! Readers every ingestor shares: bytes to text, with the line of the first bad byte, and JSON
//! to a tree that keeps the line of every value ([`json`]).
//!
//! Two decoders, because the two families of ingestors report differently: a plan or an RDF
//! file stops at the first problem ([`utf8`], an [`Error::Encoding`]), while the folder and
//! registry ingestors collect every problem of every file ([`decode`], a [`Problem`]). They
//! say the same thing about the same bytes.

pub(crate) mod json;

use crate::{Error, Problem, Result};
use std::path::Path;

/// Decodes bytes as UTF-8 text, without a copy; a bad byte is reported with its line.
pub(crate) fn utf8<'b>(file: &str, bytes: &'b [u8]) -> Result<&'b str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, reason) = not_utf8(bytes, e.valid_up_to());
        Error::Encoding {
            file: file.to_owned(),
            line,
            reason,
        }
    })
}

/// Decodes bytes as UTF-8 (a byte-order mark is dropped); otherwise the one `encoding` problem.
pub(crate) fn decode(file: &str, bytes: &[u8]) -> Result<String, Problem> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    match std::str::from_utf8(&bytes[bom..]) {
        Ok(t) => Ok(t.to_owned()),
        Err(e) => {
            let (line, reason) = not_utf8(bytes, bom + e.valid_up_to());
            Err(Problem {
                file: file.to_owned(),
                line: if is_utf16(bytes) { 1 } else { line },
                field: "encoding".into(),
                reason,
            })
        }
    }
}

/// The line of the byte at `bad`, the first that is not UTF-8, and what to do about it.
fn not_utf8(bytes: &[u8], bad: usize) -> (usize, String) {
    let line = bytes[..bad].iter().filter(|b| **b == b'\n').count() + 1;
    let reason = if is_utf16(bytes) {
        "the file is UTF-16; save it as UTF-8".to_owned()
    } else {
        format!(
            "invalid UTF-8 at byte {bad} (is it Windows-1258 or another legacy encoding? save it as UTF-8)"
        )
    };
    (line, reason)
}

/// Whether the bytes start with a UTF-16 byte-order mark.
fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// The name of a file without its folder, as messages and provenance give it.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
