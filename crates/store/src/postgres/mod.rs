//! The PostgreSQL backend, for several stateless Guichet nodes on one database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::{StoreError, StoreResult};

type Db = sqlx::Postgres;

#[path = "../shared/mod.rs"]
#[expect(
    clippy::duplicate_mod,
    reason = "the shared SQL is compiled once per backend on purpose"
)]
mod shared;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Statements only PostgreSQL needs.
mod dialect {
    use crate::StoreResult;

    /// How a bulk INSERT starts.
    pub const BULK_INSERT: &str = "INSERT INTO";

    /// Moves the identity sequence past ids the bulk loader chose itself.
    pub async fn after_explicit_ticket_ids(tx: &mut sqlx::Transaction<'_, super::Db>) -> StoreResult<()> {
        sqlx::query("SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets))")
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Vacuums and analyses the big tables, so index-only scans and good
    /// plans are available at once instead of after autovacuum's next pass.
    ///
    /// After a bulk load this takes seconds by nature (3 s for a million
    /// tickets), which sqlx would log as a slow-statement warning; it runs
    /// on a connection of its own without that warning, and its duration is
    /// logged at INFO instead.
    pub async fn refresh_statistics(pool: &sqlx::Pool<super::Db>) -> StoreResult<()> {
        use sqlx::{ConnectOptions, Connection};
        let options = pool.connect_options().as_ref().clone().disable_statement_logging();
        let mut connection = options.connect().await?;
        let started = std::time::Instant::now();
        sqlx::query("VACUUM ANALYZE tickets, articles")
            .execute(&mut connection)
            .await?;
        tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            "planner statistics refreshed"
        );
        connection.close().await?;
        Ok(())
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
pub async fn connect(url: &str, schema: Option<&str>) -> StoreResult<shared::SqlStore> {
    let mut options = PgConnectOptions::from_str(url).map_err(|e| StoreError::BadUrl(format!("{url}: {e}")))?;
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
    Ok(shared::SqlStore::new(pool.clone(), pool, "postgres"))
}
