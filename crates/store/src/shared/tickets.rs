//! Tickets: creation, reading, listing, and their set-valued fields.

use std::collections::HashMap;

use sqlx::QueryBuilder;

use guichet_domain::article::{Article, ArticleKind};
use guichet_domain::event::HistoryEntry;
use guichet_domain::ids::{TicketId, UnitId, UserId};
use guichet_domain::relation::Relation;
use guichet_domain::status::Status;
use guichet_domain::text::Email;
use guichet_domain::ticket::{Ticket, Visibility};

use super::rows::{ArticleRow, HistoryRow, RelationRow, TICKET_SELECT, TicketRow, TicketSets};
use super::{Db, SqlStore};
use crate::code::Code;
use crate::shapes::in_cached_shapes;
use crate::{Page, PageRequest, Stamp, StoreError, StoreResult, TicketFilter, TicketView};

/// The written columns of a ticket, in bind order.
pub const TICKET_COLUMNS: &str = "subject, description, submitter_id, issue_type_id, site_id, vo_id, occurred_at, \
    priority, original_priority, unit_id, assignee_id, notification_mode, visibility, status, qualifier, locked, \
    created_at, updated_at, status_changed_at, assigned_at, version";

/// A plain query of this backend.
pub type PlainQuery<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>;

/// One bindable column value of a ticket.
pub enum Value<'a> {
    /// An integer.
    Int(i64),
    /// An optional integer.
    OptInt(Option<i64>),
    /// Text.
    Text(&'a str),
    /// One of a closed set of labels, stored as its code ([`Code`]).
    Label(i16),
    /// An optional label.
    OptLabel(Option<i16>),
    /// A flag.
    Flag(bool),
    /// A time.
    Time(Stamp),
    /// An optional time.
    OptTime(Option<Stamp>),
}

/// A ticket's written columns, in [`TICKET_COLUMNS`] order: the one place
/// that pairs columns with fields.
pub fn ticket_values(t: &Ticket) -> [Value<'_>; TICKET_COLUMN_COUNT] {
    use Value::*;
    [
        Text(&t.subject),
        Text(&t.description),
        Int(t.submitter.0),
        OptInt(t.issue_type.map(|v| v.0)),
        OptInt(t.site.map(|v| v.0)),
        OptInt(t.vo.map(|v| v.0)),
        OptTime(t.occurred_at.map(Stamp)),
        Label(Code(t.priority).number()),
        Label(Code(t.original_priority).number()),
        Int(t.unit.0),
        OptInt(t.assignee.map(|v| v.0)),
        Label(Code(t.notification_mode).number()),
        Label(Code(t.visibility).number()),
        Label(Code(t.status).number()),
        OptLabel(t.qualifier.map(|q| Code(q).number())),
        Flag(t.locked),
        Time(Stamp(t.created_at)),
        Time(Stamp(t.updated_at)),
        Time(Stamp(t.status_changed_at)),
        Time(Stamp(t.assigned_at)),
        Int(t.version),
    ]
}

/// Binds a ticket's written columns to a query with `$N` placeholders.
pub fn bind_ticket<'q>(query: PlainQuery<'q>, t: &'q Ticket) -> PlainQuery<'q> {
    ticket_values(t).into_iter().fold(query, |query, value| match value {
        Value::Int(v) => query.bind(v),
        Value::OptInt(v) => query.bind(v),
        Value::Text(v) => query.bind(v),
        Value::Label(v) => query.bind(v),
        Value::OptLabel(v) => query.bind(v),
        Value::Flag(v) => query.bind(v),
        Value::Time(v) => query.bind(v),
        Value::OptTime(v) => query.bind(v),
    })
}

/// A query builder's row, whose values it owns.
pub type OwnedRow<'b> = sqlx::query_builder::Separated<'b, 'static, Db, &'static str>;

/// Pushes a ticket's written columns as binds of a query builder's row.
/// Text is copied, as sqlx would copy it anyway before execution, so that
/// the builder owns its values and can be built on another thread.
pub fn push_ticket(row: &mut OwnedRow<'_>, t: &Ticket) {
    for value in ticket_values(t) {
        match value {
            Value::Int(v) => row.push_bind(v),
            Value::OptInt(v) => row.push_bind(v),
            Value::Text(v) => row.push_bind(v.to_owned()),
            Value::Label(v) => row.push_bind(v),
            Value::OptLabel(v) => row.push_bind(v),
            Value::Flag(v) => row.push_bind(v),
            Value::Time(v) => row.push_bind(v),
            Value::OptTime(v) => row.push_bind(v),
        };
    }
}

/// How many columns [`TICKET_COLUMNS`] names.
pub const TICKET_COLUMN_COUNT: usize = 21;

