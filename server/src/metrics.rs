//! [`Metrics`]: request counters and latency histograms by route, refusals by reason, in the
//! Prometheus text exposition format (written by hand: the format is a few lines of text and
//! needs no crate).
//!
//! Routes are labelled by their matched path template (`/api/search`), never the raw URL, so
//! the number of series stays bounded whatever clients send.

use crate::error::Code;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0,
];

#[derive(Debug, Default, Clone)]
struct RouteStats {
    /// Responses by status class: 1xx … 5xx.
    by_class: [u64; 5],
    /// Cumulative counts per bucket of [`BUCKETS`].
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// What the service counts. Shared by every request.
#[derive(Debug, Default)]
pub struct Metrics {
    routes: Mutex<Routes>,
    refusals: Mutex<BTreeMap<&'static str, u64>>,
    query_timeouts: AtomicU64,
}

/// Statistics by route template and method.
type Routes = BTreeMap<(String, String), RouteStats>;

/// Values read at scrape time from the store, the index and the gate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gauges {
    /// Quads in the store.
    pub triples: usize,
    /// Documents in the index.
    pub documents: u64,
    /// The store generation.
    pub store_generation: u64,
    /// The generation the index reflects (`None`: never written).
    pub index_generation: Option<u64>,
    /// Bundled or command-line ingests since start.
    pub ingests: u64,
    /// Client writes (SPARQL Update, graph store writes) since start.
    pub writes: u64,
    /// SPARQL evaluations running.
    pub sparql_running: usize,
    /// SPARQL slots.
    pub sparql_slots: usize,
    /// The SPARQL result cache.
    pub cache: crate::cache::CacheStats,
}

impl Metrics {
    /// Records one response of `route` (a path template) to `method`.
    pub fn observe(
        &self,
        route: &str,
        method: &str,
        status: u16,
        elapsed: Duration,
        code: Option<Code>,
    ) {
        let seconds = elapsed.as_secs_f64();
        {
            let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
            let stats = routes
                .entry((route.to_owned(), method.to_owned()))
                .or_default();
            let class = usize::from((status / 100).clamp(1, 5)) - 1;
            stats.by_class[class] += 1;
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    stats.buckets[i] += 1;
                }
            }
            stats.sum += seconds;
            stats.count += 1;
        }
        match code {
            Some(Code::QueryTimeout) => {
                self.query_timeouts.fetch_add(1, Ordering::Relaxed);
            }
            Some(
                c @ (Code::TooBusy
                | Code::RateLimited
                | Code::PayloadTooLarge
                | Code::Unauthorized
                | Code::InvalidToken),
            ) => {
                let mut refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
                *refusals.entry(c.as_str()).or_default() += 1;
            }
            _ => {}
        }
    }

    /// Queries cancelled at their time limit so far.
    pub fn query_timeouts(&self) -> u64 {
        self.query_timeouts.load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition of everything counted, with `gauges`.
    pub fn render(&self, gauges: &Gauges) -> String {
        let mut out = String::new();
        let routes = self
            .routes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        requests(&mut out, &routes);
        durations(&mut out, &routes);
        self.refusals(&mut out);
        for (name, kind, text, value) in self.simple(gauges) {
            help(&mut out, name, kind, text);
            let _ = writeln!(out, "{name} {value}");
        }
        out
    }

    fn refusals(&self, out: &mut String) {
        help(
            out,
            "biokg_http_refusals_total",
            "counter",
            "Requests refused by a limit or by authorization, by error code.",
        );
        for (code, n) in self
            .refusals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(out, "biokg_http_refusals_total{{code=\"{code}\"}} {n}");
        }
    }

    /// The counters and gauges of one value each: name, type, help and value.
    fn simple(&self, gauges: &Gauges) -> [(&'static str, &'static str, &'static str, String); 14] {
        let c = &gauges.cache;
        [
            (
                "biokg_sparql_timeouts_total",
                "counter",
                "SPARQL queries and updates cancelled at their time limit.",
                self.query_timeouts().to_string(),
            ),
            (
                "biokg_sparql_running",
                "gauge",
                "SPARQL evaluations running now.",
                gauges.sparql_running.to_string(),
            ),
            (
                "biokg_sparql_slots",
                "gauge",
                "SPARQL evaluations allowed at once.",
                gauges.sparql_slots.to_string(),
            ),
            (
                "biokg_ingests_total",
                "counter",
                "Sources ingested by this process.",
                gauges.ingests.to_string(),
            ),
            (
                "biokg_writes_total",
                "counter",
                "Client writes (SPARQL Update, graph store protocol) committed by this process.",
                gauges.writes.to_string(),
            ),
            (
                "biokg_store_triples",
                "gauge",
                "Quads in the store, every graph included.",
                gauges.triples.to_string(),
            ),
            (
                "biokg_index_documents",
                "gauge",
                "Documents in the search index.",
                gauges.documents.to_string(),
            ),
            (
                "biokg_store_generation",
                "gauge",
                "Writes committed to the store since it was created.",
                gauges.store_generation.to_string(),
            ),
            (
                "biokg_index_generation",
                "gauge",
                "The store generation the index reflects (-1: never written).",
                gauges
                    .index_generation
                    .map_or_else(|| "-1".to_owned(), |g| g.to_string()),
            ),
            (
                "biokg_sparql_cache_hits_total",
                "counter",
                "SPARQL queries answered from the result cache.",
                c.hits.to_string(),
            ),
            (
                "biokg_sparql_cache_misses_total",
                "counter",
                "SPARQL queries looked up in the result cache and evaluated.",
                c.misses.to_string(),
            ),
            (
                "biokg_sparql_cache_skipped_total",
                "counter",
                "SPARQL answers evaluated but not cached (not deterministic, too large, or computed during a write).",
                c.skipped.to_string(),
            ),
            (
                "biokg_sparql_cache_bytes",
                "gauge",
                "Bytes held by the SPARQL result cache.",
                c.bytes.to_string(),
            ),
            (
                "biokg_sparql_cache_capacity_bytes",
                "gauge",
                "Most bytes the SPARQL result cache holds (0: off).",
                c.capacity.to_string(),
            ),
        ]
    }
}

