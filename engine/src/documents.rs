//! Search documents from the graph: the narrow interface between the store and the index.
//!
//! One [`EntityDoc`] per typed entity of a source graph, with its label, longer text, codes as
//! alternative labels, and facets (section, lead, partner, monitor, timeline, role) resolved to
//! labels. The index never reads the store; it only sees these documents.

use biokg_graph::GraphStore;
use biokg_graph::model::{NamedNodeRef, Quad, Term};
use biokg_ontology::{eli, lcb, org, schema, skos};
use biokg_search::EntityDoc;
use oxigraph::model::vocab::{rdf, rdfs};
use std::collections::{BTreeMap, HashMap};

/// The kind key of an entity, from its types; `None` for nodes that are not searched on their
/// own (indicators, the source file, units).
/// Every kind of document the index holds (a cooperative is an enterprise whose legal form
/// says so): the values of the `type` facet and filter.
pub const KINDS: &[&str] = &[
    "plan",
    "clause",
    "target",
    "task",
    "task-group",
    "agency",
    "agency-group",
    "reporting-duty",
    "legal-document",
    "enterprise",
    "cooperative",
    "lab",
    "certificate",
    "taxon",
    "accession",
    "commune",
    "province",
    "historical-area",
    "value-chain",
    "product",
    "flow",
    "figure",
];

fn kind_of(types: &[&str]) -> Option<&'static str> {
    let has = |t: NamedNodeRef<'_>| types.contains(&t.as_str());
    Some(if has(lcb::PLAN) {
        "plan"
    } else if has(lcb::TASK) {
        "task"
    } else if has(lcb::TARGET) {
        "target"
    } else if has(lcb::TASK_GROUP) {
        "task-group"
    } else if has(lcb::CLAUSE) {
        "clause"
    } else if has(lcb::AGENCY) || has(org::ORGANIZATION) {
        "agency"
    } else if has(lcb::AGENCY_GROUP) {
        "agency-group"
    } else if has(lcb::REPORTING_DUTY) {
        "reporting-duty"
    } else if has(eli::LEGAL_RESOURCE) {
        "legal-document"
    } else if has(lcb::LAB) {
        "lab"
    } else if has(lcb::ENTERPRISE) {
        "enterprise"
    } else if has(lcb::CERTIFICATE) {
        "certificate"
    } else if has(biokg_ontology::dwc::TAXON) {
        "taxon"
    } else if has(lcb::ACCESSION) {
        "accession"
    } else if has(lcb::COMMUNE) {
        "commune"
    } else if has(lcb::PROVINCE) {
        "province"
    } else if has(lcb::HISTORICAL_AREA) {
        "historical-area"
    } else if has(lcb::VALUE_CHAIN) {
        "value-chain"
    } else if has(lcb::VALUE_CHAIN_PRODUCT) {
        "product"
    } else if has(biokg_ontology::vf::ECONOMIC_EVENT) {
        "flow"
    } else if has(lcb::FIGURE) {
        "figure"
    } else {
        return None;
    })
}

/// The short name of a concept of the ontology, for facet values: `lcb:timeline-annual` is
/// `annual`, `lcb:section-II` is `II`.
fn concept_value(iri: &str) -> String {
    let local = iri.rsplit(['#', '/']).next().unwrap_or(iri);
    local.split_once('-').map_or(local, |(_, v)| v).to_owned()
}

