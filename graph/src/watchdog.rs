//! One thread that cancels queries at their time limit.
//!
//! Every query and update arms a deadline for its cancellation token. A thread per query (what
//! a `recv_timeout` per call needs) costs a spawn and a stack for each request, which shows at
//! thousands of small queries a second; here one thread, started on first use, sleeps until the
//! earliest deadline, so arming and disarming are a map insert and remove under a lock.

use oxigraph::sparql::CancellationToken;
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

/// The deadlines waiting, by time and then by arming order (so that equal instants differ).
struct Deadlines {
    next: u64,
    armed: BTreeMap<(Instant, u64), CancellationToken>,
}

struct Watchdog {
    deadlines: Mutex<Deadlines>,
    changed: Condvar,
}

impl Watchdog {
    fn lock(&self) -> MutexGuard<'_, Deadlines> {
        // A panic while holding the lock leaves the map consistent (inserts and removes are
        // whole), so a poisoned lock is still usable.
        self.deadlines.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn run(&self) {
        let mut d = self.lock();
        loop {
            let now = Instant::now();
            let first = d.armed.keys().next().copied();
            d = match first {
                None => self.changed.wait(d).unwrap_or_else(|e| e.into_inner()),
                Some(key) if key.0 <= now => {
                    if let Some(token) = d.armed.remove(&key) {
                        token.cancel();
                    }
                    d
                }
                Some((at, _)) => {
                    self.changed
                        .wait_timeout(d, at - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
            };
        }
    }
}

/// The one watchdog; its thread starts on first use.
fn watchdog() -> &'static Watchdog {
    static W: Watchdog = Watchdog {
        deadlines: Mutex::new(Deadlines {
            next: 0,
            armed: BTreeMap::new(),
        }),
        changed: Condvar::new(),
    };
    static START: Once = Once::new();
    START.call_once(|| {
        std::thread::Builder::new()
            .name("biokg-query-watchdog".into())
            .spawn(|| W.run())
            .expect("the query watchdog thread starts");
    });
    &W
}

/// Cancels its token at its deadline unless dropped before.
#[must_use = "the deadline is disarmed when the guard is dropped"]
pub(crate) struct Armed {
    key: (Instant, u64),
}

/// Cancels `token` when `timeout` has passed, unless the returned guard is dropped first.
pub(crate) fn arm(token: CancellationToken, timeout: Duration) -> Armed {
    let w = watchdog();
    // A timeout too large for an `Instant` never fires.
    let at = Instant::now()
        .checked_add(timeout)
        .unwrap_or_else(|| Instant::now() + Duration::from_secs(100 * 365 * 24 * 3600));
    let mut d = w.lock();
    let key = (at, d.next);
    d.next += 1;
    let earliest = d.armed.keys().next().is_none_or(|first| key < *first);
    d.armed.insert(key, token);
    drop(d);
    if earliest {
        w.changed.notify_one();
    }
    Armed { key }
}

impl Drop for Armed {
    fn drop(&mut self) {
        // No wake-up needed: the thread finds the deadline gone when it next looks.
        watchdog().lock().armed.remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_until(deadline: Duration, cond: impl Fn() -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < deadline {
            if cond() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        cond()
    }

    #[test]
    fn a_deadline_cancels_its_token_and_only_its_own() {
        let short = CancellationToken::new();
        let long = CancellationToken::new();
        let _long_guard = arm(long.clone(), Duration::from_secs(3600));
        let _short_guard = arm(short.clone(), Duration::from_millis(20));
        assert!(wait_until(Duration::from_secs(10), || short.is_cancelled()));
        assert!(!long.is_cancelled());
    }

    #[test]
    fn a_dropped_guard_disarms_and_an_earlier_deadline_wakes_the_thread() {
        let disarmed = CancellationToken::new();
        drop(arm(disarmed.clone(), Duration::from_millis(10)));
        // Armed after a far deadline, an earlier one must still fire on time.
        let far = CancellationToken::new();
        let _far_guard = arm(far.clone(), Duration::from_secs(3600));
        let near = CancellationToken::new();
        let _near_guard = arm(near.clone(), Duration::from_millis(30));
        assert!(wait_until(Duration::from_secs(10), || near.is_cancelled()));
        std::thread::sleep(Duration::from_millis(30));
        assert!(!disarmed.is_cancelled());
        assert!(!far.is_cancelled());
    }

    #[test]
    fn a_huge_timeout_does_not_overflow() {
        let t = CancellationToken::new();
        let _g = arm(t.clone(), Duration::MAX);
        assert!(!t.is_cancelled());
    }
}
