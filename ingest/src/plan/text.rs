//! Lines of the input, pieces of lines, and joining wrapped lines back into text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The lines of `text`: BOM stripped, split on `\n`, a trailing `\r` removed, each line in NFC.
/// A final newline does not start an extra line.
pub(crate) fn normalise_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parts: Vec<&str> = text.split('\n').collect();
    if parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    parts
        .into_iter()
        .map(|l| l.strip_suffix('\r').unwrap_or(l).nfc().collect())
        .collect()
}

/// `s` trimmed, with every run of whitespace collapsed to one space.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Number of characters (not bytes).
pub(crate) fn width(s: &str) -> usize {
    s.chars().count()
}

/// Lowercase, without diacritics, "đ" as "d": the form used to compare words.
pub(crate) fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A stable slug of `s`: folded, every run of other characters than letters and digits as "-".
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The words of `s`, folded.
pub(crate) fn folded_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether the first letter of `s` is uppercase.
pub(crate) fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the first letter of `s` is lowercase.
pub(crate) fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Whether `s` ends a sentence (".", "!", "?", ":").
pub(crate) fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', ':'])
}

/// `s` with trailing whitespace and "." ";" "," ":" removed.
pub(crate) fn strip_trailing_punct(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | ',' | ':'))
}

/// A piece of one input line: the whole line, or the part of it that belongs to one cell.
/// The text is trimmed and its whitespace collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frag {
    pub(crate) line: usize,
    pub(crate) text: String,
}

impl Frag {
    pub(crate) fn new(line: usize, text: &str) -> Self {
        Self {
            line,
            text: clean(text),
        }
    }
}

/// Whether a line ending with `a` and a line starting with `b` join without a space: a word
/// hyphenated at the line end ("36-" + "NQ/TW", "(bio-" + ")"), or an alternative "/" at the
/// line end.
fn glue(a: &str) -> bool {
    let mut rev = a.chars().rev();
    match rev.next() {
        Some('-') => rev.next().is_some_and(|c| !c.is_whitespace()),
        Some('/') => true,
        _ => false,
    }
}

/// Fragments joined into one text, with a map back to the fragments and lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Joined {
    pub(crate) text: String,
    /// (byte offset in `text`, index of the fragment, line of the fragment).
    segs: Vec<(usize, usize, usize)>,
}

impl Joined {
    pub(crate) fn new(frags: &[Frag]) -> Self {
        let mut j = Self::default();
        for (i, f) in frags.iter().enumerate() {
            if f.text.is_empty() {
                continue;
            }
            if !j.text.is_empty() && !glue(&j.text) {
                j.text.push(' ');
            }
            j.segs.push((j.text.len(), i, f.line));
            j.text.push_str(&f.text);
        }
        j
    }

    /// The fragment index and the byte offset inside that fragment of byte `off` of the text.
    pub(crate) fn locate(&self, off: usize) -> Option<(usize, usize)> {
        let i = self.segs.partition_point(|s| s.0 <= off).checked_sub(1)?;
        let (start, frag, _) = self.segs[i];
        Some((frag, off - start))
    }

    /// The line of byte `off` of the text (a joining space belongs to the line before it).
    pub(crate) fn line_at(&self, off: usize) -> usize {
        match self.segs.partition_point(|s| s.0 <= off).checked_sub(1) {
            Some(i) => self.segs[i].2,
            None => self.segs.first().map_or(0, |s| s.2),
        }
    }
}

/// The fragments joined into one text.
pub(crate) fn join(frags: &[Frag]) -> String {
    Joined::new(frags).text
}

/// Splits `frags` at byte `off` of fragment `i`: everything before, everything from there on.
/// Empty pieces are dropped.
pub(crate) fn split_frags(frags: &[Frag], i: usize, off: usize) -> (Vec<Frag>, Vec<Frag>) {
    let mut left: Vec<Frag> = frags[..i].to_vec();
    let mut right: Vec<Frag> = Vec::new();
    let f = &frags[i];
    let (a, b) = f.text.split_at(off);
    if !a.trim().is_empty() {
        left.push(Frag::new(f.line, a));
    }
    if !b.trim().is_empty() {
        right.push(Frag::new(f.line, b));
    }
    right.extend_from_slice(&frags[i + 1..]);
    (left, right)
}

