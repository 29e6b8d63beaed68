//! Committing a use case's change set in one transaction.

use sqlx::QueryBuilder;
use sqlx::types::Json;

use chrono::{DateTime, Utc};
use guichet_domain::clock;
use guichet_domain::event::{DomainEvent, EventKind, HistoryEntry};

use guichet_domain::ids::{ArticleId, RelationId, TicketId};

use super::tickets::{UPDATE_TICKET, bind_ticket, write_sets};
use super::{Db, SqlStore};
use crate::code::Code;
use guichet_domain::ticket::Ticket;

use crate::shapes::in_cached_shapes;
use crate::{ChangeSet, Committed, NewArticle, NewRelation, Stamp, StoreError, StoreResult, TicketWrite};

type Tx<'a> = sqlx::Transaction<'a, Db>;

pub async fn commit(db: &SqlStore, changes: ChangeSet) -> StoreResult<Committed> {
    let mut tx = db.write.begin().await?;
    for write in &changes.tickets {
        update_ticket(&mut tx, write).await?;
    }
    let mut committed = Committed::default();
    for article in &changes.articles {
        committed.articles.push(insert_article(&mut tx, article).await?);
    }
    move_forward_on_reply(&mut tx, &changes.articles).await?;
    for (relation, actor) in &changes.relations_removed {
        remove_relation(&mut tx, *relation, *actor).await?;
    }
    for relation in &changes.relations_added {
        committed.relations.push(insert_relation(&mut tx, relation).await?);
    }
    insert_history(&mut tx, &changes.history).await?;
    insert_events(&mut tx, &changes.events).await?;
    tx.commit().await?;
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

async fn insert_article(tx: &mut Tx<'_>, article: &NewArticle) -> StoreResult<ArticleId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (ticket_id, kind, body, author_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(article.ticket.0)
    .bind(Code(article.kind))
    .bind(&article.body)
    .bind(article.author.map(|a| a.0))
    .bind(Stamp(article.created_at))
    .fetch_one(&mut **tx)
    .await?;
    let event = DomainEvent {
        kind: EventKind::ArticleAdded,
        ticket: article.ticket,
        actor: article.author,
        payload: serde_json::json!({ "article": id, "kind": article.kind }),
    };
    insert_events(tx, &[event]).await?;
    Ok(ArticleId(id))
}

/// A ticket with a new article counts as updated at the article's time.
async fn move_forward_on_reply(tx: &mut Tx<'_>, articles: &[NewArticle]) -> StoreResult<()> {
    let mut latest = std::collections::BTreeMap::new();
    for article in articles {
        let at = latest.entry(article.ticket).or_insert(article.created_at);
        *at = (*at).max(article.created_at);
    }
    for (ticket, at) in latest {
        move_ticket_forward(tx, ticket, at).await?;
    }
    Ok(())
}

/// Moves a ticket's `updated_at` forward to `at`, never back. A new article
/// or attachment counts as an update, so lists in order of update and
/// `updated_since` see it, not only field changes. The version stays: it
/// overwrites no field, so a change prepared meanwhile has nothing to
/// conflict with.
pub async fn move_ticket_forward(tx: &mut Tx<'_>, ticket: TicketId, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("UPDATE tickets SET updated_at = $1 WHERE id = $2 AND updated_at < $1")
        .bind(Stamp(at))
        .bind(ticket.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_relation(tx: &mut Tx<'_>, relation: &NewRelation) -> StoreResult<RelationId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO relations (kind, from_ticket, to_ticket, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(relation.kind.as_str())
    .bind(relation.from.0)
    .bind(relation.to.0)
    .bind(Stamp(relation.created_at))
    .fetch_one(&mut **tx)
    .await?;
    let payload =
        serde_json::json!({ "relation": id, "kind": relation.kind, "from": relation.from, "to": relation.to });
    let events: Vec<DomainEvent> = [relation.from, relation.to]
        .into_iter()
        .map(|ticket| DomainEvent {
            kind: EventKind::RelationAdded,
            ticket,
            actor: relation.actor,
            payload: payload.clone(),
        })
        .collect();
    insert_events(tx, &events).await?;
    Ok(RelationId(id))
}

async fn remove_relation(
    tx: &mut Tx<'_>,
    id: RelationId,
    actor: Option<guichet_domain::ids::UserId>,
) -> StoreResult<()> {
    let row: Option<(String, i64, i64)> =
        sqlx::query_as("DELETE FROM relations WHERE id = $1 RETURNING kind, from_ticket, to_ticket")
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await?;
    let (kind, from, to) = row.ok_or(StoreError::NotFound("relation"))?;
    let payload = serde_json::json!({ "relation": id, "kind": kind, "from": from, "to": to });
    let events: Vec<DomainEvent> = [from, to]
        .into_iter()
        .map(|ticket| DomainEvent {
            kind: EventKind::RelationRemoved,
            ticket: guichet_domain::ids::TicketId(ticket),
            actor,
            payload: payload.clone(),
        })
        .collect();
    insert_events(tx, &events).await
}

pub async fn insert_history(tx: &mut Tx<'_>, history: &[HistoryEntry]) -> StoreResult<()> {
    if history.is_empty() {
        return Ok(());
    }
    for run in in_cached_shapes(history) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO ticket_history (ticket_id, actor_id, at, field, old_value, new_value) ",
        );
        q.push_values(run, |mut row, entry| {
            row.push_bind(entry.ticket.0)
                .push_bind(entry.actor.map(|a| a.0))
                .push_bind(Stamp(entry.at))
                .push_bind(&entry.change.field)
                .push_bind(&entry.change.old)
                .push_bind(&entry.change.new);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

pub async fn insert_events(tx: &mut Tx<'_>, events: &[DomainEvent]) -> StoreResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let now = Stamp(clock::now());
    for run in in_cached_shapes(events) {
        let mut q = QueryBuilder::<Db>::new("INSERT INTO events (kind, ticket_id, actor_id, payload, created_at) ");
        q.push_values(run, |mut row, event| {
            row.push_bind(event.kind.as_str())
                .push_bind(event.ticket.0)
                .push_bind(event.actor.map(|a| a.0))
                .push_bind(Json(&event.payload))
                .push_bind(now);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}
