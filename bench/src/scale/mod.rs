//! The scale-data generator behind `biokg-gen`: registry files and plan texts for the whole
//! country, in the formats of the bundled data, so that the real ingestors load them.
//!
//! [`generate`] writes, under an output folder, `registries/` (`enterprises.csv` with
//! `certifications.csv`, `labs.csv`, `plants.csv` with `accessions.csv`) and `plans/` (one plan
//! text per province). [`Counts::at`] says how many records a scale gives: scale 1 is 1,000,000
//! organisations, 200,000 certificates, 20,000 labs, 10,000 taxa and 40,000 accessions over the
//! 3,321 communes of the 34 provinces of the bundled national list, and always 34 plans; counts
//! scale linearly, with at least one of each. Everything is drawn from seeded streams of
//! [`biokg_search::synthetic::Rng`], one per file, so the same seed gives byte-identical files.
//!
//! Every record is illustrative (`illustrative=true`, tax codes starting with `99`, `.example`
//! addresses, numbers starting with `MH-`, a `source` that says it was generated). Names are
//! not marked "Minh họa" as the bundled illustrative rows are: a word in every one of a million
//! names would make the search benchmark unlike a real registry.

mod plan;
mod registries;
mod words;

pub use plan::{PlanShape, plan_text};

use biokg_ingest::registry::{Gazetteer, national_provinces};
use biokg_search::synthetic::Rng;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Records at scale 1.
const AT_ONE: Counts = Counts {
    enterprises: 1_000_000,
    certifications: 200_000,
    labs: 20_000,
    plants: 10_000,
    accessions: 40_000,
};

/// How many records of each file a scale gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Rows of `enterprises.csv`.
    pub enterprises: usize,
    /// Rows of `certifications.csv`.
    pub certifications: usize,
    /// Rows of `labs.csv`.
    pub labs: usize,
    /// Rows of `plants.csv`.
    pub plants: usize,
    /// Rows of `accessions.csv`.
    pub accessions: usize,
}

impl Counts {
    /// The counts at `scale` (1.0 is national scale): each count of scale 1 times `scale`,
    /// rounded, and at least 1.
    pub fn at(scale: f64) -> Counts {
        let n = |full: usize| ((full as f64 * scale).round() as usize).max(1);
        Counts {
            enterprises: n(AT_ONE.enterprises),
            certifications: n(AT_ONE.certifications),
            labs: n(AT_ONE.labs),
            plants: n(AT_ONE.plants),
            accessions: n(AT_ONE.accessions),
        }
    }
}

/// One province and the range of its communes in [`World::communes`].
pub(crate) struct ProvinceInfo {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) full_name: String,
    pub(crate) code_name: String,
    pub(crate) communes: Range<usize>,
}

/// One commune of today.
pub(crate) struct Commune {
    pub(crate) code: String,
    pub(crate) full_name: String,
    pub(crate) province: usize,
}

/// The places records are drawn over: the national list's provinces and communes, and the
/// former districts the gazetteer knows.
pub(crate) struct World {
    pub(crate) provinces: Vec<ProvinceInfo>,
    pub(crate) communes: Vec<Commune>,
    pub(crate) former_districts: Vec<String>,
}

