//! The ingestors that read the network, against a mock server on 127.0.0.1 that replays
//! recorded GBIF answers: name matches and occurrences as quads, the response cache, retries,
//! timeouts, size limits and remote files. No test reaches the internet.

mod fetch;
mod gbif;
mod mock;
