//! Criterion micro-benchmark of the Vietnamese analyzer: folding ([`biokg_search::fold`]) and
//! the index's segmentation and folding ([`biokg_search::index_words`]) over a paragraph of
//! the bundled plan and over a list of synthetic registry names, throughput in bytes.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const PLAN: &str = include_str!("../../data/ke-hoach-cnsh-lao-cai-2026.txt");

/// About 4 KiB of running Vietnamese text from the plan's body.
fn paragraph() -> String {
    let mut out = String::new();
    for line in PLAN.lines().skip(40) {
        if out.len() > 4096 {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn analyzer(c: &mut Criterion) {
    let paragraph = paragraph();
    let names: String = biokg_search::synthetic::entities(200)
        .into_iter()
        .map(|d| d.label + "\n")
        .collect();
    let mut group = c.benchmark_group("analyzer");
    for (what, text) in [("paragraph", paragraph.as_str()), ("names", names.as_str())] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("fold/{what}"), |b| {
            b.iter(|| biokg_search::fold(black_box(text)))
        });
        group.bench_function(format!("index_words/{what}"), |b| {
            b.iter(|| biokg_search::index_words(black_box(text)))
        });
    }
    group.finish();
}

criterion_group!(benches, analyzer);
criterion_main!(benches);
