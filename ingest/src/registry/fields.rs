//! The value types of the registry formats, each parsed and checked with one message per bad
//! value, quoting it as written.

use super::gazetteer::Gazetteer;
use crate::Problem;
use crate::plan::PartialDate;
use biokg_ontology::schemes::{self, Concept};
use std::collections::BTreeMap;

/// Collects the problems of one file.
pub(crate) struct Check<'a> {
    pub(crate) file: &'a str,
    pub(crate) problems: &'a mut Vec<Problem>,
}

impl Check<'_> {
    /// Records a problem at `line` in `field`.
    pub(crate) fn fail(&mut self, line: usize, field: &str, reason: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line,
            field: field.to_owned(),
            reason: reason.into(),
        });
    }

    /// A value that must be there.
    pub(crate) fn required<'v>(&mut self, line: usize, field: &str, v: &'v str) -> Option<&'v str> {
        if v.is_empty() {
            self.fail(line, field, "missing required value");
            None
        } else {
            Some(v)
        }
    }

    /// Whether `v` is seen for the first time in `seen` (a problem naming the first line
    /// otherwise); `what` names the value in the message (`id`, `tax code`).
    pub(crate) fn unique<'v>(
        &mut self,
        seen: &mut BTreeMap<&'v str, usize>,
        line: usize,
        field: &str,
        what: &str,
        v: &'v str,
    ) -> bool {
        if let Some(first) = seen.get(v) {
            self.fail(
                line,
                field,
                format!("duplicate {what} {v:?} (first on line {first})"),
            );
            false
        } else {
            seen.insert(v, line);
            true
        }
    }

    /// The `id` column of a row: required, an id, not seen before in the file.
    pub(crate) fn row_id<'v>(
        &mut self,
        seen: &mut BTreeMap<&'v str, usize>,
        line: usize,
        v: &'v str,
    ) -> Option<&'v str> {
        let id = self
            .required(line, "id", v)
            .and_then(|v| self.id(line, "id", v))?;
        self.unique(seen, line, "id", "id", id).then_some(id)
    }

    /// A `;`-separated list; an empty item is an error. An empty cell is an empty list.
    pub(crate) fn list<'v>(&mut self, line: usize, field: &str, v: &'v str) -> Vec<&'v str> {
        if v.is_empty() {
            return Vec::new();
        }
        let items: Vec<&str> = v.split(';').map(str::trim).collect();
        if items.iter().any(|i| i.is_empty()) {
            self.fail(
                line,
                field,
                format!("{v:?} has an empty item (items are separated by a single \";\")"),
            );
            return items.into_iter().filter(|i| !i.is_empty()).collect();
        }
        items
    }

    /// An id: lowercase ASCII letters and digits in groups joined by single `-`.
    pub(crate) fn id<'v>(&mut self, line: usize, field: &str, v: &'v str) -> Option<&'v str> {
        if is_id(v) {
            Some(v)
        } else {
            self.fail(
                line,
                field,
                format!(
                    "{v:?} is not an id (lowercase letters a-z and digits in groups joined by \"-\")"
                ),
            );
            None
        }
    }

    /// `true` or `false`.
    pub(crate) fn boolean(&mut self, line: usize, field: &str, v: &str) -> Option<bool> {
        match v {
            "true" => Some(true),
            "false" => Some(false),
            "" => {
                self.fail(line, field, "missing required value (true or false)");
                None
            }
            _ => {
                self.fail(line, field, format!("{v:?} is not true or false"));
                None
            }
        }
    }

    /// A decimal `≥ 0` written with `.`; `None` when empty or bad. Returns the canonical text.
    pub(crate) fn decimal(&mut self, line: usize, field: &str, v: &str) -> Option<String> {
        if v.is_empty() {
            return None;
        }
        let (int, frac) = v.split_once('.').unwrap_or((v, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if v.starts_with('-') && v.len() > 1 {
            self.fail(line, field, format!("{v:?} is negative"));
            return None;
        }
        if !digits(int) || (v.contains('.') && !digits(frac)) {
            self.fail(
                line,
                field,
                format!(
                    "{v:?} is not a number (write decimals with \".\", no thousands separator)"
                ),
            );
            return None;
        }
        Some(v.to_owned())
    }

    /// A whole number `≥ 0`.
    pub(crate) fn count(&mut self, line: usize, field: &str, v: &str) -> Option<u64> {
        if v.is_empty() {
            return None;
        }
        match v.parse::<u64>() {
            Ok(n) if v.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => {
                self.fail(line, field, format!("{v:?} is not a whole number"));
                None
            }
        }
    }

    /// An ISO 8601 date, year-month or year.
    pub(crate) fn date(&mut self, line: usize, field: &str, v: &str) -> Option<PartialDate> {
        if v.is_empty() {
            return None;
        }
        match parse_date(v) {
            Ok(d) => Some(d),
            Err(reason) => {
                self.fail(line, field, reason);
                None
            }
        }
    }

    /// A key of the controlled list `scheme`, matched exactly.
    pub(crate) fn concept(
        &mut self,
        line: usize,
        field: &str,
        scheme: &str,
        v: &str,
    ) -> Option<&'static Concept> {
        let s = schemes::scheme(scheme).expect("the scheme is in schemes.ttl");
        match s.concept(v) {
            Some(c) => Some(c),
            None => {
                self.fail(line, field, format!("{v:?} is not one of: {}", s.keys()));
                None
            }
        }
    }

    /// Every item of a list of keys of `scheme`.
    pub(crate) fn concepts(
        &mut self,
        line: usize,
        field: &str,
        scheme: &str,
        v: &str,
    ) -> Vec<&'static Concept> {
        self.list(line, field, v)
            .into_iter()
            .filter_map(|k| self.concept(line, field, scheme, k))
            .collect()
    }

    /// A commune of the gazetteer's province, by its code.
    pub(crate) fn commune(
        &mut self,
        gaz: &Gazetteer,
        line: usize,
        field: &str,
        v: &str,
    ) -> Option<String> {
        if v.is_empty() {
            return None;
        }
        match gaz.check_commune(v) {
            Ok(()) => Some(v.to_owned()),
            Err(reason) => {
                self.fail(line, field, reason);
                None
            }
        }
    }

    /// Every item of a list of commune codes.
    pub(crate) fn communes(
        &mut self,
        gaz: &Gazetteer,
        line: usize,
        field: &str,
        v: &str,
    ) -> Vec<String> {
        self.list(line, field, v)
            .into_iter()
            .filter_map(|c| self.commune(gaz, line, field, c))
            .collect()
    }

    /// Every item of a list of former-district keys.
    pub(crate) fn former_districts(
        &mut self,
        gaz: &Gazetteer,
        line: usize,
        field: &str,
        v: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for k in self.list(line, field, v) {
            if gaz.is_former_district(k) {
                out.push(k.to_owned());
            } else {
                self.fail(
                    line,
                    field,
                    format!(
                        "{k:?} is not a former district (one of: {})",
                        gaz.former_district_keys().join(", ")
                    ),
                );
            }
        }
        out
    }

    /// A Vietnamese phone number: `0` and 9 or 10 digits, or `+84` and 9 or 10 digits, with
    /// spaces and dots allowed between digits.
    pub(crate) fn phone(&mut self, line: usize, field: &str, v: &str) -> Option<String> {
        if v.is_empty() {
            return None;
        }
        let compact: String = v.chars().filter(|c| *c != ' ' && *c != '.').collect();
        let rest = compact
            .strip_prefix("+84")
            .or_else(|| compact.strip_prefix('0'));
        match rest {
            Some(r) if (9..=10).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_digit()) => {
                Some(v.to_owned())
            }
            _ => {
                self.fail(
                    line,
                    field,
                    format!(
                        "{v:?} is not a Vietnamese phone number (0 and 9 or 10 digits, or +84 and 9 or 10 digits)"
                    ),
                );
                None
            }
        }
    }

    /// One e-mail address `name@domain.tld`.
    pub(crate) fn email(&mut self, line: usize, field: &str, v: &str) -> Option<String> {
        if v.is_empty() {
            return None;
        }
        let ok = v.split_once('@').is_some_and(|(name, domain)| {
            !name.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|p| !p.is_empty())
                && !v.chars().any(char::is_whitespace)
        });
        if ok {
            Some(v.to_owned())
        } else {
            self.fail(line, field, format!("{v:?} is not an e-mail address"));
            None
        }
    }

    /// An `http://` or `https://` URL.
    pub(crate) fn url(&mut self, line: usize, field: &str, v: &str) -> Option<String> {
        if v.is_empty() {
            return None;
        }
        let rest = v
            .strip_prefix("https://")
            .or_else(|| v.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.')
                && !r
                    .chars()
                    .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        });
        if ok {
            Some(v.to_owned())
        } else {
            self.fail(
                line,
                field,
                format!("{v:?} is not a web address (http:// or https://)"),
            );
            None
        }
    }
}

