//! Turning what a user typed into tantivy queries, without tantivy's query language.
//!
//! Users type words, codes and punctuation; none of it is syntax. The query is cut into words
//! with the indexing analyzer, then built as:
//!
//! - one clause per word, matching the word in any field (one posting list, the `words` field)
//!   and scored per field (label, exact label, alternative labels, English label, scientific
//!   names, text, exact text) with per-field boosts; the clauses are all required
//!   ([`Match::All`]); when that finds nothing, all but one must match a name
//!   ([`Match::AllButOne`]), then any one ([`Match::Any`]);
//! - optional phrase clauses (the words adjacent, in order) per field, so "dược liệu" as a phrase
//!   outranks "dược … liệu";
//! - optional whole-code clauses on the code field, so `II.2.2.7` ranks the entity with that code
//!   first;
//! - forgiving clauses inside each word's clause, with low weights so that a word matched as
//!   typed always counts more: index terms one typo away from the word, and, for the last word
//!   of a query still being typed, the terms it is a prefix of ([`crate::expand`]);
//! - the same built again for every synonym variant of the query ([`crate::synonyms`]), each a
//!   little below the query as typed.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis::{self, CODE, QueryWord};
use crate::bonus::{AnyOf, Bonus};
use crate::error::Result;
use crate::expand::Lexicon;
use crate::schema::{Fields, facet_key};
use crate::synonyms::Synonyms;

// Field weights. The exact fields add to the folded ones, so a word typed with the right marks
// scores label + label_exact where a folded-only match scores label alone.
const W_LABEL: f32 = 4.0;
const W_LABEL_EXACT: f32 = 3.0;
const W_ALT: f32 = 3.0;
const W_EN: f32 = 2.5;
const W_SCI: f32 = 2.5;
const W_TEXT: f32 = 1.0;
const W_TEXT_EXACT: f32 = 0.5;
const W_CODE: f32 = 6.0;
/// The query is a whole name of the entity (its label, an alternative or scientific name).
const W_WHOLE: f32 = 8.0;
/// ... and the label with the same diacritics.
const W_WHOLE_EXACT: f32 = 4.0;
/// ... and the entity's main label, folded: when the query is a whole name of two entities
/// ("duong quy": the taxon Đương quy, the commune Xã Dương Quỳ, whose English name is "Duong
/// Quy"), the one whose main name it is ranks first.
const W_WHOLE_LABEL: f32 = 4.0;
/// A term one typo away from a typed word, relative to the field's weight.
const F_TYPO: f32 = 0.25;
/// A term that the typed last word is a prefix of, relative to the field's weight.
const F_PREFIX: f32 = 0.5;
/// A query with a misspelt word corrected, relative to the query as typed.
const W_CORRECTED: f32 = 0.6;
/// Most corrections tried per misspelt word.
const CORRECTIONS_PER_WORD: usize = 2;
/// What the other name fields that match a word add to the best one.
const TIE_BREAKER: f32 = 0.2;
/// The fewest documents whose names have a word that make it common in a fallback (see
/// [`Match::AllButOne`]): small indexes have no common words.
const MIN_COMMON_NAMES: u64 = 1000;
/// A synonym variant of the query, relative to the query as typed.
const W_SYNONYM: f32 = 0.8;
// Phrase bonuses (on top of the word matches).
const W_PHRASE_LABEL: f32 = 4.0;
/// The words in order with the marks as typed: "Đương quy" above "Dương Quỳ".
const W_PHRASE_LABEL_EXACT: f32 = 4.0;
const W_PHRASE_ALT: f32 = 3.0;
const W_PHRASE_EN: f32 = 2.0;
const W_PHRASE_SCI: f32 = 2.0;
const W_PHRASE_TEXT: f32 = 2.0;

/// How the per-word clauses combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// Every word must match (precision; the default).
    All,
    /// Every word but one must match a name (the first fallback, for queries of three words
    /// or more: one word the index does not have, such as a name missing from the data, does
    /// not sink the others). Words common in names (in more than a hundredth of the
    /// documents, and at least [`MIN_COMMON_NAMES`]) only score.
    AllButOne,
    /// Any word may match a name (recall; the last fallback), common words aside.
    Any,
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

fn term(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    boosted(Box::new(query), boost)
}

