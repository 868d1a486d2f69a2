//! `biokg-load`: a bounded HTTP load generator for the BioKG server.
//!
//! `--connections` workers each send one request after another for `--duration`, picking the
//! route of each request from a weighted mix (`--mix search=7,sparql=3`): `search` is
//! `/api/search` with a query of `--queries` (the relevance set), `suggest` is `/api/suggest`
//! with a prefix of one, `sparql` is `/sparql` with a query of `--sparql` (docs/queries.md's example
//! queries). Meanwhile `--pathological N` more workers each keep one heavy SPARQL query running
//! (a cartesian product through a regular expression that never matches), re-sent when the
//! server gives up on it; their answers (503 `query_timeout`, `too_busy`) are counted but not
//! judged.
//!
//! At the end it prints a table per route (requests, per second, p50, p90, p99, max, 5xx,
//! connection errors) and exits non-zero when a measured request got a 5xx or a connection
//! error, or when a route's p99 is over its `--max-p99 route=MS` bound.

use anyhow::{Context, Result, bail};
use biokg_search::synthetic::Rng;
use clap::Parser;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The heavy query the pathological workers keep running.
const PATHOLOGICAL: &str =
    "SELECT ?a WHERE { ?a ?p ?b . ?c ?q ?d FILTER(REGEX(CONCAT(STR(?b), STR(?d)), \"^x{3}y$\")) }";

#[derive(Parser, Debug)]
#[command(about = "Bounded HTTP load against a BioKG server")]
struct Args {
    /// The server, e.g. `http://127.0.0.1:7878`.
    #[arg(long)]
    base: String,
    /// How long to send requests, in seconds.
    #[arg(long, default_value_t = 60.0)]
    duration: f64,
    /// Concurrent connections of the measured mix.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Weighted routes of the mix: `search=7,sparql=3` (routes: search, suggest, sparql).
    #[arg(long, default_value = "search=7,sparql=3")]
    mix: String,
    /// Workers that each keep one pathological SPARQL query running.
    #[arg(long, default_value_t = 0)]
    pathological: usize,
    /// The search queries: a TSV file whose first column is the query (`#` lines skipped).
    #[arg(long, default_value = "tests/relevance.tsv")]
    queries: PathBuf,
    /// A folder of `.rq` SPARQL queries.
    #[arg(long, default_value = "queries")]
    sparql: PathBuf,
    /// Fail when a route's p99 is over a bound: `search=50` (milliseconds); repeatable.
    #[arg(long = "max-p99")]
    max_p99: Vec<String>,
    /// Seed of the request choice.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// What one route saw.
#[derive(Default)]
struct Stats {
    latencies_us: Vec<u64>,
    server_errors: u64,
    client_errors: u64,
    connection_errors: u64,
}

impl Stats {
    /// Prints the route's row of the table (its latencies sorted on the way) and returns its
    /// p99 in milliseconds.
    fn print_row(&mut self, name: &str, elapsed: f64) -> f64 {
        self.latencies_us.sort_unstable();
        let n = self.latencies_us.len();
        let p99 = percentile(&self.latencies_us, 0.99);
        println!(
            "| {name} | {n} | {:.1} | {:.1} | {:.1} | {p99:.1} | {:.1} | {} | {} | {} |",
            n as f64 / elapsed,
            percentile(&self.latencies_us, 0.5),
            percentile(&self.latencies_us, 0.9),
            percentile(&self.latencies_us, 1.0),
            self.client_errors,
            self.server_errors,
            self.connection_errors
        );
        p99
    }

    /// Why a measured route fails: 5xx or connection errors, or a p99 over its bound.
    fn failures(&self, name: &str, p99: f64, bounds: &BTreeMap<String, f64>) -> Vec<String> {
        let mut out = Vec::new();
        if self.server_errors > 0 || self.connection_errors > 0 {
            out.push(format!(
                "{name}: {} 5xx, {} connection errors",
                self.server_errors, self.connection_errors
            ));
        }
        if let Some(bound) = bounds.get(name)
            && p99 > *bound
        {
            out.push(format!("{name}: p99 {p99:.1} ms over {bound} ms"));
        }
        out
    }
}

type Shared = Arc<Mutex<BTreeMap<&'static str, Stats>>>;

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn read_queries(path: &PathBuf) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let out: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect();
    if out.is_empty() {
        bail!("{}: no queries", path.display());
    }
    Ok(out)
}

fn read_sparql(dir: &PathBuf) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rq") {
            out.push(std::fs::read_to_string(&path)?);
        }
    }
    out.sort();
    if out.is_empty() {
        bail!("{}: no .rq files", dir.display());
    }
    Ok(out)
}

fn parse_mix(mix: &str) -> Result<Vec<&'static str>> {
    let mut wheel = Vec::new();
    for part in mix.split(',') {
        let (route, weight) = part
            .split_once('=')
            .with_context(|| format!("mix: {part:?} is not route=weight"))?;
        let route: &'static str = match route {
            "search" => "search",
            "suggest" => "suggest",
            "sparql" => "sparql",
            other => bail!("mix: unknown route {other:?} (search, suggest, sparql)"),
        };
        let weight: usize = weight
            .parse()
            .with_context(|| format!("mix: weight {weight:?}"))?;
        wheel.extend(std::iter::repeat_n(route, weight));
    }
    if wheel.is_empty() {
        bail!("mix: no route has a weight");
    }
    Ok(wheel)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

