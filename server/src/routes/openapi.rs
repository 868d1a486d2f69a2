//! `/api/openapi.json`: an OpenAPI 3.1 description of every JSON route of the server.
//!
//! Written by hand as JSON (the handlers read raw query strings so that repeated keys and
//! facet filters work, which derive-based generators do not describe well). A test reads the
//! route definitions of this crate's sources and fails when a route is missing here, so the
//! document cannot silently fall behind the router.

use crate::state::AppState;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(openapi))
}

async fn openapi() -> Json<Value> {
    Json(document())
}

/// The stable error codes, as `crate::error::Code::as_str` sends them.
const ERROR_CODES: &[&str] = &[
    "missing_parameter",
    "invalid_parameter",
    "bad_request",
    "sparql_syntax_error",
    "query_failed",
    "query_timeout",
    "unsupported_media_type",
    "not_acceptable",
    "not_found",
    "method_not_allowed",
    "writes_disabled",
    "payload_too_large",
    "unauthorized",
    "invalid_token",
    "protected_graph",
    "too_busy",
    "rate_limited",
    "not_ready",
    "invalid_report",
    "forbidden_agency",
    "internal",
];

/// A query parameter.
fn param(name: &str, description: &str, schema: Value, required: bool) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": description, "schema": schema})
}

/// A reference to a schema of `components.schemas`.
fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A 200 answer with a JSON body.
fn ok(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

/// An error answer.
fn error(description: &str) -> Value {
    json!({"$ref": format!("#/components/responses/{description}")})
}

/// The parameters of the monitoring routes (`routes::progress::as_of_and_year`).
fn as_of_and_year() -> Value {
    json!([
        param(
            "as_of",
            "the date the rules are applied for, YYYY-MM-DD (default today)",
            json!({"type": "string", "format": "date"}),
            false
        ),
        param(
            "year",
            "the reporting year of compliance, funding and proposals (default the year of as_of)",
            json!({"type": "integer", "minimum": 2000, "maximum": 2100}),
            false
        )
    ])
}

/// An agency link as the plan routes give it.
fn agency_list() -> Value {
    json!({"type": "array", "items": schema_ref("AgencyLink")})
}

/// The whole document.
pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "BioKG Lào Cai",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Knowledge graph and search over the biotech plan of Lào Cai province and the registries around it. Every error is `{\"error\": {\"code\", \"message\"}}` with a stable code. Hits and entities from illustrative (made-up) registry records carry `illustrative: true`."
        },
        "paths": paths(),
        "components": {
            "responses": {
                "BadRequest": {"description": "a parameter is missing or bad (`missing_parameter`, `invalid_parameter`, `bad_request`)", "content": {"application/json": {"schema": schema_ref("Error")}}},
                "NotFound": {"description": "no such entity or route (`not_found`)", "content": {"application/json": {"schema": schema_ref("Error")}}},
                "Internal": {"description": "something failed on our side (`internal`); details only in the server log", "content": {"application/json": {"schema": schema_ref("Error")}}}
            },
            "schemas": schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "the write token of the server's configuration (`BIOKG_WRITE_TOKEN` or `--write-token-file`); writes are off when none is set"}}
        }
    })
}

/// Every path of the API: the groups below, merged.
fn paths() -> Value {
    let mut all = serde_json::Map::new();
    for group in [
        service_paths(),
        search_paths(),
        plan_paths(),
        sparql_paths(),
    ] {
        if let Value::Object(paths) = group {
            all.extend(paths);
        }
    }
    all.insert("/store".into(), store_paths());
    Value::Object(all)
}

/// The service itself: the index, health, readiness, metrics and this document.
fn service_paths() -> Value {
    json!({
    "/": {"get": {
        "operationId": "index",
        "summary": "what the service is and where its endpoints are",
        "description": "A client that prefers `text/html` (a browser) gets the home page instead. The other pages (`/search`, `/entity`, `/id/…`, `/plan`, `/progress`, `/value-chain`, `/query`) are HTML and are not described here; see docs/api.md.",
        "responses": {"200": {
            "description": "name, version and endpoints; or the home page",
            "content": {
                "application/json": {"schema": schema_ref("Index")},
                "text/html": {"schema": {"type": "string"}}
            }
        }}
    }},
    "/health": {"get": {
        "operationId": "health",
        "summary": "store and index generations, sizes, and whether they are in step",
        "responses": {
            "200": ok("the service is up", schema_ref("Health")),
            "500": error("Internal")
        }
    }},
    "/ready": {"get": {
        "operationId": "ready",
        "summary": "readiness: store and index open and in step",
        "responses": {
            "200": ok("ready", schema_ref("Ready")),
            "503": {"description": "the index lags the store or cannot be read (`not_ready`)", "content": {"application/json": {"schema": schema_ref("Error")}}}
        }
    }},
    "/metrics": {"get": {
        "operationId": "metrics",
        "summary": "Prometheus text format: requests and latency by route, SPARQL timeouts and slots, ingests, writes, triples, index documents",
        "responses": {"200": {"description": "metrics", "content": {"text/plain; version=0.0.4": {"schema": {"type": "string"}}}}}
    }},
    "/api/openapi.json": {"get": {
        "operationId": "openapi",
        "summary": "this document",
        "responses": {"200": ok("an OpenAPI 3.1 document", json!({"type": "object"}))}
    }}
    })
}

