//! Maildir folders: every file of `cur/` and `new/` is a message (`tmp/`
//! holds deliveries in progress and is left alone), read in the order of
//! their names, dated by their Date header or, without one, by the
//! file's modification time.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{Archive, ArchiveError};

/// Reads the Maildir at `dir`.
pub fn read_maildir(dir: &Path) -> Result<Archive, ArchiveError> {
    let folders: Vec<_> = ["cur", "new"]
        .iter()
        .map(|f| dir.join(f))
        .filter(|f| f.is_dir())
        .collect();
    if folders.is_empty() {
        return Err(ArchiveError::NotMaildir(dir.to_owned()));
    }
    let mut archive = Archive::default();
    for folder in folders {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&folder).map_err(|e| ArchiveError::read(&folder, e))? {
            let path = entry.map_err(|e| ArchiveError::read(&folder, e))?.path();
            if path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        for path in files {
            let raw = std::fs::read(&path).map_err(|e| ArchiveError::read(&path, e))?;
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .map(DateTime::<Utc>::from);
            archive.add(&raw, path.display().to_string(), modified);
        }
    }
    Ok(archive)
}
