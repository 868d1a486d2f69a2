//! The report format's columns and values: header names and their Vietnamese aliases, the
//! allowed words of `kind`, `status` and `funding_source`, dates and numbers. Words are
//! compared folded: without diacritics, in lowercase, every run of other characters than
//! letters and digits as one space (`Chậm tiến độ`, `cham-tien-do` and `CHAM TIEN DO` agree).

use chrono::NaiveDate;

/// A column of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Column {
    Agency,
    Year,
    Submitted,
    Kind,
    Code,
    Indicator,
    Status,
    Value,
    Outputs,
    Documents,
    SpentVnd,
    FundingSource,
    Proposal,
    Title,
    Illustrative,
}

/// Every column: its English name (required as is, any case), whether the header must have
/// it, and its Vietnamese aliases. Kept in the order of `data/README.md`.
pub(super) const COLUMNS: &[(Column, &str, bool, &[&str])] = &[
    (
        Column::Agency,
        "agency",
        true,
        &["Cơ quan", "Cơ quan báo cáo", "Đơn vị"],
    ),
    (Column::Year, "year", true, &["Năm", "Năm báo cáo"]),
    (
        Column::Submitted,
        "submitted",
        true,
        &["Ngày gửi", "Ngày báo cáo"],
    ),
    (Column::Kind, "kind", true, &["Loại"]),
    (Column::Code, "code", true, &["Mã", "Mã số", "Số hiệu"]),
    (
        Column::Indicator,
        "indicator",
        false,
        &["Chỉ tiêu số", "Chỉ tiêu"],
    ),
    (Column::Status, "status", false, &["Tình trạng", "Tiến độ"]),
    (
        Column::Value,
        "value",
        false,
        &["Giá trị", "Giá trị đạt được"],
    ),
    (
        Column::Outputs,
        "outputs",
        false,
        &["Kết quả", "Sản phẩm", "Kết quả, sản phẩm"],
    ),
    (
        Column::Documents,
        "documents",
        false,
        &["Văn bản", "Văn bản đã ban hành"],
    ),
    (
        Column::SpentVnd,
        "spent_vnd",
        false,
        &["Kinh phí (đồng)", "Kinh phí", "Kinh phí đã chi (đồng)"],
    ),
    (
        Column::FundingSource,
        "funding_source",
        false,
        &["Nguồn kinh phí"],
    ),
    (
        Column::Proposal,
        "proposal",
        false,
        &["Kiến nghị", "Kiến nghị, đề xuất"],
    ),
    (
        Column::Title,
        "title",
        false,
        &["Nội dung", "Nhiệm vụ, chỉ tiêu"],
    ),
    (Column::Illustrative, "illustrative", false, &["Minh họa"]),
];

impl Column {
    /// The column's English name, as messages give it.
    pub(super) fn name(self) -> &'static str {
        COLUMNS.iter().find(|c| c.0 == self).map_or("", |c| c.1)
    }

    /// The column a header cell names, by its English name or an alias, folded.
    pub(super) fn of_header(cell: &str) -> Option<Column> {
        let f = fold(cell);
        COLUMNS
            .iter()
            .find(|(_, name, _, aliases)| fold(name) == f || aliases.iter().any(|a| fold(a) == f))
            .map(|c| c.0)
    }
}

/// A word folded for comparison: diacritics removed, `đ` as `d`, lowercase, runs of other
/// characters than letters and digits as one space, trimmed.
pub(super) fn fold(s: &str) -> String {
    crate::plan::text::slug(s).replace('-', " ")
}

/// What a row reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Task,
    Target,
}

/// The `kind` of a row: `task` or `target`, or the Vietnamese `nhiệm vụ`, `mục tiêu`.
pub(super) fn kind(v: &str) -> Option<Kind> {
    match fold(v).as_str() {
        "task" | "nhiem vu" => Some(Kind::Task),
        "target" | "muc tieu" => Some(Kind::Target),
        _ => None,
    }
}

/// The allowed statuses: the key of the `report-status` scheme and its accepted words.
const STATUSES: &[(&str, &[&str])] = &[
    (
        "not-started",
        &["not started", "chua trien khai", "chua thuc hien"],
    ),
    (
        "in-progress",
        &["in progress", "dang trien khai", "dang thuc hien"],
    ),
    ("done", &["hoan thanh", "da hoan thanh"]),
    ("stalled", &["cham tien do", "vuong mac"]),
];

/// The key of a `status` value, among the `report-status` scheme's keys.
pub(super) fn status(v: &str) -> Option<&'static str> {
    lookup(STATUSES, v)
}

/// The allowed funding sources: the key of the `funding-source` scheme and its accepted words.
const FUNDING: &[(&str, &[&str])] = &[
    (
        "state-budget",
        &["state budget", "ngan sach nha nuoc", "ngan sach", "nsnn"],
    ),
    (
        "socialised",
        &["socialized", "xa hoi hoa", "nguon xa hoi hoa"],
    ),
    ("other", &["khac", "nguon khac"]),
];

/// The key of a `funding_source` value, among the `funding-source` scheme's keys.
pub(super) fn funding(v: &str) -> Option<&'static str> {
    lookup(FUNDING, v)
}

