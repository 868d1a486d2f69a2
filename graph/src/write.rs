//! Writes from outside: SPARQL Update and the Graph Store Protocol's graph operations.
//!
//! Every write runs in one transaction that also bumps the store generation, so a reader (and
//! the search index, which records the generation it reflects) sees the write whole or not at
//! all. Two graphs are ours, not the client's: the ontology ([`graphs::ONTOLOGY`]) and the
//! ingest log ([`graphs::META`]). A write that names one of them is refused with
//! [`Error::Protected`] before it runs; a `DELETE`/`INSERT … WHERE` whose graph is a variable is
//! run, and refused (nothing committed) if it changed either of them. `DROP ALL`, `CLEAR ALL`,
//! `DROP NAMED` and `CLEAR NAMED` act on every graph but those two: "all the data" is what a
//! client means by them, and keeping the ontology keeps the store usable.
//!
//! `LOAD` is refused ([`Error::Refused`]): the server never fetches remote documents; clients
//! send data with the Graph Store Protocol instead.

use crate::query::evaluator;
use crate::store::{GraphStore, bump_generation};
use crate::{Error, Result};
use biokg_ontology::graphs;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNodeRef, Quad};
use oxigraph::sparql::{CancellationToken, UpdateEvaluationError};
use oxigraph::store::Transaction;
use spargebra::GraphUpdateOperation;
use spargebra::algebra::GraphTarget;
use spargebra::term::GraphNamePattern;
use std::collections::HashSet;
use std::time::Duration;

/// The graphs a write changed, so the caller can bring the search index in step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    /// Only these graphs, without repeats, sorted by their N-Triples form (a
    /// `GraphName::DefaultGraph` entry is the default graph).
    Graphs(Vec<GraphName>),
    /// Any graph may have changed: a `DROP ALL`, or a template whose graph is a variable.
    All,
}

impl Touched {
    fn add(&mut self, graph: GraphName) {
        if let Self::Graphs(list) = self
            && !list.contains(&graph)
        {
            list.push(graph);
            list.sort_by_key(ToString::to_string);
        }
    }
}

/// What a committed write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    /// The store generation after the write.
    pub generation: u64,
    /// The graphs it may have changed.
    pub touched: Touched,
}

/// A parsed SPARQL 1.1 Update, checked against the protected graphs.
#[derive(Debug, Clone)]
pub struct PreparedUpdate {
    update: spargebra::Update,
    touched: Touched,
    /// Whether a template's graph is a variable, so protection must be checked after the run.
    dynamic: bool,
}

/// Whether a graph is one the server keeps for itself.
pub fn is_protected(graph: GraphNameRef<'_>) -> bool {
    matches!(graph, GraphNameRef::NamedNode(n) if n == graphs::ONTOLOGY || n == graphs::META)
}

fn check_writable(graph: GraphNameRef<'_>) -> Result<()> {
    match graph {
        GraphNameRef::NamedNode(n) if is_protected(graph) => Err(Error::Protected {
            graph: n.as_str().to_owned(),
        }),
        _ => Ok(()),
    }
}

fn ground_graph(g: &spargebra::term::GraphName) -> GraphName {
    match g {
        spargebra::term::GraphName::NamedNode(n) => n.clone().into(),
        spargebra::term::GraphName::DefaultGraph => GraphName::DefaultGraph,
    }
}

fn pattern_graph(g: &GraphNamePattern) -> Option<GraphName> {
    match g {
        GraphNamePattern::NamedNode(n) => Some(n.clone().into()),
        GraphNamePattern::DefaultGraph => Some(GraphName::DefaultGraph),
        GraphNamePattern::Variable(_) => None,
    }
}

fn target_graph(t: &GraphTarget) -> Option<GraphName> {
    match t {
        GraphTarget::NamedNode(n) => Some(n.clone().into()),
        GraphTarget::DefaultGraph => Some(GraphName::DefaultGraph),
        GraphTarget::NamedGraphs | GraphTarget::AllGraphs => None,
    }
}

