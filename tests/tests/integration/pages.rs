//! The web pages and the dereferencing of entity IRIs, through the router, on the bundled
//! data: status, media type, real content, escaping, well-formed HTML in NFC that loads
//! nothing from another host.

use super::support::{Reply, enc, send, task_iri};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use biokg_graph::RdfFormat;
use biokg_graph::model::{GraphNameRef, Term};
use std::collections::{BTreeSet, HashSet};

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const ID: &str = "https://w3id.org/laocai-biotech/id/";
const LCB: &str = "https://w3id.org/laocai-biotech/ns#";
const TASK_PATH: &str = "/id/plan/ke-hoach-cnsh-lao-cai-2026/task/II-2-2-7";

/// A GET as a browser sends it.
pub(crate) fn browse(uri: &str) -> Reply {
    browse_with(uri, &[])
}

fn browse_with(uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut b = Request::get(uri).header("accept", BROWSER);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    send(b.body(Body::empty()).unwrap())
}

fn get_accept(uri: &str, accept: &str) -> Reply {
    send(
        Request::get(uri)
            .header("accept", accept)
            .body(Body::empty())
            .unwrap(),
    )
}

/// Elements without a closing tag.
const VOID: &[&str] = &["br", "hr", "img", "input", "link", "meta", "source", "wbr"];

/// Checks that `page` is a well-formed HTML document as our builder writes it: a doctype,
/// `<html lang>`, a UTF-8 charset and a viewport; every element closed in order (void
/// elements unclosed, self-closing only inside `<svg>`), every attribute quoted, ids unique,
/// every `&` an entity, no stray `<` or `>` in text; the text in NFC; and no resource
/// (stylesheet, script, image, form target) on another host.
pub(crate) fn check_html(page: &str) {
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\""),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(
        page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(
        unicode_normalization::is_nfc(page),
        "the page is not in NFC"
    );
    let body = &page["<!DOCTYPE html>\n".len()..];
    let mut stack: Vec<String> = Vec::new();
    let mut ids = HashSet::new();
    let mut rest = body;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        assert!(!text.contains('>'), "stray > in text: {text:?}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i + 1..];
            let end = entity.find(';').unwrap_or(0);
            let name = &entity[..end];
            assert!(
                end > 0
                    && (name.chars().all(|c| c.is_ascii_alphanumeric())
                        || name
                            .strip_prefix('#')
                            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))),
                "bare & in text: {:?}",
                &text[i..(i + 20).min(text.len())]
            );
        }
        if lt == rest.len() {
            break;
        }
        rest = &rest[lt..];
        let gt = rest.find('>').expect("unclosed tag");
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name, "</{name}> closes <{open}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "odd tag <{tag}>"
        );
        // Attributes: name="value", values without quotes or angle brackets.
        let mut a = attrs.trim();
        let mut attributes = Vec::new();
        while !a.is_empty() {
            let eq = a
                .find("=\"")
                .unwrap_or_else(|| panic!("unquoted attribute in <{tag}>"));
            let key = a[..eq].trim();
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'),
                "odd attribute {key:?} in <{tag}>"
            );
            let value_end = a[eq + 2..].find('"').expect("unterminated attribute") + eq + 2;
            let value = &a[eq + 2..value_end];
            assert!(
                !value.contains(['<', '>']),
                "markup in attribute {key}={value:?}"
            );
            attributes.push((key.to_owned(), value.to_owned()));
            a = a[value_end + 1..].trim_start();
        }
        for (key, value) in &attributes {
            if key == "id" {
                assert!(ids.insert(value.clone()), "duplicate id {value:?}");
            }
            let loads = matches!(
                (name, key.as_str()),
                (
                    "link" | "script" | "img" | "source" | "iframe",
                    "src" | "href"
                ) | ("form", "action")
            );
            if loads {
                assert!(
                    value.starts_with('/') && !value.starts_with("//"),
                    "<{name} {key}={value:?}> loads from elsewhere"
                );
            }
        }
        if self_closing {
            assert!(stack.iter().any(|t| t == "svg"), "<{tag}/> outside svg");
        } else if !VOID.contains(&name) {
            stack.push(name.to_owned());
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// A page answered 200 as HTML with the page headers, checked with [`check_html`].
fn html_ok(r: &Reply) -> String {
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    assert!(
        r.header("content-security-policy")
            .starts_with("default-src 'none'")
    );
    let page = r.text();
    check_html(&page);
    page
}

#[test]
fn the_home_page_shows_what_the_service_holds() {
    let page = html_ok(&browse("/"));
    assert!(page.contains("<html lang=\"vi\">"));
    // The 12 targets of PHỤ LỤC 01 and the 41 task rows of PHỤ LỤC 02.
    assert!(
        page.contains(
            "<span class=\"number\">12</span><span class=\"what\">Mục tiêu đến 2030</span>"
        ),
        "{page}"
    );
    assert!(page.contains("<span class=\"number\">41</span><span class=\"what\">Nhiệm vụ</span>"));
    assert!(page.contains("<input type=\"search\" id=\"q\" name=\"q\""));
    assert!(page.contains("href=\"/search?type=lab\""));
    assert!(page.contains("href=\"/value-chain\""));
    // English by parameter or by Accept-Language; links keep a chosen language.
    let en = html_ok(&browse("/?lang=en"));
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains("<span class=\"number\">12</span><span class=\"what\">Targets to 2030</span>")
    );
    assert!(en.contains("href=\"/search?type=lab&amp;lang=en\""));
    assert!(en.contains("href=\"/?lang=vi\""), "the switch back");
    let en = html_ok(&browse_with("/", &[("accept-language", "en-GB,en;q=0.9")]));
    assert!(en.contains("Targets to 2030"));
    // API clients still get the JSON index.
    let r = get_accept("/", "*/*");
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "application/json");
    assert_eq!(r.json()["name"], "BioKG Lào Cai");
    assert!(r.header("vary").contains("accept"));
    let r = browse("/?lang=fr");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    check_html(&r.text());
    assert!(r.text().contains("<code>invalid_parameter</code>"));
}

