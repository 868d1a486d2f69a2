//! The vocabulary of BioKG Lào Cai: the ontology as Turtle and a Rust constant for every term.
//!
//! [`lcb`] holds the project's own terms (`https://w3id.org/laocai-biotech/ns#`), the other
//! modules the terms we reuse from standard vocabularies (ELI, W3C ORG, schema.org, PROV-O,
//! SKOS, Dublin Core, GeoSPARQL, Darwin Core, Valueflows, Data Cube, FOAF, OWL). [`ONTOLOGY_TTL`] is the ontology itself, loaded into the store
//! as the named graph [`graphs::ONTOLOGY`]; [`iri`] mints the stable IRIs of entities and graphs.
//!
//! The constants follow `oxrdf::vocab`: `NamedNodeRef<'static>` values, usable wherever oxrdf
//! or oxigraph take a term.

pub mod iri;
pub mod schemes;
mod vocab;

pub use vocab::*;

/// The ontology (classes, properties, concept schemes) in Turtle.
pub const ONTOLOGY_TTL: &str = include_str!("../ttl/biokg.ttl");

/// The registries' controlled vocabularies (SKOS concept schemes) in Turtle, loaded into the
/// ontology graph beside [`ONTOLOGY_TTL`]; [`schemes`] reads them.
pub const SCHEMES_TTL: &str = include_str!("../ttl/schemes.ttl");

/// The SHACL shapes that RDF input is validated against (`ontology/ttl/shapes.ttl`): the
/// constraints of the registries, places and plan entities, stated for RDF. The ingest crate's
/// validator implements the SHACL Core subset they use (listed in `ontology/README.md`).
pub const SHAPES_TTL: &str = include_str!("../ttl/shapes.ttl");

/// The namespace of the shapes (`lcbsh:`), kept apart from the ontology's terms.
pub const SHAPES_NAMESPACE: &str = "https://w3id.org/laocai-biotech/shapes#";

/// The prefixes used in the ontology and in example queries, as `(prefix, namespace)` pairs.
pub const PREFIXES: &[(&str, &str)] = &[
    ("lcb", lcb::NAMESPACE),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", owl::NAMESPACE),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", skos::NAMESPACE),
    ("dcterms", dcterms::NAMESPACE),
    ("eli", eli::NAMESPACE),
    ("org", org::NAMESPACE),
    ("schema", schema::NAMESPACE),
    ("prov", prov::NAMESPACE),
    ("foaf", foaf::NAMESPACE),
    ("geo", geo::NAMESPACE),
    ("dwc", dwc::NAMESPACE),
    ("vf", vf::NAMESPACE),
];

/// The names of the graphs the store holds besides the per-source graphs.
pub mod graphs {
    use oxrdf::NamedNodeRef;

    /// The ontology graph: [`crate::ONTOLOGY_TTL`], loaded on every start.
    pub const ONTOLOGY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/laocai-biotech/graph/ontology");
    /// The ingest log: one `prov:Activity` per source with its time, replaced with the source.
    pub const META: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/laocai-biotech/graph/meta");
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::vocab::{rdf, rdfs};
    use oxrdf::{Graph, NamedNodeRef, TermRef};
    use oxttl::TurtleParser;
    use std::collections::BTreeSet;

    fn ontology() -> Graph {
        TurtleParser::new()
            .for_slice(ONTOLOGY_TTL.as_bytes())
            .map(|t| t.expect("ontology parses"))
            .collect()
    }

