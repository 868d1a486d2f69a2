//! Sources as the store records them: the source entity every graph starts with, and the ingest
//! log of each load.
//!
//! Every source graph holds one `prov:Entity` for the source (its label, the files read, the
//! source type and the ingestor version), written by [`Sink::for_source`] so that the
//! ingestors describe their sources alike. What depends on the bytes or the moment of a load
//! (the SHA-256 of the file, the ingest time) goes to the ingest log (graph `graphs::META`), so
//! that loading the same text twice gives exactly the same source graph.

use biokg_ontology::{dcterms, graphs, iri, lcb, prov};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Quad, Term};

/// The version of the ingestors, recorded with every source.
pub const INGESTOR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a source is: which ingestor reads it, and the first segment of its graph's name
/// (`…/graph/{key}/{name}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceType {
    /// A plan text in the official layout.
    Plan,
    /// A folder of administrative units.
    Places,
    /// The enterprises registry, with its certifications.
    Enterprises,
    /// The labs and research centres registry.
    Labs,
    /// The medicinal-plant taxa registry, with its accessions.
    Plants,
    /// A value chain.
    ValueChain,
    /// An RDF file.
    Rdf,
    /// Taxa matched against the GBIF API.
    Gbif,
    /// One submission of an agency's yearly progress report.
    Report,
}

impl SourceType {
    /// The type's key (`plan`, `value-chain`), which names its graphs.
    pub fn key(self) -> &'static str {
        match self {
            SourceType::Plan => "plan",
            SourceType::Places => "places",
            SourceType::Enterprises => "enterprises",
            SourceType::Labs => "labs",
            SourceType::Plants => "plants",
            SourceType::ValueChain => "value-chain",
            SourceType::Rdf => "rdf",
            SourceType::Gbif => "gbif",
            SourceType::Report => "report",
        }
    }
}

impl std::fmt::Display for SourceType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// Where a source came from, as recorded in its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// What the source is.
    pub source_type: SourceType,
    /// The source's stable name, used in IRIs (for a plan: the file stem, slugged).
    pub name: String,
    /// The file name without its folder.
    pub file_name: String,
    /// SHA-256 of the bytes read, lowercase hex.
    pub sha256: String,
}

impl SourceFile {
    /// The named graph of this source.
    pub fn graph(&self) -> NamedNode {
        iri::source_graph(self.source_type.key(), &self.name)
    }

    /// The IRI of the source file as a `prov:Entity`.
    pub fn entity(&self) -> NamedNode {
        iri::source(self.source_type.key(), &self.name)
    }

    /// The IRI of the ingest activity in the ingest log.
    pub fn activity(&self) -> NamedNode {
        iri::ingest_activity(self.source_type.key(), &self.name)
    }
}

/// Collects quads of one graph.
pub(crate) struct Sink {
    pub(crate) graph: NamedNode,
    pub(crate) quads: Vec<Quad>,
}

impl Sink {
    /// A sink for `source`'s graph that starts with the source entity, labelled with its file
    /// name and naming that one file.
    pub(crate) fn for_source(source: &SourceFile) -> Self {
        Self::for_source_as(
            source,
            &source.file_name,
            std::slice::from_ref(&source.file_name),
        )
    }

    /// As [`Sink::for_source`], with another label (`GBIF API …`) or several files read (a
    /// folder source names each).
    pub(crate) fn for_source_as(source: &SourceFile, label: &str, files: &[String]) -> Self {
        let src = source.entity();
        let mut g = Sink {
            graph: source.graph(),
            quads: Vec::new(),
        };
        g.typed(&src, &[lcb::SOURCE, prov::ENTITY]);
        g.string(&src, rdfs::LABEL, label);
        for f in files {
            g.string(&src, lcb::FILE_NAME, f);
        }
        g.string(&src, lcb::SOURCE_KIND, source.source_type.key());
        g.string(&src, lcb::INGESTOR_VERSION, INGESTOR_VERSION);
        g
    }

    pub(crate) fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), p, o.into(), self.graph.clone()));
    }

    pub(crate) fn typed(&mut self, s: &NamedNode, types: &[NamedNodeRef<'_>]) {
        for t in types {
            self.add(s, rdf::TYPE, t.into_owned());
        }
    }

    pub(crate) fn vi(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        if !text.is_empty() {
            self.add(
                s,
                p,
                Literal::new_language_tagged_literal_unchecked(text, "vi"),
            );
        }
    }

    pub(crate) fn string(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        self.add(s, p, Literal::new_simple_literal(text));
    }

    pub(crate) fn lines(&mut self, s: &NamedNode, source: &NamedNode, start: usize, end: usize) {
        self.add(s, lcb::LINE_START, Literal::from(start as i64));
        self.add(s, lcb::LINE_END, Literal::from(end as i64));
        self.add(s, prov::WAS_DERIVED_FROM, source.clone());
    }
}

/// The ingest-log triples of one load: the activity, its time, the software, what it used and
/// generated. `started` and `ended` are RFC 3339 timestamps.
pub fn ingest_log(source: &SourceFile, started: &str, ended: &str, triples: usize) -> Vec<Quad> {
    let activity = source.activity();
    let software = iri::software(INGESTOR_VERSION);
    let mut g = Sink {
        graph: graphs::META.into_owned(),
        quads: Vec::new(),
    };
    g.typed(&activity, &[prov::ACTIVITY]);
    g.string(
        &activity,
        rdfs::LABEL,
        &format!("ingest {} {}", source.source_type, source.file_name),
    );
    g.add(&activity, prov::USED, source.entity());
    g.add(&activity, prov::GENERATED, source.graph());
    g.add(&activity, prov::WAS_ASSOCIATED_WITH, software.clone());
    g.add(
        &activity,
        prov::STARTED_AT_TIME,
        Literal::new_typed_literal(started, xsd::DATE_TIME),
    );
    g.add(
        &activity,
        prov::ENDED_AT_TIME,
        Literal::new_typed_literal(ended, xsd::DATE_TIME),
    );
    g.string(&activity, lcb::INGESTOR_VERSION, INGESTOR_VERSION);
    g.string(&activity, lcb::SHA256, &source.sha256);
    g.string(&activity, lcb::FILE_NAME, &source.file_name);
    g.add(&activity, dcterms::SOURCE, source.entity());
    g.add(
        &activity,
        rdfs::COMMENT,
        Literal::new_simple_literal(format!("{triples} triples")),
    );
    g.typed(&software, &[prov::SOFTWARE_AGENT]);
    g.string(&software, rdfs::LABEL, &format!("biokg {INGESTOR_VERSION}"));
    g.quads
}
