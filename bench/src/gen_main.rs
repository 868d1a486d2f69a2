//! `biokg-gen`: writes national-scale registry files and plan texts (see
//! [`biokg_bench::scale`]) for the ingest benchmark: `biokg-gen --scale 0.1 --seed 1 OUT_DIR`.

use anyhow::{Context, Result, ensure};
use clap::Parser;
use std::path::PathBuf;

/// Generate scale data in the formats of the bundled registries and plan.
#[derive(Debug, Parser)]
#[command(name = "biokg-gen", about)]
struct Args {
    /// Size: 1.0 is 1,000,000 organisations, 200,000 certificates, 20,000 labs, 10,000 taxa
    /// and 40,000 accessions (34 plans at every scale).
    #[arg(long, env = "BIOKG_GEN_SCALE", default_value_t = 0.01)]
    scale: f64,
    /// Seed of the generator: the same seed and scale give byte-identical files.
    #[arg(long, env = "BIOKG_GEN_SEED", default_value_t = 1)]
    seed: u64,
    /// Write the enterprises and certifications of each province in their own folder
    /// (`registries/provinces/31-hai-phong/`), to be loaded as 34 sources after the labs and
    /// plants: a national registry at scale 1 is too large for one transaction.
    #[arg(long, env = "BIOKG_GEN_BY_PROVINCE")]
    by_province: bool,
    /// Where to write `registries/` and `plans/`.
    out: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    ensure!(
        args.scale.is_finite() && args.scale > 0.0,
        "--scale must be a positive number"
    );
    let layout = if args.by_province {
        biokg_bench::scale::Layout::ByProvince
    } else {
        biokg_bench::scale::Layout::National
    };
    let summary = biokg_bench::scale::generate_as(&args.out, args.scale, args.seed, layout)
        .with_context(|| format!("cannot write into {}", args.out.display()))?;
    for f in &summary.files {
        println!("{}\t{}", f.records, f.path.display());
    }
    println!(
        "scale {} seed {}: {} files in {:.1} s",
        args.scale,
        args.seed,
        summary.files.len(),
        summary.elapsed.as_secs_f64()
    );
    Ok(())
}
