//! The plain values that go in and out of the index.

use std::collections::BTreeMap;

use serde::Serialize;

/// One searchable entity, as the caller extracted it from the graph.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EntityDoc {
    /// The entity's IRI: what a hit points back to.
    pub iri: String,
    /// Entity type key: `plan`, `clause`, `target`, `task`, `task-group`, `agency`,
    /// `agency-group`, `legal-document`, `enterprise`, `lab`, `taxon`, `commune`…
    pub kind: String,
    /// Main label, in Vietnamese.
    pub label: String,
    /// English label, analysed with English stemming.
    pub label_en: Option<String>,
    /// Codes and variants (`II.2.2.7`, `Target 10`, abbreviations); codes stay findable whole.
    pub alt_labels: Vec<String>,
    /// Longer body text (task text, deliverables…), matched with a low weight and used for
    /// snippets.
    pub text: String,
    /// Scientific names (`Angelica sinensis`).
    pub scientific_names: Vec<String>,
    /// `(facet name, value)` pairs such as `("section", "II")` or `("lead", "Sở Y tế")`.
    /// The name `kind` is reserved for [`EntityDoc::kind`]; pairs using it are ignored.
    pub facets: Vec<(String, String)>,
    /// IRI of the named graph the entity came from, the unit of
    /// [`SearchIndex::replace_source`](crate::SearchIndex::replace_source).
    pub source: String,
    /// Whether the entity is an illustrative record (not a fact from a public source), which
    /// every hit must say.
    pub illustrative: bool,
}

/// A search: words, filters and a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchRequest {
    /// What the user typed. Not a query language: every character is text.
    /// May be empty when `kinds` or `filters` are given, to list what they select.
    pub q: String,
    /// Only entities of one of these kinds; empty means every kind.
    pub kinds: Vec<String>,
    /// Facet filters: OR between values of one facet name, AND across names.
    /// `("kind", k)` is the same as adding `k` to `kinds`.
    pub filters: Vec<(String, String)>,
    /// Page size, `0..=`[`MAX_LIMIT`](crate::MAX_LIMIT); `0` returns only `total` and `facets`.
    pub limit: usize,
    /// Hits to skip; `offset + limit` is at most [`MAX_WINDOW`](crate::MAX_WINDOW).
    pub offset: usize,
    /// The order of the hits.
    pub sort: Sort,
}

/// The order of search hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// By label, folded (case and marks ignored), A to Z; hits then carry a score of 0.
    Name,
}

/// What a search found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// Number of matching entities (all pages).
    pub total: usize,
    /// The requested page, best first (or by kind then label when `q` is empty).
    pub hits: Vec<Hit>,
    /// Facet name → value → number of matching entities. Always has `kind`, counted without
    /// the kind filter (so a UI can show the other kinds), plus every facet name present in the
    /// matches. Each facet holds at most [`MAX_FACET_VALUES`](crate::MAX_FACET_VALUES) values,
    /// the most frequent ones.
    pub facets: BTreeMap<String, BTreeMap<String, u64>>,
}

/// One matching entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Hit {
    /// The entity's IRI.
    pub iri: String,
    /// Entity type key.
    pub kind: String,
    /// Main label (NFC).
    pub label: String,
    /// HTML: the text around the match with `<mark>…</mark>` around matched words and every
    /// other character escaped; the start of the text, or the label, when the text has no match.
    pub snippet: String,
    /// Relevance score; higher is better. `0` when listing without a query.
    pub score: f32,
    /// Whether the entity is an illustrative record.
    pub illustrative: bool,
}

/// A completion for a label prefix.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Suggestion {
    /// The entity's IRI.
    pub iri: String,
    /// Entity type key.
    pub kind: String,
    /// Main label (NFC).
    pub label: String,
    /// Rank; higher is better: the integer part is the match class (3 label starts with the
    /// prefix, 1 label contains it, 0 only an alternative label starts with it), the fraction
    /// favours shorter labels.
    pub score: f32,
}