impl PreparedUpdate {
    /// Parses a SPARQL 1.1 Update and works out which graphs it writes.
    ///
    /// # Errors
    /// [`Error::Syntax`] when the text is not an update, [`Error::Refused`] for `LOAD`,
    /// [`Error::Protected`] when it names the ontology or the ingest-log graph as a target.
    pub fn parse(sparql: &str) -> Result<Self> {
        let update = spargebra::SparqlParser::new().parse_update(sparql)?;
        let mut touched = Touched::Graphs(Vec::new());
        let mut dynamic = false;
        for op in &update.operations {
            match op {
                GraphUpdateOperation::InsertData { data } => {
                    for q in data {
                        let g = ground_graph(&q.graph_name);
                        check_writable(g.as_ref())?;
                        touched.add(g);
                    }
                }
                GraphUpdateOperation::DeleteData { data } => {
                    for q in data {
                        let g = ground_graph(&q.graph_name);
                        check_writable(g.as_ref())?;
                        touched.add(g);
                    }
                }
                GraphUpdateOperation::DeleteInsert { delete, insert, .. } => {
                    let graphs = delete
                        .iter()
                        .map(|q| pattern_graph(&q.graph_name))
                        .chain(insert.iter().map(|q| pattern_graph(&q.graph_name)));
                    for g in graphs {
                        match g {
                            Some(g) => {
                                check_writable(g.as_ref())?;
                                touched.add(g);
                            }
                            None => {
                                dynamic = true;
                                touched = Touched::All;
                            }
                        }
                    }
                }
                GraphUpdateOperation::Load { .. } => {
                    return Err(Error::Refused(
                        "LOAD is not allowed: the server does not fetch remote documents; send the data with the graph store protocol (PUT or POST /store?graph=IRI)".into(),
                    ));
                }
                GraphUpdateOperation::Clear { graph, .. }
                | GraphUpdateOperation::Drop { graph, .. } => match target_graph(graph) {
                    Some(g) => {
                        check_writable(g.as_ref())?;
                        touched.add(g);
                    }
                    None => touched = Touched::All,
                },
                GraphUpdateOperation::Create { graph, .. } => {
                    check_writable(graph.as_ref().into())?;
                }
            }
        }
        Ok(Self {
            update,
            touched,
            dynamic,
        })
    }

    /// The graphs the update may change, as far as its text tells.
    pub fn touched(&self) -> &Touched {
        &self.touched
    }

    /// The update with `ALL` and `NAMED` targets spelled out as the writable graphs of `tx`.
    fn expanded(&self, tx: &Transaction<'_>) -> Result<spargebra::Update> {
        let mut named: Vec<NamedNode> = Vec::new();
        for g in tx.named_graphs() {
            if let NamedOrBlankNodeRef::NamedNode(n) = g?.as_ref()
                && !is_protected(n.into())
            {
                named.push(n.into_owned());
            }
        }
        let mut operations = Vec::new();
        for op in &self.update.operations {
            let (graph, silent, drop) = match op {
                GraphUpdateOperation::Clear { graph, silent } => (graph, *silent, false),
                GraphUpdateOperation::Drop { graph, silent } => (graph, *silent, true),
                other => {
                    operations.push(other.clone());
                    continue;
                }
            };
            let mut targets: Vec<GraphTarget> = match graph {
                GraphTarget::AllGraphs => vec![GraphTarget::DefaultGraph],
                GraphTarget::NamedGraphs => Vec::new(),
                other => {
                    operations.push(op_for(other.clone(), silent, drop));
                    continue;
                }
            };
            targets.extend(named.iter().cloned().map(GraphTarget::NamedNode));
            // Earlier operations of the same request may have dropped some: SILENT keeps a
            // missing graph from failing the whole request.
            operations.extend(targets.into_iter().map(|t| op_for(t, true, drop)));
        }
        Ok(spargebra::Update {
            base_iri: self.update.base_iri.clone(),
            operations,
        })
    }
}

fn op_for(graph: GraphTarget, silent: bool, drop: bool) -> GraphUpdateOperation {
    if drop {
        GraphUpdateOperation::Drop { silent, graph }
    } else {
        GraphUpdateOperation::Clear { silent, graph }
    }
}

