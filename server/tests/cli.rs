//! The `biokg` command line, run as a real process: check, ingest, query and search on a
//! temporary data directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn biokg() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_biokg"));
    c.env("BIOKG_LOG", "warn");
    c
}

fn plan() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/ke-hoach-cnsh-lao-cai-2026.txt")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("biokg runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Ingests the bundled plan into `dir` and returns the report printed.
fn ingest(dir: &Path) -> String {
    let o = run(biokg()
        .args(["ingest", "plan"])
        .arg(plan())
        .arg("--data-dir")
        .arg(dir));
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// The answer to `q` on the store in `dir`, in `format`.
fn query_as(dir: &Path, format: &str, q: &str) -> String {
    let o = run(biokg()
        .args(["query", "--format", format, q])
        .arg("--data-dir")
        .arg(dir));
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

fn query(dir: &Path, q: &str) -> String {
    query_as(dir, "tsv", q)
}

/// The lines of an answer, sorted.
fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

/// The source graph of the bundled plan as sorted N-Triples lines.
fn plan_graph(dir: &Path) -> Vec<String> {
    sorted_lines(&query_as(
        dir,
        "ntriples",
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/laocai-biotech/graph/plan/ke-hoach-cnsh-lao-cai-2026> { ?s ?p ?o } }",
    ))
}

#[test]
fn check_reports_the_plan_without_a_data_directory() {
    let o = run(biokg().args(["check", "plan"]).arg(plan()));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(" 12 targets,"), "{out}");
    assert!(out.contains(" 41 tasks,"), "{out}");
    assert!(
        out.contains("ke-hoach-cnsh-lao-cai-2026.txt:1667: lead:"),
        "the missing lead of II.3.3 is a warning with its line: {out}"
    );
}

#[test]
fn check_rejects_a_legacy_encoding_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("plan-1258.txt");
    // "KẾ HOẠCH\nNghị quyết" with a Windows-1258 byte on line 2.
    std::fs::write(&bad, b"KE HOACH\nNgh\xf2 quy\xeat\n").unwrap();
    let o = run(biokg().args(["check", "plan"]).arg(&bad));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: plan-1258.txt:2: encoding: invalid UTF-8"),
        "{err}"
    );
}

#[test]
fn ingest_then_query_and_search_and_reingest_gives_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    assert!(ingest(dir.path()).contains(" 41 tasks,"));

    let count = query(
        dir.path(),
        "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a lcb:Task }",
    );
    assert_eq!(count, "?n\n41\n");

    let o = run(biokg()
        .args(["search", "tang loong", "--type", "task"])
        .arg("--data-dir")
        .arg(dir.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let first = out.lines().nth(1).unwrap_or_default();
    assert!(first.contains("/task/II-2-3-4\t"), "{out}");

    let before = plan_graph(dir.path());
    assert!(before.len() > 1000, "{}", before.len());
    ingest(dir.path());
    assert_eq!(plan_graph(dir.path()), before);
}

#[test]
fn a_bad_file_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path());
    let before = plan_graph(dir.path());

    // The same file name, truncated before its task table: the parse fails, nothing is written.
    let bad_dir = tempfile::tempdir().unwrap();
    let bad = bad_dir.path().join("ke-hoach-cnsh-lao-cai-2026.txt");
    let text = std::fs::read_to_string(plan()).unwrap();
    let cut: String = text.lines().take(600).collect::<Vec<_>>().join("\n");
    std::fs::write(&bad, cut).unwrap();
    let o = run(biokg()
        .args(["ingest", "plan"])
        .arg(&bad)
        .arg("--data-dir")
        .arg(dir.path()));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).starts_with("error: ke-hoach-cnsh-lao-cai-2026.txt:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(plan_graph(dir.path()), before);
}

#[test]
fn query_errors_are_reported_not_panicked() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(biokg()
        .args(["query", "SELECT WHERE {"])
        .arg("--data-dir")
        .arg(dir.path()));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: sparql syntax error"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_flag_reads_its_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(biokg()
        .args(["ingest", "plan"])
        .arg(plan())
        .env("BIOKG_DATA_DIR", dir.path())
        .env("BIOKG_SOURCE_NAME", "ke-hoach-env"));
    assert!(o.status.success(), "{}", stderr(&o));
    let graphs = run(biokg()
        .args(["query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a <https://w3id.org/laocai-biotech/ns#Plan> } }"])
        .env("BIOKG_DATA_DIR", dir.path())
        .env("BIOKG_FORMAT", "csv"));
    assert!(graphs.status.success(), "{}", stderr(&graphs));
    assert_eq!(
        stdout(&graphs),
        "g\r\nhttps://w3id.org/laocai-biotech/graph/plan/ke-hoach-env\r\n"
    );
}

