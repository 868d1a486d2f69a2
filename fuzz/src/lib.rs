//! What the fuzz targets share: the bundled data they run against, built once per process, and
//! the checks every ingest result must pass whatever the input.
//!
//! A target hands fuzzed bytes to a public entry point of `biokg-ingest` or `biokg-search` in
//! place of one bundled file, next to the real companions (the gazetteer, the ids the store
//! would hold), so that the input reaches the validators and not only the first syntax check.
//! A panic, a hang (libFuzzer's `-timeout`) or an allocation past `-rss_limit_mb` is a finding;
//! an `Err` is the expected answer to bad input, and is checked for shape.

use biokg_ingest::places::PlaceFile;
use biokg_ingest::registry::{self, Gazetteer, Known, Registry, RegistryFile, RegistryFiles};
use biokg_ingest::{Context, Error, Format, Input, Loaded, ingest};
use oxrdf::GraphName;
use std::sync::OnceLock;

/// The bundled plan, as the server ships it.
pub const PLAN: &[u8] = include_bytes!("../../data/ke-hoach-cnsh-lao-cai-2026.txt");

/// A plan file's bytes through the whole plan ingest, under the name `plan`.
///
/// # Errors
/// As [`ingest`].
pub fn load_plan(file: &str, bytes: &[u8]) -> biokg_ingest::Result<Loaded> {
    ingest(
        &Input::bytes(Format::Plan, file, bytes).named("plan"),
        &Context::standalone(),
    )
}

/// What the store holds once the bundled sources are loaded: the plan's agencies and task codes
/// and the ids of the bundled labs, plants and enterprises, so that references in a fuzzed
/// registry can resolve (and the code behind a resolved reference runs).
pub fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let plan = load_plan("plan.txt", PLAN).expect("the bundled plan loads");
        let mut quads = plan.quads;
        let gaz = Gazetteer::bundled();
        for kind in [Registry::Plants, Registry::Labs, Registry::Enterprises] {
            let partial = Known::from_quads(&quads);
            let ctx = Context {
                known: &partial,
                gazetteer: gaz,
                ..Context::standalone()
            };
            let loaded = ingest(&Input::registry(kind, registry::bundled(kind)), &ctx)
                .expect("a bundled registry loads");
            quads.extend(loaded.quads);
        }
        Known::from_quads(&quads)
    })
}

/// The registry files of a fuzz case: the bundled files of `kind` (the main file and its
/// companions) with the file whose stem is `stem` replaced by `bytes` under the name
/// `{stem}.{ext}`.
pub fn registry_files(kind: Registry, stem: &str, ext: &str, bytes: &[u8]) -> RegistryFiles {
    let fuzzed = RegistryFile {
        name: format!("{stem}.{ext}"),
        bytes: bytes.to_vec(),
    };
    let bundled = registry::bundled(kind);
    let is_stem = |f: &RegistryFile| f.name.split_once('.').is_some_and(|(s, _)| s == stem);
    if is_stem(&bundled.main) {
        RegistryFiles {
            main: fuzzed,
            companions: bundled.companions,
        }
    } else {
        let mut companions: Vec<RegistryFile> = bundled
            .companions
            .into_iter()
            .filter(|f| !is_stem(f))
            .collect();
        companions.push(fuzzed);
        RegistryFiles {
            main: bundled.main,
            companions,
        }
    }
}

/// The file a registry fuzz case replaces, chosen by the input's first byte: the kind loaded
/// and the stem of the fuzzed file (a main file or a companion validated with it).
pub const REGISTRY_CASES: [(Registry, &str); 6] = [
    (Registry::Enterprises, "enterprises"),
    (Registry::Enterprises, "certifications"),
    (Registry::Labs, "labs"),
    (Registry::Plants, "plants"),
    (Registry::Plants, "accessions"),
    (Registry::ValueChain, "value-chain"),
];

/// Runs one registry fuzz case: the first byte picks a case of [`REGISTRY_CASES`] (among the
/// first `cases`), the rest is the file, read as `ext`.
pub fn run_registry(data: &[u8], ext: &str, cases: usize) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let (kind, stem) = REGISTRY_CASES[usize::from(selector) % cases];
    let files = registry_files(kind, stem, ext, bytes);
    let ctx = Context {
        known: known(),
        ..Context::standalone()
    };
    let result = ingest(&Input::registry(kind, files), &ctx);
    check_result(&result);
}

/// The places folder of a fuzz case: the bundled province file, a national list cut down to a
/// few provinces (Lào Cai among them) so that a case stays fast, and nothing else; the fuzzed
/// bytes then replace or join them at `path`.
pub fn places_files(path: &str, bytes: &[u8]) -> Vec<PlaceFile> {
    static BASE: OnceLock<Vec<PlaceFile>> = OnceLock::new();
    let base = BASE.get_or_init(|| {
        registry::bundled_places()
            .into_iter()
            .filter(|f| !f.path.starts_with("geojson/") && !f.path.starts_with("ward-mappings"))
            .map(|f| {
                if f.path.starts_with("vn-units") {
                    PlaceFile {
                        bytes: small_national_list(&f.bytes),
                        path: f.path,
                    }
                } else {
                    f
                }
            })
            .collect()
    });
    let mut files: Vec<PlaceFile> = base.iter().filter(|f| f.path != path).cloned().collect();
    files.push(PlaceFile {
        path: path.to_owned(),
        bytes: bytes.to_vec(),
    });
    files
}

