//! `biokg-gen-index`: a synthetic search index of N entities, for the search benchmark.
//!
//! Opens (or creates) the data directory, loads the bundled data into an empty store (as `biokg
//! serve` does on its first start), adds N generated entities ([`biokg_search::synthetic`]) to
//! the index beside the bundled ones, at the store's generation, and merges the index into one
//! segment. `biokg serve --data-dir DIR` then serves an index in step: a national-size registry
//! in which the bundled entities are still what the relevance set's queries look for.

use anyhow::{Result, bail};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (args.next(), args.next()) else {
        bail!("usage: biokg-gen-index ENTITIES DATA_DIR");
    };
    let n: usize = n.parse()?;
    let dir = PathBuf::from(dir);
    let kb = biokg_server::kb::KnowledgeBase::open(&dir)?;
    kb.prepare(true)?;
    let started = Instant::now();
    let docs = biokg_search::synthetic::entities(n);
    let generated = started.elapsed();
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
