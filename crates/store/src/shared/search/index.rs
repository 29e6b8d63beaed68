//! The index's documents: a ticket's texts made into tokens, written in
//! the transaction that changes them, and the backfill of a database made
//! before the index existed.

use std::collections::HashMap;

use sqlx::QueryBuilder;

use guichet_domain::article::ArticleKind;
use guichet_domain::ids::TicketId;
use guichet_domain::search::normalise::Tokeniser;

use super::super::{Db, SqlStore, dialect};
use super::{BACKFILLED, Conn};
use crate::code::Code;
use crate::{SearchDoc, StoreResult};

/// Tickets read at once when their documents are rewritten.
const REINDEX_CHUNK: usize = 500;

/// A document as the index stores it: tokens, space-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedDoc {
    /// Its index id ([`SearchDoc::id`]).
    pub id: i64,
    /// The tokens of its title.
    pub title: String,
    /// The tokens of its body.
    pub body: String,
}

/// The texts of a ticket its documents are made of.
#[derive(Debug, Clone, Default)]
pub struct TicketTexts {
    /// The subject.
    pub subject: String,
    /// The description, then the replies and solutions, oldest first.
    pub public: Vec<String>,
    /// The internal notes, oldest first.
    pub notes: Vec<String>,
}

impl TicketTexts {
    /// Files an article's body with the public texts or the notes.
    pub fn add_article(&mut self, kind: ArticleKind, body: String) {
        match kind {
            ArticleKind::InternalNote => self.notes.push(body),
            ArticleKind::PublicReply | ArticleKind::Solution => self.public.push(body),
        }
    }

    /// The ticket's documents: always its public one, and its notes' if it
    /// has notes.
    pub fn docs(&self, ticket: TicketId, tokeniser: &mut Tokeniser) -> Vec<IndexedDoc> {
        let title = tokeniser.text(&self.subject);
        let body = |texts: &[String], tokeniser: &mut Tokeniser| {
            let mut body = String::new();
            for text in texts {
                tokeniser.push_text(&mut body, text);
            }
            body
        };
        let mut docs = vec![IndexedDoc {
            id: SearchDoc::Ticket(ticket).id(),
            title: title.clone(),
            body: body(&self.public, tokeniser),
        }];
        // The notes' document has no title: a search for the subject finds
        // the ticket once, not its notes as well.
        if !self.notes.is_empty() {
            docs.push(IndexedDoc {
                id: SearchDoc::Notes(ticket).id(),
                title: String::new(),
                body: body(&self.notes, tokeniser),
            });
        }
        docs
    }

    /// The texts of one of the ticket's documents.
    pub(super) fn of(&self, doc: SearchDoc) -> Vec<String> {
        match doc {
            SearchDoc::Ticket(_) => self.public.clone(),
            SearchDoc::Notes(_) => self.notes.clone(),
            SearchDoc::Answer(_) => Vec::new(),
        }
    }
}

/// The texts of `tickets`, by id, read on `conn`; with `lock`, their rows
/// stay locked to the end of its transaction (on PostgreSQL), so that a
/// change made meanwhile waits and writes its documents after these.
pub(super) async fn load_texts(conn: &mut Conn, tickets: &[i64], lock: bool) -> StoreResult<HashMap<i64, TicketTexts>> {
    let mut texts: HashMap<i64, TicketTexts> = HashMap::with_capacity(tickets.len());
    if tickets.is_empty() {
        return Ok(texts);
    }
    let mut q = QueryBuilder::<Db>::new("SELECT id, subject, description FROM tickets WHERE id IN (");
    push_ids(&mut q, tickets);
    q.push(")");
    if lock {
        q.push(dialect::search::LOCK_ROWS);
    }
    let rows: Vec<(i64, String, String)> = q.build_query_as().fetch_all(&mut *conn).await?;
    for (id, subject, description) in rows {
        texts.insert(
            id,
            TicketTexts {
                subject,
                public: vec![description],
                notes: Vec::new(),
            },
        );
    }
    let mut q = QueryBuilder::<Db>::new("SELECT ticket_id, kind, body FROM articles WHERE ticket_id IN (");
    push_ids(&mut q, tickets);
    q.push(") ORDER BY ticket_id, id");
    let rows: Vec<(i64, Code<ArticleKind>, String)> = q.build_query_as().fetch_all(&mut *conn).await?;
    for (ticket, kind, body) in rows {
        if let Some(entry) = texts.get_mut(&ticket) {
            entry.add_article(kind.0, body);
        }
    }
    Ok(texts)
}

pub(super) fn push_ids(q: &mut QueryBuilder<'_, Db>, ids: &[i64]) {
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
}

/// Rewrites the documents of `tickets` from their stored texts, on `conn`
/// (the transaction that changed them).
pub async fn reindex(conn: &mut Conn, tickets: &[TicketId]) -> StoreResult<()> {
    let mut ids: Vec<i64> = tickets.iter().map(|t| t.0).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut tokeniser = Tokeniser::new();
    for chunk in ids.chunks(REINDEX_CHUNK) {
        let texts = load_texts(conn, chunk, true).await?;
        let docs: Vec<IndexedDoc> = chunk
            .iter()
            .filter_map(|id| texts.get(id).map(|t| t.docs(TicketId(*id), &mut tokeniser)))
            .flatten()
            .collect();
        write_docs(conn, &docs, true).await?;
    }
    Ok(())
}

/// Rows per statement of documents (three parameters each).
const DOC_ROWS: usize = 1_000;

/// Writes documents; `replace` if some may be in the index already.
pub async fn write_docs(conn: &mut Conn, docs: &[IndexedDoc], replace: bool) -> StoreResult<()> {
    for chunk in docs.chunks(DOC_ROWS) {
        dialect::search::insert_docs(chunk, replace)
            .build()
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Indexes the tickets stored before the index existed, once: a database
/// made by an earlier version. Each chunk is its own transaction; the
/// documents of tickets changed meanwhile are rewritten by their change.
/// `None` if it was done before.
pub async fn backfill(db: &SqlStore) -> StoreResult<Option<u64>> {
    let done: Option<i64> = sqlx::query_scalar("SELECT value FROM search_state WHERE name = $1")
        .bind(BACKFILLED)
        .fetch_optional(&db.read)
        .await?;
    if done.is_some() {
        return Ok(None);
    }
    let mut after = 0_i64;
    let mut indexed = 0_u64;
    loop {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM tickets WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(REINDEX_CHUNK as i64)
            .fetch_all(&db.read)
            .await?;
        let Some(&last) = ids.last() else { break };
        let mut tx = db.write.begin().await?;
        let tickets: Vec<TicketId> = ids.iter().map(|id| TicketId(*id)).collect();
        reindex(&mut tx, &tickets).await?;
        tx.commit().await?;
        indexed += ids.len() as u64;
        after = last;
    }
    sqlx::query(&format!(
        "INSERT INTO search_state (name, value) VALUES ($1, 1) {}",
        dialect::search::ON_STATE_CONFLICT
    ))
    .bind(BACKFILLED)
    .execute(&db.write)
    .await?;
    dialect::search::after_backfill(&db.write).await?;
    Ok(Some(indexed))
}
