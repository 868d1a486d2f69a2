//! `/query`: the SPARQL page — an editor with the example queries of docs/queries.md one click away,
//! results as a table, CSV and JSON downloads from `/sparql`, and syntax errors shown at
//! their line and column. A plain GET form: it works without JavaScript.
//!
//! `/sparql` stays the protocol endpoint (a GET without `query` is a 400 there); the page
//! runs its query the same way, through the SPARQL slots and under the same time limit.

use super::html::Html;
use super::{Ctx, page};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use biokg_graph::{Dataset, Format, PreparedQuery, QueryKind, QueryResultsFormat, RdfFormat};
use serde_json::Value;

/// The example queries of docs/queries.md, in its order (the `queries/` files).
pub(crate) const EXAMPLES: &[&str] = &[
    include_str!("../../../queries/01-tasks-led-by-so-y-te.rq"),
    include_str!("../../../queries/02-targets-monitored-by-each-agency.rq"),
    include_str!("../../../queries/03-tasks-due-before-a-date.rq"),
    include_str!("../../../queries/04-tasks-with-no-lead-agency.rq"),
    include_str!("../../../queries/05-agencies-by-number-of-tasks-led.rq"),
    include_str!("../../../queries/06-targets-and-their-indicators.rq"),
    include_str!("../../../queries/07-regular-tasks-coordinated-by-so-khcn.rq"),
    include_str!("../../../queries/08-tasks-per-section-and-timeline.rq"),
    include_str!("../../../queries/09-legal-documents-cited.rq"),
    include_str!("../../../queries/10-narrative-tasks-without-appendix-row.rq"),
    include_str!("../../../queries/11-reporting-duty.rq"),
    include_str!("../../../queries/12-provenance-of-a-task.rq"),
    include_str!("../../../queries/13-targets-and-the-tasks-that-name-their-lead.rq"),
    include_str!("../../../queries/14-full-text-search-inside-sparql.rq"),
    include_str!("../../../queries/15-bsl2-labs-with-real-time-pcr.rq"),
    include_str!("../../../queries/16-who-grows-duong-quy.rq"),
    include_str!("../../../queries/17-certificates-by-scheme.rq"),
    include_str!("../../../queries/18-protected-species-and-where-they-grow.rq"),
    include_str!("../../../queries/19-value-chain-real-actors-by-stage.rq"),
    include_str!("../../../queries/20-communes-of-former-sa-pa.rq"),
    include_str!("../../../queries/21-value-chain-reported-figures.rq"),
];

/// The title of an example: its first comment line.
pub(crate) fn example_title(text: &str) -> &str {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix('#'))
        .map_or("", str::trim)
}

/// What running the page's query gave.
enum Outcome {
    /// A table: variables and rows of cells.
    Table(Vec<String>, Vec<Vec<Value>>),
    /// An ASK answer.
    Boolean(bool),
    /// The query did not parse: the message and the position, when the parser gave one.
    Syntax(String, Option<(usize, usize)>),
    /// The query failed otherwise (at run time, past its time limit, no free slot).
    Failed(ApiError),
}

/// `error at 3:14: expected …` → `(3, 14)`.
fn position(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("at ")? + 3..];
    let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (line, rest) = rest.split_at(digits(rest));
    let rest = rest.strip_prefix(':')?;
    let column = &rest[..digits(rest)];
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// Runs a client's query like `/sparql` does: one SPARQL slot, the query time limit.
async fn run(state: &AppState, text: &str) -> Outcome {
    let prepared = match PreparedQuery::parse(text) {
        Ok(p) => p,
        Err(e) => {
            let message = e.to_string();
            let at = position(&message);
            return Outcome::Syntax(message, at);
        }
    };
    let kind = prepared.kind();
    let format = match kind {
        QueryKind::Graph => Format::Rdf(RdfFormat::NTriples),
        _ => Format::Results(QueryResultsFormat::Json),
    };
    let kb = state.kb.clone();
    let timeout = state.settings.query_timeout;
    let body = match state
        .gate
        .run_within(timeout, move || {
            kb.graph()
                .execute(&prepared, &Dataset::default(), format, timeout)
        })
        .await
    {
        Ok(Ok(body)) => body,
        Ok(Err(e)) => return Outcome::Failed(e.into()),
        Err(e) => return Outcome::Failed(e),
    };
    match kind {
        QueryKind::Graph => triples_table(&body),
        _ => results_table(&body),
    }
}