/// Whether `v` is an id: `[a-z0-9]+(-[a-z0-9]+)*`.
pub(crate) fn is_id(v: &str) -> bool {
    !v.is_empty()
        && v.split('-').all(|g| {
            !g.is_empty()
                && g.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, checking that the day exists.
pub(crate) fn parse_date(v: &str) -> Result<PartialDate, String> {
    let not_iso = || format!("{v:?} is not an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY)");
    let parts: Vec<&str> = v.split('-').collect();
    let widths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        || !matches!(widths.as_slice(), [4] | [4, 2] | [4, 2, 2])
    {
        return Err(not_iso());
    }
    let n = |i: usize| parts[i].parse::<u32>().unwrap_or(0);
    let year = n(0) as i32;
    let invalid = || format!("{v:?} is not a valid date");
    match parts.len() {
        1 => Ok(PartialDate::Year(year)),
        2 if (1..=12).contains(&n(1)) => Ok(PartialDate::YearMonth(year, n(1) as u8)),
        3 if (1..=12).contains(&n(1)) && (1..=days_in_month(year, n(1))).contains(&n(2)) => {
            Ok(PartialDate::Date(year, n(1) as u8, n(2) as u8))
        }
        _ => Err(invalid()),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The first day a partial date can mean, as `(y, m, d)`.
pub(crate) fn first_day(d: &PartialDate) -> (i32, u32, u32) {
    match *d {
        PartialDate::Year(y) => (y, 1, 1),
        PartialDate::YearMonth(y, m) => (y, u32::from(m), 1),
        PartialDate::Date(y, m, d) => (y, u32::from(m), u32::from(d)),
    }
}

/// The last day a partial date can mean, as `(y, m, d)`.
pub(crate) fn last_day(d: &PartialDate) -> (i32, u32, u32) {
    match *d {
        PartialDate::Year(y) => (y, 12, 31),
        PartialDate::YearMonth(y, m) => (y, u32::from(m), days_in_month(y, u32::from(m))),
        PartialDate::Date(y, m, d) => (y, u32::from(m), u32::from(d)),
    }
}

/// What a tax code is, once well formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaxCode<'v> {
    /// Ten digits.
    Main(&'v str),
    /// Ten digits, `-`, three digits: the first ten are the parent's.
    Branch(&'v str),
}

/// Checks the format and check digit of a mã số thuế (see `data/README.md`, "Tax code rules").
pub(crate) fn tax_code(v: &str) -> Result<TaxCode<'_>, String> {
    let not_a_code = || {
        format!(
            "{v:?} is not a tax code (10 digits, or 10 digits, \"-\" and 3 digits for a branch)"
        )
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let (main, branch) = match v.split_once('-') {
        Some((m, b)) if digits(m, 10) && digits(b, 3) => (m, Some(b)),
        None if digits(v, 10) => (v, None),
        _ => return Err(not_a_code()),
    };
    let d: Vec<u32> = main.bytes().map(|b| u32::from(b - b'0')).collect();
    if d[2..9].iter().all(|x| *x == 0) {
        return Err(format!("{v:?} is not a tax code (digits 3 to 9 are all 0)"));
    }
    if branch == Some("000") {
        return Err(format!(
            "{v:?} is not a tax code (a branch number is never 000)"
        ));
    }
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let sum: u32 = d[..9].iter().zip(WEIGHTS).map(|(x, w)| x * w).sum();
    let expected = 10 - sum % 11;
    if expected == 10 {
        return Err(format!(
            "{v:?} fails the check digit (no 10th digit is valid after these 9 digits)"
        ));
    }
    if d[9] != expected {
        return Err(format!(
            "{v:?} fails the check digit (the 10th digit should be {expected})"
        ));
    }
    Ok(match branch {
        Some(_) => TaxCode::Branch(main),
        None => TaxCode::Main(main),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_codes_follow_the_published_rule() {
        // The worked examples the rule's sources give pass it.
        for ok in ["0100233488", "0100047516", "9900001524"] {
            assert_eq!(tax_code(ok), Ok(TaxCode::Main(ok)), "{ok}");
        }
        assert_eq!(
            tax_code("0314409058-002"),
            Ok(TaxCode::Branch("0314409058"))
        );
        assert_eq!(
            tax_code("9900001525").unwrap_err(),
            "\"9900001525\" fails the check digit (the 10th digit should be 4)"
        );
        assert_eq!(
            tax_code("9900001019").unwrap_err(),
            "\"9900001019\" fails the check digit (no 10th digit is valid after these 9 digits)"
        );
        assert!(
            tax_code("9900001524001")
                .unwrap_err()
                .contains("is not a tax code")
        );
        assert!(tax_code("0100 233 488").is_err());
        assert!(
            tax_code("0100000000")
                .unwrap_err()
                .contains("digits 3 to 9")
        );
        assert!(tax_code("0100233488-000").unwrap_err().contains("000"));
    }

    #[test]
    fn dates_are_iso_and_exist() {
        assert_eq!(parse_date("2024-02-29"), Ok(PartialDate::Date(2024, 2, 29)));
        assert_eq!(parse_date("2026-06"), Ok(PartialDate::YearMonth(2026, 6)));
        assert_eq!(parse_date("2026"), Ok(PartialDate::Year(2026)));
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "\"2026-02-30\" is not a valid date"
        );
        assert_eq!(
            parse_date("15/06/2026").unwrap_err(),
            "\"15/06/2026\" is not an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY)"
        );
        assert!(parse_date("2026-6").is_err());
        assert_eq!(last_day(&PartialDate::YearMonth(2025, 2)), (2025, 2, 28));
        assert_eq!(first_day(&PartialDate::Year(2026)), (2026, 1, 1));
    }

    #[test]
    fn small_formats() {
        let mut problems = Vec::new();
        let mut c = Check {
            file: "f.csv",
            problems: &mut problems,
        };
        assert_eq!(
            c.phone(2, "p", "0214 3871 234").as_deref(),
            Some("0214 3871 234")
        );
        assert_eq!(
            c.phone(2, "p", "+84.912.345.678").as_deref(),
            Some("+84.912.345.678")
        );
        assert!(c.phone(3, "p", "12345").is_none());
        assert!(c.email(4, "e", "a@b.example").is_some());
        assert!(c.email(5, "e", "a@b").is_none());
        assert!(c.url(6, "w", "https://traphaco.com.vn").is_some());
        assert!(c.url(7, "w", "traphaco.com.vn").is_none());
        assert_eq!(c.decimal(8, "a", "19.7").as_deref(), Some("19.7"));
        assert!(c.decimal(9, "a", "1,000").is_none());
        assert_eq!(c.list(10, "l", "a; b ;c"), ["a", "b", "c"]);
        assert_eq!(c.list(11, "l", "a;;b"), ["a", "b"]);
        assert!(c.id(12, "id", "Bad_Id").is_none());
        assert!(c.concept(13, "bsl", "biosafety-level", "BSL-4").is_none());
        let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "f.csv:3: p: \"12345\" is not a Vietnamese phone number (0 and 9 or 10 digits, or +84 and 9 or 10 digits)",
                "f.csv:5: e: \"a@b\" is not an e-mail address",
                "f.csv:7: w: \"traphaco.com.vn\" is not a web address (http:// or https://)",
                "f.csv:9: a: \"1,000\" is not a number (write decimals with \".\", no thousands separator)",
                "f.csv:11: l: \"a;;b\" has an empty item (items are separated by a single \";\")",
                "f.csv:12: id: \"Bad_Id\" is not an id (lowercase letters a-z and digits in groups joined by \"-\")",
                "f.csv:13: bsl: \"BSL-4\" is not one of: BSL-1, BSL-2, BSL-3",
            ]
        );
    }
}
