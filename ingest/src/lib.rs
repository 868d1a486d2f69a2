//! Ingestors of BioKG Lào Cai: here is a file, give me validated quads and a report.
//!
//! One call: [`ingest`] takes an [`Input`] (what the source is, a [`Format`]: a plan text, a
//! places folder, one of the four registries, or an RDF file in an [`RdfSyntax`]; its content,
//! a path or bytes; its name) and a [`Context`] (what the store already knows: the ids
//! registries refer to ([`registry::Known`]), the communes they may name
//! ([`registry::Gazetteer`]), and the store as the SHACL validation sees it
//! ([`shacl::Store`])), and gives a [`Loaded`]: the quads of the source's named graph, with
//! provenance, and a [`Report`] of what was found. Bad input is an [`Error`] naming the file,
//! the line and the reason (for places, registries and RDF, every [`Problem`] at once);
//! nothing is half-loaded because nothing is written here: the caller replaces the source's
//! graph in one transaction. [`ingest_streaming`] is the same call that hands a large RDF
//! file's quads to a bulk loader while the rest is still parsed and validated.
//!
//! Behind it, one reader per format: [`plan::parse_plan`] reads a plan in the official layout
//! (a PDF converted to text) into a typed [`plan::Plan`]; [`places`] and [`registry`] check
//! folders and tables; [`rdf`] parses the usual RDF syntaxes and validates them against the
//! project's shapes with [`shacl`].
//!
//! Two ingestors read the network, through one client (`http`: timeouts, retries with
//! backoff, a polite pace, a size limit while streaming), and stay separate calls:
//! [`gbif::match_taxa`] matches the graph's taxa against the GBIF species-match API with a disk
//! cache, and [`remote::fetch`] downloads a file that [`Fetched::into_input`] makes an
//! [`Input`] of.

mod error;
pub mod gbif;
mod http;
mod input;
mod load;
pub mod places;
pub mod plan;
pub mod rdf;
mod read;
pub mod registry;
pub mod remote;
mod report;
pub mod shacl;
mod source;

pub use error::{Error, Problem, Result};
pub use gbif::{GbifConfig, TaxonName, match_taxa};
pub use http::USER_AGENT;
pub use input::{Context, Format, Input, ingest, ingest_streaming};
pub use load::{Loaded, Report, default_name};
pub use rdf::RdfSyntax;
pub use remote::{FetchConfig, Fetched, RemoteFormat, detect_format, fetch};
pub use source::{INGESTOR_VERSION, SourceFile, SourceType, ingest_log};
