//! What a status change does to related tickets: an answered child is logged
//! on its parent, which resumes once no child is open; a reopened child puts
//! its open parent back on hold; a solved master solves its slaves.

use guichet_domain::actor::Author;
use guichet_domain::article::ArticleKind;
use guichet_domain::event::CHILD_FIELD;
use guichet_domain::ids::{RelationId, TicketNumber};
use guichet_domain::relation::{Relation, RelationKind, parent_must_hold};
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;
use guichet_domain::update::system_status_change;
use guichet_store::{NewArticle, Store};

use crate::ServiceResult;
use crate::change::Change;

/// Why the system changes related tickets, as their history shows it.
fn cascade(ticket: &Ticket) -> Author {
    Author::system(format!("cascade from ticket #{}", ticket.number()))
}

/// Adds the cascades of `before` → `after` to `change`.
pub async fn after_status_change(
    store: &dyn Store,
    before: &Ticket,
    after: &Ticket,
    solution: Option<&str>,
    change: &mut Change,
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
            child_answered(store, parent, after, solution, change).await?;
        }
    }
    if before.status.is_answered() && after.status.is_open() {
        for parent in relations
            .iter()
            .filter(|r| r.kind == RelationKind::ParentChild && r.to == after.id)
        {
            child_reopened(store, parent, after, change).await?;
        }
    }
    if after.status == Status::Solved {
        for slave in relations
            .iter()
            .filter(|r| r.kind == RelationKind::MasterSlave && r.from == after.id)
        {
            solve_slave(store, slave, after, solution, change).await?;
        }
    }
    Ok(())
}

async fn child_answered(
    store: &dyn Store,
    link: &Relation,
    child: &Ticket,
    solution: Option<&str>,
    change: &mut Change,
) -> ServiceResult<()> {
    let parent = store.ticket(link.from).await?.ticket;
    let qualifier = child.qualifier.map(|q| format!(" ({q})")).unwrap_or_default();
    let summary = format!("#{} {}{}", child.number(), child.status, qualifier);
    let by = cascade(child);
    change.note(parent.id, CHILD_FIELD, summary.clone(), &by);
    let note = NewArticle {
        ticket: parent.id,
        kind: ArticleKind::InternalNote,
        body: format!("Child ticket {summary}: {}", solution.unwrap_or("no solution text")),
        html: None,
        author: None,
        created_at: change.at(),
    };
    change.add_article(note, &by);
    let children: Vec<Status> = children(store, &parent, Some(child), None)
        .await?
        .into_iter()
        .map(|(_, status)| status)
        .collect();
    if parent.status == Status::OnHold && !parent_must_hold(&children) {
        let resumed = system_status_change(&parent, Status::InProgress, None, change.at())?;
        change.update_ticket(&parent, resumed, &by);
    }
    Ok(())
}

/// A parent holds again while a child it waited for is reopened.
async fn child_reopened(store: &dyn Store, link: &Relation, child: &Ticket, change: &mut Change) -> ServiceResult<()> {
    let parent = store.ticket(link.from).await?.ticket;
    let by = cascade(child);
    change.note(
        parent.id,
        CHILD_FIELD,
        format!("#{} {}", child.number(), child.status),
        &by,
    );
    if parent.status.is_open() && parent.status != Status::OnHold {
        let held = system_status_change(&parent, Status::OnHold, None, change.at())?;
        change.update_ticket(&parent, held, &by);
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
    change: &mut Change,
) -> ServiceResult<()> {
    let slave = store.ticket(link.to).await?.ticket;
    if !slave.status.is_open() {
        return Ok(());
    }
    let by = cascade(master);
    let solved = system_status_change(&slave, Status::Solved, master.qualifier, change.at())?;
    change.update_ticket(&slave, solved, &by);
    let article = NewArticle {
        ticket: slave.id,
        kind: ArticleKind::Solution,
        body: format!(
            "Solved with master ticket #{}: {}",
            master.number(),
            solution.unwrap_or("see the master ticket")
        ),
        html: None,
        author: None,
        created_at: change.at(),
    };
    change.add_article(article, &by);
    Ok(())
}
