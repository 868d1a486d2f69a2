//! The HTTP client of the remote ingestors: timeouts, retries with exponential backoff, a polite
//! pace between requests, and a size limit enforced while the body streams in.
//!
//! Only transient failures are retried: a connection that fails or times out, 429 Too Many
//! Requests and 5xx answers (waiting as long as `Retry-After` asks, up to a cap). Any other 4xx
//! is the caller's mistake and fails at once, as does a body over the limit: asking again would
//! give the same answer.

use crate::{Error, Result};
use reqwest::StatusCode;
use reqwest::Url;
use reqwest::blocking::{Client, Response};
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use std::io::Read;
use std::time::{Duration, Instant, SystemTime};

/// The `User-Agent` of every request: the software, its version and where to read about it.
pub const USER_AGENT: &str = concat!(
    "biokg/",
    env!("CARGO_PKG_VERSION"),
    " (BioKG Lao Cai knowledge graph; https://github.com/biokg-laocai/biokg)"
);

/// How requests are made: limits, retries and pace.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    /// Time allowed for one attempt, from connecting to the end of the body.
    pub(crate) timeout: Duration,
    /// Attempts after the first for a transient failure.
    pub(crate) retries: u32,
    /// The wait before the first retry; doubled for each further one.
    pub(crate) backoff: Duration,
    /// The longest wait between attempts, whatever `Retry-After` asks.
    pub(crate) max_retry_wait: Duration,
    /// The shortest time between the starts of two requests.
    pub(crate) min_interval: Duration,
    /// The largest body accepted, in bytes.
    pub(crate) max_bytes: u64,
}

/// A successful response, read whole.
#[derive(Debug)]
pub(crate) struct Body {
    /// The URL answered, after redirects.
    pub(crate) url: Url,
    /// The Content-Type without its parameters, lowercase.
    pub(crate) media_type: Option<String>,
    /// The body.
    pub(crate) bytes: Vec<u8>,
}

/// A blocking client that follows a [`Policy`] and counts what it sends.
pub(crate) struct Http {
    client: Client,
    policy: Policy,
    last: Option<Instant>,
    requests: usize,
}

/// Why one attempt failed.
enum Failure {
    /// Worth another attempt, after this wait; the error if it was the last.
    Retry(Duration, Error),
    /// Final.
    Fatal(Error),
}