fn registries(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data/registries")
        .join(file)
}

/// Every quad of the store, as sorted N-Quads-like lines (graph included).
fn all_quads(dir: &Path) -> Vec<String> {
    sorted_lines(&query_as(
        dir,
        "tsv",
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/laocai-biotech/graph/meta>) }",
    ))
}

#[test]
fn check_prints_every_problem_of_a_bad_registry_and_exits_1() {
    let o = run(biokg()
        .args(["check", "enterprises"])
        .arg(registries("bad/enterprises-bad-tax-code.csv")));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 6, "{err}");
    assert_eq!(
        lines[0],
        "error: enterprises-bad-tax-code.csv:3: tax_code: \"990000152\" is not a tax code (10 digits, or 10 digits, \"-\" and 3 digits for a branch)"
    );
    assert_eq!(
        lines[5],
        "enterprises-bad-tax-code.csv:8: tax_code: \"9900001019\" fails the check digit (no 10th digit is valid after these 9 digits)"
    );
    let ok = run(biokg().args(["check", "labs"]).arg(registries("labs.csv")));
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stdout(&ok).starts_with("labs.csv (labs): 11 labs,"),
        "{}",
        stdout(&ok)
    );
}

#[test]
fn national_registries_need_national_and_load_without_index_then_search() {
    let dir = tempfile::tempdir().unwrap();
    let labs = dir.path().join("labs.csv");
    std::fs::write(
        &labs,
        "id,name,commune_code,source,illustrative\n\
         lab-ba-dinh-minh-hoa,Phòng thí nghiệm Minh họa Ba Đình,00004,written for the tests,true\n",
    )
    .unwrap();
    // Phường Ba Đình is in Hà Nội: a mistake in Lào Cai's registry, fine in a national one.
    let o = run(biokg().args(["check", "labs"]).arg(&labs));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: labs.csv:2: commune_code: \"00004\" is not a commune or ward of Lào Cai (code 15)\n"
    );
    let o = run(biokg().args(["check", "labs", "--national"]).arg(&labs));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("labs.csv (labs): 1 labs,"),
        "{}",
        stdout(&o)
    );
    // Loaded without indexing, found by the search that rebuilds the index on open.
    let data = dir.path().join("data");
    let o = run(biokg()
        .args(["ingest", "labs", "--no-index"])
        .arg(&labs)
        .arg("--data-dir")
        .arg(&data)
        .env("BIOKG_NATIONAL", "true"));
    assert!(o.status.success(), "{}", stderr(&o));
    // Not a terminal: no progress line, only the report.
    assert_eq!(stderr(&o), "");
    let o = run(biokg().args(["search", "Ba Đình", "--data-dir"]).arg(&data));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("/id/org/lab-ba-dinh-minh-hoa"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn registries_ingest_and_a_bad_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let places = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/places");
    for (kind, path) in [
        ("plan", plan()),
        ("places", places),
        ("plants", registries("plants.csv")),
        ("labs", registries("labs.csv")),
        ("enterprises", registries("enterprises.csv")),
        ("value-chain", registries("value-chain.json")),
    ] {
        let o = run(biokg()
            .args(["ingest", kind])
            .arg(&path)
            .arg("--data-dir")
            .arg(dir.path()));
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
    }
    let counted = query(
        dir.path(),
        "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#> SELECT (COUNT(?l) AS ?n) WHERE { ?l a lcb:Lab }",
    );
    assert_eq!(counted.lines().nth(1), Some("11"));
    let before = all_quads(dir.path());
    // A copy of the folder whose enterprises.csv has an unknown commune: refused, unchanged.
    let bad = tempfile::tempdir().unwrap();
    for f in [
        "enterprises.csv",
        "certifications.csv",
        "labs.csv",
        "plants.csv",
    ] {
        std::fs::copy(registries(f), bad.path().join(f)).unwrap();
    }
    let text = std::fs::read_to_string(bad.path().join("enterprises.csv")).unwrap();
    std::fs::write(
        bad.path().join("enterprises.csv"),
        text.replacen(",03013,", ",03001,", 1),
    )
    .unwrap();
    let o = run(biokg()
        .args(["ingest", "enterprises"])
        .arg(bad.path().join("enterprises.csv"))
        .arg("--data-dir")
        .arg(dir.path()));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("\"03001\" is not a commune or ward of Lào Cai (code 15); it is the pre-2025 code of Phường Sa Pa, now part of 03006 (Phường Sa Pa)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(all_quads(dir.path()), before);
}

fn rdf_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/fixtures/rdf")
        .join(name)
}

