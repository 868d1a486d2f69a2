//! Forgiving words: the index terms a typed word may stand for, read from the term dictionaries.
//!
//! Two expansions, both computed once per query against the segments' term dictionaries and
//! turned into ordinary (low-boosted) term clauses, so that scoring stays BM25 and the snippet
//! generator highlights what was really matched:
//!
//! - **typos**: terms within one edit of the folded word (insertion, deletion, substitution, or
//!   a transposition of two neighbours, Damerau–Levenshtein), for words of at least
//!   [`MIN_FUZZY_CHARS`] characters that the index does not have as typed ([`Lexicon::knows`]:
//!   a real word is not read as a slip for its neighbour). The cost is one Levenshtein automaton (tantivy's
//!   [`FuzzyTermQuery::automaton`], built once per distance and reused) intersected with each
//!   segment's term FST: the walk only follows prefixes that can still end within one edit, so
//!   it visits a few hundred FST nodes per word, not the whole dictionary;
//! - **prefixes**: terms that start with the last word of a query still being typed (`atis` →
//!   `atiso`), for words of at least [`MIN_PREFIX_CHARS`] characters: one range scan of the
//!   sorted dictionary.
//!
//! Both stop at a fixed number of terms per field, so a query costs a bounded number of clauses
//! whatever the size of the index.

use std::collections::BTreeSet;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::error::Result;

/// Shortest folded word (in characters) that is matched with one typo.
///
/// Vietnamese words are syllables, and one edit away from a short folded syllable is almost
/// always another real one. Measured on the words of the bundled plan and registries (folded,
/// without digits): of the 3-letter words 96% have another word one edit away, of the 4-letter
/// words 81%, of the 5-letter words 60% (`loong`/`luong`, `thanh`/`thach`), and then the share
/// drops: 31% at 6 letters, 19% at 7, 21% at 8. From six letters a word one edit away is more
/// often a slip than another word, and Latin names, English words and long syllables
/// (`nghiep`, `truong`, `actiso`, `sinensis`), where typos are common, pass the bar. A short
/// word is only ever matched as typed (or, last in the query, as a prefix).
pub(crate) const MIN_FUZZY_CHARS: usize = 6;
/// Shortest term a typo may be corrected to: a dropped letter of a six-letter word gives five
/// (`khungg` → `khung`), while a short syllable one deletion away from a long one (`dung` from
/// `duong`) is another word, not a slip.
const MIN_FUZZY_TARGET_CHARS: usize = 5;
/// Shortest folded last word (in characters) that is also searched as a prefix: with one or
/// two letters a prefix matches a good part of the dictionary and says little.
pub(crate) const MIN_PREFIX_CHARS: usize = 3;
/// Most typo neighbours kept per word and field.
const MAX_FUZZY_TERMS: usize = 16;
/// Most prefix completions kept per word and field.
const MAX_PREFIX_TERMS: usize = 32;

/// Reads term dictionaries of one searcher (one point-in-time view of the index).
pub(crate) struct Lexicon<'a> {
    searcher: &'a Searcher,
}

impl<'a> Lexicon<'a> {
    pub(crate) fn new(searcher: &'a Searcher) -> Self {
        Lexicon { searcher }
    }

    /// Number of documents of the searcher.
    pub(crate) fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Number of documents that have `text` in `field`.
    ///
    /// # Errors
    ///
    /// Fails when a term dictionary cannot be read.
    pub(crate) fn doc_freq(&self, field: Field, text: &str) -> Result<u64> {
        Ok(self
            .searcher
            .doc_freq(&Term::from_field_text(field, text))?)
    }

    /// Whether any of the `(field, term)` pairs is in the index: a word the index knows is
    /// taken as typed, not as a typo of another.
    ///
    /// # Errors
    ///
    /// Fails when a term dictionary cannot be read.
    pub(crate) fn knows(&self, terms: &[(Field, &str)]) -> Result<bool> {
        for &(field, text) in terms {
            if self
                .searcher
                .doc_freq(&Term::from_field_text(field, text))?
                > 0
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Terms of `field` within one edit of `word` (transpositions count as one), without
    /// `word` itself and terms shorter than [`MIN_FUZZY_TARGET_CHARS`]; empty for words
    /// shorter than [`MIN_FUZZY_CHARS`].
    ///
    /// # Errors
    ///
    /// Fails when a term dictionary cannot be read.
    pub(crate) fn typo_neighbours(&self, field: Field, word: &str) -> Result<Vec<String>> {
        if word.chars().count() < MIN_FUZZY_CHARS {
            return Ok(Vec::new());
        }
        let query = FuzzyTermQuery::new(Term::from_field_text(field, word), 1, true);
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().search(query.automaton()?).into_stream()?;
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key())
                    && term != word
                    && term.chars().count() >= MIN_FUZZY_TARGET_CHARS
                {
                    found.insert(term.to_owned());
                }
                if found.len() >= MAX_FUZZY_TERMS {
                    break;
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    /// The likeliest intended words for a word the index does not have: its typo neighbours in
    /// `fields`, the ones in most documents first, at most `limit`. Empty for a word the index
    /// has in any of `known_in`, for a word with a digit, or one shorter than
    /// [`MIN_FUZZY_CHARS`].
    ///
    /// # Errors
    ///
    /// Fails when a term dictionary cannot be read.
    pub(crate) fn corrections(
        &self,
        fields: &[Field],
        known_in: &[Field],
        word: &str,
        limit: usize,
    ) -> Result<Vec<String>> {
        if word.chars().any(|c| c.is_ascii_digit()) {
            return Ok(Vec::new());
        }
        let known: Vec<(Field, &str)> = known_in.iter().map(|&f| (f, word)).collect();
        if self.knows(&known)? {
            return Ok(Vec::new());
        }
        let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
        for &field in fields {
            for t in self.typo_neighbours(field, word)? {
                let n = self.searcher.doc_freq(&Term::from_field_text(field, &t))?;
                *counts.entry(t).or_default() += n;
            }
        }
        let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(ranked.into_iter().take(limit).map(|(t, _)| t).collect())
    }

    /// Terms of `field` that start with `prefix` and are longer than it; empty for prefixes
    /// shorter than [`MIN_PREFIX_CHARS`].
    ///
    /// # Errors
    ///
    /// Fails when a term dictionary cannot be read.
    pub(crate) fn completions(&self, field: Field, prefix: &str) -> Result<Vec<String>> {
        if prefix.chars().count() < MIN_PREFIX_CHARS {
            return Ok(Vec::new());
        }
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .gt(prefix.as_bytes())
                .into_stream()?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(term) = std::str::from_utf8(key) {
                    found.insert(term.to_owned());
                }
                if found.len() >= MAX_PREFIX_TERMS {
                    break;
                }
            }
        }
        Ok(found.into_iter().collect())
    }
}