fn lookup(table: &[(&'static str, &[&str])], v: &str) -> Option<&'static str> {
    let f = fold(v);
    table
        .iter()
        .find(|(key, words)| fold(key) == f || words.contains(&f.as_str()))
        .map(|(key, _)| *key)
}

/// Why a date is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BadDate {
    /// Not `YYYY-MM-DD` nor `DD/MM/YYYY`.
    Form,
    /// The right form, but no such day (31/02/2026).
    Impossible,
}

/// A date written `YYYY-MM-DD` or `DD/MM/YYYY` (day and month may have one digit).
pub(super) fn date(v: &str) -> Result<NaiveDate, BadDate> {
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let dashes: Vec<&str> = v.split('-').collect();
    let slashes: Vec<&str> = v.split('/').collect();
    let (y, m, d) = match (dashes.as_slice(), slashes.as_slice()) {
        (&[y, m, d], _) if digits(y, 4, 4) && digits(m, 2, 2) && digits(d, 2, 2) => (y, m, d),
        (_, &[d, m, y]) if digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2) => (y, m, d),
        _ => return Err(BadDate::Form),
    };
    let n = |s: &str| s.parse::<u32>().map_err(|_| BadDate::Form);
    let year = i32::try_from(n(y)?).map_err(|_| BadDate::Form)?;
    NaiveDate::from_ymd_opt(year, n(m)?, n(d)?).ok_or(BadDate::Impossible)
}

/// A year: four digits.
pub(super) fn year(v: &str) -> Option<&str> {
    (v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit())).then_some(v)
}

/// A decimal written with an optional sign, digits and an optional `.` and digits, in the
/// canonical form of `xsd:decimal` (`025.50` is `25.5`, `-0` is `0`): so that a number typed
/// in a CSV and the same number in a worksheet cell give the same literal.
pub(super) fn decimal(v: &str) -> Option<String> {
    let (negative, digits) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !ok(int) || !ok(frac) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let body = if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    };
    Some(if negative && body != "0" {
        format!("-{body}")
    } else {
        body
    })
}

/// A whole number of đồng: digits only, in canonical form (no leading zeros).
pub(super) fn integer(v: &str) -> Option<String> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = v.trim_start_matches('0');
    Some(if t.is_empty() { "0" } else { t }.to_owned())
}

/// `true` or `false` (also `có`/`không`, `yes`/`no`, `1`/`0`).
pub(super) fn boolean(v: &str) -> Option<bool> {
    match fold(v).as_str() {
        "true" | "yes" | "co" | "1" => Some(true),
        "false" | "no" | "khong" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_english_or_vietnamese_with_or_without_diacritics() {
        for (cell, column) in [
            ("agency", Column::Agency),
            ("AGENCY", Column::Agency),
            ("Cơ quan", Column::Agency),
            ("co quan", Column::Agency),
            ("Spent_VND", Column::SpentVnd),
            ("Kinh phí (đồng)", Column::SpentVnd),
            ("KINH PHI (DONG)", Column::SpentVnd),
            ("funding source", Column::FundingSource),
            ("Nguồn kinh phí", Column::FundingSource),
            ("Chỉ tiêu số", Column::Indicator),
            ("Ngày gửi", Column::Submitted),
        ] {
            assert_eq!(Column::of_header(cell), Some(column), "{cell}");
        }
        assert_eq!(Column::of_header("agencies"), None);
    }

    #[test]
    fn statuses_and_funding_sources_in_both_languages() {
        for (v, key) in [
            ("done", "done"),
            ("Hoàn thành", "done"),
            ("HOAN THANH", "done"),
            ("not-started", "not-started"),
            ("Chưa triển khai", "not-started"),
            ("In progress", "in-progress"),
            ("đang triển khai", "in-progress"),
            ("stalled", "stalled"),
            ("Chậm tiến độ", "stalled"),
            ("vướng mắc", "stalled"),
        ] {
            assert_eq!(status(v), Some(key), "{v}");
        }
        assert_eq!(status("finished"), None);
        for (v, key) in [
            ("state-budget", "state-budget"),
            ("Ngân sách nhà nước", "state-budget"),
            ("ngân sách", "state-budget"),
            ("Xã hội hóa", "socialised"),
            ("xa hoi hoa", "socialised"),
            ("Khác", "other"),
        ] {
            assert_eq!(funding(v), Some(key), "{v}");
        }
        assert_eq!(funding("bank loan"), None);
    }

    #[test]
    fn dates_numbers_and_years() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date("2026-11-10"), Ok(d(2026, 11, 10)));
        assert_eq!(date("10/11/2026"), Ok(d(2026, 11, 10)));
        assert_eq!(date("1/2/2026"), Ok(d(2026, 2, 1)));
        assert_eq!(date("31/02/2026"), Err(BadDate::Impossible));
        assert_eq!(date("2026-02-30"), Err(BadDate::Impossible));
        assert_eq!(date("10-11-2026"), Err(BadDate::Form));
        assert_eq!(date("2026/11/10"), Err(BadDate::Form));
        assert_eq!(decimal("025.50").as_deref(), Some("25.5"));
        assert_eq!(decimal("80.0").as_deref(), Some("80"));
        assert_eq!(decimal(".5").as_deref(), Some("0.5"));
        assert_eq!(decimal("-0.0").as_deref(), Some("0"));
        assert_eq!(decimal("25%"), None);
        assert_eq!(decimal("25,5"), None);
        assert_eq!(decimal("."), None);
        assert_eq!(integer("001500").as_deref(), Some("1500"));
        assert_eq!(integer("1.500.000"), None);
        assert_eq!(year("2026"), Some("2026"));
        assert_eq!(year("26"), None);
    }
}
