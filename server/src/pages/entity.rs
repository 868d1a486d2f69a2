//! The entity page (`/entity?iri=`) and the dereferencing of entity IRIs (`/id/…`).
//!
//! Entity IRIs are `https://w3id.org/laocai-biotech/id/{path}`; the service answers their
//! path, `/id/{path}`, directly (200, `Vary: Accept`), by content negotiation: HTML for
//! clients that prefer it, else the entity's description in Turtle, JSON-LD, N-Triples or
//! RDF/XML (Turtle for `*/*` or no `Accept`); `?format=` picks one explicitly (the page's
//! download links). The description is every triple whose subject is the entity, every triple
//! that links an IRI to it (at most [`MAX_INCOMING`]), and the WKT of its geometry.

use super::html::Html;
use super::{Ctx, page, weighted};
use crate::error::{ApiError, ApiResult, Code};
use crate::routes::entity::describe;
use crate::routes::sparql::with_media_type;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use biokg_engine::read::entity::{Entity, Link, MAX_INCOMING, Object, Property};
use biokg_engine::read::value;
use biokg_graph::RdfFormat;
use biokg_graph::model::{NamedNode, Term, Triple};
use biokg_ontology::iri::ID_BASE;
use biokg_ontology::{PREFIXES, geo, lcb, prov};
use sha2::Digest;
use std::collections::HashSet;
use std::sync::OnceLock;

/// What a client asked of an entity IRI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Page,
    Rdf(RdfFormat),
}

/// The RDF media types an entity is described in, with their `format=` names.
const RDF_TYPES: &[(&str, &str, RdfFormat)] = &[
    ("text/turtle", "turtle", RdfFormat::Turtle),
    (
        "application/ld+json",
        "jsonld",
        RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        },
    ),
    ("application/n-triples", "ntriples", RdfFormat::NTriples),
    ("application/rdf+xml", "rdfxml", RdfFormat::RdfXml),
];

/// The representation to send: `format` when given, else the best `Accept` entry.
fn negotiate(headers: &HeaderMap, format: Option<&str>) -> ApiResult<Want> {
    if let Some(name) = format {
        if name == "html" {
            return Ok(Want::Page);
        }
        return RDF_TYPES
            .iter()
            .find(|(media, short, _)| *short == name || *media == name)
            .map(|(_, _, f)| Want::Rdf(*f))
            .ok_or_else(|| {
                ApiError::invalid(
                    "format",
                    format!("{name:?} is not one of html, turtle, jsonld, ntriples, rdfxml"),
                )
            });
    }
    let accept = super::accept(headers);
    if accept.trim().is_empty() {
        return Ok(Want::Rdf(RdfFormat::Turtle));
    }
    let mut ranges = weighted(&accept);
    // Stable: at equal weight the header's order decides.
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (range, q) in &ranges {
        if *q <= 0.0 {
            continue;
        }
        match range.as_str() {
            "text/html" | "application/xhtml+xml" => return Ok(Want::Page),
            "*/*" | "text/*" => return Ok(Want::Rdf(RdfFormat::Turtle)),
            "application/json" => return Ok(Want::Rdf(RDF_TYPES[1].2)),
            r => {
                if let Some((_, _, f)) = RDF_TYPES.iter().find(|(m, _, _)| *m == r) {
                    return Ok(Want::Rdf(*f));
                }
            }
        }
    }
    Err(ApiError::new(
        Code::NotAcceptable,
        format!(
            "no acceptable representation among: {accept}; this entity is available as text/html, text/turtle, application/ld+json, application/n-triples, application/rdf+xml"
        ),
    ))
}

/// `GET /id/{path}`: the entity `https://w3id.org/laocai-biotech/id/{path}`.
pub(crate) async fn dereference(
    State(state): State<AppState>,
    Path(path): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let ctx = Ctx::new(&format!("/id/{path}"), raw.as_deref(), &headers)?;
    let node = NamedNode::new(format!("{ID_BASE}{path}"))
        .map_err(|e| ApiError::invalid("path", format!("not an IRI path: {e}")))?;
    let mut response = match negotiate(&headers, ctx.param("format")?)? {
        Want::Page => entity_page(&state, &ctx, &node).await?,
        Want::Rdf(format) => rdf_description(&state, &node, format).await?,
    };
    response.headers_mut().insert(
        header::VARY,
        header::HeaderValue::from_static("accept, accept-language"),
    );
    Ok(response)
}