fn update_error(e: UpdateEvaluationError, token: &CancellationToken, timeout: Duration) -> Error {
    if token.is_cancelled() {
        return Error::Timeout(timeout);
    }
    match e {
        UpdateEvaluationError::Storage(e) => Error::Storage(e),
        other => Error::Evaluation(other.to_string()),
    }
}

/// The quads of the protected graphs as `tx` sees them.
fn protected_quads(tx: &Transaction<'_>) -> Result<HashSet<Quad>> {
    let mut out = HashSet::new();
    for g in [graphs::ONTOLOGY, graphs::META] {
        for q in tx.quads_for_pattern(None, None, None, Some(g.into())) {
            out.insert(q?);
        }
    }
    Ok(out)
}

/// Parses an RDF document into quads of `graph` (the Graph Store Protocol's payload).
///
/// # Errors
/// [`Error::BadPayload`] when the bytes are not a valid document of `format`.
pub fn parse_graph(
    bytes: &[u8],
    format: RdfFormat,
    graph: GraphNameRef<'_>,
    base_iri: Option<&str>,
) -> Result<Vec<Quad>> {
    let mut parser = RdfParser::from_format(format)
        .with_default_graph(graph.into_owned())
        .without_named_graphs();
    if let Some(base) = base_iri {
        parser = parser
            .with_base_iri(base)
            .map_err(|e| Error::BadPayload(e.to_string()))?;
    }
    parser
        .for_slice(bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::BadPayload(e.to_string()))
}

impl GraphStore {
    /// Runs a SPARQL Update in one transaction that also bumps the generation. `WHERE` clauses
    /// see the store's own default graph, as the standard says (queries see the union).
    ///
    /// # Errors
    /// [`Error::Timeout`] past `timeout` (nothing is committed), [`Error::Protected`] when a
    /// variable-graph template changed a protected graph (nothing is committed),
    /// [`Error::Evaluation`] for an update that fails (a `DROP` of a missing graph without
    /// `SILENT`...), [`Error::Storage`] when the write fails.
    pub fn update(&self, update: &PreparedUpdate, timeout: Duration) -> Result<WriteOutcome> {
        let token = CancellationToken::new();
        let _armed = crate::watchdog::arm(token.clone(), timeout);
        let mut tx = self.store.start_transaction()?;
        let expanded = update.expanded(&tx)?;
        let before = if update.dynamic {
            Some(protected_quads(&tx)?)
        } else {
            None
        };
        evaluator(token.clone(), self.text.as_ref())
            .for_update(expanded)
            .on_transaction(&mut tx)
            .execute()
            .map_err(|e| update_error(e, &token, timeout))?;
        if let Some(before) = before
            && protected_quads(&tx)? != before
        {
            return Err(Error::Protected {
                graph: format!("{} or {}", graphs::ONTOLOGY.as_str(), graphs::META.as_str()),
            });
        }
        if token.is_cancelled() {
            return Err(Error::Timeout(timeout));
        }
        let generation = bump_generation(&mut tx)?;
        tx.commit()?;
        Ok(WriteOutcome {
            generation,
            touched: update.touched.clone(),
        })
    }