#[test]
fn rdf_input_is_validated_against_the_shapes_and_the_store() {
    // check: references resolve against the bundled places.
    let o = run(biokg()
        .args(["check", "rdf"])
        .arg(rdf_fixture("invalid.ttl")));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 4, "{err}");
    assert!(err.contains("invalid.ttl:17: lcb:biosafetyLevel:"), "{err}");
    // ingest: into a store that holds the places (the bundled data of a first start).
    let dir = tempfile::tempdir().unwrap();
    let places = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/places");
    let o = run(biokg()
        .args(["ingest", "places"])
        .arg(&places)
        .arg("--data-dir")
        .arg(dir.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = ingest_rdf(dir.path(), "valid.ttl");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rdf_graph_len(dir.path(), "valid"), "78");
    // A new source with problems (written while read): every problem, and nothing stored.
    let o = ingest_rdf(dir.path(), "invalid.ttl");
    assert_eq!(o.status.code(), Some(1));
    // (The store's valid source describes the same organisations, so values add up.)
    assert!(
        stderr(&o).contains("invalid.ttl:17: lcb:biosafetyLevel:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(rdf_graph_len(dir.path(), "invalid"), "0");
    // The same valid file again replaces its source (read whole, then one transaction).
    let o = ingest_rdf(dir.path(), "valid.ttl");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rdf_graph_len(dir.path(), "valid"), "78");
}

/// `biokg ingest rdf` of an RDF fixture into `dir`.
fn ingest_rdf(dir: &Path, fixture: &str) -> Output {
    run(biokg()
        .args(["ingest", "rdf"])
        .arg(rdf_fixture(fixture))
        .arg("--data-dir")
        .arg(dir))
}

/// The triples of the RDF source `name` in the store of `dir`, as `biokg query` prints them.
fn rdf_graph_len(dir: &Path, name: &str) -> String {
    let n = query(
        dir,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <https://w3id.org/laocai-biotech/graph/rdf/{name}> {{ ?s ?p ?o }} }}"
        ),
    );
    n.lines()
        .nth(1)
        .unwrap_or_else(|| panic!("no count in {n}"))
        .to_owned()
}

#[test]
fn backup_and_restore_refuse_what_they_cannot_use() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(biokg()
        .args(["backup", "--data-dir"])
        .arg(dir.path().join("none"))
        .arg(dir.path().join("out")));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("none: no store to back up"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("none").exists());

    let o = run(biokg()
        .arg("restore")
        .arg(dir.path())
        .arg("--data-dir")
        .arg(dir.path().join("target")));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("manifest.json"), "{}", stderr(&o));
    assert!(!dir.path().join("target").exists());
}

#[test]
fn serve_refuses_a_weak_write_token_before_opening_anything() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(biokg()
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .env("BIOKG_WRITE_TOKEN", "short"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the write token must have at least 16 characters"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("data").exists());
    let o = run(biokg()
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .arg("--write-token-file")
        .arg(dir.path().join("missing-token")));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot read the write token file"),
        "{}",
        stderr(&o)
    );
}

// The mock HTTP server of the ingest crate's tests, replaying the recorded GBIF answers.
#[path = "../../ingest/tests/ingest/http/mock.rs"]
#[allow(dead_code)]
mod mock;

/// Ingests the bundled places, and the bundled plants with one more taxon whose GBIF answer
/// is recorded (Helianthus annuus), into `dir`.
fn places_and_plants(dir: &Path) {
    let folder = dir.join("plants-source");
    std::fs::create_dir_all(&folder).unwrap();
    let mut plants = std::fs::read_to_string(registries("plants.csv")).unwrap();
    plants.push_str(
        "helianthus-annuus,Helianthus annuus,L.,species,Asteraceae,Hướng dương,,,,Sunflower,,,,,,,\
         made up for the GBIF command-line test,,,,true\n",
    );
    std::fs::write(folder.join("plants.csv"), plants).unwrap();
    // The other registry files resolve the references of accessions.csv.
    for f in [
        "accessions.csv",
        "labs.csv",
        "enterprises.csv",
        "certifications.csv",
    ] {
        std::fs::copy(registries(f), folder.join(f)).unwrap();
    }
    let places = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/places");
    for (kind, path) in [("places", places), ("plants", folder.join("plants.csv"))] {
        let o = run(biokg()
            .args(["ingest", kind])
            .arg(&path)
            .arg("--data-dir")
            .arg(dir));
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
    }
}