fn text_of(t: &Term) -> Option<&str> {
    match t {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

/// A Vietnamese (or untagged) literal's text.
fn vi_text(t: &Term) -> Option<&str> {
    match t {
        Term::Literal(l) if l.language().is_none_or(|lang| lang == "vi") => Some(l.value()),
        _ => None,
    }
}

fn iri_of(t: &Term) -> Option<&str> {
    match t {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

/// Where labels and facts of IRIs that a source graph links to come from: the whole store for
/// real loads, nothing for a graph read on its own (tests, a check).
pub trait Lookup {
    /// Every quad, in any graph, about `iri`: an IRI linked to, asked again and again (a
    /// commune, a concept), which a lookup may cache.
    fn about(&mut self, iri: &str) -> Vec<Quad>;
    /// As [`Lookup::about`], for an entity of the graph itself (the other graphs' facts about
    /// an organisation), asked once each: not worth caching.
    fn others(&mut self, iri: &str) -> Vec<Quad> {
        self.about(iri)
    }
}

/// Whether a quad's graph is the named graph `source` (an IRI).
fn graph_is(graph: &biokg_graph::model::GraphName, source: &str) -> bool {
    matches!(graph, biokg_graph::model::GraphName::NamedNode(n) if n.as_str() == source)
}

/// No other graph.
pub struct NoLookup;

impl Lookup for NoLookup {
    fn about(&mut self, _iri: &str) -> Vec<Quad> {
        Vec::new()
    }
}

/// The store, with a cache (a source links the same communes and concepts many times).
pub struct StoreLookup<'a> {
    graph: &'a GraphStore,
    cache: HashMap<String, Vec<Quad>>,
}

impl<'a> StoreLookup<'a> {
    /// Looks up in `graph`.
    pub fn new(graph: &'a GraphStore) -> Self {
        StoreLookup {
            graph,
            cache: HashMap::new(),
        }
    }
}

impl Lookup for StoreLookup<'_> {
    fn about(&mut self, iri: &str) -> Vec<Quad> {
        if let Some(q) = self.cache.get(iri) {
            return q.clone();
        }
        let quads = NamedNodeRef::new(iri)
            .ok()
            .and_then(|n| self.graph.subject_quads(n).ok())
            .unwrap_or_default();
        self.cache.insert(iri.to_owned(), quads.clone());
        quads
    }

    fn others(&mut self, iri: &str) -> Vec<Quad> {
        if let Some(q) = self.cache.get(iri) {
            return q.clone();
        }
        NamedNodeRef::new(iri)
            .ok()
            .and_then(|n| self.graph.subject_quads(n).ok())
            .unwrap_or_default()
    }
}

/// The documents of one source graph.
///
/// # Errors
/// When the store cannot be read.
pub fn documents(
    graph: &GraphStore,
    source: NamedNodeRef<'_>,
) -> biokg_graph::Result<Vec<EntityDoc>> {
    let quads = graph.graph_quads(source)?;
    Ok(documents_with(
        &quads,
        source.as_str(),
        &mut StoreLookup::new(graph),
    ))
}

/// Quads of a source graph per batch of [`for_each_batch`]: whole subjects, about this many
/// quads (a few tens of megabytes in memory with their documents).
pub const BATCH_QUADS: usize = 200_000;

/// The documents of one source graph, a batch of subjects at a time: `sink` gets each batch's
/// documents, so that a registry of millions of triples is never in memory whole. A subject's
/// quads are never split between batches (a store on disk reads a graph subject by subject;
/// one in memory gives the graph as one batch), and
/// what a document takes from other subjects of the graph (linked labels, certificates) comes
/// from the batch or else from the store, so the documents are those of [`documents`].
///
/// # Errors
/// When the store cannot be read, or `sink`'s error.
pub fn for_each_batch<E: From<biokg_graph::Error>>(
    graph: &GraphStore,
    source: NamedNodeRef<'_>,
    sink: &mut dyn FnMut(&[EntityDoc]) -> Result<(), E>,
) -> Result<(), E> {
    batched(graph, source, BATCH_QUADS, sink)
}

fn batched<E: From<biokg_graph::Error>>(
    graph: &GraphStore,
    source: NamedNodeRef<'_>,
    batch_quads: usize,
    sink: &mut dyn FnMut(&[EntityDoc]) -> Result<(), E>,
) -> Result<(), E> {
    let mut lookup = StoreLookup::new(graph);
    // A store that does not read subject by subject (in memory, small) gives one batch.
    let batch_quads = if graph.reads_by_subject() {
        batch_quads
    } else {
        usize::MAX
    };
    let mut batch: Vec<Quad> = Vec::new();
    for q in graph.graph_quads_iter(source) {
        let q = q?;
        if batch.len() >= batch_quads && batch.last().is_some_and(|l| l.subject != q.subject) {
            sink(&documents_with(&batch, source.as_str(), &mut lookup))?;
            batch.clear();
        }
        batch.push(q);
    }
    if !batch.is_empty() {
        sink(&documents_with(&batch, source.as_str(), &mut lookup))?;
    }
    Ok(())
}

/// The documents of a set of quads of one source, read on its own.
pub fn documents_from_quads(quads: &[Quad], source: &str) -> Vec<EntityDoc> {
    documents_with(quads, source, &mut NoLookup)
}

type Props<'q> = HashMap<&'q str, Vec<&'q Term>>;

/// The documents of a set of quads of one source; `lookup` gives labels of linked IRIs and
/// the facts other graphs state about a registry organisation.
pub fn documents_with(quads: &[Quad], source: &str, lookup: &mut dyn Lookup) -> Vec<EntityDoc> {
    let by_subject = by_subject(quads);
    let outside = outside_facts(&by_subject, source, lookup);
    let mut docs = Docs {
        by_subject: &by_subject,
        source,
        lookup,
    };
    let mut out = Vec::new();
    for (iri, local) in &by_subject {
        let others = outside.get(*iri).map(Vec::as_slice);
        if let Some(props) = owned_props(local, others)
            && let Some(doc) = docs.document(iri, &Entity(props))
        {
            out.push(doc);
        }
    }
    out
}

/// The properties of each named subject.
fn by_subject(quads: &[Quad]) -> BTreeMap<&str, Props<'_>> {
    let mut by_subject: BTreeMap<&str, Props<'_>> = BTreeMap::new();
    for q in quads {
        if let biokg_graph::model::NamedOrBlankNode::NamedNode(s) = &q.subject {
            by_subject
                .entry(s.as_str())
                .or_default()
                .entry(q.predicate.as_str())
                .or_default()
                .push(&q.object);
        }
    }
    by_subject
}

/// Facts about organisations that other graphs also describe (an id in both enterprises.csv
/// and labs.csv is one organisation), by organisation.
fn outside_facts(
    by_subject: &BTreeMap<&str, Props<'_>>,
    source: &str,
    lookup: &mut dyn Lookup,
) -> BTreeMap<String, Vec<Quad>> {
    let mut outside = BTreeMap::new();
    for (iri, props) in by_subject {
        let is_org = props.get(rdf::TYPE.as_str()).is_some_and(|t| {
            t.iter().any(|t| {
                iri_of(t).is_some_and(|t| t == lcb::ENTERPRISE.as_str() || t == lcb::LAB.as_str())
            })
        });
        if is_org {
            let others: Vec<Quad> = lookup
                .others(iri)
                .into_iter()
                .filter(|q| !graph_is(&q.graph_name, source))
                .collect();
            if !others.is_empty() {
                outside.insert((*iri).to_owned(), others);
            }
        }
    }
    outside
}

/// The properties of a subject with what other graphs say of it, or `None` when another graph
/// makes its document: an organisation described in several graphs has one document, built
/// from the union, made by the graph that states it is a lab, else by every graph.
fn owned_props<'a>(local: &Props<'a>, others: Option<&'a [Quad]>) -> Option<Props<'a>> {
    let mut props = local.clone();
    let Some(others) = others else {
        return Some(props);
    };
    let own_has_lab = local
        .get(rdf::TYPE.as_str())
        .is_some_and(|t| t.iter().any(|t| iri_of(t) == Some(lcb::LAB.as_str())));
    let other_has_lab = others
        .iter()
        .any(|q| q.predicate == rdf::TYPE && q.object == Term::from(lcb::LAB.into_owned()));
    if !own_has_lab && other_has_lab {
        return None;
    }
    for q in others {
        props
            .entry(q.predicate.as_str())
            .or_default()
            .push(&q.object);
    }
    Some(props)
}

/// The properties of the entity a document is made of.
struct Entity<'a>(Props<'a>);

