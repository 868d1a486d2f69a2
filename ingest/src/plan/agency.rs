//! Agency names: how they start, how cells split into agencies, how one cell ends and the next
//! begins when the text runs them together.
//!
//! Nothing here lists the agencies of a particular plan. Names are recognised by how Vietnamese
//! administrative bodies are named: a capitalised head noun ("Sở", "Phòng", "Uỷ ban", "Trạm",
//! …) usually followed by a capitalised name, or a generic collective ("Các sở, ngành",
//! "địa phương").

use super::model::{AgencyKind, AgencyRef};
use super::text::{
    Frag, Joined, clean, fold, slug, starts_upper, strip_trailing_punct, word_starts,
};

/// A head noun that starts the name of a body, and whether the word after it must be
/// capitalised for it to be a name ("Sở Y tế", but "Báo cáo" is a report, not a newspaper).
struct Head {
    text: &'static str,
    capital_next: bool,
}

const fn h(text: &'static str, capital_next: bool) -> Head {
    Head { text, capital_next }
}

/// Longer heads first, so that "Hội đồng" wins over "Hội".
const HEADS: &[Head] = &[
    h("Hợp tác xã", true),
    h("Hội đồng", false),
    h("Văn phòng", false),
    h("Trung tâm", true),
    h("Bệnh viện", false),
    h("Thanh tra", false),
    h("Thường trực", false),
    h("Liên minh", false),
    h("Liên đoàn", false),
    h("Mặt trận", false),
    h("Ngân hàng", false),
    h("Tỉnh đoàn", false),
    h("Chính phủ", false),
    h("Chi nhánh", false),
    h("Công an", false),
    h("Kho bạc", false),
    h("Chi cục", true),
    h("Tỉnh ủy", false),
    h("Tỉnh uỷ", false),
    h("Đảng ủy", false),
    h("Đảng uỷ", false),
    h("Uỷ ban", false),
    h("Ủy ban", false),
    h("UBND", false),
    h("HĐND", false),
    h("Phòng", true),
    h("Trạm", true),
    h("Trường", true),
    h("Viện", true),
    h("Cổng", false),
    h("Đoàn", true),
    h("Cục", true),
    h("Hội", true),
    h("Báo", true),
    h("Ban", true),
    h("Đài", false),
    h("Hạt", true),
    h("Quỹ", true),
    h("Đội", true),
    h("Sở", true),
    h("Bộ", true),
];

/// Nouns that make "Các …" a collective of bodies rather than a list of documents.
const COLLECTIVE_NOUNS: &[&str] = &[
    "sở",
    "ban",
    "ngành",
    "cơ quan",
    "đơn vị",
    "địa phương",
    "tổ chức",
    "doanh nghiệp",
    "hợp tác xã",
    "xã",
    "phường",
    "huyện",
    "thôn",
    "bản",
    "hội",
    "đoàn thể",
    "trường",
    "viện",
    "bệnh viện",
    "trung tâm",
    "phòng",
    "trạm",
    "cơ sở",
    "hộ",
    "cá nhân",
    "cấp",
    "thành viên",
    "lực lượng",
    "ngân hàng",
    "chi hội",
    "chi bộ",
    "nhà khoa học",
    "tổ",
    "uỷ ban",
    "ủy ban",
];

/// Words after which a name cannot end: the text goes on.
const CONNECTORS: &[&str] = &[
    "và", "các", "của", "cấp", "với", "liên", "thuộc", "tại", "trên", "những", "cho",
];

fn boundary_before(s: &str, pos: usize) -> bool {
    pos == 0
        || s[..pos]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_whitespace() || "(;,.:-/".contains(c))
}

