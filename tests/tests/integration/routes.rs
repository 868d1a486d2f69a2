//! The HTTP API through the router, in process, on the bundled plan.

use super::support::{Reply, enc, get, kb, send, send_to, task_iri};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

const AGENCY: &str = "https://w3id.org/laocai-biotech/id/agency/";
const GROUP: &str = "https://w3id.org/laocai-biotech/id/agency-group/";

fn error_code(r: &Reply) -> String {
    r.json()["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn find<'a>(items: &'a [Value], key: &str, value: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i[key] == value)
        .unwrap_or_else(|| panic!("no item with {key} = {value}"))
}

fn names(agencies: &Value) -> Vec<String> {
    agencies
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn tasks_list_every_row_of_appendix_02_in_document_order() {
    let r = get("/api/tasks");
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    assert_eq!(body["total"], 41);
    let items = body["items"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(&codes[..5], ["I.1", "I.2", "I.3", "II.1.1", "II.1.2"]);
    assert_eq!(codes[codes.len() - 1], "III.4");
    assert!(codes.contains(&"II.2.4"));
}

#[test]
fn task_ii_2_2_7_has_the_shape_of_the_issue() {
    let body = get("/api/tasks").json();
    let t = find(body["items"].as_array().unwrap(), "code", "II.2.2.7");
    assert_eq!(t["iri"], task_iri("II.2.2.7"));
    assert_eq!(t["section"], "II");
    assert_eq!(t["number"], "2.2.7");
    assert_eq!(t["group"], "II.2.2");
    assert_eq!(
        t["title"],
        "Hoàn thiện chuỗi giá trị dược liệu Sa Pa - Bắc Hà - Văn Bàn."
    );
    assert_eq!(
        t["lead"],
        json!([{"iri": format!("{AGENCY}so-y-te"), "name": "Sở Y tế"}])
    );
    assert_eq!(
        names(&t["partners"]),
        [
            "Sở Tài chính",
            "Sở Nông nghiệp và Môi trường",
            "Các sở, ngành",
            "Uỷ ban nhân dân cấp xã, phường",
            "Các tổ chức, doanh nghiệp, Hợp tác xã"
        ]
    );
    assert_eq!(
        t["partners"][1]["iri"],
        format!("{AGENCY}so-nong-nghiep-va-moi-truong")
    );
    assert_eq!(t["partners"][2]["iri"], format!("{GROUP}cac-so-nganh"));
    assert_eq!(
        t["timeline"],
        json!({"kind": "annual", "text": "Hằng năm từ tháng 3/2026", "start": "2026-03"})
    );
    assert_eq!(
        t["deliverables"],
        json!(["Chuỗi giá trị dược liệu Sa Pa - Bắc Hà - Văn Bàn"])
    );
    assert_eq!(t["missing"], json!([]));
    assert_eq!(t["source"]["lines"], json!([1256, 1283]));
}

#[test]
fn deadlines_periods_and_ongoing_timelines() {
    let body = get("/api/tasks").json();
    let items = body["items"].as_array().unwrap();
    assert_eq!(
        find(items, "code", "I.1")["timeline"],
        json!({"kind": "deadline", "text": "Trước ngày 15/6/2026.", "deadline": "2026-06-15"})
    );
    assert_eq!(
        find(items, "code", "I.3")["timeline"],
        json!({"kind": "from", "text": "Từ tháng 3/2026", "start": "2026-03"})
    );
    assert_eq!(
        find(items, "code", "II.3.4")["timeline"],
        json!({"kind": "period", "text": "2026-2030", "start": "2026", "end": "2030"})
    );
    assert_eq!(
        find(items, "code", "III.2")["timeline"],
        json!({"kind": "ongoing", "text": "Thường xuyên"})
    );
    assert_eq!(
        find(items, "code", "II.2.5.3")["timeline"],
        json!({"kind": "annual", "text": "Hằng năm"})
    );
    assert_eq!(
        find(items, "code", "II.2.5.3")["deliverables"],
        json!(["Kế hoạch", "Chương trình", "Báo cáo"])
    );
}

#[test]
fn a_row_without_lead_says_so() {
    let body = get("/api/tasks").json();
    let t = find(body["items"].as_array().unwrap(), "code", "II.3.3");
    assert_eq!(t["lead"], json!([]));
    assert_eq!(t["partners"], json!([]));
    assert_eq!(t["timeline"], json!({"kind": "missing", "text": ""}));
    assert_eq!(t["missing"], json!(["lead", "partners", "timeline"]));
    assert_eq!(
        t["deliverables"],
        json!(["Đề án", "Dự án", "Kế hoạch", "Chương trình"])
    );
}

#[test]
fn tasks_filter_by_lead_partner_and_section() {
    let led = get("/api/tasks?lead=so-y-te").json();
    let codes: Vec<&str> = led["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "II.2.2.1", "II.2.2.2", "II.2.2.3", "II.2.2.4", "II.2.2.5", "II.2.2.6", "II.2.2.7",
            "II.2.2.8", "II.3.1", "II.3.2"
        ]
    );
    // The same filter by name, with or without diacritics, and by IRI.
    for f in ["Sở Y tế", "so y te", &format!("{AGENCY}so-y-te")] {
        assert_eq!(
            get(&format!("/api/tasks?lead={}", enc(f))).json()["total"],
            10,
            "{f}"
        );
    }
    assert_eq!(
        get("/api/tasks?partner=so-khoa-hoc-va-cong-nghe").json()["total"],
        12
    );
    assert_eq!(get("/api/tasks?section=III").json()["total"], 4);
    assert_eq!(get("/api/tasks?section=I&section=III").json()["total"], 7);
    assert_eq!(
        get("/api/tasks?lead=so-tai-chinh&section=II").json()["total"],
        4
    );
    let bad = get("/api/tasks?section=IV");
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&bad), "invalid_parameter");
}

