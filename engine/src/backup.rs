//! Backups of a data directory: the store and the index as of one generation, with a manifest
//! that lists every file with its size and SHA-256, and the restore that checks it.
//!
//! ```text
//! BACKUP/manifest.json   {"format": "biokg-backup/1", "generation": 7, "files": [...], ...}
//! BACKUP/store/…         a RocksDB checkpoint (hard links when on the same file system)
//! BACKUP/index/…         the tantivy files of the last commit
//! ```
//!
//! The backup holds the knowledge base's write lock, so no commit lands in either part while it
//! is taken: the store checkpoint and the index copy reflect the same generation, which the
//! manifest records and restore checks again after opening the copy.

use crate::kb::{Error, KnowledgeBase};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The manifest's format tag.
pub const FORMAT: &str = "biokg-backup/1";
/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// The store generation both parts reflect.
    pub generation: u64,
    /// When the backup was taken (RFC 3339).
    pub created: String,
    /// The `biokg` version that took it.
    pub version: String,
    /// Quads in the store.
    pub triples: usize,
    /// Documents in the index.
    pub documents: u64,
    /// Every file of the backup but the manifest, sorted by path.
    pub files: Vec<FileEntry>,
}

/// One file of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the backup directory, with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, in hex.
    pub sha256: String,
}

fn err(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Backup(format!("{}: {what}", path.display()))
}

