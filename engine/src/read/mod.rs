//! Read models: what the pages, the JSON API and the command line show, as typed structs read
//! from the store with SPARQL over the documented ontology (so they say exactly what an
//! analyst's query would).
//!
//! A [`Reader`] runs the queries with one time limit. Every struct serialises to the JSON the
//! API documents; fields are declared in the alphabetical order of their JSON names, the
//! order the API has always written them in.

pub mod entity;
pub mod monitoring;
pub mod plan;
pub mod value_chain;

use crate::error::Result;
use crate::kb::KnowledgeBase;
use biokg_graph::Solution;
use biokg_graph::model::Term;
use biokg_ontology::PREFIXES;
use std::time::Duration;

/// Reads of one knowledge base, each query bounded by a time limit.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    kb: &'a KnowledgeBase,
    timeout: Duration,
}

impl<'a> Reader<'a> {
    /// Reads of `kb`, each query stopped after `timeout`.
    pub fn new(kb: &'a KnowledgeBase, timeout: Duration) -> Self {
        Self { kb, timeout }
    }

    /// The knowledge base read.
    pub fn kb(&self) -> &'a KnowledgeBase {
        self.kb
    }

    /// Runs a SELECT of ours: the [`prologue`] is prepended.
    ///
    /// # Errors
    /// As `GraphStore::select`.
    pub fn select(&self, body: &str) -> Result<Vec<Solution>> {
        let sparql = format!("{}{body}", prologue());
        Ok(self.kb.graph().select(&sparql, self.timeout)?)
    }
}

/// The `PREFIX` lines of every query we send.
pub fn prologue() -> String {
    PREFIXES
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n"))
        .collect()
}

/// The lexical value of a bound variable.
pub fn value<'a>(row: &'a Solution, var: &str) -> Option<&'a str> {
    match row.get(var)? {
        Term::NamedNode(n) => Some(n.as_str()),
        Term::Literal(l) => Some(l.value()),
        Term::BlankNode(b) => Some(b.as_str()),
    }
}

/// A bound variable as a whole number.
pub fn number(row: &Solution, var: &str) -> Option<i64> {
    value(row, var)?.parse().ok()
}

/// A bound variable as an owned string.
pub(crate) fn owned(row: &Solution, var: &str) -> Option<String> {
    value(row, var).map(str::to_owned)
}