/// `GET /entity?iri=`: the page of any IRI the graph mentions (`format=` for its description).
pub(crate) async fn by_iri(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let ctx = Ctx::new("/entity", raw.as_deref(), &headers)?;
    let iri = ctx.param("iri")?.ok_or_else(|| ApiError::missing("iri"))?;
    let node = NamedNode::new(iri).map_err(|e| ApiError::invalid("iri", e))?;
    match ctx.param("format")? {
        None | Some("html") => entity_page(&state, &ctx, &node).await,
        Some(f) => match negotiate(&headers, Some(f))? {
            Want::Rdf(format) => rdf_description(&state, &node, format).await,
            Want::Page => entity_page(&state, &ctx, &node).await,
        },
    }
}

/// The triples that describe `node`.
async fn description_triples(state: &AppState, node: &NamedNode) -> ApiResult<Vec<Triple>> {
    let kb = state.kb.clone();
    let subject = node.clone();
    let outgoing =
        tokio::task::spawn_blocking(move || kb.graph().subject_quads(subject.as_ref())).await??;
    let incoming = state
        .select(format!(
            "SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {node} FILTER(isIRI(?s)) }} LIMIT {MAX_INCOMING}"
        ))
        .await?;
    let geometry = state
        .select(format!(
            "SELECT DISTINCT ?g ?wkt WHERE {{ {node} <{}> ?g . ?g <{}> ?wkt }}",
            geo::HAS_GEOMETRY.as_str(),
            geo::AS_WKT.as_str()
        ))
        .await?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut push = |t: Triple| {
        if seen.insert(t.clone()) {
            out.push(t);
        }
    };
    for q in outgoing {
        push(Triple::new(q.subject, q.predicate, q.object));
    }
    for row in &incoming {
        if let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p))) = (row.get("s"), row.get("p")) {
            push(Triple::new(s.clone(), p.clone(), node.clone()));
        }
    }
    for row in &geometry {
        if let (Some(Term::NamedNode(g)), Some(wkt)) = (row.get("g"), row.get("wkt")) {
            push(Triple::new(
                g.clone(),
                geo::AS_WKT.into_owned(),
                wkt.clone(),
            ));
        }
    }
    Ok(out)
}

/// The description of `node` in an RDF syntax.
async fn rdf_description(
    state: &AppState,
    node: &NamedNode,
    format: RdfFormat,
) -> ApiResult<Response> {
    let triples = description_triples(state, node).await?;
    if triples.is_empty() {
        return Err(not_found(node));
    }
    let mut serializer = oxigraph::io::RdfSerializer::from_format(format);
    for (p, ns) in PREFIXES {
        serializer = serializer
            .with_prefix(*p, *ns)
            .map_err(ApiError::internal)?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for t in &triples {
        writer.serialize_triple(t).map_err(ApiError::internal)?;
    }
    let body = writer.finish().map_err(ApiError::internal)?;
    with_media_type(body.into_response(), format.media_type())
}

fn not_found(node: &NamedNode) -> ApiError {
    ApiError::new(
        Code::NotFound,
        format!("no entity {} in the graph", node.as_str()),
    )
}

/// `prefix:local` for an IRI in one of our namespaces, else the IRI.
fn compact(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(p, ns)| {
            iri.strip_prefix(ns)
                .filter(|l| !l.is_empty() && !l.contains(['/', '#']))
                .map(|l| format!("{p}:{l}"))
        })
        .unwrap_or_else(|| iri.to_owned())
}

/// The label of a link, else its compact IRI.
fn link_label(link: &Link) -> String {
    match &link.label {
        Some(l) if !l.is_empty() => l.clone(),
        _ => compact(&link.iri),
    }
}

