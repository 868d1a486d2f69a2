//! In-process search latency at scale: builds (or reopens) an index of N synthetic entities
//! ([`biokg_search::synthetic`]) and times `search` and `suggest` over the relevance set's
//! queries, one at a time, as the server would run them (page of 20, 8 suggestions).
//!
//! ```sh
//! cargo run --release -p biokg-search --example speed -- 1000000 /tmp/speed-index
//! cargo run --release -p biokg-search --example speed -- 0 DATA_DIR/index  # as it is
//! ```
//!
//! `DUMP=FILE` also writes every query's total and page of hits to `FILE`, to compare two builds'
//! answers. Prints p50, p90, p99 and max per operation and the slowest queries, in wall time and in CPU
//! time of the thread: on a machine shared with other work, CPU time is what stays comparable
//! between runs. The HTTP benchmark
//! (`biokg-load`) measures the same calls through the server.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use biokg_search::{SearchIndex, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/speed-index".into()));
    let queries_file = args
        .next()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/relevance.tsv").into());
    let rounds: usize = args.next().map_or(Ok(5), |a| a.parse())?;

    let index = SearchIndex::open_or_create(&dir)?;
    // 0 entities: time the index as it is (one that `biokg-gen-index` built, say). With
    // `BESIDE` set, the synthetic entities are added beside what the index holds (the bundled
    // data of a `biokg` data directory), at its generation, when it has fewer than N.
    let beside = std::env::var_os("BESIDE").is_some();
    let have = index.num_docs()?;
    if n > 0 && ((beside && have < n as u64) || (!beside && have != n as u64)) {
        let started = Instant::now();
        let docs = biokg_search::synthetic::entities(n);
        if beside {
            let generation = index.generation()?.unwrap_or(0);
            index.replace_source(biokg_search::synthetic::SOURCE, &docs, generation)?;
        } else {
            index.rebuild(&docs, 1)?;
        }
        println!(
            "indexed {n} entities in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    if std::env::var_os("COMPACT").is_some() {
        let started = Instant::now();
        index.compact()?;
        println!("compacted in {:.1} s", started.elapsed().as_secs_f64());
    }
    let queries: Vec<String> = std::fs::read_to_string(&queries_file)?
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next().map(str::to_owned))
        .collect();

    // `DUMP=FILE`: every query's total and page (IRI, score, snippet) once, to compare the
    // answers of two builds.
    if let Some(path) = std::env::var_os("DUMP") {
        let mut out = String::new();
        for q in &queries {
            let request = SearchRequest {
                q: q.clone(),
                limit: 20,
                ..SearchRequest::default()
            };
            let results = index.search(&request)?;
            out.push_str(&format!("{q}\t{}\n", results.total));
            for hit in results.hits {
                out.push_str(&format!(
                    "\t{}\t{:.4}\t{}\n",
                    hit.iri, hit.score, hit.snippet
                ));
            }
        }
        std::fs::write(path, out)?;
    }
    let mut search = Vec::new();
    let mut suggest = Vec::new();
    for _ in 0..rounds {
        for q in &queries {
            let request = SearchRequest {
                q: q.clone(),
                limit: 20,
                ..SearchRequest::default()
            };
            let (took, results) = timed(|| index.search(&request));
            search.push((took, q.clone(), results?.total));
            let prefix: String = q.chars().take(4).collect();
            let (took, found) = timed(|| index.suggest(&prefix, 8));
            suggest.push((took, prefix, found?.len()));
        }
    }
    report("search", &mut search);
    report("suggest", &mut suggest);
    Ok(())
}

/// Wall time and thread CPU time of one call.
#[derive(Debug, Clone, Copy)]
struct Took {
    wall: Duration,
    cpu: Option<Duration>,
}

fn timed<T>(f: impl FnOnce() -> T) -> (Took, T) {
    let cpu = thread_cpu();
    let started = Instant::now();
    let out = f();
    let wall = started.elapsed();
    let cpu = cpu.zip(thread_cpu()).map(|(a, b)| b.saturating_sub(a));
    (Took { wall, cpu }, out)
}

/// Time this thread has run on a CPU (`CLOCK_THREAD_CPUTIME_ID`).
fn thread_cpu() -> Option<Duration> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Some(Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
}

fn report(name: &str, samples: &mut [(Took, String, usize)]) {
    let percentiles = |values: &mut Vec<Duration>| {
        values.sort();
        let at = |p: f64| {
            let i = ((values.len() as f64 - 1.0) * p).round() as usize;
            values[i].as_secs_f64() * 1000.0
        };
        format!(
            "p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            at(0.5),
            at(0.9),
            at(0.99),
            at(1.0)
        )
    };
    let mut wall: Vec<Duration> = samples.iter().map(|s| s.0.wall).collect();
    println!(
        "{name}: {} calls, wall {}",
        samples.len(),
        percentiles(&mut wall)
    );
    let mut cpu: Vec<Duration> = samples.iter().filter_map(|s| s.0.cpu).collect();
    if cpu.len() == samples.len() {
        println!(
            "{name}: {} calls, cpu  {}",
            samples.len(),
            percentiles(&mut cpu)
        );
    }
    samples.sort_by_key(|s| s.0.cpu.unwrap_or(s.0.wall));
    let mut seen = std::collections::BTreeSet::new();
    for (took, q, found) in samples.iter().rev() {
        if seen.insert(q.clone()) {
            let ms = took.cpu.unwrap_or(took.wall).as_secs_f64() * 1000.0;
            println!("  {ms:8.2} ms  {q:?} ({found})");
        }
        if seen.len() == 8 {
            break;
        }
    }
}