/// Full-text search and suggestions.
fn search_paths() -> Value {
    let limit = |default: u64, max: u64| json!({"type": "integer", "minimum": 0, "maximum": max, "default": default});
    json!({
    "/api/search": {"get": {
        "operationId": "search",
        "summary": "full-text search over every entity",
        "description": "Folds case and Vietnamese diacritics (exact marks rank first), forgives one typo in words of six letters or more that the index does not have, completes the last word of a query that does not end in a space, and expands the phrases of the synonym list (`data/synonyms.tsv`). Every parameter other than the listed ones is a facet filter (`section=II`, `biosafety=BSL-2`, `commune=Xã Tả Phìn`): OR between repeated values of one facet, AND across facets. `q` may be empty when `type` or a facet filter is given: the selection is then listed by type, then label.",
        "parameters": [
            param("q", "what the user typed; not a query language (every character is text); at most 500 characters and 32 words", json!({"type": "string"}), false),
            param("type", "only entities of these types (repeat the parameter or separate with commas)", json!({"type": "array", "items": schema_ref("EntityType")}), false),
            param("limit", "page size", limit(20, 100), false),
            param("offset", "hits to skip (offset + limit at most 10000)", json!({"type": "integer", "minimum": 0, "maximum": 10000, "default": 0}), false),
            param("sort", "`relevance` (best match first) or `name` (by label, case and marks ignored; scores are then 0)", json!({"type": "string", "enum": ["relevance", "name"], "default": "relevance"}), false),
            {"name": "facets", "in": "query", "required": false, "style": "form", "explode": true,
             "description": "facet filters, one parameter per facet name (`section`, `lead`, `partner`, `monitor`, `timeline`, `role`, `missing`, `legal-form`, `sector`, `activity`, `stage`, `certification`, `species`, `commune`, `former-district`, `illustrative`, `biosafety`, `capability`, `holder`, `conservation`, `red-list`, `family`, `material`, `province`, `unit`)",
             "schema": {"type": "object", "additionalProperties": {"type": "string"}}}
        ],
        "responses": {
            "200": ok("one page of hits, the total and the facet counts", schema_ref("SearchResults")),
            "400": error("BadRequest"),
            "500": error("Internal")
        }
    }},
    "/api/suggest": {"get": {
        "operationId": "suggest",
        "summary": "label completions for a prefix, for autocomplete",
        "description": "Labels whose words start with the typed words in a row, the last one as a prefix (`tang lo` → `Tằng Loỏng`), folded like search. Ranked: labels starting with the prefix, then labels containing it, then entities whose alternative label (a code) starts with it; shorter labels first.",
        "parameters": [
            param("q", "the prefix typed so far", json!({"type": "string"}), true),
            param("limit", "most suggestions", json!({"type": "integer", "minimum": 1, "maximum": 50, "default": 8}), false)
        ],
        "responses": {
            "200": ok("the completions, best first", schema_ref("Suggestions")),
            "400": error("BadRequest"),
            "500": error("Internal")
        }
    }}
    })
}