#[tokio::main]
async fn main() -> Result<ExitCode> {
    let args = Args::parse();
    let load = Load::new(&args)?;
    let stats: Shared = Arc::default();
    let heavy: Shared = Arc::default();
    let mut tasks = Vec::new();
    for w in 0..args.connections {
        // One generator per worker.
        let rng = Rng::new(args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (w as u64 + 1));
        tasks.push(tokio::spawn(load.clone().measured(stats.clone(), rng)));
    }
    for _ in 0..args.pathological {
        tasks.push(tokio::spawn(load.clone().pathological(heavy.clone())));
    }
    let started = Instant::now();
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();

    let bounds = parse_bounds(&args.max_p99)?;
    println!(
        "{} connections, {:.0} s, mix {}, {} pathological",
        args.connections, elapsed, args.mix, args.pathological
    );
    println!(
        "| route | requests | per s | p50 ms | p90 ms | p99 ms | max ms | 4xx | 5xx | conn. errors |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut failures = Vec::new();
    for (name, s) in stats.lock().expect("stats").iter_mut() {
        let p99 = s.print_row(name, elapsed);
        failures.extend(s.failures(name, p99, &bounds));
    }
    for (name, s) in heavy.lock().expect("stats").iter_mut() {
        s.print_row(name, elapsed);
    }
    if failures.is_empty() {
        println!("ok");
        Ok(ExitCode::SUCCESS)
    } else {
        for f in &failures {
            eprintln!("fail: {f}");
        }
        Ok(ExitCode::FAILURE)
    }
}

/// What every worker shares: the client, the server, what to ask and until when.
#[derive(Clone)]
struct Load {
    client: reqwest::Client,
    base: String,
    queries: Arc<Vec<String>>,
    sparql: Arc<Vec<String>>,
    /// The mix's routes, each as often as its weight says.
    wheel: Arc<Vec<&'static str>>,
    deadline: Instant,
}

impl Load {
    /// Reads the queries and the mix of `args`, and starts the clock of `--duration`.
    fn new(args: &Args) -> Result<Load> {
        let queries = Arc::new(read_queries(&args.queries)?);
        let sparql = Arc::new(read_sparql(&args.sparql)?);
        let wheel = Arc::new(parse_mix(&args.mix)?);
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(args.connections + args.pathological)
            .timeout(Duration::from_secs(120))
            .build()?;
        Ok(Load {
            client,
            base: args.base.clone(),
            queries,
            sparql,
            wheel,
            deadline: Instant::now() + Duration::from_secs_f64(args.duration),
        })
    }

    /// A worker of the measured mix: one request after another until the deadline.
    async fn measured(self, stats: Shared, mut rng: Rng) {
        while Instant::now() < self.deadline {
            let route = self.wheel[rng.below(self.wheel.len())];
            let request = self.request(route, &mut rng);
            record(&stats, route, request).await;
        }
    }

    /// A request of `route` with a query drawn from `rng`.
    fn request(&self, route: &str, rng: &mut Rng) -> reqwest::RequestBuilder {
        let (client, base, queries) = (&self.client, &self.base, &self.queries);
        match route {
            "search" => client.get(format!(
                "{base}/api/search?q={}",
                enc(&queries[rng.below(queries.len())])
            )),
            "suggest" => {
                let q = &queries[rng.below(queries.len())];
                let prefix: String = q.chars().take(4).collect();
                client.get(format!("{base}/api/suggest?q={}", enc(&prefix)))
            }
            _ => client
                .post(format!("{base}/sparql"))
                .header("content-type", "application/sparql-query")
                .header("accept", "application/sparql-results+json")
                .body(self.sparql[rng.below(self.sparql.len())].clone()),
        }
    }

    /// A pathological worker: keeps [`PATHOLOGICAL`] running until the deadline.
    async fn pathological(self, heavy: Shared) {
        while Instant::now() < self.deadline {
            let request = self
                .client
                .post(format!("{}/sparql", self.base))
                .header("content-type", "application/sparql-query")
                .body(PATHOLOGICAL);
            record(&heavy, "pathological", request).await;
        }
    }
}

/// The `--max-p99 route=ms` bounds, by route.
fn parse_bounds(max_p99: &[String]) -> Result<BTreeMap<String, f64>> {
    max_p99
        .iter()
        .map(|b| {
            let (r, ms) = b
                .split_once('=')
                .with_context(|| format!("--max-p99 {b:?} is not route=ms"))?;
            Ok((r.to_owned(), ms.parse::<f64>()?))
        })
        .collect()
}

/// Sends one request and files its latency and status under `route`.
async fn record(stats: &Shared, route: &'static str, request: reqwest::RequestBuilder) {
    let started = Instant::now();
    let outcome = match request.send().await {
        Ok(r) => {
            let status = r.status();
            // The latency includes reading the whole body.
            match r.bytes().await {
                Ok(_) => Some(status),
                Err(_) => None,
            }
        }
        Err(_) => None,
    };
    let took = started.elapsed().as_micros() as u64;
    let mut all = stats.lock().expect("stats");
    let s = all.entry(route).or_default();
    match outcome {
        Some(status) => {
            s.latencies_us.push(took);
            if status.is_server_error() {
                s.server_errors += 1;
            } else if status.is_client_error() {
                s.client_errors += 1;
            }
        }
        None => s.connection_errors += 1,
    }
}