/// A property value: a link, or a literal with its language or datatype.
fn value_html(h: &mut Html, ctx: &Ctx, v: &Object) {
    match v {
        Object::Link(link) => {
            h.link(&ctx.entity_href(&link.iri), &link_label(link));
        }
        Object::Literal(l) => {
            h.text(&l.value);
            if let Some(lang) = &l.language {
                h.el_text("span", &[("class", "tag")], lang);
            } else if let Some(dt) = &l.datatype {
                h.el_text("span", &[("class", "tag")], &compact(dt));
            }
        }
        Object::Blank(b) => {
            h.el_text("code", &[], &format!("_:{}", b.blank));
        }
    }
}

/// Predicates shown in the provenance section rather than among the properties.
const PROVENANCE: &[&str] = &[
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "https://w3id.org/laocai-biotech/ns#lineStart",
    "https://w3id.org/laocai-biotech/ns#lineEnd",
];

async fn entity_page(state: &AppState, ctx: &Ctx, node: &NamedNode) -> ApiResult<Response> {
    let d = describe(state, node.clone(), ctx.lang.code().to_owned()).await?;
    let title = d.label.clone().unwrap_or_else(|| compact(&d.iri));
    let mut h = Html::new();
    h.el("article", &[("class", "entity")], |h| {
        heading(h, ctx, &d, &title)
    });
    maps(state, &mut h, ctx, &d, &title).await?;
    let (literals, links): (Vec<&Property>, Vec<&Property>) = d
        .properties
        .iter()
        .filter(|p| !PROVENANCE.contains(&p.predicate.iri.as_str()))
        .partition(|p| p.values.iter().all(|v| v.iri().is_none()));
    let rows = |props: &[&Property]| -> Vec<_> {
        props
            .iter()
            .map(|p| (p.predicate.clone(), p.values.clone()))
            .collect()
    };
    let incoming: Vec<(Link, Vec<Object>)> = d
        .incoming
        .iter()
        .map(|i| {
            (
                i.predicate.clone(),
                i.subjects.iter().cloned().map(Object::Link).collect(),
            )
        })
        .collect();
    for (rows, vi, en) in [
        (rows(&literals), "Thuộc tính", "Properties"),
        (rows(&links), "Liên kết đi", "Links out"),
        (incoming, "Liên kết đến", "Links in"),
    ] {
        if !rows.is_empty() {
            h.el("section", &[], |h| {
                h.el_text("h2", &[], ctx.t(vi, en));
                property_table(h, ctx, &rows);
            });
        }
    }
    let provenance = provenance(state, &d).await?;
    h.el("section", &[("class", "provenance")], |h| {
        h.el_text("h2", &[], ctx.t("Nguồn gốc", "Provenance"));
        provenance.render(h, ctx, &d);
    });
    Ok(page(ctx, &title, h))
}

/// The entity's types, title, illustrative mark, IRI and download links.
fn heading(h: &mut Html, ctx: &Ctx, d: &Entity, title: &str) {
    h.el("p", &[("class", "kinds")], |h| {
        for t in &d.types {
            h.el(
                "a",
                &[("class", "kind"), ("href", &ctx.entity_href(&t.iri))],
                |h| {
                    h.text(&link_label(t));
                },
            );
        }
    });
    h.el_text("h1", &[], title);
    if d.illustrative {
        h.el_text(
            "p",
            &[("class", "illustrative")],
            ctx.t(
                "Minh họa: bản ghi này là dữ liệu giả định, không phải sự thật công khai.",
                "Illustrative: this record is made up, not a public fact.",
            ),
        );
    }
    h.el("p", &[("class", "iri")], |h| {
        h.el_text("code", &[], &d.iri);
    });
    h.el("p", &[("class", "downloads")], |h| {
        h.text(ctx.t("Tải về: ", "Download: "));
        for (i, (label, format)) in [
            ("Turtle", "turtle"),
            ("JSON-LD", "jsonld"),
            ("N-Triples", "ntriples"),
            ("RDF/XML", "rdfxml"),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                h.text(" · ");
            }
            h.link(&download_href(&d.iri, format), label);
        }
    });
}

