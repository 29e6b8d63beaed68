//! Tickets: creation, reading, listing, and their set-valued fields.

use std::collections::HashMap;

use sqlx::QueryBuilder;

use guichet_domain::article::{Article, ArticleKind};
use guichet_domain::event::{DomainEvent, HistoryEntry};
use guichet_domain::ids::{TicketId, UnitId, UserId};
use guichet_domain::relation::Relation;
use guichet_domain::status::Status;
use guichet_domain::text::Email;
use guichet_domain::ticket::Ticket;

use super::changes::{insert_events, insert_history};
use super::rows::{ArticleRow, HistoryRow, RelationRow, TICKET_SELECT, TicketRow, TicketSets};
use super::{Db, SqlStore};
use crate::{Page, PageRequest, StoreError, StoreResult, TicketFilter, TicketView};

/// The written columns of a ticket, in bind order.
pub const TICKET_COLUMNS: &str = "subject, description, submitter_id, issue_type_id, site_id, vo_id, occurred_at, \
    priority, original_priority, unit_id, assignee_id, notification_mode, visibility, status, qualifier, locked, \
    created_at, updated_at, status_changed_at, assigned_at, version";

/// A plain query of this backend.
pub type PlainQuery<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>;

/// Binds a ticket's written columns, in [`TICKET_COLUMNS`] order.
pub fn bind_ticket<'q>(query: PlainQuery<'q>, t: &'q Ticket) -> PlainQuery<'q> {
    query
        .bind(&t.subject)
        .bind(&t.description)
        .bind(t.submitter.0)
        .bind(t.issue_type.map(|v| v.0))
        .bind(t.site.map(|v| v.0))
        .bind(t.vo.map(|v| v.0))
        .bind(t.occurred_at)
        .bind(t.priority.as_str())
        .bind(t.original_priority.as_str())
        .bind(t.unit.0)
        .bind(t.assignee.map(|v| v.0))
        .bind(t.notification_mode.as_str())
        .bind(t.visibility.as_str())
        .bind(t.status.as_str())
        .bind(t.qualifier.map(|q| q.as_str()))
        .bind(t.locked)
        .bind(t.created_at)
        .bind(t.updated_at)
        .bind(t.status_changed_at)
        .bind(t.assigned_at)
        .bind(t.version)
}

/// How many columns [`TICKET_COLUMNS`] names.
pub fn ticket_column_count() -> usize {
    TICKET_COLUMNS.split(',').count()
}

/// `$1, $2, …, $n`.
pub fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn create_ticket(
    db: &SqlStore,
    mut ticket: Ticket,
    history: Vec<HistoryEntry>,
    events: Vec<DomainEvent>,
) -> StoreResult<Ticket> {
    let mut tx = db.write.begin().await?;
    let sql = format!(
        "INSERT INTO tickets ({TICKET_COLUMNS}) VALUES ({}) RETURNING id",
        placeholders(1, ticket_column_count())
    );
    let id: i64 = bind_ticket(sqlx::query(&sql), &ticket)
        .fetch_one(&mut *tx)
        .await
        .map(|row| {
            use sqlx::Row;
            row.get(0)
        })?;
    ticket.id = TicketId(id);
    write_sets(&mut tx, &ticket, None).await?;
    let history: Vec<_> = history
        .into_iter()
        .map(|h| HistoryEntry { ticket: ticket.id, ..h })
        .collect();
    let events: Vec<_> = events
        .into_iter()
        .map(|e| DomainEvent { ticket: ticket.id, ..e })
        .collect();
    insert_history(&mut tx, &history).await?;
    insert_events(&mut tx, &events).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// Writes involved units, persons and CC: all of them for a new ticket
/// (`before` is `None`), only those that differ from `before` otherwise.
pub async fn write_sets(tx: &mut sqlx::Transaction<'_, Db>, t: &Ticket, before: Option<&Ticket>) -> StoreResult<()> {
    let existing = before.is_some();
    if before.is_none_or(|b| b.involved_units != t.involved_units) {
        let ids: Vec<i64> = t.involved_units.iter().map(|u| u.0).collect();
        replace_set(tx, "ticket_involved_units", "unit_id", t.id, &ids, existing).await?;
    }
    if before.is_none_or(|b| b.involved_users != t.involved_users) {
        let ids: Vec<i64> = t.involved_users.iter().map(|u| u.0).collect();
        replace_set(tx, "ticket_involved_users", "user_id", t.id, &ids, existing).await?;
    }
    if before.is_none_or(|b| b.cc != t.cc) {
        let emails: Vec<&str> = t.cc.iter().map(|e| e.as_str()).collect();
        replace_set(tx, "ticket_cc", "email", t.id, &emails, existing).await?;
    }
    Ok(())
}

/// Replaces the rows of one set-valued field of a ticket.
async fn replace_set<'v, V>(
    tx: &mut sqlx::Transaction<'_, Db>,
    table: &str,
    column: &str,
    ticket: TicketId,
    values: &'v [V],
    existing: bool,
) -> StoreResult<()>
where
    V: sqlx::Encode<'v, Db> + sqlx::Type<Db> + Copy + Send + 'v,
{
    if existing {
        sqlx::query(&format!("DELETE FROM {table} WHERE ticket_id = $1"))
            .bind(ticket.0)
            .execute(&mut **tx)
            .await?;
    }
    if values.is_empty() {
        return Ok(());
    }
    let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO {table} (ticket_id, {column}) "));
    q.push_values(values, |mut row, value| {
        row.push_bind(ticket.0).push_bind(*value);
    });
    q.build().execute(&mut **tx).await?;
    Ok(())
}

