//! Reading the event log and keeping consumers' cursors.

use super::SqlStore;
use super::rows::EventRow;
use crate::{StoreResult, StoredEvent};

pub async fn events_after(db: &SqlStore, after: i64, limit: i64) -> StoreResult<Vec<StoredEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT id, kind, ticket_id, actor_id, payload, created_at FROM events WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&db.read)
    .await?;
    rows.into_iter().map(EventRow::into_event).collect()
}

pub async fn event_cursor(db: &SqlStore, consumer: &str) -> StoreResult<i64> {
    let position: Option<i64> = sqlx::query_scalar("SELECT position FROM event_cursors WHERE consumer = $1")
        .bind(consumer)
        .fetch_optional(&db.read)
        .await?;
    Ok(position.unwrap_or(0))
}

pub async fn set_event_cursor(db: &SqlStore, consumer: &str, position: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO event_cursors (consumer, position) VALUES ($1, $2) \
         ON CONFLICT (consumer) DO UPDATE SET position = excluded.position",
    )
    .bind(consumer)
    .bind(position)
    .execute(&db.write)
    .await?;
    Ok(())
}