/// Updates one ticket if its version is still `${n+2}`; built once, used on every change.
pub static UPDATE_TICKET: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let assignments: Vec<String> = TICKET_COLUMNS
        .split(',')
        .enumerate()
        .map(|(i, c)| format!("{} = ${}", c.trim(), i + 1))
        .collect();
    format!(
        "UPDATE tickets SET {} WHERE id = ${} AND version = ${}",
        assignments.join(", "),
        TICKET_COLUMN_COUNT + 1,
        TICKET_COLUMN_COUNT + 2
    )
});

/// Writes the involved units, persons and CC of a changed ticket, only
/// those that differ from `before`.
pub async fn write_sets(tx: &mut sqlx::Transaction<'_, Db>, t: &Ticket, before: &Ticket) -> StoreResult<()> {
    if before.involved_units != t.involved_units {
        replace_set(tx, "ticket_involved_units", "unit_id", t.id, &unit_rows(t)).await?;
    }
    if before.involved_users != t.involved_users {
        replace_set(tx, "ticket_involved_users", "user_id", t.id, &user_rows(t)).await?;
    }
    if before.cc != t.cc {
        replace_set(tx, "ticket_cc", "email", t.id, &cc_rows(t)).await?;
    }
    Ok(())
}

/// Inserts the involved units, persons and CC of new tickets: a few
/// statements per table, however many tickets there are.
pub async fn insert_sets(tx: &mut sqlx::Transaction<'_, Db>, tickets: &[Ticket]) -> StoreResult<()> {
    let units: Vec<_> = tickets.iter().flat_map(unit_rows).collect();
    insert_rows(tx, "ticket_involved_units", "unit_id", &units).await?;
    let users: Vec<_> = tickets.iter().flat_map(user_rows).collect();
    insert_rows(tx, "ticket_involved_users", "user_id", &users).await?;
    let cc: Vec<_> = tickets.iter().flat_map(cc_rows).collect();
    insert_rows(tx, "ticket_cc", "email", &cc).await
}

fn unit_rows(t: &Ticket) -> Vec<(i64, i64)> {
    t.involved_units.iter().map(|u| (t.id.0, u.0)).collect()
}

fn user_rows(t: &Ticket) -> Vec<(i64, i64)> {
    t.involved_users.iter().map(|u| (t.id.0, u.0)).collect()
}

fn cc_rows(t: &Ticket) -> Vec<(i64, &str)> {
    t.cc.iter().map(|e| (t.id.0, e.as_str())).collect()
}

/// Replaces the rows of one set-valued field of a ticket.
async fn replace_set<'v, V>(
    tx: &mut sqlx::Transaction<'_, Db>,
    table: &str,
    column: &str,
    ticket: TicketId,
    rows: &'v [(i64, V)],
) -> StoreResult<()>
where
    V: sqlx::Encode<'v, Db> + sqlx::Type<Db> + Copy + Send + 'v,
{
    sqlx::query(&format!("DELETE FROM {table} WHERE ticket_id = $1"))
        .bind(ticket.0)
        .execute(&mut **tx)
        .await?;
    insert_rows(tx, table, column, rows).await
}

