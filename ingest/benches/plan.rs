//! Criterion micro-benchmark of the plan parser: the bundled plan text (the province's 2026
//! plan, about 1 700 lines), parsed into a typed `Plan`, and the whole plan ingest (decoding,
//! parsing and the mapping to quads with provenance) on the same bytes.

use biokg_ingest::{Context, Format, Input, ingest};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const PLAN: &str = include_str!("../../data/ke-hoach-cnsh-lao-cai-2026.txt");

fn plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    group.throughput(Throughput::Bytes(PLAN.len() as u64));
    group.bench_function("parse_plan", |b| {
        b.iter(|| biokg_ingest::plan::parse_plan(black_box(PLAN)).expect("the bundled plan parses"))
    });
    // The id of the days before `ingest`, so that runs compare.
    group.bench_function("load_plan_bytes", |b| {
        let input = Input::bytes(Format::Plan, "ke-hoach-cnsh-lao-cai-2026.txt", PLAN)
            .named("ke-hoach-cnsh-lao-cai-2026");
        let ctx = Context::standalone();
        b.iter(|| ingest(black_box(&input), &ctx).expect("the bundled plan loads"))
    });
    group.finish();
}

criterion_group!(benches, plan);
criterion_main!(benches);
