//! SPARQL queries: parsing, dataset selection, evaluation under a time limit, serialization.

use crate::text::{SEARCH_SERVICE, TextSearch, TextService};
use crate::{Error, Result};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// What a query returns, known once it is parsed: it decides which formats apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// SELECT: a table of solutions.
    Solutions,
    /// ASK: true or false.
    Boolean,
    /// CONSTRUCT or DESCRIBE: an RDF graph.
    Graph,
}

/// A parsed SPARQL query, ready to run against the store.
#[derive(Debug, Clone)]
pub struct PreparedQuery {
    query: spargebra::Query,
    kind: QueryKind,
}

impl PreparedQuery {
    /// Parses a SPARQL 1.1 query.
    ///
    /// # Errors
    /// [`Error::Syntax`] when the text is not a valid query.
    pub fn parse(sparql: &str) -> Result<Self> {
        let query = spargebra::SparqlParser::new().parse_query(sparql)?;
        let kind = match &query {
            spargebra::Query::Select { .. } => QueryKind::Solutions,
            spargebra::Query::Ask { .. } => QueryKind::Boolean,
            spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => {
                QueryKind::Graph
            }
        };
        Ok(Self { query, kind })
    }

    /// What the query returns.
    pub fn kind(&self) -> QueryKind {
        self.kind
    }

    fn has_own_dataset(&self) -> bool {
        match &self.query {
            spargebra::Query::Select { dataset, .. }
            | spargebra::Query::Ask { dataset, .. }
            | spargebra::Query::Construct { dataset, .. }
            | spargebra::Query::Describe { dataset, .. } => dataset.is_some(),
        }
    }
}

/// The RDF dataset of the SPARQL protocol's `default-graph-uri` and `named-graph-uri`.
///
/// When both are empty and the query has no `FROM`, the default graph is the union of every
/// graph of the store, so analysts need not know which source holds a fact.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// IRIs whose merge is the default graph.
    pub default_graphs: Vec<String>,
    /// IRIs of the graphs `GRAPH ?g` may range over.
    pub named_graphs: Vec<String>,
}

/// The serialization asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A SPARQL results format (JSON, XML, CSV, TSV) for SELECT and ASK.
    Results(QueryResultsFormat),
    /// An RDF format for CONSTRUCT and DESCRIBE.
    Rdf(RdfFormat),
}

/// One row of a SELECT, by variable name.
pub type Solution = BTreeMap<String, Term>;

fn named(iri: &str) -> Result<NamedNode> {
    NamedNode::new(iri).map_err(|e| Error::BadGraphIri {
        iri: iri.to_owned(),
        reason: e.to_string(),
    })
}

fn eval_error(e: QueryEvaluationError, timeout: Duration) -> Error {
    match e {
        QueryEvaluationError::Cancelled => Error::Timeout(timeout),
        QueryEvaluationError::Dataset(e) => Error::Evaluation(e.to_string()),
        other => Error::Evaluation(other.to_string()),
    }
}

fn io_error(e: std::io::Error, timeout: Duration) -> Error {
    // Serializers surface evaluation errors of the lazily evaluated solutions as I/O errors.
    match e.downcast::<QueryEvaluationError>() {
        Ok(e) => eval_error(e, timeout),
        Err(e) => Error::Io(e),
    }
}

/// A SPARQL evaluator with our settings: cancellation, and the search service when there is an
/// index.
pub(crate) fn evaluator(
    token: CancellationToken,
    text: Option<&Arc<dyn TextSearch>>,
) -> SparqlEvaluator {
    let evaluator = SparqlEvaluator::new().with_cancellation_token(token);
    match text {
        Some(t) => evaluator.with_service_handler(
            NamedNode::new_unchecked(SEARCH_SERVICE),
            TextService(Arc::clone(t)),
        ),
        None => evaluator,
    }
}

/// Runs `query` on `store` and serializes its results in `format`.
pub(crate) fn execute(
    store: &Store,
    text: Option<&Arc<dyn TextSearch>>,
    query: &PreparedQuery,
    dataset: &Dataset,
    format: Format,
    timeout: Duration,
) -> Result<Vec<u8>> {
    let token = CancellationToken::new();
    let _armed = crate::watchdog::arm(token.clone(), timeout);
    let mut prepared = evaluator(token, text).for_query(query.query.clone());
    if dataset.default_graphs.is_empty() && dataset.named_graphs.is_empty() {
        if !query.has_own_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
    } else {
        let defaults = dataset
            .default_graphs
            .iter()
            .map(|g| named(g).map(GraphName::from))
            .collect::<Result<Vec<_>>>()?;
        prepared.dataset_mut().set_default_graph(defaults);
        if !dataset.named_graphs.is_empty() {
            let named_graphs = dataset
                .named_graphs
                .iter()
                .map(|g| named(g).map(NamedOrBlankNode::from))
                .collect::<Result<Vec<_>>>()?;
            prepared
                .dataset_mut()
                .set_available_named_graphs(named_graphs);
        }
    }
    let results = prepared
        .on_store(store)
        .execute()
        .map_err(|e| eval_error(e, timeout))?;
    let mut out = Vec::new();
    match (results, format) {
        (QueryResults::Solutions(solutions), Format::Results(f)) => {
            let mut writer = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())?;
            for solution in solutions {
                let solution = solution.map_err(|e| eval_error(e, timeout))?;
                writer.serialize(&solution)?;
            }
            writer.finish().map_err(|e| io_error(e, timeout))?;
        }
        (QueryResults::Boolean(value), Format::Results(f)) => {
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut out, value)?;
        }
        (QueryResults::Graph(triples), Format::Rdf(f)) => {
            let mut writer = RdfSerializer::from_format(f).for_writer(&mut out);
            for triple in triples {
                let triple = triple.map_err(|e| eval_error(e, timeout))?;
                writer.serialize_triple(&triple)?;
            }
            writer.finish()?;
        }
        _ => {
            return Err(Error::Evaluation(
                "the result format does not fit the query form".into(),
            ));
        }
    }
    Ok(out)
}

/// Runs a SELECT on `store` over the union of its graphs and collects the rows.
pub(crate) fn select(
    store: &Store,
    text: Option<&Arc<dyn TextSearch>>,
    sparql: &str,
    timeout: Duration,
) -> Result<Vec<Solution>> {
    let token = CancellationToken::new();
    let _armed = crate::watchdog::arm(token.clone(), timeout);
    let mut prepared = evaluator(token, text).parse_query(sparql)?;
    prepared.dataset_mut().set_default_graph_as_union();
    match prepared
        .on_store(store)
        .execute()
        .map_err(|e| eval_error(e, timeout))?
    {
        QueryResults::Solutions(solutions) => solutions
            .map(|s| {
                let s = s.map_err(|e| eval_error(e, timeout))?;
                Ok(s.iter()
                    .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                    .collect())
            })
            .collect(),
        _ => Err(Error::Evaluation("expected a SELECT query".into())),
    }
}