/// Loads the set-valued fields of the given tickets.
async fn load_sets(db: &SqlStore, ids: &[i64]) -> StoreResult<HashMap<i64, TicketSets>> {
    let mut sets: HashMap<i64, TicketSets> = HashMap::new();
    if ids.is_empty() {
        return Ok(sets);
    }
    for (table, column) in [
        ("ticket_involved_units", "unit_id"),
        ("ticket_involved_users", "user_id"),
    ] {
        let mut q = QueryBuilder::<Db>::new(format!("SELECT ticket_id, {column} FROM {table} WHERE ticket_id IN ("));
        push_ids(&mut q, ids);
        q.push(format!(") ORDER BY {column}"));
        let rows: Vec<(i64, i64)> = q.build_query_as().fetch_all(&db.read).await?;
        for (ticket, id) in rows {
            let entry = sets.entry(ticket).or_default();
            if column == "unit_id" {
                entry.involved_units.push(UnitId(id));
            } else {
                entry.involved_users.push(UserId(id));
            }
        }
    }
    let mut q = QueryBuilder::<Db>::new("SELECT ticket_id, email FROM ticket_cc WHERE ticket_id IN (");
    push_ids(&mut q, ids);
    q.push(") ORDER BY email");
    let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&db.read).await?;
    for (ticket, email) in rows {
        sets.entry(ticket).or_default().cc.push(Email::parse("cc", &email)?);
    }
    Ok(sets)
}

fn push_ids(q: &mut QueryBuilder<'_, Db>, ids: &[i64]) {
    let mut separated = q.separated(", ");
    for id in ids {
        separated.push_bind(*id);
    }
}

async fn views(db: &SqlStore, rows: Vec<TicketRow>) -> StoreResult<Vec<TicketView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut sets = load_sets(db, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let ticket_sets = sets.remove(&row.id).unwrap_or_default();
            row.into_view(ticket_sets)
        })
        .collect()
}

pub async fn ticket(db: &SqlStore, id: TicketId) -> StoreResult<TicketView> {
    let row: TicketRow = sqlx::query_as(&format!("{TICKET_SELECT} WHERE t.id = $1"))
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?
        .ok_or(StoreError::NotFound("ticket"))?;
    views(db, vec![row]).await?.pop().ok_or(StoreError::NotFound("ticket"))
}