/// Byte length of the agency head noun that starts at byte `pos` of `s`, if one does.
pub(crate) fn head_len_at(s: &str, pos: usize) -> Option<usize> {
    if !boundary_before(s, pos) {
        return None;
    }
    let rest = &s[pos..];
    for head in HEADS {
        let Some(after) = rest.strip_prefix(head.text) else {
            continue;
        };
        if after.chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        if head.capital_next {
            let next = after.trim_start().chars().next();
            if next.is_some_and(|c| !(c.is_uppercase() || c.is_ascii_digit())) {
                continue;
            }
            // "Phòng" in "Sở Y tế thành phố Hải Phòng" ends a place name: a head right after a
            // capitalised word, with no name of its own after it, does not start a body.
            if s[..pos].ends_with(' ') && ends_with_proper_name(&s[..pos]) && nameless(after) {
                continue;
            }
        }
        return Some(head.text.len());
    }
    None
}

/// Whether `s` ends with a capitalised word (not punctuation): the end of a proper name.
fn ends_with_proper_name(s: &str) -> bool {
    let t = s.trim_end();
    t.chars().next_back().is_some_and(char::is_alphanumeric)
        && t.rsplit(char::is_whitespace)
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
}

/// Whether what follows a head gives it no name: nothing, or another body's head.
fn nameless(after: &str) -> bool {
    let rest = after.trim_start();
    rest.is_empty() || head_len_at(rest, 0).is_some()
}

/// Whether a head that takes a proper name ("Sở Y tế", "Trạm Y tế xã") starts at byte `pos`:
/// after " và ", only such a head starts a second body ("Văn phòng HĐND và UBND xã" is one).
fn named_head_at(s: &str, pos: usize) -> bool {
    head_len_at(s, pos).is_some()
        && HEADS
            .iter()
            .any(|h| h.capital_next && s[pos..].starts_with(h.text))
}

