//! What a status change does to related tickets: an answered child is logged
//! on its parent, which resumes once no child is open; a reopened child puts
//! its open parent back on hold; a solved master solves its slaves.

use chrono::{DateTime, Utc};

use guichet_domain::article::ArticleKind;
use guichet_domain::event::CHILD_FIELD;
use guichet_domain::ids::{RelationId, TicketNumber};
use guichet_domain::relation::{Relation, RelationKind, parent_must_hold};
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;
use guichet_domain::update::system_status_change;
use guichet_store::{ChangeSet, NewArticle, Store};

use super::{note, record};
use crate::ServiceResult;

/// Adds the cascades of `before` → `after` to `changes`.
pub async fn after_status_change(
    store: &dyn Store,
    before: &Ticket,
    after: &Ticket,
    solution: Option<&str>,
    now: DateTime<Utc>,
    changes: &mut ChangeSet,
) -> ServiceResult<()> {
    if before.status == after.status {
        return Ok(());
    }
    let relations = store.relations(after.id).await?;
    if after.status.is_answered() && before.status.is_open() {
        for parent in relations
            .iter()
            .filter(|r| r.kind == RelationKind::ParentChild && r.to == after.id)
        {
            child_answered(store, parent, after, solution, now, changes).await?;
        }
    }
    if before.status.is_answered() && after.status.is_open() {
        for parent in relations
            .iter()
            .filter(|r| r.kind == RelationKind::ParentChild && r.to == after.id)
        {
            child_reopened(store, parent, after, now, changes).await?;
        }
    }
    if after.status == Status::Solved {
        for slave in relations
            .iter()
            .filter(|r| r.kind == RelationKind::MasterSlave && r.from == after.id)
        {
            solve_slave(store, slave, after, solution, now, changes).await?;
        }
    }
    Ok(())
}

async fn child_answered(
    store: &dyn Store,
    link: &Relation,
    child: &Ticket,
    solution: Option<&str>,
    now: DateTime<Utc>,
    changes: &mut ChangeSet,
) -> ServiceResult<()> {
    let parent = store.ticket(link.from).await?.ticket;
    let qualifier = child.qualifier.map(|q| format!(" ({q})")).unwrap_or_default();
    let summary = format!("#{} {}{}", child.number(), child.status, qualifier);
    note(changes, parent.id, CHILD_FIELD, summary.clone(), now);
    changes.articles.push(NewArticle {
        ticket: parent.id,
        kind: ArticleKind::InternalNote,
        body: format!("Child ticket {summary}: {}", solution.unwrap_or("no solution text")),
        author: None,
        created_at: now,
    });
    let children: Vec<Status> = children(store, &parent, Some(child), None)
        .await?
        .into_iter()
        .map(|(_, status)| status)
        .collect();
    if parent.status == Status::OnHold && !parent_must_hold(&children) {
        let resumed = system_status_change(&parent, Status::InProgress, None, now)?;
        record(changes, &parent, resumed, None, now);
    }
    Ok(())
}

/// A parent holds again while a child it waited for is reopened.
async fn child_reopened(
    store: &dyn Store,
    link: &Relation,
    child: &Ticket,
    now: DateTime<Utc>,
    changes: &mut ChangeSet,
) -> ServiceResult<()> {
    let parent = store.ticket(link.from).await?.ticket;
    note(
        changes,
        parent.id,
        CHILD_FIELD,
        format!("#{} {}", child.number(), child.status),
        now,
    );
    if parent.status.is_open() && parent.status != Status::OnHold {
        let held = system_status_change(&parent, Status::OnHold, None, now)?;
        record(changes, &parent, held, None, now);
    }
    Ok(())
}

/// The number and status of each of `parent`'s children: `changed` with
/// its new status rather than the stored one, and leaving out the relation
/// `removed`.
pub async fn children(
    store: &dyn Store,
    parent: &Ticket,
    changed: Option<&Ticket>,
    removed: Option<RelationId>,
) -> ServiceResult<Vec<(TicketNumber, Status)>> {
    let mut children = Vec::new();
    for link in store.relations(parent.id).await? {
        if link.kind != RelationKind::ParentChild || link.from != parent.id || Some(link.id) == removed {
            continue;
        }
        let child = match changed {
            Some(ticket) if ticket.id == link.to => ticket.clone(),
            _ => store.ticket(link.to).await?.ticket,
        };
        children.push((child.number(), child.status));
    }
    Ok(children)
}

/// The numbers of `parent`'s children that are still open.
pub async fn open_children(store: &dyn Store, parent: &Ticket) -> ServiceResult<Vec<TicketNumber>> {
    let all = children(store, parent, None, None).await?;
    Ok(all
        .into_iter()
        .filter(|(_, status)| status.is_open())
        .map(|(number, _)| number)
        .collect())
}

async fn solve_slave(
    store: &dyn Store,
    link: &Relation,
    master: &Ticket,
    solution: Option<&str>,
    now: DateTime<Utc>,
    changes: &mut ChangeSet,
) -> ServiceResult<()> {
    let slave = store.ticket(link.to).await?.ticket;
    if !slave.status.is_open() {
        return Ok(());
    }
    let solved = system_status_change(&slave, Status::Solved, master.qualifier, now)?;
    record(changes, &slave, solved, None, now);
    changes.articles.push(NewArticle {
        ticket: slave.id,
        kind: ArticleKind::Solution,
        body: format!(
            "Solved with master ticket #{}: {}",
            master.number(),
            solution.unwrap_or("see the master ticket")
        ),
        author: None,
        created_at: now,
    });
    Ok(())
}