/// The plan and the entities of the graph, as JSON.
fn plan_paths() -> Value {
    json!({
    "/api/targets": {"get": {
        "operationId": "targets",
        "summary": "the plan's targets with indicators, lead and monitoring agencies",
        "parameters": [
            param("plan", "only the targets of this plan (its IRI or the last segment of it)", json!({"type": "string"}), false)
        ],
        "responses": {
            "200": ok("the targets in number order", json!({"type": "object", "required": ["total", "items"], "properties": {"total": {"type": "integer"}, "items": {"type": "array", "items": schema_ref("Target")}}})),
            "400": error("BadRequest"),
            "500": error("Internal")
        }
    }},
    "/api/tasks": {"get": {
        "operationId": "tasks",
        "summary": "the task rows of the plan",
        "description": "`lead` and `partner` take an agency IRI, key (`so-y-te`) or name, with or without diacritics; repeat a parameter for OR.",
        "parameters": [
            param("lead", "lead agency", json!({"type": "array", "items": {"type": "string"}}), false),
            param("partner", "coordinating agency", json!({"type": "array", "items": {"type": "string"}}), false),
            param("section", "plan section", json!({"type": "array", "items": {"type": "string", "enum": ["I", "II", "III"]}}), false),
            param("timeline", "timeline kind", json!({"type": "array", "items": schema_ref("TimelineKind")}), false),
            param("plan", "only the tasks of this plan (its IRI or the last segment of it)", json!({"type": "string"}), false)
        ],
        "responses": {
            "200": ok("the task rows in document order", json!({"type": "object", "required": ["total", "items"], "properties": {"total": {"type": "integer"}, "items": {"type": "array", "items": schema_ref("Task")}}})),
            "400": error("BadRequest"),
            "500": error("Internal")
        }
    }},
    "/api/agencies": {"get": {
        "operationId": "agencies",
        "summary": "agencies and generic groups with the number of tasks and targets in each role",
        "parameters": [
            param("kind", "only agencies or only generic groups", json!({"type": "string", "enum": ["agency", "group"]}), false)
        ],
        "responses": {
            "200": ok("agencies, then groups, each by tasks led", json!({"type": "object", "required": ["total", "items"], "properties": {"total": {"type": "integer"}, "items": {"type": "array", "items": schema_ref("Agency")}}})),
            "400": error("BadRequest"),
            "500": error("Internal")
        }
    }},
    "/api/progress": {"get": {
        "operationId": "progress",
        "summary": "the plan's implementation as of a date: task statuses, target progress, reporting compliance, funding and proposals (rules in docs/monitoring.md)",
        "parameters": as_of_and_year(),
        "responses": {
            "200": ok("the progress", schema_ref("Progress")),
            "400": error("BadRequest"),
            "500": error("Internal")
        }
    }},
    "/api/reports": {"post": {
        "operationId": "uploadReport",
        "summary": "an agency's yearly report (data/README.md, \"Progress reports\") as .xlsx or .csv, with the agency's own report token or the write token; validated whole, stored as one submission",
        "security": [{"bearer": []}],
        "parameters": [param("file", "the file name used in problem messages (report.xlsx or report.csv by default)", json!({"type": "string"}), false)],
        "requestBody": {"required": true, "content": {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}},
            "text/csv": {"schema": {"type": "string"}}}},
        "responses": {
            "201": {"description": "the report is stored: its agency, graph, report IRI, who uploaded it and the ingest summary", "content": {"application/json": {"schema": {"type": "object", "required": ["agency", "graph", "report", "uploaded_by", "summary"]}}}},
            "400": {"description": "the report has problems (`invalid_report`, with `problems`: every `file:line: field: reason`); nothing was loaded", "content": {"application/json": {"schema": schema_ref("Error")}}},
            "401": {"description": "no bearer token, or one that is neither an agency's nor the write token (`unauthorized`)", "content": {"application/json": {"schema": schema_ref("Error")}}},
            "403": {"description": "an agency's token used for another agency's report (`forbidden_agency`)", "content": {"application/json": {"schema": schema_ref("Error")}}},
            "415": {"description": "a body that is neither xlsx nor csv (`unsupported_media_type`)", "content": {"application/json": {"schema": schema_ref("Error")}}},
            "500": error("Internal")
        }
    }},
    "/api/deadlines.ics": {"get": {
        "operationId": "deadlines",
        "summary": "the plan's deadlines as an RFC 5545 calendar: one all-day event per task deadline and period end, and one per year's reporting date, each with a stable UID",
        "responses": {
            "200": {"description": "the calendar", "content": {"text/calendar": {"schema": {"type": "string"}}}},
            "500": error("Internal")
        }
    }},
    "/api/progress/report.docx": {"get": {
        "operationId": "progressReport",
        "summary": "the consolidated yearly report of the plan's implementation, in Vietnamese, as a Word document (docs/monitoring.md): the counts, the tables of tasks, target indicators and reporting agencies, and the proposals; sent as an attachment `bao-cao-tien-do-{year}.docx`",
        "parameters": as_of_and_year(),
        "responses": {
            "200": {"description": "the report (OOXML)", "content": {crate::routes::progress::DOCX: {"schema": {"type": "string", "format": "binary"}}}},
            "400": error("BadRequest"),
            "500": error("Internal")
        }
    }},
    "/api/entity": {"get": {
        "operationId": "entity",
        "summary": "every property and incoming link of one entity, labels resolved",
        "parameters": [
            param("iri", "the entity's IRI", json!({"type": "string", "format": "iri"}), true),
            param("lang", "language of the labels", json!({"type": "string", "enum": ["vi", "en"], "default": "vi"}), false)
        ],
        "responses": {
            "200": ok("the entity", schema_ref("Entity")),
            "400": error("BadRequest"),
            "404": error("NotFound"),
            "500": error("Internal")
        }
    }}
    })
}

