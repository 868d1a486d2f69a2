//! Full-text search from SPARQL: a `SERVICE` backed by the search index.
//!
//! ```sparql
//! PREFIX search: <https://w3id.org/laocai-biotech/search#>
//! SELECT ?task ?score WHERE {
//!   SERVICE <https://w3id.org/laocai-biotech/search> {
//!     ?task search:query "tang loong" ; search:type "task" ; search:limit 5 ;
//!           search:score ?score ; search:snippet ?snippet .
//!   }
//! }
//! ```
//!
//! The pattern inside the `SERVICE` is one subject variable (bound to each matching entity)
//! with options (`search:query`, `search:type`, `search:filter "facet=value"`, `search:limit`,
//! `search:offset`) and outputs (`search:score`, `search:snippet`, `search:label`, and
//! `search:type` with a variable). Oxigraph evaluates the service once and joins its rows with
//! the rest of the query, as QLever's text service and Jena's `text:query` do.
//!
//! The store does not depend on the index: it sees the index through [`TextSearch`], which the
//! server implements over `biokg-search`.

use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::{QueryEvaluationError, QuerySolutionIter, ServiceHandler};
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern};
use std::sync::Arc;

/// The IRI to use after `SERVICE`.
pub const SEARCH_SERVICE: &str = "https://w3id.org/laocai-biotech/search";
/// The namespace of the service's properties.
pub const SEARCH_NS: &str = "https://w3id.org/laocai-biotech/search#";
/// Default number of rows when `search:limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// Largest `search:limit`.
pub const MAX_LIMIT: usize = 1000;

/// A search as the service received it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextQuery {
    /// The words to look for.
    pub q: String,
    /// Entity types to keep (OR); empty keeps all.
    pub kinds: Vec<String>,
    /// `(facet, value)` filters.
    pub filters: Vec<(String, String)>,
    /// Rows wanted.
    pub limit: usize,
    /// Rows skipped.
    pub offset: usize,
}

/// One matching entity.
#[derive(Debug, Clone, PartialEq)]
pub struct TextHit {
    /// The entity's IRI.
    pub iri: String,
    /// Its type key (`task`, `target`, ...).
    pub kind: String,
    /// Its label.
    pub label: String,
    /// HTML snippet with `<mark>` around matches.
    pub snippet: String,
    /// Relevance score.
    pub score: f32,
}

/// What the store needs of a full-text index: the narrow interface that keeps the store and
/// the index crates apart.
pub trait TextSearch: Send + Sync {
    /// Runs a search.
    ///
    /// # Errors
    /// A message for the query author when the search is invalid or fails.
    fn text_search(&self, query: &TextQuery) -> Result<Vec<TextHit>, String>;
}

/// Why a `SERVICE` call failed; shown to the query author.
#[derive(Debug, thiserror::Error)]
#[error("search service: {0}")]
pub struct TextServiceError(String);

/// The `ServiceHandler` registered for [`SEARCH_SERVICE`].
pub(crate) struct TextService(pub(crate) Arc<dyn TextSearch>);

/// What the pattern asks for.
#[derive(Default)]
struct Request {
    subject: Option<Variable>,
    query: TextQuery,
    has_query: bool,
    score: Option<Variable>,
    snippet: Option<Variable>,
    label: Option<Variable>,
    kind: Option<Variable>,
}

fn err(message: impl Into<String>) -> TextServiceError {
    TextServiceError(message.into())
}

fn literal<'a>(object: &'a TermPattern, property: &str) -> Result<&'a Literal, TextServiceError> {
    match object {
        TermPattern::Literal(l) => Ok(l),
        _ => Err(err(format!("search:{property} takes a literal"))),
    }
}

fn variable(object: &TermPattern, property: &str) -> Result<Variable, TextServiceError> {
    match object {
        TermPattern::Variable(v) => Ok(v.clone()),
        _ => Err(err(format!("search:{property} takes a variable"))),
    }
}

fn count(object: &TermPattern, property: &str, max: usize) -> Result<usize, TextServiceError> {
    let value = literal(object, property)?.value();
    let n: usize = value
        .trim()
        .parse()
        .map_err(|_| err(format!("search:{property} {value:?} is not a whole number")))?;
    if n > max {
        return Err(err(format!("search:{property} is at most {max}")));
    }
    Ok(n)
}

