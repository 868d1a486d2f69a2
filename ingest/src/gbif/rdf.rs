//! GBIF answers as quads: a taxon's match, classification and accepted name, and its
//! occurrence records, with the counts and warnings of the report.
//!
//! What is recorded depends on how good the match is. Every taxon gets its match type and
//! confidence. A usable match (EXACT or FUZZY, confident enough, at the source's rank) also
//! gets the GBIF identifier, status, accepted name, classification and a `skos:exactMatch`
//! to the GBIF page; a confident match at another rank gets the identifier and classification
//! but no link; a HIGHERRANK match only a `skos:broadMatch` to the higher taxon and its
//! classification; NONE nothing more. The report warns about everything but a usable match.

use super::TaxonName;
use super::api::{MatchType, NameMatch, Occurrence, OccurrencePage};
use crate::source::{Sink, SourceFile};
use biokg_ontology::{dcterms, dwc, iri, lcb, prov, skos};
use oxrdf::vocab::{rdfs, xsd};
use oxrdf::{Literal, NamedNode, Quad};
use reqwest::Url;

/// Ranks at or below the species: a match at one of them can be the same taxon as a species
/// or infraspecific name of the source.
const SPECIES_LEVEL: &[&str] = &[
    "species",
    "subspecies",
    "variety",
    "subvariety",
    "form",
    "subform",
    "infraspecific_name",
    "infrasubspecific_name",
    "cultivar",
    "strain",
];

/// The GBIF page of a name usage, which is also its IRI.
fn gbif_species(key: u64) -> NamedNode {
    NamedNode::new_unchecked(format!("https://www.gbif.org/species/{key}"))
}

/// The quads of one GBIF ingest, built taxon by taxon, with its counts and warnings.
pub(crate) struct Mapping {
    sink: Sink,
    src: NamedNode,
    min_confidence: i64,
    pub(crate) warnings: Vec<String>,
    pub(crate) taxa: usize,
    pub(crate) exact: usize,
    pub(crate) fuzzy: usize,
    pub(crate) higher_rank: usize,
    pub(crate) none: usize,
    pub(crate) other: usize,
    pub(crate) synonyms: usize,
    pub(crate) linked: usize,
    pub(crate) occurrences: usize,
}

impl Mapping {
    /// A mapping into `source`'s graph, starting with the source entity.
    pub(crate) fn new(source: &SourceFile, base: &Url, min_confidence: u8) -> Self {
        let src = source.entity();
        let mut sink = Sink::for_source_as(
            source,
            &format!("GBIF API {}", source.file_name),
            std::slice::from_ref(&source.file_name),
        );
        if let Ok(b) = NamedNode::new(base.as_str()) {
            sink.add(&src, dcterms::SOURCE, b);
        }
        Self {
            sink,
            src,
            min_confidence: i64::from(min_confidence),
            warnings: Vec::new(),
            taxa: 0,
            exact: 0,
            fuzzy: 0,
            higher_rank: 0,
            none: 0,
            other: 0,
            synonyms: 0,
            linked: 0,
            occurrences: 0,
        }
    }

    /// The quads so far.
    pub(crate) fn into_quads(self) -> Vec<Quad> {
        self.sink.quads
    }

    pub(crate) fn warn(&mut self, taxon: &TaxonName, field: &str, reason: &str) {
        self.warnings
            .push(format!("gbif:{}: {field}: {reason}", taxon.scientific_name));
    }

    /// Records a name match; returns the usage key whose occurrences may be asked for (that of
    /// a usable match), if any.
    pub(crate) fn taxon(&mut self, taxon: &TaxonName, m: &NameMatch, url: &Url) -> Option<u64> {
        self.taxa += 1;
        let t = iri::taxon(&taxon.id);
        self.match_statements(&t, m, url);
        let gbif_rank = m.rank.as_deref().map(str::to_ascii_lowercase);
        let matched = m
            .scientific_name
            .as_deref()
            .or(m.canonical_name.as_deref())
            .unwrap_or("?")
            .to_owned();
        if !self.matched(taxon, &t, m, &matched, gbif_rank.as_deref()) {
            return None;
        }
        // EXACT or FUZZY: the API promises a usage key (checked when parsing).
        let key = m.usage_key?;
        self.usage(&t, m, key, &matched, gbif_rank.as_deref());
        self.classification(&t, m);
        if !self.usable(taxon, m, &matched, gbif_rank.as_deref()) {
            return None;
        }
        self.linked += 1;
        self.sink.add(&t, skos::EXACT_MATCH, gbif_species(key));
        Some(key)
    }

