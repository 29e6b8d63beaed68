//! Opening a database for `guichet generate`: a new SQLite file is built
//! aside and published whole (see `sqlite/fresh.rs`); anything else is
//! loaded in place, through its usual transactions.

use std::sync::Arc;

use crate::{Store, StoreResult, connect, sqlite};

/// A database opened for a bulk load.
pub struct BulkLoad {
    store: Arc<dyn Store>,
    fresh: Option<sqlite::FreshFile>,
}

/// Opens `url` for a bulk load. A SQLite file that does not exist yet is
/// built under a side name and appears only when [`BulkLoad::finish`]
/// succeeds; any other database is opened as by [`connect`].
pub async fn open_for_bulk_load(url: &str) -> StoreResult<BulkLoad> {
    if url.starts_with("sqlite:")
        && let Some((store, fresh)) = sqlite::create_fresh(url).await?
    {
        return Ok(BulkLoad {
            store: Arc::new(store),
            fresh: Some(fresh),
        });
    }
    Ok(BulkLoad {
        store: connect(url).await?,
        fresh: None,
    })
}

impl BulkLoad {
    /// The store to load through.
    pub fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// Whether the load builds a new SQLite file aside.
    pub fn is_fresh_file(&self) -> bool {
        self.fresh.is_some()
    }

    /// Ends the load: a new SQLite file is switched to WAL mode, synced and
    /// published under its name, after which this store is closed.
    pub async fn finish(self) -> StoreResult<()> {
        match self.fresh {
            Some(fresh) => fresh.publish().await,
            None => Ok(()),
        }
    }
}
