//! Crash safety: `biokg ingest` killed with SIGKILL at moments spread over a large ingest
//! (over a window that follows the machine's load), again and again. After each kill the
//! source's graph is wholly the old version or wholly the new one, and a server started on the directory has an index in step with the store:
//! as many documents as entities, no hit of the version that is not in the store.

use super::real_binary::{Server, binary};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Entities in each version of the source (`BIOKG_CRASH_ENTITIES`, default 2500): enough that
/// an ingest takes seconds in a debug build, so that kills land in parsing, validation, the
/// store commit and indexing (samples of a run showed each).
fn entities() -> usize {
    std::env::var("BIOKG_CRASH_ENTITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2500)
}
/// The word every label of a version carries, to tell the versions apart.
const WORDS: [&str; 2] = ["amber", "cobalt"];
/// Kills, at least as many as the issue asks.
const KILLS: usize = 20;

/// Writes version `v` of the source: [`entities`] organisations, each with a label holding
/// `WORDS[v]`.
fn write_version(dir: &Path, v: usize) -> PathBuf {
    use std::fmt::Write;
    let mut text = String::new();
    for i in 0..entities() {
        let s = format!("<https://example.org/crash/org-{i}>");
        let _ = writeln!(
            text,
            "{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> ."
        );
        let _ = writeln!(
            text,
            "{s} <http://www.w3.org/2000/01/rdf-schema#label> \"Tổ chức thử {i} {}\"@vi .",
            WORDS[v]
        );
    }
    let path = dir.join(format!("crash-v{v}.nt"));
    std::fs::write(&path, text).unwrap();
    path
}

fn ingest(file: &Path, data: &Path) -> std::process::Child {
    Command::new(binary())
        .args(["ingest", "rdf"])
        .arg(file)
        .args(["--name", "crash", "--data-dir"])
        .arg(data)
        .env("BIOKG_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("biokg ingest starts")
}

/// A small deterministic generator (xorshift64*), so that a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Labels of the source's graph carrying each version's word, counted by SPARQL.
fn labels_by_version(server: &Server) -> [u64; 2] {
    WORDS.map(|w| {
        let q = format!(
            "SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <https://w3id.org/laocai-biotech/graph/rdf/crash> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(CONTAINS(?l, \"{w}\")) }} }}"
        );
        let r = server.get(&format!("/sparql?query={}", super::support::enc(&q)));
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().unwrap();
        body["results"]["bindings"][0]["n"]["value"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    })
}

fn search_total(server: &Server, q: &str) -> u64 {
    let r = server.get(&format!("/api/search?q={q}&limit=1"));
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().unwrap();
    body["total"].as_u64().unwrap()
}

/// Starts a server on `data`, checks that the store holds exactly one whole version and the
/// index agrees with it, and returns that version.
fn check(data: &Path, round: usize) -> usize {
    let server = Server::start_with(data, &["--no-bootstrap"], &[]);
    let ready = server.get("/ready");
    assert_eq!(ready.status(), 200, "round {round}: not ready");
    let counts = labels_by_version(&server);
    let n = entities() as u64;
    let version = match counts {
        [c, 0] if c == n => 0,
        [0, c] if c == n => 1,
        other => panic!("round {round}: a mixed or partial graph: {other:?} labels per version"),
    };
    let health: serde_json::Value = server.get("/health").json().unwrap();
    assert_eq!(health["in_step"], true, "round {round}");
    assert_eq!(health["index"]["documents"], n, "round {round}");
    assert_eq!(search_total(&server, WORDS[version]), n, "round {round}");
    assert_eq!(
        search_total(&server, WORDS[1 - version]),
        0,
        "round {round}"
    );
    version
}

/// How long the kills are spread over: a replace measured before the first kill, then
/// adapted to the machine's load as the rounds go. A shared machine can slow an ingest several
/// times over; after [`STREAK`] rounds in a row that all ended on the same side of the commit,
/// the window grows (all old: the kills came too early) or shrinks (all new: too late), so
/// that kills land on both sides whatever the load.
struct Window {
    span: std::time::Duration,
    /// The last rounds' outcomes, `true` for the new graph.
    recent: Vec<bool>,
}

/// Rounds in a row on one side of the commit before the window is moved.
const STREAK: usize = 4;

impl Window {
    fn delay(&self, rng: &mut Rng) -> std::time::Duration {
        self.span.mul_f64(1.2 * rng.unit())
    }

    fn record(&mut self, new: bool) {
        self.recent.push(new);
        if self.recent.len() >= STREAK && self.recent.iter().rev().take(STREAK).all(|&n| n == new) {
            self.span = if new {
                self.span.mul_f64(0.6)
            } else {
                self.span.mul_f64(1.6)
            };
            self.recent.clear();
        }
    }
}

/// Runs an ingest of `file` to its end and returns how long it took.
fn timed_ingest(file: &Path, data: &Path) -> std::time::Duration {
    let started = Instant::now();
    let status = ingest(file, data).wait().unwrap();
    assert!(status.success());
    started.elapsed()
}

#[test]
fn a_killed_ingest_leaves_the_old_or_the_new_graph_and_an_index_in_step() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let files = [write_version(tmp.path(), 0), write_version(tmp.path(), 1)];

    // A first ingest of version 0, then a whole replace by version 1, timed: the replace is
    // what the killed rounds do.
    timed_ingest(&files[0], &data);
    assert_eq!(check(&data, 0), 0);
    let whole = timed_ingest(&files[1], &data);
    let mut version = check(&data, 0);
    assert_eq!(version, 1);

    let mut rng = Rng(0x5EED_1A0C_A1B1_0C65);
    let mut window = Window {
        span: whole,
        recent: Vec::new(),
    };
    let (mut old, mut new) = (0, 0);
    for round in 1..=KILLS {
        let target = 1 - version;
        let delay = window.delay(&mut rng);
        let mut child = ingest(&files[target], &data);
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some_and(|s| s.success());
        let _ = child.kill();
        let _ = child.wait();
        let after = check(&data, round);
        if finished {
            assert_eq!(after, target, "round {round}: a finished ingest was lost");
        }
        if after == target {
            new += 1;
        } else {
            old += 1;
        }
        eprintln!(
            "round {round}: killed after {delay:?} of {:?}: {}",
            window.span,
            if finished {
                "had finished"
            } else if after == target {
                "new graph"
            } else {
                "old graph"
            }
        );
        window.record(after == target);
        version = after;
    }
    // The kills did land before and after the commit.
    assert!(old > 0 && new > 0, "old {old}, new {new}");
}
