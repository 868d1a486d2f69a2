//! Fuzz target `places_json`: arbitrary bytes as one file of a places folder (the first byte
//! picks the province file, the national list, a ward mapping or a GeoJSON boundary), beside the
//! bundled province file and a cut-down national list, through `ingest` of an `Input::places`: the
//! line-keeping JSON reader (after serde_json's syntax check) and every places validator.
//! Asserts: no panic, and the result passes `biokg_fuzz::check_result`.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 4] = [
    "lao-cai-15.json",
    "vn-units-2026-07-25.json",
    "ward-mappings-old-lao-cai-yen-bai.json",
    "geojson/03006_sa_pa.geojson",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(selector) % PATHS.len()];
    let files = biokg_fuzz::places_files(path, bytes);
    let input = biokg_ingest::Input::places("places", files);
    let result = biokg_ingest::ingest(&input, &biokg_ingest::Context::standalone());
    biokg_fuzz::check_result(&result);
});