/// The table of SPARQL JSON results.
fn results_table(body: &[u8]) -> Outcome {
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return Outcome::Failed(ApiError::internal("unreadable SPARQL JSON results"));
    };
    if let Some(b) = json["boolean"].as_bool() {
        return Outcome::Boolean(b);
    }
    let vars: Vec<String> = json["head"]["vars"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let rows = json["results"]["bindings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| vars.iter().map(|v| b[v].clone()).collect())
        .collect();
    Outcome::Table(vars, rows)
}

/// The table of an N-Triples graph: subject, predicate, object.
fn triples_table(body: &[u8]) -> Outcome {
    use biokg_graph::model::{GraphNameRef, Term};
    let quads =
        match biokg_graph::parse_graph(body, RdfFormat::NTriples, GraphNameRef::DefaultGraph, None)
        {
            Ok(q) => q,
            Err(e) => return Outcome::Failed(ApiError::internal(e)),
        };
    let cell = |t: Term| -> Value {
        match t {
            Term::NamedNode(n) => serde_json::json!({"type": "uri", "value": n.as_str()}),
            Term::BlankNode(b) => serde_json::json!({"type": "bnode", "value": b.as_str()}),
            Term::Literal(l) => {
                let mut v = serde_json::json!({"type": "literal", "value": l.value()});
                if let Some(lang) = l.language() {
                    v["xml:lang"] = lang.into();
                }
                v
            }
        }
    };
    let rows = quads
        .into_iter()
        .map(|q| {
            vec![
                cell(q.subject.into()),
                cell(q.predicate.into()),
                cell(q.object),
            ]
        })
        .collect();
    Outcome::Table(
        vec!["subject".into(), "predicate".into(), "object".into()],
        rows,
    )
}

/// One cell of a result: a link for an IRI, text (with its language) for a literal.
fn cell(h: &mut Html, ctx: &Ctx, v: &Value) {
    let text = v["value"].as_str().unwrap_or_default();
    match v["type"].as_str() {
        Some("uri") => {
            h.link(&ctx.entity_href(text), text);
        }
        Some("bnode") => {
            h.el_text("code", &[], &format!("_:{text}"));
        }
        Some(_) => {
            h.text(text);
            if let Some(lang) = v["xml:lang"].as_str() {
                h.el_text("span", &[("class", "tag")], lang);
            }
        }
        None => {}
    }
}

/// `GET /query?query=…` or `?example=N`.
pub(crate) async fn page_of_query(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let ctx = Ctx::new("/query", raw.as_deref(), &headers)?;
    let example = crate::params::number(&ctx.pairs, "example", 0, 0, EXAMPLES.len())?;
    let text = match (ctx.param("query")?, example) {
        (Some(q), _) => q.to_owned(),
        (None, n) if n > 0 => EXAMPLES[n - 1].to_owned(),
        (None, _) => String::new(),
    };
    let outcome = if text.trim().is_empty() {
        None
    } else {
        Some(run(&state, &text).await)
    };
    let title = ctx.t("Truy vấn SPARQL", "SPARQL query");
    let mut h = Html::new();
    h.el_text("h1", &[], title);
    h.el("div", &[("class", "query-layout")], |h| {
        editor(h, &ctx, &text);
        examples(h, &ctx);
    });
    let mut status = StatusCode::OK;
    if let Some(outcome) = &outcome {
        h.el("section", &[("class", "outcome"), ("id", "results")], |h| {
            status = outcome_html(h, &ctx, &text, outcome)
        });
    }
    let mut response = page(&ctx, title, h);
    *response.status_mut() = status;
    Ok(response)
}

/// The form with the query's text area.
fn editor(h: &mut Html, ctx: &Ctx, text: &str) {
    h.el(
        "form",
        &[("class", "editor"), ("action", "/query"), ("method", "get")],
        |h| {
            h.el_text("label", &[("for", "query")], ctx.t("Câu truy vấn", "Query"));
            h.el(
                "textarea",
                &[
                    ("id", "query"),
                    ("name", "query"),
                    ("rows", "16"),
                    ("spellcheck", "false"),
                    ("autocapitalize", "off"),
                ],
                |h| {
                    // A leading newline of a textarea's content is dropped by parsers: keep
                    // the query's own first line.
                    h.text("\n").text(text);
                },
            );
            if ctx.lang == super::Lang::En {
                h.void(
                    "input",
                    &[("type", "hidden"), ("name", "lang"), ("value", "en")],
                );
            }
            h.el("p", &[], |h| {
                h.el_text(
                    "button",
                    &[("type", "submit"), ("id", "run")],
                    ctx.t("Chạy", "Run"),
                );
                h.text(" ");
                h.el_text(
                    "span",
                    &[("class", "muted")],
                    ctx.t("Ctrl+Enter để chạy", "Ctrl+Enter runs it"),
                );
            });
        },
    );
}

/// The list of example queries.
fn examples(h: &mut Html, ctx: &Ctx) {
    h.el(
        "nav",
        &[("class", "examples"), ("aria-labelledby", "examples")],
        |h| {
            h.el_text(
                "h2",
                &[("id", "examples")],
                ctx.t("Câu hỏi mẫu", "Example queries"),
            );
            h.el("ol", &[], |h| {
                for (i, q) in EXAMPLES.iter().enumerate() {
                    let n = (i + 1).to_string();
                    h.el("li", &[], |h| {
                        h.el(
                            "a",
                            &[
                                ("href", &ctx.href("/query", &[("example", &n)])),
                                ("class", "example"),
                            ],
                            |h| {
                                h.text(example_title(q));
                            },
                        );
                    });
                }
            });
        },
    );
}

/// What running the query gave; returns the page's status.
fn outcome_html(h: &mut Html, ctx: &Ctx, text: &str, outcome: &Outcome) -> StatusCode {
    match outcome {
        Outcome::Table(vars, rows) => {
            rows_html(h, ctx, text, vars, rows);
            StatusCode::OK
        }
        Outcome::Boolean(b) => {
            let answer = if *b {
                ctx.t("đúng", "true")
            } else {
                ctx.t("sai", "false")
            };
            h.el_text("p", &[("class", "boolean")], &format!("ASK: {answer}"));
            StatusCode::OK
        }
        Outcome::Syntax(message, at) => {
            h.el("div", &[("class", "error"), ("role", "alert")], |h| {
                syntax_error(h, ctx, text, message, *at);
            });
            StatusCode::BAD_REQUEST
        }
        Outcome::Failed(e) => {
            h.el("div", &[("class", "error"), ("role", "alert")], |h| {
                h.el_text(
                    "h2",
                    &[],
                    ctx.t("Truy vấn không chạy được", "The query failed"),
                );
                h.el("p", &[], |h| {
                    h.el_text("code", &[], e.code().as_str())
                        .text(": ")
                        .text(e.message());
                });
            });
            e.code().status()
        }
    }
}

/// The rows of a SELECT (or the triples of a graph), with download links.
fn rows_html(h: &mut Html, ctx: &Ctx, text: &str, vars: &[String], rows: &[Vec<Value>]) {
    h.el("p", &[("class", "total")], |h| {
        h.text(&match ctx.lang {
            super::Lang::Vi => format!("{} dòng", rows.len()),
            super::Lang::En => format!("{} rows", rows.len()),
        });
        h.text(" · ").text(ctx.t("Tải về: ", "Download: "));
        let graph = vars.first().is_some_and(|v| v == "subject") && vars.len() == 3;
        let formats: &[(&str, &str)] = if graph {
            &[("Turtle", "turtle"), ("N-Triples", "ntriples")]
        } else {
            &[("CSV", "csv"), ("JSON", "json")]
        };
        for (i, (label, f)) in formats.iter().enumerate() {
            if i > 0 {
                h.text(" · ");
            }
            h.link(
                &super::with_query("/sparql", &[("query", text), ("format", f)]),
                label,
            );
        }
    });
    h.el("div", &[("class", "scroll")], |h| {
        h.el("table", &[("class", "results")], |h| {
            h.el("thead", &[], |h| {
                h.el("tr", &[], |h| {
                    for v in vars {
                        h.el_text("th", &[("scope", "col")], &format!("?{v}"));
                    }
                });
            });
            h.el("tbody", &[], |h| {
                for row in rows {
                    h.el("tr", &[], |h| {
                        for v in row {
                            h.el("td", &[], |h| cell(h, ctx, v));
                        }
                    });
                }
            });
        });
    });
}

/// A syntax error with the line it is on and a caret under its column.
fn syntax_error(h: &mut Html, ctx: &Ctx, text: &str, message: &str, at: Option<(usize, usize)>) {
    h.el_text("h2", &[], ctx.t("Lỗi cú pháp", "Syntax error"));
    if let Some((line, column)) = at {
        h.el_text(
            "p",
            &[("class", "position")],
            &match ctx.lang {
                super::Lang::Vi => format!("Dòng {line}, cột {column}"),
                super::Lang::En => format!("Line {line}, column {column}"),
            },
        );
        if let Some(src) = text.lines().nth(line.saturating_sub(1)) {
            let caret = format!("{}^", " ".repeat(column.saturating_sub(1)));
            h.el("pre", &[("class", "at")], |h| {
                h.text(src).text("\n");
                h.el_text("span", &[("class", "caret")], &caret);
            });
        }
    }
    h.el_text("p", &[], message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_syntax_errors() {
        assert_eq!(
            position("error at 3:14: expected one of ..."),
            Some((3, 14))
        );
        assert_eq!(position("no position here"), None);
    }

    #[test]
    fn every_example_has_a_title_and_parses() {
        assert_eq!(EXAMPLES.len(), 21);
        for q in EXAMPLES {
            assert!(!example_title(q).is_empty(), "{q}");
            PreparedQuery::parse(q).unwrap();
        }
    }
}
