//! The bulk loader behind `guichet generate`: multi-row inserts in one
//! transaction, ticket ids assigned up front so articles can refer to them.
//!
//! It uses query builders, whose SQLite placeholders are anonymous `?`:
//! SQLite looks numbered parameters up by a linear scan, which makes
//! statements with thousands of `$N` quadratic.

use sqlx::QueryBuilder;

use super::tickets::{TICKET_COLUMNS, push_ticket};
use super::{Db, SqlStore, dialect};
use crate::{BulkTicket, Stamp, StoreResult};

/// Rows per multi-row INSERT: under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const TICKET_ROWS: usize = 1_000;
const ARTICLE_ROWS: usize = 5_000;

pub async fn bulk_insert(db: &SqlStore, mut tickets: Vec<BulkTicket>) -> StoreResult<u64> {
    let mut tx = db.write.begin().await?;
    let max_id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM tickets")
        .fetch_one(&mut *tx)
        .await?;
    let mut next_id = max_id.unwrap_or(0);
    for bulk in &mut tickets {
        next_id += 1;
        bulk.ticket.id = guichet_domain::ids::TicketId(next_id);
        for article in &mut bulk.articles {
            article.ticket = bulk.ticket.id;
        }
    }
    for chunk in tickets.chunks(TICKET_ROWS) {
        let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO tickets (id, {TICKET_COLUMNS}) "));
        q.push_values(chunk, |mut row, bulk| {
            row.push_bind(bulk.ticket.id.0);
            push_ticket(&mut row, &bulk.ticket);
        });
        q.build().execute(&mut *tx).await?;
    }
    let articles: Vec<_> = tickets.iter().flat_map(|t| t.articles.iter()).collect();
    for chunk in articles.chunks(ARTICLE_ROWS) {
        let mut q = QueryBuilder::<Db>::new("INSERT INTO articles (ticket_id, kind, body, author_id, created_at) ");
        q.push_values(chunk, |mut row, article| {
            row.push_bind(article.ticket.0)
                .push_bind(article.kind.as_str())
                .push_bind(&article.body)
                .push_bind(article.author.map(|a| a.0))
                .push_bind(Stamp(article.created_at));
        });
        q.build().execute(&mut *tx).await?;
    }
    dialect::after_explicit_ticket_ids(&mut tx).await?;
    tx.commit().await?;
    Ok(tickets.len() as u64)
}