/// A SELECT's results as CSV.
fn query_csv(dir: &Path, q: &str) -> String {
    query_as(dir, "csv", q)
}

const DWC: &str =
    "PREFIX dwc: <http://rs.tdwg.org/dwc/terms/> PREFIX lcb: <https://w3id.org/laocai-biotech/ns#>";

#[test]
fn ingest_gbif_matches_the_store_taxa_and_a_rerun_sends_no_request() {
    let dir = tempfile::tempdir().unwrap();
    places_and_plants(dir.path());
    let gbif = mock::Mock::gbif();
    let cache = dir.path().join("gbif-cache");
    let ingest_gbif = || {
        run(biokg()
            .args(["ingest", "gbif", "--gbif-url"])
            .arg(format!("{}/v1", gbif.base))
            .arg("--cache-dir")
            .arg(&cache)
            .arg("--data-dir")
            .arg(dir.path()))
    };
    let o = ingest_gbif();
    assert!(o.status.success(), "{}", stderr(&o));
    // One species-match request per taxon: the 19 bundled and the sunflower.
    assert_eq!(gbif.count(), 20);
    let first = stdout(&o);
    let key = query_csv(
        dir.path(),
        &format!(
            "{DWC} SELECT ?key ?type WHERE {{ <https://w3id.org/laocai-biotech/id/taxon/helianthus-annuus> dwc:taxonID ?key ; lcb:gbifMatchType ?type }}"
        ),
    );
    assert_eq!(key, "key,type\r\ngbif:9206251,EXACT\r\n");
    // The mock knows no other name: each is recorded as NONE, with no taxon key claimed.
    let none = query_csv(
        dir.path(),
        &format!(
            "{DWC} SELECT (COUNT(?t) AS ?n) WHERE {{ ?t lcb:gbifMatchType \"NONE\" FILTER NOT EXISTS {{ ?t dwc:taxonID ?k }} }}"
        ),
    );
    assert_eq!(none, "n\r\n19\r\n");
    // A re-run answers from the cache: no request, the same graph.
    let before = all_quads(dir.path());
    let o = ingest_gbif();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(gbif.count(), 20);
    assert!(
        first.contains(" 20 requests, 0 cached answers, 139 triples"),
        "{first}"
    );
    assert_eq!(
        stdout(&o),
        first.replace(
            "20 requests, 0 cached answers",
            "0 requests, 20 cached answers"
        )
    );
    assert_eq!(all_quads(dir.path()), before);
}

#[test]
fn ingest_gbif_that_cannot_reach_the_api_loads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    places_and_plants(dir.path());
    let before = all_quads(dir.path());
    let gbif = mock::Mock::start(|_| mock::Reply::status(404));
    let o = run(biokg()
        .args(["ingest", "gbif", "--gbif-url"])
        .arg(format!("{}/v1", gbif.base))
        .arg("--cache-dir")
        .arg(dir.path().join("gbif-cache"))
        .arg("--data-dir")
        .arg(dir.path()));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("status: HTTP 404"), "{}", stderr(&o));
    assert_eq!(all_quads(dir.path()), before);
}

