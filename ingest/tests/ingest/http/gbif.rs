//! `match_taxa` against the GBIF mock: the recorded values in the quads, the cache, the pace,
//! retries and failures.

use super::mock::{Mock, Reply};
use biokg_ingest::{Error, GbifConfig, Loaded, TaxonName, match_taxa};
use biokg_ontology::{dcterms, dwc, iri, lcb, prov, skos};
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Term};
use std::time::{Duration, Instant};

fn config(mock: &Mock, cache: &std::path::Path) -> GbifConfig {
    let mut cfg = GbifConfig::new(cache);
    cfg.base_url = format!("{}/v1", mock.base);
    cfg.timeout = Duration::from_secs(5);
    cfg.backoff = Duration::from_millis(10);
    cfg.min_interval = Duration::ZERO;
    cfg
}

fn taxon(id: &str, name: &str, authorship: Option<&str>, family: Option<&str>) -> TaxonName {
    TaxonName {
        id: id.to_owned(),
        scientific_name: name.to_owned(),
        authorship: authorship.map(str::to_owned),
        rank: Some("species".to_owned()),
        family: family.map(str::to_owned),
    }
}

fn sunflower() -> TaxonName {
    taxon(
        "helianthus-annuus",
        "Helianthus annuus",
        Some("L."),
        Some("Asteraceae"),
    )
}

fn unknown() -> TaxonName {
    taxon("aso", "Aso", None, None)
}

fn fly_agaric() -> TaxonName {
    taxon(
        "amanita-muscaria",
        "Amanita muscaria",
        Some("(L.) Hook."),
        Some("Amanitaceae"),
    )
}

/// The objects of `s p` in the loaded quads, sorted.
fn objects(loaded: &Loaded, s: &NamedNode, p: NamedNodeRef<'_>) -> Vec<Term> {
    let mut out: Vec<Term> = loaded
        .quads
        .iter()
        .filter(|q| q.subject == s.clone().into() && q.predicate.as_ref() == p)
        .map(|q| q.object.clone())
        .collect();
    out.sort_by_key(|t| t.to_string());
    out
}

fn one(loaded: &Loaded, s: &NamedNode, p: NamedNodeRef<'_>) -> Term {
    let found = objects(loaded, s, p);
    assert_eq!(found.len(), 1, "{s} {p}: {found:?}");
    found.into_iter().next().expect("one")
}

fn text(v: &str) -> Term {
    Literal::new_simple_literal(v).into()
}

fn int(v: i64) -> Term {
    Literal::from(v).into()
}

fn node(iri: &str) -> Term {
    NamedNode::new_unchecked(iri).into()
}

fn count(loaded: &Loaded, kind: &str) -> usize {
    loaded
        .report
        .counts
        .iter()
        .find(|(k, _)| k == kind)
        .map(|(_, n)| *n)
        .unwrap_or_else(|| panic!("no count {kind:?} in {:?}", loaded.report.counts))
}