#[test]
fn targets_have_indicators_leads_and_monitors() {
    let body = get("/api/targets").json();
    assert_eq!(body["total"], 12);
    let items = body["items"].as_array().unwrap();
    let numbers: Vec<&str> = items
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"
        ]
    );
    assert_eq!(
        items[0]["indicators"],
        json!([{"comparator": ">=", "value": 20.0, "unit": "%", "text": "≥ 20%"}])
    );
    assert_eq!(
        items[1]["indicators"],
        json!([{"comparator": ">=", "value": 1.0, "unit": "count", "text": "≥ 1"}])
    );
    let t3 = &items[2];
    assert_eq!(t3["indicators"][0]["value"], 3.0);
    assert_eq!(names(&t3["lead"]), ["Sở Y tế", "Các địa phương cấp xã"]);
    assert_eq!(names(&t3["monitor"]), ["Sở Y tế"]);
    let t10 = &items[9];
    let ind = t10["indicators"].as_array().unwrap();
    assert_eq!(ind.len(), 2);
    assert_eq!(
        (&ind[0]["comparator"], &ind[0]["value"], &ind[0]["unit"]),
        (&json!("="), &json!(100.0), &json!("%"))
    );
    assert_eq!(
        (&ind[1]["comparator"], &ind[1]["value"], &ind[1]["text"]),
        (&json!("="), &json!(50.0), &json!("50%"))
    );
    assert!(
        ind[1]["label"]
            .as_str()
            .unwrap()
            .starts_with("Số khu/cụm công nghiệp")
    );
    assert_eq!(names(&t10["monitor"]), ["Sở Nông nghiệp và Môi trường"]);
    assert_eq!(
        items[11]["indicators"],
        json!([{"comparator": ">=", "value": 20.0, "unit": "count", "text": "≥20"}])
    );
    assert_eq!(names(&items[11]["monitor"]), ["Sở Tài chính"]);
}

