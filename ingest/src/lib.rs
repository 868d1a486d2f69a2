//! Ingestors of BioKG Lào Cai: here is a file, give me validated quads and a report.
//!
//! [`load_plan`] reads the text of a plan in the official layout (a PDF converted to text)
//! through [`plan::parse_plan`] into a typed [`plan::Plan`], and [`rdf`] maps that onto the
//! ontology as the quads of one named graph with provenance. Bad input is an [`Error`] naming
//! the file, the line and the reason; nothing is half-loaded because nothing is written here:
//! the caller replaces the source's graph in one transaction.

mod error;
mod load;
pub mod plan;
pub mod rdf;

pub use error::{Error, Result};
pub use load::{Loaded, Report, default_name, load_plan, load_plan_bytes};