fn phrase<'a>(field: Field, words: impl Iterator<Item = &'a str>, boost: f32) -> Box<dyn Query> {
    let terms = words
        .map(|w| Term::from_field_text(field, w))
        .collect::<Vec<_>>();
    boosted(Box::new(PhraseQuery::new(terms)), boost)
}

/// What building a relevance query needs besides the words: the fields, the index's terms
/// (for typos and prefixes) and the synonym list.
pub(crate) struct Context<'a> {
    pub(crate) fields: &'a Fields,
    pub(crate) lexicon: Lexicon<'a>,
    pub(crate) synonyms: &'a Synonyms,
}

/// The clause matching one word in any field: as typed, one typo away, or (`prefix`, for the
/// last word of a query still being typed) as the start of a longer word.
fn word_clause(
    ctx: &Context<'_>,
    word: &QueryWord,
    prefix: bool,
    names_only: bool,
) -> Result<Box<dyn Query>> {
    let f = ctx.fields;
    // A word the index has is taken as typed; codes and numbers are never read as typos
    // (`03013` one edit away is another commune).
    let typos = !word.folded.chars().any(|c| c.is_ascii_digit())
        && !ctx.lexicon.knows(&[
            (f.label, &word.folded),
            (f.alt, &word.folded),
            (f.sci, &word.folded),
            (f.text, &word.folded),
            (f.label_en, &word.stemmed),
        ])?;
    // The name fields: the word as typed and, since forgiveness is for names (where one typed
    // word picks one entity; in body text a near word is mostly another word), its typo
    // neighbours and completions. The fields are one disjunction: a name found in the label,
    // an alternative and the English name ("Xã Dương Quỳ", "Dương Quỳ", "Duong Quy Commune")
    // is one name, counted once (plus a small tie-breaker), not three times.
    let names = [
        (f.label, word.folded.as_str(), W_LABEL),
        (f.alt, &word.folded, W_ALT),
        (f.sci, &word.folded, W_SCI),
        (f.label_en, &word.stemmed, W_EN),
    ];
    let mut by_field = Vec::with_capacity(names.len());
    // What decides a match: the word (or its English stem) in any field, one posting list of
    // `words` (or of `names` for the names only), or one of the name fields' typo neighbours
    // or completions, in `names`. A word without expansions is then one term, and a query of
    // such words an intersection of posting lists, the cheapest a search engine does. The
    // exact fields hold the same words with their marks: they only score.
    let in_field = if names_only { f.names } else { f.words };
    let mut matching: BTreeSet<(Field, &str)> = BTreeSet::new();
    matching.insert((in_field, &word.folded));
    matching.insert((in_field, &word.stemmed));
    let mut expanded: Vec<String> = Vec::new();
    for (field, form, weight) in names {
        let mut alternatives = vec![term(field, form, weight)];
        let mut expansions = Vec::new();
        if typos {
            expansions.extend(
                ctx.lexicon
                    .typo_neighbours(field, form)?
                    .into_iter()
                    .map(|t| (t, weight * F_TYPO)),
            );
        }
        if prefix {
            expansions.extend(
                ctx.lexicon
                    .completions(field, &word.folded)?
                    .into_iter()
                    .map(|t| (t, weight * F_PREFIX)),
            );
        }
        for (t, boost) in expansions {
            alternatives.push(term(field, &t, boost));
            expanded.push(t);
        }
        by_field.push(Box::new(AnyOf::sum(alternatives)) as Box<dyn Query>);
    }
    let scoring: Vec<Box<dyn Query>> = vec![
        Box::new(AnyOf::best(by_field, TIE_BREAKER)),
        term(f.label_exact, &word.exact, W_LABEL_EXACT),
        term(f.text, &word.folded, W_TEXT),
        term(f.text_exact, &word.exact, W_TEXT_EXACT),
    ];
    matching.extend(expanded.iter().map(|t| (f.names, t.as_str())));
    let mut matching: Vec<Box<dyn Query>> = matching
        .into_iter()
        .map(|(field, text)| plain_term(field, text))
        .collect();
    let matching = if matching.len() == 1 {
        matching.remove(0)
    } else {
        Box::new(BooleanQuery::new(
            matching.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))
    };
    // Matching adds no score, and a search that only counts (no scores) reads the matching
    // lists alone; the scoring clauses are read at the matches only.
    Ok(Box::new(Bonus::new(
        Box::new(ConstScoreQuery::new(matching, 0.0)),
        scoring,
    )))
}