/// Inserts `(ticket_id, value)` rows into one set-valued field's table.
async fn insert_rows<'v, V>(
    tx: &mut sqlx::Transaction<'_, Db>,
    table: &str,
    column: &str,
    rows: &'v [(i64, V)],
) -> StoreResult<()>
where
    V: sqlx::Encode<'v, Db> + sqlx::Type<Db> + Copy + Send + 'v,
{
    for run in in_cached_shapes(rows) {
        let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO {table} (ticket_id, {column}) "));
        q.push_values(run, |mut row, (ticket, value)| {
            row.push_bind(*ticket).push_bind(*value);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Loads the set-valued fields of the given tickets, in one query.
async fn load_sets(db: &SqlStore, ids: &[i64]) -> StoreResult<HashMap<i64, TicketSets>> {
    let mut sets: HashMap<i64, TicketSets> = HashMap::new();
    if ids.is_empty() {
        return Ok(sets);
    }
    let mut q = QueryBuilder::<Db>::new("");
    let parts = [
        ("'unit'", "CAST(unit_id AS TEXT)", "ticket_involved_units"),
        ("'user'", "CAST(user_id AS TEXT)", "ticket_involved_users"),
        ("'cc'", "email", "ticket_cc"),
    ];
    for (i, (kind, value, table)) in parts.into_iter().enumerate() {
        if i > 0 {
            q.push(" UNION ALL ");
        }
        q.push(format!(
            "SELECT ticket_id, {kind} AS kind, {value} AS value FROM {table} WHERE ticket_id IN ("
        ));
        push_ids(&mut q, ids);
        q.push(")");
    }
    let rows: Vec<(i64, String, String)> = q.build_query_as().fetch_all(&db.read).await?;
    for (ticket, kind, value) in rows {
        let entry = sets.entry(ticket).or_default();
        let id = || {
            value
                .parse::<i64>()
                .map_err(|e| StoreError::Corrupt(format!("{kind} id {value:?}: {e}")))
        };
        match kind.as_str() {
            "unit" => entry.involved_units.push(UnitId(id()?)),
            "user" => entry.involved_users.push(UserId(id()?)),
            _ => entry.cc.push(Email::parse("cc", &value)?),
        }
    }
    for entry in sets.values_mut() {
        entry.involved_units.sort();
        entry.involved_users.sort();
        entry.cc.sort();
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
    Ok(rows
        .into_iter()
        .map(|row| {
            let ticket_sets = sets.remove(&row.id).unwrap_or_default();
            row.into_view(ticket_sets)
        })
        .collect())
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
            separated.push_bind(Code(*status));
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
        q.push(" AND t.priority = ").push_bind(Code(priority));
    }
    if let Some(since) = filter.updated_since {
        q.push(" AND t.updated_at >= ").push_bind(Stamp(since));
    }
    if let Some(before) = filter.status_changed_before {
        q.push(" AND t.status_changed_at <= ").push_bind(Stamp(before));
    }
    if let Some(viewer) = filter.visible_to_requester {
        q.push(" AND (t.visibility = ")
            .push_bind(Code(Visibility::Public))
            .push(" OR t.submitter_id = ")
            .push_bind(viewer.0)
            .push(")");
    }
}

/// Lists are counted exactly up to this many matches; past it, the total is
/// reported as this number and flagged as a lower bound. Counting a million
/// matches would cost more than the page itself, for a number nobody reads.
const COUNT_LIMIT: i64 = 10_000;

/// Lists a page of tickets. The count and the page run side by side. With
/// several statuses, the page is the merge of one ordered, limited scan per
/// status, so each walks its index in order instead of sorting every match.
pub async fn tickets(db: &SqlStore, filter: &TicketFilter, page: PageRequest) -> StoreResult<Page<TicketView>> {
    let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1 FROM tickets t");
    push_filter(&mut count, filter);
    count.push(" LIMIT ").push_bind(COUNT_LIMIT + 1).push(") AS matching");
    let counted = async { count.build_query_scalar::<i64>().fetch_one(&db.read).await };
    let (column, direction) = filter.order.column_and_direction();
    let inner_order = format!(" ORDER BY t.{column} {direction}, t.id {direction}");
    let outer_order = format!(" ORDER BY {column} {direction}, id {direction}");
    let mut q = QueryBuilder::<Db>::new("");
    if filter.statuses.len() > 1 {
        let reach = page.offset() + i64::from(page.per_page);
        for (i, status) in filter.statuses.iter().enumerate() {
            if i > 0 {
                q.push(" UNION ALL ");
            }
            let single = TicketFilter {
                statuses: vec![*status],
                ..filter.clone()
            };
            q.push(format!("SELECT * FROM ({TICKET_SELECT}"));
            push_filter(&mut q, &single);
            q.push(&inner_order)
                .push(" LIMIT ")
                .push_bind(reach)
                .push(format!(") AS s{i}"));
        }
        q.push(&outer_order);
    } else {
        q.push(TICKET_SELECT);
        push_filter(&mut q, filter);
        q.push(&inner_order);
    }
    q.push(" LIMIT ")
        .push_bind(i64::from(page.per_page))
        .push(" OFFSET ")
        .push_bind(page.offset());
    let paged = async { q.build_query_as::<TicketRow>().fetch_all(&db.read).await };
    let (counted, rows) = tokio::try_join!(counted, paged)?;
    let total_exact = counted <= COUNT_LIMIT;
    Ok(Page {
        items: views(db, rows).await?,
        total: counted.min(COUNT_LIMIT),
        total_exact,
    })
}

pub async fn articles(db: &SqlStore, ticket: TicketId, with_internal: bool) -> StoreResult<Vec<Article>> {
    let rows: Vec<ArticleRow> = sqlx::query_as(
        "SELECT id, ticket_id, kind, body, body_html, author_id, created_at FROM articles \
         WHERE ticket_id = $1 AND (kind <> $2 OR $3) ORDER BY id",
    )
    .bind(ticket.0)
    .bind(Code(ArticleKind::InternalNote))
    .bind(with_internal)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(Article::from).collect())
}

pub async fn history(db: &SqlStore, ticket: TicketId) -> StoreResult<Vec<HistoryEntry>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT ticket_id, actor_id, actor_reason, at, field, old_value, new_value FROM ticket_history WHERE ticket_id = $1 ORDER BY id",
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
    let rows: Vec<(Code<Status>, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM tickets GROUP BY status")
        .fetch_all(&db.read)
        .await?;
    Ok(rows.into_iter().map(|(status, count)| (status.0, count)).collect())
}

pub async fn ticket_count(db: &SqlStore) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&db.read)
        .await?)
}
