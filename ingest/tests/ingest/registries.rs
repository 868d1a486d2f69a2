//! Integration tests of the registry ingestors: the bundled files load with the values they
//! hold, and every file of the bad corpus (`data/registries/bad/`) gives exactly the messages
//! its README lists, and nothing else.

use crate::common;

use biokg_ingest::registry::{self, Gazetteer, Known, Registry, RegistryFile, RegistryFiles};
use biokg_ingest::{Error, Loaded};
use common::{ID, counts, data, load_registry, objects};
use oxrdf::Term;

/// What the bundled plan defines (its agencies and tasks), as the store would hold it.
fn plan_known() -> Known {
    let plan = common::load_plan(&data("ke-hoach-cnsh-lao-cai-2026.txt"), None).unwrap();
    Known::from_quads(&plan.quads)
}

fn bundled(kind: Registry) -> Loaded {
    common::load_registry_files(
        kind,
        &registry::bundled(kind),
        kind.key(),
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap_or_else(|e| panic!("{kind:?}: {e}"))
}

const LCB: &str = "https://w3id.org/laocai-biotech/ns#";

#[test]
fn bundled_enterprises_and_certificates() {
    let l = bundled(Registry::Enterprises);
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
    let l = bundled(Registry::Labs);
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
    let l = bundled(Registry::Plants);
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
    let l = bundled(Registry::ValueChain);
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

fn kind_of(name: &str) -> (Registry, String) {
    let path = name.trim_end_matches('/');
    if path.starts_with("value-chain/") {
        (Registry::ValueChain, path.to_owned())
    } else if path.starts_with("labs") {
        (Registry::Labs, path.to_owned())
    } else if path.starts_with("plants") {
        (Registry::Plants, format!("{path}/plants.csv"))
    } else if path.starts_with("certifications") {
        (Registry::Enterprises, format!("{path}/enterprises.csv"))
    } else {
        (Registry::Enterprises, path.to_owned())
    }
}

#[test]
fn every_bad_file_gives_exactly_its_documented_messages() {
    let cases = expected_messages();
    assert_eq!(cases.len(), 31, "{cases:?}");
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

/// The file the value-chain corpus derives from is valid, so each bad file's messages come from
/// its one change.
#[test]
fn the_value_chain_corpus_derives_from_a_valid_chain() {
    let l = load_registry(
        Registry::ValueChain,
        &data("registries/bad/value-chain/value-chain-valid.json"),
        None,
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        counts(&l),
        [
            ("stages", 8),
            ("actors", 2),
            ("products", 1),
            ("flows", 1),
            ("figures", 1)
        ]
    );
    let flow = format!("{ID}value-chain/chuoi-minh-hoa-bac-ha/flow/mh-f1");
    assert_eq!(
        objects(
            &l.quads,
            &flow,
            "https://w3id.org/valueflows/ont/vf#atLocation"
        ),
        [format!("{ID}place/02839")]
    );
    assert_eq!(
        objects(&l.quads, &flow, &format!("{LCB}quantityValue")),
        ["500"]
    );
}

#[test]
fn a_companion_with_errors_loads_nothing_of_the_main_file() {
    let mut files = registry::bundled(Registry::Enterprises);
    let certs = files
        .companions
        .iter_mut()
        .find(|f| f.name == "certifications.csv")
        .unwrap();
    let text = String::from_utf8(certs.bytes.clone()).unwrap();
    certs.bytes = text.replacen("gacp-who", "gacp", 1).into_bytes();
    let err = common::load_registry_files(
        Registry::Enterprises,
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
    let labs = registry::bundled(Registry::Labs);
    let alone = RegistryFiles {
        main: labs.main.clone(),
        companions: Vec::new(),
    };
    let err = common::load_registry_files(
        Registry::Labs,
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
    let enterprises = bundled(Registry::Enterprises);
    let mut known = plan_known();
    let from_store = Known::from_quads(&enterprises.quads);
    known.orgs = from_store.orgs;
    let l =
        common::load_registry_files(Registry::Labs, &alone, "labs", Gazetteer::bundled(), &known)
            .unwrap();
    assert_eq!(counts(&l), [("labs", 11)]);
}

#[test]
fn the_same_files_give_the_same_graph() {
    let a = bundled(Registry::Plants);
    let b = bundled(Registry::Plants);
    assert_eq!(a.quads, b.quads);
    assert_eq!(a.source.sha256, b.source.sha256);
    let crlf = RegistryFiles {
        main: RegistryFile {
            name: "plants.csv".into(),
            bytes: String::from_utf8(registry::bundled(Registry::Plants).main.bytes)
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes(),
        },
        companions: registry::bundled(Registry::Plants).companions,
    };
    let c = common::load_registry_files(
        Registry::Plants,
        &crlf,
        "plants",
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap();
    assert_eq!(a.quads, c.quads);
}

/// The list and number columns of the table formats (`data/README.md`); every other column is
/// text, and `illustrative` a boolean.
const LISTS: &[&str] = &[
    "alt_names",
    "operating_communes",
    "former_districts",
    "sectors",
    "products",
    "biotech_activities",
    "value_chain_stages",
    "species",
    "partners",
    "source",
    "product",
    "capabilities",
    "vernacular_variants",
    "synonyms",
    "local_names",
    "english_name",
    "where_grown",
    "conserved_at",
];
const NUMBERS: &[&str] = &["area_ha", "members", "linked_households"];

/// A CSV registry file as JSON, one record per line so that every record starts on the line
/// its CSV row does: lists as arrays, numbers as numbers, `illustrative` as a boolean, and
/// empty cells left out on even rows and `null` on odd ones.
fn csv_to_json(csv_bytes: &[u8]) -> Vec<u8> {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let mut lines = vec!["[".to_owned()];
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for (i, record) in records.iter().enumerate() {
        let mut obj = serde_json::Map::new();
        for (key, value) in header.iter().zip(record.iter()) {
            let value = value.trim();
            let json = if value.is_empty() {
                if i % 2 == 0 {
                    continue;
                }
                serde_json::Value::Null
            } else if LISTS.contains(&key.as_str()) {
                value.split(';').map(str::trim).collect()
            } else if NUMBERS.contains(&key.as_str()) {
                serde_json::from_str(value).unwrap()
            } else if key == "illustrative" {
                serde_json::Value::Bool(value == "true")
            } else {
                value.into()
            };
            obj.insert(key.clone(), json);
        }
        let comma = if i + 1 < records.len() { "," } else { "" };
        lines.push(format!("{}{comma}", serde_json::Value::Object(obj)));
    }
    lines.push("]".to_owned());
    lines.join("\n").into_bytes()
}

/// `files` with the table files whose names are in `to_json` converted to JSON.
fn with_json(files: &RegistryFiles, to_json: &[&str]) -> RegistryFiles {
    let convert = |f: &RegistryFile| {
        if to_json.contains(&f.name.as_str()) {
            RegistryFile {
                name: f.name.replace(".csv", ".json"),
                bytes: csv_to_json(&f.bytes),
            }
        } else {
            f.clone()
        }
    };
    RegistryFiles {
        main: convert(&files.main),
        companions: files.companions.iter().map(convert).collect(),
    }
}

/// The quads of a load, sorted, with the file names of the source entity as in CSV.
fn normalised(l: &Loaded) -> Vec<String> {
    let mut out: Vec<String> = l
        .quads
        .iter()
        .map(|q| q.to_string().replace(".json\"", ".csv\""))
        .collect();
    out.sort();
    out
}

fn load(kind: Registry, files: &RegistryFiles) -> Loaded {
    common::load_registry_files(kind, files, kind.key(), Gazetteer::bundled(), &plan_known())
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"))
}

#[test]
fn json_registries_give_the_same_quads_as_csv() {
    let all = [
        "enterprises.csv",
        "certifications.csv",
        "labs.csv",
        "plants.csv",
        "accessions.csv",
    ];
    for kind in [Registry::Enterprises, Registry::Labs, Registry::Plants] {
        let files = registry::bundled(kind);
        let csv = load(kind, &files);
        let json_files = with_json(&files, &all);
        assert!(json_files.main.name.ends_with(".json"));
        let json = load(kind, &json_files);
        assert_eq!(json.report.counts, csv.report.counts, "{kind:?}");
        assert_eq!(json.quads.len(), csv.quads.len(), "{kind:?}");
        assert_eq!(normalised(&json), normalised(&csv), "{kind:?}");
        assert_eq!(json.report.file, json_files.main.name);
    }
}

#[test]
fn a_bundle_may_mix_csv_and_json() {
    let files = registry::bundled(Registry::Enterprises);
    let csv = load(Registry::Enterprises, &files);
    // JSON certificates and labs beside a CSV main file, and the other way round.
    for to_json in [
        &["certifications.csv", "labs.csv"][..],
        &["enterprises.csv", "plants.csv"][..],
    ] {
        let mixed = with_json(&files, to_json);
        let l = load(Registry::Enterprises, &mixed);
        assert_eq!(
            counts(&l),
            [("organisations", 29), ("certificates", 13)],
            "{to_json:?}"
        );
        assert_eq!(normalised(&l), normalised(&csv), "{to_json:?}");
    }
    // A JSON companion's problems are the load's, on the line of the value.
    let mut bad = with_json(&files, &["certifications.csv"]);
    let certs = bad
        .companions
        .iter_mut()
        .find(|f| f.name == "certifications.json")
        .unwrap();
    let text = String::from_utf8(certs.bytes.clone()).unwrap();
    certs.bytes = text
        .replacen("\"gacp-who\"", "\"gacp\"", 1)
        .replacen("\"illustrative\":true", "\"illustrative\":\"yes\"", 1)
        .into_bytes();
    let err = common::load_registry_files(
        Registry::Enterprises,
        &bad,
        "enterprises",
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "certifications.json:2: scheme: \"gacp\" is not one of: vietgap, gacp-who, organic, biosafety, gmp-who, ocop\n\
         certifications.json:6: illustrative: \"yes\" is not true or false"
    );
}

#[test]
fn the_json_example_holds_the_real_enterprises_of_the_csv() {
    let example = data("registries/examples/enterprises.json");
    let plants = bundled(Registry::Plants);
    let mut known = plan_known();
    known.taxa = Known::from_quads(&plants.quads).taxa;
    let json = load_registry(
        Registry::Enterprises,
        &example,
        None,
        Gazetteer::bundled(),
        &known,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counts(&json), [("organisations", 6), ("certificates", 0)]);
    // The same statements as the CSV rows, but for the lines they start on and the
    // certificates, which are in certifications.csv.
    let csv = bundled(Registry::Enterprises);
    let facts = |l: &Loaded| {
        let mut out: Vec<String> = l
            .quads
            .iter()
            .filter(|q| {
                let s = q.subject.to_string();
                let p = q.predicate.as_str();
                s.contains("/id/org/")
                    && p != format!("{LCB}lineStart")
                    && p != "https://schema.org/hasCertification"
                    && json_ids().iter().any(|id| s == format!("<{ID}org/{id}>"))
            })
            .map(ToString::to_string)
            .collect();
        out.sort();
        out
    };
    let got = facts(&json);
    assert_eq!(got.len(), 142);
    assert_eq!(got, facts(&csv));
    // Lines are those of the JSON file: the second record's `{` is on line 30.
    let tp = format!("{ID}org/traphaco-lao-cai");
    assert_eq!(
        objects(&json.quads, &tp, &format!("{LCB}lineStart")),
        ["30"]
    );
}

/// The ids of `examples/enterprises.json`.
fn json_ids() -> [&'static str; 6] {
    [
        "traphaco",
        "traphaco-lao-cai",
        "htx-cong-dong-dao-do-ta-phin",
        "tt-nghien-cuu-duoc-lieu-sa-pa",
        "vien-duoc-lieu",
        "tt-nghien-cuu-giong-cay-on-doi",
    ]
}

#[test]
fn a_folder_gives_each_companion_as_csv_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = registry::bundled(Registry::Plants);
    let json = with_json(&bundle, &["accessions.csv"]);
    for f in std::iter::once(&json.main).chain(&json.companions) {
        std::fs::write(dir.path().join(&f.name), &f.bytes).unwrap();
    }
    let files = RegistryFiles::read(Registry::Plants, &dir.path().join("plants.csv")).unwrap();
    let mut names: Vec<&str> = files.companions.iter().map(|f| f.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["accessions.json", "enterprises.csv", "labs.csv"]);
    let l = load_registry(
        Registry::Plants,
        &dir.path().join("plants.csv"),
        None,
        Gazetteer::bundled(),
        &plan_known(),
    )
    .unwrap();
    assert_eq!(counts(&l), [("taxa", 19), ("accessions", 11)]);
    // Both forms of one companion: which one is meant cannot be told.
    std::fs::write(dir.path().join("accessions.csv"), b"x").unwrap();
    let err = RegistryFiles::read(Registry::Plants, &dir.path().join("plants.csv"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{}: accessions.csv and accessions.json are both beside plants.csv: keep one of the two",
            dir.path().display()
        )
    );
}

#[test]
fn local_names_are_plain_strings() {
    // The format does not say which language a local name is in, so none is tagged.
    let mut files = with_json(&registry::bundled(Registry::Plants), &["plants.csv"]);
    let text = String::from_utf8(files.main.bytes.clone()).unwrap();
    files.main.bytes = text
        .replacen(
            "\"id\":\"angelica-sinensis\"",
            "\"id\":\"angelica-sinensis\",\"local_names\":[\"Tên A\",\"Tên B\"]",
            1,
        )
        .into_bytes();
    let l = load(Registry::Plants, &files);
    let mut names: Vec<String> = l
        .quads
        .iter()
        .filter(|q| q.predicate.as_str() == format!("{LCB}localName"))
        .map(|q| q.object.to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["\"Tên A\"", "\"Tên B\""]);
}
