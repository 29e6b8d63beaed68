//! The bulk loader behind `guichet generate`: multi-row inserts in one
//! transaction, ticket ids reserved up front so articles can refer to them
//! (from the identity sequence on PostgreSQL, so a live database's own
//! creations never collide with them).
//!
//! The search index is filled in the same transaction: its documents are
//! made from the loaded texts, without reading them back.
//!
//! The statements are built on a blocking thread while the database runs
//! the previous ones: built in line, the load ran on one core at a time
//! (`time`: 98% CPU), binding values while the database waited. A panic
//! while building is the caller's panic.
//!
//! It uses query builders, whose SQLite placeholders are anonymous `?`:
//! SQLite looks numbered parameters up by a linear scan, which makes
//! statements with thousands of `$N` quadratic.

use sqlx::QueryBuilder;
use tokio::sync::mpsc;

use guichet_domain::search::normalise::Tokeniser;

use super::search::{IndexedDoc, TicketTexts};
use super::tickets::{TICKET_COLUMNS, push_ticket};
use super::{Db, SqlStore, dialect};
use crate::code::Code;
use crate::{BulkTicket, NewArticle, Stamp, StoreResult};

/// Rows per multi-row INSERT: under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const TICKET_ROWS: usize = 1_000;
const ARTICLE_ROWS: usize = 5_000;

/// A statement whose builder owns its values.
type Statement = QueryBuilder<'static, Db>;

/// Adds `tickets` and their articles in one transaction.
pub async fn bulk_insert(db: &SqlStore, mut tickets: Vec<BulkTicket>) -> StoreResult<u64> {
    let count = tickets.len() as u64;
    let mut tx = db.write.begin().await?;
    let mut ids = dialect::reserve_ticket_ids(&mut tx, tickets.len()).await?;
    ids.sort_unstable();
    assign_ids(&mut tickets, &ids);
    let (sender, mut statements) = mpsc::channel(2);
    let builder = tokio::task::spawn_blocking(move || send_statements(tickets, &sender));
    while let Some(mut statement) = statements.recv().await {
        statement.build().execute(&mut *tx).await?;
    }
    if let Err(failure) = builder.await
        && failure.is_panic()
    {
        std::panic::resume_unwind(failure.into_panic());
    }
    tx.commit().await?;
    Ok(count)
}

/// Gives the tickets the reserved ids, in order, and points their articles at them.
fn assign_ids(tickets: &mut [BulkTicket], ids: &[i64]) {
    for (bulk, &id) in tickets.iter_mut().zip(ids) {
        bulk.ticket.id = guichet_domain::ids::TicketId(id);
        for article in &mut bulk.articles {
            article.ticket = bulk.ticket.id;
        }
    }
}

/// Sends the INSERTs of `tickets`, then of their articles, until the
/// receiver is gone (the load failed).
fn send_statements(tickets: Vec<BulkTicket>, sender: &mpsc::Sender<Statement>) {
    let ticket_head = format!("{} tickets (id, {TICKET_COLUMNS}) ", dialect::BULK_INSERT);
    for chunk in tickets.chunks(TICKET_ROWS) {
        if sender.blocking_send(insert_tickets(&ticket_head, chunk)).is_err() {
            return;
        }
    }
    let mut tokeniser = Tokeniser::new();
    for chunk in tickets.chunks(DOC_TICKETS) {
        let docs: Vec<IndexedDoc> = chunk
            .iter()
            .flat_map(|bulk| texts_of(bulk).docs(bulk.ticket.id, &mut tokeniser))
            .collect();
        if sender
            .blocking_send(dialect::search::insert_docs(&docs, false))
            .is_err()
        {
            return;
        }
    }
    let article_head = format!(
        "{} articles (ticket_id, kind, body, author_id, created_at) ",
        dialect::BULK_INSERT
    );
    let mut articles = tickets.into_iter().flat_map(|t| t.articles).peekable();
    while articles.peek().is_some() {
        let chunk = articles.by_ref().take(ARTICLE_ROWS);
        if sender.blocking_send(insert_articles(&article_head, chunk)).is_err() {
            return;
        }
    }
}

/// Tickets whose documents go in one statement (one or two documents each,
/// three parameters a document).
const DOC_TICKETS: usize = 500;

/// The searchable texts of a loaded ticket.
fn texts_of(bulk: &BulkTicket) -> TicketTexts {
    let mut texts = TicketTexts {
        subject: bulk.ticket.subject.clone(),
        public: vec![bulk.ticket.description.clone()],
        notes: Vec::new(),
    };
    for article in &bulk.articles {
        texts.add_article(article.kind, article.body.clone());
    }
    texts
}

/// One multi-row INSERT of tickets with their ids; `head` is the statement
/// up to its `VALUES`, the same for every chunk.
fn insert_tickets(head: &str, chunk: &[BulkTicket]) -> Statement {
    let mut q = QueryBuilder::new(head);
    q.push_values(chunk, |mut row, bulk| {
        row.push_bind(bulk.ticket.id.0);
        push_ticket(&mut row, &bulk.ticket);
    });
    q
}

/// One multi-row INSERT of articles.
fn insert_articles(head: &str, chunk: impl Iterator<Item = NewArticle>) -> Statement {
    let mut q = QueryBuilder::new(head);
    q.push_values(chunk, |mut row, article| {
        row.push_bind(article.ticket.0)
            .push_bind(Code(article.kind))
            .push_bind(article.body)
            .push_bind(article.author.map(|a| a.0))
            .push_bind(Stamp(article.created_at));
    });
    q
}