#[test]
fn agencies_count_their_roles() {
    let body = get("/api/agencies").json();
    let items = body["items"].as_array().unwrap();
    let yte = find(items, "key", "so-y-te");
    assert_eq!(yte["kind"], "agency");
    assert_eq!(
        (
            &yte["lead_tasks"],
            &yte["partner_tasks"],
            &yte["lead_targets"],
            &yte["monitor_targets"]
        ),
        (&json!(10), &json!(1), &json!(3), &json!(2))
    );
    let khcn = find(items, "key", "so-khoa-hoc-va-cong-nghe");
    assert_eq!(khcn["name"], "Sở Khoa học và Công nghệ");
    assert_eq!(
        (&khcn["lead_tasks"], &khcn["partner_tasks"]),
        (&json!(11), &json!(12))
    );
    let groups = get("/api/agencies?kind=group").json();
    let g = find(
        groups["items"].as_array().unwrap(),
        "key",
        "uy-ban-nhan-dan-cap-xa-phuong",
    );
    assert_eq!(g["kind"], "group");
    assert!(
        groups["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] == "group")
    );
}

#[test]
fn search_folds_diacritics_and_case() {
    let folded = get("/api/search?q=tang%20loong").json();
    let accented = get(&format!("/api/search?q={}", enc("Tằng Loỏng"))).json();
    let upper = get(&format!("/api/search?q={}", enc("TẰNG LOỎNG"))).json();
    let iris = |b: &Value| -> Vec<String> {
        b["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["iri"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(iris(&folded).contains(&task_iri("II.2.3.4")), "{folded}");
    // The same entities, whatever the case and marks; the order may differ only because exact
    // diacritics rank higher.
    let sorted = |b: &Value| {
        let mut v = iris(b);
        v.sort();
        v
    };
    assert_eq!(sorted(&folded), sorted(&accented));
    assert_eq!(iris(&accented), iris(&upper));
    assert_eq!(iris(&folded)[0], iris(&accented)[0]);
    assert_eq!(folded["query"], "tang loong");
    assert!(folded["took_ms"].as_f64().is_some());
    assert_eq!(folded["total"], accented["total"]);

    let tasks = get("/api/search?q=tang%20loong&type=task").json();
    assert_eq!(tasks["hits"][0]["iri"], task_iri("II.2.3.4"));
    assert_eq!(tasks["hits"][0]["type"], "task");
    assert!(
        tasks["hits"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>Tằng</mark>")
    );
    // The type facet counts every type, not only the filtered one.
    assert!(
        tasks["facets"]["type"]["clause"].as_u64().unwrap() >= 1,
        "{tasks}"
    );
    assert_eq!(tasks["facets"]["type"]["task"], 1);
}

#[test]
fn search_rejects_bad_parameters_with_json_errors() {
    let r = get("/api/search");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&r), "missing_parameter");
    let r = get("/api/search?q=so&limit=1000");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&r), "invalid_parameter");
    let r = get("/api/search?q=so&limit=abc");
    assert_eq!(error_code(&r), "invalid_parameter");
    let r = get("/api/search?q=%28%3A%22");
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::BAD_REQUEST, "invalid_parameter".into())
    );
    let r = get(&format!("/api/search?q={}", enc("(Sở \"Y tế: AND")));
    assert_eq!(
        r.status,
        StatusCode::OK,
        "query syntax characters are text: {}",
        r.text()
    );
    assert!(r.json()["total"].as_u64().unwrap() > 0);
}

#[test]
fn entity_shows_properties_and_links_with_labels() {
    let r = get(&format!("/api/entity?iri={}", enc(&task_iri("II.2.2.7"))));
    assert_eq!(r.status, StatusCode::OK);
    let e = r.json();
    assert_eq!(
        e["label"],
        "Hoàn thiện chuỗi giá trị dược liệu Sa Pa - Bắc Hà - Văn Bàn."
    );
    let types: Vec<&str> = e["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap_or(""))
        .collect();
    assert!(types.contains(&"Nhiệm vụ"), "{types:?}");
    let props = e["properties"].as_array().unwrap();
    let lead = props
        .iter()
        .find(|p| p["predicate"]["iri"] == "https://w3id.org/laocai-biotech/ns#leadAgency")
        .expect("lead agency");
    assert_eq!(lead["predicate"]["label"], "cơ quan chủ trì");
    assert_eq!(
        lead["values"],
        json!([{"iri": format!("{AGENCY}so-y-te"), "label": "Sở Y tế"}])
    );
    let incoming = e["incoming"].as_array().unwrap();
    assert!(
        incoming
            .iter()
            .any(|i| i["predicate"]["iri"] == "https://w3id.org/laocai-biotech/ns#hasTask")
    );

    let en = get(&format!(
        "/api/entity?lang=en&iri={}",
        enc(&task_iri("II.2.2.7"))
    ))
    .json();
    let types: Vec<&str> = en["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap_or(""))
        .collect();
    assert!(types.contains(&"Task"), "{types:?}");
}

#[test]
fn entity_errors() {
    let r = get("/api/entity");
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::BAD_REQUEST, "missing_parameter".into())
    );
    let r = get(&format!(
        "/api/entity?iri={}",
        enc("https://w3id.org/laocai-biotech/id/nothing")
    ));
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::NOT_FOUND, "not_found".into())
    );
    let r = get(&format!(
        "/api/entity?iri={}",
        enc("not an iri> } DROP ALL")
    ));
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::BAD_REQUEST, "invalid_parameter".into())
    );
}

