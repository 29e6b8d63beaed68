//! What the deadline scheduler reads of open tickets, and where its last
//! pass stopped.

use chrono::{DateTime, Utc};

use guichet_domain::article::ArticleKind;
use guichet_domain::deadlines::TicketClock;
use guichet_domain::ids::{TicketId, UnitId, UserId};
use guichet_domain::priority::Priority;
use guichet_domain::status::Status;

use sqlx::QueryBuilder;

use super::{Db, SqlStore};
use crate::code::Code;
use crate::{AnsweredTicket, Stamp, StoreResult};

#[derive(sqlx::FromRow)]
struct ClockRow {
    id: i64,
    status: Code<Status>,
    priority: Code<Priority>,
    unit_id: i64,
    assignee_id: Option<i64>,
    created_at: Stamp,
    assigned_at: Stamp,
    status_changed_at: Stamp,
    responded_at: Option<Stamp>,
}

impl From<ClockRow> for TicketClock {
    fn from(row: ClockRow) -> Self {
        TicketClock {
            ticket: TicketId(row.id),
            status: row.status.0,
            priority: row.priority.0,
            unit: UnitId(row.unit_id),
            assignee: row.assignee_id.map(UserId),
            created_at: row.created_at.0,
            assigned_at: row.assigned_at.0,
            status_changed_at: row.status_changed_at.0,
            responded_at: row.responded_at.map(|s| s.0),
        }
    }
}

/// The lowest code of a terminal status: open statuses come first in their
/// label set, so the `tickets_open` index holds `status < 6` (the query
/// must say it the same way for SQLite to use the index).
pub const FIRST_TERMINAL_STATUS_CODE: i16 = 6;

/// The ids of the open tickets, in order; with `quiet_before`, without
/// those whose assignment and last status change both came before it,
/// unless they wait for a reply. Each branch reads a partial index of open
/// tickets (`tickets_open`, `tickets_open_assigned`,
/// `tickets_open_status_changed`), so a pass over a large database reads
/// only the index entries of the tickets it needs.
pub async fn open_ticket_ids(db: &SqlStore, quiet_before: Option<DateTime<Utc>>) -> StoreResult<Vec<TicketId>> {
    let open = format!("FROM tickets WHERE status < {FIRST_TERMINAL_STATUS_CODE}");
    let mut q = QueryBuilder::<Db>::new(format!("SELECT id {open}"));
    if let Some(instant) = quiet_before {
        q.push(" AND status = ")
            .push_bind(Code(Status::WaitingForReply))
            .push(format!(" UNION SELECT id {open} AND assigned_at >= "))
            .push_bind(Stamp(instant))
            .push(format!(" UNION SELECT id {open} AND status_changed_at >= "))
            .push_bind(Stamp(instant));
    }
    // Sorted here: an ORDER BY on the union makes SQLite merge the
    // branches in id order, scanning every open ticket instead.
    let mut ids: Vec<i64> = q.build_query_scalar().fetch_all(&db.read).await?;
    ids.sort_unstable();
    Ok(ids.into_iter().map(TicketId).collect())
}

/// The clocks of those of `ids` that are open, in id order. The unit has
/// responded once the status changed after the assignment; otherwise its
/// first public reply or solution since then, by anyone but the submitter,
/// is looked up.
pub async fn ticket_clocks(db: &SqlStore, ids: &[TicketId]) -> StoreResult<Vec<TicketClock>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = QueryBuilder::<Db>::new(
        "SELECT t.id, t.status, t.priority, t.unit_id, t.assignee_id, t.created_at, t.assigned_at, \
         t.status_changed_at, CASE WHEN t.status_changed_at > t.assigned_at THEN t.status_changed_at ELSE \
         (SELECT MIN(a.created_at) FROM articles a WHERE a.ticket_id = t.id AND a.kind IN (",
    );
    q.push_bind(Code(ArticleKind::PublicReply))
        .push(", ")
        .push_bind(Code(ArticleKind::Solution))
        .push(
            ") AND a.author_id <> t.submitter_id AND a.created_at >= t.assigned_at) END AS responded_at \
             FROM tickets t WHERE t.status < ",
        )
        .push(FIRST_TERMINAL_STATUS_CODE)
        .push(" AND t.id IN (");
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(id.0);
    }
    q.push(") ORDER BY t.id");
    let rows: Vec<ClockRow> = q.build_query_as().fetch_all(&db.read).await?;
    Ok(rows.into_iter().map(TicketClock::from).collect())
}

/// The codes of `solved` and `unsolved`, as the `tickets_answered` index
/// holds them (a literal, so that PostgreSQL's generic plans use it too).
pub const ANSWERED_STATUS_CODES: &str = "6, 7";

#[derive(sqlx::FromRow)]
struct AnsweredRow {
    id: i64,
    unit_id: i64,
    status: Code<Status>,
    status_changed_at: Stamp,
}

/// The solved and unsolved tickets answered at or before `before`, in id
/// order, through the `tickets_answered` partial index.
pub async fn answered_before(db: &SqlStore, before: DateTime<Utc>) -> StoreResult<Vec<AnsweredTicket>> {
    let sql = format!(
        "SELECT id, unit_id, status, status_changed_at FROM tickets \
         WHERE status IN ({ANSWERED_STATUS_CODES}) AND status_changed_at <= $1"
    );
    let rows: Vec<AnsweredRow> = sqlx::query_as(&sql).bind(Stamp(before)).fetch_all(&db.read).await?;
    let mut answered: Vec<AnsweredTicket> = rows
        .into_iter()
        .map(|row| AnsweredTicket {
            id: TicketId(row.id),
            unit: UnitId(row.unit_id),
            status: row.status.0,
            answered_at: row.status_changed_at.0,
        })
        .collect();
    answered.sort_unstable_by_key(|a| a.id);
    Ok(answered)
}

/// Where scheduler `name` stopped, if it ever ran.
pub async fn deadline_pass(db: &SqlStore, name: &str) -> StoreResult<Option<DateTime<Utc>>> {
    let reached: Option<Stamp> = sqlx::query_scalar("SELECT reached_at FROM deadline_passes WHERE name = $1")
        .bind(name)
        .fetch_optional(&db.read)
        .await?;
    Ok(reached.map(|s| s.0))
}

/// Records that scheduler `name` reached `at`, never moving it back.
pub async fn set_deadline_pass(db: &SqlStore, name: &str, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO deadline_passes (name, reached_at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE \
         SET reached_at = excluded.reached_at WHERE excluded.reached_at > deadline_passes.reached_at",
    )
    .bind(name)
    .bind(Stamp(at))
    .execute(&db.write)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answered_statuses_are_the_codes_the_index_covers() {
        let answered: Vec<String> = Status::ALL
            .iter()
            .filter(|s| s.is_answered())
            .map(|s| Code(*s).number().to_string())
            .collect();
        assert_eq!(answered.join(", "), ANSWERED_STATUS_CODES);
    }

    #[test]
    fn open_statuses_are_the_codes_the_index_covers() {
        for status in Status::ALL {
            let code = Code(*status).number();
            assert_eq!(
                status.is_open(),
                code < FIRST_TERMINAL_STATUS_CODE,
                "{status} is {code}"
            );
        }
    }
}
