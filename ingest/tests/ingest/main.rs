//! The ingest crate's integration tests, one binary with one module per ingestor (so that
//! linking stays fast): plan texts, places folders, registries, RDF files, and the ingestors
//! that read the network (against a mock server).

mod common;
mod http;
mod places;
mod plan;
mod rdf;
mod registries;
mod report;
