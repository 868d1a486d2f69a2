//! Integration tests of the places ingestor: the bundled folder loads with the units it holds,
//! and every folder of the bad corpus (`data/places/bad/`) gives exactly the messages its
//! README lists, and loads nothing.

use crate::common;

use biokg_ingest::Error;
use common::{ID, counts, data, load_places, objects};
use oxrdf::Term;

const GEO: &str = "http://www.opengis.net/ont/geosparql#";

#[test]
fn the_bundled_folder_holds_the_province_its_communes_and_the_other_provinces() {
    let l = load_places(&data("places"), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        counts(&l),
        [
            ("provinces", 1),
            ("communes", 99),
            ("other provinces", 33),
            ("geometries", 4),
            ("former provinces", 2),
            ("former districts", 18),
            ("former communes", 319),
            ("mappings", 319),
        ]
    );
    assert!(l.report.warnings.is_empty(), "{:?}", l.report.warnings);
    assert_eq!(
        l.source.graph().as_str(),
        "https://w3id.org/laocai-biotech/graph/places/places"
    );
    // The files read: not the licences, nor the bad corpus in `bad/`.
    let mut files: Vec<&str> = l
        .quads
        .iter()
        .filter(|q| q.predicate.as_str() == "https://w3id.org/laocai-biotech/ns#fileName")
        .filter_map(|q| match &q.object {
            Term::Literal(v) => Some(v.value()),
            _ => None,
        })
        .collect();
    files.sort_unstable();
    assert_eq!(
        files,
        [
            "geojson/02839_bac_ha.geojson",
            "geojson/03006_sa_pa.geojson",
            "geojson/03082_van_ban.geojson",
            "geojson/15_lao_cai.geojson",
            "lao-cai-15.json",
            "vn-units-2026-07-25.json",
            "ward-mappings-old-lao-cai-yen-bai.json",
        ]
    );
    let sa_pa = format!("{ID}place/03006");
    assert_eq!(
        objects(&l.quads, &sa_pa, "http://purl.org/dc/terms/identifier"),
        ["03006"]
    );
    assert_eq!(
        objects(&l.quads, &sa_pa, "https://schema.org/containedInPlace"),
        [format!("{ID}place/15")]
    );
    let geometry = objects(&l.quads, &sa_pa, &format!("{GEO}hasGeometry"));
    assert_eq!(geometry.len(), 1, "{geometry:?}");
    let wkt = objects(&l.quads, &geometry[0], &format!("{GEO}asWKT"));
    assert!(
        wkt.len() == 1 && wkt[0].starts_with("MULTIPOLYGON (((103.869663 22.372496, "),
        "{wkt:?}"
    );
}

#[test]
fn the_corpus_derives_from_a_valid_folder() {
    let l = load_places(&data("places/bad/valid"), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        counts(&l),
        [
            ("provinces", 1),
            ("communes", 3),
            ("other provinces", 1),
            ("geometries", 1),
            ("former provinces", 1),
            ("former districts", 2),
            ("former communes", 3),
            ("mappings", 3),
        ]
    );
    let sa_pa = format!("{ID}place/03006");
    let geometry = objects(&l.quads, &sa_pa, &format!("{GEO}hasGeometry"));
    assert_eq!(
        objects(&l.quads, &geometry[0], &format!("{GEO}asWKT")),
        ["POLYGON ((103.8 22.3, 103.89 22.3, 103.89 22.38, 103.8 22.38, 103.8 22.3))"]
    );
}

/// The expected messages of each bad folder, read from `bad/README.md`: a `## \`name/\``
/// heading, then a fenced block of messages.
fn expected_messages() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(data("places/bad/README.md")).unwrap();
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_block = false;
    for line in readme.lines() {
        if let Some(name) = line.strip_prefix("## `").and_then(|l| l.strip_suffix("/`")) {
            out.push((name.to_owned(), Vec::new()));
        } else if line.starts_with("```") && !out.is_empty() {
            in_block = !in_block;
        } else if in_block && let Some(last) = out.last_mut() {
            last.1.push(line.to_owned());
        }
    }
    out
}

#[test]
fn every_bad_folder_gives_exactly_its_documented_messages_and_loads_nothing() {
    let cases = expected_messages();
    assert_eq!(cases.len(), 14, "{cases:?}");
    let mut folders: Vec<String> = std::fs::read_dir(data("places/bad"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n != "valid")
        .collect();
    folders.sort();
    let mut documented: Vec<String> = cases.iter().map(|(n, _)| n.clone()).collect();
    documented.sort();
    assert_eq!(
        folders, documented,
        "every folder is documented, and only those"
    );
    for (name, expected) in cases {
        assert!(!expected.is_empty(), "{name}: no messages in the README");
        let got: Vec<String> = match load_places(&data(&format!("places/bad/{name}")), None) {
            Err(Error::Invalid(problems)) => problems.iter().map(ToString::to_string).collect(),
            Err(e @ Error::Folder { .. }) => vec![e.to_string()],
            Err(e) => panic!("{name}: unexpected error {e}"),
            Ok(l) => panic!("{name}: loaded {} quads", l.quads.len()),
        };
        assert_eq!(got, expected, "{name}");
    }
}