#[test]
fn ingest_url_takes_the_format_from_the_content_type_and_keeps_to_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    // The store holds what labs.csv refers to: the plan's agencies, places, organisations.
    let places = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/places");
    for (kind, path) in [
        ("plan", plan()),
        ("places", places),
        ("enterprises", registries("enterprises.csv")),
    ] {
        let o = run(biokg()
            .args(["ingest", kind])
            .arg(&path)
            .arg("--data-dir")
            .arg(dir.path()));
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
    }
    let labs = std::fs::read(registries("labs.csv")).unwrap();
    let size = labs.len();
    let server = mock::Mock::start(move |r| match r.path.as_str() {
        // No extension: the content type says CSV.
        "/registry/labs" => mock::Reply::new(200, "text/csv; charset=utf-8", labs.clone()),
        _ => mock::Reply::status(404),
    });
    let ingest_url = |path: &str, extra: &[&str]| {
        run(biokg()
            .args(["ingest", "url"])
            .arg(format!("{}{path}", server.base))
            .args(extra)
            .arg("--data-dir")
            .arg(dir.path()))
    };
    // A CSV file needs to be told which registry it is.
    let o = ingest_url("/registry/labs", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "a remote CSV or JSON file needs --as enterprises, labs, plants or value-chain"
        ),
        "{}",
        stderr(&o)
    );
    // Over the size limit: refused, nothing loaded.
    let o = ingest_url("/registry/labs", &["--as", "labs", "--max-bytes", "100"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("body: larger than the limit of 100 bytes"),
        "{}",
        stderr(&o)
    );
    let o = ingest_url("/missing.csv", &["--as", "labs"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("status: HTTP 404"), "{}", stderr(&o));
    let labs = query_csv(
        dir.path(),
        "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#> SELECT (COUNT(?l) AS ?n) WHERE { ?l a lcb:Lab }",
    );
    assert_eq!(labs, "n\r\n0\r\n");
    let o = ingest_url(
        "/registry/labs",
        &["--as", "labs", "--max-bytes", &size.to_string()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let labs = query_csv(
        dir.path(),
        "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#> SELECT (COUNT(?l) AS ?n) WHERE { ?l a lcb:Lab }",
    );
    assert_eq!(labs, "n\r\n11\r\n");
}

#[test]
fn logs_to_a_pipe_are_plain_text_or_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let ingest_logged = |format: &str| {
        let o = run(biokg()
            .env("BIOKG_LOG", "info")
            .args(["ingest", "plan", "--log-format", format])
            .arg(plan())
            .arg("--data-dir")
            .arg(dir.path()));
        assert!(o.status.success(), "{}", stderr(&o));
        stderr(&o)
    };
    // stderr is a pipe here: no colour escape codes in the text.
    let text = ingest_logged("text");
    assert!(text.contains("INFO"), "{text}");
    assert!(text.contains("source replaced"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
    // JSON lines: every line one object with a level and the event's fields.
    let json = ingest_logged("json");
    let lines: Vec<&str> = json.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v["level"].is_string() && v["fields"].is_object(), "{line}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"message\":\"source replaced\"")),
        "{json}"
    );
}

fn report_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/fixtures/reports")
        .join(name)
}

#[test]
fn a_bad_report_changes_nothing_and_a_good_one_ingests_into_its_own_graph() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path());
    let before = all_quads(dir.path());
    let bad = dir.path().join("bad-report.csv");
    let text = std::fs::read_to_string(report_fixture("so-y-te-2026.csv")).unwrap();
    std::fs::write(&bad, text.replacen(",II.2.2.1,", ",II.9.9,", 1)).unwrap();
    let o = run(biokg()
        .args(["ingest", "report"])
        .arg(&bad)
        .arg("--data-dir")
        .arg(dir.path()));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        "error: bad-report.csv:3: code: no task of the plan has the code \"II.9.9\"\n"
    );
    assert_eq!(all_quads(dir.path()), before);
    let check = run(biokg().args(["check", "report"]).arg(&bad));
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(stderr(&check), stderr(&o));

    let o = run(biokg()
        .args(["ingest", "report"])
        .arg(report_fixture("so-y-te-2026.csv"))
        .arg("--data-dir")
        .arg(dir.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("so-y-te-2026.csv (report): 2 task rows, 2 indicator values,"),
        "{}",
        stdout(&o)
    );
    let answer = query(
        dir.path(),
        "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#> SELECT ?g ?status WHERE { GRAPH ?g { ?r lcb:aboutTask ?t ; lcb:reportedStatus ?status } ?t <http://www.w3.org/2004/02/skos/core#notation> \"I.1\" }",
    );
    assert_eq!(
        answer.lines().nth(1),
        Some(
            "<https://w3id.org/laocai-biotech/graph/report/so-y-te-2026-2026-11-10>\t<https://w3id.org/laocai-biotech/id/concept/report-status/done>"
        )
    );
}

#[test]
fn report_progress_writes_the_word_report_and_refuses_a_directory_without_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ingest(&data);
    let out = dir.path().join("bao-cao.docx");
    let o = run(biokg()
        .args(["report", "progress", "--as-of", "2026-12-06", "--out"])
        .arg(&out)
        .arg("--data-dir")
        .arg(&data)
        .env("BIOKG_REPORT_YEAR", "2026"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("report of 2026 as of 2026-12-06 written to "),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains(": 41 tasks, "), "{}", stdout(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip package");
    // Nothing to report on: an error, and no file.
    let empty = dir.path().join("empty");
    let o = run(biokg()
        .args(["report", "progress", "--year", "2026", "--out"])
        .arg(dir.path().join("none.docx"))
        .arg("--data-dir")
        .arg(&empty));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no store to report on"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("none.docx").exists());
}
