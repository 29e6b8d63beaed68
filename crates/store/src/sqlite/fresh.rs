//! A new SQLite database built aside by a bulk load, then published whole.
//!
//! `guichet generate` on a file that does not exist yet loads into
//! `NAME.partial-PID` with no journal, no fsync and no foreign-key checks:
//! nothing else can see that file, and the references it loads come from it.
//! Measured on a million tickets, that loads about 1.5 times as fast as
//! through the WAL (docs/performance.md). Only when the load is complete is
//! the file switched to WAL mode, synced, and linked under its real name,
//! which fails rather than replace a database that appeared meanwhile. A
//! failed load removes the side file; a killed one leaves it, and nothing else.

use std::path::{Path, PathBuf};

use sqlx::sqlite::{SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{Db, MIGRATOR, options, shared::SqlStore};
use crate::{StoreError, StoreResult};

/// The side file of a bulk load into a database that did not exist.
#[derive(Debug)]
pub struct FreshFile {
    pool: sqlx::Pool<Db>,
    partial: PathBuf,
    target: PathBuf,
    keep: bool,
}

/// A store over a new side file for the database `url` names, or `None`
/// if that database exists already or is not a plain file.
pub async fn create_fresh(url: &str) -> StoreResult<Option<(SqlStore, FreshFile)>> {
    let options = options(url)?;
    let target = options.get_filename().to_path_buf();
    let in_memory = target.as_os_str().is_empty() || target == Path::new(":memory:");
    if in_memory || target.exists() || with_suffix(&target, "-wal").exists() {
        return Ok(None);
    }
    let partial = with_suffix(&target, &format!(".partial-{}", std::process::id()));
    remove_if_present(&partial)?;
    let unjournaled = options
        .filename(&partial)
        .journal_mode(SqliteJournalMode::Off)
        .synchronous(SqliteSynchronous::Off)
        .foreign_keys(false)
        .pragma("temp_store", "memory")
        .pragma("cache_size", "-65536");
    let fresh = FreshFile {
        pool: SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(unjournaled)
            .await
            .map_err(StoreError::Database)?,
        partial,
        target,
        keep: false,
    };
    if let Err(error) = MIGRATOR.run(&fresh.pool).await {
        fresh.pool.close().await;
        return Err(error.into());
    }
    // The loader indexes what it loads: nothing is left to backfill.
    let marked = sqlx::query("INSERT INTO search_state (name, value) VALUES ($1, 1)")
        .bind(super::shared::search::BACKFILLED)
        .execute(&fresh.pool)
        .await;
    if let Err(error) = marked {
        fresh.pool.close().await;
        return Err(error.into());
    }
    let store = SqlStore::new(
        fresh.pool.clone(),
        fresh.pool.clone(),
        "sqlite",
        crate::Durability::Normal,
    );
    Ok(Some((store, fresh)))
}

impl FreshFile {
    /// Switches the side file to WAL mode, syncs it, and links it under the
    /// database's name. Every store over it is closed afterwards.
    pub async fn publish(mut self) -> StoreResult<()> {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode = WAL")
            .fetch_one(&self.pool)
            .await?;
        if mode != "wal" {
            return Err(StoreError::Conflict(format!(
                "{} stayed in journal mode {mode:?} instead of WAL",
                self.partial.display()
            )));
        }
        self.pool.close().await;
        sync(&self.partial)?;
        if let Err(source) = std::fs::hard_link(&self.partial, &self.target) {
            self.keep = true;
            return Err(if source.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Conflict(format!(
                    "{} appeared during the load and was left alone; the loaded database is {}",
                    self.target.display(),
                    self.partial.display()
                ))
            } else {
                file_error(&self.target, source)
            });
        }
        self.keep = true;
        for leftover in [
            self.partial.clone(),
            with_suffix(&self.partial, "-wal"),
            with_suffix(&self.partial, "-shm"),
        ] {
            remove_if_present(&leftover)?;
        }
        match self.target.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => sync(folder),
            _ => Ok(()),
        }
    }
}

impl Drop for FreshFile {
    /// An unpublished load is useless: its side file goes.
    fn drop(&mut self) {
        if !self.keep {
            let _ignored = std::fs::remove_file(&self.partial);
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> StoreResult<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(file_error(path, error)),
        _ => Ok(()),
    }
}

/// Flushes a file or folder to disk.
fn sync(path: &Path) -> StoreResult<()> {
    std::fs::File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|source| file_error(path, source))
}

fn file_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::File {
        path: path.to_path_buf(),
        source,
    }
}
