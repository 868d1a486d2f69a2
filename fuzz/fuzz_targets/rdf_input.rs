//! Fuzz target `rdf_input`: arbitrary bytes as an RDF file (the first byte picks Turtle,
//! N-Triples, TriG or JSON-LD), through `ingest` against an empty store: decoding, the
//! parse with the line of every triple (oxttl / oxjsonld upstream; our line tracking and
//! mapping), the SHACL validation with the project's shapes, and the quads with provenance.
//! Asserts: no panic, and the result passes `biokg_fuzz::check_result`.
#![no_main]

use biokg_ingest::{Context, Format, Input, RdfSyntax, ingest};
use libfuzzer_sys::fuzz_target;

const FILES: [(&str, RdfSyntax); 4] = [
    ("input.ttl", RdfSyntax::Turtle),
    ("input.nt", RdfSyntax::NTriples),
    ("input.trig", RdfSyntax::TriG),
    ("input.jsonld", RdfSyntax::JsonLd),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let (file, syntax) = FILES[usize::from(selector) % FILES.len()];
    let input = Input::bytes(Format::Rdf(syntax), file, bytes).named("input");
    let result = ingest(&input, &Context::standalone());
    biokg_fuzz::check_result(&result);
});
