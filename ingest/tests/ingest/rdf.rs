//! Integration tests of RDF input: the bundled registries, places and plan conform to the SHACL
//! shapes; a valid Turtle registry loads with the expected quads; invalid files give exactly
//! the expected messages, all at once; every syntax is read; the output is stable.

use crate::common::{load_plan, load_rdf, load_rdf_bytes, load_rdf_streaming, load_registry_files};
use biokg_ingest::registry::{self, Gazetteer, Known, Registry};
use biokg_ingest::shacl::{EmptyStore, Severity, Shapes};
use biokg_ingest::{Error, Loaded};
use oxrdf::{Graph, Quad, Triple};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(path)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rdf")
        .join(name)
}

fn graph_of(quads: &[Quad]) -> Graph {
    quads
        .iter()
        .map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()))
        .collect()
}

fn places() -> &'static Loaded {
    static P: OnceLock<Loaded> = OnceLock::new();
    P.get_or_init(crate::common::bundled_places)
}

/// What the store holds after the bundled start: places, plan, every registry.
fn bundled_sources() -> Vec<Loaded> {
    let plan = load_plan(&data("ke-hoach-cnsh-lao-cai-2026.txt"), None).unwrap();
    let known = Known::from_quads(&plan.quads);
    let mut out = vec![places().clone(), plan];
    for kind in [
        Registry::Enterprises,
        Registry::Labs,
        Registry::Plants,
        Registry::ValueChain,
    ] {
        let l = load_registry_files(
            kind,
            &registry::bundled(kind),
            kind.key(),
            Gazetteer::bundled(),
            &known,
        )
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        out.push(l);
    }
    out
}

#[test]
fn the_bundled_data_conforms_to_the_shapes() {
    let all: Vec<Quad> = bundled_sources()
        .into_iter()
        .flat_map(|l| l.quads)
        .collect();
    let g = graph_of(&all);
    let shapes = Shapes::bundled();
    let results = shapes.validate(&g, &EmptyStore);
    let lines: Vec<String> = results
        .iter()
        .map(|r| format!("{} {}", r.field(), r.reason()))
        .collect();
    assert_eq!(lines, Vec::<String>::new());
    // The shapes did look at every kind of entity.
    let counts: Vec<(String, usize)> = shapes
        .instance_counts(&g, &EmptyStore)
        .into_iter()
        .map(|(c, n)| (biokg_ingest::shacl::compact_iri(c.as_str()), n))
        .collect();
    let get = |k: &str| counts.iter().find(|(c, _)| c == k).map_or(0, |(_, n)| *n);
    assert_eq!(get("lcb:Enterprise"), 29);
    assert_eq!(get("lcb:Lab"), 11);
    assert_eq!(get("lcb:Certificate"), 13);
    assert_eq!(get("dwc:Taxon"), 19);
    assert_eq!(get("lcb:Accession"), 11);
    assert_eq!(get("lcb:Commune"), 99);
    assert_eq!(get("lcb:Province"), 34);
    assert_eq!(get("lcb:Task"), 41);
    assert_eq!(get("lcb:Target"), 12);
    assert!(get("lcb:Agency") > 10, "{counts:?}");
    // The value chain's entities.
    assert_eq!(get("lcb:ValueChain"), 1);
    assert_eq!(get("vf:Process"), 8);
    assert_eq!(get("lcb:ValueChainProduct"), 19);
    assert_eq!(get("vf:EconomicEvent"), 14);
    assert_eq!(get("lcb:Figure"), 18);
}

