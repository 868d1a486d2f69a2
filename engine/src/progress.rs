//! Progress of long runs (an ingest of a million organisations, the scale-data generator) on
//! a terminal: records done, rate and time left on stderr when it is a terminal, nothing when
//! it is not (a log file, a pipe, CI), so that scripts and logs stay clean.

use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

/// One progress line on stderr, or nothing when stderr is not a terminal. Cloning gives
/// another handle on the same line.
#[derive(Debug, Clone)]
pub struct Progress(ProgressBar);

impl Progress {
    /// A bar over `total` records: `message [=====>   ] 120,000/1,000,000 (85,311/s, 10s)`.
    pub fn bar(total: u64, message: impl Into<Cow<'static, str>>) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::new(total).with_message(message);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {human_pos}/{human_len} ({rate}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("rate", whole_rate)
            .progress_chars("=> "),
        );
        Progress(bar)
    }

    /// A spinner for a step whose size is not known beforehand, with the time it has taken.
    pub fn spinner(message: impl Into<Cow<'static, str>>) -> Self {
        Self::ticking("{spinner} {msg} ({elapsed})", message)
    }

    /// A count of records without a known total: `message: 250,000 (85,311/s, 3s)`.
    pub fn counter(message: impl Into<Cow<'static, str>>) -> Self {
        Self::ticking("{spinner} {msg}: {human_pos} ({rate}, {elapsed})", message)
    }

    /// A spinner line drawn with `template` (its `{rate}` in whole records per second).
    fn ticking(template: &str, message: impl Into<Cow<'static, str>>) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::new_spinner().with_message(message);
        bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner())
                .with_key("rate", whole_rate),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(bar)
    }

    /// A line that shows nothing (for callers that asked for no progress).
    pub fn hidden() -> Self {
        Progress(ProgressBar::hidden())
    }

    /// Sets the records done.
    pub fn set(&self, done: u64) {
        self.0.set_position(done);
    }

    /// Adds `n` records done.
    pub fn inc(&self, n: u64) {
        self.0.inc(n);
    }

    /// Records done so far.
    pub fn done(&self) -> u64 {
        self.0.position()
    }

    /// Removes the line: the caller prints its own summary.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Whole records per second: indicatif's own rate prints four decimals.
fn whole_rate(state: &ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = write!(w, "{:.0}/s", state.per_sec());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_line_still_counts() {
        // Under `cargo test` stderr is captured, not a terminal: the bar is hidden, but the
        // counts callers read back stay right.
        let p = Progress::bar(10, "rows");
        p.inc(3);
        p.inc(4);
        assert_eq!(p.done(), 7);
        p.set(9);
        assert_eq!(p.done(), 9);
        assert!(p.0.is_hidden());
        p.finish();
        assert!(Progress::spinner("step").0.is_hidden());
    }
}