/// The SPARQL 1.1 protocol endpoint.
fn sparql_paths() -> Value {
    json!({
    "/sparql": {
        "get": {
            "operationId": "sparqlGet",
            "summary": "SPARQL 1.1 Protocol, query operation, in the URL",
            "description": "The default graph is the union of all graphs unless `default-graph-uri` or `named-graph-uri` or the query names a dataset. SELECT and ASK answer in JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle, N-Triples, RDF/XML or JSON-LD, by `Accept` or `format`. Updates go in a POST.",
            "parameters": sparql_parameters(true),
            "responses": sparql_responses()
        },
        "post": {
            "operationId": "sparqlPost",
            "summary": "SPARQL 1.1 Protocol, query or update operation, in the body",
            "description": "A query (form field `query` or `application/sparql-query`) answers as the GET does. An update (form field `update` or `application/sparql-update`) needs the write token as `Authorization: Bearer …` and answers the new generation and the graphs it touched; the search index is updated in the same operation.",
            "parameters": sparql_parameters(false),
            "security": [{}, {"bearer": []}],
            "requestBody": {
                "required": true,
                "content": {
                    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                        "query": {"type": "string"},
                        "update": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "format": schema_ref("SparqlFormat")
                    }}},
                    "application/sparql-query": {"schema": {"type": "string"}},
                    "application/sparql-update": {"schema": {"type": "string"}}
                }
            },
            "responses": sparql_responses()
        }
    }
    })
}

fn sparql_parameters(with_query: bool) -> Value {
    let mut out = Vec::new();
    if with_query {
        out.push(param(
            "query",
            "the SPARQL query",
            json!({"type": "string"}),
            true,
        ));
    }
    out.extend([
        param(
            "default-graph-uri",
            "graphs whose union is the default graph",
            json!({"type": "array", "items": {"type": "string"}}),
            false,
        ),
        param(
            "named-graph-uri",
            "the named graphs of the dataset",
            json!({"type": "array", "items": {"type": "string"}}),
            false,
        ),
        param(
            "format",
            "result format, instead of content negotiation",
            schema_ref("SparqlFormat"),
            false,
        ),
    ]);
    Value::Array(out)
}

/// The Graph Store Protocol operations of `/store`.
fn store_paths() -> Value {
    let error_body = json!({"application/json": {"schema": schema_ref("Error")}});
    let target = json!([
        param(
            "graph",
            "the IRI of the graph",
            json!({"type": "string"}),
            false
        ),
        param(
            "default",
            "the default graph instead (no value)",
            json!({"type": "string"}),
            false
        )
    ]);
    let rdf = json!({
        "text/turtle": {"schema": {"type": "string"}}, "application/n-triples": {"schema": {"type": "string"}},
        "application/rdf+xml": {"schema": {"type": "string"}}, "application/ld+json": {"schema": {"type": "string"}}
    });
    let write_errors = json!({
        "400": {"description": "no graph, both `graph` and `default`, or a body that does not parse", "content": error_body},
        "401": {"description": "no bearer token (`unauthorized`)", "content": error_body},
        "403": {"description": "a wrong token (`invalid_token`), writes off (`writes_disabled`) or the ontology or ingest log (`protected_graph`)", "content": error_body},
        "413": {"description": "the body is too large (`payload_too_large`)", "content": error_body},
        "415": {"description": "a body that is not RDF (`unsupported_media_type`)", "content": error_body},
        "500": error("Internal")
    });
    let write = |id: &str, summary: &str, body: bool| {
        let mut responses = write_errors.clone();
        responses["201"] = json!({"description": "the graph was created"});
        responses["204"] = json!({"description": "the graph was changed"});
        if !body {
            responses.as_object_mut().map(|r| r.remove("201"));
            responses["404"] =
                json!({"description": "no such graph (`not_found`)", "content": error_body});
        }
        let mut op = json!({"operationId": id, "summary": summary, "parameters": target, "security": [{"bearer": []}], "responses": responses});
        if body {
            op["requestBody"] = json!({"required": true, "content": rdf});
        }
        op
    };
    json!({
        "get": {
            "operationId": "storeGet",
            "summary": "one graph, in the negotiated RDF format",
            "parameters": target,
            "responses": {
                "200": {"description": "the graph", "content": rdf},
                "400": {"description": "no graph, or both `graph` and `default`", "content": error_body},
                "404": {"description": "no such graph (`not_found`)", "content": error_body},
                "406": {"description": "no acceptable RDF format (`not_acceptable`)", "content": error_body}
            }
        },
        "put": write("storePut", "replace a graph with the body", true),
        "post": write("storePost", "add the body to a graph", true),
        "delete": write("storeDelete", "drop a graph", false)
    })
}