/// A value chain written as Turtle is held to the value-chain shapes: every kind of its
/// entities with a value the JSON ingestor would refuse.
#[test]
fn value_chain_rdf_is_checked_against_its_shapes() {
    let store: Graph = graph_of(
        &bundled_sources()
            .into_iter()
            .flat_map(|l| l.quads)
            .collect::<Vec<_>>(),
    );
    let ttl = r#"@prefix lcb: <https://w3id.org/laocai-biotech/ns#> .
@prefix vf: <https://w3id.org/valueflows/ont/vf#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/laocai-biotech/id/> .

<value-chain/rdf-minh-hoa> a lcb:ValueChain ;
    rdfs:label "Chuỗi minh họa"@vi , "Illustrative chain"@en ;
    lcb:registryId "rdf-minh-hoa" ; lcb:illustrative true ;
    lcb:hasStage <value-chain/rdf-minh-hoa/stage/cultivation> .

<value-chain/rdf-minh-hoa/stage/cultivation> a vf:Process ;
    rdfs:label "Trồng trọt"@vi ;
    lcb:stageConcept <concept/unit/t> ;
    lcb:stageOrder 0 ;
    lcb:inChain <value-chain/rdf-minh-hoa> .

<value-chain/rdf-minh-hoa/product/p> a lcb:ValueChainProduct ;
    rdfs:label "Sản phẩm minh họa"@vi ;
    lcb:producedBy <org/htx-duoc-lieu-minh-hoa-ban-ho> , <org/lab-nuoi-cay-mo-minh-hoa-sa-pa> ;
    lcb:inChain <value-chain/rdf-minh-hoa> ;
    dcterms:source "illustrative" ; lcb:illustrative true .

<value-chain/rdf-minh-hoa/flow/f> a vf:EconomicEvent ;
    rdfs:label "Dòng minh họa"@vi ;
    vf:provider <org/lab-nuoi-cay-mo-minh-hoa-sa-pa> ;
    vf:receiver <org/htx-duoc-lieu-minh-hoa-ban-ho> ;
    vf:resourceConformsTo <value-chain/rdf-minh-hoa/product/p> ;
    lcb:quantityValue 0.0 ;
    lcb:quantityUnit <concept/value-chain-stage/harvest> ;
    vf:atLocation <place/03013> ;
    lcb:period "2025-Q1" ;
    lcb:inChain <value-chain/rdf-minh-hoa> ;
    dcterms:source "illustrative" ; lcb:illustrative true .

<value-chain/rdf-minh-hoa/figure/g> a lcb:Figure ;
    rdfs:label "Sản lượng minh họa"@vi ;
    lcb:figureComparator "range" ; lcb:figureValue 10.0 ;
    lcb:quantityUnit <concept/unit/t> ;
    lcb:figureScope "district" ;
    lcb:inChain <value-chain/rdf-minh-hoa> ;
    dcterms:source "illustrative" ; lcb:illustrative true .
"#;
    let problems = match load_rdf_bytes("chain.ttl", ttl.as_bytes(), "chain", &store) {
        Err(Error::Invalid(problems)) => problems,
        Err(e) => panic!("{e}"),
        Ok(l) => panic!("loaded: {:?} {:?}", l.report.counts, l.report.warnings),
    };
    let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let chain = "<https://w3id.org/laocai-biotech/id/value-chain/rdf-minh-hoa>";
    let part =
        |p: &str| format!("<https://w3id.org/laocai-biotech/id/value-chain/rdf-minh-hoa/{p}>");
    assert_eq!(
        got,
        [
            format!(
                "chain.ttl:8: lcb:formerDistrict: {chain}: at least one former district, a historical area (lcb:HistoricalArea) of the store, is required (found 0)"
            ),
            format!(
                "chain.ttl:13: lcb:stageConcept: {}: exactly one stage concept, of the value-chain-stage scheme, is required (value <https://w3id.org/laocai-biotech/id/concept/unit/t>)",
                part("stage/cultivation")
            ),
            format!(
                "chain.ttl:13: lcb:stageOrder: {}: exactly one order, an xsd:integer from 1, is required (value \"0\"^^xsd:integer)",
                part("stage/cultivation")
            ),
            format!(
                "chain.ttl:19: lcb:producedBy: {}: exactly one actor, an organisation (schema:Organization) of the store, is required (found 2)",
                part("product/p")
            ),
            format!(
                "chain.ttl:25: lcb:period: {}: at most one period: an ISO year, month or date, or an interval start/end (value \"2025-Q1\")",
                part("flow/f")
            ),
            format!(
                "chain.ttl:25: lcb:quantityUnit: {}: exactly one unit, a concept of the unit scheme, is required (value <https://w3id.org/laocai-biotech/id/concept/value-chain-stage/harvest>)",
                part("flow/f")
            ),
            format!(
                "chain.ttl:25: lcb:quantityValue: {}: exactly one quantity, an xsd:decimal above 0, is required (value \"0.0\"^^xsd:decimal)",
                part("flow/f")
            ),
            format!(
                "chain.ttl:37: lcb:figureScope: {}: exactly one scope, province, former-province, former-districts or communes, is required (value \"district\")",
                part("figure/g")
            ),
            format!(
                "chain.ttl:37: node: {0}: a figure has a value with a comparator (=, >, >=, <, <=, ~), or a minimum and a maximum with the comparator range (value {0})",
                part("figure/g")
            ),
        ]
    );
}

