//! Queries whose optional clauses only add to the score of what a required query matches, read
//! at those matches alone.
//!
//! tantivy gathers the optional clauses of a boolean query (and the disjuncts of a
//! `DisjunctionMaxQuery`) in a buffered union: to score one match it fills a window of 4 096
//! document ids from every optional posting list, scoring each document of the window. That is
//! the fastest way to walk a union from start to end, and the slowest way to look up a few of its
//! documents. A search's optional clauses (phrases, exact marks, the text field, whole names)
//! are looked up at each match of the required words only, which are far fewer than the
//! documents of their posting lists: on a million entities, "tam thất" matches 29 000 of them,
//! while its words occur in the text of many more. [`Bonus`] and [`AnyOf`] score the same as
//! `BooleanQuery` with `Should` clauses and `DisjunctionMaxQuery`, and move each optional
//! posting list with `seek` (skip lists) to the match being scored.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// A required query plus optional queries that add to the score of its matches and do not change
/// what matches: `+required optional…` with the optional clauses read only at the matches.
pub(crate) struct Bonus {
    required: Box<dyn Query>,
    bonus: Vec<Box<dyn Query>>,
}

impl Bonus {
    /// `required`, with the scores of the `bonus` queries that match a document added to its.
    pub(crate) fn new(required: Box<dyn Query>, bonus: Vec<Box<dyn Query>>) -> Self {
        Bonus { required, bonus }
    }
}

impl Clone for Bonus {
    fn clone(&self) -> Self {
        Bonus {
            required: self.required.box_clone(),
            bonus: self.bonus.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl fmt::Debug for Bonus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bonus")
            .field("required", &self.required)
            .field("bonus", &self.bonus)
            .finish()
    }
}

impl Query for Bonus {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let required = self.required.weight(scoring)?;
        // Counting and filtering read the required query alone.
        if !scoring.is_scoring_enabled() || self.bonus.is_empty() {
            return Ok(required);
        }
        let bonus = self
            .bonus
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(BonusWeight { required, bonus }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.required.query_terms(visitor);
        for q in &self.bonus {
            q.query_terms(visitor);
        }
    }
}

struct BonusWeight {
    required: Box<dyn Weight>,
    bonus: Vec<Box<dyn Weight>>,
}

impl BonusWeight {
    fn bonus_scorers(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Vec<Box<dyn Scorer>>> {
        let mut out = Vec::with_capacity(self.bonus.len());
        for w in &self.bonus {
            let scorer = w.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                out.push(scorer);
            }
        }
        Ok(out)
    }
}

impl Weight for BonusWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(BonusScorer {
            required: self.required.scorer(reader, boost)?,
            bonus: self.bonus_scorers(reader, boost)?,
        }))
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(tantivy::SeekDangerResult, Box<dyn Scorer>)> {
        // The bonus scorers stay valid: they only ever move to the document being scored.
        let (result, required) = self.required.scorer_danger(reader, target, boost)?;
        let scorer = BonusScorer {
            required,
            bonus: self.bonus_scorers(reader, boost)?,
        };
        Ok((result, Box::new(scorer)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let required = self.required.explain(reader, doc)?;
        let mut total = required.value();
        let mut details = vec![required];
        for w in &self.bonus {
            if let Ok(e) = w.explain(reader, doc) {
                total += e.value();
                details.push(e);
            }
        }
        let mut out = Explanation::new("Bonus: the required score plus what matches", total);
        for d in details {
            out.add_detail(d);
        }
        Ok(out)
    }
}

struct BonusScorer {
    required: Box<dyn Scorer>,
    bonus: Vec<Box<dyn Scorer>>,
}

impl DocSet for BonusScorer {
    fn advance(&mut self) -> DocId {
        self.required.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.required.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> tantivy::SeekDangerResult {
        self.required.seek_danger(target)
    }

    fn doc(&self) -> DocId {
        self.required.doc()
    }

    fn size_hint(&self) -> u32 {
        self.required.size_hint()
    }

    fn cost(&self) -> u64 {
        self.required.cost()
    }
}

impl Scorer for BonusScorer {
    fn score(&mut self) -> Score {
        let doc = self.required.doc();
        let mut score = self.required.score();
        for b in &mut self.bonus {
            if b.doc() < doc {
                b.seek(doc);
            }
            if b.doc() == doc {
                score += b.score();
            }
        }
        score
    }
}

/// How [`AnyOf`] combines the scores of the queries that match a document.
#[derive(Debug, Clone, Copy)]
enum Combine {
    /// Their sum, as `Should` clauses of a `BooleanQuery`.
    Sum,
    /// The best, plus `tie_breaker` times the others, as `DisjunctionMaxQuery`.
    Max { tie_breaker: Score },
}

/// Documents that any of the queries match, scored by their sum or their best: a union for the
/// optional side of a [`Bonus`], where it is sought document by document rather than walked.
pub(crate) struct AnyOf {
    queries: Vec<Box<dyn Query>>,
    combine: Combine,
}

impl AnyOf {
    /// Scored as the sum of the queries that match (`BooleanQuery` of `Should` clauses).
    pub(crate) fn sum(queries: Vec<Box<dyn Query>>) -> Self {
        AnyOf {
            queries,
            combine: Combine::Sum,
        }
    }

    /// Scored as the best query that matches plus `tie_breaker` times the others
    /// (`DisjunctionMaxQuery::with_tie_breaker`).
    pub(crate) fn best(queries: Vec<Box<dyn Query>>, tie_breaker: Score) -> Self {
        AnyOf {
            queries,
            combine: Combine::Max { tie_breaker },
        }
    }
}

impl Clone for AnyOf {
    fn clone(&self) -> Self {
        AnyOf {
            queries: self.queries.iter().map(|q| q.box_clone()).collect(),
            combine: self.combine,
        }
    }
}

impl fmt::Debug for AnyOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnyOf")
            .field("queries", &self.queries)
            .field("combine", &self.combine)
            .finish()
    }
}

