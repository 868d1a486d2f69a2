//! Ingestors of BioKG Lào Cai: here is a file, give me validated quads and a report.
//!
//! [`load_plan`] reads the text of a plan in the official layout (a PDF converted to text)
//! through [`plan::parse_plan`] into a typed [`plan::Plan`], and [`rdf`] maps that onto the
//! ontology as the quads of one named graph with provenance. Bad input is an [`Error`] naming
//! the file, the line and the reason; nothing is half-loaded because nothing is written here:
//! the caller replaces the source's graph in one transaction. [`load_places`] does the same for
//! a folder of administrative units (the province, its communes, the other provinces, the
//! districts abolished in 2025 and boundaries), reporting every problem at once as
//! [`Problem`]s. [`load_rdf`] reads an RDF file in any of the usual syntaxes and validates it
//! against the project's SHACL shapes with [`shacl`], over the file and what the store already
//! holds ([`shacl::Store`]).
//!
//! Two ingestors read the network, through one client (`http`: timeouts, retries with
//! backoff, a polite pace, a size limit while streaming): [`gbif::match_taxa`] matches the
//! graph's taxa against the GBIF species-match API with a disk cache, and [`remote::fetch`]
//! downloads a CSV, JSON or RDF file whose format [`remote::detect_format`] tells.

mod error;
pub mod gbif;
mod http;
mod load;
pub mod places;
pub mod plan;
pub mod rdf;
mod read;
pub mod registry;
pub mod remote;
pub mod shacl;
mod source;

pub use error::{Error, Problem, Result};
pub use gbif::{GbifConfig, TaxonName, match_taxa};
pub use http::USER_AGENT;
pub use load::{Loaded, Report, default_name, load_plan, load_plan_bytes};
pub use places::{load_places, load_places_from};
pub use rdf::{load_rdf, load_rdf_bytes};
pub use remote::{FetchConfig, Fetched, RemoteFormat, detect_format, fetch};
pub use source::{INGESTOR_VERSION, SourceFile, SourceType, ingest_log};