fn sparql_responses() -> Value {
    let error_body = json!({"application/json": {"schema": schema_ref("Error")}});
    json!({
        "200": {"description": "the results, in the negotiated format", "content": {
            "application/sparql-results+json": {}, "application/sparql-results+xml": {},
            "text/csv": {}, "text/tab-separated-values": {}, "text/turtle": {},
            "application/n-triples": {}, "application/rdf+xml": {}, "application/ld+json": {}
        }},
        "400": {"description": "no query, a syntax error (`sparql_syntax_error`) or a failing query (`query_failed`)", "content": error_body},
        "401": {"description": "an update without a bearer token (`unauthorized`)", "content": error_body},
        "403": {"description": "an update with a wrong token (`invalid_token`), with writes off (`writes_disabled`) or on the ontology or ingest log (`protected_graph`)", "content": error_body},
        "406": {"description": "no acceptable format for this result (`not_acceptable`)", "content": error_body},
        "413": {"description": "the body is too large (`payload_too_large`)", "content": error_body},
        "415": {"description": "a body of another media type (`unsupported_media_type`)", "content": error_body},
        "429": {"description": "the client is past its rate limit (`rate_limited`), with `Retry-After`", "content": error_body},
        "503": {"description": "the query ran past its time limit (`query_timeout`) or every SPARQL slot is busy (`too_busy`, with `Retry-After`)", "content": error_body},
        "500": error("Internal")
    })
}

/// Every schema of the API: the groups below, merged.
fn schemas() -> Value {
    let mut all = serde_json::Map::new();
    for group in [
        common_schemas(),
        search_schemas(),
        plan_schemas(),
        monitoring_schemas(),
        service_schemas(),
    ] {
        if let Value::Object(schemas) = group {
            all.extend(schemas);
        }
    }
    Value::Object(all)
}

/// Errors, links and the enumerations the others use.
fn common_schemas() -> Value {
    let link = json!({"type": "object", "required": ["iri", "label"], "properties": {
        "iri": {"type": "string"}, "label": {"type": ["string", "null"]}}});
    json!({
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"], "properties": {
                "code": {"type": "string", "enum": ERROR_CODES, "description": "stable, machine-readable"},
                "message": {"type": "string", "description": "for people; lowercase"}
            }}}},
        "EntityType": {"type": "string", "enum": biokg_engine::documents::KINDS},
        "TimelineKind": {"type": "string", "enum": ["deadline", "from", "annual", "period", "ongoing", "missing"]},
        "SparqlFormat": {"type": "string", "enum": ["json", "xml", "csv", "tsv", "turtle", "ntriples", "rdfxml", "jsonld"]},
        "Link": link
    })
}

/// Search hits, results and suggestions.
fn search_schemas() -> Value {
    json!({
        "Hit": {"type": "object", "required": ["iri", "type", "label", "snippet", "score"], "properties": {
            "iri": {"type": "string"},
            "type": schema_ref("EntityType"),
            "label": {"type": "string"},
            "snippet": {"type": "string", "description": "HTML: the text around the match, matched words in `<mark>`, everything else escaped"},
            "score": {"type": "number"},
            "illustrative": {"type": "boolean", "const": true, "description": "present (true) only on illustrative records"}
        }},
        "SearchResults": {"type": "object", "required": ["query", "total", "took_ms", "hits", "facets"], "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "description": "matching entities, all pages"},
            "took_ms": {"type": "number"},
            "hits": {"type": "array", "items": schema_ref("Hit")},
            "facets": {"type": "object", "description": "facet name → value → number of matching entities, at most the 50 most frequent values per facet; `type` is counted without the type filter",
                       "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}}
        }},
        "Suggestion": {"type": "object", "required": ["iri", "type", "label", "score"], "properties": {
            "iri": {"type": "string"}, "type": schema_ref("EntityType"), "label": {"type": "string"},
            "score": {"type": "number", "description": "integer part: 3 the label starts with the prefix, 1 contains it, 0 an alternative label starts with it; the fraction favours shorter labels"}
        }},
        "Suggestions": {"type": "object", "required": ["query", "took_ms", "suggestions"], "properties": {
            "query": {"type": "string"}, "took_ms": {"type": "number"},
            "suggestions": {"type": "array", "items": schema_ref("Suggestion")}
        }}
    })
}

