//! Fuzz target `table_csv`: arbitrary bytes as one CSV registry file (the first byte picks
//! enterprises, certifications, labs, plants or accessions), loaded with the bundled companions
//! against the bundled gazetteer and the ids of the bundled sources: the CSV table reader and
//! the kind's whole validator and mapping run on it. Asserts: no panic, and the result passes
//! `biokg_fuzz::check_result` (problems sorted, 1-based lines, quads in the source's graph).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The five table kinds; value-chain.json has no CSV form.
    biokg_fuzz::run_registry(data, "csv", 5);
});
