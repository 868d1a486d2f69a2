//! A SHACL Core validator for the subset of SHACL that the project's shapes
//! (`biokg_ontology::SHAPES_TTL`) use.
//!
//! No maintained Rust SHACL crate fits our dependencies: the rudof project's `shacl` crate
//! (0.3) builds on oxigraph 0.5 but switches on oxrdf's `rdf-12` feature for the whole workspace
//! (which changes oxrdf's term types under every other crate) and pulls a second reqwest, tokio
//! and an HTTP client into the ingest crate. This module implements what the shapes need,
//! over oxrdf graphs, and refuses a shapes graph that uses anything else
//! ([`ShapesError`] "unsupported SHACL feature …"), so no constraint is silently ignored.
//!
//! **Implemented** (SHACL Core, W3C Recommendation 2017):
//! - shapes: `sh:NodeShape` and `sh:PropertyShape`, named or blank; `sh:property`,
//!   `sh:deactivated`, `sh:severity` (`sh:Violation`, `sh:Warning`, `sh:Info`), `sh:message`
//!   (English or untagged preferred), `sh:name`; `sh:description`, `sh:order`, `sh:group` and
//!   non-SHACL annotations (`rdfs:label`, `rdfs:comment`) are read and ignored;
//! - targets: `sh:targetClass` (instances of the class or of a subclass, `rdfs:subClassOf*` in the
//!   data graph, which includes the ontology), `sh:targetNode`, `sh:targetSubjectsOf`,
//!   `sh:targetObjectsOf`;
//! - paths: an IRI, and `[ sh:inversePath IRI ]`; no sequence, alternative or repetition paths;
//! - value type: `sh:class`, `sh:datatype` (the datatype, and a well-formed lexical form for
//!   `xsd:boolean`, `xsd:integer` and its derived types, `xsd:decimal`, `xsd:double`,
//!   `xsd:float`, `xsd:date`, `xsd:gYearMonth`, `xsd:gYear`; `rdf:langString` needs a language
//!   tag; other datatypes are matched by IRI only), `sh:nodeKind`;
//! - cardinality: `sh:minCount`, `sh:maxCount`;
//! - value range: `sh:minInclusive`, `sh:maxInclusive`, `sh:minExclusive`, `sh:maxExclusive`,
//!   comparing numbers (any numeric XSD datatype) as numbers and `xsd:date`, `xsd:gYearMonth`,
//!   `xsd:gYear` values of the same datatype and without time zone as dates; anything else is
//!   not comparable and fails the constraint, as SHACL says;
//! - string: `sh:minLength`, `sh:maxLength` (in characters), `sh:pattern` with `sh:flags` `i`,
//!   `m`, `s`, `x`, `q` (Rust `regex` syntax, which agrees with XPath regular expressions on the
//!   patterns used here; no back-references), `sh:languageIn` (basic language ranges),
//!   `sh:uniqueLang`;
//! - logic and shape-based: `sh:or`, `sh:node`, `sh:qualifiedValueShape` with
//!   `sh:qualifiedMinCount` / `sh:qualifiedMaxCount` (without
//!   `sh:qualifiedValueShapesDisjoint`);
//! - other: `sh:in`, `sh:hasValue`.
//!
//! **Not implemented** (a shapes graph using them is rejected): `sh:and`, `sh:not`, `sh:xone`,
//! `sh:closed`, `sh:equals`, `sh:disjoint`, `sh:lessThan`, `sh:lessThanOrEquals`, complex paths,
//! implicit class targets (a shape that is also an `rdfs:Class`), SHACL-SPARQL (`sh:sparql`) and
//! SHACL Advanced Features. Recursive shapes are cut at depth 32 (the node then does not
//! conform).
//!
//! **The data graph** is the union of the input ([`oxrdf::Graph`]), the ontology given with the
//! shapes, and a [`Store`]: what the store already holds, asked for the values of one subject
//! and predicate (or one predicate and object, for inverse paths) at a time, so a reference to a
//! commune loaded earlier resolves without copying the store. Focus nodes come from the input
//! only: the validator checks what is being loaded, not what was loaded before.

mod shapes;
mod validate;
mod values;

pub use shapes::{Path, Severity, Shapes, ShapesError};
pub use validate::{EmptyStore, Input, Store, Validation, ValidationResult};

