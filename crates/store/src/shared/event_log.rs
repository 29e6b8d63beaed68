//! Reading the event log in commit order, and the consumers' leases,
//! cursors, retries and parked changes.

use std::time::Duration;

use guichet_domain::ids::{ChangeId, ParkedId};

use super::rows::{EventRow, ParkedRow};
use super::{SqlStore, dialect};
use crate::{ConsumerState, EventPosition, Failing, Parked, Stamp, StoreError, StoreResult, StoredEvent};

/// The columns of an event.
const EVENT_SELECT: &str =
    "SELECT id, change_id, kind, ticket_id, actor_id, actor_reason, payload, created_at FROM events";

/// Events after `after`, by id: every writer inserts its events and commits
/// under the event log's lock (`dialect::lock_event_log`), so no event can
/// appear below one already visible.
pub async fn events_after(db: &SqlStore, after: EventPosition, limit: i64) -> StoreResult<Vec<StoredEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(&format!("{EVENT_SELECT} WHERE id > $1 ORDER BY id LIMIT $2"))
        .bind(after.0)
        .bind(limit)
        .fetch_all(&db.read)
        .await?;
    rows.into_iter().map(EventRow::into_event).collect()
}

pub async fn change_events(
    db: &SqlStore,
    change: ChangeId,
    first: EventPosition,
    last: EventPosition,
) -> StoreResult<Vec<StoredEvent>> {
    let sql = format!("{EVENT_SELECT} WHERE change_id = $1 AND id BETWEEN $2 AND $3 ORDER BY id");
    let rows: Vec<EventRow> = sqlx::query_as(&sql)
        .bind(change.0)
        .bind(first.0)
        .bind(last.0)
        .fetch_all(&db.read)
        .await?;
    rows.into_iter().map(EventRow::into_event).collect()
}

/// The consumer's row as its lease holder reads it.
type ConsumerRow = (i64, Option<i64>, i32, Option<Stamp>, Option<String>);

