//! Legal documents cited in the plan: "Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính
//! trị", "Kế hoạch 55-KH/TU", "Nghị quyết số 189/NQ-CP ngày 16/11/2023 của Chính phủ".

use std::sync::LazyLock;

use regex::Regex;

use super::model::{LegalRef, PartialDate};
use super::text::{Frag, Joined, fold, starts_upper};

static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<type>kế\s+hoạch|nghị\s+quyết|quyết\s+định|chỉ\s+thị|thông\s+tư|nghị\s+định|luật
          |công\s+văn|kết\s+luận|thông\s+báo|hướng\s+dẫn|chương\s+trình|đề\s+án)
        \s+(?:số\s*:?\s*)?
        (?-i:(?P<num>\d+(?:/\d{4})?(?:[-/][A-ZĐ]+)+))
        (?:\s+ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4}))?",
    )
    .expect("citation pattern")
});

/// Phrases that end an issuer's name in "… của <issuer> về …".
const ISSUER_ENDS: &[&str] = &[
    " về ",
    " thực hiện ",
    " và ",
    " trong ",
    " tại ",
    " đến ",
    " nhằm ",
    " gắn ",
    " giai đoạn ",
    " để ",
    " theo ",
    " nhiệm kỳ ",
    " đã ",
    " ban hành",
    " phục vụ ",
    " triển khai ",
];

fn issuer(raw: &str) -> Option<String> {
    let mut s = format!("{} ", raw.trim());
    for end in ISSUER_ENDS {
        if let Some(i) = s.find(end) {
            s.truncate(i);
        }
    }
    let s = s.trim().to_owned();
    (starts_upper(&s) && s.split_whitespace().count() <= 10).then_some(s)
}

fn capitals(s: &str) -> usize {
    s.split_whitespace().filter(|w| starts_upper(w)).count()
}

struct Found {
    r: LegalRef,
    issuers: Vec<String>,
}

/// The documents cited in `texts` (in document order), one per number.
pub(crate) fn legal_refs(texts: &[Vec<Frag>]) -> Vec<LegalRef> {
    let mut found: Vec<Found> = Vec::new();
    for frags in texts {
        let j = Joined::new(frags);
        for c in CITATION.captures_iter(&j.text) {
            let whole = c.get(0).expect("a match");
            let number = c["num"].to_owned();
            let line = j.line_at(whole.start());
            let date = match (
                c.name("y").and_then(|m| m.as_str().parse().ok()),
                c.name("m").and_then(|m| m.as_str().parse::<u8>().ok()),
                c.name("d").and_then(|m| m.as_str().parse::<u8>().ok()),
            ) {
                (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                    Some(PartialDate::Date(y, m, d))
                }
                _ => None,
            };
            // "… của <issuer>": read after the match, so that it never swallows the next
            // citation ("… của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 36-NQ/TW …").
            let iss = j.text[whole.end()..]
                .strip_prefix(" của ")
                .map(|after| after.split([',', ';', '.', '(', ')']).next().unwrap_or(""))
                .and_then(issuer);
            let printed_type = c["type"].split_whitespace().collect::<Vec<_>>().join(" ");
            let doc_type = {
                let mut chars = printed_type.chars();
                chars
                    .next()
                    .map(|f| f.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            };
            let entry = match found.iter_mut().position(|f| f.r.number == number) {
                Some(i) => &mut found[i],
                None => {
                    found.push(Found {
                        r: LegalRef {
                            number,
                            doc_type,
                            date: None,
                            issuer: None,
                            lines: Vec::new(),
                        },
                        issuers: Vec::new(),
                    });
                    found.last_mut().expect("just pushed")
                }
            };
            entry.r.lines.push(line);
            if entry.r.date.is_none() {
                entry.r.date = date;
            }
            entry.issuers.extend(iss);
        }
    }
    let mut out: Vec<LegalRef> = found
        .into_iter()
        .map(|mut f| {
            f.r.lines.sort_unstable();
            f.r.lines.dedup();
            // Of the spellings of the first issuer seen, the one with the most capitals.
            if let Some(first) = f.issuers.first() {
                let key = fold(first);
                let best = f
                    .issuers
                    .iter()
                    .filter(|i| fold(i) == key)
                    .fold(first, |best, i| {
                        if capitals(i) > capitals(best) {
                            i
                        } else {
                            best
                        }
                    });
                f.r.issuer = Some(best.clone());
            }
            f.r
        })
        .collect();
    out.sort_by_key(|r| r.lines.first().copied().unwrap_or(0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_with_dates_and_issuers() {
        let texts = vec![vec![
            Frag::new(
                1,
                "Thực hiện Kế hoạch số 55-KH/TU ngày 14/02/2026 của Ban Thường vụ",
            ),
            Frag::new(
                2,
                "Tỉnh ủy Lào Cai thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của",
            ),
            Frag::new(3, "Bộ chính trị về phát triển; Nghị quyết 36-"),
            Frag::new(4, "NQ/TW của Bộ Chính trị; Nghị quyết 48 gắn với"),
        ]];
        let r = legal_refs(&texts);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].number, "55-KH/TU");
        assert_eq!(r[0].doc_type, "Kế hoạch");
        assert_eq!(r[0].date, Some(PartialDate::Date(2026, 2, 14)));
        assert_eq!(
            r[0].issuer.as_deref(),
            Some("Ban Thường vụ Tỉnh ủy Lào Cai")
        );
        assert_eq!(r[1].number, "36-NQ/TW");
        assert_eq!(r[1].issuer.as_deref(), Some("Bộ Chính trị"));
        assert_eq!(r[1].lines, [2, 3]);
    }
}