/// The SHACL terms the validator reads.
pub(crate) mod sh {
    use oxrdf::NamedNodeRef;

    pub(crate) const NAMESPACE: &str = "http://www.w3.org/ns/shacl#";

    macro_rules! terms {
        ($($name:ident => $local:literal),* $(,)?) => {
            $(pub(crate) const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!("http://www.w3.org/ns/shacl#", $local));)*
        };
    }

    terms! {
        NODE_SHAPE => "NodeShape",
        PROPERTY_SHAPE => "PropertyShape",
        TARGET_CLASS => "targetClass",
        TARGET_NODE => "targetNode",
        TARGET_SUBJECTS_OF => "targetSubjectsOf",
        TARGET_OBJECTS_OF => "targetObjectsOf",
        PATH => "path",
        INVERSE_PATH => "inversePath",
        PROPERTY => "property",
        MIN_COUNT => "minCount",
        MAX_COUNT => "maxCount",
        DATATYPE => "datatype",
        CLASS => "class",
        NODE_KIND => "nodeKind",
        IRI => "IRI",
        BLANK_NODE => "BlankNode",
        LITERAL => "Literal",
        BLANK_NODE_OR_IRI => "BlankNodeOrIRI",
        BLANK_NODE_OR_LITERAL => "BlankNodeOrLiteral",
        IRI_OR_LITERAL => "IRIOrLiteral",
        IN => "in",
        HAS_VALUE => "hasValue",
        PATTERN => "pattern",
        FLAGS => "flags",
        MIN_INCLUSIVE => "minInclusive",
        MAX_INCLUSIVE => "maxInclusive",
        MIN_EXCLUSIVE => "minExclusive",
        MAX_EXCLUSIVE => "maxExclusive",
        MIN_LENGTH => "minLength",
        MAX_LENGTH => "maxLength",
        LANGUAGE_IN => "languageIn",
        UNIQUE_LANG => "uniqueLang",
        NODE => "node",
        OR => "or",
        QUALIFIED_VALUE_SHAPE => "qualifiedValueShape",
        QUALIFIED_MIN_COUNT => "qualifiedMinCount",
        QUALIFIED_MAX_COUNT => "qualifiedMaxCount",
        MESSAGE => "message",
        SEVERITY => "severity",
        VIOLATION => "Violation",
        WARNING => "Warning",
        INFO => "Info",
        NAME => "name",
        DESCRIPTION => "description",
        ORDER => "order",
        GROUP => "group",
        DEACTIVATED => "deactivated",
    }
}

/// The project's prefixes plus `sh:`, longest namespace first so that the most specific wins.
fn prefixes() -> &'static [(&'static str, &'static str)] {
    static P: std::sync::OnceLock<Vec<(&'static str, &'static str)>> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut p: Vec<(&str, &str)> = biokg_ontology::PREFIXES.to_vec();
        p.push(("sh", sh::NAMESPACE));
        p.push(("dwc", "http://rs.tdwg.org/dwc/terms/"));
        p.sort_by_key(|(_, ns)| std::cmp::Reverse(ns.len()));
        p.dedup();
        p
    })
}

/// An IRI as a prefixed name when one of the project's prefixes fits and the local part is a
/// plain name (`schema:taxID`, `lcb:section-I`), otherwise `<…>`.
pub fn compact_iri(iri: &str) -> String {
    for (prefix, ns) in prefixes() {
        if let Some(local) = iri.strip_prefix(ns) {
            let plain = local
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if plain {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

/// A term as written in messages: `<iri>` or a prefixed name, `"text"`, `"text"@vi`,
/// `"1.5"^^xsd:decimal`, `_:id`.
pub(crate) fn display_term(t: oxrdf::TermRef<'_>) -> String {
    match t {
        oxrdf::TermRef::NamedNode(n) => compact_iri(n.as_str()),
        oxrdf::TermRef::BlankNode(b) => b.to_string(),
        oxrdf::TermRef::Literal(l) => {
            let quoted = format!("{:?}", l.value());
            if let Some(lang) = l.language() {
                format!("{quoted}@{lang}")
            } else if l.datatype() == oxrdf::vocab::xsd::STRING {
                quoted
            } else {
                format!("{quoted}^^{}", compact_iri(l.datatype().as_str()))
            }
        }
    }
}

#[cfg(test)]
mod tests;
