//! The PostgreSQL backend, for several stateless Guichet nodes on one database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::{Durability, StoreError, StoreOptions, StoreResult};

type Db = sqlx::Postgres;

#[path = "../shared/mod.rs"]
#[expect(
    clippy::duplicate_mod,
    reason = "the shared SQL is compiled once per backend on purpose"
)]
mod shared;

pub(crate) mod search;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Statements only PostgreSQL needs.
pub(crate) mod dialect {
    pub(crate) use super::search;
    use tokio::sync::{oneshot, watch};

    use crate::StoreResult;

    /// How a bulk INSERT starts.
    pub const BULK_INSERT: &str = "INSERT INTO";

    /// Ids for `count` bulk-loaded tickets, drawn from the identity
    /// sequence: nodes creating tickets meanwhile draw others.
    pub async fn reserve_ticket_ids(tx: &mut sqlx::Transaction<'_, super::Db>, count: usize) -> StoreResult<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence('tickets', 'id')) FROM generate_series(1, $1)")
                .bind(i64::try_from(count).unwrap_or(i64::MAX))
                .fetch_all(&mut **tx)
                .await?,
        )
    }

    /// Vacuums and analyses the big tables, so index-only scans and good
    /// plans are available at once instead of after autovacuum's next pass.
    ///
    /// After a bulk load this takes seconds by nature (5 s for a million
    /// tickets), which sqlx would log as a slow-statement warning; it runs
    /// on a connection of its own without that warning, and its duration is
    /// logged at INFO instead.
    pub async fn refresh_statistics(pool: &sqlx::Pool<super::Db>) -> StoreResult<()> {
        use sqlx::{ConnectOptions, Connection};
        let options = pool.connect_options().as_ref().clone().disable_statement_logging();
        let mut connection = options.connect().await?;
        let started = std::time::Instant::now();
        sqlx::query("VACUUM ANALYZE tickets, articles, search_docs")
            .execute(&mut connection)
            .await?;
        tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            "planner statistics refreshed"
        );
        connection.close().await?;
        Ok(())
    }

    /// The connections' `synchronous_commit`: anything but `off` waits for
    /// the commit's log record to be on disk.
    pub async fn durability(pool: &sqlx::Pool<super::Db>) -> StoreResult<crate::Durability> {
        let setting: String = sqlx::query_scalar("SHOW synchronous_commit").fetch_one(pool).await?;
        Ok(if setting == "off" {
            crate::Durability::Normal
        } else {
            crate::Durability::Full
        })
    }

    /// Takes this schema's event-log lock, held to the end of the
    /// transaction: the last thing a transaction does before inserting its
    /// events and committing.
    ///
    /// An identity is taken at insert but becomes visible at commit, so
    /// without it ids would not follow the order of commits, and a reader
    /// that has seen id 12 could later see 11 appear. With it, one
    /// transaction at a time inserts events and commits, so each one's ids
    /// are above every id committed before it and below every id taken
    /// after it: a reader going by id never skips an event, and each
    /// transaction's events stand together. It is taken after every other
    /// lock of the transaction, and its holder takes no other, so no cycle
    /// of waits can form through it.
    pub async fn lock_event_log(tx: &mut sqlx::Transaction<'_, super::Db>) -> StoreResult<()> {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.events'))")
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// The database's clock.
    pub const DB_NOW: &str = "CURRENT_TIMESTAMP";

    /// The database's clock plus the seconds bound to `parameter`.
    pub fn db_now_plus(parameter: &str) -> String {
        format!("(CURRENT_TIMESTAMP + {parameter} * INTERVAL '1 second')")
    }
    /// Leases due notifications. `SKIP LOCKED`: nodes claiming at once
    /// take different rows instead of waiting for each other.
    pub fn claim_mail() -> String {
        format!(
            "UPDATE mail_outbox SET lease_owner = $1, lease_until = {until} \
             WHERE id IN (SELECT id FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= $2 \
             AND (lease_owner IS NULL OR lease_until < {DB_NOW}) ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING {columns}",
            until = db_now_plus("$3"),
            columns = super::shared::OUTBOX_COLUMNS,
        )
    }

    /// Takes a due job's lease if it is free or expired. `SKIP LOCKED`: a
    /// node that finds another claiming the row at that moment moves on
    /// instead of waiting for it.
    pub fn claim_job() -> String {
        format!(
            "UPDATE jobs SET lease_owner = $2, lease_until = {until}, last_started_at = $3 \
             WHERE name = (SELECT name FROM jobs WHERE name = $1 AND ($5 OR due_at <= $3) \
             AND (lease_owner IS NULL OR lease_until < {DB_NOW}) FOR UPDATE SKIP LOCKED) \
             RETURNING {columns}",
            until = db_now_plus("$4"),
            columns = super::shared::JOB_COLUMNS,
        )
    }

    /// Listens, on a connection of its own, to the channel the `events`
    /// trigger notifies at each commit that added events, by any node, and
    /// moves `signal` on each time; reconnects after a lost connection.
    /// Dropping the returned sender stops it.
    pub fn listen_for_events(pool: sqlx::Pool<super::Db>, signal: watch::Sender<u64>) -> oneshot::Sender<()> {
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(async move {
            tokio::select! {
                () = listen(pool, signal) => {},
                _ = stopped => {},
            }
        });
        stop
    }

    async fn listen(pool: sqlx::Pool<super::Db>, signal: watch::Sender<u64>) {
        loop {
            if let Err(error) = listen_once(&pool, &signal).await {
                tracing::warn!(%error, "listening for events failed; consumers poll slowly until it is back");
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }

    /// The channel the `events` trigger notifies, with its schema's name as
    /// the payload.
    const CHANNEL: &str = "guichet_events";

    async fn listen_once(pool: &sqlx::Pool<super::Db>, signal: &watch::Sender<u64>) -> Result<(), sqlx::Error> {
        let schema: String = sqlx::query_scalar("SELECT current_schema()").fetch_one(pool).await?;
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        // Events may have come while nobody listened.
        signal.send_modify(|version| *version = version.wrapping_add(1));
        loop {
            let notification = listener.recv().await?;
            if notification.payload() == schema {
                signal.send_modify(|version| *version = version.wrapping_add(1));
            }
        }
    }
}

/// One direct connection first, so an unreachable server or a refused login
/// is reported as such, quickly, instead of as a pool time-out.
async fn probe(options: &PgConnectOptions) -> StoreResult<()> {
    use sqlx::Connection;
    let connection = tokio::time::timeout(Duration::from_secs(5), sqlx::PgConnection::connect_with(options))
        .await
        .map_err(|_| StoreError::Unreachable("PostgreSQL did not answer within 5 s".into()))?
        .map_err(StoreError::Database)?;
    connection.close().await.map_err(StoreError::Database)
}

/// Runs the migrations on a connection whose statements are not logged, as
/// on SQLite (`sqlite::migrate`); the duration is logged at INFO.
async fn migrate(options: &PgConnectOptions) -> StoreResult<()> {
    use sqlx::{ConnectOptions, Connection};
    let started = std::time::Instant::now();
    let mut connection = options.clone().disable_statement_logging().connect().await?;
    MIGRATOR.run(&mut connection).await?;
    connection.close().await?;
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "database schema up to date");
    Ok(())
}

/// Connects, optionally inside `schema` (created if missing, and named as
/// the connections' application so tests can end them), and migrates.
pub async fn connect(url: &str, schema: Option<&str>, store: StoreOptions) -> StoreResult<shared::SqlStore> {
    let mut options = PgConnectOptions::from_str(url).map_err(|e| StoreError::BadUrl(format!("{url}: {e}")))?;
    if store.durability == Durability::Full {
        options = options.options([("synchronous_commit", "on")]);
    }
    probe(&options).await?;
    if let Some(schema) = schema {
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
            .execute(&admin)
            .await?;
        admin.close().await;
        options = options.options([("search_path", schema)]).application_name(schema);
    }
    migrate(&options).await?;
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(StoreError::Database)?;
    let durability = shared::durability_of(&pool).await?;
    shared::SqlStore::new(pool.clone(), pool, "postgres", durability)
        .opened()
        .await
}
