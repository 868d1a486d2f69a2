//! Integration tests of the registry ingestors: the bundled files load with the values they
//! hold, and every file of the bad corpus (`data/registries/bad/`) gives exactly the messages
//! its README lists, and nothing else.

use biokg_ingest::registry::{
    self, Gazetteer, Known, RegistryFile, RegistryFiles, RegistryKind, load_registry,
};
use biokg_ingest::{Error, Loaded};
use oxrdf::{Quad, Term};
use std::path::{Path, PathBuf};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(path)
}

/// What the bundled plan defines (its agencies and tasks), as the store would hold it.
fn plan_known() -> Known {
    let plan = biokg_ingest::load_plan(&data("ke-hoach-cnsh-lao-cai-2026.txt"), None).unwrap();
    Known::from_quads(&plan.quads)
}

fn bundled(kind: RegistryKind) -> Loaded {
    registry::load_registry_files(
        kind,
        &registry::bundled(kind),
        kind.key(),
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap_or_else(|e| panic!("{kind:?}: {e}"))
}

fn counts(l: &Loaded) -> Vec<(&str, usize)> {
    l.report
        .counts
        .iter()
        .map(|(k, n)| (k.as_str(), *n))
        .collect()
}

/// The objects of `s p ?o` as strings (IRIs or literal values), sorted.
fn objects(quads: &[Quad], s: &str, p: &str) -> Vec<String> {
    let mut out: Vec<String> = quads
        .iter()
        .filter(|q| q.subject.to_string() == format!("<{s}>") && q.predicate.as_str() == p)
        .map(|q| match &q.object {
            Term::NamedNode(n) => n.as_str().to_owned(),
            Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        })
        .collect();
    out.sort();
    out
}

const ID: &str = "https://w3id.org/laocai-biotech/id/";
const LCB: &str = "https://w3id.org/laocai-biotech/ns#";

#[test]
fn bundled_enterprises_and_certificates() {
    let l = bundled(RegistryKind::Enterprises);
    assert_eq!(counts(&l), [("organisations", 29), ("certificates", 13)]);
    let q = &l.quads;
    let tp = format!("{ID}org/traphaco-lao-cai");
    assert_eq!(
        objects(q, &tp, "http://www.w3.org/2000/01/rdf-schema#label"),
        ["Công ty TNHH Traphaco Lào Cai"]
    );
    assert_eq!(
        objects(q, &tp, "http://www.w3.org/ns/org#subOrganizationOf"),
        [format!("{ID}org/traphaco")]
    );
    assert_eq!(
        objects(q, &tp, &format!("{LCB}operatesIn")),
        [format!("{ID}place/03013")]
    );
    assert_eq!(
        objects(q, &tp, &format!("{LCB}species")),
        [format!("{ID}taxon/cynara-scolymus")]
    );
    assert_eq!(objects(q, &tp, &format!("{LCB}areaHa")), ["70"]);
    assert_eq!(objects(q, &tp, &format!("{LCB}illustrative")), ["false"]);
    assert_eq!(
        objects(q, &tp, &format!("{LCB}valueChainStage")),
        [
            format!("{ID}concept/value-chain-stage/cultivation"),
            format!("{ID}concept/value-chain-stage/manufacturing"),
            format!("{ID}concept/value-chain-stage/primary-processing"),
        ]
    );
    // The reported aggregate: 210 ha, GACP-WHO, recognised by the Bộ Y tế.
    let agg = format!("{ID}certificate/lao-cai-gacp-210-ha");
    assert_eq!(objects(q, &agg, &format!("{LCB}areaHa")), ["210"]);
    assert_eq!(objects(q, &agg, &format!("{LCB}issuerName")), ["Bộ Y tế"]);
    assert_eq!(
        objects(q, &agg, &format!("{LCB}certificationKind")),
        [format!("{ID}concept/certification-kind/aggregate")]
    );
    // A certificate is labelled with its holder's name, not the holder's id.
    assert_eq!(
        objects(
            q,
            &format!("{ID}certificate/traphaco-gacp-who-actiso"),
            "http://www.w3.org/2000/01/rdf-schema#label"
        ),
        ["GACP-WHO — Công ty TNHH Traphaco Lào Cai"]
    );
    let artichoke = format!("{ID}certificate/lao-cai-gacp-actiso-sa-pa-50-ha");
    assert_eq!(
        objects(q, &artichoke, &format!("{LCB}species")),
        [format!("{ID}taxon/cynara-scolymus")]
    );
    assert_eq!(
        objects(q, &artichoke, &format!("{LCB}formerDistrict")),
        [format!("{ID}historical-area/thi-xa-sa-pa")]
    );
    // Every organisation says whether it is illustrative; 6 are real.
    let real = q
        .iter()
        .filter(|q| {
            q.predicate.as_str() == format!("{LCB}illustrative")
                && q.subject.to_string().contains("/org/")
                && matches!(&q.object, Term::Literal(l) if l.value() == "false")
        })
        .count();
    assert_eq!(real, 6);
}

#[test]
fn bundled_labs() {
    let l = bundled(RegistryKind::Labs);
    assert_eq!(counts(&l), [("labs", 11)]);
    let q = &l.quads;
    let centre = format!("{ID}org/tt-nghien-cuu-duoc-lieu-sa-pa");
    assert_eq!(
        objects(q, &centre, "http://www.w3.org/ns/org#unitOf"),
        [format!("{ID}org/vien-duoc-lieu")]
    );
    assert_eq!(
        objects(q, &centre, &format!("{LCB}capability")),
        [
            format!("{ID}concept/lab-capability/acclimatisation"),
            format!("{ID}concept/lab-capability/gene-conservation"),
            format!("{ID}concept/lab-capability/seedling-production"),
            format!("{ID}concept/lab-capability/variety-selection"),
        ]
    );
    assert!(objects(q, &centre, &format!("{LCB}biosafetyLevel")).is_empty());
    let cdc = format!("{ID}org/lab-xet-nghiem-minh-hoa-cdc");
    assert_eq!(
        objects(q, &cdc, &format!("{LCB}biosafetyLevel")),
        [format!("{ID}concept/biosafety-level/BSL-2")]
    );
    assert_eq!(
        objects(q, &cdc, "http://www.w3.org/ns/org#unitOf"),
        [format!("{ID}agency/so-y-te")]
    );
    assert_eq!(objects(q, &cdc, &format!("{LCB}illustrative")), ["true"]);
}

#[test]
fn bundled_plants_and_accessions() {
    let l = bundled(RegistryKind::Plants);
    assert_eq!(counts(&l), [("taxa", 19), ("accessions", 11)]);
    let q = &l.quads;
    let dwc = "http://rs.tdwg.org/dwc/terms/";
    let angelica = format!("{ID}taxon/angelica-sinensis");
    assert_eq!(
        objects(q, &angelica, &format!("{dwc}scientificName")),
        ["Angelica sinensis"]
    );
    assert_eq!(
        objects(q, &angelica, &format!("{dwc}scientificNameAuthorship")),
        ["(Oliv.) Diels"]
    );
    assert_eq!(objects(q, &angelica, &format!("{dwc}family")), ["Apiaceae"]);
    assert_eq!(
        objects(q, &angelica, &format!("{dwc}vernacularName")),
        ["Chinese angelica", "Dong quai", "Đương qui", "Đương quy"]
    );
    let artichoke = format!("{ID}taxon/cynara-scolymus");
    assert_eq!(
        objects(q, &artichoke, &format!("{LCB}grownIn")),
        [format!("{ID}place/03006"), format!("{ID}place/03013")]
    );
    assert_eq!(
        objects(q, &artichoke, &format!("{LCB}conservedAt")),
        [format!("{ID}org/tt-nghien-cuu-duoc-lieu-sa-pa")]
    );
    let acc = format!("{ID}accession/ngan-hang-gen-minh-hoa-hoang-lien/mh-hl-0001");
    assert_eq!(objects(q, &acc, &format!("{LCB}species")), [angelica]);
    assert_eq!(
        objects(q, &acc, "http://purl.org/dc/terms/date"),
        ["2024-10-15"]
    );
    assert_eq!(objects(q, &acc, &format!("{LCB}quantity")), ["500 g"]);
    assert_eq!(
        objects(q, &acc, &format!("{LCB}collectedIn")),
        [format!("{ID}place/02839")]
    );
}

#[test]
fn bundled_value_chain() {
    let l = bundled(RegistryKind::ValueChain);
    assert_eq!(
        counts(&l),
        [
            ("stages", 8),
            ("actors", 22),
            ("products", 19),
            ("flows", 14),
            ("figures", 18)
        ]
    );
    let q = &l.quads;
    let chain = format!("{ID}value-chain/sa-pa-bac-ha-van-ban");
    assert_eq!(
        objects(q, &chain, &format!("{LCB}implementsTask")),
        [format!("{ID}plan/ke-hoach-cnsh-lao-cai-2026/task/II-2-2-7")]
    );
    assert_eq!(
        objects(q, &chain, &format!("{LCB}formerDistrict")),
        [
            format!("{ID}historical-area/huyen-bac-ha"),
            format!("{ID}historical-area/huyen-van-ban"),
            format!("{ID}historical-area/thi-xa-sa-pa"),
        ]
    );
    let output = format!("{chain}/figure/output-dry-tonnes-per-year");
    assert_eq!(objects(q, &output, &format!("{LCB}figureMin")), ["3000"]);
    assert_eq!(objects(q, &output, &format!("{LCB}figureMax")), ["4000"]);
    assert_eq!(
        objects(q, &output, &format!("{LCB}figureScope")),
        ["former-province"]
    );
    let flow = format!("{chain}/flow/mh-f01");
    assert_eq!(
        objects(q, &flow, "https://w3id.org/valueflows/ont/vf#provider"),
        [format!("{ID}org/lab-nuoi-cay-mo-minh-hoa-sa-pa")]
    );
    assert_eq!(objects(q, &flow, &format!("{LCB}quantityValue")), ["20000"]);
    assert_eq!(objects(q, &flow, &format!("{LCB}period")), ["2025"]);
    assert_eq!(objects(q, &flow, &format!("{LCB}illustrative")), ["true"]);
}

/// The expected messages of each bad file, read from `bad/README.md`: a `## \`name\``
/// heading, then a fenced block of messages.
fn expected_messages() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(data("registries/bad/README.md")).unwrap();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_block = false;
    for line in readme.lines() {
        if let Some(name) = line.strip_prefix("## `").and_then(|l| l.strip_suffix('`')) {
            current = Some(name.to_owned());
            out.push((name.to_owned(), Vec::new()));
        } else if line.starts_with("```") && current.is_some() {
            in_block = !in_block;
            if !in_block {
                current = None;
            }
        } else if in_block {
            out.last_mut().unwrap().1.push(line.to_owned());
        }
    }
    out
}