    fn langs(g: &Graph, s: NamedNodeRef<'_>, p: NamedNodeRef<'_>) -> BTreeSet<String> {
        g.objects_for_subject_predicate(s, p)
            .filter_map(|o| match o {
                TermRef::Literal(l) => l.language().map(str::to_owned),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_project_term_has_a_constant_and_back() {
        let g = ontology();
        let in_ttl: BTreeSet<String> = g
            .iter()
            .filter_map(|t| match t.subject {
                oxrdf::NamedOrBlankNodeRef::NamedNode(n)
                    if n.as_str().starts_with(lcb::NAMESPACE) =>
                {
                    Some(n.as_str().to_owned())
                }
                _ => None,
            })
            .collect();
        let in_rust: BTreeSet<String> = lcb::ALL.iter().map(|t| t.as_str().to_owned()).collect();
        assert_eq!(in_ttl, in_rust);
        assert_eq!(in_rust.len(), 210);
    }

    #[test]
    fn every_class_and_property_has_vi_and_en_labels_and_comments() {
        let g = ontology();
        let both: BTreeSet<String> = ["vi".to_owned(), "en".to_owned()].into();
        let mut checked = 0;
        for kind in [owl::CLASS, owl::OBJECT_PROPERTY, owl::DATATYPE_PROPERTY] {
            for s in g.subjects_for_predicate_object(rdf::TYPE, kind) {
                let oxrdf::NamedOrBlankNodeRef::NamedNode(s) = s else {
                    continue;
                };
                assert_eq!(langs(&g, s, rdfs::LABEL), both, "labels of {s}");
                assert_eq!(langs(&g, s, rdfs::COMMENT), both, "comments of {s}");
                checked += 1;
            }
        }
        assert_eq!(checked, 151);
        for kind in [skos::CONCEPT, skos::CONCEPT_SCHEME] {
            for s in g.subjects_for_predicate_object(rdf::TYPE, kind) {
                let oxrdf::NamedOrBlankNodeRef::NamedNode(s) = s else {
                    continue;
                };
                assert_eq!(langs(&g, s, skos::PREF_LABEL), both, "prefLabels of {s}");
            }
        }
    }

    #[test]
    fn the_ontology_page_names_every_term() {
        let page = include_str!("../README.md");
        for term in lcb::ALL {
            let local = &term.as_str()[lcb::NAMESPACE.len()..];
            assert!(
                page.contains(&format!("`lcb:{local}`")),
                "ontology/README.md does not document lcb:{local}"
            );
        }
    }

    #[test]
    fn shapes_parse_and_name_only_terms_that_exist() {
        let shapes: Graph = TurtleParser::new()
            .for_slice(SHAPES_TTL.as_bytes())
            .map(|t| t.expect("shapes parse"))
            .collect();
        let sh = "http://www.w3.org/ns/shacl#";
        let node_shape = NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#NodeShape");
        let shapes_declared = shapes
            .subjects_for_predicate_object(rdf::TYPE, node_shape)
            .count();
        assert_eq!(shapes_declared, 31);
        // Every lcb: term a shape names is a term of the ontology, and every concept it names
        // is one of schemes.ttl or biokg.ttl.
        let mut known: BTreeSet<String> = lcb::ALL.iter().map(|t| t.as_str().to_owned()).collect();
        let schemes: Graph = TurtleParser::new()
            .for_slice(SCHEMES_TTL.as_bytes())
            .map(|t| t.expect("schemes parse"))
            .collect();
        for t in schemes.iter() {
            if let oxrdf::NamedOrBlankNodeRef::NamedNode(n) = t.subject {
                known.insert(n.as_str().to_owned());
            }
        }
        let mut named = 0;
        for t in shapes.iter() {
            for term in [t.predicate.into(), t.object] {
                let TermRef::NamedNode(n) = term else {
                    continue;
                };
                let s = n.as_str();
                if s.starts_with(lcb::NAMESPACE) || s.starts_with(schemes::BASE) {
                    assert!(
                        known.contains(s),
                        "shapes.ttl names {s}, which does not exist"
                    );
                    named += 1;
                }
                assert!(!s.starts_with(sh) || s.len() > sh.len(), "empty sh: term");
            }
        }
        assert!(named > 50, "{named}");
        // Every node shape has a label and a comment.
        for s in shapes.subjects_for_predicate_object(rdf::TYPE, node_shape) {
            let oxrdf::NamedOrBlankNodeRef::NamedNode(s) = s else {
                panic!("a node shape is a blank node");
            };
            assert!(s.as_str().starts_with(SHAPES_NAMESPACE), "{s}");
            assert!(
                shapes
                    .object_for_subject_predicate(s, rdfs::LABEL)
                    .is_some(),
                "{s}"
            );
            assert!(
                shapes
                    .object_for_subject_predicate(s, rdfs::COMMENT)
                    .is_some(),
                "{s}"
            );
        }
    }

    #[test]
    fn concepts_are_in_a_scheme_with_a_notation() {
        let g = ontology();
        let mut n = 0;
        for s in g.subjects_for_predicate_object(rdf::TYPE, skos::CONCEPT) {
            let oxrdf::NamedOrBlankNodeRef::NamedNode(s) = s else {
                continue;
            };
            assert!(
                g.object_for_subject_predicate(s, skos::IN_SCHEME).is_some(),
                "{s}"
            );
            assert!(
                g.object_for_subject_predicate(s, skos::NOTATION).is_some(),
                "{s}"
            );
            n += 1;
        }
        assert_eq!(n, 49);
    }
}