fn parse(pattern: &GraphPattern) -> Result<Request, TextServiceError> {
    let GraphPattern::Bgp { patterns } = pattern else {
        return Err(err(
            "the pattern must be a list of triples about one variable, e.g. { ?e search:query \"…\" ; search:score ?s }",
        ));
    };
    let mut r = Request {
        query: TextQuery {
            limit: DEFAULT_LIMIT,
            ..TextQuery::default()
        },
        ..Request::default()
    };
    for t in patterns {
        let TermPattern::Variable(s) = &t.subject else {
            return Err(err(
                "the subject must be a variable, bound to each matching entity",
            ));
        };
        match &r.subject {
            Some(v) if v != s => {
                return Err(err("all triples must have the same subject variable"));
            }
            _ => r.subject = Some(s.clone()),
        }
        let NamedNodePattern::NamedNode(p) = &t.predicate else {
            return Err(err("properties must be search: IRIs, not variables"));
        };
        let Some(local) = p.as_str().strip_prefix(SEARCH_NS) else {
            return Err(err(format!(
                "unknown property <{}>; use {SEARCH_NS}…",
                p.as_str()
            )));
        };
        match local {
            "query" => {
                r.query.q = literal(&t.object, local)?.value().to_owned();
                r.has_query = true;
            }
            "type" => match &t.object {
                TermPattern::Variable(v) => r.kind = Some(v.clone()),
                other => r
                    .query
                    .kinds
                    .push(literal(other, local)?.value().to_owned()),
            },
            "filter" => {
                let f = literal(&t.object, local)?.value();
                let (name, value) = f
                    .split_once('=')
                    .ok_or_else(|| err(format!("search:filter {f:?} is not \"facet=value\"")))?;
                r.query
                    .filters
                    .push((name.trim().to_owned(), value.trim().to_owned()));
            }
            "limit" => {
                r.query.limit = count(&t.object, local, MAX_LIMIT)?;
            }
            "offset" => r.query.offset = count(&t.object, local, 10_000)?,
            "score" => r.score = Some(variable(&t.object, local)?),
            "snippet" => r.snippet = Some(variable(&t.object, local)?),
            "label" => r.label = Some(variable(&t.object, local)?),
            other => {
                return Err(err(format!(
                    "unknown property search:{other}; use query, type, filter, limit, offset, score, snippet or label"
                )));
            }
        }
    }
    if !r.has_query {
        return Err(err("search:query \"…\" is required"));
    }
    Ok(r)
}

impl ServiceHandler for TextService {
    type Error = TextServiceError;