/// Whether a collective ("Các sở, ngành", "Các tổ chức", a dangling "Các") starts at byte `pos`
/// of `s`; with `capital`, only the capitalised "Các".
pub(crate) fn collective_at(s: &str, pos: usize, capital: bool) -> bool {
    if !boundary_before(s, pos) {
        return false;
    }
    let rest = &s[pos..];
    let after = ["Các", "Những"]
        .iter()
        .chain(if capital {
            [].iter()
        } else {
            ["các", "những"].iter()
        })
        .find_map(|w| rest.strip_prefix(w));
    let Some(after) = after else {
        return false;
    };
    if after.trim().is_empty() {
        return true;
    }
    if !after.starts_with(' ') {
        return false;
    }
    let lower = after.trim_start().to_lowercase();
    COLLECTIVE_NOUNS.iter().any(|n| {
        lower
            .strip_prefix(n)
            .is_some_and(|r| r.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// Whether `s` starts with the name of a body or a collective.
pub(crate) fn is_agency_start(s: &str) -> bool {
    head_len_at(s, 0).is_some() || collective_at(s, 0, false) || fold(s).starts_with("dia phuong")
}

/// Whether `s` (the end of a text) ends with an agency head ("Văn phòng", "Uỷ ban").
/// A head that ends a place name ("Hải Phòng") does not count.
fn ends_with_head(s: &str) -> bool {
    HEADS.iter().any(|head| {
        s.strip_suffix(head.text).is_some_and(|before| {
            before
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
                && head_len_at(s, before.len()).is_some()
        })
    })
}

fn last_word(s: &str) -> String {
    s.rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Whether `s` ends with a word after which the text must go on ("và", "các", …).
pub(crate) fn ends_with_connector(s: &str) -> bool {
    CONNECTORS.contains(&last_word(s.trim_end()).as_str())
}

/// Whether the agency cell made of `frags` is cut short: it ends with "," or ";", with a
/// connector, with a bare head ("Uỷ ban") or a bare "Các".
pub(crate) fn cell_incomplete(frags: &[Frag]) -> bool {
    let j = Joined::new(frags);
    let t = j.text.trim_end();
    if t.is_empty() {
        return false;
    }
    if t.ends_with([',', ';']) {
        return true;
    }
    let last_part = t.rsplit([';', ',']).next().unwrap_or("").trim();
    if HEADS.iter().any(|h| h.text == last_part) {
        return true;
    }
    ends_with_connector(t)
}

/// Whether `s` reads as a list of agencies ("Sở Y tế.", "Sở Tài chính; Sở Y tế").
pub(crate) fn is_agency_list(s: &str) -> bool {
    let parts: Vec<&str> = s
        .split(';')
        .map(|p| strip_trailing_punct(p.trim()))
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty() && super::text::width(s) <= 60 && parts.iter().all(|p| is_agency_start(p))
}

/// Where, in an agency region holding two cells one after the other (lead then partners, lead
/// then monitor), the second cell starts: the first head of a name that does not continue a
/// list (not after ";" or ","), is not inside a name ("Văn phòng Uỷ ban") and does not follow
/// a connector ("phối hợp với Sở …"). `None` when the region holds one cell only.
pub(crate) fn second_cell_start(frags: &[Frag]) -> Option<(usize, usize)> {
    for (i, f) in frags.iter().enumerate() {
        let t = &f.text;
        for p in word_starts(t) {
            if i == 0 && p == 0 {
                continue;
            }
            let head = head_len_at(t, p);
            if head.is_none() && !collective_at(t, p, true) {
                continue;
            }
            // The text before, across line breaks: a name may be broken over lines.
            let joined;
            let before = if p > 0 {
                t[..p].trim_end()
            } else {
                joined = frags[..i]
                    .iter()
                    .map(|f| f.text.as_str())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                joined.trim_end()
            };
            if before.ends_with([';', ',']) || ends_with_head(before) || ends_with_connector(before)
            {
                continue;
            }
            // A line broken inside a place name ("… Hải" / "Phòng"): the head at the start of
            // the line has no name of its own and continues the name before it.
            if p == 0 && head.is_some_and(|n| nameless(&t[n..])) && ends_with_proper_name(before) {
                continue;
            }
            return Some((i, p));
        }
    }
    None
}

/// Whether the name is a generic collective rather than one body.
pub(crate) fn kind_of(name: &str) -> AgencyKind {
    let f = fold(name);
    let collective = !starts_upper(name)
        || ["cac ", "nhung ", "moi ", "toan the "]
            .iter()
            .any(|w| f.starts_with(w))
        || f == "cac"
        || [
            "cap xa",
            "cap huyen",
            "cap co so",
            "cac xa",
            "cac huyen",
            "cac phuong",
            "cac thon",
        ]
        .iter()
        .any(|w| f.contains(w));
    if collective {
        AgencyKind::Group
    } else {
        AgencyKind::Agency
    }
}

/// An [`AgencyRef`] for a name as printed (its display name is settled later, see
/// [`canonical_names`]).
pub(crate) fn agency_ref(printed: &str) -> AgencyRef {
    let name = clean(strip_trailing_punct(printed.trim()));
    AgencyRef {
        key: slug(&name),
        kind: kind_of(&name),
        name,
    }
}

/// The agencies of one cell, split on ";" and on " và các " / " và <head>" after one body.
/// Never split on ",": names contain commas ("Uỷ ban nhân dân cấp xã, phường").
pub(crate) fn split_cell(frags: &[Frag]) -> Vec<AgencyRef> {
    let text = Joined::new(frags).text;
    let mut out = Vec::new();
    for part in text.split(';') {
        let mut rest = strip_trailing_punct(part.trim());
        rest = rest.strip_prefix("và ").unwrap_or(rest).trim();
        while !rest.is_empty() {
            let cut = split_after_body(rest);
            let (left, right) = match cut {
                Some((end, next)) => (&rest[..end], &rest[next..]),
                None => (rest, ""),
            };
            let left = strip_trailing_punct(left.trim());
            if !left.is_empty() {
                out.push(agency_ref(left));
            }
            rest = right.trim();
        }
    }
    out
}

/// In "Cổng thông tin điện tử tỉnh và các cơ quan, đơn vị liên quan" or "Phòng Kinh tế và
/// Trạm Y tế xã": the end of the first body and the start of what follows. Only after one body;
/// "Các sở, ngành và các tổ chức" is one collective.
fn split_after_body(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = s[from..].find(" và ") {
        let at = from + i;
        let next = at + " và ".len();
        let left = &s[..at];
        let starts_other = s[next..].starts_with("các ") || named_head_at(s, next);
        if starts_other && kind_of(left) == AgencyKind::Agency {
            return Some((at, next));
        }
        from = next;
    }
    None
}

/// Display names: for each key, the spelling printed most often (ties: the first seen).
/// `refs` must be in document order.
pub(crate) fn canonical_names(refs: &[&AgencyRef]) -> Vec<(String, String)> {
    let mut seen: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    for r in refs {
        let entry = match seen.iter_mut().position(|(k, _)| *k == r.key) {
            Some(i) => &mut seen[i].1,
            None => {
                seen.push((r.key.clone(), Vec::new()));
                &mut seen.last_mut().expect("just pushed").1
            }
        };
        match entry.iter_mut().find(|(n, _)| *n == r.name) {
            Some((_, c)) => *c += 1,
            None => entry.push((r.name.clone(), 1)),
        }
    }
    seen.into_iter()
        .map(|(key, spellings)| {
            let mut best = &spellings[0];
            for s in &spellings[1..] {
                if s.1 > best.1 {
                    best = s;
                }
            }
            (key, best.0.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frags(lines: &[&str]) -> Vec<Frag> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| Frag::new(i + 1, t))
            .collect()
    }

    fn names(v: &[AgencyRef]) -> Vec<&str> {
        v.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn heads_need_a_name() {
        assert!(head_len_at("Sở Y tế", 0).is_some());
        assert!(head_len_at("Báo Lào Cai", 0).is_some());
        assert!(head_len_at("Báo cáo tổng hợp", 0).is_none());
        assert!(head_len_at("Công an tỉnh", 0).is_some());
        assert!(head_len_at("Công nghệ", 0).is_none());
        assert!(head_len_at("Hội đồng tư vấn", 0).is_some());
        assert!(head_len_at("Hội nghị", 0).is_none());
        assert!(collective_at("Các sở, ngành", 0, true));
        assert!(!collective_at("Các văn bản triển khai", 0, true));
        assert!(is_agency_start("địa phương"));
    }

    #[test]
    fn cells_split_on_semicolons_not_commas() {
        let v = split_cell(&frags(&[
            "Các sở, ngành;",
            "Uỷ ban nhân",
            "dân cấp xã,",
            "phường.",
        ]));
        assert_eq!(
            names(&v),
            ["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"]
        );
        assert!(v.iter().all(|a| a.kind == AgencyKind::Group));
        let v = split_cell(&frags(&[
            "Báo Lào Cai; Cổng",
            "thông tin điện tử tỉnh và",
            "các cơ quan, đơn vị liên",
            "quan",
        ]));
        assert_eq!(
            names(&v),
            [
                "Báo Lào Cai",
                "Cổng thông tin điện tử tỉnh",
                "các cơ quan, đơn vị liên quan"
            ]
        );
        let v = split_cell(&frags(&["Sở Nông nghiệp và Môi trường"]));
        assert_eq!(names(&v), ["Sở Nông nghiệp và Môi trường"]);
        let v = split_cell(&frags(&[
            "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan",
        ]));
        assert_eq!(v.len(), 1);
        let v = split_cell(&frags(&["Phòng Kinh tế và Trạm Y tế xã"]));
        assert_eq!(names(&v), ["Phòng Kinh tế", "Trạm Y tế xã"]);
        let v = split_cell(&frags(&["Văn phòng HĐND và", "UBND xã"]));
        assert_eq!(names(&v), ["Văn phòng HĐND và UBND xã"]);
    }

    #[test]
    fn second_cell_found_after_a_complete_name() {
        let f = frags(&["Sở Y tế; Các địa phương", "cấp xã Sở Y tế"]);
        assert_eq!(second_cell_start(&f), Some((1, "cấp xã ".len())));
        let f = frags(&[
            "Sở Khoa học",
            "và Công nghệ",
            "Văn phòng Uỷ ban nhân",
            "dân tỉnh",
        ]);
        assert_eq!(second_cell_start(&f), Some((2, 0)));
        let f = frags(&["Các sở, ngành;", "Uỷ ban nhân", "dân cấp xã,", "phường"]);
        assert_eq!(second_cell_start(&f), None);
    }

    #[test]
    fn a_head_word_that_ends_a_place_name_does_not_start_a_body() {
        // "Phòng" is a head ("Phòng Kinh tế"), but in "Hải Phòng" it ends the city's name.
        assert!(
            head_len_at(
                "Sở Y tế thành phố Hải Phòng",
                "Sở Y tế thành phố Hải ".len()
            )
            .is_none()
        );
        let v = split_cell(&frags(&[
            "Sở Y tế thành phố Hải Phòng; Sở Tài chính thành phố Hải Phòng",
        ]));
        assert_eq!(
            names(&v),
            [
                "Sở Y tế thành phố Hải Phòng",
                "Sở Tài chính thành phố Hải Phòng"
            ]
        );
        assert_eq!(v[0].key, "so-y-te-thanh-pho-hai-phong");
        // Lead then partners in one region: the second cell starts at "Sở Tài chính", not at
        // "Phòng", on one line or with the lead's name broken across lines.
        let f = frags(&["Sở Y tế thành phố Hải Phòng Sở Tài chính thành phố Hải Phòng"]);
        assert_eq!(
            second_cell_start(&f),
            Some((0, "Sở Y tế thành phố Hải Phòng ".len()))
        );
        let f = frags(&["Sở Y tế thành phố Hải", "Phòng", "Sở Tài chính"]);
        assert_eq!(second_cell_start(&f), Some((2, 0)));
        // A head followed by its own name still starts a body after a capitalised word.
        let f = frags(&["Báo Lào Cai Phòng Kinh tế"]);
        assert_eq!(second_cell_start(&f), Some((0, "Báo Lào Cai ".len())));
        assert!(head_len_at("Phòng Kinh tế", 0).is_some());
    }

    #[test]
    fn incomplete_cells() {
        assert!(cell_incomplete(&frags(&["phường; Các tổ chức,"])));
        assert!(cell_incomplete(&frags(&["Các sở, ngành; Uỷ ban"])));
        assert!(cell_incomplete(&frags(&["ngành; địa phương; Các"])));
        assert!(!cell_incomplete(&frags(&[
            "Sở Nông nghiệp và Môi",
            "trường"
        ])));
    }

    #[test]
    fn display_name_is_the_most_printed_spelling() {
        let a = agency_ref("Sở Khoa học và công nghệ");
        let b = agency_ref("Sở Khoa học và Công nghệ.");
        let c = agency_ref("Phòng Kinh tế");
        let names = canonical_names(&[&a, &b, &c, &b]);
        assert_eq!(
            names,
            [
                (
                    "so-khoa-hoc-va-cong-nghe".to_owned(),
                    "Sở Khoa học và Công nghệ".to_owned()
                ),
                ("phong-kinh-te".to_owned(), "Phòng Kinh tế".to_owned()),
            ]
        );
        // Ties: the first seen.
        let names = canonical_names(&[&a, &b]);
        assert_eq!(names[0].1, "Sở Khoa học và công nghệ");
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("Uỷ ban nhân dân cấp xã, phường"), AgencyKind::Group);
        assert_eq!(kind_of("địa phương"), AgencyKind::Group);
        assert_eq!(
            kind_of("Hội đồng tư vấn khoa học và công nghệ cấp tỉnh"),
            AgencyKind::Agency
        );
        assert_eq!(kind_of("Trạm Y tế xã"), AgencyKind::Agency);
    }
}
