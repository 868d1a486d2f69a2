//! The registries' controlled vocabularies, read from [`SCHEMES_TTL`](crate::SCHEMES_TTL).
//!
//! The Turtle file is the single list of allowed values: the validators of the registry
//! ingestors ask [`scheme`] whether a key is allowed and get the concept's IRI and labels back,
//! so adding a value to a list is an edit of `schemes.ttl` and nothing else.

use crate::skos;
use oxrdf::vocab::rdf;
use oxrdf::{NamedNode, NamedOrBlankNode, Term};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The base of the scheme and concept IRIs: `…/id/concept/{scheme}/{key}`.
pub const BASE: &str = "https://w3id.org/laocai-biotech/id/concept/";

/// One allowed value of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// The key a file writes (`skos:notation`), also the last segment of the IRI.
    pub key: String,
    /// The concept.
    pub iri: NamedNode,
    /// Vietnamese preferred label.
    pub vi: String,
    /// English preferred label.
    pub en: String,
}

/// One controlled list, its concepts in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// The scheme's key (`sector`, `biosafety-level`).
    pub key: String,
    /// The scheme.
    pub iri: NamedNode,
    /// Vietnamese preferred label.
    pub vi: String,
    /// English preferred label.
    pub en: String,
    /// The allowed values, in the order of the file (chain order for value-chain stages).
    pub concepts: Vec<Concept>,
}

impl Scheme {
    /// The concept with this key, matched exactly.
    pub fn concept(&self, key: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.key == key)
    }

    /// The keys, in order, joined with `, ` (for messages: `BSL-1, BSL-2, BSL-3`).
    pub fn keys(&self) -> String {
        self.concepts
            .iter()
            .map(|c| c.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Every scheme of `schemes.ttl`, in file order.
///
/// # Panics
/// Never at run time for the bundled file: a test parses it (a broken file fails the build's
/// tests, not a user's ingest).
pub fn all() -> &'static [Scheme] {
    static SCHEMES: OnceLock<Vec<Scheme>> = OnceLock::new();
    SCHEMES.get_or_init(|| parse(crate::SCHEMES_TTL))
}

/// The scheme with this key (`legal-form`, `sector`, `lab-capability`...).
pub fn scheme(key: &str) -> Option<&'static Scheme> {
    all().iter().find(|s| s.key == key)
}

fn parse(ttl: &str) -> Vec<Scheme> {
    #[derive(Default)]
    struct Node {
        notation: String,
        vi: String,
        en: String,
        in_scheme: Option<String>,
        is_scheme: bool,
    }
    let mut order: Vec<String> = Vec::new();
    let mut nodes: HashMap<String, Node> = HashMap::new();
    for triple in oxttl::TurtleParser::new().for_slice(ttl.as_bytes()) {
        let triple = triple.expect("schemes.ttl is valid Turtle");
        let NamedOrBlankNode::NamedNode(s) = triple.subject else {
            continue;
        };
        let node = nodes.entry(s.as_str().to_owned()).or_insert_with(|| {
            order.push(s.as_str().to_owned());
            Node::default()
        });
        match (triple.predicate.as_str(), &triple.object) {
            (p, Term::NamedNode(o)) if p == rdf::TYPE.as_str() => {
                node.is_scheme |= o.as_str() == skos::CONCEPT_SCHEME.as_str();
            }
            (p, Term::NamedNode(o)) if p == skos::IN_SCHEME.as_str() => {
                node.in_scheme = Some(o.as_str().to_owned());
            }
            (p, Term::Literal(l)) if p == skos::NOTATION.as_str() => {
                l.value().clone_into(&mut node.notation);
            }
            (p, Term::Literal(l)) if p == skos::PREF_LABEL.as_str() => match l.language() {
                Some("vi") => l.value().clone_into(&mut node.vi),
                Some("en") => l.value().clone_into(&mut node.en),
                _ => {}
            },
            _ => {}
        }
    }
    let mut schemes: Vec<Scheme> = order
        .iter()
        .filter(|iri| nodes[*iri].is_scheme)
        .map(|iri| {
            let n = &nodes[iri];
            Scheme {
                key: n.notation.clone(),
                iri: NamedNode::new_unchecked(iri.clone()),
                vi: n.vi.clone(),
                en: n.en.clone(),
                concepts: Vec::new(),
            }
        })
        .collect();
    for iri in &order {
        let n = &nodes[iri];
        let Some(parent) = &n.in_scheme else {
            continue;
        };
        if let Some(s) = schemes.iter_mut().find(|s| s.iri.as_str() == parent) {
            s.concepts.push(Concept {
                key: n.notation.clone(),
                iri: NamedNode::new_unchecked(iri.clone()),
                vi: n.vi.clone(),
                en: n.en.clone(),
            });
        }
    }
    schemes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_of_the_data_readme_is_here() {
        let keys: Vec<(&str, usize)> = all()
            .iter()
            .map(|s| (s.key.as_str(), s.concepts.len()))
            .collect();
        assert_eq!(
            keys,
            [
                ("legal-form", 8),
                ("sector", 7),
                ("biotech-activity", 11),
                ("value-chain-stage", 8),
                ("certification-scheme", 6),
                ("certification-kind", 2),
                ("lab-capability", 15),
                ("biosafety-level", 3),
                ("material", 7),
                ("decree84-group", 2),
                ("red-list", 8),
                ("taxon-rank", 4),
                ("unit", 9),
                ("report-status", 4),
                ("funding-source", 3),
            ]
        );
    }

    #[test]
    fn concepts_have_key_iri_and_both_labels() {
        for s in all() {
            assert_eq!(s.iri.as_str(), format!("{BASE}{}", s.key));
            assert!(!s.vi.is_empty() && !s.en.is_empty(), "{}", s.key);
            for c in &s.concepts {
                assert_eq!(c.iri.as_str(), format!("{BASE}{}/{}", s.key, c.key));
                assert!(!c.vi.is_empty() && !c.en.is_empty(), "{}", c.key);
            }
        }
        let bsl = scheme("biosafety-level").unwrap();
        assert_eq!(bsl.keys(), "BSL-1, BSL-2, BSL-3");
        assert_eq!(bsl.concept("BSL-2").unwrap().vi, "An toàn sinh học cấp 2");
        assert!(bsl.concept("bsl-2").is_none());
        let stages: Vec<&str> = scheme("value-chain-stage")
            .unwrap()
            .concepts
            .iter()
            .map(|c| c.key.as_str())
            .collect();
        assert_eq!(
            stages,
            [
                "conservation",
                "seedlings",
                "cultivation",
                "harvest",
                "primary-processing",
                "manufacturing",
                "distribution",
                "tourism"
            ]
        );
    }
}
