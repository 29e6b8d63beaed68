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
use crate::{Stamp, StoreResult};

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

/// Up to `limit` open tickets' clocks after ticket `after`, in id order,
/// through the `tickets_open` partial index; with `quiet_before`, without
/// the tickets whose assignment and last status change both came before
/// it, unless they wait for a reply. The unit has responded once the
/// status changed after the assignment; otherwise its first public reply
/// or solution since then, by anyone but the submitter, is looked up.
pub async fn open_ticket_clocks_after(
    db: &SqlStore,
    after: TicketId,
    limit: i64,
    quiet_before: Option<DateTime<Utc>>,
) -> StoreResult<Vec<TicketClock>> {
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
        .push(" AND t.id > ")
        .push_bind(after.0);
    if let Some(instant) = quiet_before {
        q.push(" AND (t.status = ")
            .push_bind(Code(Status::WaitingForReply))
            .push(" OR t.assigned_at >= ")
            .push_bind(Stamp(instant))
            .push(" OR t.status_changed_at >= ")
            .push_bind(Stamp(instant))
            .push(")");
    }
    q.push(" ORDER BY t.id LIMIT ").push_bind(limit);
    let rows: Vec<ClockRow> = q.build_query_as().fetch_all(&db.read).await?;
    Ok(rows.into_iter().map(TicketClock::from).collect())
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