impl World {
    fn national() -> World {
        let mut provinces = Vec::new();
        let mut communes = Vec::new();
        for (i, p) in national_provinces().into_iter().enumerate() {
            let start = communes.len();
            communes.extend(p.communes.into_iter().map(|(code, full_name)| Commune {
                code,
                full_name,
                province: i,
            }));
            provinces.push(ProvinceInfo {
                code: p.code,
                name: p.name,
                full_name: p.full_name,
                code_name: p.code_name,
                communes: start..communes.len(),
            });
        }
        World {
            provinces,
            communes,
            former_districts: Gazetteer::bundled()
                .former_district_keys()
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// A seeded stream for one part of the output: streams of one seed do not depend on each other,
/// so a file does not change when another one's rules do.
pub(crate) fn stream(seed: u64, part: u64) -> Rng {
    Rng::new(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(part.wrapping_mul(0xBF58_476D_1CE4_E5B9))
            | 1,
    )
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Its path.
    pub path: PathBuf,
    /// Its records (rows, or task rows for a plan).
    pub records: usize,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The counts of the registry files.
    pub counts: Counts,
    /// Every file, registries first, then the plans in the national list's order.
    pub files: Vec<Written>,
    /// How long it took.
    pub elapsed: Duration,
}

/// The file name of a province's plan: `ke-hoach-cnsh-hai-phong-2026-synthetic.txt`. The
/// suffix keeps its source name (the file stem) apart from a real plan's: the bundled plan of
/// Lào Cai is `ke-hoach-cnsh-lao-cai-2026`, and ingesting a generated plan must never replace
/// it.
pub fn plan_file_name(code_name: &str) -> String {
    format!(
        "ke-hoach-cnsh-{}-2026-synthetic.txt",
        biokg_ontology::iri::slug(code_name)
    )
}

/// The folder of a province's registry files in the by-province layout, under `registries/`:
/// `provinces/31-hai-phong`.
pub(crate) fn province_folder(p: &ProvinceInfo) -> String {
    format!(
        "provinces/{}-{}",
        p.code,
        biokg_ontology::iri::slug(&p.code_name)
    )
}

/// How the registry files are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One file per table (`registries/enterprises.csv`): one source per kind.
    National,
    /// Labs, taxa and accessions national, enterprises and certifications in one folder per
    /// province (`registries/provinces/31-hai-phong/enterprises.csv`), each referring only to
    /// its own province's organisations and to labs and taxa loaded before: 34 smaller sources
    /// instead of one, since a source is one transaction held in memory.
    ByProvince,
}

/// Writes the scale data of `scale` drawn with `seed` under `out` (`out/registries/…`,
/// `out/plans/…`), creating the folders; existing files of the same names are replaced.
///
/// # Errors
/// When a folder or file cannot be written.
pub fn generate(out: &Path, scale: f64, seed: u64) -> io::Result<Summary> {
    generate_as(out, scale, seed, Layout::National)
}

/// As [`generate`], with the registry files laid out as `layout` says.
///
/// # Errors
/// When a folder or file cannot be written.
pub fn generate_as(out: &Path, scale: f64, seed: u64, layout: Layout) -> io::Result<Summary> {
    let by_province = layout == Layout::ByProvince;
    let started = Instant::now();
    let counts = Counts::at(scale);
    let world = World::national();
    let reg = out.join("registries");
    let plans = out.join("plans");
    std::fs::create_dir_all(&reg)?;
    std::fs::create_dir_all(&plans)?;
    let mut files = Vec::new();
    let mut wrote = |path: PathBuf, records: usize| files.push(Written { path, records });

    let orgs = registries::orgs(&world, counts.enterprises, seed, by_province);
    let labs_path = reg.join("labs.csv");
    let hosts: &[registries::Org] = if by_province { &[] } else { &orgs };
    let labs = registries::write_labs(&labs_path, &world, hosts, counts.labs, seed)?;
    wrote(labs_path, labs.len());
    let plants_path = reg.join("plants.csv");
    let taxa = registries::write_plants(&plants_path, &world, &labs, counts.plants, seed)?;
    wrote(plants_path, taxa.len());
    let path = reg.join("accessions.csv");
    registries::write_accessions(&path, &world, &labs, &taxa, counts.accessions, seed)?;
    wrote(path, counts.accessions);
    registries::write_enterprises(&reg, &world, &orgs, &labs, &taxa, seed, by_province)?;
    registries::write_certifications(
        &reg,
        &world,
        &orgs,
        &taxa,
        counts.certifications,
        seed,
        by_province,
    )?;
    for (file, n) in [
        ("enterprises.csv", orgs.len()),
        ("certifications.csv", counts.certifications),
    ] {
        if by_province {
            // The rows of all the provinces' files.
            wrote(reg.join("provinces").join(file), n);
        } else {
            wrote(reg.join(file), n);
        }
    }

    for p in &world.provinces {
        let (text, shape) = plan_text(&p.full_name, &p.code, seed);
        let path = plans.join(plan_file_name(&p.code_name));
        std::fs::write(&path, text)?;
        wrote(path, shape.tasks);
    }
    Ok(Summary {
        counts,
        files,
        elapsed: started.elapsed(),
    })
}
