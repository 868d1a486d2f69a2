//! Criterion micro-benchmark of index building: N synthetic entities
//! ([`biokg_search::synthetic`], the documents of the 1M-entity benchmark) indexed into an
//! in-memory index in one commit, as `rebuild` does when a store is opened without its index.

use biokg_search::SearchIndex;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn index(c: &mut Criterion) {
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let docs = biokg_search::synthetic::entities(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("rebuild/{n}"), |b| {
            b.iter_batched(
                || SearchIndex::in_memory().expect("an in-memory index"),
                |index| {
                    index.rebuild(&docs, 1).expect("rebuild");
                    index
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, index);
criterion_main!(benches);