fn push_filter(q: &mut QueryBuilder<'_, Db>, filter: &TicketFilter) {
    q.push(" WHERE 1 = 1");
    if !filter.statuses.is_empty() {
        q.push(" AND t.status IN (");
        let mut separated = q.separated(", ");
        for status in &filter.statuses {
            separated.push_bind(status.as_str());
        }
        q.push(")");
    }
    let ids = [
        (" AND t.unit_id = ", filter.unit.map(|v| v.0)),
        (" AND t.site_id = ", filter.site.map(|v| v.0)),
        (" AND t.vo_id = ", filter.vo.map(|v| v.0)),
        (" AND t.submitter_id = ", filter.submitter.map(|v| v.0)),
    ];
    for (clause, value) in ids {
        if let Some(value) = value {
            q.push(clause).push_bind(value);
        }
    }
    if let Some(priority) = filter.priority {
        q.push(" AND t.priority = ").push_bind(priority.as_str());
    }
    if let Some(since) = filter.updated_since {
        q.push(" AND t.updated_at >= ").push_bind(since);
    }
    if let Some(viewer) = filter.visible_to_requester {
        q.push(" AND (t.visibility = 'public' OR t.submitter_id = ")
            .push_bind(viewer.0)
            .push(")");
    }
}

pub async fn tickets(db: &SqlStore, filter: &TicketFilter, page: PageRequest) -> StoreResult<Page<TicketView>> {
    let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM tickets t");
    push_filter(&mut count, filter);
    let total: i64 = count.build_query_scalar().fetch_one(&db.read).await?;
    let mut q = QueryBuilder::<Db>::new(TICKET_SELECT);
    push_filter(&mut q, filter);
    q.push(" ORDER BY t.updated_at DESC, t.id DESC LIMIT ")
        .push_bind(i64::from(page.per_page))
        .push(" OFFSET ")
        .push_bind(page.offset());
    let rows: Vec<TicketRow> = q.build_query_as().fetch_all(&db.read).await?;
    Ok(Page {
        items: views(db, rows).await?,
        total,
    })
}

pub async fn articles(db: &SqlStore, ticket: TicketId, with_internal: bool) -> StoreResult<Vec<Article>> {
    let rows: Vec<ArticleRow> = sqlx::query_as(
        "SELECT id, ticket_id, kind, body, author_id, created_at FROM articles \
         WHERE ticket_id = $1 AND (kind <> $2 OR $3) ORDER BY id",
    )
    .bind(ticket.0)
    .bind(ArticleKind::InternalNote.as_str())
    .bind(with_internal)
    .fetch_all(&db.read)
    .await?;
    rows.into_iter().map(ArticleRow::into_article).collect()
}

pub async fn history(db: &SqlStore, ticket: TicketId) -> StoreResult<Vec<HistoryEntry>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT ticket_id, actor_id, at, field, old_value, new_value FROM ticket_history WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(ticket.0)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(HistoryEntry::from).collect())
}

const RELATION_COLUMNS: &str = "id, kind, from_ticket, to_ticket, created_at";

pub async fn relations(db: &SqlStore, ticket: TicketId) -> StoreResult<Vec<Relation>> {
    let rows: Vec<RelationRow> = sqlx::query_as(&format!(
        "SELECT {RELATION_COLUMNS} FROM relations WHERE from_ticket = $1 OR to_ticket = $1 ORDER BY id"
    ))
    .bind(ticket.0)
    .fetch_all(&db.read)
    .await?;
    rows.into_iter().map(RelationRow::into_relation).collect()
}

pub async fn relation(db: &SqlStore, id: guichet_domain::ids::RelationId) -> StoreResult<Relation> {
    sqlx::query_as::<_, RelationRow>(&format!("SELECT {RELATION_COLUMNS} FROM relations WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?
        .ok_or(StoreError::NotFound("relation"))?
        .into_relation()
}

pub async fn count_by_status(db: &SqlStore) -> StoreResult<Vec<(Status, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM tickets GROUP BY status")
        .fetch_all(&db.read)
        .await?;
    rows.into_iter()
        .map(|(status, count)| Ok((Status::parse(&status)?, count)))
        .collect()
}

pub async fn ticket_count(db: &SqlStore) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&db.read)
        .await?)
}