    /// What every answer says of the taxon: where it came from, the match type and confidence.
    fn match_statements(&mut self, t: &NamedNode, m: &NameMatch, url: &Url) {
        let g = &mut self.sink;
        g.typed(t, &[dwc::TAXON]);
        g.add(t, prov::WAS_DERIVED_FROM, self.src.clone());
        if let Ok(u) = NamedNode::new(url.as_str()) {
            g.add(t, prov::HAD_PRIMARY_SOURCE, u);
        }
        g.string(t, lcb::GBIF_MATCH_TYPE, m.match_type.as_str());
        if let Some(c) = m.confidence {
            g.add(t, lcb::GBIF_CONFIDENCE, Literal::from(c));
        }
        if let Some(note) = &m.note {
            g.string(t, lcb::GBIF_MATCH_NOTE, note);
        }
    }

    /// Counts the match by its type; whether it is EXACT or FUZZY, the kinds that may link
    /// (the others are recorded and warned about here).
    fn matched(
        &mut self,
        taxon: &TaxonName,
        t: &NamedNode,
        m: &NameMatch,
        matched: &str,
        gbif_rank: Option<&str>,
    ) -> bool {
        let confidence = m.confidence.unwrap_or(0);
        match &m.match_type {
            MatchType::None => {
                self.none += 1;
                let why = m.note.as_deref().unwrap_or("no match");
                self.warn(taxon, "match", &format!("no GBIF match ({why})"));
                return false;
            }
            MatchType::HigherRank => {
                self.higher_rank += 1;
                if let Some(key) = m.usage_key {
                    self.sink.add(t, skos::BROAD_MATCH, gbif_species(key));
                }
                self.sink.string(t, lcb::GBIF_MATCHED_NAME, matched);
                self.classification(t, m);
                let rank = gbif_rank.unwrap_or("higher rank");
                self.warn(
                    taxon,
                    "match",
                    &format!("only the {rank} {matched} matched (HIGHERRANK, confidence {confidence}): not linked"),
                );
                return false;
            }
            MatchType::Other(kind) => {
                self.other += 1;
                self.warn(
                    taxon,
                    "match",
                    &format!("unknown match type {kind} for {matched}: not linked"),
                );
                return false;
            }
            MatchType::Exact => self.exact += 1,
            MatchType::Fuzzy => self.fuzzy += 1,
        }
        true
    }

    /// The usage an EXACT or FUZZY match gives: its key, name, rank, status and accepted name.
    fn usage(
        &mut self,
        t: &NamedNode,
        m: &NameMatch,
        key: u64,
        matched: &str,
        gbif_rank: Option<&str>,
    ) {
        let g = &mut self.sink;
        g.string(t, dwc::TAXON_ID, &format!("gbif:{key}"));
        g.string(t, lcb::GBIF_MATCHED_NAME, matched);
        if let Some(rank) = gbif_rank {
            g.string(t, dwc::TAXON_RANK, rank);
        }
        if let Some(status) = &m.status {
            g.string(t, dwc::TAXONOMIC_STATUS, status);
        }
        if m.synonym {
            self.synonyms += 1;
            if let Some(accepted) = m.accepted_usage_key {
                g.string(t, dwc::ACCEPTED_NAME_USAGE_ID, &format!("gbif:{accepted}"));
                // For a synonym the v1 match gives the accepted taxon's key but not its name;
                // `species` names the accepted species when that is the accepted taxon.
                if let (Some(species), Some(sk)) = (&m.species, m.species_key)
                    && sk == accepted
                {
                    g.string(t, dwc::ACCEPTED_NAME_USAGE, species);
                }
            }
        } else {
            g.string(t, dwc::ACCEPTED_NAME_USAGE_ID, &format!("gbif:{key}"));
            g.string(t, dwc::ACCEPTED_NAME_USAGE, matched);
        }
    }

    /// Whether a match may be linked: confident enough, at the source's rank (or a species
    /// level); a family that differs is only a warning.
    fn usable(
        &mut self,
        taxon: &TaxonName,
        m: &NameMatch,
        matched: &str,
        gbif_rank: Option<&str>,
    ) -> bool {
        let confidence = m.confidence.unwrap_or(0);
        let mut usable = true;
        if confidence < self.min_confidence {
            usable = false;
            self.warn(
                taxon,
                "match",
                &format!(
                    "low confidence {confidence} ({}) for {matched}: not linked",
                    m.match_type.as_str()
                ),
            );
        } else if m.match_type == MatchType::Fuzzy {
            self.warn(
                taxon,
                "match",
                &format!("fuzzy match to {matched} (confidence {confidence}): check the spelling"),
            );
        }
        let source_rank = taxon.rank.as_deref().map(str::to_ascii_lowercase);
        match (source_rank.as_deref(), gbif_rank) {
            (Some(ours), Some(theirs)) if ours != theirs => {
                usable = false;
                self.warn(
                    taxon,
                    "rank",
                    &format!("the source says {ours}, GBIF matched a {theirs}: not linked"),
                );
            }
            (None, Some(theirs)) if !SPECIES_LEVEL.contains(&theirs) => {
                usable = false;
                self.warn(
                    taxon,
                    "rank",
                    &format!("GBIF matched a {theirs}, above the species: not linked"),
                );
            }
            _ => {}
        }
        if let (Some(ours), Some(theirs)) = (&taxon.family, &m.family)
            && !ours.trim().eq_ignore_ascii_case(theirs)
        {
            self.warn(
                taxon,
                "family",
                &format!("the source says {}, GBIF says {theirs}", ours.trim()),
            );
        }
        usable
    }