#[test]
fn the_entity_page_of_a_task_shows_its_agencies_and_quotes_the_plan() {
    let page = html_ok(&browse(TASK_PATH));
    assert!(page.contains("<h1>Hoàn thiện chuỗi giá trị dược liệu Sa Pa - Bắc Hà - Văn Bàn.</h1>"));
    assert!(page.contains("<a class=\"kind\" href=\"/entity?iri=https%3A%2F%2Fw3id.org%2Flaocai-biotech%2Fns%23Task\">Nhiệm vụ</a>"), "{page}");
    // The lead agency, linked, under its relation's label.
    assert!(page.contains(">cơ quan chủ trì</a>"));
    assert!(page.contains("<a href=\"/id/agency/so-y-te\">Sở Y tế</a>"));
    // Links in, grouped by relation: the plan has this task.
    assert!(page.contains("Liên kết đến"));
    assert!(page.contains("<a href=\"/id/plan/ke-hoach-cnsh-lao-cai-2026\">"));
    // Provenance: the lines of the plan, quoted from the bundled file.
    let plan = include_str!("../../../data/ke-hoach-cnsh-lao-cai-2026.txt");
    let lines: Vec<&str> = plan.lines().collect();
    let api = super::support::get("/api/tasks").json();
    let task = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "II.2.2.7")
        .unwrap()
        .clone();
    let (from, to) = (
        task["source"]["lines"][0].as_u64().unwrap() as usize,
        task["source"]["lines"][1].as_u64().unwrap() as usize,
    );
    assert!(page.contains(&format!("<dd>{from}–{to}</dd>")));
    assert!(page.contains(&format!("<ol start=\"{from}\">")));
    let quoted = &page[page.find("class=\"source-lines\"").expect("quoted lines")..];
    for line in &lines[from - 1..to] {
        let escaped = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(
            quoted.contains(&format!("<li>{escaped}</li>")),
            "line {line:?} not quoted"
        );
    }
    assert!(quoted.contains("<li>Hoàn thiện chuỗi giá trị dược liệu Sa Pa - Bắc Hà - Văn </li>"));
    // Downloads.
    assert!(page.contains(&format!("href=\"{TASK_PATH}?format=turtle\">Turtle</a>")));
    assert!(page.contains(&format!("href=\"{TASK_PATH}?format=jsonld\">JSON-LD</a>")));
    // In English.
    let en = html_ok(&browse(&format!("{TASK_PATH}?lang=en")));
    assert!(en.contains(">Task</a>"));
    assert!(en.contains("Quoted from the plan"));
    assert!(en.contains("<a href=\"/id/agency/so-y-te?lang=en\">Sở Y tế</a>"));
}