/// The maps of the entity's geometries, drawn as SVG.
async fn maps(state: &AppState, h: &mut Html, ctx: &Ctx, d: &Entity, title: &str) -> ApiResult<()> {
    if d.values_of(geo::HAS_GEOMETRY.as_str()).next().is_none() {
        return Ok(());
    }
    let node = NamedNode::new(d.iri.as_str()).map_err(ApiError::internal)?;
    let geometry = state
        .select(format!(
            "SELECT ?wkt WHERE {{ {node} <{}>/<{}> ?wkt }}",
            geo::HAS_GEOMETRY.as_str(),
            geo::AS_WKT.as_str()
        ))
        .await?;
    for row in &geometry {
        if let Some(map) = value(row, "wkt").and_then(|w| super::map::svg(w, title)) {
            h.el("figure", &[("class", "map")], |h| {
                h.append(map);
                h.el_text(
                    "figcaption",
                    &[],
                    ctx.t(
                        "Ranh giới (GeoSPARQL, không dùng bản đồ nền)",
                        "Boundary (GeoSPARQL, no base map)",
                    ),
                );
            });
        }
    }
    Ok(())
}

/// The link that downloads the description of `iri` in `format`.
fn download_href(iri: &str, format: &str) -> String {
    match iri.strip_prefix(ID_BASE) {
        Some(rest) if !rest.contains(['?', '#']) => {
            super::with_query(&format!("/id/{rest}"), &[("format", format)])
        }
        _ => super::with_query("/entity", &[("iri", iri), ("format", format)]),
    }
}

/// A table of predicates and their values (or subjects, for links in).
fn property_table(h: &mut Html, ctx: &Ctx, rows: &[(Link, Vec<Object>)]) {
    h.el("table", &[("class", "props")], |h| {
        h.el("tbody", &[], |h| {
            for (predicate, values) in rows {
                h.el("tr", &[], |h| {
                    h.el("th", &[("scope", "row")], |h| {
                        h.el(
                            "a",
                            &[
                                ("href", &ctx.entity_href(&predicate.iri)),
                                ("title", &predicate.iri),
                            ],
                            |h| {
                                h.text(&link_label(predicate));
                            },
                        );
                        if values.len() > 1 {
                            h.el_text("span", &[("class", "count")], &values.len().to_string());
                        }
                    });
                    h.el("td", &[], |h| {
                        if values.len() == 1 {
                            value_html(h, ctx, &values[0]);
                        } else {
                            h.el("ul", &[], |h| {
                                for v in values {
                                    h.el("li", &[], |h| value_html(h, ctx, v));
                                }
                            });
                        }
                    });
                });
            }
        });
    });
}

/// Where an entity comes from.
struct Provenance {
    /// The source file entities it was derived from, with their file names and checksums.
    sources: Vec<(String, Option<String>, Option<String>)>,
    lines: Option<(usize, usize)>,
    /// The quoted lines, when the source is the plan shipped with the binary.
    quote: Option<Vec<(usize, String)>>,
}

/// The plan shipped with the binary: its SHA-256 (hex) and its lines.
fn bundled_plan() -> &'static (String, Vec<String>) {
    static PLAN: OnceLock<(String, Vec<String>)> = OnceLock::new();
    PLAN.get_or_init(|| {
        let (_, bytes) = biokg_engine::bundled::BUNDLED_PLAN;
        let sha: String = sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let text = String::from_utf8_lossy(bytes);
        (sha, text.lines().map(str::to_owned).collect())
    })
}