#[test]
fn a_valid_turtle_registry_loads_against_the_places_in_the_store() {
    let store = graph_of(&places().quads);
    let l = load_rdf(&fixture("valid.ttl"), None, &store).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        l.source.graph().as_str(),
        "https://w3id.org/laocai-biotech/graph/rdf/valid"
    );
    // 67 triples of the file, 6 of the source entity, 5 prov:wasDerivedFrom (one per subject).
    assert_eq!(l.quads.len(), 78);
    assert_eq!(l.report.triples, 78);
    assert!(
        l.quads
            .iter()
            .all(|q| q.graph_name == l.source.graph().into())
    );
    assert_eq!(
        l.report.counts,
        [
            ("dwc:Taxon".to_owned(), 1),
            ("lcb:Accession".to_owned(), 1),
            ("lcb:Certificate".to_owned(), 1),
            ("lcb:Enterprise".to_owned(), 1),
            ("lcb:Lab".to_owned(), 1),
            ("subjects".to_owned(), 5),
        ]
    );
    assert_eq!(l.report.warnings, Vec::<String>::new());
    let derived = l
        .quads
        .iter()
        .filter(|q| {
            q.predicate.as_str() == "http://www.w3.org/ns/prov#wasDerivedFrom"
                && q.object.to_string() == "<https://w3id.org/laocai-biotech/id/source/rdf/valid>"
        })
        .count();
    assert_eq!(derived, 5);
    // Relative IRIs resolve against the id base.
    assert!(l.quads.iter().any(|q| q.subject.to_string()
        == "<https://w3id.org/laocai-biotech/id/org/htx-rdf-minh-hoa>"
        && q.predicate.as_str() == "https://schema.org/location"
        && q.object.to_string() == "<https://w3id.org/laocai-biotech/id/place/03006>"));
}

#[test]
fn without_the_places_the_communes_do_not_resolve() {
    let Err(Error::Invalid(problems)) = load_rdf(&fixture("valid.ttl"), None, &EmptyStore) else {
        panic!("expected problems");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "lcb:operatesIn",
            "lcb:operatesIn",
            "schema:location",
            "schema:location",
            "schema:location",
            "lcb:grownIn",
            "lcb:collectedIn",
        ]
    );
    assert_eq!(
        problems[2].to_string(),
        "valid.ttl:12: schema:location: <https://w3id.org/laocai-biotech/id/org/htx-rdf-minh-hoa>: the seat must be one commune (lcb:Commune) of the store (value <https://w3id.org/laocai-biotech/id/place/03006>)"
    );
}

