//! One entity as the graph describes it: its types, properties and incoming links, with the
//! label of every IRI shown.

use super::{Reader, value};
use crate::error::Result;
use biokg_graph::model::{NamedNode, Term};
use oxigraph::model::vocab::{rdf, xsd};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Most incoming links listed for one entity.
pub const MAX_INCOMING: usize = 1000;

/// An IRI with its best label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The IRI.
    pub iri: String,
    /// Its label, when the graph has one.
    pub label: Option<String>,
}

/// A literal value: its lexical form and its language or datatype.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Literal {
    /// The datatype, unless it is `xsd:string` or the literal has a language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datatype: Option<String>,
    /// The language tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The lexical form.
    pub value: String,
}

/// A blank node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blank {
    /// Its id.
    pub blank: String,
}

/// The object of a property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Object {
    /// An IRI.
    Link(Link),
    /// A literal.
    Literal(Literal),
    /// A blank node.
    Blank(Blank),
}

/// The values of one property of the entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Property {
    /// The property.
    pub predicate: Link,
    /// Its values, sorted.
    pub values: Vec<Object>,
}

/// The subjects that link to the entity through one property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incoming {
    /// The property.
    pub predicate: Link,
    /// The subjects, sorted.
    pub subjects: Vec<Link>,
}

/// Every property and incoming link of one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The named graphs that state its properties.
    pub graphs: BTreeSet<String>,
    /// Whether the entity is marked illustrative (made up for the demonstration).
    pub illustrative: bool,
    /// Incoming links by property (at most [`MAX_INCOMING`] subjects in all).
    pub incoming: Vec<Incoming>,
    /// The entity's IRI.
    pub iri: String,
    /// Its label.
    pub label: Option<String>,
    /// Its properties but `rdf:type`, by property IRI.
    pub properties: Vec<Property>,
    /// Its types.
    pub types: Vec<Link>,
}

impl Entity {
    /// The values of one property.
    pub fn values_of(&self, predicate: &str) -> impl Iterator<Item = &Object> {
        self.properties
            .iter()
            .filter(move |p| p.predicate.iri == predicate)
            .flat_map(|p| &p.values)
    }
}

impl Object {
    /// The IRI of a link.
    pub fn iri(&self) -> Option<&str> {
        match self {
            Object::Link(l) => Some(&l.iri),
            _ => None,
        }
    }

    /// The lexical form of a literal.
    pub fn literal(&self) -> Option<&str> {
        match self {
            Object::Literal(l) => Some(&l.value),
            _ => None,
        }
    }
}

/// Sorts values by their JSON text, the order the API has always listed them in.
fn sorted<T: Serialize>(mut values: Vec<T>) -> Vec<T> {
    values.sort_by_cached_key(|v| serde_json::to_string(v).unwrap_or_default());
    values
}

