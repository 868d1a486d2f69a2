//! Literal values: whether a lexical form is valid for its datatype, and how two literals
//! compare for the range constraints.

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{LiteralRef, NamedNodeRef};
use std::cmp::Ordering;

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The integer types derived from `xsd:integer`, with the sign they allow: `Some(true)`
/// non-negative, `Some(false)` non-positive, `None` either.
fn integer_kind(dt: NamedNodeRef<'_>) -> Option<Option<bool>> {
    let local = dt.as_str().strip_prefix(XSD)?;
    Some(match local {
        "integer" | "long" | "int" | "short" | "byte" => None,
        "nonNegativeInteger" | "positiveInteger" | "unsignedLong" | "unsignedInt"
        | "unsignedShort" | "unsignedByte" => Some(true),
        "nonPositiveInteger" | "negativeInteger" => Some(false),
        _ => return None,
    })
}

fn is_numeric(dt: NamedNodeRef<'_>) -> bool {
    integer_kind(dt).is_some() || dt == xsd::DECIMAL || dt == xsd::DOUBLE || dt == xsd::FLOAT
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn unsigned_decimal(s: &str) -> bool {
    match s.split_once('.') {
        Some((i, f)) => {
            (i.is_empty() || digits(i))
                && (f.is_empty() || digits(f))
                && !(i.is_empty() && f.is_empty())
        }
        None => digits(s),
    }
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['+', '-']).unwrap_or(s)
}

fn double(s: &str) -> bool {
    if matches!(s, "INF" | "+INF" | "-INF" | "NaN") {
        return true;
    }
    let s = strip_sign(s);
    match s.split_once(['e', 'E']) {
        Some((m, e)) => unsigned_decimal(m) && digits(strip_sign(e)),
        None => unsigned_decimal(s),
    }
}

/// Splits a trailing time zone (`Z`, `+07:00`, `-05:00`) off a date-like value.
fn split_zone(s: &str) -> (&str, bool) {
    if let Some(rest) = s.strip_suffix('Z') {
        return (rest, true);
    }
    if s.len() > 6 {
        let (head, tz) = s.split_at(s.len() - 6);
        let b = tz.as_bytes();
        if (b[0] == b'+' || b[0] == b'-')
            && b[1].is_ascii_digit()
            && b[2].is_ascii_digit()
            && b[3] == b':'
            && b[4].is_ascii_digit()
            && b[5].is_ascii_digit()
        {
            return (head, true);
        }
    }
    (s, false)
}

/// `(year, rest)` of `-?YYYY…`: at least four digits, no leading zero beyond four.
fn year(s: &str) -> Option<(i64, &str)> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (y, rest) = s.split_at(end);
    if y.len() < 4 || (y.len() > 4 && y.starts_with('0')) {
        return None;
    }
    let y: i64 = y.parse().ok()?;
    Some((if neg { -y } else { y }, rest))
}

fn two(s: &str) -> Option<u32> {
    (s.len() == 2 && digits(s))
        .then(|| s.parse().ok())
        .flatten()
}

