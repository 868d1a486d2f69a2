//! `biokg-gen-index`: a synthetic search index of N entities, for the search benchmark.
//!
//! Opens (or creates) the data directory, loads the bundled data into an empty store (as `biokg
//! serve` does on its first start), adds N generated entities ([`biokg_search::synthetic`]) to
//! the index beside the bundled ones, at the store's generation, and merges the index into one
//! segment. `biokg serve --data-dir DIR` then serves an index in step: a national-size registry
//! in which the bundled entities are still what the relevance set's queries look for.
//!
//! With a third argument, it also writes the synthetic entities' labels as N-Triples
//! (`<iri> rdfs:label "…"@vi .`), so that plain Oxigraph can be given the same names to scan
//! with `REGEX` (`bench/search.sh`); with `-` as the data directory it writes only those.

use anyhow::{Result, bail};
use biokg_search::EntityDoc;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (args.next(), args.next()) else {
        bail!("usage: biokg-gen-index ENTITIES (DATA_DIR | -) [LABELS.nt]");
    };
    let labels = args.next().map(PathBuf::from);
    let n: usize = n.parse()?;
    if dir == "-" {
        let Some(path) = &labels else {
            bail!("biokg-gen-index N - needs LABELS.nt");
        };
        write_labels(&biokg_search::synthetic::entities(n), path)?;
        println!("{n} labels written to {}", path.display());
        return Ok(());
    }
    let dir = PathBuf::from(dir);
    let kb = biokg_engine::KnowledgeBase::open(&dir)?;
    kb.prepare(true)?;
    let started = Instant::now();
    let docs = biokg_search::synthetic::entities(n);
    let generated = started.elapsed();
    if let Some(path) = &labels {
        write_labels(&docs, path)?;
    }
    let generation = kb.graph().generation()?;
    kb.index()
        .replace_source(biokg_search::synthetic::SOURCE, &docs, generation)?;
    let indexed = started.elapsed();
    kb.index().compact()?;
    println!(
        "{n} entities generated in {:.1} s, indexed in {:.1} s and merged in {:.1} s at generation {generation} in {} ({} documents)",
        generated.as_secs_f64(),
        (indexed - generated).as_secs_f64(),
        (started.elapsed() - indexed).as_secs_f64(),
        dir.display(),
        kb.index().num_docs()?
    );
    Ok(())
}

/// Writes each entity's label as one N-Triples line.
fn write_labels(docs: &[EntityDoc], path: &Path) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for doc in docs {
        let label = doc.label.replace('\\', "\\\\").replace('"', "\\\"");
        writeln!(
            out,
            "<{}> <http://www.w3.org/2000/01/rdf-schema#label> \"{label}\"@vi .",
            doc.iri
        )?;
    }
    out.flush()?;
    Ok(())
}
