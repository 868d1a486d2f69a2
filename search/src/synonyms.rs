//! Query-time synonyms: sets of equivalent phrases, and the query variants they give.
//!
//! A synonym list is plain text, one set per line, its phrases separated by tabs (`Atiso`,
//! `Actiso`, `Artichoke`; `KH&CN`, `Khoa học và Công nghệ`); `#` starts a comment line and blank
//! lines are skipped. Phrases are compared folded, word by word ([`crate::fold`] and the word
//! segmentation of the index), so `khcn`-style spellings with or without marks or punctuation
//! match alike. When a run of words of a query is a phrase of a set, the query is also
//! searched with that run replaced by each other phrase of the set ([`Synonyms::variants`]),
//! with a slightly lower weight than the query as typed.
//!
//! The bundled list is `data/synonyms.tsv` (its sources are in `data/README.md`).

use std::collections::HashMap;

use crate::analysis::{self, FOLD, QueryWord};
use crate::error::{Error, Result};

/// The bundled list, compiled in.
const BUNDLED: &str = include_str!("../../data/synonyms.tsv");
/// Name of the bundled list in messages.
const BUNDLED_NAME: &str = "synonyms.tsv";
/// Most variants one query expands to (the first ones, left to right).
pub(crate) const MAX_VARIANTS: usize = 8;

/// One phrase of a set.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase {
    /// As written in the list: what a variant query puts in.
    text: String,
    /// Its folded words: what a query is compared with.
    words: Vec<String>,
}

/// A list of synonym sets, ready to expand queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    sets: Vec<Vec<Phrase>>,
    /// First folded word of a phrase → `(set, phrase)` indexes.
    by_first_word: HashMap<String, Vec<(usize, usize)>>,
}

impl Synonyms {
    /// The list bundled with the crate (`data/synonyms.tsv`).
    ///
    /// # Panics
    ///
    /// Never at run time: the bundled list is checked by this crate's tests, so a broken
    /// list fails the build's tests rather than a server.
    pub fn bundled() -> Self {
        static LIST: std::sync::OnceLock<Synonyms> = std::sync::OnceLock::new();
        LIST.get_or_init(|| {
            Synonyms::parse(BUNDLED_NAME, BUNDLED)
                .unwrap_or_else(|e| panic!("the bundled synonym list is invalid: {e}"))
        })
        .clone()
    }

    /// Parses a synonym list (the format is in the module documentation); `name` is the file
    /// name used in messages.
    ///
    /// # Errors
    ///
    /// [`Error::BadSynonyms`] with every problem at once, each as `name:line: field: reason`:
    /// a set with fewer than two phrases, a phrase with no words, a phrase repeated in its
    /// set, or a phrase that is already in another set (it would be ambiguous which set a
    /// query means).
    pub fn parse(name: &str, text: &str) -> Result<Self> {
        let mut out = Synonyms::default();
        let mut problems = Vec::new();
        // Folded phrase → line of the set that has it.
        let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut set = Vec::new();
            let mut line_ok = true;
            for raw in line.split('\t') {
                let text = raw.trim();
                if text.is_empty() {
                    problems.push(format!("{name}:{line_no}: phrase: empty phrase"));
                    line_ok = false;
                    continue;
                }
                let words = analysis::token_texts(FOLD, text);
                if words.is_empty() {
                    problems.push(format!("{name}:{line_no}: phrase: {text:?} has no words"));
                    line_ok = false;
                    continue;
                }
                if set.iter().any(|p: &Phrase| p.words == words) {
                    problems.push(format!(
                        "{name}:{line_no}: phrase: {text:?} is repeated in its set (phrases are compared without marks)"
                    ));
                    line_ok = false;
                    continue;
                }
                if let Some(other) = seen.get(&words) {
                    problems.push(format!(
                        "{name}:{line_no}: phrase: {text:?} is already in the set of line {other}"
                    ));
                    line_ok = false;
                    continue;
                }
                seen.insert(words.clone(), line_no);
                set.push(Phrase {
                    text: text.to_owned(),
                    words,
                });
            }
            if line_ok && set.len() < 2 {
                problems.push(format!(
                    "{name}:{line_no}: set: a set needs at least two phrases separated by tabs"
                ));
                continue;
            }
            if line_ok {
                let index = out.sets.len();
                for (j, phrase) in set.iter().enumerate() {
                    out.by_first_word
                        .entry(phrase.words[0].clone())
                        .or_default()
                        .push((index, j));
                }
                out.sets.push(set);
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(Error::BadSynonyms { problems })
        }
    }

