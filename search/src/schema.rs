//! The tantivy schema and the mapping of an [`EntityDoc`] onto it.

use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{self, CODE, ENGLISH, EXACT, FOLD};
use crate::model::EntityDoc;

/// Facet name reserved for the entity kind.
pub(crate) const KIND_FACET: &str = "kind";
/// Separates a facet name from its value in the `facet` field ("section\u{1f}II").
pub(crate) const FACET_SEP: char = '\u{1f}';
/// Separates the folded label from the label in the `sort_label` fast field.
const SORT_SEP: char = '\u{1}';

/// Fast field names used by collectors (which address fast fields by name).
pub(crate) const KIND_NAME: &str = "kind";
pub(crate) const FACET_NAME: &str = "facet";
pub(crate) const SORT_LABEL_NAME: &str = "sort_label";
pub(crate) const LABEL_LEN_NAME: &str = "label_len";

/// The fields of the index.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub(crate) iri: Field,
    pub(crate) kind: Field,
    pub(crate) source: Field,
    /// Folded, stored: matched, highlighted and returned.
    pub(crate) label: Field,
    pub(crate) label_exact: Field,
    pub(crate) label_en: Field,
    pub(crate) alt: Field,
    pub(crate) alt_code: Field,
    pub(crate) sci: Field,
    /// Folded, stored: matched and used for snippets.
    pub(crate) text: Field,
    pub(crate) text_exact: Field,
    pub(crate) facet: Field,
    pub(crate) sort_label: Field,
    pub(crate) label_len: Field,
    pub(crate) illustrative: Field,
    /// The label and every alternative and scientific name, each whole as one term, folded.
    pub(crate) names_whole: Field,
    /// The label whole, with its diacritics.
    pub(crate) label_whole_exact: Field,
    /// The label whole, folded (the main name only, not the alternatives).
    pub(crate) label_whole: Field,
    /// Every folded word of the label, alternative and scientific names and the text, without
    /// frequencies or positions: what decides whether a query word matches (one posting list
    /// per word instead of a union over the fields), while the per-field clauses score.
    pub(crate) words: Field,
    /// Every folded word of the label, alternative and scientific names, without frequencies
    /// or positions: what a word must match in the fallbacks, where a partial match only
    /// counts in names.
    pub(crate) names: Field,
}

fn analysed(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

impl Fields {
    /// Builds the schema and the field handles.
    pub(crate) fn schema() -> (Schema, Fields) {
        let positions = IndexRecordOption::WithFreqsAndPositions;
        let mut b = Schema::builder();
        let fields = Fields {
            iri: b.add_text_field("iri", STRING | STORED),
            kind: b.add_text_field(KIND_NAME, STRING | STORED | FAST),
            source: b.add_text_field("source", STRING),
            label: b.add_text_field("label", analysed(FOLD, positions).set_stored()),
            label_exact: b.add_text_field("label_exact", analysed(EXACT, positions)),
            label_en: b.add_text_field("label_en", analysed(ENGLISH, positions)),
            alt: b.add_text_field("alt", analysed(FOLD, positions)),
            alt_code: b.add_text_field("alt_code", analysed(CODE, IndexRecordOption::WithFreqs)),
            sci: b.add_text_field("sci", analysed(FOLD, positions)),
            text: b.add_text_field("text", analysed(FOLD, positions).set_stored()),
            text_exact: b.add_text_field("text_exact", analysed(EXACT, positions)),
            facet: b.add_text_field(FACET_NAME, STRING | FAST),
            sort_label: b.add_text_field(SORT_LABEL_NAME, TextOptions::default().set_fast("raw")),
            label_len: b.add_u64_field(LABEL_LEN_NAME, INDEXED | FAST),
            illustrative: b.add_bool_field("illustrative", STORED),
            names_whole: b.add_text_field("names_whole", STRING),
            label_whole_exact: b.add_text_field("label_whole_exact", STRING),
            label_whole: b.add_text_field("label_whole", STRING),
            words: b.add_text_field("words", analysed(FOLD, IndexRecordOption::Basic)),
            names: b.add_text_field("names", analysed(FOLD, IndexRecordOption::Basic)),
        };
        (b.build(), fields)
    }

    /// Maps an entity onto a tantivy document. Strings are stored in NFC.
    pub(crate) fn document(&self, doc: &EntityDoc) -> TantivyDocument {
        let label = analysis::nfc(&doc.label);
        let text = analysis::nfc(&doc.text);
        let mut d = TantivyDocument::default();
        d.add_text(self.iri, &doc.iri);
        d.add_text(self.kind, &doc.kind);
        d.add_text(self.source, &doc.source);
        d.add_text(self.label, &label);
        d.add_text(self.label_exact, &label);
        d.add_text(self.words, &label);
        d.add_text(self.names, &label);
        if let Some(en) = &doc.label_en {
            d.add_text(self.label_en, en);
            // The English name's stems, so that a stemmed query word matches in one list.
            let stems = analysis::token_texts(ENGLISH, en).join(" ");
            d.add_text(self.words, &stems);
            d.add_text(self.names, &stems);
        }
        for alt in &doc.alt_labels {
            d.add_text(self.alt, alt);
            d.add_text(self.alt_code, alt);
            d.add_text(self.words, alt);
            d.add_text(self.names, alt);
        }
        for name in &doc.scientific_names {
            d.add_text(self.sci, name);
            d.add_text(self.words, name);
            d.add_text(self.names, name);
        }
        d.add_text(self.text, &text);
        d.add_text(self.words, &text);
        d.add_text(self.text_exact, &text);
        d.add_text(self.facet, facet_key(KIND_FACET, &doc.kind));
        for (name, value) in &doc.facets {
            if name != KIND_FACET {
                d.add_text(self.facet, facet_key(name, value));
            }
        }
        d.add_text(
            self.sort_label,
            format!("{}{SORT_SEP}{label}", analysis::fold(&label)),
        );
        d.add_u64(self.label_len, label.chars().count() as u64);
        d.add_bool(self.illustrative, doc.illustrative);
        d.add_text(self.names_whole, analysis::whole(&label, true));
        d.add_text(self.label_whole_exact, analysis::whole(&label, false));
        d.add_text(self.label_whole, analysis::whole(&label, true));
        for name in doc.alt_labels.iter().chain(&doc.scientific_names) {
            d.add_text(self.names_whole, analysis::whole(name, true));
        }
        d
    }
}

/// The `facet` field value for a facet name and value (both NFC; the separator is removed from
/// both so that the pair splits back unambiguously).
pub(crate) fn facet_key(name: &str, value: &str) -> String {
    let clean = |s: &str| analysis::nfc(s).replace(FACET_SEP, " ");
    format!("{}{FACET_SEP}{}", clean(name), clean(value))
}

/// Splits a `facet` field value back into name and value.
pub(crate) fn split_facet_key(key: &str) -> Option<(&str, &str)> {
    key.split_once(FACET_SEP)
}