/// The plan's read models and entities.
fn plan_schemas() -> Value {
    json!({
        "AgencyLink": {"type": "object", "required": ["iri", "name"], "properties": {"iri": {"type": "string"}, "name": {"type": "string"}}},
        "Source": {"type": "object", "required": ["plan", "lines"], "properties": {
            "plan": {"type": "string"},
            "lines": {"type": "array", "items": {"type": ["integer", "null"]}, "minItems": 2, "maxItems": 2, "description": "first and last line in the plan text"}
        }},
        "Indicator": {"type": "object", "properties": {
            "comparator": {"type": ["string", "null"], "enum": [">=", "=", null]},
            "value": {"type": ["number", "null"]},
            "unit": {"type": ["string", "null"], "description": "`%`, `count` or a unit as printed (`ha`)"},
            "text": {"type": ["string", "null"], "description": "as printed"},
            "label": {"type": "string", "description": "when a target has several indicators"}
        }},
        "Target": {"type": "object", "required": ["iri", "number", "title", "indicators", "lead", "monitor", "source"], "properties": {
            "iri": {"type": "string"}, "number": {"type": "string"}, "title": {"type": ["string", "null"]},
            "indicators": {"type": "array", "items": schema_ref("Indicator")},
            "lead": agency_list(), "monitor": agency_list(), "source": schema_ref("Source")
        }},
        "Timeline": {"type": "object", "required": ["kind", "text"], "properties": {
            "kind": schema_ref("TimelineKind"), "text": {"type": "string"},
            "deadline": {"type": "string", "description": "ISO date, year-month or year"},
            "start": {"type": "string"}, "end": {"type": "string"}
        }},
        "Task": {"type": "object", "required": ["iri", "code", "section", "number", "title", "lead", "partners", "timeline", "deliverables", "missing", "source"], "properties": {
            "iri": {"type": "string"}, "code": {"type": ["string", "null"]}, "section": {"type": ["string", "null"]},
            "number": {"type": ["string", "null"]}, "group": {"type": ["string", "null"]}, "title": {"type": ["string", "null"]},
            "lead": agency_list(), "partners": agency_list(), "timeline": schema_ref("Timeline"),
            "deliverables": {"type": "array", "items": {"type": "string"}},
            "deliverables_text": {"type": "string"},
            "missing": {"type": "array", "items": {"type": "string", "enum": ["lead", "partners", "timeline", "deliverables"]}},
            "source": schema_ref("Source")
        }},
        "Agency": {"type": "object", "required": ["iri", "name", "kind", "lead_tasks", "partner_tasks", "lead_targets", "monitor_targets"], "properties": {
            "iri": {"type": "string"}, "name": {"type": ["string", "null"]}, "key": {"type": ["string", "null"]},
            "kind": {"type": "string", "enum": ["agency", "group"]},
            "lead_tasks": {"type": "integer"}, "partner_tasks": {"type": "integer"},
            "lead_targets": {"type": "integer"}, "monitor_targets": {"type": "integer"}
        }},
        "Entity": {"type": "object", "required": ["iri", "label", "types", "properties", "incoming", "graphs", "illustrative"], "properties": {
            "iri": {"type": "string"}, "label": {"type": ["string", "null"]},
            "types": {"type": "array", "items": schema_ref("Link")},
            "properties": {"type": "array", "items": {"type": "object", "required": ["predicate", "values"], "properties": {
                "predicate": schema_ref("Link"),
                "values": {"type": "array", "items": {"description": "a link, a literal (`value` with `language` or `datatype`) or a blank node (`blank`)", "type": "object"}}
            }}},
            "incoming": {"type": "array", "items": {"type": "object", "required": ["predicate", "subjects"], "properties": {
                "predicate": schema_ref("Link"), "subjects": {"type": "array", "items": schema_ref("Link")}
            }}},
            "graphs": {"type": "array", "items": {"type": "string"}},
            "illustrative": {"type": "boolean"}
        }}
    })
}