/// Takes or keeps a consumer's lease. A node that holds it with more than
/// half of it left only reads its row: an idle consumer that is pumped at
/// every commit then adds no write to the writer's queue.
pub async fn claim_consumer(
    db: &SqlStore,
    name: &str,
    owner: &str,
    lease: Duration,
) -> StoreResult<Option<ConsumerState>> {
    let held = format!(
        "SELECT cursor_id, failing_change, failures, retry_at, last_error FROM event_consumers \
         WHERE name = $1 AND lease_owner = $2 AND lease_until > {}",
        dialect::db_now_plus("$3")
    );
    let row: Option<ConsumerRow> = sqlx::query_as(&held)
        .bind(name)
        .bind(owner)
        .bind(lease.as_secs_f64() / 2.0)
        .fetch_optional(&db.read)
        .await?;
    if let Some(row) = row {
        return Ok(Some(consumer_state(row)));
    }
    let held_by_another = format!(
        "SELECT lease_owner <> $2 AND lease_until >= {} FROM event_consumers WHERE name = $1",
        dialect::DB_NOW
    );
    let taken: Option<Option<bool>> = sqlx::query_scalar(&held_by_another)
        .bind(name)
        .bind(owner)
        .fetch_optional(&db.read)
        .await?;
    if taken.flatten() == Some(true) {
        return Ok(None);
    }
    if let Some(row) = take_lease(db, name, owner, lease).await? {
        return Ok(Some(consumer_state(row)));
    }
    let registered = sqlx::query("INSERT INTO event_consumers (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(&db.write)
        .await?;
    if registered.rows_affected() == 0 {
        return Ok(None);
    }
    Ok(take_lease(db, name, owner, lease).await?.map(consumer_state))
}

/// Gives the lease to `owner` if it is free, expired or already theirs.
async fn take_lease(db: &SqlStore, name: &str, owner: &str, lease: Duration) -> StoreResult<Option<ConsumerRow>> {
    let sql = format!(
        "UPDATE event_consumers SET lease_owner = $2, lease_until = {until} \
         WHERE name = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < {now}) \
         RETURNING cursor_id, failing_change, failures, retry_at, last_error",
        until = dialect::db_now_plus("$3"),
        now = dialect::DB_NOW,
    );
    Ok(sqlx::query_as(&sql)
        .bind(name)
        .bind(owner)
        .bind(lease.as_secs_f64())
        .fetch_optional(&db.write)
        .await?)
}

fn consumer_state((cursor, change, failures, retry_at, error): ConsumerRow) -> ConsumerState {
    ConsumerState {
        cursor: EventPosition(cursor),
        failing: change.map(|change| Failing {
            change: ChangeId(change),
            failures: u32::try_from(failures).unwrap_or(0),
            retry_at: retry_at.map_or(chrono::DateTime::UNIX_EPOCH, |at| at.0),
            error: error.unwrap_or_default(),
        }),
    }
}

pub async fn advance_consumer(
    db: &SqlStore,
    name: &str,
    owner: &str,
    lease: Duration,
    to: EventPosition,
) -> StoreResult<bool> {
    let sql = format!(
        "UPDATE event_consumers SET cursor_id = $3, lease_until = {until}, \
         failing_change = NULL, failures = 0, retry_at = NULL, last_error = NULL \
         WHERE name = $1 AND lease_owner = $2 AND cursor_id <= $3",
        until = dialect::db_now_plus("$4"),
    );
    let updated = sqlx::query(&sql)
        .bind(name)
        .bind(owner)
        .bind(to.0)
        .bind(lease.as_secs_f64())
        .execute(&db.write)
        .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn consumer_failed(
    db: &SqlStore,
    name: &str,
    owner: &str,
    to: EventPosition,
    failing: &Failing,
) -> StoreResult<bool> {
    let updated = sqlx::query(
        "UPDATE event_consumers SET cursor_id = $7, failing_change = $3, failures = $4, retry_at = $5, \
         last_error = $6 WHERE name = $1 AND lease_owner = $2 AND cursor_id <= $7",
    )
    .bind(name)
    .bind(owner)
    .bind(failing.change.0)
    .bind(i32::try_from(failing.failures).unwrap_or(i32::MAX))
    .bind(Stamp(failing.retry_at))
    .bind(&failing.error)
    .bind(to.0)
    .execute(&db.write)
    .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn park_change(db: &SqlStore, name: &str, owner: &str, parked: &Parked) -> StoreResult<bool> {
    let mut tx = db.write.begin().await?;
    let moved = sqlx::query(
        "UPDATE event_consumers SET cursor_id = $3, \
         failing_change = NULL, failures = 0, retry_at = NULL, last_error = NULL \
         WHERE name = $1 AND lease_owner = $2 AND cursor_id <= $3",
    )
    .bind(name)
    .bind(owner)
    .bind(parked.last.0)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO parked_events (consumer, change_id, first_id, last_id, kinds, attempts, error, parked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(name)
    .bind(parked.change.0)
    .bind(parked.first.0)
    .bind(parked.last.0)
    .bind(parked.kinds.join(","))
    .bind(i32::try_from(parked.attempts).unwrap_or(i32::MAX))
    .bind(&parked.error)
    .bind(Stamp(parked.parked_at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn release_consumer(db: &SqlStore, name: &str, owner: &str) -> StoreResult<()> {
    sqlx::query(
        "UPDATE event_consumers SET lease_owner = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2",
    )
    .bind(name)
    .bind(owner)
    .execute(&db.write)
    .await?;
    Ok(())
}

const PARKED_COLUMNS: &str =
    "id, consumer, change_id, first_id, last_id, kinds, attempts, error, parked_at, retry_requested";

pub async fn parked(db: &SqlStore, consumer: Option<&str>) -> StoreResult<Vec<Parked>> {
    let rows: Vec<ParkedRow> = sqlx::query_as(&format!(
        "SELECT {PARKED_COLUMNS} FROM parked_events WHERE $1 IS NULL OR consumer = $1 ORDER BY id"
    ))
    .bind(consumer)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(Parked::from).collect())
}

pub async fn parked_for_retry(db: &SqlStore, consumer: &str) -> StoreResult<Vec<Parked>> {
    let rows: Vec<ParkedRow> = sqlx::query_as(&format!(
        "SELECT {PARKED_COLUMNS} FROM parked_events WHERE consumer = $1 AND retry_requested ORDER BY id"
    ))
    .bind(consumer)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(Parked::from).collect())
}

pub async fn request_retry(db: &SqlStore, id: ParkedId) -> StoreResult<Parked> {
    let row: Option<ParkedRow> = sqlx::query_as(&format!(
        "UPDATE parked_events SET retry_requested = TRUE WHERE id = $1 RETURNING {PARKED_COLUMNS}"
    ))
    .bind(id.0)
    .fetch_optional(&db.write)
    .await?;
    row.map(Parked::from).ok_or(StoreError::NotFound("parked change"))
}

pub async fn retried(db: &SqlStore, id: ParkedId, error: Option<&str>) -> StoreResult<()> {
    match error {
        None => sqlx::query("DELETE FROM parked_events WHERE id = $1").bind(id.0),
        Some(error) => sqlx::query(
            "UPDATE parked_events SET retry_requested = FALSE, attempts = attempts + 1, error = $2 WHERE id = $1",
        )
        .bind(id.0)
        .bind(error),
    }
    .execute(&db.write)
    .await?;
    Ok(())
}
