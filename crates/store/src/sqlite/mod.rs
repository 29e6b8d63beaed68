//! The SQLite backend: the embedded default, one file in the data folder, WAL mode.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Durability, StoreError, StoreOptions, StoreResult};

type Db = sqlx::Sqlite;

#[path = "../shared/mod.rs"]
#[expect(
    clippy::duplicate_mod,
    reason = "the shared SQL is compiled once per backend on purpose"
)]
mod shared;

mod fresh;
pub(crate) mod search;

pub use fresh::{FreshFile, create_fresh};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Statements only SQLite needs.
mod dialect {
    pub(crate) use super::search;
    use tokio::sync::{oneshot, watch};

    use crate::StoreResult;

    /// How a bulk INSERT starts: `OR FAIL` stops at a broken constraint
    /// without undoing the statement's earlier rows, so SQLite keeps no
    /// statement journal (a copy of every page the statement touches); the
    /// caller rolls the whole transaction back instead.
    pub const BULK_INSERT: &str = "INSERT OR FAIL INTO";

    /// Ids for `count` bulk-loaded tickets: after the largest, which no
    /// other writer can move while the load's transaction holds SQLite's
    /// write lock.
    pub async fn reserve_ticket_ids(tx: &mut sqlx::Transaction<'_, super::Db>, count: usize) -> StoreResult<Vec<i64>> {
        let max_id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM tickets")
            .fetch_one(&mut **tx)
            .await?;
        let first = max_id.unwrap_or(0) + 1;
        Ok((first..).take(count).collect())
    }

    /// Nothing: SQLite's default plans suit Guichet's indexes, and measured
    /// with `guichet bench`, ANALYZE statistics made the `updated_since`
    /// list five times slower (14 ms instead of 3 ms on a million tickets).
    pub async fn refresh_statistics(_pool: &sqlx::Pool<super::Db>) -> StoreResult<()> {
        Ok(())
    }

    /// The writer's `synchronous` setting: NORMAL (1) syncs at checkpoints,
    /// FULL (2) and EXTRA (3) at every commit.
    pub async fn durability(pool: &sqlx::Pool<super::Db>) -> StoreResult<crate::Durability> {
        let level: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(pool).await?;
        Ok(if level >= 2 {
            crate::Durability::Full
        } else {
            crate::Durability::Normal
        })
    }

    /// Nothing to lock: SQLite's writers take turns (one write transaction
    /// at a time, across processes too), so ids already follow the order of
    /// commits and each transaction's events stand together.
    pub async fn lock_event_log(_tx: &mut sqlx::Transaction<'_, super::Db>) -> StoreResult<()> {
        Ok(())
    }

    /// The database's clock, in stored microseconds.
    pub const DB_NOW: &str = "CAST(unixepoch('subsec') * 1000000 AS INTEGER)";

    /// The database's clock plus the seconds bound to `parameter`.
    pub fn db_now_plus(parameter: &str) -> String {
        format!("({DB_NOW} + CAST({parameter} * 1000000 AS INTEGER))")
    }
    /// Leases due notifications: a conditional UPDATE over the ones
    /// found free, which SQLite's single writer makes atomic.
    pub fn claim_mail() -> String {
        format!(
            "UPDATE mail_outbox SET lease_owner = $1, lease_until = {until} \
             WHERE id IN (SELECT id FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= $2 \
             AND (lease_owner IS NULL OR lease_until < {DB_NOW}) ORDER BY next_attempt_at, id LIMIT $4) \
             RETURNING {columns}",
            until = db_now_plus("$3"),
            columns = super::shared::OUTBOX_COLUMNS,
        )
    }

    /// Takes a due job's lease if it is free or expired: one conditional
    /// UPDATE, which SQLite's single writer makes atomic.
    pub fn claim_job() -> String {
        format!(
            "UPDATE jobs SET lease_owner = $2, lease_until = {until}, last_started_at = $3 \
             WHERE name = $1 AND ($5 OR due_at <= $3) AND (lease_owner IS NULL OR lease_until < {DB_NOW}) \
             RETURNING {columns}",
            until = db_now_plus("$4"),
            columns = super::shared::JOB_COLUMNS,
        )
    }

    /// Nothing to listen to: the writers of an SQLite file are this
    /// process's store, which signals its own commits (another process's
    /// are seen by the consumers' slow poll).
    pub fn listen_for_events(_pool: sqlx::Pool<super::Db>, _signal: watch::Sender<u64>) -> oneshot::Sender<()> {
        oneshot::channel().0
    }
}

/// The options every connection shares: WAL, foreign keys, a busy timeout.
pub(crate) fn options(url: &str) -> StoreResult<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::BadUrl(format!("{url}: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10)))
}

/// Runs the migrations on a connection whose statements are not logged: a
/// migration that rewrites a large table takes seconds by nature (37 s for
/// the label codes on a million tickets), and sqlx would log its whole text
/// as a slow statement. The duration is logged at INFO instead.
///
/// A migration is one transaction, so the WAL grows to its size (1.6 GB
/// for that one) and would keep that size on disk: after migrations ran, it
/// is checkpointed and truncated. Not otherwise, because a truncating
/// checkpoint waits for a running server's readers.
async fn migrate(options: &SqliteConnectOptions) -> StoreResult<()> {
    use sqlx::{ConnectOptions, Connection};
    let started = std::time::Instant::now();
    let mut connection = options.clone().disable_statement_logging().connect().await?;
    let before = applied_migrations(&mut connection).await?;
    MIGRATOR.run(&mut connection).await?;
    if applied_migrations(&mut connection).await? != before {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut connection)
            .await?;
    }
    connection.close().await?;
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "database schema up to date");
    Ok(())
}

/// How many migrations the database has applied; none for a new one.
async fn applied_migrations(connection: &mut sqlx::SqliteConnection) -> StoreResult<i64> {
    let migrated: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = '_sqlx_migrations')")
            .fetch_one(&mut *connection)
            .await?;
    if !migrated {
        return Ok(0);
    }
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(connection)
        .await?)
}

/// Opens (creating if needed) the database file, migrates it, and returns a
/// store with one writer connection and a few readers.
pub async fn connect(url: &str, store: StoreOptions) -> StoreResult<shared::SqlStore> {
    let options = options(url)?;
    // Page caches bound the server's memory: 64 MiB for the writer, which
    // walks every index on each insert, and 8 MiB for each of four readers.
    // At full durability the writer syncs the log at every commit.
    let synchronous = match store.durability {
        Durability::Normal => SqliteSynchronous::Normal,
        Durability::Full => SqliteSynchronous::Full,
    };
    let writer_options = options
        .clone()
        .synchronous(synchronous)
        .pragma("cache_size", "-65536")
        .pragma("wal_autocheckpoint", "4000");
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(writer_options)
        .await
        .map_err(StoreError::Database)?;
    migrate(&options).await?;
    let read = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options.read_only(true).pragma("cache_size", "-8192"))
        .await
        .map_err(StoreError::Database)?;
    let durability = shared::durability_of(&write).await?;
    shared::SqlStore::new(read, write, "sqlite", durability).opened().await
}
