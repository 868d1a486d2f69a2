//! Fuzz target `table_json`: arbitrary bytes as one JSON registry file (the first byte picks
//! enterprises, certifications, labs, plants, accessions or the value chain), loaded with the
//! bundled companions against the bundled gazetteer and the ids of the bundled sources: the
//! line-keeping JSON reader, the JSON table reader (or the value-chain reader) and the kind's
//! whole validator and mapping run on it. Asserts as `table_csv`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    biokg_fuzz::run_registry(data, "json", biokg_fuzz::REGISTRY_CASES.len());
});
