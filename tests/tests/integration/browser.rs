//! The pages in a real browser: headless Chromium driven over the W3C WebDriver protocol
//! (spoken with reqwest; chromedriver is started on a free port), against the router served
//! on 127.0.0.1 over the bundled data. Screenshots go to `browser-artifacts/` beside the
//! test target's `tmp/` folder (`$CARGO_TARGET_DIR/browser-artifacts`), printed by the test.
//!
//! Without `chromium` and `chromedriver` on the PATH the test says so and passes, unless
//! `BIOKG_BROWSER_TESTS=required` (set by `.ci/run`), which makes a missing browser a failure.

use super::support::{kb, skip_unless_required, which};
use biokg_server::state::{AppState, Settings};
use serde_json::{Value, json};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The WebDriver key for Enter.
const ENTER: &str = "\u{E007}";
/// The WebDriver name of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The router on a free port of 127.0.0.1, served from a thread of its own.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let app = biokg_server::app(AppState::new(kb(), Settings::default()));
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
    });
    format!("http://{addr}")
}

/// chromedriver, stopped (by its own PID) on drop, with the browser profile it used.
struct Driver {
    child: Child,
    /// A fresh Chromium profile, removed on drop.
    profile: tempfile::TempDir,
    url: String,
    http: reqwest::blocking::Client,
    session: String,
    artifacts: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.url, self.session))
            .send();
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Chromium may still be writing its profile as it exits.
        std::thread::sleep(Duration::from_millis(200));
        let _ = std::fs::remove_dir_all(self.profile.path());
    }
}

impl Driver {
    fn start(chromium: &Path, chromedriver: &Path, artifacts: PathBuf) -> Self {
        let port = free_port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let started = Instant::now();
        loop {
            let ready = http
                .get(format!("{url}/status"))
                .send()
                .ok()
                .and_then(|r| r.json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not become ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let user_data_dir = format!("--user-data-dir={}", profile.path().display());
        let mut driver = Self {
            child,
            profile,
            url,
            http,
            session: String::new(),
            artifacts,
        };
        let answer = driver.call(
            reqwest::Method::POST,
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium.display().to_string(),
                    // A Vietnamese reader: the pages' language comes from Accept-Language.
                    "prefs": {"intl.accept_languages": "vi-VN,vi"},
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,900",
                        user_data_dir,
                    ]
                }
            }}}),
        );
        driver.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        driver
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.url)
        } else {
            format!("{}/session/{}{path}", self.url, self.session)
        };
        let mut request = self.http.request(method.clone(), &url);
        if method != reqwest::Method::GET {
            request = request.json(&body);
        }
        let response: Value = request
            .send()
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
            .json()
            .unwrap();
        let value = response["value"].clone();
        assert!(value.get("error").is_none(), "{method} {path}: {value}");
        value
    }

    fn get(&self, path: &str) -> Value {
        self.call(reqwest::Method::GET, path, Value::Null)
    }

    fn post(&self, path: &str, body: Value) -> Value {
        self.call(reqwest::Method::POST, path, body)
    }

    fn goto(&self, url: &str) {
        self.post("/url", json!({"url": url}));
    }

    fn url(&self) -> String {
        self.get("/url").as_str().unwrap_or_default().to_owned()
    }

    fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": []}))
    }

    /// The first element matching a CSS selector, waiting up to 10 s for it.
    fn find(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            let url = format!("{}/session/{}/element", self.url, self.session);
            let answer: Value = self
                .http
                .post(&url)
                .json(&json!({"using": "css selector", "value": css}))
                .send()
                .unwrap()
                .json()
                .unwrap();
            if let Some(id) = answer["value"][ELEMENT].as_str() {
                return id.to_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no element {css:?} on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.get(&format!("/element/{id}/text"))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.post(&format!("/element/{id}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.post(&format!("/element/{id}/clear"), json!({}));
        self.post(&format!("/element/{id}/value"), json!({"text": text}));
    }

    /// Waits up to 10 s for `check` to hold.
    fn wait_for(&self, what: &str, check: impl Fn(&Self) -> bool) {
        let started = Instant::now();
        while !check(self) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what} on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, name: &str) {
        let png = self.get("/screenshot");
        let bytes = base64_decode(png.as_str().unwrap_or_default());
        assert!(bytes.starts_with(b"\x89PNG"), "{name}: not a PNG");
        let file = self.artifacts.join(format!("{name}.png"));
        std::fs::write(&file, bytes).unwrap();
        println!("screenshot: {}", file.display());
    }

    /// Every resource the page loaded came from `origin`, and the page is no wider than the
    /// window.
    fn check_page(&self, origin: &str) {
        let loaded = self.script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; });",
        );
        for url in loaded.as_array().into_iter().flatten() {
            let url = url.as_str().unwrap_or_default();
            assert!(url.starts_with(origin), "{} loaded {url}", self.url());
        }
        let overflow = self.script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        );
        assert!(
            overflow.as_i64().unwrap_or(1) <= 0,
            "{} is {overflow} px wider than the window",
            self.url()
        );
    }
}