impl Query for AnyOf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .queries
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyOfWeight {
            weights,
            combine: self.combine,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.queries {
            q.query_terms(visitor);
        }
    }
}

struct AnyOfWeight {
    weights: Vec<Box<dyn Weight>>,
    combine: Combine,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for w in &self.weights {
            let scorer = w.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        if scorers.len() == 1 && matches!(self.combine, Combine::Sum) {
            return Ok(scorers.remove(0));
        }
        let doc = scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        Ok(Box::new(AnyOfScorer {
            scorers,
            combine: self.combine,
            doc,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #{doc} does not match"
            )));
        }
        let mut out = Explanation::new("AnyOf", scorer.score());
        for w in &self.weights {
            if let Ok(e) = w.explain(reader, doc) {
                out.add_detail(e);
            }
        }
        Ok(out)
    }
}

/// A union that does not buffer: its document is the least of its scorers', and `seek` moves
/// only the scorers behind the target.
struct AnyOfScorer {
    scorers: Vec<Box<dyn Scorer>>,
    combine: Combine,
    doc: DocId,
}

impl AnyOfScorer {
    fn settle(&mut self) -> DocId {
        self.doc = self
            .scorers
            .iter()
            .map(|s| s.doc())
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for AnyOfScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let at = self.doc;
        for s in &mut self.scorers {
            if s.doc() == at {
                s.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for s in &mut self.scorers {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for AnyOfScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let (mut sum, mut max) = (0.0, 0.0);
        for s in &mut self.scorers {
            if s.doc() == doc {
                let score = s.score();
                sum += score;
                max = Score::max(max, score);
            }
        }
        match self.combine {
            Combine::Sum => sum,
            Combine::Max { tie_breaker } => max + (sum - max) * tie_breaker,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, DisjunctionMaxQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, doc};

    /// An index of 3 000 short texts over a small vocabulary, so that unions span several of
    /// tantivy's 4 096-document windows and most documents match several terms.
    fn index() -> (Index, tantivy::schema::Field, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let a = schema.add_text_field("a", TEXT);
        let b = schema.add_text_field("b", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["tam", "that", "duong", "quy", "sa", "pa", "bac", "ha"];
        let mut state: u64 = 7;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for _ in 0..9_000 {
            let pick = |n: usize, next: &mut dyn FnMut() -> usize| {
                (0..n)
                    .map(|_| words[next() % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (na, nb) = (1 + next() % 4, next() % 3);
            let text_a = pick(na, &mut next);
            let text_b = pick(nb, &mut next);
            writer.add_document(doc!(a => text_a, b => text_b)).unwrap();
        }
        writer.commit().unwrap();
        (index, a, b)
    }

    fn t(field: tantivy::schema::Field, w: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, w),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// Every match with its score, in document order.
    fn all(index: &Index, q: &dyn Query) -> Vec<(u32, Score)> {
        let searcher = index.reader().unwrap().searcher();
        let mut out: Vec<(u32, Score)> = searcher
            .search(q, &TopDocs::with_limit(100_000).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, address)| (address.doc_id, score))
            .collect();
        out.sort_by_key(|&(doc, _)| doc);
        out
    }

    fn assert_same(left: &[(u32, Score)], right: &[(u32, Score)]) {
        assert_eq!(left.len(), right.len());
        for (l, r) in left.iter().zip(right) {
            assert_eq!(l.0, r.0);
            assert!((l.1 - r.1).abs() < 1e-4, "doc {}: {} vs {}", l.0, l.1, r.1);
        }
    }

    #[test]
    fn scores_as_a_boolean_query_with_should_clauses() {
        let (index, a, b) = index();
        let boolean = BooleanQuery::new(vec![
            (Occur::Must, t(a, "tam")),
            (Occur::Should, t(a, "that")),
            (Occur::Should, t(b, "quy")),
            (Occur::Should, t(b, "tam")),
        ]);
        let bonus = Bonus::new(t(a, "tam"), vec![t(a, "that"), t(b, "quy"), t(b, "tam")]);
        let expected = all(&index, &boolean);
        assert!(expected.len() > 2_000, "{} matches", expected.len());
        assert_same(&all(&index, &bonus), &expected);
        // Counting needs no scores and reads the required query alone.
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(bonus.count(&searcher).unwrap(), expected.len());
    }

    #[test]
    fn any_of_scores_as_a_disjunction_max_and_as_a_union() {
        let (index, a, b) = index();
        let parts = || vec![t(a, "duong"), t(b, "duong"), t(b, "pa")];
        let dismax = DisjunctionMaxQuery::with_tie_breaker(parts(), 0.2);
        let expected = all(&index, &dismax);
        assert_same(&all(&index, &AnyOf::best(parts(), 0.2)), &expected);
        let union = BooleanQuery::new(parts().into_iter().map(|q| (Occur::Should, q)).collect());
        assert_same(&all(&index, &AnyOf::sum(parts())), &all(&index, &union));
        // As the optional side of a bonus.
        let boolean = BooleanQuery::new(vec![
            (Occur::Must, t(a, "sa")),
            (
                Occur::Should,
                Box::new(DisjunctionMaxQuery::with_tie_breaker(parts(), 0.2)),
            ),
        ]);
        let bonus = Bonus::new(t(a, "sa"), vec![Box::new(AnyOf::best(parts(), 0.2))]);
        assert_same(&all(&index, &bonus), &all(&index, &boolean));
    }

    #[test]
    fn inside_an_intersection_and_with_nothing_optional() {
        let (index, a, b) = index();
        let word = |w: &str| -> Box<dyn Query> { Box::new(Bonus::new(t(a, w), vec![t(b, w)])) };
        let classic = |w: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, t(a, w)),
                (Occur::Should, t(b, w)),
            ]))
        };
        let ours = BooleanQuery::new(vec![(Occur::Must, word("bac")), (Occur::Must, word("ha"))]);
        let theirs = BooleanQuery::new(vec![
            (Occur::Must, classic("bac")),
            (Occur::Must, classic("ha")),
        ]);
        let expected = all(&index, &theirs);
        assert!(!expected.is_empty());
        assert_same(&all(&index, &ours), &expected);
        assert_same(
            &all(&index, &Bonus::new(t(a, "ha"), vec![])),
            &all(&index, &*t(a, "ha")),
        );
        // Terms for the snippet generator come from both sides.
        let mut terms = Vec::new();
        word("bac").query_terms(&mut |term, _| terms.push(term.clone()));
        assert_eq!(terms.len(), 2);
    }
}