/// The national list with only its first three provinces and Lào Cai (code 15), each with at
/// most three wards.
fn small_national_list(bytes: &[u8]) -> Vec<u8> {
    let all: Vec<serde_json::Value> =
        serde_json::from_slice(bytes).expect("the bundled national list is a JSON array");
    let mut kept: Vec<serde_json::Value> = all
        .into_iter()
        .enumerate()
        .filter(|(i, p)| *i < 3 || p["Code"] == "15")
        .map(|(_, p)| p)
        .collect();
    for p in &mut kept {
        if let Some(wards) = p.get_mut("Wards").and_then(serde_json::Value::as_array_mut) {
            wards.truncate(3);
        }
    }
    serde_json::to_vec_pretty(&kept).expect("a JSON value serializes")
}

/// Checks what any ingest returns, whatever the input: a load's quads are all in its graph and
/// its report counts them; an error has a message, and a list of problems is non-empty, sorted,
/// without duplicates, each with a 1-based line and a reason.
pub fn check_result(result: &Result<Loaded, Error>) {
    match result {
        Ok(loaded) => {
            let graph = loaded.source.graph();
            assert!(
                loaded
                    .quads
                    .iter()
                    .all(|q| q.graph_name == GraphName::NamedNode(graph.clone())),
                "a quad outside the source's graph"
            );
            assert_eq!(loaded.report.triples, loaded.quads.len());
        }
        Err(Error::Invalid(problems)) => {
            assert!(!problems.is_empty(), "Invalid with no problem");
            assert!(
                problems.windows(2).all(|w| w[0] < w[1]),
                "problems not sorted and unique: {problems:?}"
            );
            for p in problems {
                assert!(p.line >= 1, "line 0: {p}");
                assert!(!p.reason.is_empty(), "no reason: {p}");
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// The search index of the `search_query` target.
pub mod search {
    use biokg_search::{EntityDoc, SearchIndex};
    use std::sync::OnceLock;

    const SOURCE: &str = "https://w3id.org/laocai-biotech/graph/fuzz/fuzz";

    /// A few entities in the shapes the server indexes (a task with its code, an agency, an
    /// enterprise, a lab, a taxon, a commune): Vietnamese with and without marks, English,
    /// scientific names, codes with punctuation, facets.
    fn docs() -> Vec<EntityDoc> {
        let doc = |iri: &str, kind: &str, label: &str| EntityDoc {
            iri: format!("https://w3id.org/laocai-biotech/id/{iri}"),
            kind: kind.to_owned(),
            label: label.to_owned(),
            source: SOURCE.to_owned(),
            ..EntityDoc::default()
        };
        vec![
            EntityDoc {
                alt_labels: vec!["II.2.2.7".into()],
                text: "Ứng dụng công nghệ sinh học trong nhân giống, bảo tồn và phát triển \
                       nguồn gen cây dược liệu quý (Tam thất, Đương quy) tại Sa Pa, Bắc Hà."
                    .into(),
                facets: vec![
                    ("section".into(), "II".into()),
                    ("lead".into(), "Sở Y tế".into()),
                ],
                ..doc("task/II-2-2-7", "task", "Nhân giống cây dược liệu quý")
            },
            EntityDoc {
                alt_labels: vec!["SYT".into()],
                label_en: Some("Department of Health".into()),
                ..doc("agency/so-y-te", "agency", "Sở Y tế")
            },
            EntityDoc {
                alt_labels: vec!["Traphaco Sa Pa".into()],
                text: "Artichoke tea and soft extract processed to GACP-WHO <certified>.".into(),
                facets: vec![
                    ("sector".into(), "medicinal-plants".into()),
                    ("certification".into(), "GACP-WHO".into()),
                ],
                illustrative: false,
                ..doc(
                    "org/traphaco-lao-cai",
                    "enterprise",
                    "Công ty TNHH Traphaco Lào Cai",
                )
            },
            EntityDoc {
                text: "PCR & real-time PCR, ELISA; BSL-2.".into(),
                facets: vec![("biosafety".into(), "BSL-2".into())],
                illustrative: true,
                ..doc("lab/lab-minh-hoa", "lab", "Khoa Xét nghiệm Minh họa")
            },
            EntityDoc {
                alt_labels: vec!["Đương qui".into()],
                scientific_names: vec!["Angelica sinensis".into()],
                label_en: Some("Dong quai; Chinese angelica".into()),
                ..doc("taxon/angelica-sinensis", "taxon", "Đương quy")
            },
            EntityDoc {
                alt_labels: vec!["03013".into()],
                ..doc("place/03013", "commune", "Xã Tả Phìn")
            },
        ]
    }

    /// The index, built once per process.
    pub fn index() -> &'static SearchIndex {
        static INDEX: OnceLock<SearchIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            let index = SearchIndex::in_memory().expect("an in-RAM index opens");
            index
                .replace_source(SOURCE, &docs(), 1)
                .expect("the fuzz documents index");
            index
        })
    }

    /// Whether `iri` is one of the indexed entities.
    pub fn is_indexed(iri: &str) -> bool {
        static IRIS: OnceLock<Vec<String>> = OnceLock::new();
        IRIS.get_or_init(|| docs().into_iter().map(|d| d.iri).collect())
            .iter()
            .any(|i| i == iri)
    }
}