#[test]
fn an_invalid_file_reports_every_problem_at_once() {
    let store = graph_of(&places().quads);
    let e = load_rdf(&fixture("invalid.ttl"), None, &store).unwrap_err();
    let ent = "<https://w3id.org/laocai-biotech/id/org/htx-rdf-minh-hoa>";
    let lab = "<https://w3id.org/laocai-biotech/id/org/lab-rdf-minh-hoa>";
    assert_eq!(
        e.to_string(),
        [
            format!("invalid.ttl:10: lcb:illustrative: {ent}: exactly one lcb:illustrative true or false is required (found 0)"),
            format!("invalid.ttl:10: schema:location: {ent}: the seat must be one commune (lcb:Commune) of the store (value <https://w3id.org/laocai-biotech/id/place/02656>)"),
            format!("invalid.ttl:10: schema:taxID: {ent}: a tax code is 10 digits, or 10 digits, '-' and 3 digits for a branch (value \"99000000181\")"),
            format!("invalid.ttl:17: lcb:biosafetyLevel: {lab}: the biosafety level is at most one of the concepts BSL-1, BSL-2 and BSL-3 (value <https://w3id.org/laocai-biotech/id/concept/biosafety-level/BSL-4>)"),
        ]
        .join("\n")
    );
}

#[test]
fn a_syntax_error_names_its_line_and_column() {
    let e = load_rdf(&fixture("syntax-error.ttl"), None, &EmptyStore).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Syntax {
                line: 5,
                column: 1,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "syntax-error.ttl:5:1: syntax: A dot is expected at the end of statements"
    );
}

#[test]
fn other_failures_are_errors_too() {
    let e = load_rdf_bytes("x.csv", b"a,b", "x", &EmptyStore).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.csv: unknown RDF syntax: use .ttl, .nt, .nq, .trig, .rdf, .xml, .owl, .jsonld or .json"
    );
    let e = load_rdf_bytes("x.ttl", b"<a> <b> \"\xff\" .", "x", &EmptyStore).unwrap_err();
    assert!(matches!(e, Error::Encoding { line: 1, .. }), "{e:?}");
    let e = load_rdf_bytes("x.ttl", b"", "Bad Name", &EmptyStore).unwrap_err();
    assert!(matches!(e, Error::BadName(_)), "{e:?}");
}

const ORG: &str = "https://w3id.org/laocai-biotech/id/org/";

/// A lab with one missing value (no source) in each syntax: the line is the lab's.
#[test]
fn every_syntax_is_read_with_lines() {
    let lab = format!("{ORG}lab-x");
    let t = |p: &str| format!("https://w3id.org/laocai-biotech/ns#{p}");
    let rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    let label = "http://www.w3.org/2000/01/rdf-schema#label";
    let nt = format!(
        "<{lab}> <{rdf_type}> <{}> .\n<{lab}> <{label}> \"Lab\"@vi .\n<{lab}> <{}> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n",
        t("Lab"),
        t("illustrative")
    );
    let nq = format!(
        "# a comment\n<{lab}> <{rdf_type}> <{}> <http://example.org/g> .\n",
        t("Lab")
    );
    let trig = format!(
        "<http://example.org/g> {{\n\n<{lab}> a <{}> .\n}}\n",
        t("Lab")
    );
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n  xmlns:lcb=\"https://w3id.org/laocai-biotech/ns#\">\n\n  <lcb:Lab rdf:about=\"{lab}\">\n  </lcb:Lab>\n</rdf:RDF>\n"
    );
    let json = "{\n  \"@context\": {\"lcb\": \"https://w3id.org/laocai-biotech/ns#\"},\n\n  \"@id\": \"org/lab-x\",\n  \"@type\": \"lcb:Lab\"\n}\n";
    let source = format!(
        "{}: at least one dcterms:source is required: where the facts were seen (found 0)",
        format_args!("<{lab}>")
    );
    for (file, text, line) in [
        ("a.nt", nt.as_str(), 1),
        ("a.nq", nq.as_str(), 2),
        ("a.trig", trig.as_str(), 3),
        ("a.rdf", xml.as_str(), 5),
        ("a.jsonld", json, 4),
    ] {
        let Err(Error::Invalid(problems)) = load_rdf_bytes(file, text.as_bytes(), "a", &EmptyStore)
        else {
            panic!("{file}: expected problems");
        };
        let src = problems
            .iter()
            .find(|p| p.field == "dcterms:source")
            .unwrap_or_else(|| panic!("{file}: {problems:?}"));
        assert_eq!(
            src.to_string(),
            format!("{file}:{line}: dcterms:source: {source}")
        );
    }
}

