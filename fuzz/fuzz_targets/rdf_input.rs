//! Fuzz target `rdf_input`: arbitrary bytes as an RDF file (the first byte picks Turtle,
//! N-Triples, TriG or JSON-LD), through `load_rdf_bytes` against an empty store: decoding, the
//! parse with the line of every triple (oxttl / oxjsonld upstream; our line tracking and
//! mapping), the SHACL validation with the project's shapes, and the quads with provenance.
//! Asserts: no panic, and the result passes `biokg_fuzz::check_result`.
#![no_main]

use biokg_ingest::shacl::EmptyStore;
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 4] = ["input.ttl", "input.nt", "input.trig", "input.jsonld"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let file = FILES[usize::from(selector) % FILES.len()];
    let result = biokg_ingest::load_rdf_bytes(file, bytes, "input", &EmptyStore);
    biokg_fuzz::check_result(&result);
});