impl Reader<'_> {
    /// Every property and incoming link of `node`, labels resolved in `lang` (`vi`, `en`);
    /// `None` when the graph says nothing about it.
    ///
    /// # Errors
    /// The store's errors.
    pub fn entity(&self, node: &NamedNode, lang: &str) -> Result<Option<Entity>> {
        let outgoing = self.select(&format!(
            "SELECT DISTINCT ?p ?o ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }}"
        ))?;
        let incoming = self.select(&format!(
            "SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {node} }} FILTER(isIRI(?s)) }} LIMIT {MAX_INCOMING}"
        ))?;
        if outgoing.is_empty() && incoming.is_empty() {
            return Ok(None);
        }
        let mut named: BTreeSet<String> = BTreeSet::from([node.as_str().to_owned()]);
        for (rows, vars) in [(&outgoing, ["p", "o"]), (&incoming, ["s", "p"])] {
            for row in rows {
                for var in vars {
                    if let Some(Term::NamedNode(n)) = row.get(var) {
                        named.insert(n.as_str().to_owned());
                    }
                }
            }
        }
        let labels = self.labels(&named, lang)?;
        let link = |iri: &str| Link {
            iri: iri.to_owned(),
            label: labels.get(iri).cloned(),
        };
        let mut types = Vec::new();
        let mut graphs = BTreeSet::new();
        let mut properties: BTreeMap<String, Vec<Object>> = BTreeMap::new();
        for row in &outgoing {
            let (Some(Term::NamedNode(p)), Some(o)) = (row.get("p"), row.get("o")) else {
                continue;
            };
            if let Some(g) = value(row, "g") {
                graphs.insert(g.to_owned());
            }
            match o {
                Term::NamedNode(t) if p.as_ref() == rdf::TYPE => types.push(link(t.as_str())),
                _ if p.as_ref() == rdf::TYPE => {}
                Term::NamedNode(n) => {
                    push(&mut properties, p.as_str(), Object::Link(link(n.as_str())))
                }
                Term::Literal(l) => push(
                    &mut properties,
                    p.as_str(),
                    Object::Literal(Literal {
                        datatype: (l.language().is_none() && l.datatype() != xsd::STRING)
                            .then(|| l.datatype().as_str().to_owned()),
                        language: l.language().map(str::to_owned),
                        value: l.value().to_owned(),
                    }),
                ),
                Term::BlankNode(b) => push(
                    &mut properties,
                    p.as_str(),
                    Object::Blank(Blank {
                        blank: b.as_str().to_owned(),
                    }),
                ),
            }
        }
        let mut incoming_by: BTreeMap<String, Vec<Link>> = BTreeMap::new();
        for row in &incoming {
            if let (Some(s), Some(p)) = (value(row, "s"), value(row, "p")) {
                incoming_by.entry(p.to_owned()).or_default().push(link(s));
            }
        }
        // Nothing illustrative is shown without that mark (data/README.md).
        let illustrative = properties
            .get(biokg_ontology::lcb::ILLUSTRATIVE.as_str())
            .is_some_and(|vs| vs.iter().any(|v| v.literal() == Some("true")));
        Ok(Some(Entity {
            graphs,
            illustrative,
            incoming: incoming_by
                .into_iter()
                .map(|(p, subjects)| Incoming {
                    predicate: link(&p),
                    subjects: sorted(subjects),
                })
                .collect(),
            iri: node.as_str().to_owned(),
            label: labels.get(node.as_str()).cloned(),
            properties: properties
                .into_iter()
                .map(|(p, values)| Property {
                    predicate: link(&p),
                    values: sorted(values),
                })
                .collect(),
            types,
        }))
    }

    /// The best label of each IRI: `rdfs:label` or `skos:prefLabel` in `lang`, else in any
    /// language, else `skos:notation`.
    ///
    /// # Errors
    /// The store's errors.
    pub fn labels(&self, iris: &BTreeSet<String>, lang: &str) -> Result<HashMap<String, String>> {
        let mut out: HashMap<String, (u8, String)> = HashMap::new();
        for chunk in iris.iter().collect::<Vec<_>>().chunks(200) {
            let values: String = chunk.iter().map(|i| format!("<{i}> ")).collect();
            let rows = self.select(&format!(
                "SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x rdfs:label|skos:prefLabel|skos:notation ?l }}"
            ))?;
            for row in rows {
                let (Some(x), Some(Term::Literal(l))) = (value(&row, "x"), row.get("l")) else {
                    continue;
                };
                let rank = match l.language() {
                    Some(t) if t == lang => 3,
                    Some(_) => 1,
                    None => 2,
                };
                let e = out.entry(x.to_owned()).or_insert((0, String::new()));
                if rank > e.0 || (rank == e.0 && l.value().len() < e.1.len()) {
                    *e = (rank, l.value().to_owned());
                }
            }
        }
        Ok(out.into_iter().map(|(k, (_, v))| (k, v)).collect())
    }
}

fn push(properties: &mut BTreeMap<String, Vec<Object>>, p: &str, o: Object) {
    properties.entry(p.to_owned()).or_default().push(o);
}