/// Standard base64 (the screenshots).
fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// The browser and its driver, or why the test cannot run.
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chromium = which(&["chromium", "chromium-browser", "google-chrome"])
        .ok_or("no chromium on the PATH")?;
    let driver = which(&["chromedriver"]).ok_or("no chromedriver on the PATH")?;
    Ok((chromium, driver))
}

#[test]
fn a_user_searches_filters_opens_follows_queries_and_switches_language() {
    let (chromium, chromedriver) = match browser() {
        Ok(found) => found,
        Err(why) => {
            skip_unless_required(
                "BIOKG_BROWSER_TESTS",
                "browser",
                &why,
                "chromium and chromium-driver",
            );
            return;
        }
    };
    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    println!("browser artifacts: {}", artifacts.display());
    let base = serve();
    let d = Driver::start(&chromium, &chromedriver, artifacts);

    // Home, in Vietnamese; the suggestion list fills as one types.
    d.goto(&format!("{base}/"));
    assert_eq!(d.script("return document.documentElement.lang;"), "vi");
    d.check_page(&base);
    d.type_into("#q", "duong q");
    d.wait_for("suggestions", |d| {
        d.script("return document.querySelectorAll('#suggestions option').length;")
            .as_i64()
            .unwrap_or(0)
            > 0
    });
    d.screenshot("01-home");

    // A query without diacritics finds the taxon with them.
    d.type_into("#q", &format!("duong quy{ENTER}"));
    d.wait_for("the results", |d| d.url().contains("/search?q=duong+quy"));
    assert!(d.text(".hits .hit-label").contains("Đương quy"));
    d.check_page(&base);
    d.screenshot("02-search-without-diacritics");

    // Tick a facet: the script applies it at once; only taxa remain.
    d.click("input[type=checkbox][name=type][value=taxon]");
    d.wait_for("the filtered results", |d| d.url().contains("type=taxon"));
    let kinds = d.script(
        "return Array.from(document.querySelectorAll('.hit > .kind')).map(function (e) { return e.textContent; });",
    );
    let kinds: Vec<&str> = kinds
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| *k == "Loài"),
        "{kinds:?}"
    );
    assert_eq!(
        d.script("return document.querySelector('input[name=type][value=taxon]').checked;"),
        true
    );
    d.screenshot("03-facet-ticked");

    // Open the entity.
    d.click(".hits .hit-label");
    d.wait_for("the entity page", |d| d.url().contains("/id/taxon/"));
    assert!(d.text("h1").contains("Đương quy"));
    d.check_page(&base);
    d.screenshot("04-entity");

    // With diacritics: a task; open it, then follow its lead agency.
    d.goto(&format!("{base}/"));
    d.type_into("#q", &format!("Hoàn thiện chuỗi giá trị dược liệu{ENTER}"));
    d.wait_for("the results", |d| d.url().contains("/search?q="));
    assert!(d.text(".hits mark").to_lowercase().contains("hoàn"));
    d.goto(&format!(
        "{base}/id/plan/ke-hoach-cnsh-lao-cai-2026/task/II-2-2-7"
    ));
    assert!(
        d.text(".source-lines")
            .contains("Hoàn thiện chuỗi giá trị dược liệu")
    );
    d.click("a[href='/id/agency/so-y-te']");
    d.wait_for("the agency page", |d| {
        d.url().ends_with("/id/agency/so-y-te")
    });
    assert_eq!(d.text("h1"), "Sở Y tế");
    d.screenshot("05-followed-link");

    // Run an example SPARQL query with one click, then edit and run one.
    d.goto(&format!("{base}/query"));
    d.click("a.example[href='/query?example=1']");
    d.wait_for("the results table", |d| {
        d.script("return document.querySelectorAll('table.results tbody tr').length;")
            .as_i64()
            == Some(10)
    });
    d.check_page(&base);
    d.screenshot("06-sparql-example");
    d.type_into(
        "#query",
        "PREFIX lcb: <https://w3id.org/laocai-biotech/ns#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a lcb:Target }",
    );
    d.click("#run");
    d.wait_for("the count", |d| {
        d.script(
            "var c = document.querySelector('table.results td'); return c ? c.textContent : '';",
        ) == "12"
    });

    // Switch language.
    d.goto(&format!("{base}/plan"));
    d.click("#lang-switch");
    d.wait_for("English", |d| {
        d.script("return document.documentElement.lang;") == "en"
    });
    assert!(d.url().contains("lang=en"));
    assert!(
        d.text("#targets h2")
            .starts_with("Specific targets to 2030")
    );
    d.screenshot("07-english");

    // On a phone's width, pages fit the screen.
    d.post("/window/rect", json!({"width": 390, "height": 844}));
    for path in [
        "/",
        "/search?q=duong+quy",
        "/id/plan/ke-hoach-cnsh-lao-cai-2026/task/II-2-2-7",
        "/plan",
        "/progress",
        "/value-chain",
        "/query?example=1",
    ] {
        d.goto(&format!("{base}{path}"));
        d.check_page(&base);
    }
    d.goto(&format!("{base}/value-chain"));
    d.screenshot("08-phone-value-chain");
    d.goto(&format!("{base}/"));
    d.screenshot("09-phone-home");
}
