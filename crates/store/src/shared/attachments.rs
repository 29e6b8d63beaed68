//! Reading attachments, whose content is stored once per SHA-256 (they
//! are written with their change, in `changes.rs`).

use guichet_domain::ids::{AttachmentId, TicketId};

use super::SqlStore;
use super::rows::{ATTACHMENT_COLUMNS, AttachmentRow};
use crate::{Attachment, StoreError, StoreResult};

pub async fn attachment(db: &SqlStore, id: AttachmentId) -> StoreResult<Attachment> {
    sqlx::query_as::<_, AttachmentRow>(&format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?
        .map(Attachment::from)
        .ok_or(StoreError::NotFound("attachment"))
}

pub async fn attachment_content(db: &SqlStore, id: AttachmentId) -> StoreResult<Vec<u8>> {
    sqlx::query_scalar("SELECT b.content FROM attachments a JOIN blobs b ON b.sha256 = a.sha256 WHERE a.id = $1")
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?
        .ok_or(StoreError::NotFound("attachment"))
}

pub async fn attachments(db: &SqlStore, ticket: TicketId) -> StoreResult<Vec<Attachment>> {
    let rows: Vec<AttachmentRow> = sqlx::query_as(&format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE ticket_id = $1 ORDER BY id"
    ))
    .bind(ticket.0)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(Attachment::from).collect())
}

pub async fn blob_count(db: &SqlStore) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM blobs")
        .fetch_one(&db.read)
        .await?)
}
