//! Limits that keep one client or one query from taking the service down: the SPARQL slots
//! ([`QueryGate`]) and the per-client rate limit ([`RateLimiter`]).
//!
//! Oxigraph does not check its cancellation token everywhere (a `COUNT` over a cartesian
//! product materialises the join first, and a three-way product filters whole rows of the
//! inner product between two checks), so a query can outlive its time limit. The client is
//! answered at the limit all the same ([`QueryGate::run_within`]); the gate counts a slot as
//! taken until the evaluation has really returned, not until the client gave up: runaway queries fill the slots and further SPARQL requests get a quick 503, while
//! `/api/search` and the other routes, which never take a slot, stay fast. Evaluations run on
//! tokio's blocking pool, of which the gate lets SPARQL use at most its number of slots.

use crate::error::{ApiError, ApiResult, Code};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Bounded admission of SPARQL evaluations.
#[derive(Debug, Clone)]
pub struct QueryGate {
    slots: Arc<Semaphore>,
    size: usize,
    queue_timeout: Duration,
}

impl QueryGate {
    /// A gate of `size` slots (at least one) where a request waits at most `queue_timeout`.
    pub fn new(size: usize, queue_timeout: Duration) -> Self {
        let size = size.max(1);
        Self {
            slots: Arc::new(Semaphore::new(size)),
            size,
            queue_timeout,
        }
    }

    /// The number of slots.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Evaluations running now.
    pub fn running(&self) -> usize {
        self.size - self.slots.available_permits()
    }

    /// Runs `work` on the blocking pool once a slot is free; the slot is held until `work`
    /// returns, even if the caller stopped waiting.
    ///
    /// # Errors
    /// [`Code::TooBusy`] (503 with `Retry-After`) when no slot frees up within the queue
    /// timeout; [`Code::Internal`] if `work` panics.
    pub async fn run<T, F>(&self, work: F) -> ApiResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let slot = self.acquire().await?;
        Ok(spawn_holding(slot, work).await?)
    }

    /// As [`QueryGate::run`] for a read-only evaluation with a time limit: the caller gets
    /// its answer by `timeout` (and a little grace for the cancellation to land) even when
    /// the evaluation does not notice its cancellation, which then keeps its slot until it
    /// really returns. Not for writes, whose outcome the caller must learn.
    ///
    /// # Errors
    /// As [`QueryGate::run`]; and [`Code::QueryTimeout`] when the evaluation has not returned
    /// in time.
    pub async fn run_within<T, F>(&self, timeout: Duration, work: F) -> ApiResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let slot = self.acquire().await?;
        match tokio::time::timeout(timeout + CANCEL_GRACE, spawn_holding(slot, work)).await {
            Ok(done) => Ok(done?),
            Err(_) => Err(biokg_graph::Error::Timeout(timeout).into()),
        }
    }

    async fn acquire(&self) -> ApiResult<OwnedSemaphorePermit> {
        match tokio::time::timeout(self.queue_timeout, Arc::clone(&self.slots).acquire_owned())
            .await
        {
            Ok(Ok(slot)) => Ok(slot),
            _ => Err(ApiError::new(
                Code::TooBusy,
                format!("all {} SPARQL slots are busy; retry shortly", self.size),
            )
            .retry_after(1)),
        }
    }
}

/// Runs `work` on the blocking pool, holding `slot` until it returns.
fn spawn_holding<T, F>(slot: OwnedSemaphorePermit, work: F) -> tokio::task::JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    })
}

/// How long past its time limit a cancelled evaluation may take to return before the client
/// is answered anyway.
const CANCEL_GRACE: Duration = Duration::from_millis(500);

/// Requests per second and burst of the per-client rate limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Tokens added per second.
    pub per_second: f64,
    /// Bucket size: requests a quiet client may send at once.
    pub burst: f64,
}

impl std::str::FromStr for Rate {
    type Err = String;

    /// `N` (N requests per second, burst N) or `N/B` (N per second, burst B).
    fn from_str(s: &str) -> Result<Self, String> {
        let (rate, burst) = match s.split_once('/') {
            Some((r, b)) => (r, Some(b)),
            None => (s, None),
        };
        let number = |v: &str| -> Result<f64, String> {
            let n: f64 = v
                .trim()
                .parse()
                .map_err(|_| format!("{v:?} is not a number"))?;
            if n.is_finite() && n > 0.0 {
                Ok(n)
            } else {
                Err(format!("{v:?} must be a positive number"))
            }
        };
        let per_second = number(rate)?;
        let burst = burst
            .map(number)
            .transpose()?
            .unwrap_or(per_second)
            .max(1.0);
        Ok(Self { per_second, burst })
    }
}

/// Most clients tracked at once; past it, buckets full again are forgotten.
const MAX_CLIENTS: usize = 100_000;

/// A token bucket per client address.
#[derive(Debug)]
pub struct RateLimiter {
    rate: Rate,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter at `rate`.
    pub fn new(rate: Rate) -> Self {
        Self {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client` at time `now`. Returns `Err(seconds)` to wait when the
    /// bucket is empty.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_CLIENTS {
            let rate = self.rate;
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.saturating_duration_since(*at).as_secs_f64() * rate.per_second
                    < rate.burst
            });
        }
        let (tokens, at) = buckets.entry(client).or_insert((self.rate.burst, now));
        let refilled = (*tokens
            + now.saturating_duration_since(*at).as_secs_f64() * self.rate.per_second)
            .min(self.rate.burst);
        *at = now;
        if refilled >= 1.0 {
            *tokens = refilled - 1.0;
            Ok(())
        } else {
            *tokens = refilled;
            let wait = (1.0 - refilled) / self.rate.per_second;
            Err(wait.ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_with_and_without_a_burst() {
        assert_eq!(
            "5".parse::<Rate>().unwrap(),
            Rate {
                per_second: 5.0,
                burst: 5.0
            }
        );
        assert_eq!(
            "0.5/10".parse::<Rate>().unwrap(),
            Rate {
                per_second: 0.5,
                burst: 10.0
            }
        );
        assert!("0".parse::<Rate>().is_err());
        assert!("x/2".parse::<Rate>().is_err());
    }

    #[test]
    fn a_bucket_allows_the_burst_then_refills_at_the_rate() {
        let limiter = RateLimiter::new("2/3".parse().unwrap());
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check(a, t0), Ok(()));
        }
        assert_eq!(limiter.check(a, t0), Err(1));
        // Another client has its own bucket.
        assert_eq!(limiter.check(b, t0), Ok(()));
        // Half a second at 2/s gives one token back.
        assert_eq!(limiter.check(a, t0 + Duration::from_millis(500)), Ok(()));
        assert_eq!(limiter.check(a, t0 + Duration::from_millis(500)), Err(1));
        // A long pause refills to the burst, not beyond.
        let later = t0 + Duration::from_secs(60);
        for _ in 0..3 {
            assert_eq!(limiter.check(a, later), Ok(()));
        }
        assert!(limiter.check(a, later).is_err());
    }

    #[tokio::test]
    async fn a_full_gate_refuses_after_the_queue_wait_and_frees_when_work_ends() {
        let gate = QueryGate::new(1, Duration::from_millis(50));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let held = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.run(move || wait.recv().is_ok()).await })
        };
        while gate.running() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let err = gate.run(|| 1).await.unwrap_err();
        assert_eq!(err.code(), Code::TooBusy);
        release.send(()).unwrap();
        assert!(held.await.unwrap().unwrap());
        assert_eq!(gate.run(|| 2).await.unwrap(), 2);
        assert_eq!(gate.running(), 0);
    }
}
