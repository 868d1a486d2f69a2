//! Places: the province, its communes and wards, the other provinces, and the districts and
//! communes abolished on 1 July 2025, read from a folder of JSON and GeoJSON files.
//!
//! The places ingestor reads a folder laid out as `data/places/` (documented in `data/README.md`):
//! the province's full record (`lao-cai-15.json`), the national list of provinces
//! (`vn-units-*.json`), old-to-new commune mappings (`ward-mappings-*.json`) and boundaries
//! (`geojson/*.geojson`). [`parse_places`] checks them into a typed [`Places`], reporting every
//! problem of every file at once; the quads then say, for each unit of today, its code, names,
//! kind, province and boundary (GeoSPARQL WKT, coordinates as the file gives them), and for
//! each unit abolished by the 2025 reform the communes of today that took it in.

mod model;
mod quads;
mod read;

pub use model::{AdminUnit, FormerArea, Geometry, Level, Places, UnitType};
pub use read::{REFORM_DATE, parse_places};

use crate::source::{SourceFile, SourceType};
use crate::{Error, Loaded, Report, Result};
use biokg_ontology::iri;
use sha2::{Digest, Sha256};
use std::path::Path;

/// One file of a places folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceFile {
    /// Its path inside the folder, with `/` between folders: `lao-cai-15.json`,
    /// `geojson/03006_sa_pa.geojson`.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Reads the files of a places folder that the ingestor uses (the top-level `*.json` files and
/// `geojson/*.geojson`; licences and notes are left out), in no particular order.
///
/// # Errors
/// [`Error::Read`] when the folder or a file cannot be read.
pub fn read_folder(dir: &Path) -> Result<Vec<PlaceFile>> {
    let mut files = Vec::new();
    collect(dir, "", &mut files)?;
    let geojson = dir.join("geojson");
    if geojson.is_dir() {
        collect(&geojson, "geojson/", &mut files)?;
    }
    Ok(files)
}

fn collect(dir: &Path, prefix: &str, files: &mut Vec<PlaceFile>) -> Result<()> {
    let read_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Read { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(read_error(dir))? {
        let entry = entry.map_err(read_error(dir))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let rel = format!("{prefix}{name}");
        if path.is_file() && read::is_read(&rel) {
            let bytes = std::fs::read(&path).map_err(read_error(&path))?;
            files.push(PlaceFile { path: rel, bytes });
        }
    }
    Ok(())
}

/// Reads and validates a places folder: the quads of its graph and a report, or an error that
/// lists every problem as `file:line: field: reason`. `name` overrides the source name used in
/// IRIs.
///
/// # Errors
/// [`Error::Read`], [`Error::Folder`], [`Error::Invalid`] or [`Error::BadName`].
pub(crate) fn load_places(dir: &Path, name: &str) -> Result<Loaded> {
    let folder_path = if dir.file_name().is_some() {
        dir.to_owned()
    } else {
        dir.canonicalize().map_err(|source| Error::Read {
            path: dir.to_owned(),
            source,
        })?
    };
    let folder = folder_path.file_name().map_or_else(
        || folder_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let files = read_folder(dir)?;
    load_places_from(&folder, &files, name)
}

/// As [`load_places`], for files already in memory (bundled data, tests). `folder` names the
/// folder in messages and provenance.
///
/// # Errors
/// [`Error::Folder`], [`Error::Invalid`] or [`Error::BadName`].
pub(crate) fn load_places_from(folder: &str, files: &[PlaceFile], name: &str) -> Result<Loaded> {
    if name.is_empty() || iri::slug(name) != name {
        return Err(Error::BadName(name.to_owned()));
    }
    let places = parse_places(folder, files)?;
    let source = SourceFile {
        source_type: SourceType::Places,
        name: name.to_owned(),
        file_name: folder.to_owned(),
        sha256: checksum(files),
    };
    let quads = quads::places_quads(&places, &source);
    let count = |level| places.former_at(level).count();
    let report = Report {
        file: folder.to_owned(),
        source_type: SourceType::Places,
        counts: vec![
            ("provinces".into(), 1),
            ("communes".into(), places.communes.len()),
            ("other provinces".into(), places.other_provinces.len()),
            ("geometries".into(), places.geometries.len()),
            ("former provinces".into(), count(Level::Province)),
            ("former districts".into(), count(Level::District)),
            ("former communes".into(), count(Level::Commune)),
            ("mappings".into(), places.mappings),
        ],
        warnings: places.warnings.clone(),
        triples: quads.len(),
    };
    Ok(Loaded {
        source,
        quads,
        report,
    })
}

/// SHA-256 over the files read, in path order: each file's path, a NUL byte, its length as 8
/// little-endian bytes, its bytes.
fn checksum(files: &[PlaceFile]) -> String {
    let mut h = Sha256::new();
    for f in read::read_paths(files) {
        h.update(f.path.as_bytes());
        h.update([0]);
        h.update((f.bytes.len() as u64).to_le_bytes());
        h.update(&f.bytes);
    }
    format!("{:x}", h.finalize())
}
