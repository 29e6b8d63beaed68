//! Confirmed closure: the deployment's shared secrets and the ratings of
//! verified solutions.

use guichet_domain::ids::{TicketId, UserId};

use super::SqlStore;
use crate::{Stamp, StoreError, StoreResult, TicketRating};

pub async fn deployment_secret(db: &SqlStore, name: &str, fresh: &[u8]) -> StoreResult<Vec<u8>> {
    let stored: Option<(Vec<u8>,)> = sqlx::query_as("SELECT value FROM deployment_secrets WHERE name = $1")
        .bind(name)
        .fetch_optional(&db.read)
        .await?;
    if let Some((value,)) = stored {
        return Ok(value);
    }
    sqlx::query("INSERT INTO deployment_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(fresh)
        .execute(&db.write)
        .await?;
    let (value,): (Vec<u8>,) = sqlx::query_as("SELECT value FROM deployment_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(&db.write)
        .await?;
    Ok(value)
}

pub async fn rate_ticket(db: &SqlStore, rating: &TicketRating) -> StoreResult<bool> {
    let added = sqlx::query(
        "INSERT INTO ticket_ratings (ticket_id, rating, comment, rated_at, rated_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (ticket_id) DO NOTHING",
    )
    .bind(rating.ticket.0)
    .bind(i16::from(rating.rating))
    .bind(rating.comment.as_deref())
    .bind(Stamp(rating.rated_at))
    .bind(rating.rated_by.0)
    .execute(&db.write)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::NotFound("ticket"),
        other => other,
    })?;
    Ok(added.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct RatingRow {
    rating: i16,
    comment: Option<String>,
    rated_at: Stamp,
    rated_by: i64,
}

pub async fn ticket_rating(db: &SqlStore, ticket: TicketId) -> StoreResult<Option<TicketRating>> {
    let row: Option<RatingRow> =
        sqlx::query_as("SELECT rating, comment, rated_at, rated_by FROM ticket_ratings WHERE ticket_id = $1")
            .bind(ticket.0)
            .fetch_optional(&db.read)
            .await?;
    row.map(|row| {
        Ok(TicketRating {
            ticket,
            rating: u8::try_from(row.rating).map_err(|_| StoreError::Corrupt(format!("rating {}", row.rating)))?,
            comment: row.comment,
            rated_at: row.rated_at.0,
            rated_by: UserId(row.rated_by),
        })
    })
    .transpose()
}