fn days_in(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn date(s: &str) -> bool {
    let (s, _) = split_zone(s);
    let Some((y, rest)) = year(s) else {
        return false;
    };
    let mut parts = rest.split('-');
    let (Some(""), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    match (two(m), two(d)) {
        (Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m),
        _ => false,
    }
}

fn year_month(s: &str) -> bool {
    let (s, _) = split_zone(s);
    let Some((_, rest)) = year(s) else {
        return false;
    };
    rest.strip_prefix('-')
        .and_then(two)
        .is_some_and(|m| (1..=12).contains(&m))
}

fn g_year(s: &str) -> bool {
    let (s, _) = split_zone(s);
    year(s).is_some_and(|(_, rest)| rest.is_empty())
}

/// Whether a literal has `datatype` and a lexical form valid for it (for the datatypes this
/// module knows; others are matched by IRI only).
pub(crate) fn has_datatype(l: LiteralRef<'_>, datatype: NamedNodeRef<'_>) -> bool {
    if l.datatype() != datatype {
        return false;
    }
    let v = l.value();
    if datatype == rdf::LANG_STRING {
        return l.language().is_some();
    }
    if let Some(sign) = integer_kind(datatype) {
        let body = strip_sign(v);
        if !digits(body) {
            return false;
        }
        let zero = body.bytes().all(|b| b == b'0');
        let negative = v.starts_with('-') && !zero;
        let positive = !v.starts_with('-') && !zero;
        return match (datatype.as_str().strip_prefix(XSD), sign) {
            (Some("positiveInteger"), _) => positive,
            (Some("negativeInteger"), _) => negative,
            (_, Some(true)) => !negative,
            (_, Some(false)) => !positive,
            (_, None) => true,
        };
    }
    if datatype == xsd::DECIMAL {
        return unsigned_decimal(strip_sign(v));
    }
    if datatype == xsd::DOUBLE || datatype == xsd::FLOAT {
        return double(v);
    }
    if datatype == xsd::BOOLEAN {
        return matches!(v, "true" | "false" | "1" | "0");
    }
    if datatype == xsd::DATE {
        return date(v);
    }
    if datatype == xsd::G_YEAR_MONTH {
        return year_month(v);
    }
    if datatype == xsd::G_YEAR {
        return g_year(v);
    }
    true
}

/// How `a` compares to `b`, when they are comparable: two well-formed numbers, or two dates
/// (`xsd:date`, `xsd:gYearMonth`, `xsd:gYear`) of the same datatype without time zone.
pub(crate) fn compare(a: LiteralRef<'_>, b: LiteralRef<'_>) -> Option<Ordering> {
    let (da, db) = (a.datatype(), b.datatype());
    if is_numeric(da) && is_numeric(db) {
        if !has_datatype(a, da) || !has_datatype(b, db) {
            return None;
        }
        let parse = |l: LiteralRef<'_>| -> Option<f64> {
            match l.value() {
                "INF" | "+INF" => Some(f64::INFINITY),
                "-INF" => Some(f64::NEG_INFINITY),
                v => v.parse().ok(),
            }
        };
        return parse(a)?.partial_cmp(&parse(b)?);
    }
    let dated = [xsd::DATE, xsd::G_YEAR_MONTH, xsd::G_YEAR];
    if da == db && dated.contains(&da) && has_datatype(a, da) && has_datatype(b, db) {
        let (va, za) = split_zone(a.value());
        let (vb, zb) = split_zone(b.value());
        if za || zb {
            return None;
        }
        let key = |v: &str| -> Option<(i64, String)> {
            let (y, rest) = year(v)?;
            Some((y, rest.to_owned()))
        };
        return Some(key(va)?.cmp(&key(vb)?));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::Literal;

    fn ok(v: &str, dt: NamedNodeRef<'_>) -> bool {
        has_datatype(Literal::new_typed_literal(v, dt).as_ref(), dt)
    }

    #[test]
    fn lexical_forms_are_checked() {
        assert!(ok("true", xsd::BOOLEAN));
        assert!(!ok("yes", xsd::BOOLEAN));
        assert!(ok("-12", xsd::INTEGER));
        assert!(!ok("1.0", xsd::INTEGER));
        assert!(ok("19.7", xsd::DECIMAL));
        assert!(ok(".5", xsd::DECIMAL));
        assert!(!ok("1,5", xsd::DECIMAL));
        assert!(!ok(".", xsd::DECIMAL));
        assert!(ok("1e3", xsd::DOUBLE));
        assert!(ok("2024-02-29", xsd::DATE));
        assert!(!ok("2026-02-29", xsd::DATE));
        assert!(!ok("2026-02-30", xsd::DATE));
        assert!(!ok("15/06/2026", xsd::DATE));
        assert!(ok("2026-06-15+07:00", xsd::DATE));
        assert!(ok("2026-06", xsd::G_YEAR_MONTH));
        assert!(!ok("2026-13", xsd::G_YEAR_MONTH));
        assert!(ok("2026", xsd::G_YEAR));
        assert!(!ok("26", xsd::G_YEAR));
        let nn = NamedNodeRef::new_unchecked("http://www.w3.org/2001/XMLSchema#nonNegativeInteger");
        assert!(ok("0", nn));
        assert!(!ok("-1", nn));
    }

    #[test]
    fn numbers_and_dates_compare() {
        let d = |v: &str| Literal::new_typed_literal(v, xsd::DECIMAL);
        let i = |v: &str| Literal::new_typed_literal(v, xsd::INTEGER);
        assert_eq!(
            compare(d("0.5").as_ref(), i("0").as_ref()),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare(d("-0.5").as_ref(), i("0").as_ref()),
            Some(Ordering::Less)
        );
        assert_eq!(
            compare(i("10").as_ref(), d("10.0").as_ref()),
            Some(Ordering::Equal)
        );
        let date = |v: &str| Literal::new_typed_literal(v, xsd::DATE);
        assert_eq!(
            compare(date("2026-06-15").as_ref(), date("2025-12-31").as_ref()),
            Some(Ordering::Greater)
        );
        assert_eq!(compare(date("2026-06-15").as_ref(), i("0").as_ref()), None);
        assert_eq!(
            compare(Literal::new_simple_literal("5").as_ref(), i("0").as_ref()),
            None
        );
    }
}