/// The plan's implementation as of a date (`/api/progress`).
fn monitoring_schemas() -> Value {
    let report = json!({"type": "object", "properties": {
        "agency": schema_ref("AgencyLink"), "year": {"type": "integer"}, "submitted": {"type": "string", "format": "date"},
        "status": {"type": "string", "enum": ["not-started", "in-progress", "done", "stalled"]}, "lead": {"type": "boolean"},
        "outputs": {"type": ["string", "null"]}, "documents": {"type": "array", "items": {"type": "string"}},
        "spent_vnd": {"type": ["integer", "null"]}, "funding_source": {"type": ["string", "null"]}, "illustrative": {"type": "boolean"}}});
    let task = json!({"type": "object", "required": ["iri", "code", "title", "section", "status", "deadline", "lead", "reports"], "properties": {
        "iri": {"type": "string"}, "code": {"type": ["string", "null"]}, "title": {"type": ["string", "null"]}, "section": {"type": "string"},
        "status": {"type": "string", "enum": ["overdue", "stalled", "not-reported", "not-started", "in-progress", "done"]},
        "deadline": {"type": ["string", "null"]}, "lead": agency_list(),
        "reports": {"type": "array", "items": report}}});
    let indicator = json!({"type": "object", "properties": {
        "comparator": {"type": ["string", "null"]}, "value": {"type": ["number", "null"]}, "unit": {"type": ["string", "null"]}, "text": {"type": ["string", "null"]},
        "observed": {"type": ["number", "null"]}, "year": {"type": ["integer", "null"]},
        "status": {"type": "string", "enum": ["achieved", "behind", "no-data"]}}});
    let target = json!({"type": "object", "required": ["iri", "number", "title", "indicators"], "properties": {
        "iri": {"type": "string"}, "number": {"type": "string"}, "title": {"type": ["string", "null"]},
        "indicators": {"type": "array", "items": indicator}}});
    let agency = json!({"type": "object", "required": ["iri", "name", "status", "submitted"], "properties": {
        "iri": {"type": "string"}, "name": {"type": "string"}, "status": {"type": "string", "enum": ["on-time", "late", "missing", "pending"]},
        "submitted": {"type": ["string", "null"], "format": "date"}}});
    let counts = |what: &str| json!({"type": "object", "additionalProperties": {"type": "integer"}, "description": what});
    json!({
        "Progress": {"type": "object", "required": ["as_of", "year", "summary", "tasks", "targets", "agencies", "funding", "proposals", "illustrative"], "properties": {
            "as_of": {"type": "string", "format": "date"}, "year": {"type": "integer"},
            "illustrative": {"type": "boolean", "description": "whether any report counted is illustrative"},
            "summary": {"type": "object", "properties": {
                "tasks": counts("overdue, stalled, not-reported, not-started, in-progress, done"),
                "agencies": counts("missing, late, pending, on-time")}},
            "tasks": {"type": "array", "items": task},
            "targets": {"type": "array", "items": target},
            "agencies": {"type": "array", "items": agency},
            "funding": {"type": "array", "items": {"type": "object", "properties": {"source": {"type": "string"}, "spent_vnd": {"type": "integer"}}}},
            "proposals": {"type": "array", "items": {"type": "object", "properties": {"agency": schema_ref("AgencyLink"), "code": {"type": ["string", "null"]}, "text": {"type": "string"}}}}
        }}
    })
}