    /// Whether a graph exists: the default graph always does; a named graph once created.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn contains_graph(&self, graph: GraphNameRef<'_>) -> Result<bool> {
        match graph {
            GraphNameRef::DefaultGraph => Ok(true),
            GraphNameRef::NamedNode(n) => Ok(self.store.contains_named_graph(n)?),
            GraphNameRef::BlankNode(b) => Ok(self.store.contains_named_graph(b)?),
        }
    }

    /// Every quad of a graph (the default graph or a named one).
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read.
    pub fn quads_of(&self, graph: GraphNameRef<'_>) -> Result<Vec<Quad>> {
        Ok(self
            .store
            .quads_for_pattern(None, None, None, Some(graph))
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// A graph serialized in `format`, or `None` when the named graph does not exist.
    ///
    /// # Errors
    /// [`Error::Storage`] when the store cannot be read, [`Error::Io`] when serializing fails.
    pub fn serialize_graph(
        &self,
        graph: GraphNameRef<'_>,
        format: RdfFormat,
    ) -> Result<Option<Vec<u8>>> {
        if !self.contains_graph(graph)? {
            return Ok(None);
        }
        let mut writer = RdfSerializer::from_format(format).for_writer(Vec::new());
        for q in self.store.quads_for_pattern(None, None, None, Some(graph)) {
            writer.serialize_triple(q?.as_ref())?;
        }
        Ok(Some(writer.finish()?))
    }

    /// Replaces a graph's content with `quads` (all in `graph`) and bumps the generation, in one
    /// transaction. Returns whether the graph was created and the outcome.
    ///
    /// # Errors
    /// [`Error::Protected`] for the ontology or ingest-log graph, [`Error::Storage`] otherwise.
    pub fn put_graph(&self, graph: GraphNameRef<'_>, quads: &[Quad]) -> Result<(bool, u64)> {
        self.write_graph(graph, quads, true)
    }

    /// Adds `quads` (all in `graph`) to a graph, creating it if needed, and bumps the
    /// generation, in one transaction. Returns whether the graph was created and the outcome.
    ///
    /// # Errors
    /// As [`GraphStore::put_graph`].
    pub fn post_graph(&self, graph: GraphNameRef<'_>, quads: &[Quad]) -> Result<(bool, u64)> {
        self.write_graph(graph, quads, false)
    }

    fn write_graph(
        &self,
        graph: GraphNameRef<'_>,
        quads: &[Quad],
        replace: bool,
    ) -> Result<(bool, u64)> {
        check_writable(graph)?;
        let mut tx = self.store.start_transaction()?;
        let created = match graph {
            GraphNameRef::DefaultGraph => false,
            GraphNameRef::NamedNode(n) => !tx.contains_named_graph(n)?,
            GraphNameRef::BlankNode(b) => !tx.contains_named_graph(b)?,
        };
        if replace {
            tx.clear_graph(graph)?;
        }
        match graph {
            GraphNameRef::NamedNode(n) => tx.insert_named_graph(n),
            GraphNameRef::BlankNode(b) => tx.insert_named_graph(b),
            GraphNameRef::DefaultGraph => {}
        }
        for q in quads {
            debug_assert_eq!(q.graph_name.as_ref(), graph);
            tx.insert(q);
        }
        let generation = bump_generation(&mut tx)?;
        tx.commit()?;
        Ok((created, generation))
    }

    /// Drops a named graph (or empties the default graph) and bumps the generation. Returns
    /// `None`, writing nothing, when the named graph does not exist.
    ///
    /// # Errors
    /// [`Error::Protected`] for the ontology or ingest-log graph, [`Error::Storage`] otherwise.
    pub fn drop_graph(&self, graph: GraphNameRef<'_>) -> Result<Option<u64>> {
        check_writable(graph)?;
        let mut tx = self.store.start_transaction()?;
        match graph {
            GraphNameRef::DefaultGraph => tx.clear_graph(graph)?,
            GraphNameRef::NamedNode(n) => {
                if !tx.contains_named_graph(n)? {
                    return Ok(None);
                }
                tx.remove_named_graph(n)?;
            }
            GraphNameRef::BlankNode(b) => {
                if !tx.contains_named_graph(b)? {
                    return Ok(None);
                }
                tx.remove_named_graph(b)?;
            }
        }
        let generation = bump_generation(&mut tx)?;
        tx.commit()?;
        Ok(Some(generation))
    }

    /// Writes a consistent copy of an on-disk store to `dir` (a RocksDB checkpoint: hard links
    /// where the file system allows). `dir` must not exist yet.
    ///
    /// # Errors
    /// [`Error::Storage`] for an in-memory store, an existing `dir`, or a failed copy.
    pub fn backup(&self, dir: &std::path::Path) -> Result<()> {
        Ok(self.store.backup(dir)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    const T: Duration = Duration::from_secs(5);

    fn ex(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("http://example.com/{s}"))
    }

    fn store() -> GraphStore {
        let store = GraphStore::in_memory().unwrap();
        store.ensure_ontology().unwrap();
        store
    }

    fn names(touched: &Touched) -> Vec<String> {
        match touched {
            Touched::All => vec!["*".into()],
            Touched::Graphs(g) => g.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn an_update_names_the_graphs_it_writes() {
        let u = PreparedUpdate::parse(
            "INSERT DATA { GRAPH <http://example.com/a> { <http://example.com/s> <http://example.com/p> 1 } } ;
             DELETE WHERE { GRAPH <http://example.com/b> { ?s ?p ?o } } ;
             CLEAR DEFAULT",
        )
        .unwrap();
        assert_eq!(
            names(u.touched()),
            [
                "<http://example.com/a>",
                "<http://example.com/b>",
                "DEFAULT"
            ]
        );
        let u = PreparedUpdate::parse("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }").unwrap();
        assert_eq!(u.touched(), &Touched::All);
        assert_eq!(
            PreparedUpdate::parse("DROP ALL").unwrap().touched(),
            &Touched::All
        );
    }

    #[test]
    fn updates_naming_a_protected_graph_or_loading_are_refused() {
        for text in [
            "DROP GRAPH <https://w3id.org/laocai-biotech/graph/ontology>",
            "INSERT DATA { GRAPH <https://w3id.org/laocai-biotech/graph/meta> { <http://example.com/s> <http://example.com/p> 1 } }",
            "WITH <https://w3id.org/laocai-biotech/graph/meta> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        ] {
            let err = PreparedUpdate::parse(text).unwrap_err();
            assert!(matches!(err, Error::Protected { .. }), "{text}: {err}");
        }
        let err = PreparedUpdate::parse("LOAD <http://example.com/data.ttl>").unwrap_err();
        assert!(matches!(err, Error::Refused(_)), "{err}");
    }

    #[test]
    fn an_update_commits_with_a_new_generation() {
        let store = store();
        let g0 = store.generation().unwrap();
        let u = PreparedUpdate::parse(
            "INSERT DATA { GRAPH <http://example.com/a> { <http://example.com/s> <http://example.com/p> 1, 2 } }",
        )
        .unwrap();
        let outcome = store.update(&u, T).unwrap();
        assert_eq!(outcome.generation, g0 + 1);
        assert_eq!(store.generation().unwrap(), g0 + 1);
        assert_eq!(store.graph_len(ex("a").as_ref()).unwrap(), 2);
    }

    #[test]
    fn drop_all_keeps_the_ontology_and_the_log() {
        let store = store();
        let ontology = store.graph_len(graphs::ONTOLOGY).unwrap();
        store
            .update(
                &PreparedUpdate::parse(
                    "INSERT DATA { <http://example.com/d> <http://example.com/p> 1 .
                     GRAPH <http://example.com/a> { <http://example.com/s> <http://example.com/p> 1 } }",
                )
                .unwrap(),
                T,
            )
            .unwrap();
        let g = store.generation().unwrap();
        let outcome = store
            .update(&PreparedUpdate::parse("DROP ALL").unwrap(), T)
            .unwrap();
        assert_eq!(outcome.generation, g + 1);
        assert!(!store.contains_graph(ex("a").as_ref().into()).unwrap());
        assert!(
            store
                .quads_of(GraphNameRef::DefaultGraph)
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.graph_len(graphs::ONTOLOGY).unwrap(), ontology);
        assert_eq!(store.generation().unwrap(), g + 1);
    }

    #[test]
    fn a_variable_graph_that_reaches_a_protected_graph_commits_nothing() {
        let store = store();
        let before = store.graph_len(graphs::ONTOLOGY).unwrap();
        let g = store.generation().unwrap();
        let err = store
            .update(
                &PreparedUpdate::parse("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }").unwrap(),
                T,
            )
            .unwrap_err();
        assert!(matches!(err, Error::Protected { .. }), "{err}");
        assert_eq!(store.graph_len(graphs::ONTOLOGY).unwrap(), before);
        assert_eq!(store.generation().unwrap(), g);
    }

    #[test]
    fn a_failing_operation_rolls_the_whole_request_back() {
        let store = store();
        let g = store.generation().unwrap();
        let err = store
            .update(
                &PreparedUpdate::parse(
                    "INSERT DATA { GRAPH <http://example.com/a> { <http://example.com/s> <http://example.com/p> 1 } } ;
                     DROP GRAPH <http://example.com/missing>",
                )
                .unwrap(),
                T,
            )
            .unwrap_err();
        assert!(matches!(err, Error::Evaluation(_)), "{err}");
        assert!(!store.contains_graph(ex("a").as_ref().into()).unwrap());
        assert_eq!(store.generation().unwrap(), g);
    }

    #[test]
    fn graph_store_operations_replace_merge_and_drop() {
        let store = store();
        let a = ex("a");
        let ga = GraphNameRef::from(a.as_ref());
        let quad = |o: i64| Quad::new(ex("s"), ex("p"), Literal::from(o), a.clone());
        assert_eq!(
            store.serialize_graph(ga, RdfFormat::NTriples).unwrap(),
            None
        );
        let (created, g1) = store.put_graph(ga, &[quad(1), quad(2)]).unwrap();
        assert!(created);
        let (created, g2) = store.post_graph(ga, &[quad(3)]).unwrap();
        assert!(!created);
        assert_eq!(g2, g1 + 1);
        assert_eq!(store.graph_len(a.as_ref()).unwrap(), 3);
        let (created, _) = store.put_graph(ga, &[quad(9)]).unwrap();
        assert!(!created);
        let nt = store
            .serialize_graph(ga, RdfFormat::NTriples)
            .unwrap()
            .unwrap();
        assert_eq!(
            String::from_utf8(nt).unwrap(),
            "<http://example.com/s> <http://example.com/p> \"9\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        );
        assert!(store.drop_graph(ga).unwrap().is_some());
        assert_eq!(store.drop_graph(ga).unwrap(), None);
        let meta = GraphNameRef::from(graphs::META);
        assert!(matches!(
            store.put_graph(meta, &[]).unwrap_err(),
            Error::Protected { .. }
        ));
    }

    #[test]
    fn a_graph_payload_is_parsed_into_the_target_graph() {
        let a = ex("a");
        let quads = parse_graph(
            b"@prefix ex: <http://example.com/> . ex:s ex:p ex:o .",
            RdfFormat::Turtle,
            a.as_ref().into(),
            None,
        )
        .unwrap();
        assert_eq!(quads.len(), 1);
        assert_eq!(quads[0].graph_name, GraphName::from(a.clone()));
        let err =
            parse_graph(b"ex:s ex:p", RdfFormat::Turtle, a.as_ref().into(), None).unwrap_err();
        assert!(matches!(err, Error::BadPayload(_)), "{err}");
    }

    #[test]
    fn an_update_past_its_time_limit_commits_nothing() {
        let store = store();
        let mut data = String::from("INSERT DATA { GRAPH <http://example.com/a> {");
        for i in 0..100 {
            data.push_str(&format!(
                " <http://example.com/s{i}> <http://example.com/p> {i} ."
            ));
        }
        data.push_str(" } }");
        store
            .update(&PreparedUpdate::parse(&data).unwrap(), T)
            .unwrap();
        let g = store.generation().unwrap();
        // A million filtered rows: longer than the limit, whether or not the evaluation
        // checks the token on the way (the token is checked again before the commit).
        let slow = PreparedUpdate::parse(
            "INSERT { GRAPH <http://example.com/b> { ?a <http://example.com/q> ?d } }
             WHERE { GRAPH <http://example.com/a> { ?a ?p ?x . ?b ?q ?y . ?d ?t ?w
                     FILTER(REGEX(CONCAT(STR(?x), STR(?y), STR(?w)), \"^never$\")) } }",
        )
        .unwrap();
        let err = store.update(&slow, Duration::from_millis(50)).unwrap_err();
        assert!(matches!(err, Error::Timeout(_)), "{err}");
        assert!(!store.contains_graph(ex("b").as_ref().into()).unwrap());
        assert_eq!(store.generation().unwrap(), g);
    }
}
