//! Search documents from the graph: the narrow interface between the store and the index.
//!
//! One [`EntityDoc`] per typed entity of a source graph, with its label, longer text, codes as
//! alternative labels, and facets (section, lead, partner, monitor, timeline, role) resolved to
//! labels. The index never reads the store; it only sees these documents.

use biokg_graph::GraphStore;
use biokg_graph::model::{NamedNodeRef, Quad, Term};
use biokg_ontology::{eli, lcb, org, skos};
use biokg_search::EntityDoc;
use oxigraph::model::vocab::{rdf, rdfs};
use std::collections::{BTreeMap, HashMap};

/// The kind key of an entity, from its types; `None` for nodes that are not searched on their
/// own (indicators, the source file, units).
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

fn iri_of(t: &Term) -> Option<&str> {
    match t {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
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
    Ok(documents_from_quads(&quads, source.as_str()))
}

/// The documents of a set of quads of one source.
pub fn documents_from_quads(quads: &[Quad], source: &str) -> Vec<EntityDoc> {
    let mut by_subject: BTreeMap<&str, HashMap<&str, Vec<&Term>>> = BTreeMap::new();
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
    let label = |iri: &str| -> Option<String> {
        by_subject
            .get(iri)
            .and_then(|p| p.get(rdfs::LABEL.as_str()))
            .and_then(|v| v.first())
            .and_then(|t| text_of(t))
            .map(str::to_owned)
    };
    let mut docs = Vec::new();
    for (iri, props) in &by_subject {
        let values = |p: NamedNodeRef<'_>| -> Vec<&Term> {
            props.get(p.as_str()).cloned().unwrap_or_default()
        };
        let types: Vec<&str> = values(rdf::TYPE).into_iter().filter_map(iri_of).collect();
        let Some(kind) = kind_of(&types) else {
            continue;
        };
        let first =
            |p: NamedNodeRef<'_>| values(p).into_iter().find_map(text_of).map(str::to_owned);
        let Some(main_label) = first(rdfs::LABEL) else {
            continue;
        };
        let mut doc = EntityDoc {
            iri: (*iri).to_owned(),
            kind: kind.to_owned(),
            label: main_label,
            source: source.to_owned(),
            ..EntityDoc::default()
        };
        let mut text = Vec::new();
        for p in [
            lcb::TEXT,
            lcb::HEADING,
            lcb::DELIVERABLES_TEXT,
            lcb::TIMELINE_TEXT,
        ] {
            text.extend(values(p).into_iter().filter_map(text_of).map(str::to_owned));
        }
        doc.text = text.join(" · ");
        for n in values(skos::NOTATION).into_iter().filter_map(text_of) {
            doc.alt_labels.push(n.to_owned());
            match kind {
                "task" => doc.alt_labels.push(format!("Nhiệm vụ {n}")),
                "target" => {
                    doc.alt_labels.push(format!("Mục tiêu {n}"));
                    doc.alt_labels.push(format!("Target {n}"));
                }
                _ => {}
            }
        }
        doc.alt_labels.extend(
            values(eli::ID_LOCAL)
                .into_iter()
                .filter_map(text_of)
                .map(str::to_owned),
        );
        doc.alt_labels.extend(
            values(skos::ALT_LABEL)
                .into_iter()
                .filter_map(text_of)
                .map(str::to_owned),
        );
        let facet_links = [
            (lcb::LEAD_AGENCY, "lead"),
            (lcb::COORDINATING_AGENCY, "partner"),
            (lcb::MONITORING_AGENCY, "monitor"),
        ];
        for (p, facet) in facet_links {
            for o in values(p).into_iter().filter_map(iri_of) {
                if let Some(l) = label(o) {
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
            for o in values(p).into_iter().filter_map(iri_of) {
                doc.facets.push((facet.to_owned(), concept_value(o)));
            }
        }
        docs.push(doc);
    }
    docs
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
mod plan_tests {
    use super::*;
    use crate::kb::BUNDLED_PLAN;
    use std::collections::BTreeMap;

    fn docs() -> Vec<EntityDoc> {
        let loaded = biokg_ingest::load_plan_bytes(BUNDLED_PLAN.0, BUNDLED_PLAN.1, "plan").unwrap();
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