/// Health, readiness and the index of the service.
fn service_schemas() -> Value {
    json!({
        "Health": {"type": "object", "required": ["status", "store", "index", "in_step"], "properties": {
            "status": {"type": "string", "const": "ok"},
            "store": {"type": "object", "properties": {"generation": {"type": "integer"}, "triples": {"type": "integer"}}},
            "index": {"type": "object", "properties": {"generation": {"type": ["integer", "null"]}, "documents": {"type": "integer"}}},
            "in_step": {"type": "boolean", "description": "whether the index reflects the store's generation"}
        }},
        "Ready": {"type": "object", "required": ["status", "generation"], "properties": {
            "status": {"type": "string", "const": "ready"},
            "generation": {"type": "integer", "description": "the store generation the index reflects"}
        }},
        "Index": {"type": "object", "required": ["name", "version", "endpoints"], "properties": {
            "name": {"type": "string"}, "description": {"type": "string"}, "version": {"type": "string"},
            "endpoints": {"type": "object", "additionalProperties": {"type": "string"}}
        }}
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// `(path, method)` of every `.route("...", ...)` in this crate's API router sources.
    fn routes_in_sources() -> BTreeSet<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut files = vec![format!("{dir}/lib.rs")];
        for entry in std::fs::read_dir(format!("{dir}/routes")).unwrap() {
            files.push(entry.unwrap().path().display().to_string());
        }
        routes_in(&files)
    }

    /// `(path, method)` of every `.route("...", ...)` in `files`.
    fn routes_in(files: &[String]) -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            let mut rest = text.as_str();
            while let Some(at) = rest.find(".route(\"") {
                rest = &rest[at + ".route(\"".len()..];
                let end = rest.find('"').unwrap();
                let path = rest[..end].to_owned();
                // The method routers up to the closing parenthesis of `.route(`.
                let mut depth = 1;
                let mut close = end;
                for (i, c) in rest[end..].char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        close = end + i;
                        break;
                    }
                }
                let methods = &rest[end..close];
                for method in ["get", "post", "put", "delete", "patch"] {
                    let called = methods.contains(&format!(" {method}("))
                        || methods.contains(&format!(".{method}("))
                        || methods.contains(&format!("routing::{method}("));
                    if called {
                        out.insert((path.clone(), method.to_owned()));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_route_of_the_router_is_described() {
        let doc = document();
        let routes = routes_in_sources();
        // The scan itself works: it sees routes of several files.
        for expected in [
            ("/api/search", "get"),
            ("/sparql", "post"),
            ("/health", "get"),
            ("/api/openapi.json", "get"),
        ] {
            assert!(
                routes.contains(&(expected.0.to_owned(), expected.1.to_owned())),
                "{expected:?} not found in {routes:?}"
            );
        }
        for (path, method) in &routes {
            let op = &doc["paths"][path][method];
            assert!(
                op.is_object(),
                "{method} {path} is not in the OpenAPI document"
            );
            let success = op["responses"]
                .as_object()
                .is_some_and(|r| r.keys().any(|k| k.starts_with('2')));
            assert!(success, "{method} {path}: no 2xx answer");
        }
        // And nothing is described that the router does not have.
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(p, ops)| {
                ops.as_object()
                    .unwrap()
                    .keys()
                    .map(move |m| (p.clone(), m.clone()))
            })
            .collect();
        assert_eq!(documented, routes);
    }

    #[test]
    fn the_html_pages_are_named_but_not_described_as_api_routes() {
        let pages =
            routes_in(&[concat!(env!("CARGO_MANIFEST_DIR"), "/src/pages/mod.rs").to_owned()]);
        let paths: BTreeSet<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            BTreeSet::from([
                "/search",
                "/entity",
                "/id/{*path}",
                "/plan",
                "/progress",
                "/value-chain",
                "/query",
                "/static/{file}"
            ])
        );
        let doc = document();
        let note = doc["paths"]["/"]["get"]["description"].as_str().unwrap();
        for path in paths {
            assert!(
                doc["paths"].get(path).is_none(),
                "{path} is a page, not an API route"
            );
            let shown = path.trim_end_matches("{*path}").replace("/id/", "/id/…");
            assert!(
                path == "/static/{file}" || note.contains(&format!("`{shown}`")),
                "{path} is not named in the description of /"
            );
        }
    }

    #[test]
    fn the_document_is_openapi_3_1_with_resolvable_references() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
        let text = serde_json::to_string(&doc).unwrap();
        let reparsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(reparsed, doc);
        // Every $ref points at a component that exists.
        let mut refs = Vec::new();
        fn collect(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::String(r)) = m.get("$ref") {
                        out.push(r.clone());
                    }
                    m.values().for_each(|v| collect(v, out));
                }
                Value::Array(a) => a.iter().for_each(|v| collect(v, out)),
                _ => {}
            }
        }
        collect(&doc, &mut refs);
        assert!(refs.len() > 20, "{refs:?}");
        for r in refs {
            let path = r.strip_prefix("#/").unwrap();
            let target = path.split('/').fold(&doc, |v, key| &v[key]);
            assert!(target.is_object(), "dangling reference {r}");
        }
        // The search route documents the API conventions of issue 4.
        let search = &doc["components"]["schemas"]["SearchResults"]["required"];
        for key in ["total", "took_ms", "hits", "facets"] {
            assert!(search.as_array().unwrap().contains(&json!(key)), "{key}");
        }
    }

    #[test]
    fn the_error_schema_lists_every_code_the_server_sends() {
        let source = include_str!("../error.rs");
        let sent: BTreeSet<&str> = source
            .lines()
            .filter_map(|l| l.split_once("=> \"").map(|(_, rest)| rest))
            .filter_map(|rest| rest.split_once('"').map(|(code, _)| code))
            .collect();
        assert_eq!(sent.len(), 21, "{sent:?}");
        let listed: BTreeSet<&str> = ERROR_CODES.iter().copied().collect();
        assert_eq!(listed, sent);
    }

    #[test]
    fn the_router_serves_the_document_and_every_described_path() {
        use crate::state::{AppState, Settings};
        use axum::body::Body;
        use axum::http::{Request, StatusCode};
        use biokg_engine::KnowledgeBase;
        use http_body_util::BodyExt;
        use tower::ServiceExt;

        let kb = KnowledgeBase::in_memory().unwrap();
        let app = crate::app(AppState::new(kb, Settings::default()));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let get = |uri: String| {
            let app = app.clone();
            rt.block_on(async move {
                let response = app
                    .oneshot(Request::get(&uri).body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                let status = response.status();
                let body = response.into_body().collect().await.unwrap().to_bytes();
                (status, serde_json::from_slice::<Value>(&body).ok())
            })
        };
        let (status, body) = get("/api/openapi.json".into());
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, Some(document()));
        // Every described GET path is routed: whatever it answers on an empty store, it is
        // not the fallback's "no route".
        for (path, ops) in document()["paths"].as_object().unwrap() {
            if ops.get("get").is_none() {
                continue;
            }
            let (status, body) = get(path.clone());
            let message = body
                .as_ref()
                .and_then(|b| b["error"]["message"].as_str())
                .unwrap_or_default()
                .to_owned();
            assert!(
                !message.starts_with("no route"),
                "GET {path}: {status} {message}"
            );
        }
    }
}