/// A term that only matches (no frequencies read).
fn plain_term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// The relevance part of a search for `q`, already cut into `words` (non-empty), with the
/// synonym variants of `q`.
///
/// # Errors
///
/// Fails when a term dictionary cannot be read.
pub(crate) fn relevance(
    ctx: &Context<'_>,
    q: &str,
    words: &[QueryWord],
    mode: Match,
) -> Result<Box<dyn Query>> {
    let main = text_query(ctx, q, words, mode)?;
    let variants = ctx
        .synonyms
        .variants(q, words)
        .into_iter()
        .map(|v| (v, W_SYNONYM))
        .chain(
            corrected(ctx, q, words)?
                .into_iter()
                .map(|v| (v, W_CORRECTED)),
        )
        .collect::<Vec<_>>();
    if variants.is_empty() {
        return Ok(main);
    }
    let mut alternatives = vec![(Occur::Should, main)];
    for (variant, weight) in variants {
        let variant_words = analysis::query_words(&variant);
        if variant_words.is_empty() {
            continue;
        }
        let query = text_query(ctx, &variant, &variant_words, mode)?;
        alternatives.push((Occur::Should, boosted(query, weight)));
    }
    Ok(Box::new(BooleanQuery::new(alternatives)))
}

/// The query with one misspelt word corrected, for every word the index does not have that
/// is one typo away from names it has (the likeliest corrections first, a few per word).
///
/// Typo clauses inside a word's clause find the entity; the corrected query also gives it
/// what a correctly typed query would: the phrase and whole-name matches, so that
/// "xuyen khungg" ranks the taxon Xuyên khung as "xuyen khung" does.
fn corrected(ctx: &Context<'_>, q: &str, words: &[QueryWord]) -> Result<Vec<String>> {
    let f = ctx.fields;
    let mut out = Vec::new();
    for word in words {
        let fixes = ctx.lexicon.corrections(
            &[f.label, f.alt, f.sci],
            &[f.label, f.alt, f.sci, f.text],
            &word.folded,
            CORRECTIONS_PER_WORD,
        )?;
        for fix in fixes {
            out.push(format!("{}{fix}{}", &q[..word.span.0], &q[word.span.1..]));
        }
    }
    out.truncate(crate::synonyms::MAX_VARIANTS);
    Ok(out)
}

/// Names in more documents than this make a word common: a hundredth of the index, and at least
/// [`MIN_COMMON_NAMES`].
fn common_names(ctx: &Context<'_>) -> Result<u64> {
    Ok((ctx.lexicon.num_docs() / 100).max(MIN_COMMON_NAMES))
}