fn kind_of(name: &str) -> (RegistryKind, String) {
    let path = name.trim_end_matches('/');
    if path.starts_with("labs") {
        (RegistryKind::Labs, path.to_owned())
    } else if path.starts_with("plants") {
        (RegistryKind::Plants, format!("{path}/plants.csv"))
    } else if path.starts_with("certifications") {
        (RegistryKind::Enterprises, format!("{path}/enterprises.csv"))
    } else {
        (RegistryKind::Enterprises, path.to_owned())
    }
}

#[test]
fn every_bad_file_gives_exactly_its_documented_messages() {
    let cases = expected_messages();
    assert_eq!(cases.len(), 11, "{cases:?}");
    for (name, expected) in cases {
        let (kind, path) = kind_of(&name);
        let result = load_registry(
            kind,
            &data(&format!("registries/bad/{path}")),
            None,
            Gazetteer::bundled(),
            &plan_known(),
        );
        match result {
            Err(Error::Invalid(problems)) => {
                let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
                assert_eq!(got, expected, "{name}");
            }
            Err(e) => panic!("{name}: unexpected error {e}"),
            Ok(_) => panic!("{name}: loaded"),
        }
    }
}

#[test]
fn a_companion_with_errors_loads_nothing_of_the_main_file() {
    let mut files = registry::bundled(RegistryKind::Enterprises);
    let certs = files
        .companions
        .iter_mut()
        .find(|f| f.name == "certifications.csv")
        .unwrap();
    let text = String::from_utf8(certs.bytes.clone()).unwrap();
    certs.bytes = text.replacen("gacp-who", "gacp", 1).into_bytes();
    let err = registry::load_registry_files(
        RegistryKind::Enterprises,
        &files,
        "enterprises",
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "certifications.csv:2: scheme: \"gacp\" is not one of: vietgap, gacp-who, organic, biosafety, gmp-who, ocop"
    );
}