fn sparql_get(query: &str, accept: Option<&str>) -> Reply {
    let mut b = Request::get(format!("/sparql?query={}", enc(query)));
    if let Some(a) = accept {
        b = b.header("accept", a);
    }
    send(b.body(Body::empty()).unwrap())
}

const COUNT_TASKS: &str = "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a lcb:Task }";

#[test]
fn sparql_get_returns_json_xml_csv_tsv() {
    let r = sparql_get(COUNT_TASKS, None);
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "application/sparql-results+json");
    assert_eq!(r.json()["results"]["bindings"][0]["n"]["value"], "41");
    let r = sparql_get(COUNT_TASKS, Some("text/csv"));
    assert_eq!(
        (r.content_type.as_str(), r.text().as_str()),
        ("text/csv; charset=utf-8", "n\r\n41\r\n")
    );
    let r = sparql_get(COUNT_TASKS, Some("text/tab-separated-values"));
    assert!(r.text().ends_with("41\n"), "{}", r.text());
    let r = sparql_get(COUNT_TASKS, Some("application/sparql-results+xml"));
    assert!(
        r.text().contains(
            "<literal datatype=\"http://www.w3.org/2001/XMLSchema#integer\">41</literal>"
        )
    );
    let r = sparql_get("ASK { ?s ?p ?o }", None);
    assert_eq!(r.json()["boolean"], true);
}

#[test]
fn sparql_post_form_and_direct() {
    let r = send(
        Request::post("/sparql")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("query={}", enc(COUNT_TASKS))))
            .unwrap(),
    );
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["results"]["bindings"][0]["n"]["value"], "41");
    let r = send(
        Request::post("/sparql")
            .header("content-type", "application/sparql-query")
            .header("accept", "text/csv")
            .body(Body::from(COUNT_TASKS))
            .unwrap(),
    );
    assert_eq!(r.text(), "n\r\n41\r\n");
}

#[test]
fn sparql_graphs_in_four_syntaxes() {
    let q = format!("DESCRIBE <{}>", task_iri("II.2.2.7"));
    for (accept, media, needle) in [
        ("text/turtle", "text/turtle; charset=utf-8", "Sở Y tế"),
        (
            "application/n-triples",
            "application/n-triples",
            "<https://w3id.org/laocai-biotech/ns#leadAgency>",
        ),
        ("application/rdf+xml", "application/rdf+xml", "rdf:RDF"),
        ("application/ld+json", "application/ld+json", "\"@id\""),
    ] {
        let r = sparql_get(&q, Some(accept));
        assert_eq!(r.status, StatusCode::OK, "{accept}: {}", r.text());
        assert_eq!(r.content_type, media);
        let text = r.text();
        assert!(
            text.contains(needle) || accept != "text/turtle" && text.contains("leadAgency"),
            "{accept}: {text}"
        );
    }
}

#[test]
fn sparql_bad_requests_are_4xx_json() {
    let r = sparql_get("SELECT WHERE {", None);
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::BAD_REQUEST, "sparql_syntax_error".into())
    );
    let r = get("/sparql");
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::BAD_REQUEST, "missing_parameter".into())
    );
    let r = get(&format!(
        "/sparql?query={}&query={}",
        enc(COUNT_TASKS),
        enc(COUNT_TASKS)
    ));
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        Request::post(format!("/sparql?query={}", enc(COUNT_TASKS)))
            .header("content-type", "application/sparql-query")
            .body(Body::from(COUNT_TASKS))
            .unwrap(),
    );
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::BAD_REQUEST, "bad_request".into())
    );
    let r = send(
        Request::post("/sparql")
            .header("content-type", "application/sparql-update")
            .body(Body::from("DROP ALL"))
            .unwrap(),
    );
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::FORBIDDEN, "writes_disabled".into())
    );
    let r = send(
        Request::post("/sparql")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("update=DROP%20ALL"))
            .unwrap(),
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(
        Request::post("/sparql")
            .header("content-type", "text/plain")
            .body(Body::from(COUNT_TASKS))
            .unwrap(),
    );
    assert_eq!(
        (r.status, error_code(&r)),
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type".into()
        )
    );
    let r = sparql_get(COUNT_TASKS, Some("text/turtle"));
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::NOT_ACCEPTABLE, "not_acceptable".into())
    );
    let r = send(Request::delete("/sparql").body(Body::empty()).unwrap());
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".into())
    );
    let r = get("/no/such/route");
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::NOT_FOUND, "not_found".into())
    );
    let r = send(
        Request::post("/sparql")
            .header("content-type", "application/sparql-query")
            .body(Body::from(vec![
                b'#';
                biokg_server::state::DEFAULT_MAX_BODY_BYTES
                    + 10
            ]))
            .unwrap(),
    );
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large".into())
    );
}