/// The triples of an RDF answer.
fn triples(r: &Reply, format: RdfFormat) -> BTreeSet<(String, String, String)> {
    biokg_graph::parse_graph(&r.body, format, GraphNameRef::DefaultGraph, None)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&r.body)))
        .into_iter()
        .map(|q| {
            let object = match q.object {
                Term::NamedNode(n) => n.as_str().to_owned(),
                Term::Literal(l) => l.value().to_owned(),
                Term::BlankNode(b) => b.to_string(),
            };
            (
                q.subject.to_string().trim_matches(['<', '>']).to_owned(),
                q.predicate.as_str().to_owned(),
                object,
            )
        })
        .collect()
}

#[test]
fn entity_iris_dereference_to_rdf_in_four_syntaxes() {
    let task = task_iri("II.2.2.7");
    let plan = format!("{ID}plan/ke-hoach-cnsh-lao-cai-2026");
    for (accept, media, format) in [
        (
            "text/turtle",
            "text/turtle; charset=utf-8",
            RdfFormat::Turtle,
        ),
        (
            "application/ld+json",
            "application/ld+json",
            RdfFormat::from_media_type("application/ld+json").unwrap(),
        ),
        (
            "application/n-triples",
            "application/n-triples",
            RdfFormat::NTriples,
        ),
        (
            "application/rdf+xml",
            "application/rdf+xml",
            RdfFormat::RdfXml,
        ),
    ] {
        let r = get_accept(TASK_PATH, accept);
        assert_eq!(r.status, StatusCode::OK, "{accept}");
        assert_eq!(r.content_type, media, "{accept}");
        assert!(r.header("vary").contains("accept"), "{accept}");
        let t = triples(&r, format);
        // Out: its lead agency, its code, its lines; in: the plan that has it.
        assert!(
            t.contains(&(
                task.clone(),
                format!("{LCB}leadAgency"),
                format!("{ID}agency/so-y-te")
            )),
            "{accept}: {t:?}"
        );
        assert!(
            t.contains(&(
                task.clone(),
                "http://www.w3.org/2004/02/skos/core#notation".into(),
                "II.2.2.7".into()
            )),
            "{accept}"
        );
        assert!(
            t.contains(&(plan.clone(), format!("{LCB}hasTask"), task.clone())),
            "{accept}"
        );
        assert!(
            t.iter().all(|(s, _, o)| *s == task || *o == task),
            "{accept}: only the task's description"
        );
    }
    // `*/*` and no Accept: Turtle; `format=` wins over Accept (the page's download links).
    let r = get_accept(TASK_PATH, "*/*");
    assert_eq!(r.content_type, "text/turtle; charset=utf-8");
    assert!(
        r.text()
            .contains("@prefix lcb: <https://w3id.org/laocai-biotech/ns#>")
    );
    let r = browse(&format!("{TASK_PATH}?format=jsonld"));
    assert_eq!(r.content_type, "application/ld+json");
    // A place's description carries its boundary.
    let r = get_accept("/id/place/03006", "application/n-triples");
    assert_eq!(r.status, StatusCode::OK);
    let t = triples(&r, RdfFormat::NTriples);
    assert!(
        t.iter()
            .any(|(s, p, o)| s == &format!("{ID}place/03006/geometry")
                && p == "http://www.opengis.net/ont/geosparql#asWKT"
                && o.contains("POLYGON"))
    );
    // The same for an IRI outside /id/, through /entity.
    let r = get_accept(
        &format!("/entity?iri={}&format=ntriples", enc(&format!("{LCB}Task"))),
        "*/*",
    );
    assert_eq!(r.status, StatusCode::OK);
    assert!(triples(&r, RdfFormat::NTriples).contains(&(
        format!("{LCB}Task"),
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type".into(),
        "http://www.w3.org/2002/07/owl#Class".into()
    )));
    // Errors: an unknown entity, an unacceptable type, a bad format.
    let r = get_accept("/id/agency/no-such-agency", "text/turtle");
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::NOT_FOUND, "not_found".into())
    );
    let r = get_accept(TASK_PATH, "image/png");
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::NOT_ACCEPTABLE, "not_acceptable".into())
    );
    let r = get_accept(&format!("{TASK_PATH}?format=pdf"), "*/*");
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "invalid_parameter".into())
    );
    // A browser gets the error as a page, with the same status and code.
    let r = browse("/id/agency/no-such-agency");
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    let page = r.text();
    check_html(&page);
    assert!(page.contains("<code>not_found</code>"));
}

