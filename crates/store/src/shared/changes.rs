//! Writing one change set's rows inside the committer's transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;
use sqlx::types::Json;

use guichet_domain::actor::Author;
use guichet_domain::event::{DomainEvent, EventKind, HistoryEntry, NewRow};
use guichet_domain::ids::{ArticleId, ChangeId, RelationId, TicketId};
use guichet_domain::ticket::Ticket;

use super::Db;
use super::rows::{ATTACHMENT_COLUMNS, AttachmentRow};
use super::tickets::{UPDATE_TICKET, bind_ticket, write_sets};
use crate::code::Code;
use crate::shapes::in_cached_shapes;
use crate::{
    ArticleLink, Attachment, ChangeSet, Committed, NewArticle, NewAttachment, NewRelation, Stamp, StoreError,
    StoreResult, TicketWrite,
};

type Tx<'a> = sqlx::Transaction<'a, Db>;

/// Puts the ids the store assigned in place of a change's references to
/// the rows it creates.
pub struct Resolver {
    new_ticket: Option<TicketId>,
}

impl Resolver {
    /// A resolver for a change that created `new_ticket`, if any.
    pub fn new(new_ticket: Option<TicketId>) -> Self {
        Self { new_ticket }
    }

    /// `id`, or the new ticket's id for [`TicketId::NEW`].
    pub fn ticket(&self, id: TicketId) -> StoreResult<TicketId> {
        if id != TicketId::NEW {
            return Ok(id);
        }
        self.new_ticket
            .ok_or_else(|| StoreError::Malformed("the change refers to a new ticket but creates none".into()))
    }

    /// A history entry with its ticket resolved.
    pub fn history(&self, entry: &HistoryEntry) -> StoreResult<HistoryEntry> {
        Ok(HistoryEntry {
            ticket: self.ticket(entry.ticket)?,
            ..entry.clone()
        })
    }

    /// An event as it is written: its change, its ticket resolved (and the
    /// relation ends `from` and `to` of its payload), and the id of the row
    /// it names in its payload.
    pub fn event<'c>(
        &self,
        change: &ChangeSet,
        event: &'c DomainEvent,
        committed: &Committed,
    ) -> StoreResult<EventRecord<'c>> {
        let mut payload = event.payload.clone();
        for key in ["from", "to"] {
            if let Some(field) = payload.get_mut(key)
                && field.as_i64() == Some(TicketId::NEW.0)
            {
                *field = serde_json::Value::from(self.ticket(TicketId::NEW)?.0);
            }
        }
        if let Some(row) = event.fills {
            let id = created_id(committed, row)?;
            match payload.as_object_mut() {
                Some(fields) => {
                    fields.insert(row.key().to_owned(), serde_json::Value::from(id));
                }
                None => payload = serde_json::json!({ row.key(): id, "details": payload }),
            }
        }
        Ok(EventRecord {
            change: change.id,
            kind: event.kind,
            ticket: event.ticket.map(|t| self.ticket(t)).transpose()?,
            author: &event.author,
            payload,
            at: change.at,
        })
    }
}

/// The id of a row the change created.
fn created_id(committed: &Committed, row: NewRow) -> StoreResult<i64> {
    let id = match row {
        NewRow::Article(i) => committed.articles.get(i).map(|a| a.0),
        NewRow::Relation(i) => committed.relations.get(i).map(|r| r.0),
        NewRow::Attachment(i) => committed.attachments.get(i).map(|a| a.id.0),
        NewRow::Swap(i) => committed.swaps.get(i).map(|s| s.0),
    };
    id.ok_or_else(|| StoreError::Malformed(format!("an event names {row:?}, which the change does not create")))
}

/// An event ready to insert.
pub struct EventRecord<'c> {
    change: ChangeId,
    kind: EventKind,
    ticket: Option<TicketId>,
    author: &'c Author,
    payload: serde_json::Value,
    at: DateTime<Utc>,
}