impl<'a> Entity<'a> {
    fn values(&self, p: NamedNodeRef<'_>) -> Vec<&'a Term> {
        self.0.get(p.as_str()).cloned().unwrap_or_default()
    }

    fn iris(&self, p: NamedNodeRef<'_>) -> Vec<&'a str> {
        self.values(p).into_iter().filter_map(iri_of).collect()
    }

    fn texts(&self, p: NamedNodeRef<'_>) -> Vec<&'a str> {
        self.values(p).into_iter().filter_map(text_of).collect()
    }

    /// The document kind, or `None` for entities that get no document.
    fn kind(&self) -> Option<&'static str> {
        let kind = kind_of(&self.iris(rdf::TYPE))?;
        if kind == "historical-area"
            && !is_former_district_or_province(&self.values(lcb::UNIT_TYPE))
        {
            return None;
        }
        let cooperative = |c: &&str| {
            c.ends_with("/legal-form/cooperative") || c.ends_with("/legal-form/cooperative-group")
        };
        if kind == "enterprise" && self.iris(org::CLASSIFICATION).iter().any(cooperative) {
            return Some("cooperative");
        }
        Some(kind)
    }

    /// The Vietnamese label, else any label.
    fn label(&self) -> Option<String> {
        let labels = self.values(rdfs::LABEL);
        labels
            .iter()
            .find_map(|t| vi_text(t))
            .or_else(|| labels.iter().find_map(|t| text_of(t)))
            .map(str::to_owned)
    }
}

/// Adds `v` to the alternative labels unless it is the label or one of them already.
fn add_alt(doc: &mut EntityDoc, v: &str) {
    if v != doc.label && !doc.alt_labels.iter().any(|a| a == v) {
        doc.alt_labels.push(v.to_owned());
    }
}

/// Adds `v` to the alternative labels unless it is one of them already.
fn add_code(doc: &mut EntityDoc, v: &str) {
    if !doc.alt_labels.iter().any(|a| a == v) {
        doc.alt_labels.push(v.to_owned());
    }
}

/// Makes the documents of one batch of a source graph.
struct Docs<'q, 'l> {
    by_subject: &'q BTreeMap<&'q str, Props<'q>>,
    source: &'q str,
    lookup: &'l mut dyn Lookup,
}

impl Docs<'_, '_> {
    /// The document of one entity, or `None` when it gets none.
    fn document(&mut self, iri: &str, e: &Entity<'_>) -> Option<EntityDoc> {
        let kind = e.kind()?;
        let mut doc = EntityDoc {
            iri: iri.to_owned(),
            kind: kind.to_owned(),
            label: e.label()?,
            source: self.source.to_owned(),
            ..EntityDoc::default()
        };
        let mut text: Vec<String> = [
            lcb::TEXT,
            lcb::HEADING,
            lcb::DELIVERABLES_TEXT,
            lcb::TIMELINE_TEXT,
        ]
        .into_iter()
        .flat_map(|p| e.texts(p))
        .map(str::to_owned)
        .collect();
        plan_labels(&mut doc, e);
        self.plan_facets(&mut doc, e);
        let cert_schemes = self.certificate_schemes(e);
        self.registry(&mut doc, e, &cert_schemes, &mut text);
        // One alternative per folded form, none equal to the label: "Duong Quy" (the English
        // name) beside "Dương Quỳ" would count the same words twice.
        let mut seen = std::collections::HashSet::from([biokg_search::fold(&doc.label)]);
        doc.alt_labels
            .retain(|a| seen.insert(biokg_search::fold(a)));
        doc.text = text.join(" · ");
        Some(doc)
    }

    /// The label of an IRI: from the batch, else from the store.
    fn resolve(&mut self, o: &str) -> Option<String> {
        let local = self
            .by_subject
            .get(o)
            .and_then(|p| p.get(rdfs::LABEL.as_str()))
            .and_then(|v| v.iter().find_map(|t| vi_text(t)))
            .map(str::to_owned);
        local.or_else(|| {
            let about = self.lookup.about(o);
            let labels = || about.iter().filter(|q| q.predicate == rdfs::LABEL);
            labels()
                .find_map(|q| vi_text(&q.object).map(str::to_owned))
                .or_else(|| labels().find_map(|q| text_of(&q.object).map(str::to_owned)))
        })
    }

    /// The schemes of an entity's certificates, which the source graph describes: from this
    /// batch of it, else from the store.
    fn certificate_schemes(&mut self, e: &Entity<'_>) -> Vec<Term> {
        let mut out = Vec::new();
        for cert in e.iris(schema::HAS_CERTIFICATION) {
            match self.by_subject.get(cert) {
                Some(p) => out.extend(
                    p.get(lcb::CERTIFICATION_SCHEME.as_str())
                        .into_iter()
                        .flatten()
                        .map(|t| (*t).clone()),
                ),
                None => out.extend(
                    self.lookup
                        .about(cert)
                        .into_iter()
                        .filter(|q| {
                            q.predicate == lcb::CERTIFICATION_SCHEME
                                && graph_is(&q.graph_name, self.source)
                        })
                        .map(|q| q.object),
                ),
            }
        }
        out
    }

    /// The agencies (resolved to labels) and controlled values of plan entities.
    fn plan_facets(&mut self, doc: &mut EntityDoc, e: &Entity<'_>) {
        let facet_links = [
            (lcb::LEAD_AGENCY, "lead"),
            (lcb::COORDINATING_AGENCY, "partner"),
            (lcb::MONITORING_AGENCY, "monitor"),
        ];
        for (p, facet) in facet_links {
            for o in e.iris(p) {
                if let Some(l) = self.resolve(o) {
                    doc.facets.push((facet.to_owned(), l));
                }
            }
        }
        let facet_concepts = [
            (lcb::TASK_SECTION, "section"),
            (lcb::TIMELINE_KIND, "timeline"),
            (lcb::CLAUSE_ROLE, "role"),
            (lcb::MISSING_FIELD, "missing"),
        ];
        for (p, facet) in facet_concepts {
            for o in e.iris(p) {
                doc.facets.push((facet.to_owned(), concept_value(o)));
            }
        }
    }
}

/// Codes and other names of plan entities as alternative labels: `II.2.2.7` with
/// "Nhiệm vụ II.2.2.7", a target's number with "Mục tiêu 3" and "Target 3", an act's number.
fn plan_labels(doc: &mut EntityDoc, e: &Entity<'_>) {
    for n in e.texts(skos::NOTATION) {
        doc.alt_labels.push(n.to_owned());
        match doc.kind.as_str() {
            "task" => doc.alt_labels.push(format!("Nhiệm vụ {n}")),
            "target" => {
                doc.alt_labels.push(format!("Mục tiêu {n}"));
                doc.alt_labels.push(format!("Target {n}"));
            }
            _ => {}
        }
    }
    doc.alt_labels
        .extend(e.texts(eli::ID_LOCAL).into_iter().map(str::to_owned));
    for p in [skos::ALT_LABEL, schema::NAME] {
        for v in e.texts(p) {
            add_alt(doc, v);
        }
    }
}

/// Whether a historical area is a former district or province (former communes are many and
/// are reached through the communes of today, so they get no document of their own).
fn is_former_district_or_province(unit_types: &[&Term]) -> bool {
    unit_types.iter().filter_map(|t| iri_of(t)).any(|t| {
        [
            lcb::UNITTYPE_DISTRICT,
            lcb::UNITTYPE_URBAN_DISTRICT,
            lcb::UNITTYPE_TOWN,
            lcb::UNITTYPE_PROVINCIAL_CITY,
            lcb::UNITTYPE_PROVINCE,
            lcb::UNITTYPE_CITY,
        ]
        .iter()
        .any(|u| u.as_str() == t)
    })
}

/// The concept of a registry list an IRI names: `(scheme key, concept key, vi label, en label)`.
fn scheme_concept(iri: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    let rest = iri.strip_prefix(biokg_ontology::schemes::BASE)?;
    let (scheme, key) = rest.split_once('/')?;
    let s = biokg_ontology::schemes::scheme(scheme)?;
    let c = s.concept(key)?;
    Some((s.key.as_str(), c.key.as_str(), c.vi.as_str(), c.en.as_str()))
}

impl Docs<'_, '_> {
    /// Facets, names and text of registry and place entities.
    fn registry(
        &mut self,
        doc: &mut EntityDoc,
        e: &Entity<'_>,
        cert_schemes: &[Term],
        text: &mut Vec<String>,
    ) {
        if let Some(ill) = e.texts(lcb::ILLUSTRATIVE).first() {
            doc.illustrative = *ill == "true";
            doc.facets.push(("illustrative".into(), (*ill).to_owned()));
        }
        concept_facets(doc, e, cert_schemes, text);
        self.place_facets(doc, e, text);
        self.holder_and_species(doc, e, text);
        names(doc, e, text);
    }

    /// Places: the commune facet and the place names as text, so that "Tả Phìn" finds what
    /// is located there; the former district and the province.
    fn place_facets(&mut self, doc: &mut EntityDoc, e: &Entity<'_>, text: &mut Vec<String>) {
        for p in [
            schema::LOCATION,
            lcb::OPERATES_IN,
            lcb::GROWN_IN,
            lcb::COLLECTED_IN,
            biokg_ontology::vf::AT_LOCATION,
        ] {
            for o in e.iris(p) {
                if let Some(l) = self.resolve(o)
                    && !doc.facets.iter().any(|(n, v)| n == "commune" && *v == l)
                {
                    doc.facets.push(("commune".into(), l.clone()));
                    text.push(l);
                }
            }
        }
        for o in e.iris(lcb::FORMER_DISTRICT) {
            if let Some(l) = self.resolve(o) {
                doc.facets.push(("former-district".into(), l.clone()));
                text.push(l);
            }
        }
        for o in e.iris(schema::CONTAINED_IN_PLACE) {
            if let Some(l) = self.resolve(o) {
                doc.facets.push(("province".into(), l));
            }
        }
    }

    /// Species (the facet is the Vietnamese name) and holders: who holds, hosts, produces,
    /// provides or receives.
    fn holder_and_species(&mut self, doc: &mut EntityDoc, e: &Entity<'_>, text: &mut Vec<String>) {
        for o in e.iris(lcb::SPECIES) {
            if let Some(l) = self.resolve(o)
                && !doc.facets.iter().any(|(n, v)| n == "species" && *v == l)
            {
                doc.facets.push(("species".into(), l.clone()));
                text.push(l);
            }
        }
        let holders = [
            lcb::HELD_BY,
            org::UNIT_OF,
            lcb::PRODUCED_BY,
            biokg_ontology::vf::PROVIDER,
            biokg_ontology::vf::RECEIVER,
        ];
        for o in holders.into_iter().flat_map(|p| e.iris(p)) {
            if let Some(l) = self.resolve(o) {
                doc.facets.push(("holder".into(), l.clone()));
                text.push(l);
            }
        }
    }
}

/// Controlled values (the key is the facet value, both labels are searchable text), and the
/// schemes of an organisation's certificates.
fn concept_facets(
    doc: &mut EntityDoc,
    e: &Entity<'_>,
    cert_schemes: &[Term],
    text: &mut Vec<String>,
) {
    let concept_facets = [
        (org::CLASSIFICATION, "legal-form"),
        (lcb::SECTOR, "sector"),
        (lcb::BIOTECH_ACTIVITY, "activity"),
        (lcb::VALUE_CHAIN_STAGE, "stage"),
        (lcb::CAPABILITY, "capability"),
        (lcb::BIOSAFETY_LEVEL, "biosafety"),
        (lcb::CERTIFICATION_SCHEME, "certification"),
        (lcb::DECREE84_GROUP, "conservation"),
        (lcb::RED_LIST_CATEGORY, "red-list"),
        (lcb::MATERIAL, "material"),
        (lcb::QUANTITY_UNIT, "unit"),
    ];
    for (p, facet) in concept_facets {
        for o in e.iris(p) {
            if let Some((_, key, vi, en)) = scheme_concept(o) {
                doc.facets.push((facet.to_owned(), key.to_owned()));
                text.push(format!("{vi} ({en})"));
            }
        }
    }
    for o in cert_schemes.iter().filter_map(iri_of) {
        if let Some((_, key, vi, _)) = scheme_concept(o)
            && !doc
                .facets
                .iter()
                .any(|(n, v)| n == "certification" && v == key)
        {
            doc.facets.push(("certification".into(), key.to_owned()));
            text.push(vi.to_owned());
        }
    }
}

/// Family, scientific, vernacular and English names, codes and identifiers, and the other
/// searchable text of registry entities.
fn names(doc: &mut EntityDoc, e: &Entity<'_>, text: &mut Vec<String>) {
    if let Some(f) = e.texts(biokg_ontology::dwc::FAMILY).first() {
        doc.facets.push(("family".into(), (*f).to_owned()));
        text.push((*f).to_owned());
    }
    for p in [biokg_ontology::dwc::SCIENTIFIC_NAME, lcb::SYNONYM] {
        doc.scientific_names
            .extend(e.texts(p).into_iter().map(str::to_owned));
    }
    for p in [biokg_ontology::dwc::VERNACULAR_NAME, lcb::LOCAL_NAME] {
        for v in e.texts(p) {
            add_alt(doc, v);
        }
    }
    if doc.label_en.is_none() {
        doc.label_en = e.values(rdfs::LABEL).into_iter().find_map(|t| match t {
            Term::Literal(l) if l.language() == Some("en") => Some(l.value().to_owned()),
            _ => None,
        });
    }
    for code in e.texts(biokg_ontology::dcterms::IDENTIFIER) {
        add_code(doc, code);
    }
    for p in [
        lcb::PRODUCT,
        schema::ADDRESS,
        lcb::LAO_CAI_RELEVANCE,
        lcb::STANDARD,
        lcb::ISSUER_NAME,
    ] {
        text.extend(e.texts(p).into_iter().map(str::to_owned));
    }
    for p in [
        schema::TAX_ID,
        lcb::ACCREDITATION_ID,
        schema::CERTIFICATION_IDENTIFICATION,
        biokg_ontology::dwc::CATALOG_NUMBER,
    ] {
        for v in e.texts(p) {
            add_code(doc, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concept_values_are_short_names() {
        assert_eq!(concept_value(lcb::TIMELINE_ANNUAL.as_str()), "annual");
        assert_eq!(concept_value(lcb::SECTION_II.as_str()), "II");
        assert_eq!(
            concept_value(lcb::ROLE_GENERAL_OBJECTIVE.as_str()),
            "general-objective"
        );
    }
}

#[cfg(test)]
mod batch_tests {
    use super::*;
    use crate::kb::KnowledgeBase;

    fn sorted(mut docs: Vec<EntityDoc>) -> Vec<EntityDoc> {
        docs.sort_by(|a, b| a.iri.cmp(&b.iri));
        docs
    }

    /// The bundled data in a store on disk.
    fn bundled_on_disk() -> (tempfile::TempDir, KnowledgeBase) {
        let dir = tempfile::tempdir().unwrap();
        let kb = KnowledgeBase::open(dir.path()).unwrap();
        kb.prepare(true).unwrap();
        (dir, kb)
    }

    #[test]
    fn documents_in_small_batches_are_those_of_the_whole_graph() {
        let (_dir, kb) = bundled_on_disk();
        let graph = kb.graph();
        let mut checked = 0;
        for source in graph.source_graphs().unwrap() {
            let whole = sorted(documents(graph, source.as_ref()).unwrap());
            let mut batches = 0;
            let mut parts = Vec::new();
            batched::<biokg_graph::Error>(graph, source.as_ref(), 7, &mut |docs| {
                batches += 1;
                parts.extend_from_slice(docs);
                Ok(())
            })
            .unwrap();
            let n = graph.graph_len(source.as_ref()).unwrap();
            assert!(
                batches >= n / 100,
                "{source}: {batches} batches of {n} quads"
            );
            assert_eq!(sorted(parts), whole, "{source}");
            checked += whole.len();
        }
        // The plan, places, plants, labs and enterprises: every kind of document was built.
        assert!(checked > 400, "{checked} documents");
    }

    #[test]
    fn a_graph_on_disk_is_read_subject_by_subject() {
        let (_dir, kb) = bundled_on_disk();
        let graph = kb.graph();
        assert!(graph.reads_by_subject());
        assert!(
            !KnowledgeBase::in_memory()
                .unwrap()
                .graph()
                .reads_by_subject()
        );
        for source in graph.source_graphs().unwrap() {
            let mut done = std::collections::HashSet::new();
            let mut last = None;
            for q in graph.graph_quads_iter(source.as_ref()) {
                let s = q.unwrap().subject;
                if last.as_ref() != Some(&s) {
                    assert!(done.insert(s.clone()), "{source}: {s} comes back");
                    last = Some(s);
                }
            }
        }
    }
}

#[cfg(test)]
mod plan_tests {
    use super::*;
    use crate::bundled::BUNDLED_PLAN;
    use std::collections::BTreeMap;

    fn docs() -> Vec<EntityDoc> {
        let (file, bytes) = BUNDLED_PLAN;
        let input =
            biokg_ingest::Input::bytes(biokg_ingest::Format::Plan, file, bytes).named("plan");
        let loaded = biokg_ingest::ingest(&input, &biokg_ingest::Context::standalone()).unwrap();
        documents_from_quads(&loaded.quads, "g")
    }

    #[test]
    fn one_document_per_entity_of_the_plan() {
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for d in docs() {
            *kinds.entry(d.kind).or_default() += 1;
        }
        assert_eq!(kinds["plan"], 1);
        assert_eq!(kinds["task"], 41);
        assert_eq!(kinds["target"], 12);
        assert_eq!(kinds["legal-document"], 4);
        assert_eq!(kinds["reporting-duty"], 1);
        assert!(kinds["clause"] > 60, "{kinds:?}");
        assert!(kinds["agency"] >= 10, "{kinds:?}");
        assert!(kinds["agency-group"] >= 5, "{kinds:?}");
    }

    #[test]
    fn task_documents_carry_codes_text_and_facets() {
        let docs = docs();
        let d = docs
            .iter()
            .find(|d| d.iri.ends_with("/task/II-2-2-7"))
            .unwrap();
        assert_eq!(d.kind, "task");
        assert_eq!(d.source, "g");
        assert!(d.alt_labels.contains(&"II.2.2.7".to_owned()));
        assert!(d.text.contains("Hằng năm từ tháng 3/2026"), "{}", d.text);
        let facets = |name: &str| -> Vec<&str> {
            d.facets
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        assert_eq!(facets("lead"), ["Sở Y tế"]);
        assert_eq!(facets("section"), ["II"]);
        assert_eq!(facets("timeline"), ["annual"]);
        assert_eq!(facets("partner").len(), 5);
        let missing = docs
            .iter()
            .find(|d| d.iri.ends_with("/task/II-3-3"))
            .unwrap();
        let mut m: Vec<&str> = missing
            .facets
            .iter()
            .filter(|(n, _)| n == "missing")
            .map(|(_, v)| v.as_str())
            .collect();
        m.sort_unstable();
        assert_eq!(m, ["lead", "partners", "timeline"]);
    }
}