#[test]
fn an_exact_match_records_the_recorded_values() {
    let mock = Mock::gbif();
    let dir = tempfile::tempdir().expect("temp dir");
    let loaded = match_taxa(
        &[sunflower(), unknown()],
        &config(&mock, dir.path()),
        "test",
    )
    .expect("matched");

    let t = iri::taxon("helianthus-annuus");
    assert_eq!(one(&loaded, &t, rdf::TYPE), dwc::TAXON.into_owned().into());
    assert_eq!(one(&loaded, &t, dwc::TAXON_ID), text("gbif:9206251"));
    assert_eq!(
        one(&loaded, &t, skos::EXACT_MATCH),
        node("https://www.gbif.org/species/9206251")
    );
    assert_eq!(
        one(&loaded, &t, lcb::GBIF_MATCHED_NAME),
        text("Helianthus annuus L.")
    );
    assert_eq!(
        one(&loaded, &t, dwc::ACCEPTED_NAME_USAGE),
        text("Helianthus annuus L.")
    );
    assert_eq!(
        one(&loaded, &t, dwc::ACCEPTED_NAME_USAGE_ID),
        text("gbif:9206251")
    );
    assert_eq!(one(&loaded, &t, dwc::TAXONOMIC_STATUS), text("ACCEPTED"));
    assert_eq!(one(&loaded, &t, dwc::TAXON_RANK), text("species"));
    assert_eq!(one(&loaded, &t, dwc::KINGDOM), text("Plantae"));
    assert_eq!(one(&loaded, &t, dwc::PHYLUM), text("Tracheophyta"));
    assert_eq!(one(&loaded, &t, dwc::CLASS), text("Magnoliopsida"));
    assert_eq!(one(&loaded, &t, dwc::ORDER), text("Asterales"));
    assert_eq!(one(&loaded, &t, dwc::FAMILY), text("Asteraceae"));
    assert_eq!(one(&loaded, &t, dwc::GENUS), text("Helianthus"));
    assert_eq!(one(&loaded, &t, lcb::GBIF_MATCH_TYPE), text("EXACT"));
    assert_eq!(one(&loaded, &t, lcb::GBIF_CONFIDENCE), int(99));
    assert!(objects(&loaded, &t, lcb::GBIF_MATCH_NOTE).is_empty());

    // NONE: the match is recorded, nothing else is claimed.
    let a = iri::taxon("aso");
    assert_eq!(one(&loaded, &a, lcb::GBIF_MATCH_TYPE), text("NONE"));
    assert_eq!(one(&loaded, &a, lcb::GBIF_CONFIDENCE), int(100));
    assert_eq!(
        one(&loaded, &a, lcb::GBIF_MATCH_NOTE),
        text("No match because of too little confidence")
    );
    for p in [
        dwc::TAXON_ID,
        skos::EXACT_MATCH,
        dwc::KINGDOM,
        dwc::ACCEPTED_NAME_USAGE_ID,
    ] {
        assert!(objects(&loaded, &a, p).is_empty(), "{p}");
    }

    // Provenance: one graph, every taxon derived from the source entity and the request.
    let graph = iri::source_graph("gbif", "test");
    assert!(
        loaded
            .quads
            .iter()
            .all(|q| q.graph_name == graph.clone().into())
    );
    assert_eq!(loaded.source.graph(), graph);
    let src = iri::source("gbif", "test");
    for t in [&t, &a] {
        assert_eq!(one(&loaded, t, prov::WAS_DERIVED_FROM), src.clone().into());
    }
    assert_eq!(
        one(&loaded, &t, prov::HAD_PRIMARY_SOURCE),
        node(&format!(
            "{}/v1/species/match?name=Helianthus+annuus+L.&kingdom=Plantae&strict=false&verbose=false",
            mock.base
        ))
    );
    assert_eq!(one(&loaded, &src, lcb::SOURCE_KIND), text("gbif"));
    assert_eq!(
        one(&loaded, &src, dcterms::SOURCE),
        node(&format!("{}/v1", mock.base))
    );
    assert_eq!(loaded.source.sha256.len(), 64);

    // The requests: the name with its authorship, the documented parameters, our User-Agent.
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].path, "/v1/species/match");
    assert_eq!(
        requests[0].query,
        [
            ("name", "Helianthus annuus L."),
            ("kingdom", "Plantae"),
            ("strict", "false"),
            ("verbose", "false")
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert_eq!(requests[1].param("name"), Some("Aso"));
    let agent = requests[0].header("user-agent").expect("a user agent");
    assert_eq!(agent, biokg_ingest::USER_AGENT);
    assert!(agent.starts_with("biokg/0."), "{agent}");

    // The report.
    assert_eq!(loaded.report.source_type, biokg_ingest::SourceType::Gbif);
    assert_eq!(loaded.report.file, format!("{}/v1", mock.base));
    assert_eq!(
        loaded.report.counts,
        [
            ("taxa", 2),
            ("exact", 1),
            ("fuzzy", 0),
            ("higher rank", 0),
            ("none", 1),
            ("synonyms", 0),
            ("linked", 1),
            ("occurrences", 0),
            ("requests", 2),
            ("cached answers", 0)
        ]
        .map(|(k, n)| (k.to_owned(), n))
    );
    assert_eq!(
        loaded.report.warnings,
        ["gbif:Aso: match: no GBIF match (No match because of too little confidence)"]
    );
    assert_eq!(loaded.report.triples, loaded.quads.len());
}

#[test]
fn a_rerun_with_the_same_cache_sends_no_request() {
    let mock = Mock::gbif();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = config(&mock, dir.path());
    cfg.occurrences = true;
    cfg.kingdom = None;
    let taxa = [unknown(), fly_agaric()];
    let first = match_taxa(&taxa, &cfg, "test").expect("first run");
    // Two matches and the occurrence search of the one linked taxon.
    assert_eq!(mock.count(), 3);
    assert_eq!(count(&first, "requests"), 3);
    assert_eq!(count(&first, "cached answers"), 0);
    let second = match_taxa(&taxa, &cfg, "test").expect("second run");
    assert_eq!(mock.count(), 3, "the second run asked the server");
    assert_eq!(count(&second, "requests"), 0);
    assert_eq!(count(&second, "cached answers"), 3);
    assert_eq!(first.quads, second.quads);
    assert_eq!(first.source, second.source);
    assert_eq!(first.report.warnings, second.report.warnings);
    // One file per request.
    assert_eq!(std::fs::read_dir(dir.path()).expect("cache").count(), 3);
}

#[test]
fn a_synonym_and_its_occurrences() {
    let mock = Mock::gbif();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = config(&mock, dir.path());
    cfg.occurrences = true;
    cfg.kingdom = None;
    cfg.occurrence_limit = 2;
    let loaded = match_taxa(&[fly_agaric()], &cfg, "fungi").expect("matched");

    let t = iri::taxon("amanita-muscaria");
    assert_eq!(one(&loaded, &t, dwc::TAXON_ID), text("gbif:3329049"));
    assert_eq!(one(&loaded, &t, dwc::TAXONOMIC_STATUS), text("SYNONYM"));
    assert_eq!(
        one(&loaded, &t, dwc::ACCEPTED_NAME_USAGE_ID),
        text("gbif:8168319")
    );
    assert_eq!(
        one(&loaded, &t, dwc::ACCEPTED_NAME_USAGE),
        text("Amanita muscaria")
    );
    assert_eq!(
        one(&loaded, &t, lcb::GBIF_MATCHED_NAME),
        text("Amanita muscaria (L.) Hook.")
    );
    assert_eq!(one(&loaded, &t, dwc::KINGDOM), text("Fungi"));
    assert_eq!(one(&loaded, &t, dwc::FAMILY), text("Amanitaceae"));
    assert_eq!(
        one(&loaded, &t, skos::EXACT_MATCH),
        node("https://www.gbif.org/species/3329049")
    );
    assert_eq!(one(&loaded, &t, lcb::GBIF_OCCURRENCE_COUNT), int(765));

    // The search asked for the matched usage key in Vietnam, one page of the limit.
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].path, "/v1/occurrence/search");
    assert_eq!(
        requests[1].query,
        [("taxonKey", "3329049"), ("country", "VN"), ("limit", "2")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert_eq!(requests[0].param("kingdom"), None);

    // The two recorded records (the mock does not filter by country: they are Danish).
    let o = iri::occurrence("gbif", "4909740830");
    assert_eq!(
        one(&loaded, &o, rdf::TYPE),
        dwc::OCCURRENCE.into_owned().into()
    );
    assert_eq!(one(&loaded, &o, lcb::OCCURRENCE_OF), t.clone().into());
    assert_eq!(
        one(&loaded, &o, dwc::DECIMAL_LATITUDE),
        Literal::new_typed_literal("56.278502", xsd::DECIMAL).into()
    );
    assert_eq!(
        one(&loaded, &o, dwc::DECIMAL_LONGITUDE),
        Literal::new_typed_literal("10.697203", xsd::DECIMAL).into()
    );
    assert_eq!(
        one(&loaded, &o, dwc::EVENT_DATE),
        Literal::new_typed_literal("2024-07-19", xsd::DATE).into()
    );
    assert_eq!(
        one(&loaded, &o, dwc::BASIS_OF_RECORD),
        text("HUMAN_OBSERVATION")
    );
    assert_eq!(
        one(&loaded, &o, dwc::INSTITUTION_CODE),
        text("MST-and-NHMD")
    );
    assert_eq!(one(&loaded, &o, dwc::COUNTRY_CODE), text("DK"));
    assert_eq!(one(&loaded, &o, dwc::RECORDED_BY), text("Karina Nielsen"));
    assert_eq!(one(&loaded, &o, dwc::TAXON_ID), text("gbif:3329049"));
    assert_eq!(
        one(&loaded, &o, dwc::SCIENTIFIC_NAME),
        text("Amanita muscaria (L.) Hook.")
    );
    assert_eq!(
        one(&loaded, &o, dwc::OCCURRENCE_ID),
        text("https://arter.dk/observation/record-details/78b9e897-2df3-408c-81c1-b1b2010dce9c")
    );
    assert_eq!(
        one(&loaded, &o, dwc::DATASET_ID),
        text("963a6b96-4d22-4428-86e4-afee52cf4a8e")
    );
    assert_eq!(
        one(&loaded, &o, dcterms::LICENSE),
        node("http://creativecommons.org/licenses/by/4.0/legalcode")
    );
    assert_eq!(
        one(&loaded, &o, oxrdf::vocab::rdfs::SEE_ALSO),
        node("https://www.gbif.org/occurrence/4909740830")
    );
    assert_eq!(
        one(&loaded, &o, prov::WAS_DERIVED_FROM),
        iri::source("gbif", "fungi").into()
    );
    // The recording has neither locality nor verbatimLocality: nothing is made up.
    assert!(objects(&loaded, &o, dwc::LOCALITY).is_empty());

    let o2 = iri::occurrence("gbif", "4920446434");
    assert_eq!(
        one(&loaded, &o2, dwc::EVENT_DATE),
        Literal::new_typed_literal("2024-08-03", xsd::DATE).into()
    );
    assert_eq!(
        one(&loaded, &o2, dwc::DECIMAL_LATITUDE),
        Literal::new_typed_literal("56.173092", xsd::DECIMAL).into()
    );
    assert_eq!(one(&loaded, &o2, dwc::RECORDED_BY), text("Ditte"));
    assert_eq!(count(&loaded, "occurrences"), 2);
    assert_eq!(count(&loaded, "synonyms"), 1);
    assert_eq!(count(&loaded, "linked"), 1);
    assert!(
        loaded.report.warnings.is_empty(),
        "{:?}",
        loaded.report.warnings
    );
}

#[test]
fn warnings_for_what_is_not_linked() {
    let mock = Mock::start(|r| {
        let name = r.param("name").unwrap_or("");
        let body = if name.starts_with("Anoectochilus") {
            // A higher-rank answer: the genus only.
            r#"{"usageKey":2817133,"scientificName":"Anoectochilus Blume","canonicalName":"Anoectochilus","rank":"GENUS","status":"ACCEPTED","confidence":94,"matchType":"HIGHERRANK","kingdom":"Plantae","family":"Orchidaceae","genus":"Anoectochilus","synonym":false}"#
        } else if name.starts_with("Helianthus anuus") {
            r#"{"usageKey":9206251,"scientificName":"Helianthus annuus L.","rank":"SPECIES","status":"ACCEPTED","confidence":72,"matchType":"FUZZY","family":"Asteraceae","synonym":false}"#
        } else {
            r#"{"usageKey":9206251,"scientificName":"Helianthus annuus L.","rank":"SPECIES","status":"ACCEPTED","confidence":95,"matchType":"FUZZY","family":"Asteraceae","synonym":false}"#
        };
        Reply::new(200, "application/json", body)
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = config(&mock, dir.path());
    let mut genus_named_species = taxon("anoectochilus-x", "Anoectochilus x", None, None);
    genus_named_species.rank = Some("species".into());
    let taxa = [
        genus_named_species,
        taxon("helianthus-anuus", "Helianthus anuus", None, None),
        taxon(
            "helianthus-annus",
            "Helianthus annus",
            None,
            Some("Compositae"),
        ),
    ];
    let loaded = match_taxa(&taxa, &cfg, "test").expect("matched");
    assert_eq!(
        loaded.report.warnings,
        [
            "gbif:Anoectochilus x: match: only the genus Anoectochilus Blume matched (HIGHERRANK, confidence 94): not linked",
            "gbif:Helianthus anuus: match: low confidence 72 (FUZZY) for Helianthus annuus L.: not linked",
            "gbif:Helianthus annus: match: fuzzy match to Helianthus annuus L. (confidence 95): check the spelling",
            "gbif:Helianthus annus: family: the source says Compositae, GBIF says Asteraceae",
        ]
    );
    let genus = iri::taxon("anoectochilus-x");
    assert_eq!(
        one(&loaded, &genus, skos::BROAD_MATCH),
        node("https://www.gbif.org/species/2817133")
    );
    assert!(objects(&loaded, &genus, skos::EXACT_MATCH).is_empty());
    assert!(objects(&loaded, &genus, dwc::TAXON_ID).is_empty());
    assert_eq!(one(&loaded, &genus, dwc::FAMILY), text("Orchidaceae"));
    let low = iri::taxon("helianthus-anuus");
    assert!(objects(&loaded, &low, skos::EXACT_MATCH).is_empty());
    assert_eq!(one(&loaded, &low, lcb::GBIF_CONFIDENCE), int(72));
    let fuzzy = iri::taxon("helianthus-annus");
    assert_eq!(
        one(&loaded, &fuzzy, skos::EXACT_MATCH),
        node("https://www.gbif.org/species/9206251")
    );
    assert_eq!(count(&loaded, "higher rank"), 1);
    assert_eq!(count(&loaded, "fuzzy"), 2);
    assert_eq!(count(&loaded, "linked"), 1);
}

#[test]
fn requests_keep_a_minimum_interval() {
    let mock = Mock::gbif();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = config(&mock, dir.path());
    cfg.min_interval = Duration::from_millis(150);
    let started = Instant::now();
    match_taxa(
        &[sunflower(), unknown(), taxon("b", "B", None, None)],
        &cfg,
        "test",
    )
    .expect("matched");
    assert_eq!(mock.count(), 3);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn transient_failures_are_retried_with_backoff() {
    let mock = Mock::gbif();
    mock.fail_next(2, Reply::status(503));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = config(&mock, dir.path());
    cfg.backoff = Duration::from_millis(100);
    let started = Instant::now();
    let loaded = match_taxa(&[sunflower()], &cfg, "test").expect("matched after retries");
    // Waits of 100 ms then 200 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.count(), 3);
    assert_eq!(count(&loaded, "requests"), 3);
    assert_eq!(
        one(&loaded, &iri::taxon("helianthus-annuus"), dwc::TAXON_ID),
        text("gbif:9206251")
    );
}

#[test]
fn retry_after_is_honoured() {
    let mock = Mock::gbif();
    mock.fail_next(1, Reply::status(429).header("Retry-After", "1"));
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    match_taxa(&[sunflower()], &config(&mock, dir.path()), "test").expect("matched");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.count(), 2);
}

#[test]
fn it_gives_up_after_its_retries_and_loads_nothing() {
    let mock = Mock::gbif();
    mock.fail_next(10, Reply::status(500));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = config(&mock, dir.path());
    cfg.retries = 2;
    let err = match_taxa(&[sunflower()], &cfg, "test").expect_err("fails");
    assert!(
        matches!(
            err,
            Error::HttpStatus {
                status: 500,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}/v1/species/match?name=Helianthus+annuus+L.&kingdom=Plantae&strict=false&verbose=false: status: HTTP 500 (after 3 attempts)",
            mock.base
        )
    );
    assert_eq!(mock.count(), 3);
    // Nothing was cached.
    assert!(!dir.path().exists() || std::fs::read_dir(dir.path()).expect("cache").count() == 0);
}

#[test]
fn other_client_errors_are_not_retried_and_answers_already_got_are_kept() {
    // Helianthus is linked, and the mock has no recorded occurrence search for its key: 404.
    let mock = Mock::gbif();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = config(&mock, dir.path());
    cfg.occurrences = true;
    let err = match_taxa(&[sunflower()], &cfg, "test").expect_err("fails");
    assert!(
        matches!(
            err,
            Error::HttpStatus {
                status: 404,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(mock.count(), 2);
    // The match was cached: the next run only asks the search again.
    match_taxa(&[sunflower()], &cfg, "test").expect_err("fails again");
    assert_eq!(mock.count(), 3);
    assert_eq!(mock.requests()[2].path, "/v1/occurrence/search");
}

#[test]
fn a_stalled_server_times_out() {
    let mock = Mock::gbif();
    mock.fail_next(10, Reply::status(200).delayed(Duration::from_secs(5)));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = config(&mock, dir.path());
    cfg.timeout = Duration::from_millis(300);
    cfg.retries = 1;
    let started = Instant::now();
    let err = match_taxa(&[sunflower()], &cfg, "test").expect_err("times out");
    assert!(matches!(err, Error::Http { attempts: 2, .. }), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.count(), 2);
}

#[test]
fn a_refused_connection_is_retried_then_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = GbifConfig::new(dir.path());
    cfg.base_url = format!("http://127.0.0.1:{port}/v1");
    cfg.backoff = Duration::from_millis(10);
    cfg.retries = 2;
    let err = match_taxa(&[sunflower()], &cfg, "test").expect_err("refused");
    assert!(matches!(err, Error::Http { attempts: 3, .. }), "{err:?}");
}

#[test]
fn an_answer_that_breaks_the_promise_is_an_error_naming_url_and_field() {
    let mock = Mock::start(|_| {
        Reply::new(
            200,
            "application/json",
            r#"{"usageKey":"9206251","matchType":"EXACT"}"#,
        )
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = config(&mock, dir.path());
    let err = match_taxa(&[unknown()], &cfg, "test").expect_err("bad answer");
    assert_eq!(
        err.to_string(),
        format!(
            "{}/v1/species/match?name=Aso&kingdom=Plantae&strict=false&verbose=false: usageKey: expected a non-negative integer, found a string",
            mock.base
        )
    );
    // A bad answer is not cached: the next run asks again.
    match_taxa(&[unknown()], &cfg, "test").expect_err("bad answer");
    assert_eq!(mock.count(), 2);
}

#[test]
fn an_answer_over_the_limit_is_refused() {
    let mock = Mock::gbif();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = config(&mock, dir.path());
    cfg.max_response_bytes = 100;
    let err = match_taxa(&[sunflower()], &cfg, "test").expect_err("too large");
    assert!(matches!(err, Error::TooLarge { limit: 100, .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with(": body: larger than the limit of 100 bytes"),
        "{err}"
    );
    assert_eq!(mock.count(), 1);
}

#[test]
fn bad_input_is_refused_or_warned_about() {
    let mock = Mock::gbif();
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = config(&mock, dir.path());
    assert!(matches!(
        match_taxa(&[sunflower()], &cfg, "Bad Name"),
        Err(Error::BadName(_))
    ));
    let mut bad_base = cfg.clone();
    bad_base.base_url = "ftp://api.gbif.org/v1".into();
    assert!(matches!(
        match_taxa(&[sunflower()], &bad_base, "test"),
        Err(Error::BadUrl { .. })
    ));
    let loaded = match_taxa(
        &[
            sunflower(),
            sunflower(),
            taxon("Not A Key", "Helianthus annuus", None, None),
            taxon("empty", " ", None, None),
        ],
        &cfg,
        "test",
    )
    .expect("matched");
    assert_eq!(
        loaded.report.warnings,
        [
            "gbif:Helianthus annuus: id: helianthus-annuus is listed twice: matched once",
            "gbif:Helianthus annuus: id: \"Not A Key\" is not a taxon key (lowercase letters, digits and '-'): skipped",
            "gbif:empty: scientific name: empty: skipped",
        ]
    );
    assert_eq!(mock.count(), 1);
}