#[test]
fn a_place_page_draws_its_boundary() {
    let page = html_ok(&browse("/id/place/03006"));
    let svg = &page[page.find("<svg").expect("a map")..];
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\""));
    assert!(svg.contains("<path d=\"M"));
    assert!(page.contains("<figure class=\"map\">"));
    // No map for an entity without geometry.
    assert!(!html_ok(&browse(TASK_PATH)).contains("<svg"));
}

#[test]
fn the_search_page_has_facets_snippets_and_pages() {
    let page = html_ok(&browse("/search?q=duong+quy"));
    assert!(
        page.contains("<a href=\"/id/taxon/angelica-sinensis\" class=\"hit-label\">"),
        "{page}"
    );
    assert!(page.contains("<mark>"));
    assert!(page.contains("<input type=\"checkbox\" name=\"type\" value=\"taxon\">"));
    assert!(
        page.contains("value=\"duong quy\""),
        "the query stays in the box"
    );
    // The same hit with diacritics.
    let marked = html_ok(&browse(&format!("/search?q={}", enc("Đương quy"))));
    assert!(marked.contains("<a href=\"/id/taxon/angelica-sinensis\" class=\"hit-label\">"));
    // A ticked facet filters and stays ticked.
    let page = html_ok(&browse("/search?q=duong+quy&type=taxon"));
    assert!(page.contains("<input type=\"checkbox\" name=\"type\" value=\"taxon\" checked=\"\">"));
    assert!(
        !page.contains("class=\"kind\">Xã, phường</span>"),
        "only taxa are listed"
    );
    // Pages: the 41 tasks in pages of 20.
    let page = html_ok(&browse("/search?type=task"));
    assert!(page.contains("<p class=\"total\">41 kết quả</p>"));
    assert!(page.contains("href=\"/search?q=&amp;type=task&amp;page=2\" rel=\"next\""));
    let third = html_ok(&browse("/search?type=task&page=3"));
    assert!(third.contains("<ol class=\"hits\" start=\"41\">"));
    assert_eq!(third.matches("<li class=\"hit\">").count(), 1);
    assert!(third.contains("<span aria-current=\"page\">3</span>"));
    // Bad parameters: a 400 page.
    let r = browse("/search?q=x&page=0");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    let r = browse("/search?type=nonsense");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // An empty search shows the box and a hint, not an error.
    let page = html_ok(&browse("/search"));
    assert!(page.contains("duong quy"));
}