    fn handle(
        &self,
        pattern: &GraphPattern,
        _base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Self::Error> {
        let r = parse(pattern)?;
        let hits = self.0.text_search(&r.query).map_err(TextServiceError)?;
        let subject = r.subject.clone().ok_or_else(|| err("empty pattern"))?;
        let mut variables = vec![subject];
        let outputs = [r.score, r.snippet, r.label, r.kind];
        variables.extend(outputs.iter().flatten().cloned());
        let rows: Vec<Result<Vec<Option<Term>>, QueryEvaluationError>> = hits
            .into_iter()
            .map(|h| {
                let mut row = vec![Some(Term::from(NamedNode::new_unchecked(h.iri)))];
                if outputs[0].is_some() {
                    row.push(Some(Literal::from(f64::from(h.score)).into()));
                }
                if outputs[1].is_some() {
                    row.push(Some(Literal::new_simple_literal(h.snippet).into()));
                }
                if outputs[2].is_some() {
                    row.push(Some(
                        Literal::new_language_tagged_literal_unchecked(h.label, "vi").into(),
                    ));
                }
                if outputs[3].is_some() {
                    row.push(Some(Literal::new_simple_literal(h.kind).into()));
                }
                Ok(row)
            })
            .collect();
        Ok(QuerySolutionIter::from_tuples(variables.into(), rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dataset, Format, GraphStore, PreparedQuery, QueryResultsFormat, SourceUpdate};
    use oxigraph::model::{GraphName, Quad};
    use std::time::Duration;

    /// Finds the entities whose label contains the query, in a fixed list.
    struct Fake;

    impl TextSearch for Fake {
        fn text_search(&self, q: &TextQuery) -> Result<Vec<TextHit>, String> {
            let all = [
                ("a", "task", "Tằng Loỏng park"),
                ("b", "clause", "Tằng Loỏng"),
                ("c", "task", "other"),
            ];
            Ok(all
                .iter()
                .filter(|(_, k, l)| {
                    l.to_lowercase().contains(&q.q.to_lowercase())
                        && (q.kinds.is_empty() || q.kinds.iter().any(|x| x == k))
                })
                .take(q.limit)
                .enumerate()
                .map(|(i, (id, k, l))| TextHit {
                    iri: format!("http://example.com/{id}"),
                    kind: (*k).to_owned(),
                    label: (*l).to_owned(),
                    snippet: format!("<mark>{l}</mark>"),
                    score: 10.0 - i as f32,
                })
                .collect())
        }
    }

    fn store() -> GraphStore {
        let store = GraphStore::in_memory()
            .unwrap()
            .with_text_search(Arc::new(Fake));
        let g = NamedNode::new_unchecked("http://example.com/g");
        store
            .replace_source(&SourceUpdate {
                graph: g.clone(),
                quads: ["a", "b", "c"]
                    .iter()
                    .map(|id| {
                        Quad::new(
                            NamedNode::new_unchecked(format!("http://example.com/{id}")),
                            NamedNode::new_unchecked("http://example.com/lead"),
                            Literal::from(format!("lead of {id}")),
                            GraphName::from(g.clone()),
                        )
                    })
                    .collect(),
                meta_subjects: vec![],
                meta: vec![],
            })
            .unwrap();
        store
    }

    fn csv(store: &GraphStore, q: &str) -> Result<String, crate::Error> {
        let q = PreparedQuery::parse(q)?;
        let out = store.execute(
            &q,
            &Dataset::default(),
            Format::Results(QueryResultsFormat::Csv),
            Duration::from_secs(10),
        )?;
        Ok(String::from_utf8(out).unwrap())
    }

    const PREFIX: &str = "PREFIX search: <https://w3id.org/laocai-biotech/search#> ";

    #[test]
    fn the_service_binds_entities_and_joins_with_the_graph() {
        let out = csv(
            &store(),
            &format!("{PREFIX} SELECT ?e ?score ?kind ?lead WHERE {{ SERVICE <{SEARCH_SERVICE}> {{ ?e search:query \"tằng\" ; search:score ?score ; search:type ?kind }} ?e <http://example.com/lead> ?lead }} ORDER BY DESC(?score)"),
        )
        .unwrap();
        assert_eq!(
            out,
            "e,score,kind,lead\r\nhttp://example.com/a,10,task,lead of a\r\nhttp://example.com/b,9,clause,lead of b\r\n"
        );
    }

    #[test]
    fn type_and_limit_options_reach_the_index() {
        let s = store();
        let out = csv(&s, &format!("{PREFIX} SELECT ?e WHERE {{ SERVICE <{SEARCH_SERVICE}> {{ ?e search:query \"tằng\" ; search:type \"clause\" }} }}")).unwrap();
        assert_eq!(out, "e\r\nhttp://example.com/b\r\n");
        let out = csv(&s, &format!("{PREFIX} SELECT ?e WHERE {{ SERVICE <{SEARCH_SERVICE}> {{ ?e search:query \"tằng\" ; search:limit 1 }} }}")).unwrap();
        assert_eq!(out, "e\r\nhttp://example.com/a\r\n");
    }

    #[test]
    fn a_malformed_service_pattern_is_the_authors_error() {
        let s = store();
        for (pattern, message) in [
            ("?e search:score ?s", "search:query"),
            ("?e search:query ?q", "takes a literal"),
            (
                "?e search:query \"x\" ; search:nope 1",
                "unknown property search:nope",
            ),
            ("?e search:query \"x\" ; search:limit 5000", "at most 1000"),
            ("?e search:query \"x\" . ?f search:score ?s", "same subject"),
        ] {
            let err = csv(
                &s,
                &format!(
                    "{PREFIX} SELECT * WHERE {{ SERVICE <{SEARCH_SERVICE}> {{ {pattern} }} }}"
                ),
            )
            .unwrap_err();
            assert!(err.is_user_error(), "{pattern}: {err}");
            assert!(err.to_string().contains(message), "{pattern}: {err}");
        }
    }
}
