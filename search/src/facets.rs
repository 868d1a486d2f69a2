//! Facet counting from the `facet` fast field.
//!
//! Every document carries its `(name, value)` pairs as `name\u{1f}value` strings in one
//! multi-valued, dictionary-encoded fast field. Counting is a matter of bumping a counter per
//! term ordinal for each matching document and, once per segment, turning the most frequent
//! ordinals into strings: no stored document is read, so the cost is one column read per match.
//!
//! A facet such as `commune` may have as many values as there are entities. Only the
//! [`MAX_FACET_VALUES`] most frequent values of each facet are returned: the cost of a search
//! then depends on the number of matches, not on the size of a facet's vocabulary, and a page
//! gets a list a person can read. Each segment keeps its [`SEGMENT_FACET_VALUES`] most
//! frequent values per facet before the segments are merged, as search engines do per shard;
//! the counts shown are exact whenever the index has one segment or no segment has more values
//! than that for the facet, which holds for every facet of the bundled data. Turning an ordinal
//! into its string decompresses a block of the dictionary, so the fewer kept, the faster.

use std::collections::BTreeMap;
use std::io;
use std::sync::Mutex;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{FACET_SEP, split_facet_key};

/// Facet name → value → count.
pub(crate) type FacetCounts = BTreeMap<String, BTreeMap<String, u64>>;

/// Most values returned per facet: the most frequent ones (ties broken by value).
pub const MAX_FACET_VALUES: usize = 50;
/// Values kept per facet and segment before the counts of several segments are merged.
const SEGMENT_FACET_VALUES: usize = 4 * MAX_FACET_VALUES;

/// Counts the values of a multi-valued string fast field holding `name\u{1f}value` pairs.
pub(crate) struct FacetCounter {
    field: &'static str,
    /// Values kept per facet and segment.
    keep: usize,
}

impl FacetCounter {
    /// Counts `field` over a searcher of `segments` segments.
    pub(crate) fn new(field: &'static str, segments: usize) -> Self {
        let keep = if segments > 1 {
            SEGMENT_FACET_VALUES
        } else {
            MAX_FACET_VALUES
        };
        FacetCounter { field, keep }
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
        let counts = counts_buffer(column.as_ref().map_or(0, |c| c.num_terms()));
        Ok(SegmentFacetCounter {
            column,
            counts,
            hit: Vec::new(),
            keep: self.keep,
        })
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
        for values in merged.values_mut() {
            if values.len() > MAX_FACET_VALUES {
                let mut ranked: Vec<(String, u64)> = std::mem::take(values).into_iter().collect();
                ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                ranked.truncate(MAX_FACET_VALUES);
                *values = ranked.into_iter().collect();
            }
        }
        Ok(merged)
    }
}

/// Count buffers of earlier searches, all zeros, for the next ones: a facet such as `commune`
/// has a value per entity, so a buffer is megabytes at a national size, and zeroing a fresh one
/// for every search cost a tenth of a search's CPU. A search zeroes again only the counts it
/// bumped (it knows them: [`SegmentFacetCounter::hit`]) before giving its buffer back.
static SPARE_COUNTS: Mutex<Vec<Vec<u32>>> = Mutex::new(Vec::new());

/// Buffers kept for reuse: as many as searches run at once on a busy server, about.
const SPARE_BUFFERS: usize = 16;

/// A buffer of at least `len` zero counts.
fn counts_buffer(len: usize) -> Vec<u32> {
    let spare = SPARE_COUNTS.lock().ok().and_then(|mut spare| spare.pop());
    let mut counts = spare.unwrap_or_default();
    if counts.len() < len {
        counts.resize(len, 0);
    }
    counts
}

/// Gives back a buffer whose nonzero counts are at most those at `hit`.
fn give_back(mut counts: Vec<u32>, hit: &[u32]) {
    for &ord in hit {
        counts[ord as usize] = 0;
    }
    debug_assert!(counts.iter().all(|&c| c == 0));
    if let Ok(mut spare) = SPARE_COUNTS.lock()
        && spare.len() < SPARE_BUFFERS
    {
        spare.push(counts);
    }
}

/// The per-segment half of [`FacetCounter`].
pub(crate) struct SegmentFacetCounter {
    column: Option<StrColumn>,
    /// Count per term ordinal of the segment's dictionary (the buffer may be longer).
    counts: Vec<u32>,
    /// The ordinals counted at least once, in the order first seen.
    hit: Vec<u32>,
    /// Values kept per facet.
    keep: usize,
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = io::Result<FacetCounts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(count) = self.counts.get_mut(ord as usize) {
                    if *count == 0 {
                        self.hit.push(ord as u32);
                    }
                    *count += 1;
                }
            }
        }
    }

    fn harvest(mut self) -> io::Result<FacetCounts> {
        let mut out = FacetCounts::new();
        let Some(column) = self.column else {
            return Ok(out);
        };
        let dictionary = column.dictionary();
        self.hit.sort_unstable();
        let mut kept: Vec<u64> = Vec::new();
        let mut rest = self.hit.as_slice();
        let mut key = Vec::new();
        // Terms sort by facet name first (`name\u{1f}value`), so the ordinals hit of one facet
        // are a run: find where it ends, keep its most frequent ordinals.
        while let Some(&first) = rest.first() {
            dictionary.ord_to_term(u64::from(first), &mut key)?;
            let name_len = key
                .iter()
                .position(|&b| b == FACET_SEP as u8)
                .unwrap_or(key.len());
            // The first term past this facet's: its name followed by the byte after the separator.
            let mut past = key[..name_len].to_vec();
            past.push(FACET_SEP as u8 + 1);
            let mut stream = dictionary.range().ge(&past).into_stream()?;
            let end = if stream.advance() {
                stream.term_ord()
            } else {
                u64::MAX
            };
            let run = rest.partition_point(|&ord| u64::from(ord) < end).max(1);
            let (facet, tail) = rest.split_at(run);
            rest = tail;
            let mut ords = facet.to_vec();
            if ords.len() > self.keep {
                let counts = &self.counts;
                ords.select_nth_unstable_by(self.keep - 1, |&a, &b| {
                    counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b))
                });
                ords.truncate(self.keep);
                ords.sort_unstable();
            }
            kept.extend(ords.into_iter().map(u64::from));
        }
        let mut counts = kept.iter().map(|&ord| self.counts[ord as usize]);
        let mut decode_error = false;
        dictionary.sorted_ords_to_term_cb(&kept, |bytes| {
            let count = counts.next().unwrap_or(0);
            let Ok(key) = std::str::from_utf8(bytes) else {
                decode_error = true;
                return;
            };
            if let Some((name, value)) = split_facet_key(key) {
                *out.entry(name.to_string())
                    .or_default()
                    .entry(value.to_string())
                    .or_default() += u64::from(count);
            }
        })?;
        give_back(std::mem::take(&mut self.counts), &self.hit);
        if decode_error {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "facet dictionary holds a term that is not utf-8",
            ));
        }
        Ok(out)
    }
}
