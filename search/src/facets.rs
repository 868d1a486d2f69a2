//! Facet counting from the `facet` fast field.
//!
//! Every document carries its `(name, value)` pairs as `name\u{1f}value` strings in one
//! multi-valued, dictionary-encoded fast field. Counting is then a matter of bumping a counter per
//! term ordinal for each matching document and, once per segment, turning the ordinals that were
//! hit into strings: no stored document is read, so the cost is one column read per match, which
//! is what makes facet counts over a million matches affordable.

use std::collections::BTreeMap;
use std::io;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::split_facet_key;

/// Facet name → value → count.
pub(crate) type FacetCounts = BTreeMap<String, BTreeMap<String, u64>>;

/// Counts the values of a multi-valued string fast field holding `name\u{1f}value` pairs.
pub(crate) struct FacetCounter {
    field: &'static str,
}

impl FacetCounter {
    pub(crate) fn new(field: &'static str) -> Self {
        FacetCounter { field }
    }
}

impl Collector for FacetCounter {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let column = segment.fast_fields().str(self.field)?;
        let counts = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegmentFacetCounter { column, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<io::Result<FacetCounts>>,
    ) -> tantivy::Result<FacetCounts> {
        let mut merged = FacetCounts::new();
        for fruit in segment_fruits {
            for (name, values) in fruit? {
                let entry = merged.entry(name).or_default();
                for (value, count) in values {
                    *entry.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

/// The per-segment half of [`FacetCounter`].
pub(crate) struct SegmentFacetCounter {
    column: Option<StrColumn>,
    /// Count per term ordinal of the segment's dictionary.
    counts: Vec<u64>,
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = io::Result<FacetCounts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(count) = self.counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn harvest(self) -> io::Result<FacetCounts> {
        let mut out = FacetCounts::new();
        let Some(column) = self.column else {
            return Ok(out);
        };
        let (ords, counts): (Vec<u64>, Vec<u64>) = self
            .counts
            .iter()
            .enumerate()
            .filter(|&(_, &count)| count > 0)
            .map(|(ord, &count)| (ord as u64, count))
            .unzip();
        let mut counts = counts.into_iter();
        let mut decode_error = false;
        column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            let count = counts.next().unwrap_or(0);
            let Ok(key) = std::str::from_utf8(bytes) else {
                decode_error = true;
                return;
            };
            if let Some((name, value)) = split_facet_key(key) {
                *out.entry(name.to_string())
                    .or_default()
                    .entry(value.to_string())
                    .or_default() += count;
            }
        })?;
        if decode_error {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "facet dictionary holds a term that is not utf-8",
            ));
        }
        Ok(out)
    }
}