#[test]
fn user_strings_come_back_escaped() {
    const SCRIPT: &str = "<script>alert(1)</script>";
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    let page = html_ok(&browse(&format!("/search?q={}", enc(SCRIPT))));
    assert!(!page.contains(SCRIPT));
    assert!(page.contains(&format!("value=\"{escaped}\"")));
    assert!(page.contains(&format!(
        "<title>Tìm kiếm “{escaped}” · BioKG Lào Cai</title>"
    )));
    // In a facet value, in a quoted attribute.
    let page = html_ok(&browse(&format!(
        "/search?q=x&lead={}",
        enc("\"><img src=x onerror=alert(1)>")
    )));
    assert!(!page.contains("<img"));
    assert!(page.contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
    // In a SPARQL literal: in the editor and in the result table.
    let query = format!("SELECT ?x WHERE {{ BIND(\"{SCRIPT}\" AS ?x) }}");
    let page = html_ok(&browse(&format!("/query?query={}", enc(&query))));
    assert!(!page.contains(SCRIPT));
    assert!(page.contains(&format!("<td>{escaped}</td>")), "{page}");
    assert!(page.contains(&format!("BIND(&quot;{escaped}&quot; AS ?x)")));
    // In an error message that quotes the input.
    let r = browse(&format!("/entity?iri={}", enc(SCRIPT)));
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = r.text();
    check_html(&page);
    assert!(!page.contains(SCRIPT));
    // In the language switch, which repeats the query string.
    let page = html_ok(&browse(&format!("/plan?lead={}", enc(SCRIPT))));
    assert!(!page.contains(SCRIPT));
}

#[test]
fn the_dashboard_lists_targets_tasks_and_deadlines() {
    let page = html_ok(&browse("/plan?today=2026-01-01"));
    let targets = &page[page.find("id=\"targets\"").unwrap()..page.find("id=\"ahead\"").unwrap()];
    assert!(targets.contains("Mục tiêu cụ thể đến năm 2030 (12)"));
    assert_eq!(targets.matches("<td class=\"num\">").count(), 12);
    // Indicators as printed, with the parsed values on hover.
    assert!(
        targets.contains("<strong title=\"&gt;= 20.0 %\">≥ 20%</strong>"),
        "{targets}"
    );
    assert!(!targets.contains("≥ ≥"));
    assert!(targets.contains(">Sở Nông nghiệp và Môi trường</a>"));
    let ahead = &page[page.find("id=\"ahead\"").unwrap()..page.find("id=\"tasks\"").unwrap()];
    assert!(ahead.contains("<p class=\"muted\">Tính từ ngày 2026-01-01</p>"));
    assert!(
        ahead.contains("<time datetime=\"2026-11-15\">2026-11-15</time> — Báo cáo hằng năm"),
        "{ahead}"
    );
    assert!(ahead.contains("hạn chót "), "{ahead}");
    let tasks = &page[page.find("id=\"tasks\"").unwrap()..];
    assert!(tasks.contains("<p class=\"total\">41 / 41 nhiệm vụ</p>"));
    // Filtered by lead agency (as the select sends it, with empty "all" values), section,
    // timeline.
    let page = html_ok(&browse("/plan?lead=so-y-te&section=&timeline="));
    assert!(
        page.contains("<p class=\"total\">10 / 41 nhiệm vụ</p>"),
        "query 1 of docs/queries.md has 10 rows"
    );
    assert!(page.contains("<option value=\"so-y-te\" selected=\"\">Sở Y tế</option>"));
    let page = html_ok(&browse("/plan?section=I"));
    assert!(page.contains("<p class=\"total\">3 / 41 nhiệm vụ</p>"));
    let page = html_ok(&browse(
        "/plan?section=III&lead=so-khoa-hoc-va-cong-nghe&lang=en",
    ));
    assert!(page.contains(" of 41 tasks</p>"));
    // Past the last deadline, the yearly report is still ahead.
    let page = html_ok(&browse("/plan?today=2031-01-01"));
    assert!(page.contains("<time datetime=\"2031-11-15\">"));
    assert!(page.contains("Không còn hạn chót nào"));
    let r = browse("/plan?today=tomorrow");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = browse("/plan?section=IV");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[test]
fn the_value_chain_is_a_diagram_of_linked_nodes() {
    let page = html_ok(&browse("/value-chain"));
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    let chain = "/id/value-chain/sa-pa-bac-ha-van-ban";
    for stage in [
        "conservation",
        "seedlings",
        "cultivation",
        "harvest",
        "primary-processing",
        "manufacturing",
        "distribution",
        "tourism",
    ] {
        assert!(
            svg.contains(&format!(
                "<a href=\"{chain}/stage/{stage}\" class=\"stage\">"
            )),
            "{stage}"
        );
    }
    // Stages in order: conservation before tourism.
    assert!(svg.find("stage/conservation").unwrap() < svg.find("stage/tourism").unwrap());
    // Actors link to their pages; illustrative ones are marked.
    assert!(svg.contains("<a href=\"/id/org/traphaco-lao-cai\" class=\"actor\">"));
    assert!(svg.contains("class=\"actor illustrative\">"));
    // And every link of the diagram opens an entity page.
    let first_actor = "/id/org/traphaco-lao-cai";
    assert!(html_ok(&browse(first_actor)).contains("<h1>"));
    assert!(page.contains("<h3>Luồng hàng</h3>"));
}

#[test]
fn the_sparql_page_runs_examples_and_shows_errors_where_they_are() {
    let page = html_ok(&browse("/query"));
    assert_eq!(page.matches("class=\"example\"").count(), 21);
    assert!(page.contains("<a href=\"/query?example=1\" class=\"example\">Tasks led by Sở Y tế (the Department of Health), in table order.</a>"));
    // One click: the example is loaded and run.
    let page = html_ok(&browse("/query?example=1"));
    assert!(page.contains("<p class=\"total\">10 dòng"));
    assert!(page.contains("<th scope=\"col\">?code</th><th scope=\"col\">?title</th>"));
    let query = include_str!("../../../queries/01-tasks-led-by-so-y-te.rq");
    assert!(page.contains(&format!(
        "href=\"/sparql?query={}&amp;format=csv\">CSV</a>",
        enc(query)
    )));
    // The download links answer CSV and JSON.
    let r = get_accept(&format!("/sparql?query={}&format=csv", enc(query)), "*/*");
    assert_eq!(r.content_type, "text/csv; charset=utf-8");
    assert_eq!(r.text().lines().count(), 11);
    // A CONSTRUCT is shown as triples.
    let page = html_ok(&browse(&format!(
        "/query?query={}",
        enc(
            "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t ; <http://www.w3.org/2004/02/skos/core#notation> \"II.2.2.7\" }"
        )
    )));
    assert!(page.contains("<th scope=\"col\">?subject</th>"));
    assert!(page.contains(">Turtle</a>"));
    // A syntax error: 400, with its line and column, and the query kept in the editor.
    let r = browse(&format!(
        "/query?query={}",
        enc("SELECT ?x WHERE {\n  ?x ?y\n}")
    ));
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = r.text();
    check_html(&page);
    // The parser's position (`error at 3:2`), shown as a caret under that column.
    assert!(page.contains("error at 3:2: "), "{page}");
    assert!(
        page.contains("<p class=\"position\">Dòng 3, cột 2</p>"),
        "{page}"
    );
    assert!(page.contains("<pre class=\"at\">}\n<span class=\"caret\"> ^</span></pre>"));
    assert!(page.contains("<textarea id=\"query\" name=\"query\" rows=\"16\" spellcheck=\"false\" autocapitalize=\"off\">\nSELECT ?x WHERE {\n  ?x ?y\n}</textarea>"));
    let r = browse("/query?example=99");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[test]
fn static_assets_are_cached_for_good() {
    let page = html_ok(&browse("/"));
    let at = page.find("/static/style.css?v=").unwrap();
    let url = &page[at..at + page[at..].find('"').unwrap()];
    let r = super::support::get(url);
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "text/css; charset=utf-8");
    assert_eq!(
        r.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let etag = r.header("etag");
    assert_eq!(
        format!("\"{}\"", &url[url.len() - 12..]),
        etag,
        "the URL carries the content hash"
    );
    let r = send(
        Request::get(url)
            .header("if-none-match", &etag)
            .body(Body::empty())
            .unwrap(),
    );
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    let r = super::support::get("/static/app.js");
    assert_eq!(r.content_type, "text/javascript; charset=utf-8");
    assert!(r.text().contains("/api/suggest"));
    let r = super::support::get("/static/../Cargo.toml");
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = super::support::get("/static/secret.txt");
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::NOT_FOUND, "not_found".into())
    );
}

#[test]
fn every_page_is_well_formed_in_both_languages() {
    for path in [
        "/",
        "/search?q=Sở+Y+tế",
        "/search?q=lab&type=lab",
        TASK_PATH,
        "/id/agency/so-y-te",
        "/id/taxon/angelica-sinensis",
        "/id/place/15",
        "/id/plan/ke-hoach-cnsh-lao-cai-2026/target/10",
        "/id/value-chain/sa-pa-bac-ha-van-ban",
        "/entity?iri=https%3A%2F%2Fw3id.org%2Flaocai-biotech%2Fns%23leadAgency",
        "/plan",
        "/progress?as_of=2026-12-06",
        "/progress?status=missing",
        "/value-chain",
        "/query",
        "/query?example=14",
    ] {
        for lang in ["vi", "en"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let r = browse(&format!("{path}{sep}lang={lang}"));
            let page = html_ok(&r);
            assert!(page.contains(&format!("<html lang=\"{lang}\">")), "{path}");
        }
    }
}

#[test]
fn the_progress_page_shows_tiles_charts_overdue_tasks_first_and_filters_agencies() {
    let page = html_ok(&browse("/progress?as_of=2026-12-06&lang=en"));
    // Tiles with the counts of /api/progress: 2 overdue (I.1, I.2), 39 not reported.
    assert!(
        page.contains(
            "<div class=\"tile status-overdue\"><strong>2</strong><span>Overdue</span></div>"
        ),
        "{page}"
    );
    assert!(page.contains("<strong>39</strong><span>Not reported</span>"));
    // Two charts, drawn inline.
    assert_eq!(
        page.matches("<svg xmlns=\"http://www.w3.org/2000/svg\"")
            .count(),
        2
    );
    assert!(page.contains("aria-label=\"Task status by section\""));
    // The task table begins with the overdue tasks.
    let table = &page[page.find("<table class=\"tasks progress\">").unwrap()..];
    let first_row = &table[table.find("<tbody>").unwrap()..];
    assert!(
        first_row.starts_with("<tbody><tr class=\"status-overdue\">"),
        "{}",
        &first_row[..200]
    );
    // The downloads.
    assert!(page.contains("href=\"/api/deadlines.ics\""));
    assert!(page.contains("/api/progress/report.docx?year=2026&amp;as_of=2026-12-06"));
    // Every expected agency is missing its 2026 report; a filter keeps one agency.
    let agencies = &page[page.find("<table class=\"agencies\">").unwrap()..];
    assert_eq!(agencies.matches("badge compliance-missing").count(), 11);
    let iri = "https://w3id.org/laocai-biotech/id/agency/so-y-te";
    let one = html_ok(&browse(&format!(
        "/progress?as_of=2026-12-06&agency={}",
        enc(iri)
    )));
    let agencies = &one[one.find("<table class=\"agencies\">").unwrap()..];
    assert_eq!(agencies.matches("badge compliance-missing").count(), 1);
    assert!(agencies.contains(">Sở Y tế</a>"));
    let none = html_ok(&browse("/progress?as_of=2026-12-06&status=on-time"));
    let agencies = &none[none.find("<table class=\"agencies\">").unwrap()..];
    assert!(!agencies.contains("badge compliance-"));
    // Before the due date, reports are pending.
    let june = html_ok(&browse("/progress?as_of=2026-06-01"));
    assert!(june.contains("<div class=\"tile compliance-pending\"><strong>11</strong>"));
    let r = browse("/progress?status=lost");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