    /// Number of sets.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// Whether the list has no set.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// The phrases equivalent to `phrase` (compared folded), itself excluded; empty when it is
    /// in no set.
    pub fn equivalents(&self, phrase: &str) -> Vec<&str> {
        let words = analysis::token_texts(FOLD, phrase);
        let Some(first) = words.first() else {
            return Vec::new();
        };
        let Some(&(set, at)) = self
            .by_first_word
            .get(first)
            .and_then(|c| c.iter().find(|&&(s, p)| self.sets[s][p].words == words))
        else {
            return Vec::new();
        };
        self.sets[set]
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != at)
            .map(|(_, p)| p.text.as_str())
            .collect()
    }

    /// The other ways to write query `q` (already cut into `words`): for every run of words
    /// that is a phrase of a set, `q` with that run replaced by each other phrase of the set.
    /// One replacement per variant; at most [`MAX_VARIANTS`], without repeats or `q` itself.
    pub(crate) fn variants(&self, q: &str, words: &[QueryWord]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut folded_seen = vec![analysis::fold(q)];
        for start in 0..words.len() {
            let Some(candidates) = self.by_first_word.get(&words[start].folded) else {
                continue;
            };
            for &(set, at) in candidates {
                let phrase = &self.sets[set][at];
                let end = start + phrase.words.len();
                let matches = end <= words.len()
                    && words[start..end]
                        .iter()
                        .zip(&phrase.words)
                        .all(|(w, p)| w.folded == *p);
                if !matches {
                    continue;
                }
                let (from, to) = (words[start].span.0, words[end - 1].span.1);
                for (j, other) in self.sets[set].iter().enumerate() {
                    if j == at {
                        continue;
                    }
                    let variant = format!("{}{}{}", &q[..from], other.text, &q[to..]);
                    let folded = analysis::fold(&variant);
                    if folded_seen.contains(&folded) {
                        continue;
                    }
                    folded_seen.push(folded);
                    out.push(variant);
                    if out.len() == MAX_VARIANTS {
                        return out;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::query_words;

    fn variants(list: &Synonyms, q: &str) -> Vec<String> {
        list.variants(q, &query_words(q))
    }

    #[test]
    fn the_bundled_list_parses_and_has_the_required_sets() {
        let list = Synonyms::bundled();
        assert!(list.len() >= 20, "{} sets", list.len());
        // `Atisô` and `Áctisô` fold to these, so they are not listed apart.
        let mut artichoke = list.equivalents("Atisô");
        artichoke.sort_unstable();
        assert_eq!(artichoke, ["Actiso", "Artichoke"]);
        assert_eq!(list.equivalents("KH&CN"), ["KHCN", "Khoa học và Công nghệ"]);
        // Compared folded: no marks, other case.
        assert_eq!(list.equivalents("khoa hoc va cong nghe"), ["KH&CN", "KHCN"]);
        assert!(
            list.equivalents("BSL-2")
                .contains(&"An toàn sinh học cấp 2")
        );
        for level in ["BSL-1", "BSL-3"] {
            assert!(!list.equivalents(level).is_empty(), "{level}");
        }
        assert!(list.equivalents("UBND").contains(&"Ủy ban nhân dân"));
        assert!(
            list.equivalents("SKHCN")
                .contains(&"Sở Khoa học và Công nghệ")
        );
        assert!(list.equivalents("HTX").contains(&"Hợp tác xã"));
        assert!(list.equivalents("no such phrase").is_empty());
    }

    #[test]
    fn a_matching_run_is_replaced_by_each_equivalent() {
        let list = Synonyms::parse(
            "t.tsv",
            "# comment\n\nKH&CN\tKhoa học và Công nghệ\nSở KH&CN\tSKHCN\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            variants(&list, "Sở KH&CN Lào Cai"),
            ["SKHCN Lào Cai", "Sở Khoa học và Công nghệ Lào Cai"]
        );
        assert_eq!(variants(&list, "so khoa hoc va cong nghe"), ["so KH&CN"]);
        assert!(variants(&list, "Sở Y tế").is_empty());
        // A run cut short does not match.
        assert!(variants(&list, "khoa hoc").is_empty());
    }

    #[test]
    fn variants_skip_spellings_that_fold_alike_and_are_capped() {
        let list = Synonyms::parse("t.tsv", "Atiso\tAtisô\tActiso\n").unwrap_err();
        assert_eq!(
            list.to_string(),
            "bad synonym list:\nt.tsv:1: phrase: \"Atisô\" is repeated in its set (phrases are compared without marks)"
        );
        let list = Synonyms::parse("t.tsv", "Atiso\tActiso\tArtichoke\n").unwrap();
        assert_eq!(variants(&list, "atiso"), ["Actiso", "Artichoke"]);
        let many: String = (0..20).map(|i| format!("w{i}\t")).collect::<String>() + "w20\n";
        let list = Synonyms::parse("t.tsv", &many).unwrap();
        assert_eq!(variants(&list, "w3").len(), MAX_VARIANTS);
    }

    #[test]
    fn problems_are_all_reported_with_their_lines() {
        let err = Synonyms::parse(
            "s.tsv",
            "Atiso\tActiso\nlonely\nKH&CN\t\t(&)\nactiso\tartichoke\n",
        )
        .unwrap_err();
        let Error::BadSynonyms { problems } = err else {
            panic!("wrong error");
        };
        assert_eq!(
            problems,
            [
                "s.tsv:2: set: a set needs at least two phrases separated by tabs",
                "s.tsv:3: phrase: empty phrase",
                "s.tsv:3: phrase: \"(&)\" has no words",
                "s.tsv:4: phrase: \"actiso\" is already in the set of line 1",
            ]
        );
    }
}
