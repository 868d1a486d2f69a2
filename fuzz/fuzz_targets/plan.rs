//! Fuzz target `plan`: arbitrary bytes as a plan file, through the whole plan ingest
//! (`ingest` of a `Format::Plan` input: UTF-8 decoding, `plan::parse_plan`, the mapping to quads, the report).
//! Asserts: no panic, and the result passes `biokg_fuzz::check_result`; when the bytes are
//! UTF-8, `parse_plan` on the text agrees with the ingest on success or failure.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = biokg_fuzz::load_plan("plan.txt", data);
    biokg_fuzz::check_result(&result);
    if let Ok(text) = std::str::from_utf8(data) {
        let parsed = biokg_ingest::plan::parse_plan(text);
        assert_eq!(
            parsed.is_ok(),
            result.is_ok(),
            "parse_plan and the plan ingest disagree"
        );
    }
});