/// The relevance part of a search for `q` as typed, already cut into `words` (non-empty).
fn text_query(
    ctx: &Context<'_>,
    q: &str,
    words: &[QueryWord],
    mode: Match,
) -> Result<Box<dyn Query>> {
    let fields = ctx.fields;
    // A query that ends in a space has its last word complete.
    let still_typing = !q.ends_with(char::is_whitespace);
    let mut word_clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let prefix = still_typing && i + 1 == words.len();
        word_clauses.push((
            Occur::Should,
            word_clause(ctx, word, prefix, mode != Match::All)?,
        ));
    }
    // The words decide what matches (`required`); the clauses below only add to the score of
    // a match (`clauses`), and are read at the matches alone.
    let mut clauses: Vec<Box<dyn Query>> = Vec::with_capacity(10);
    let required: Box<dyn Query> = if mode == Match::All {
        Box::new(BooleanQuery::new(
            word_clauses
                .into_iter()
                .map(|(_, q)| (Occur::Must, q))
                .collect(),
        ))
    } else {
        // In a fallback, a word in a good part of all names ("công" of "Công ty", "xã") says
        // little on its own and would make the fallback visit most of the index: such words
        // only add to the score, the others decide.
        let mut deciding = Vec::with_capacity(word_clauses.len());
        for (word, clause) in words.iter().zip(word_clauses) {
            if ctx.lexicon.doc_freq(fields.names, &word.folded)? > common_names(ctx)? {
                clauses.push(clause.1);
            } else {
                deciding.push(clause);
            }
        }
        if deciding.is_empty() {
            return Ok(Box::new(EmptyQuery));
        }
        let at_least = match mode {
            Match::AllButOne => deciding.len().saturating_sub(1).max(1),
            _ => 1,
        };
        Box::new(BooleanQuery::with_minimum_required_clauses(
            deciding, at_least,
        ))
    };
    if words.len() >= 2 {
        let folded = || words.iter().map(|w| w.folded.as_str());
        let stemmed = words.iter().map(|w| w.stemmed.as_str());
        // As for words, a phrase found in several names of an entity counts once.
        let names: Vec<Box<dyn Query>> = vec![
            phrase(fields.label, folded(), W_PHRASE_LABEL),
            phrase(fields.alt, folded(), W_PHRASE_ALT),
            phrase(fields.sci, folded(), W_PHRASE_SCI),
            phrase(fields.label_en, stemmed, W_PHRASE_EN),
        ];
        clauses.extend([
            Box::new(AnyOf::best(names, TIE_BREAKER)) as Box<dyn Query>,
            phrase(
                fields.label_exact,
                words.iter().map(|w| w.exact.as_str()),
                W_PHRASE_LABEL_EXACT,
            ),
            phrase(fields.text, folded(), W_PHRASE_TEXT),
        ]);
    }
    let whole = analysis::whole(q, true);
    if !whole.is_empty() {
        clauses.push(term(fields.names_whole, &whole, W_WHOLE));
        clauses.push(term(fields.label_whole, &whole, W_WHOLE_LABEL));
        clauses.push(term(
            fields.label_whole_exact,
            &analysis::whole(q, false),
            W_WHOLE_EXACT,
        ));
    }
    // Codes: a chunk that the word analyzer splits ("II.2.2.7" -> ii 2 2 7) is also looked up
    // whole in the code field.
    for code in analysis::token_texts(CODE, q) {
        if code.chars().any(|c| !c.is_alphanumeric()) {
            clauses.push(term(fields.alt_code, &code, W_CODE));
        }
    }
    Ok(Box::new(Bonus::new(required, clauses)))
}

/// Kind and facet filters, merged: `("kind", k)` filters count as kinds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    /// Allowed kinds (OR); empty means all.
    pub(crate) kinds: Vec<String>,
    /// Facet name → allowed values (OR within, AND across).
    pub(crate) facets: BTreeMap<String, Vec<String>>,
}

impl Filters {
    pub(crate) fn new(kinds: &[String], filters: &[(String, String)]) -> Self {
        let mut out = Filters {
            kinds: kinds.to_vec(),
            facets: BTreeMap::new(),
        };
        for (name, value) in filters {
            if name == crate::schema::KIND_FACET {
                out.kinds.push(value.clone());
            } else {
                out.facets
                    .entry(name.clone())
                    .or_default()
                    .push(value.clone());
            }
        }
        out.kinds.sort();
        out.kinds.dedup();
        out
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.facets.is_empty()
    }

    /// The filter clauses (each contributes no score), optionally without the kind filter.
    fn clauses(&self, fields: &Fields, with_kinds: bool) -> Vec<Box<dyn Query>> {
        let any_of = |terms: Vec<Term>| -> Box<dyn Query> {
            let union = BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| {
                        let q: Box<dyn Query> =
                            Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                        (Occur::Should, q)
                    })
                    .collect(),
            );
            Box::new(ConstScoreQuery::new(Box::new(union), 0.0))
        };
        let mut out = Vec::new();
        if with_kinds && !self.kinds.is_empty() {
            out.push(any_of(
                self.kinds
                    .iter()
                    .map(|k| Term::from_field_text(fields.kind, k))
                    .collect(),
            ));
        }
        for (name, values) in &self.facets {
            out.push(any_of(
                values
                    .iter()
                    .map(|v| Term::from_field_text(fields.facet, &facet_key(name, v)))
                    .collect(),
            ));
        }
        out
    }
}

/// `relevance` (or every document when `None`) restricted by `filters`.
pub(crate) fn filtered(
    fields: &Fields,
    relevance: Option<Box<dyn Query>>,
    filters: &Filters,
    with_kinds: bool,
) -> Box<dyn Query> {
    let main = relevance.unwrap_or_else(|| Box::new(AllQuery));
    let filter_clauses = filters.clauses(fields, with_kinds);
    if filter_clauses.is_empty() {
        return main;
    }
    let mut clauses = vec![(Occur::Must, main)];
    clauses.extend(filter_clauses.into_iter().map(|q| (Occur::Must, q)));
    Box::new(BooleanQuery::new(clauses))
}
