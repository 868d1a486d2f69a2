//! JSON read into a tree that remembers the line of every value.
//!
//! Validation messages must name the line of the value that is wrong (`file:line: field:
//! reason`), and serde_json keeps positions only for syntax errors. So serde_json checks the
//! syntax first (its messages are the ones users know), and this small reader then builds the
//! tree of the already-valid text with a line on every node. Numbers keep their text as
//! written, so coordinates reach the WKT exactly as the file gives them, with no float
//! round trip.

/// A JSON value and the line (1-based) on which it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) line: usize,
    pub(crate) value: Value,
}

/// A JSON value. Objects keep their members in file order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// The number's text as written (`104.39556`).
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// What kind of value this is, for messages: `a string`, `an array`...
    pub(crate) fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The member `key` of an object (the last one, as serde_json does, if it is repeated).
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|m| &m.1),
            _ => None,
        }
    }
}

/// A syntax error: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

/// Parses `text` into a tree of [`Node`]s.
///
/// # Errors
/// A [`SyntaxError`] with serde_json's message, line and column.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        return Err(SyntaxError {
            line: e.line().max(1),
            column: e.column(),
            message,
        });
    }
    let mut r = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
    };
    let node = r.value(0)?;
    r.space();
    if r.pos != r.bytes.len() {
        return Err(r.error("trailing characters"));
    }
    Ok(node)
}

/// Deeper than serde_json's own limit (128), so no text it accepts is refused here.
const MAX_DEPTH: usize = 256;

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    line: usize,
}

impl Reader<'_> {
    fn error(&self, message: &str) -> SyntaxError {
        let start = self.bytes[..self.pos]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        SyntaxError {
            line: self.line,
            column: self.pos - start + 1,
            message: message.to_owned(),
        }
    }

    fn space(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Result<(), SyntaxError> {
        if self.bytes.get(self.pos) == Some(&b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", b as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.space();
        let line = self.line;
        let value = match self.bytes.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                let mut members = Vec::new();
                self.space();
                if self.bytes.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        self.space();
                        let key = self.string()?;
                        self.space();
                        self.eat(b':')?;
                        let v = self.value(depth + 1)?;
                        members.push((key, v));
                        self.space();
                        match self.bytes.get(self.pos) {
                            Some(b',') => self.pos += 1,
                            Some(b'}') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `}`")),
                        }
                    }
                }
                Value::Object(members)
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.space();
                if self.bytes.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.space();
                        match self.bytes.get(self.pos) {
                            Some(b',') => self.pos += 1,
                            Some(b']') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `]`")),
                        }
                    }
                }
                Value::Array(items)
            }
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') =
                    self.bytes.get(self.pos)
                {
                    self.pos += 1;
                }
                Value::Number(self.text[start..self.pos].to_owned())
            }
            _ => return Err(self.error("expected value")),
        };
        Ok(Node { line, value })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected value"))
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("invalid escape"))?;
        let n = u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid escape"))?;
        self.pos += 4;
        Ok(n)
    }

    /// After a leading surrogate: the trailing surrogate escaped next, consumed, if there is
    /// one. serde_json's syntax check accepts any escape there, so anything else (another
    /// leading surrogate, a plain character) is left to be read on its own.
    fn trailing_surrogate(&mut self) -> Option<u32> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 6)?
            .strip_prefix(b"\\u")?;
        let lo = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        if !(0xDC00..0xE000).contains(&lo) {
            return None;
        }
        self.pos += 6;
        Some(lo)
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[start..self.pos]);
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.bytes.get(self.pos).copied();
                    self.pos += 1;
                    match escaped {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                self.trailing_surrogate()
                                    .map(|lo| 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                Some(hi)
                            };
                            // A lone surrogate is not a character: U+FFFD, as serde_json's
                            // lossy decoding gives.
                            out.push(
                                c.and_then(char::from_u32)
                                    .unwrap_or(char::REPLACEMENT_CHARACTER),
                            );
                        }
                        _ => return Err(self.error("invalid escape")),
                    }
                }
                _ => return Err(self.error("EOF while parsing a string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(line: usize, v: &str) -> Node {
        Node {
            line,
            value: Value::String(v.to_owned()),
        }
    }

    #[test]
    fn every_value_knows_its_line() {
        let text = "{\n \"a\": \"x\",\n \"b\": [\n  1.50,\n  -2e3\n ],\n \"c\": {}\n}";
        let root = parse(text).unwrap();
        assert_eq!(root.line, 1);
        assert_eq!(root.get("a"), Some(&s(2, "x")));
        let b = root.get("b").unwrap();
        assert_eq!(b.line, 3);
        let Value::Array(items) = &b.value else {
            panic!("array")
        };
        assert_eq!(
            items,
            &[
                Node {
                    line: 4,
                    value: Value::Number("1.50".into())
                },
                Node {
                    line: 5,
                    value: Value::Number("-2e3".into())
                }
            ]
        );
        assert_eq!(root.get("c").unwrap().line, 7);
        assert_eq!(root.get("c").unwrap().kind(), "an object");
        assert_eq!(root.get("zz"), None);
    }

    #[test]
    fn escapes_are_decoded() {
        let root = parse(r#"["a\"b\\c\/d\n", "\u00e0\u1ea1", "\ud83c\udf3f", true, false, null]"#)
            .unwrap();
        let Value::Array(items) = root.value else {
            panic!("array")
        };
        assert_eq!(items[0].value, Value::String("a\"b\\c/d\n".into()));
        assert_eq!(items[1].value, Value::String("àạ".into()));
        assert_eq!(items[2].value, Value::String("🌿".into()));
        assert_eq!(items[3].value, Value::Bool(true));
        assert_eq!(items[4].value, Value::Bool(false));
        assert_eq!(items[5].value, Value::Null);
    }

    #[test]
    fn a_leading_surrogate_without_its_trailing_one_is_replaced_and_the_next_escape_kept() {
        // serde_json's syntax check accepts any `\u` escape after a leading surrogate; this
        // reader took the next escape as the trailing surrogate whatever it was, and
        // `lo - 0xDC00` overflowed (a panic with overflow checks, a wrong character without).
        let root = parse(r#"["\ud800\u0041", "\udbff\ud83c\udf3f", "\ud83c", "\udc00x"]"#).unwrap();
        let Value::Array(items) = root.value else {
            panic!("array")
        };
        assert_eq!(items[0].value, Value::String("\u{FFFD}A".into()));
        assert_eq!(items[1].value, Value::String("\u{FFFD}🌿".into()));
        assert_eq!(items[2].value, Value::String("\u{FFFD}".into()));
        assert_eq!(items[3].value, Value::String("\u{FFFD}x".into()));
    }

    #[test]
    fn repeated_keys_keep_the_last_as_serde_json_does() {
        let root = parse(r#"{"k": "1", "k": "2"}"#).unwrap();
        assert_eq!(root.get("k").unwrap().value, Value::String("2".into()));
    }

    #[test]
    fn syntax_errors_have_serde_json_messages_and_positions() {
        assert_eq!(
            parse("[\n  {\"a\": 1,}\n]").unwrap_err(),
            SyntaxError {
                line: 2,
                column: 11,
                message: "key must be a string".into()
            }
        );
        assert_eq!(
            parse("{\"a\": [1, 2").unwrap_err(),
            SyntaxError {
                line: 1,
                column: 11,
                message: "EOF while parsing a list".into()
            }
        );
        assert_eq!(parse("").unwrap_err().message, "EOF while parsing a value");
        assert_eq!(parse("[] x").unwrap_err().message, "trailing characters");
    }
}