/// The provenance of a described entity: its sources, its lines, and the quote of those
/// lines when the source is the bundled plan (its checksum tells).
async fn provenance(state: &AppState, d: &Entity) -> ApiResult<Provenance> {
    let line = |p: &str| {
        d.values_of(p)
            .next()
            .and_then(Object::literal)
            .and_then(|v| v.parse::<usize>().ok())
    };
    let start = line(lcb::LINE_START.as_str());
    let end = line(lcb::LINE_END.as_str()).or(start);
    let mut sources = Vec::new();
    for v in d.values_of(prov::WAS_DERIVED_FROM.as_str()) {
        let Some(src) = v.iri() else {
            continue;
        };
        let src = NamedNode::new(src).map_err(ApiError::internal)?;
        let rows = state
            .select(format!(
                "{}SELECT ?file ?sha WHERE {{ OPTIONAL {{ {src} lcb:fileName ?file }} OPTIONAL {{ ?ingest prov:used {src} ; lcb:sha256 ?sha }} }} LIMIT 1",
                biokg_engine::read::prologue()
            ))
            .await?;
        let row = rows.first();
        sources.push((
            src.as_str().to_owned(),
            row.and_then(|r| value(r, "file")).map(str::to_owned),
            row.and_then(|r| value(r, "sha")).map(str::to_owned),
        ));
    }
    let (sha, lines) = bundled_plan();
    let quote = match (start, end) {
        (Some(s), Some(e))
            if s >= 1
                && e >= s
                && e <= lines.len()
                && sources.iter().any(|(_, _, h)| h.as_deref() == Some(sha)) =>
        {
            Some((s..=e).map(|n| (n, lines[n - 1].clone())).collect())
        }
        _ => None,
    };
    Ok(Provenance {
        sources,
        lines: start.zip(end),
        quote,
    })
}

impl Provenance {
    fn render(&self, h: &mut Html, ctx: &Ctx, d: &Entity) {
        h.el("dl", &[], |h| {
            for (src, file, sha) in &self.sources {
                h.el_text("dt", &[], ctx.t("Tệp nguồn", "Source file"));
                h.el("dd", &[], |h| {
                    h.link(&ctx.entity_href(src), file.as_deref().unwrap_or(src));
                    if let Some(sha) = sha {
                        h.text(" ");
                        h.el_text("code", &[("class", "sha")], &format!("SHA-256 {sha}"));
                    }
                });
            }
            if let Some((s, e)) = self.lines {
                h.el_text("dt", &[], ctx.t("Dòng", "Lines"));
                h.el_text(
                    "dd",
                    &[],
                    &if s == e {
                        s.to_string()
                    } else {
                        format!("{s}–{e}")
                    },
                );
            }
            h.el_text("dt", &[], ctx.t("Đồ thị", "Graphs"));
            h.el("dd", &[], |h| {
                h.el("ul", &[], |h| {
                    for g in &d.graphs {
                        h.el("li", &[], |h| {
                            h.el_text("code", &[], g);
                        });
                    }
                });
            });
        });
        if let Some(quote) = &self.quote {
            h.el_text(
                "h3",
                &[],
                ctx.t("Trích nguyên văn từ kế hoạch", "Quoted from the plan"),
            );
            h.el("blockquote", &[("class", "source-lines")], |h| {
                h.el("ol", &[("start", &quote[0].0.to_string())], |h| {
                    for (_, line) in quote {
                        h.el_text("li", &[], line);
                    }
                });
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        crate::pages::tests::headers(header::ACCEPT, v)
    }

    #[test]
    fn negotiation_of_entity_representations() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(negotiate(&accept(browser), None).unwrap(), Want::Page);
        assert_eq!(
            negotiate(&accept("application/rdf+xml;q=0.9, text/turtle"), None).unwrap(),
            Want::Rdf(RdfFormat::Turtle)
        );
        assert_eq!(
            negotiate(&accept("application/n-triples"), None).unwrap(),
            Want::Rdf(RdfFormat::NTriples)
        );
        assert_eq!(
            negotiate(&HeaderMap::new(), None).unwrap(),
            Want::Rdf(RdfFormat::Turtle)
        );
        assert_eq!(
            negotiate(&accept("text/html"), Some("jsonld")).unwrap(),
            Want::Rdf(RDF_TYPES[1].2)
        );
        assert_eq!(
            negotiate(&accept("image/png"), None).unwrap_err().code(),
            Code::NotAcceptable
        );
        assert_eq!(
            negotiate(&HeaderMap::new(), Some("pdf"))
                .unwrap_err()
                .code(),
            Code::InvalidParameter
        );
    }

    #[test]
    fn compact_iris() {
        assert_eq!(
            compact("https://w3id.org/laocai-biotech/ns#leadAgency"),
            "lcb:leadAgency"
        );
        assert_eq!(compact("https://example.org/x"), "https://example.org/x");
    }
}
