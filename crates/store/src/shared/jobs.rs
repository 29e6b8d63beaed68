//! Periodic jobs: due by the worker's clock, leased by the database's.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::rows::{JOB_COLUMNS, JobRow};
use super::{SqlStore, dialect};
use crate::{JobEnd, JobState, Stamp, StoreResult};

/// Takes a due job's lease. Whether it can be taken is read first, so a
/// node that finds nothing to do writes nothing: on SQLite every write
/// waits for the one writer.
pub async fn claim_job(
    db: &SqlStore,
    name: &str,
    owner: &str,
    now: DateTime<Utc>,
    lease: Duration,
    force: bool,
) -> StoreResult<Option<JobState>> {
    let claimable = format!(
        "SELECT ($2 OR due_at <= $3) AND (lease_owner IS NULL OR lease_until < {}) FROM jobs WHERE name = $1",
        dialect::DB_NOW
    );
    let found: Option<bool> = sqlx::query_scalar(&claimable)
        .bind(name)
        .bind(force)
        .bind(Stamp(now))
        .fetch_optional(&db.read)
        .await?;
    match found {
        Some(false) => return Ok(None),
        Some(true) => {}
        None => {
            sqlx::query("INSERT INTO jobs (name, grid_at, due_at) VALUES ($1, $2, $2) ON CONFLICT (name) DO NOTHING")
                .bind(name)
                .bind(Stamp(now))
                .execute(&db.write)
                .await?;
        }
    }
    let row: Option<JobRow> = sqlx::query_as(&dialect::claim_job())
        .bind(name)
        .bind(owner)
        .bind(Stamp(now))
        .bind(lease.as_secs_f64())
        .bind(force)
        .fetch_optional(&db.write)
        .await?;
    Ok(row.map(JobState::from))
}

pub async fn renew_job(db: &SqlStore, name: &str, owner: &str, lease: Duration) -> StoreResult<bool> {
    let sql = format!(
        "UPDATE jobs SET lease_until = {} WHERE name = $1 AND lease_owner = $2",
        dialect::db_now_plus("$3")
    );
    let renewed = sqlx::query(&sql)
        .bind(name)
        .bind(owner)
        .bind(lease.as_secs_f64())
        .execute(&db.write)
        .await?;
    Ok(renewed.rows_affected() == 1)
}

pub async fn finish_job(db: &SqlStore, name: &str, owner: &str, end: &JobEnd) -> StoreResult<bool> {
    let finished = sqlx::query(
        "UPDATE jobs SET lease_owner = NULL, lease_until = NULL, due_at = COALESCE($3, due_at), \
         failures = CASE WHEN $5 IS NULL THEN 0 ELSE failures + 1 END, \
         runs = CASE WHEN $5 IS NULL THEN runs + 1 ELSE runs END, \
         last_finished_at = $4, last_error = $5 \
         WHERE name = $1 AND lease_owner = $2",
    )
    .bind(name)
    .bind(owner)
    .bind(end.next_due.map(Stamp))
    .bind(Stamp(end.at))
    .bind(end.error.as_deref())
    .execute(&db.write)
    .await?;
    Ok(finished.rows_affected() == 1)
}

pub async fn release_job(db: &SqlStore, name: &str, owner: &str) -> StoreResult<()> {
    sqlx::query("UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2")
        .bind(name)
        .bind(owner)
        .execute(&db.write)
        .await?;
    Ok(())
}

pub async fn jobs(db: &SqlStore) -> StoreResult<Vec<JobState>> {
    let rows: Vec<JobRow> = sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM jobs ORDER BY name"))
        .fetch_all(&db.read)
        .await?;
    Ok(rows.into_iter().map(JobState::from).collect())
}