impl Http {
    /// A client for `policy`.
    ///
    /// # Errors
    /// [`Error::Http`] when the TLS backend cannot be set up.
    pub(crate) fn new(policy: Policy) -> Result<Self> {
        let client = Client::builder()
            .user_agent(USER_AGENT)
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout)
            .build()
            .map_err(|e| Error::Http {
                url: "http client".to_owned(),
                attempts: 0,
                reason: format!("cannot build the http client: {}", describe(&e)),
            })?;
        Ok(Self {
            client,
            policy,
            last: None,
            requests: 0,
        })
    }

    /// Requests actually sent, retries included.
    pub(crate) fn requests(&self) -> usize {
        self.requests
    }

    /// `GET url`, retried as the policy says.
    ///
    /// # Errors
    /// [`Error::Http`] when no answer came after every attempt, [`Error::HttpStatus`] for an
    /// error status, [`Error::TooLarge`] for a body over the limit.
    pub(crate) fn get(&mut self, url: &Url) -> Result<Body> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.pace();
            self.requests += 1;
            let outcome = self.attempt(url, attempts);
            self.last = Some(Instant::now());
            match outcome {
                Ok(body) => return Ok(body),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(wait, error)) => {
                    if attempts > self.policy.retries {
                        return Err(error);
                    }
                    tracing::warn!(
                        attempt = attempts,
                        wait_ms = wait.as_millis() as u64,
                        "{error}: retrying"
                    );
                    std::thread::sleep(wait);
                }
            }
        }
    }

    /// Sleeps until `min_interval` has passed since the last request ended.
    fn pace(&self) {
        if let Some(last) = self.last {
            let since = last.elapsed();
            if since < self.policy.min_interval {
                std::thread::sleep(self.policy.min_interval - since);
            }
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.policy
            .backoff
            .saturating_mul(factor)
            .min(self.policy.max_retry_wait)
    }

    fn attempt(&self, url: &Url, attempt: u32) -> Result<Body, Failure> {
        let resp = match self.client.get(url.clone()).send() {
            Ok(r) => r,
            Err(e) if e.is_builder() || e.is_redirect() => {
                return Err(Failure::Fatal(Error::Http {
                    url: url.to_string(),
                    attempts: attempt,
                    reason: describe(&e),
                }));
            }
            Err(e) => {
                return Err(Failure::Retry(
                    self.backoff(attempt),
                    Error::Http {
                        url: url.to_string(),
                        attempts: attempt,
                        reason: describe(&e),
                    },
                ));
            }
        };
        let status = resp.status();
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let wait = retry_after(&resp)
                .unwrap_or_else(|| self.backoff(attempt))
                .min(self.policy.max_retry_wait);
            return Err(Failure::Retry(
                wait,
                Error::HttpStatus {
                    url: url.to_string(),
                    status: status.as_u16(),
                    attempts: attempt,
                },
            ));
        }
        if !status.is_success() {
            return Err(Failure::Fatal(Error::HttpStatus {
                url: url.to_string(),
                status: status.as_u16(),
                attempts: attempt,
            }));
        }
        self.read(url, resp, attempt)
    }

    /// Reads the body, stopping one byte past the limit.
    fn read(&self, url: &Url, resp: Response, attempt: u32) -> Result<Body, Failure> {
        let limit = self.policy.max_bytes;
        let too_large = || {
            Failure::Fatal(Error::TooLarge {
                url: url.to_string(),
                limit,
            })
        };
        let declared = resp
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let media_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(media_type);
        let final_url = resp.url().clone();
        let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(limit) as usize);
        if let Err(e) = resp.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
            return Err(Failure::Retry(
                self.backoff(attempt),
                Error::Http {
                    url: url.to_string(),
                    attempts: attempt,
                    reason: format!("reading the body: {}", describe(&e)),
                },
            ));
        }
        if bytes.len() as u64 > limit {
            return Err(too_large());
        }
        Ok(Body {
            url: final_url,
            media_type,
            bytes,
        })
    }
}

/// The media type of a Content-Type value: without parameters, trimmed, lowercase.
pub(crate) fn media_type(content_type: &str) -> Option<String> {
    let t = content_type.split(';').next()?.trim().to_ascii_lowercase();
    (!t.is_empty()).then_some(t)
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date.
fn retry_after(resp: &Response) -> Option<Duration> {
    let value = resp.headers().get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// An error with its chain of causes, which is where reqwest says what actually happened.
fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_drop_parameters_and_case() {
        assert_eq!(
            media_type("Text/CSV; charset=utf-8").as_deref(),
            Some("text/csv")
        );
        assert_eq!(
            media_type("application/json").as_deref(),
            Some("application/json")
        );
        assert_eq!(media_type(" ; charset=utf-8"), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let http = Http::new(Policy {
            timeout: Duration::from_secs(1),
            retries: 5,
            backoff: Duration::from_millis(100),
            max_retry_wait: Duration::from_millis(350),
            min_interval: Duration::ZERO,
            max_bytes: 10,
        })
        .expect("client");
        let waits: Vec<u128> = (1..=4).map(|a| http.backoff(a).as_millis()).collect();
        assert_eq!(waits, vec![100, 200, 350, 350]);
    }

    #[test]
    fn the_user_agent_names_biokg_and_its_version() {
        assert!(USER_AGENT.starts_with(concat!("biokg/", env!("CARGO_PKG_VERSION"), " (")));
        assert!(USER_AGENT.is_ascii());
    }
}