#[test]
fn named_graphs_are_merged_with_a_warning() {
    let text = "<https://w3id.org/laocai-biotech/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" <http://example.org/g> .\n\
                <https://w3id.org/laocai-biotech/id/y> <http://www.w3.org/2000/01/rdf-schema#label> \"y\" .\n";
    let l = load_rdf_bytes("g.nq", text.as_bytes(), "g", &EmptyStore).unwrap();
    assert_eq!(
        l.report.warnings,
        [
            "g.nq:1: graph: the named graph <http://example.org/g> is merged into the source graph <https://w3id.org/laocai-biotech/graph/rdf/g>"
        ]
    );
    // 2 triples, 6 of the source entity, 2 prov:wasDerivedFrom.
    assert_eq!(l.quads.len(), 10);
    assert!(
        l.quads
            .iter()
            .all(|q| q.graph_name == l.source.graph().into())
    );
}

#[test]
fn the_same_file_gives_the_same_graph_blank_nodes_included() {
    let text = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
                <x> rdfs:seeAlso [ rdfs:label \"a\" ] , [ rdfs:label \"b\" ] .\n";
    let a = load_rdf_bytes("b.ttl", text.as_bytes(), "b", &EmptyStore).unwrap();
    let b = load_rdf_bytes("b.ttl", text.as_bytes(), "b", &EmptyStore).unwrap();
    assert_eq!(a.quads, b.quads);
    assert_eq!(a.quads.len(), 6 + 4 + 1);
    // Another source name gives other blank nodes, so two sources never share one.
    let c = load_rdf_bytes("b.ttl", text.as_bytes(), "c", &EmptyStore).unwrap();
    let blanks = |l: &Loaded| -> Vec<String> {
        l.quads
            .iter()
            .filter(|q| q.subject.is_blank_node())
            .map(|q| q.subject.to_string())
            .collect()
    };
    assert_eq!(blanks(&a).len(), 2);
    assert!(blanks(&a).iter().all(|x| !blanks(&c).contains(x)));
}

#[test]
fn warnings_of_the_shapes_do_not_stop_a_load() {
    // The bundled shapes hold no warning-level shape: every result is a violation.
    let store = graph_of(&places().quads);
    let Err(Error::Invalid(p)) = load_rdf(&fixture("invalid.ttl"), None, &store) else {
        panic!("expected problems");
    };
    let g = graph_of(&[]);
    assert!(Shapes::bundled().validate(&g, &EmptyStore).is_empty());
    assert_eq!(p.len(), 4);
    let results = Shapes::bundled().validate(
        &oxttl::TurtleParser::new()
            .with_base_iri("https://w3id.org/laocai-biotech/id/")
            .unwrap()
            .for_slice(std::fs::read(fixture("invalid.ttl")).unwrap().as_slice())
            .map(|t| t.unwrap())
            .collect(),
        &store,
    );
    assert!(results.iter().all(|r| r.severity == Severity::Violation));
}

/// An N-Triples file of more than a megabyte, which is parsed by several threads: the same
/// quads as the one Turtle parser gives the same text, blank nodes, repeats and multi-byte
/// characters across the cuts included; a syntax error is at its own line.
#[test]
fn a_large_n_triples_file_parsed_in_parallel_is_the_file_parsed_in_one_go() {
    let label = "http://www.w3.org/2000/01/rdf-schema#label";
    let see = "http://www.w3.org/2000/01/rdf-schema#seeAlso";
    let mut text = String::new();
    for i in 0..16_000 {
        text.push_str(&format!(
            "<https://w3id.org/laocai-biotech/id/x/{i}> <{label}> \"nhãn số {i} — Dương quy\"@vi .\n"
        ));
        text.push_str(&format!(
            "<https://w3id.org/laocai-biotech/id/x/{i}> <{see}> _:b{} .\n",
            i % 97
        ));
        if i % 1000 == 7 {
            // A repeat of a line far before: counted once.
            text.push_str(&format!("_:b3 <{label}> \"ba\" .\n<https://w3id.org/laocai-biotech/id/x/5> <{label}> \"nhãn số 5 — Dương quy\"@vi .\n"));
        }
    }
    assert!(text.len() > 2 << 20, "{} bytes", text.len());
    let nt = load_rdf_bytes("big.nt", text.as_bytes(), "big", &EmptyStore).unwrap();
    let ttl = load_rdf_bytes("big.ttl", text.as_bytes(), "big", &EmptyStore).unwrap();
    // 32 000 distinct lines and one repeated one, the source's 6 quads, 16 000 provenance
    // links.
    assert_eq!(nt.quads.len(), 32_001 + 6 + 16_000);
    assert_eq!(nt.quads.len(), ttl.quads.len());
    // The first 6 describe the source, whose file name differs.
    assert!(nt.quads[6..] == ttl.quads[6..], "the two parses differ");
    // A broken line late in the file: the error names it.
    let mut lines: Vec<&str> = text.lines().collect();
    let bad = lines.len() - 100;
    lines[bad] = "<https://w3id.org/laocai-biotech/id/x/broken> <urn:p> \"no dot\"";
    let broken = lines.join("\n");
    let Error::Syntax { line, column, .. } =
        load_rdf_bytes("big.nt", broken.as_bytes(), "big", &EmptyStore).unwrap_err()
    else {
        panic!("expected a syntax error");
    };
    // The same lines' tail alone, small enough for one parser, puts it at the same place.
    let skipped = lines.len() - 200;
    let tail = lines[skipped..].join("\n");
    let Error::Syntax {
        line: tail_line,
        column: tail_column,
        ..
    } = load_rdf_bytes("tail.nt", tail.as_bytes(), "big", &EmptyStore).unwrap_err()
    else {
        panic!("expected a syntax error");
    };
    assert_eq!((line, column), (tail_line + skipped, tail_column));
    assert!(
        line == bad + 1 || line == bad + 2,
        "line {line}, broken {}",
        bad + 1
    );
}

/// A streaming load gives the file's own quads to the sink as they are parsed and returns the
/// rest: together, the quads of `load_rdf`; a file with problems gives its error all the same.
#[test]
fn a_streaming_load_splits_the_quads_between_the_sink_and_the_result() {
    let store = graph_of(&places().quads);
    let whole = load_rdf(&fixture("valid.ttl"), None, &store).unwrap();
    let mut sent: Vec<Quad> = Vec::new();
    let mut batches = 0;
    let streamed = load_rdf_streaming(&fixture("valid.ttl"), None, &store, 10, &mut |batch| {
        assert_eq!(batch.len(), 10);
        batches += 1;
        sent.extend(batch);
    })
    .unwrap();
    // 60 of the file's 67 triples in 6 batches of 10; the last 7, the source's 6 quads and 5
    // provenance links are left.
    assert_eq!((batches, sent.len(), streamed.quads.len()), (6, 60, 18));
    assert_eq!(streamed.report, whole.report);
    let mut all: Vec<String> = sent
        .iter()
        .chain(&streamed.quads)
        .map(ToString::to_string)
        .collect();
    let mut expected: Vec<String> = whole.quads.iter().map(ToString::to_string).collect();
    all.sort();
    expected.sort();
    assert_eq!(all, expected);
    let e = load_rdf_streaming(&fixture("invalid.ttl"), None, &store, 10, &mut |_| {}).unwrap_err();
    assert!(matches!(e, Error::Invalid(ref p) if p.len() == 4), "{e:?}");
}
