//! Full-text search over the BioKG Lào Cai knowledge graph, on tantivy.
//!
//! [`SearchIndex`] is the entry point: the caller (which reads the RDF graph) hands it plain
//! [`EntityDoc`]s per source graph and asks it [`SearchRequest`]s; it answers with ranked
//! [`Hit`]s, highlighted snippets, facet counts and label [`Suggestion`]s. The crate knows
//! nothing about RDF or HTTP.
//!
//! Search is built for Vietnamese: text is normalised (NFC), lowercased and folded ([`fold`]:
//! `Tằng Loỏng`, `tang loong` and `TẰNG LOỎNG` are one query), while an exact (diacritics kept)
//! copy of labels and text ranks the right-marked word first. User input is never parsed as a
//! query language: it is cut into words and built into queries here.

mod analysis;
mod bonus;
mod error;
mod expand;
mod facets;
mod index;
mod model;
mod query;
mod schema;
mod snippet;
mod synonyms;
pub mod synthetic;

pub use analysis::{fold, index_words};
pub use error::{Error, Result};
pub use facets::MAX_FACET_VALUES;
pub use index::{
    INDEX_FORMAT, MAX_FILTERS, MAX_LIMIT, MAX_QUERY_CHARS, MAX_QUERY_WORDS, MAX_SUGGEST,
    MAX_WINDOW, Rebuild, SearchIndex,
};
pub use model::{EntityDoc, Hit, SearchRequest, SearchResults, Sort, Suggestion};
pub use snippet::escape_html;
pub use synonyms::Synonyms;