#[test]
fn references_resolve_against_the_store_when_no_file_is_beside() {
    // labs.csv alone: its hosts are enterprises the store knows, or plan agencies.
    let labs = registry::bundled(RegistryKind::Labs);
    let alone = RegistryFiles {
        main: labs.main.clone(),
        companions: Vec::new(),
    };
    let err = registry::load_registry_files(
        RegistryKind::Labs,
        &alone,
        "labs",
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("labs.csv:2: host_org_id: \"vien-duoc-lieu\" is not an id in enterprises.csv or an agency of the plan"),
        "{err}"
    );
    let enterprises = bundled(RegistryKind::Enterprises);
    let mut known = plan_known();
    let from_store = Known::from_quads(&enterprises.quads);
    known.orgs = from_store.orgs;
    let l = registry::load_registry_files(
        RegistryKind::Labs,
        &alone,
        "labs",
        Gazetteer::bundled(),
        &known,
    )
    .unwrap();
    assert_eq!(counts(&l), [("labs", 11)]);
}

#[test]
fn the_same_files_give_the_same_graph() {
    let a = bundled(RegistryKind::Plants);
    let b = bundled(RegistryKind::Plants);
    assert_eq!(a.quads, b.quads);
    assert_eq!(a.source.sha256, b.source.sha256);
    let crlf = RegistryFiles {
        main: RegistryFile {
            name: "plants.csv".into(),
            bytes: String::from_utf8(registry::bundled(RegistryKind::Plants).main.bytes)
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes(),
        },
        companions: registry::bundled(RegistryKind::Plants).companions,
    };
    let c = registry::load_registry_files(
        RegistryKind::Plants,
        &crlf,
        "plants",
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap();
    assert_eq!(a.quads, c.quads);
}
