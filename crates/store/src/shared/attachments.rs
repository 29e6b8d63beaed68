//! Attachments, their content stored once per SHA-256.

use guichet_domain::event::{DomainEvent, EventKind};
use guichet_domain::ids::{AttachmentId, TicketId};

use super::SqlStore;
use super::changes::{insert_events, move_ticket_forward};
use super::rows::{ATTACHMENT_COLUMNS, AttachmentRow};
use crate::{Attachment, NewAttachment, Stamp, StoreError, StoreResult};

pub async fn add_attachment(db: &SqlStore, new: NewAttachment) -> StoreResult<Attachment> {
    let meta = &new.meta;
    let mut tx = db.write.begin().await?;
    sqlx::query("INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
        .bind(&meta.sha256)
        .bind(meta.size)
        .bind(&new.content)
        .execute(&mut *tx)
        .await?;
    let row: AttachmentRow = sqlx::query_as(&format!(
        "INSERT INTO attachments (ticket_id, article_id, filename, content_type, size, sha256, uploader_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {ATTACHMENT_COLUMNS}"
    ))
    .bind(meta.ticket.0)
    .bind(meta.article.map(|a| a.0))
    .bind(&meta.filename)
    .bind(&meta.content_type)
    .bind(meta.size)
    .bind(&meta.sha256)
    .bind(meta.uploader.map(|u| u.0))
    .bind(Stamp(meta.created_at))
    .fetch_one(&mut *tx)
    .await?;
    let attachment = Attachment::from(row);
    let event = DomainEvent {
        kind: EventKind::AttachmentAdded,
        ticket: attachment.ticket,
        actor: attachment.uploader,
        payload: serde_json::json!({ "attachment": attachment.id, "filename": attachment.filename }),
    };
    insert_events(&mut tx, &[event]).await?;
    move_ticket_forward(&mut tx, attachment.ticket, attachment.created_at).await?;
    tx.commit().await?;
    Ok(attachment)
}

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