/// Writes a change's rows other than its new ticket, history and events;
/// returns the ids of what it created.
pub async fn write_parts(tx: &mut Tx<'_>, change: &ChangeSet, resolver: &Resolver) -> StoreResult<Committed> {
    for write in &change.tickets {
        update_ticket(tx, write).await?;
    }
    let mut committed = Committed {
        articles: insert_articles(tx, &change.articles, resolver).await?,
        ..Committed::default()
    };
    super::mail::write_mail_parts(tx, change, resolver, &committed.articles).await?;
    for attachment in &change.attachments {
        let stored = insert_attachment(tx, attachment, resolver, &committed.articles).await?;
        committed.attachments.push(stored);
    }
    move_forward(tx, change, resolver).await?;
    for relation in &change.relations_removed {
        remove_relation(tx, *relation).await?;
    }
    for relation in &change.relations_added {
        committed.relations.push(insert_relation(tx, relation, resolver).await?);
    }
    end_sessions(tx, &change.sessions_ended).await?;
    if !change.rota.is_empty() {
        committed.swaps = super::rota::write_rota(tx, change.id, change.at, &change.rota).await?;
    }
    Ok(committed)
}

/// Writes a ticket's new state if its stored version is still the one read.
async fn update_ticket(tx: &mut Tx<'_>, write: &TicketWrite) -> StoreResult<()> {
    let before = &write.before;
    let after = Ticket {
        id: before.id,
        version: before.version + 1,
        ..write.after.clone()
    };
    let updated = bind_ticket(sqlx::query(&UPDATE_TICKET), &after)
        .bind(before.id.0)
        .bind(before.version)
        .execute(&mut **tx)
        .await?;
    if updated.rows_affected() != 1 {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM tickets WHERE id = $1")
            .bind(before.id.0)
            .fetch_optional(&mut **tx)
            .await?;
        return Err(match exists {
            None => StoreError::NotFound("ticket"),
            Some(_) => StoreError::Stale(format!(
                "ticket #{} was changed by someone else meanwhile; reload it and try again",
                before.number()
            )),
        });
    }
    write_sets(tx, &after, before).await
}

/// Inserts a change's articles, a few multi-row statements for any number
/// (an imported conversation has many), and returns their ids in order: a
/// statement numbers its rows in order, so its ids, sorted, are its rows'.
async fn insert_articles(tx: &mut Tx<'_>, articles: &[NewArticle], resolver: &Resolver) -> StoreResult<Vec<ArticleId>> {
    let mut created = Vec::with_capacity(articles.len());
    for run in in_cached_shapes(articles) {
        let mut q =
            QueryBuilder::<Db>::new("INSERT INTO articles (ticket_id, kind, body, body_html, author_id, created_at) ");
        let mut tickets = Vec::with_capacity(run.len());
        for article in run {
            tickets.push(resolver.ticket(article.ticket)?.0);
        }
        q.push_values(run.iter().zip(tickets), |mut row, (article, ticket)| {
            row.push_bind(ticket)
                .push_bind(Code(article.kind))
                .push_bind(&article.body)
                .push_bind(&article.html)
                .push_bind(article.author.map(|a| a.0))
                .push_bind(Stamp(article.created_at));
        });
        q.push(" RETURNING id");
        let mut ids: Vec<i64> = q.build_query_scalar().fetch_all(&mut **tx).await?;
        if ids.len() != run.len() {
            return Err(StoreError::Malformed(format!(
                "{} articles were inserted but {} ids came back",
                run.len(),
                ids.len()
            )));
        }
        ids.sort_unstable();
        created.extend(ids.into_iter().map(ArticleId));
    }
    Ok(created)
}

