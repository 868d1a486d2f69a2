//! The response cache: one file per request URL, so a re-run asks GBIF nothing it has already
//! answered.
//!
//! The key is the SHA-256 of the full URL (base, path and query), so a change of base URL or
//! parameter is a new entry. Files are written to a temporary name and renamed, so an
//! interrupted run leaves whole entries or none. Entries never expire: delete the folder to
//! ask again.

use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A folder of cached response bodies.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache in `dir` (created on the first write).
    pub(crate) fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
        }
    }

    /// The file that holds the response to `url`.
    pub(crate) fn path(&self, url: &str) -> PathBuf {
        let key: String = Sha256::digest(url.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.dir.join(format!("{key}.json"))
    }

    /// The cached body of `url`, if any.
    ///
    /// # Errors
    /// [`Error::Cache`] when the entry exists but cannot be read.
    pub(crate) fn get(&self, url: &str) -> Result<Option<Vec<u8>>> {
        let path = self.path(url);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Cache { path, source }),
        }
    }

    /// Stores the body of `url`: written beside its final name, then renamed over it.
    ///
    /// # Errors
    /// [`Error::Cache`] when the folder or the file cannot be written.
    pub(crate) fn put(&self, url: &str, bytes: &[u8]) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|source| Error::Cache {
            path: self.dir.clone(),
            source,
        })?;
        let path = self.path(url);
        let tmp = path.with_extension(format!("json.tmp-{}", std::process::id()));
        let write = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, &path));
        write.map_err(|source| {
            let _ = std::fs::remove_file(&tmp);
            Error::Cache { path, source }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_keys_differ_by_url() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(&dir.path().join("gbif"));
        let a = "https://api.gbif.org/v1/species/match?name=Helianthus+annuus";
        let b = "https://api.gbif.org/v1/species/match?name=Helianthus+annuus+L.";
        assert_eq!(cache.get(a).expect("read"), None);
        cache.put(a, b"{\"matchType\":\"NONE\"}").expect("write");
        assert_eq!(
            cache.get(a).expect("read").as_deref(),
            Some(&b"{\"matchType\":\"NONE\"}"[..])
        );
        assert_eq!(cache.get(b).expect("read"), None);
        assert_ne!(cache.path(a), cache.path(b));
        // Only the entry is left: no temporary file.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("gbif"))
            .expect("list")
            .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
            .collect();
        assert_eq!(names.len(), 1);
        assert!(
            names[0].ends_with(".json") && names[0].len() == 64 + 5,
            "{names:?}"
        );
    }
}