    fn classification(&mut self, t: &NamedNode, m: &NameMatch) {
        for (p, v) in [
            (dwc::KINGDOM, &m.kingdom),
            (dwc::PHYLUM, &m.phylum),
            (dwc::CLASS, &m.class),
            (dwc::ORDER, &m.order),
            (dwc::FAMILY, &m.family),
            (dwc::GENUS, &m.genus),
        ] {
            if let Some(v) = v {
                self.sink.string(t, p, v);
            }
        }
    }

    /// Records the occurrence records of a taxon and how many GBIF holds in the country.
    pub(crate) fn occurrences(&mut self, taxon: &TaxonName, page: &OccurrencePage, url: &Url) {
        let t = iri::taxon(&taxon.id);
        if let Some(count) = page.count {
            self.sink.add(
                &t,
                lcb::GBIF_OCCURRENCE_COUNT,
                Literal::from(i64::try_from(count).unwrap_or(i64::MAX)),
            );
        }
        for r in &page.results {
            self.occurrence(&t, r, url);
        }
    }

    fn occurrence(&mut self, taxon: &NamedNode, r: &Occurrence, url: &Url) {
        self.occurrences += 1;
        let o = iri::occurrence("gbif", &r.gbif_id);
        let g = &mut self.sink;
        g.typed(&o, &[dwc::OCCURRENCE]);
        g.string(&o, rdfs::LABEL, &format!("GBIF occurrence {}", r.gbif_id));
        g.add(&o, lcb::OCCURRENCE_OF, taxon.clone());
        g.add(&o, prov::WAS_DERIVED_FROM, self.src.clone());
        if let Ok(u) = NamedNode::new(url.as_str()) {
            g.add(&o, prov::HAD_PRIMARY_SOURCE, u);
        }
        g.add(
            &o,
            rdfs::SEE_ALSO,
            NamedNode::new_unchecked(format!("https://www.gbif.org/occurrence/{}", r.key)),
        );
        for (p, v) in [
            (dwc::DECIMAL_LATITUDE, &r.latitude),
            (dwc::DECIMAL_LONGITUDE, &r.longitude),
        ] {
            if let Some(v) = v {
                g.add(&o, p, Literal::new_typed_literal(v, xsd::DECIMAL));
            }
        }
        if let Some(date) = &r.event_date {
            g.add(&o, dwc::EVENT_DATE, event_date(date));
        }
        if let Some(k) = r.taxon_key {
            g.string(&o, dwc::TAXON_ID, &format!("gbif:{k}"));
        }
        for (p, v) in [
            (dwc::SCIENTIFIC_NAME, &r.scientific_name),
            (dwc::LOCALITY, &r.locality),
            (dwc::COUNTRY_CODE, &r.country_code),
            (dwc::BASIS_OF_RECORD, &r.basis_of_record),
            (dwc::INSTITUTION_CODE, &r.institution_code),
            (dwc::OCCURRENCE_ID, &r.occurrence_id),
            (dwc::RECORDED_BY, &r.recorded_by),
            (dwc::DATASET_ID, &r.dataset_key),
        ] {
            if let Some(v) = v {
                g.string(&o, p, v);
            }
        }
        if let Some(license) = &r.license {
            match NamedNode::new(license) {
                Ok(l) => g.add(&o, dcterms::LICENSE, l),
                Err(_) => g.string(&o, dcterms::LICENSE, license),
            }
        }
    }
}

/// An event date as `xsd:date` when it is one day (`2024-07-19`), else as printed (an interval,
/// a year, a date and time).
fn event_date(text: &str) -> Literal {
    let b = text.as_bytes();
    let is_date = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if is_date {
        Literal::new_typed_literal(text, xsd::DATE)
    } else {
        Literal::new_simple_literal(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_dates_are_typed_only_when_they_are_one_day() {
        assert_eq!(
            event_date("2024-07-19"),
            Literal::new_typed_literal("2024-07-19", xsd::DATE)
        );
        assert_eq!(
            event_date("2024-07-19/2024-07-21"),
            Literal::new_simple_literal("2024-07-19/2024-07-21")
        );
        assert_eq!(event_date("2024"), Literal::new_simple_literal("2024"));
        assert_eq!(
            event_date("2024-07-1x"),
            Literal::new_simple_literal("2024-07-1x")
        );
    }
}
