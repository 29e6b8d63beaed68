//! The bulk loader behind `guichet generate`: multi-row inserts in one
//! transaction, ticket ids assigned up front so articles can refer to them.

use super::tickets::{PlainQuery, TICKET_COLUMNS, bind_ticket, placeholders, ticket_column_count};
use super::{SqlStore, dialect};
use crate::{BulkTicket, StoreResult};

/// Rows per multi-row INSERT: under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const TICKET_ROWS: usize = 500;
const ARTICLE_ROWS: usize = 2_000;
const ARTICLE_COLUMNS: usize = 5;

fn values_clause(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", placeholders(r * columns + 1, columns)))
        .collect::<Vec<_>>()
        .join(", ")
}

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
    let columns = ticket_column_count() + 1;
    for chunk in tickets.chunks(TICKET_ROWS) {
        let sql = format!(
            "INSERT INTO tickets (id, {TICKET_COLUMNS}) VALUES {}",
            values_clause(chunk.len(), columns)
        );
        let mut query: PlainQuery<'_> = sqlx::query(&sql);
        for bulk in chunk {
            query = bind_ticket(query.bind(bulk.ticket.id.0), &bulk.ticket);
        }
        query.execute(&mut *tx).await?;
    }
    let articles: Vec<_> = tickets.iter().flat_map(|t| t.articles.iter()).collect();
    for chunk in articles.chunks(ARTICLE_ROWS) {
        let sql = format!(
            "INSERT INTO articles (ticket_id, kind, body, author_id, created_at) VALUES {}",
            values_clause(chunk.len(), ARTICLE_COLUMNS)
        );
        let mut query: PlainQuery<'_> = sqlx::query(&sql);
        for article in chunk {
            query = query
                .bind(article.ticket.0)
                .bind(article.kind.as_str())
                .bind(&article.body)
                .bind(article.author.map(|a| a.0))
                .bind(article.created_at);
        }
        query.execute(&mut *tx).await?;
    }
    dialect::after_explicit_ticket_ids(&mut tx).await?;
    tx.commit().await?;
    Ok(tickets.len() as u64)
}
