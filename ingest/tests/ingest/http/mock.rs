//! A small HTTP/1.1 server on 127.0.0.1 for the tests: it answers GET requests through a
//! handler, counts them, and can be told to fail the next requests (an error status, a stall).
//!
//! One thread accepts, one thread per connection answers, every answer closes its connection.
//! Threads stalled on purpose are left to sleep; the test process ends them.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the mock received it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) path: String,
    /// Query pairs, percent-decoded, in order.
    pub(crate) query: Vec<(String, String)>,
    /// Header names lowercase.
    pub(crate) headers: Vec<(String, String)>,
}

impl Request {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    content_length: bool,
    delay: Duration,
}

impl Reply {
    pub(crate) fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            content_length: true,
            delay: Duration::ZERO,
        }
    }

    /// A JSON file of `ingest/tests/fixtures/gbif/` (the path works from any crate of the
    /// workspace: the server's command-line tests include this file too).
    pub(crate) fn fixture(name: &str) -> Self {
        let path = format!(
            "{}/../ingest/tests/fixtures/gbif/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Self::new(200, "application/json", body)
    }

    pub(crate) fn status(status: u16) -> Self {
        Self::new(
            status,
            "application/json",
            format!("{{\"status\":{status}}}"),
        )
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the body without Content-Length, ending it by closing the connection.
    pub(crate) fn streamed(mut self) -> Self {
        self.content_length = false;
        self
    }

    /// Waits this long before answering.
    pub(crate) fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = Box<dyn Fn(&Request) -> Reply + Send + Sync>;

struct State {
    requests: Vec<Request>,
    failures: VecDeque<Reply>,
}

/// A running mock server.
pub(crate) struct Mock {
    /// `http://127.0.0.1:PORT`.
    pub(crate) base: String,
    state: Arc<Mutex<State>>,
    written: Arc<AtomicU64>,
}

impl Mock {
    pub(crate) fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let state = Arc::new(Mutex::new(State {
            requests: Vec::new(),
            failures: VecDeque::new(),
        }));
        let written = Arc::new(AtomicU64::new(0));
        let handler: Arc<Handler> = Arc::new(Box::new(handler));
        {
            let state = state.clone();
            let written = written.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    let (state, written, handler) =
                        (state.clone(), written.clone(), handler.clone());
                    std::thread::spawn(move || serve(stream, &state, &written, &handler));
                }
            });
        }
        Self {
            base,
            state,
            written,
        }
    }

    /// The mock of the GBIF API v1 (under `/v1`), replaying the recorded answers.
    pub(crate) fn gbif() -> Self {
        Self::start(|r| match r.path.as_str() {
            "/v1/species/match" => {
                let name = r.param("name").unwrap_or("");
                if name.starts_with("Helianthus annuus") {
                    Reply::fixture("v1_species_match_exact_Helianthus_annuus.json")
                } else if name.starts_with("Amanita muscaria") {
                    Reply::fixture("v1_species_match_synonym_Amanita_muscaria.derived.json")
                } else {
                    Reply::fixture("v1_species_match_none_Aso.json")
                }
            }
            "/v1/occurrence/search" if r.param("taxonKey") == Some("3329049") => {
                Reply::fixture("v1_occurrence_search_taxonKey3329049_trimmed.json")
            }
            _ => Reply::status(404),
        })
    }

    /// The next `n` requests get `reply` instead of the handler's answer.
    pub(crate) fn fail_next(&self, n: usize, reply: Reply) {
        let mut s = self.state.lock().expect("mock state");
        s.failures.extend(std::iter::repeat_n(reply, n));
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.state.lock().expect("mock state").requests.clone()
    }

    pub(crate) fn count(&self) -> usize {
        self.state.lock().expect("mock state").requests.len()
    }

    /// Body bytes the mock managed to send, over all requests.
    pub(crate) fn body_bytes_written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }
}

fn serve(mut stream: TcpStream, state: &Mutex<State>, written: &AtomicU64, handler: &Handler) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    let reply = {
        let mut s = state.lock().expect("mock state");
        s.requests.push(request.clone());
        s.failures.pop_front()
    }
    .unwrap_or_else(|| handler(&request));
    std::thread::sleep(reply.delay);
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if reply.content_length {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    for chunk in reply.body.chunks(16 * 1024) {
        if stream.write_all(chunk).is_err() {
            return;
        }
        written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
    }
    let _ = stream.flush();
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut byte).ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let mut lines = text.split("\r\n");
    let target = lines.next()?.split(' ').nth(1)?.to_owned();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Request {
        path: path.to_owned(),
        query,
        headers,
    })
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XX` a byte.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