#[test]
fn health_reports_store_and_index_in_step() {
    let h = get("/health").json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["in_step"], true);
    assert!(h["store"]["triples"].as_u64().unwrap() > 3000);
    assert!(h["index"]["documents"].as_u64().unwrap() > 150);
}

#[test]
fn the_documented_search_service_example_runs_through_sparql() {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/data.md")).unwrap();
    let start = page.find("## Search inside SPARQL").unwrap();
    let block = &page[start..];
    let q = &block[block.find("```sparql\n").unwrap() + 10..];
    let q = &q[..q.find("```").unwrap()];
    let r = sparql_get(q, None);
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let rows = r.json()["results"]["bindings"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["task"]["value"], task_iri("II.2.3.4"));
    assert_eq!(rows[0]["lead"]["value"], "Sở Nông nghiệp và Môi trường");
    assert!(
        rows[0]["snippet"]["value"]
            .as_str()
            .unwrap()
            .contains("<mark>Tằng</mark>")
    );
    assert_eq!(
        rows[0]["score"]["datatype"],
        "http://www.w3.org/2001/XMLSchema#double"
    );
    let bad = sparql_get(
        "SELECT * WHERE { SERVICE <https://w3id.org/laocai-biotech/search> { ?e <https://w3id.org/laocai-biotech/search#score> ?s } }",
        None,
    );
    assert_eq!(
        (bad.status, error_code(&bad)),
        (StatusCode::BAD_REQUEST, "query_failed".into())
    );
}

#[test]
fn a_query_past_its_time_limit_is_cancelled_with_503() {
    let settings = biokg_server::state::Settings {
        query_timeout: std::time::Duration::from_millis(300),
        ..biokg_server::state::Settings::default()
    };
    let app = biokg_server::app(biokg_server::state::AppState::new(kb(), settings));
    // Tens of millions of regular-expression tests, streamed: only cancellation ends it soon.
    let q = "SELECT ?a WHERE { ?a ?p ?b . ?c ?q ?d FILTER(REGEX(CONCAT(STR(?b), STR(?d)), \"^x{3}y$\")) }";
    let started = std::time::Instant::now();
    let r = send_to(
        app,
        Request::get(format!("/sparql?query={}", enc(q)))
            .body(Body::empty())
            .unwrap(),
    );
    assert_eq!(
        (r.status, error_code(&r)),
        (StatusCode::SERVICE_UNAVAILABLE, "query_timeout".into())
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    // The server still answers.
    assert_eq!(get("/health").status, StatusCode::OK);
}

#[test]
fn search_sorts_by_name_on_request() {
    let by_name =
        get("/api/search?q=duoc%20lieu&type=enterprise,cooperative&sort=name&limit=100").json();
    let labels: Vec<String> = by_name["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap().to_owned())
        .collect();
    assert!(labels.len() >= 3, "{labels:?}");
    let folded: Vec<String> = labels.iter().map(|l| biokg_search::fold(l)).collect();
    let mut sorted = folded.clone();
    sorted.sort();
    assert_eq!(folded, sorted);
    // The same matches as by relevance, in another order.
    let by_relevance =
        get("/api/search?q=duoc%20lieu&type=enterprise,cooperative&limit=100").json();
    assert_eq!(by_relevance["total"], by_name["total"]);
    let mut a: Vec<&str> = by_name["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["iri"].as_str().unwrap())
        .collect();
    let mut b: Vec<&str> = by_relevance["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["iri"].as_str().unwrap())
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}