/// The request counter by route, method and status class.
fn requests(out: &mut String, routes: &Routes) {
    help(
        out,
        "biokg_http_requests_total",
        "counter",
        "HTTP responses by route template, method and status class.",
    );
    for ((route, method), s) in routes {
        for (i, n) in s.by_class.iter().enumerate() {
            if *n > 0 {
                let _ = writeln!(
                    out,
                    "biokg_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}xx\"}} {n}",
                    escape(route),
                    escape(method),
                    i + 1
                );
            }
        }
    }
}

/// The request duration histogram by route and method.
fn durations(out: &mut String, routes: &Routes) {
    help(
        out,
        "biokg_http_request_duration_seconds",
        "histogram",
        "Time from request to response headers, by route template and method.",
    );
    for ((route, method), s) in routes {
        let labels = format!("route=\"{}\",method=\"{}\"", escape(route), escape(method));
        for (bound, n) in BUCKETS.iter().zip(s.buckets.iter()) {
            let _ = writeln!(
                out,
                "biokg_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "biokg_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
            s.count
        );
        let _ = writeln!(
            out,
            "biokg_http_request_duration_seconds_sum{{{labels}}} {}",
            s.sum
        );
        let _ = writeln!(
            out,
            "biokg_http_request_duration_seconds_count{{{labels}}} {}",
            s.count
        );
    }
}

fn help(out: &mut String, name: &str, kind: &str, text: &str) {
    let _ = writeln!(out, "# HELP {name} {text}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A label value with `\`, `"` and newlines escaped as the format requires.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_are_counted_by_route_class_and_latency() {
        let m = Metrics::default();
        m.observe("/api/search", "GET", 200, Duration::from_millis(3), None);
        m.observe("/api/search", "GET", 400, Duration::from_millis(40), None);
        m.observe(
            "/sparql",
            "POST",
            503,
            Duration::from_secs(2),
            Some(Code::QueryTimeout),
        );
        m.observe(
            "/sparql",
            "POST",
            503,
            Duration::from_millis(1),
            Some(Code::TooBusy),
        );
        let text = m.render(&Gauges {
            triples: 12,
            index_generation: Some(3),
            store_generation: 3,
            cache: crate::cache::CacheStats {
                hits: 5,
                capacity: 1024,
                ..Default::default()
            },
            ..Gauges::default()
        });
        let lines: Vec<&str> = text.lines().collect();
        for expected in [
            "biokg_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"2xx\"} 1",
            "biokg_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"4xx\"} 1",
            "biokg_http_requests_total{route=\"/sparql\",method=\"POST\",status=\"5xx\"} 2",
            "biokg_http_request_duration_seconds_bucket{route=\"/api/search\",method=\"GET\",le=\"0.0025\"} 0",
            "biokg_http_request_duration_seconds_bucket{route=\"/api/search\",method=\"GET\",le=\"0.005\"} 1",
            "biokg_http_request_duration_seconds_bucket{route=\"/api/search\",method=\"GET\",le=\"0.05\"} 2",
            "biokg_http_request_duration_seconds_bucket{route=\"/sparql\",method=\"POST\",le=\"+Inf\"} 2",
            "biokg_http_request_duration_seconds_count{route=\"/sparql\",method=\"POST\"} 2",
            "biokg_http_refusals_total{code=\"too_busy\"} 1",
            "biokg_sparql_timeouts_total 1",
            "biokg_store_triples 12",
            "biokg_index_generation 3",
            "biokg_sparql_cache_hits_total 5",
            "biokg_sparql_cache_capacity_bytes 1024",
            "# TYPE biokg_http_request_duration_seconds histogram",
        ] {
            assert!(lines.contains(&expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
