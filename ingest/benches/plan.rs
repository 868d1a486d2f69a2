//! Criterion micro-benchmark of the plan parser: the bundled plan text (the province's 2026
//! plan, about 1 700 lines), parsed into a typed `Plan`, and the whole plan ingest (decoding,
//! parsing and the mapping to quads with provenance) on the same bytes.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const PLAN: &str = include_str!("../../data/ke-hoach-cnsh-lao-cai-2026.txt");

fn plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    group.throughput(Throughput::Bytes(PLAN.len() as u64));
    group.bench_function("parse_plan", |b| {
        b.iter(|| biokg_ingest::plan::parse_plan(black_box(PLAN)).expect("the bundled plan parses"))
    });
    group.bench_function("load_plan_bytes", |b| {
        b.iter(|| {
            biokg_ingest::load_plan_bytes(
                "ke-hoach-cnsh-lao-cai-2026.txt",
                black_box(PLAN.as_bytes()),
                "ke-hoach-cnsh-lao-cai-2026",
            )
            .expect("the bundled plan loads")
        })
    });
    group.finish();
}

criterion_group!(benches, plan);
criterion_main!(benches);