/// Stores an attachment's content once per hash, and its metadata.
async fn insert_attachment(
    tx: &mut Tx<'_>,
    new: &NewAttachment,
    resolver: &Resolver,
    articles: &[ArticleId],
) -> StoreResult<Attachment> {
    let article = match new.article {
        None => None,
        Some(ArticleLink::Stored(id)) => Some(id),
        Some(ArticleLink::New(i)) => Some(*articles.get(i).ok_or_else(|| {
            StoreError::Conflict(format!(
                "an attachment names new article {i}, which the change does not create"
            ))
        })?),
    };
    let size = i64::try_from(new.content.len()).unwrap_or(i64::MAX);
    sqlx::query("INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
        .bind(&new.sha256)
        .bind(size)
        .bind(new.content.as_ref())
        .execute(&mut **tx)
        .await?;
    let row: AttachmentRow = sqlx::query_as(&format!(
        "INSERT INTO attachments (ticket_id, article_id, filename, content_type, size, sha256, uploader_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {ATTACHMENT_COLUMNS}"
    ))
    .bind(resolver.ticket(new.ticket)?.0)
    .bind(article.map(|a| a.0))
    .bind(&new.filename)
    .bind(&new.content_type)
    .bind(size)
    .bind(&new.sha256)
    .bind(new.uploader.map(|u| u.0))
    .bind(Stamp(new.created_at))
    .fetch_one(&mut **tx)
    .await?;
    Ok(Attachment::from(row))
}

/// A ticket with a new article or attachment counts as updated at its
/// time, so lists in order of update and `updated_since` see it, not only
/// field changes.
async fn move_forward(tx: &mut Tx<'_>, change: &ChangeSet, resolver: &Resolver) -> StoreResult<()> {
    let mut latest = BTreeMap::new();
    let moments = change.articles.iter().map(|a| (a.ticket, a.created_at));
    for (ticket, at) in moments.chain(change.attachments.iter().map(|a| (a.ticket, a.created_at))) {
        let at_most = latest.entry(resolver.ticket(ticket)?).or_insert(at);
        *at_most = (*at_most).max(at);
    }
    // The ticket the change creates was written with its time already.
    let created = change
        .new_ticket
        .as_ref()
        .map(|t| (resolver.ticket(TicketId::NEW), t.updated_at));
    for (ticket, at) in latest {
        if let Some((Ok(new), updated_at)) = &created
            && *new == ticket
            && at <= *updated_at
        {
            continue;
        }
        move_ticket_forward(tx, ticket, at).await?;
    }
    Ok(())
}

/// Moves a ticket's `updated_at` forward to `at`, never back. The version
/// stays: it overwrites no field, so a change prepared meanwhile has
/// nothing to conflict with.
async fn move_ticket_forward(tx: &mut Tx<'_>, ticket: TicketId, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("UPDATE tickets SET updated_at = $1 WHERE id = $2 AND updated_at < $1")
        .bind(Stamp(at))
        .bind(ticket.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_relation(tx: &mut Tx<'_>, relation: &NewRelation, resolver: &Resolver) -> StoreResult<RelationId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO relations (kind, from_ticket, to_ticket, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(relation.kind.as_str())
    .bind(resolver.ticket(relation.from)?.0)
    .bind(resolver.ticket(relation.to)?.0)
    .bind(Stamp(relation.created_at))
    .fetch_one(&mut **tx)
    .await?;
    Ok(RelationId(id))
}

async fn remove_relation(tx: &mut Tx<'_>, id: RelationId) -> StoreResult<()> {
    let removed = sqlx::query("DELETE FROM relations WHERE id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(StoreError::NotFound("relation"));
    }
    Ok(())
}

async fn end_sessions(tx: &mut Tx<'_>, hashes: &[String]) -> StoreResult<()> {
    for run in hashes.chunks(500) {
        let mut q = QueryBuilder::<Db>::new("DELETE FROM sessions WHERE token_hash IN (");
        let mut list = q.separated(", ");
        for hash in run {
            list.push_bind(hash);
        }
        q.push(")");
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Inserts history entries, a few multi-row statements for any number.
pub async fn insert_history(tx: &mut Tx<'_>, history: &[HistoryEntry]) -> StoreResult<()> {
    for run in in_cached_shapes(history) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO ticket_history (ticket_id, actor_id, actor_reason, at, field, old_value, new_value) ",
        );
        q.push_values(run, |mut row, entry| {
            row.push_bind(entry.ticket.0)
                .push_bind(entry.author.user.map(|a| a.0))
                .push_bind(entry.author.reason.as_deref())
                .push_bind(Stamp(entry.at))
                .push_bind(&entry.change.field)
                .push_bind(&entry.change.old)
                .push_bind(&entry.change.new);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Inserts events in the given order, so each change's events stand
/// together in the log; a few multi-row statements for any number.
pub async fn insert_events(tx: &mut Tx<'_>, events: &[EventRecord<'_>]) -> StoreResult<()> {
    for run in in_cached_shapes(events) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO events (change_id, kind, ticket_id, actor_id, actor_reason, payload, created_at) ",
        );
        q.push_values(run, |mut row, event| {
            row.push_bind(event.change.0)
                .push_bind(event.kind.as_str())
                .push_bind(event.ticket.map(|t| t.0))
                .push_bind(event.author.user.map(|a| a.0))
                .push_bind(event.author.reason.as_deref())
                .push_bind(Json(&event.payload))
                .push_bind(Stamp(event.at));
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}