fn sha256_file(path: &Path) -> Result<(u64, String), Error> {
    let mut file = fs::File::open(path).map_err(|e| err(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| err(path, e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    let digest = hasher.finalize();
    Ok((total, digest.iter().map(|b| format!("{b:02x}")).collect()))
}

/// Every regular file under `dir`, relative to `root`, sorted.
fn files_under(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    for entry in fs::read_dir(dir).map_err(|e| err(dir, e))? {
        let entry = entry.map_err(|e| err(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| err(&path, e))?;
        if kind.is_dir() {
            files_under(root, &path, out)?;
        } else if kind.is_file() {
            out.push(path.strip_prefix(root).unwrap_or(&path).to_owned());
        }
    }
    Ok(())
}

fn relative(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Copies the index's files, skipping tantivy's lock files. A merge that finishes during the
/// copy rewrites `meta.json` and may delete segment files: the copy is then redone.
fn copy_index(from: &Path, to: &Path) -> Result<(), Error> {
    const ATTEMPTS: usize = 5;
    let meta = from.join("meta.json");
    for attempt in 1..=ATTEMPTS {
        let before = fs::read(&meta).map_err(|e| err(&meta, e))?;
        if to.exists() {
            fs::remove_dir_all(to).map_err(|e| err(to, e))?;
        }
        fs::create_dir_all(to).map_err(|e| err(to, e))?;
        let mut files = Vec::new();
        files_under(from, from, &mut files)?;
        let mut vanished = false;
        for f in &files {
            let name = f.to_string_lossy();
            if name.ends_with(".lock") {
                continue;
            }
            let target = to.join(f);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
            }
            match fs::copy(from.join(f), &target) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => vanished = true,
                Err(e) => return Err(err(&from.join(f), e)),
            }
        }
        let after = fs::read(&meta).map_err(|e| err(&meta, e))?;
        if !vanished && before == after && fs::read(to.join("meta.json")).ok() == Some(after) {
            return Ok(());
        }
        tracing::debug!(attempt, "index changed during the copy; copying again");
    }
    Err(err(from, "the index kept changing during the copy"))
}

fn manifest_of(
    dir: &Path,
    generation: u64,
    triples: usize,
    documents: u64,
) -> Result<Manifest, Error> {
    let mut paths = Vec::new();
    files_under(dir, dir, &mut paths)?;
    paths.sort();
    let mut files = Vec::new();
    for p in paths {
        let rel = relative(&p);
        if rel == MANIFEST {
            continue;
        }
        let (bytes, sha256) = sha256_file(&dir.join(&p))?;
        files.push(FileEntry {
            path: rel,
            bytes,
            sha256,
        });
    }
    Ok(Manifest {
        format: FORMAT.to_owned(),
        generation,
        created: crate::kb::now(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        triples,
        documents,
        files,
    })
}

/// Takes a backup of `kb` into `out`, which must not exist or be an empty directory.
///
/// # Errors
/// [`Error::Backup`] for an in-memory knowledge base, a non-empty `out`, an index that is not
/// in step with the store, or a failed copy; a failed backup removes what it wrote.
pub fn backup(kb: &KnowledgeBase, out: &Path) -> Result<Manifest, Error> {
    let Some(data_dir) = kb.dir() else {
        return Err(Error::Backup(
            "an in-memory knowledge base cannot be backed up".into(),
        ));
    };
    if out.exists() {
        let mut entries = fs::read_dir(out).map_err(|e| err(out, e))?;
        if entries.next().is_some() {
            return Err(err(out, "the backup directory is not empty"));
        }
        fs::remove_dir(out).map_err(|e| err(out, e))?;
    }
    let result = write_backup(kb, data_dir, out);
    if result.is_err() {
        let _ = fs::remove_dir_all(out);
    }
    result
}

/// The backup itself, under the write lock; the caller removes `out` when it fails.
fn write_backup(kb: &KnowledgeBase, data_dir: &Path, out: &Path) -> Result<Manifest, Error> {
    let _w = kb.lock_writes();
    let generation = kb.graph().generation()?;
    if kb.index().generation()? != Some(generation) {
        return Err(Error::Backup(
            "the index is not in step with the store; restart the server to rebuild it, then back up".into(),
        ));
    }
    fs::create_dir_all(out).map_err(|e| err(out, e))?;
    kb.graph().backup(&out.join("store"))?;
    copy_index(&data_dir.join("index"), &out.join("index"))?;
    let manifest = manifest_of(out, generation, kb.graph().len()?, kb.index().num_docs()?)?;
    let text = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::Backup(format!("manifest: {e}")))?;
    fs::write(out.join(MANIFEST), text).map_err(|e| err(&out.join(MANIFEST), e))?;
    Ok(manifest)
}

/// Reads a backup's manifest and checks every file it lists (size and SHA-256), and that it
/// lists every file there is.
///
/// # Errors
/// [`Error::Backup`] naming the first file that is missing, extra, or differs.
pub fn verify(backup: &Path) -> Result<Manifest, Error> {
    let path = backup.join(MANIFEST);
    let text = fs::read(&path).map_err(|e| err(&path, e))?;
    let manifest: Manifest =
        serde_json::from_slice(&text).map_err(|e| err(&path, format!("not a manifest: {e}")))?;
    if manifest.format != FORMAT {
        return Err(err(
            &path,
            format!("format {:?} is not {FORMAT:?}", manifest.format),
        ));
    }
    let mut present = Vec::new();
    files_under(backup, backup, &mut present)?;
    let mut present: Vec<String> = present
        .iter()
        .map(|p| relative(p))
        .filter(|p| p != MANIFEST)
        .collect();
    present.sort();
    let listed: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    if let Some(extra) = present.iter().find(|p| !listed.contains(&p.as_str())) {
        return Err(err(&backup.join(extra), "not listed in the manifest"));
    }
    for f in &manifest.files {
        if f.path.split('/').any(|c| c == ".." || c.is_empty()) {
            return Err(err(&path, format!("bad file path {:?}", f.path)));
        }
        let file = backup.join(&f.path);
        if !file.is_file() {
            return Err(err(&file, "listed in the manifest but missing"));
        }
        let (bytes, sha256) = sha256_file(&file)?;
        if bytes != f.bytes || sha256 != f.sha256 {
            return Err(err(&file, "content differs from the manifest"));
        }
    }
    Ok(manifest)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), Error> {
    let mut files = Vec::new();
    files_under(from, from, &mut files)?;
    for f in files {
        let target = to.join(&f);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
        }
        fs::copy(from.join(&f), &target).map_err(|e| err(&from.join(&f), e))?;
    }
    Ok(())
}

/// Restores a verified backup into `data_dir`. A data directory that already holds a store or
/// an index is refused unless `force`, which replaces them. After the copy the store and the
/// index are opened and must both be at the manifest's generation.
///
/// # Errors
/// [`Error::Backup`] when the backup does not verify, the target is not empty (without
/// `force`), the copy fails, or the restored data does not open at the recorded generation.
pub fn restore(backup: &Path, data_dir: &Path, force: bool) -> Result<Manifest, Error> {
    let manifest = verify(backup)?;
    if data_dir.exists() {
        let non_empty = fs::read_dir(data_dir)
            .map_err(|e| err(data_dir, e))?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(err(
                data_dir,
                "the data directory is not empty (use --force to replace its store and index)",
            ));
        }
        for part in ["store", "index"] {
            let p = data_dir.join(part);
            if p.exists() {
                fs::remove_dir_all(&p).map_err(|e| err(&p, e))?;
            }
        }
    }
    fs::create_dir_all(data_dir).map_err(|e| err(data_dir, e))?;
    copy_tree(&backup.join("store"), &data_dir.join("store"))?;
    copy_tree(&backup.join("index"), &data_dir.join("index"))?;
    let kb = KnowledgeBase::open(data_dir)?;
    let store = kb.graph().generation()?;
    let index = kb.index().generation()?;
    if store != manifest.generation || index != Some(manifest.generation) {
        return Err(Error::Backup(format!(
            "{}: restored store is at generation {store} and index at {index:?}, the manifest says {}",
            data_dir.display(),
            manifest.generation
        )));
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded_kb(dir: &Path) -> KnowledgeBase {
        let kb = KnowledgeBase::open(dir).unwrap();
        kb.prepare(true).unwrap();
        kb
    }

    #[test]
    fn a_backup_restores_to_the_same_generation_and_data() {
        let tmp = tempfile::tempdir().unwrap();
        let (data, out, target) = (
            tmp.path().join("data"),
            tmp.path().join("backup"),
            tmp.path().join("restored"),
        );
        let manifest = {
            let kb = loaded_kb(&data);
            let manifest = backup(&kb, &out).unwrap();
            assert_eq!(manifest.generation, kb.graph().generation().unwrap());
            assert_eq!(manifest.triples, kb.graph().len().unwrap());
            assert!(manifest.files.iter().any(|f| f.path == "index/meta.json"));
            assert!(manifest.files.iter().any(|f| f.path.starts_with("store/")));
            // A second backup into the same place is refused.
            assert!(backup(&kb, &out).is_err());
            manifest
        };
        let restored = restore(&out, &target, false).unwrap();
        assert_eq!(restored, manifest);
        let kb = KnowledgeBase::open(&target).unwrap();
        assert_eq!(kb.graph().len().unwrap(), manifest.triples);
        assert_eq!(kb.index().num_docs().unwrap(), manifest.documents);
        // Restoring over data needs --force.
        drop(kb);
        let e = restore(&out, &target, false).unwrap_err().to_string();
        assert!(e.contains("not empty"), "{e}");
        assert!(restore(&out, &target, true).is_ok());
    }

    #[test]
    fn a_damaged_backup_does_not_verify() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("backup");
        {
            let kb = loaded_kb(&tmp.path().join("data"));
            backup(&kb, &out).unwrap();
        }
        fs::write(out.join("index/meta.json"), b"{}").unwrap();
        let e = verify(&out).unwrap_err().to_string();
        assert!(
            e.ends_with("index/meta.json: content differs from the manifest"),
            "{e}"
        );
        fs::write(out.join("stray"), b"x").unwrap();
        let e = verify(&out).unwrap_err().to_string();
        assert!(e.ends_with("stray: not listed in the manifest"), "{e}");
        let e = restore(&out, &tmp.path().join("target"), false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("stray"), "{e}");
        assert!(!tmp.path().join("target").exists());
    }
}
