//! What an ingest gives ([`Loaded`], [`Report`]), source names, and the plan ingestor: a plan
//! text decoded, parsed and mapped to quads.

use crate::plan::plan_quads;
use crate::read::utf8;
use crate::source::{SourceFile, SourceType};
use crate::{Error, Result};
use biokg_ontology::iri;
use oxrdf::Quad;
use sha2::{Digest, Sha256};
use std::path::Path;

/// A source read and validated, ready to replace its graph in the store.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where it came from.
    pub source: SourceFile,
    /// Its facts, all in `source.graph()`.
    pub quads: Vec<Quad>,
    /// What was found, and what is missing.
    pub report: Report,
}

/// What an ingest found: counts per kind of entity and warnings as `file:line: field: message`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// The file name.
    pub file: String,
    /// What the source is (`kind` in JSON, as before the name was settled).
    #[serde(rename = "kind")]
    pub source_type: SourceType,
    /// Entities found, by kind, in a fixed order.
    pub counts: Vec<(String, usize)>,
    /// Values the source lacks or could not be linked; never errors.
    pub warnings: Vec<String>,
    /// Number of triples produced.
    pub triples: usize,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}):", self.file, self.source_type)?;
        for (k, n) in &self.counts {
            write!(f, " {n} {k},")?;
        }
        writeln!(
            f,
            " {} triples, {} warnings",
            self.triples,
            self.warnings.len()
        )?;
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}

/// The default source name of a file: its stem, slugged (`ke-hoach-cnsh-lao-cai-2026`).
pub fn default_name(path: &Path) -> String {
    iri::slug(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

pub(crate) fn check_name(name: &str) -> Result<()> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(Error::BadName(name.to_owned()));
    }
    Ok(())
}

/// Reads and validates the bytes of a plan file called `file`: the quads of its graph and a
/// report, or an error that says which line and why. `name` is the source name used in IRIs.
///
/// # Errors
/// [`Error::Encoding`], [`Error::Plan`] or [`Error::BadName`].
pub(crate) fn load_plan_bytes(file: &str, bytes: &[u8], name: &str) -> Result<Loaded> {
    let file = file.to_owned();
    check_name(name)?;
    let text = utf8(&file, bytes)?;
    let plan = crate::plan::parse_plan(text).map_err(|source| Error::Plan {
        file: file.clone(),
        source,
    })?;
    let source = SourceFile {
        source_type: SourceType::Plan,
        name: name.to_owned(),
        file_name: file.clone(),
        sha256: hex(&Sha256::digest(bytes)),
    };
    let quads = plan_quads(&plan, &source);
    let report = Report {
        file: file.clone(),
        source_type: SourceType::Plan,
        counts: vec![
            ("targets".into(), plan.targets.len()),
            ("tasks".into(), plan.tasks.len()),
            ("task groups".into(), plan.task_groups.len()),
            ("clauses".into(), plan.clauses.len()),
            ("agencies".into(), plan.agencies().len()),
            ("legal documents".into(), plan.legal_refs.len()),
        ],
        warnings: plan
            .warnings
            .iter()
            .map(|w| format!("{file}:{}: {}: {}", w.line, w.field, w.message))
            .collect(),
        triples: quads.len(),
    };
    Ok(Loaded {
        source,
        quads,
        report,
    })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