/// The byte offsets in `s` where a word starts.
pub(crate) fn word_starts(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        if prev_space && !c.is_whitespace() {
            out.push(i);
        }
        prev_space = c.is_whitespace();
    }
    out
}

/// Roman numeral value of `s` (I..XXXIX), if it is one.
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in s.chars().rev() {
        let v = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0).then_some(total)
}

/// The roman numeral of `n` (1..=39).
pub(crate) fn roman(n: u32) -> String {
    const TABLE: [(u32, &str); 5] = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Whether `next` may follow `path` in a hierarchical numbering: the first number, the next
/// sibling at some level, or the first child.
pub(crate) fn valid_next(path: &[u32], next: &[u32]) -> bool {
    if path.is_empty() {
        return next == [1];
    }
    if next.len() == path.len() + 1 && next[..path.len()] == *path && next[path.len()] == 1 {
        return true;
    }
    (1..=path.len()).any(|k| {
        next.len() == k && next[..k - 1] == path[..k - 1] && next[k - 1] == path[k - 1] + 1
    })
}

/// Share of the words of `a` and `b` they have in common (Jaccard index on folded words).
pub(crate) fn word_overlap(a: &str, b: &str) -> f64 {
    use std::collections::BTreeSet;
    let a: BTreeSet<String> = folded_words(a).into_iter().collect();
    let b: BTreeSet<String> = folded_words(b).into_iter().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(&b).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_normalised() {
        let l = normalise_lines("\u{feff}a\r\nb\r\n");
        assert_eq!(l, vec!["a", "b"]);
        let nfd: String = "Uỷ ban".nfd().collect();
        assert_eq!(normalise_lines(&nfd), vec!["Uỷ ban"]);
        assert_eq!(normalise_lines("a\n "), vec!["a", " "]);
    }

    #[test]
    fn hyphenated_words_rejoin() {
        let f = |l, t| Frag::new(l, t);
        assert_eq!(join(&[f(1, "36-"), f(2, "NQ/TW")]), "36-NQ/TW");
        assert_eq!(join(&[f(1, "(bio-"), f(2, "),")]), "(bio-),");
        assert_eq!(
            join(&[f(1, "dược liệu -"), f(2, "thực")]),
            "dược liệu - thực"
        );
        assert_eq!(join(&[f(1, "bảo  vệ "), f(2, " môi")]), "bảo vệ môi");
    }

    #[test]
    fn folding_and_slugs() {
        assert_eq!(
            slug("Uỷ ban nhân dân cấp xã, phường"),
            "uy-ban-nhan-dan-cap-xa-phuong"
        );
        assert_eq!(
            slug("Ủy ban nhân dân cấp xã, phường."),
            "uy-ban-nhan-dan-cap-xa-phuong"
        );
        assert_eq!(slug("Sở Khoa học và công nghệ"), "so-khoa-hoc-va-cong-nghe");
        assert_eq!(fold("Đường"), "duong");
    }

    #[test]
    fn numbering_sequence() {
        assert!(valid_next(&[], &[1]));
        assert!(valid_next(&[1, 3], &[2]));
        assert!(valid_next(&[1, 3], &[1, 4]));
        assert!(valid_next(&[2, 1, 4], &[2, 1, 4, 1]));
        assert!(!valid_next(&[1, 3], &[3]));
        assert!(!valid_next(&[2, 1, 4], &[4]));
        assert!(!valid_next(&[3], &[2]));
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("III"), Some(3));
        assert_eq!(roman_value("A"), None);
        assert_eq!(roman(3), "III");
        assert_eq!(roman(4), "IV");
    }
}
