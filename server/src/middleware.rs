//! The layers every request goes through: a request id, metrics and one log line, and the
//! optional per-client rate limit.

use crate::error::{ApiError, Code};
use crate::state::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::hash::{BuildHasher, Hasher};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tracing::Instrument;

/// The header that carries the request id, in and out.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest client-supplied request id kept; longer or odd ones are replaced.
const MAX_ID_LEN: usize = 128;

/// The id of the current request, in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn client_id(value: &HeaderValue) -> Option<String> {
    let s = value.to_str().ok()?;
    (!s.is_empty()
        && s.len() <= MAX_ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
    .then(|| s.to_owned())
}

/// A fresh id: 64 random bits (from the standard library's per-process random hasher keys)
/// mixed with a counter, as 16 hex digits.
fn fresh_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{:016x}", h.finish())
}

/// Takes the client's `x-request-id` (when it is short and plain) or makes one, runs the
/// request inside a `request` span that carries it (so every log line of the request shows
/// it), and returns it in the response's `x-request-id`.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(client_id)
        .unwrap_or_else(fresh_id);
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", id = %id);
    let mut response = next.run(req).instrument(span).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID.clone(), v);
    }
    response
}

/// Counts the response in the metrics by route template and logs one line for it.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let response = next.run(req).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let code = response.extensions().get::<Code>().copied();
    state
        .metrics
        .observe(&route, &method, status, elapsed, code);
    tracing::info!(
        %method,
        %path,
        %route,
        status,
        code = code.map(Code::as_str),
        ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// Routes no client is throttled on: probes and scrapes.
const UNLIMITED: &[&str] = &["/health", "/ready", "/metrics"];

/// The per-client rate limit (when configured): 429 with `Retry-After` past the rate.
///
/// The client is the TCP peer address; `X-Forwarded-For` is not trusted, so behind a proxy
/// the proxy should do the limiting.
pub async fn rate_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(limiter) = &state.limiter else {
        return next.run(req).await;
    };
    if UNLIMITED.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let client: IpAddr = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    match limiter.check(client, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => ApiError::new(
            Code::RateLimited,
            "too many requests from this address; slow down",
        )
        .retry_after(wait)
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_kept_only_when_plain() {
        let v = |s: &str| client_id(&HeaderValue::from_str(s).unwrap());
        assert_eq!(v("abc-123_x.y:z").as_deref(), Some("abc-123_x.y:z"));
        assert_eq!(v("has space"), None);
        assert_eq!(v(""), None);
        assert_eq!(v(&"a".repeat(129)), None);
        let (a, b) = (fresh_id(), fresh_id());
        assert_eq!(a.len(), 16);
        assert_ne!(a, b);
    }
}
