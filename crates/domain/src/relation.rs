//! Relations between tickets: cross-references, parent/child, master/slave.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::{RelationId, TicketId, TicketNumber};
use crate::label::labelled_enum;
use crate::status::Status;
use crate::ticket::Ticket;

labelled_enum! {
    /// The kind of a relation. `from` is the parent or master.
    RelationKind, field = "kind" {
        /// Symmetric: both tickets show it.
        CrossReference => "cross-reference",
        /// The parent stays on hold until all its children are solved.
        ParentChild => "parent-child",
        /// Duplicates of one incident: solving the master solves the slaves.
        MasterSlave => "master-slave",
    }
}

/// A stored relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// Identity.
    pub id: RelationId,
    /// Kind.
    pub kind: RelationKind,
    /// The parent, the master, or the lower id of a cross-reference.
    pub from: TicketId,
    /// The child, the slave, or the higher id of a cross-reference.
    pub to: TicketId,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// Orders a pair as stored: cross-references are symmetric, so `a ~ b` and
/// `b ~ a` are the same row.
pub fn stored_pair(kind: RelationKind, from: TicketId, to: TicketId) -> (TicketId, TicketId) {
    if kind == RelationKind::CrossReference && to < from {
        (to, from)
    } else {
        (from, to)
    }
}

/// What is already known around the two tickets of a proposed relation.
#[derive(Debug, Default)]
pub struct Neighbourhood<'a> {
    /// Every relation touching either ticket.
    pub relations: &'a [Relation],
    /// The parent's ancestors, nearest first (to refuse cycles).
    pub parent_ancestors: &'a [TicketId],
}

/// Checks that `from` may be related to `to` by `kind`.
pub fn check_new_relation(
    kind: RelationKind,
    from: &Ticket,
    to: &Ticket,
    around: &Neighbourhood<'_>,
) -> Result<(), DomainError> {
    if from.id == to.id {
        return Err(DomainError::invalid("target", "a ticket cannot be related to itself"));
    }
    let (a, b) = stored_pair(kind, from.id, to.id);
    if around
        .relations
        .iter()
        .any(|r| r.kind == kind && r.from == a && r.to == b)
    {
        return Err(DomainError::Conflict(format!(
            "these tickets already have a {kind} relation"
        )));
    }
    match kind {
        RelationKind::CrossReference => Ok(()),
        RelationKind::ParentChild => check_parent_child(from, to, around),
        RelationKind::MasterSlave => check_master_slave(from, to, around.relations),
    }
}

fn check_parent_child(parent: &Ticket, child: &Ticket, around: &Neighbourhood<'_>) -> Result<(), DomainError> {
    if parent.status.is_terminal() {
        return Err(DomainError::Conflict(format!(
            "ticket #{} is {}: only an open ticket can become a parent",
            parent.number(),
            parent.status
        )));
    }
    if around
        .relations
        .iter()
        .any(|r| r.kind == RelationKind::ParentChild && r.to == child.id)
    {
        return Err(DomainError::Conflict(format!(
            "ticket #{} already has a parent",
            child.number()
        )));
    }
    if around.parent_ancestors.contains(&child.id) {
        return Err(DomainError::Conflict(
            "that relation would make a ticket its own ancestor".into(),
        ));
    }
    Ok(())
}

fn check_master_slave(master: &Ticket, slave: &Ticket, relations: &[Relation]) -> Result<(), DomainError> {
    if !slave.status.is_open() || matches!(master.status, Status::Verified | Status::Closed) {
        return Err(DomainError::Conflict(
            "a slave must be open and its master not verified or closed".into(),
        ));
    }
    let is_slave = |id: TicketId| {
        relations
            .iter()
            .any(|r| r.kind == RelationKind::MasterSlave && r.to == id)
    };
    let is_master = |id: TicketId| {
        relations
            .iter()
            .any(|r| r.kind == RelationKind::MasterSlave && r.from == id)
    };
    if is_slave(slave.id) {
        return Err(DomainError::Conflict(format!(
            "ticket #{} is already the slave of a master",
            slave.number()
        )));
    }
    if is_slave(master.id) || is_master(slave.id) {
        return Err(DomainError::Conflict(
            "masters cannot be chained: relate the slave to the top master".into(),
        ));
    }
    Ok(())
}

/// Whether a parent must (still) be on hold, given its children's statuses.
/// A child counts as done once answered, solved or unsolved: a duplicate or
/// invalid child will never be solved, and its parent must not wait for it.
pub fn parent_must_hold(children: &[Status]) -> bool {
    children.iter().any(|status| status.is_open())
}

/// Refuses to take a parent off hold, by hand, while `open_children` (their
/// numbers) are not all answered: the parent resumes by itself when the
/// last of them is.
pub fn check_parent_leaves_hold(
    parent: &Ticket,
    to: Status,
    open_children: &[TicketNumber],
) -> Result<(), DomainError> {
    if parent.status != Status::OnHold || to == Status::OnHold || open_children.is_empty() {
        return Ok(());
    }
    let numbers: Vec<String> = open_children.iter().map(|n| format!("#{n}")).collect();
    Err(DomainError::Conflict(format!(
        "ticket #{} stays \"on hold\" until its children {} are solved; it cannot become \"{to}\" before",
        parent.number(),
        numbers.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::tests::sample_ticket;

    fn ticket(id: i64, status: Status) -> Ticket {
        Ticket {
            id: TicketId(id),
            status,
            ..sample_ticket()
        }
    }

    fn rel(kind: RelationKind, from: i64, to: i64) -> Relation {
        Relation {
            id: RelationId(1),
            kind,
            from: TicketId(from),
            to: TicketId(to),
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_parent_leaves_hold_only_when_no_child_is_open() {
        let parent = ticket(1, Status::OnHold);
        let open = [TicketNumber::from(TicketId(7)), TicketNumber::from(TicketId(9))];
        let refused = check_parent_leaves_hold(&parent, Status::InProgress, &open).unwrap_err();
        let message = refused.to_string();
        assert!(matches!(refused, DomainError::Conflict(_)));
        for part in ["#100007", "#100009", "on hold", "in progress"] {
            assert!(message.contains(part), "{part} in {message}");
        }
        assert!(check_parent_leaves_hold(&parent, Status::Solved, &open).is_err());
        assert!(check_parent_leaves_hold(&parent, Status::OnHold, &open).is_ok());
        assert!(check_parent_leaves_hold(&parent, Status::InProgress, &[]).is_ok());
        let working = ticket(1, Status::InProgress);
        assert!(check_parent_leaves_hold(&working, Status::Solved, &open).is_ok());
    }

    #[test]
    fn answered_children_release_their_parent() {
        assert!(parent_must_hold(&[Status::Solved, Status::Reopened]));
        assert!(!parent_must_hold(&[Status::Solved, Status::Unsolved, Status::Closed]));
        assert!(!parent_must_hold(&[]));
    }

    #[test]
    fn cross_references_are_symmetric() {
        let existing = [rel(RelationKind::CrossReference, 1, 2)];
        let around = Neighbourhood {
            relations: &existing,
            ..Default::default()
        };
        let err = check_new_relation(
            RelationKind::CrossReference,
            &ticket(2, Status::New),
            &ticket(1, Status::New),
            &around,
        );
        assert!(matches!(err, Err(DomainError::Conflict(_))));
        assert_eq!(
            stored_pair(RelationKind::CrossReference, TicketId(9), TicketId(3)),
            (TicketId(3), TicketId(9))
        );
        assert_eq!(
            stored_pair(RelationKind::ParentChild, TicketId(9), TicketId(3)),
            (TicketId(9), TicketId(3))
        );
    }

    #[test]
    fn a_ticket_cannot_relate_to_itself() {
        let t = ticket(1, Status::New);
        let err = check_new_relation(RelationKind::CrossReference, &t, &t, &Neighbourhood::default()).unwrap_err();
        assert_eq!(err.field(), Some("target"));
    }

    #[test]
    fn parents_are_open_single_and_acyclic() {
        let none = Neighbourhood::default();
        assert!(
            check_new_relation(
                RelationKind::ParentChild,
                &ticket(1, Status::Solved),
                &ticket(2, Status::New),
                &none
            )
            .is_err()
        );
        let existing = [rel(RelationKind::ParentChild, 5, 2)];
        let around = Neighbourhood {
            relations: &existing,
            ..Default::default()
        };
        assert!(
            check_new_relation(
                RelationKind::ParentChild,
                &ticket(1, Status::New),
                &ticket(2, Status::New),
                &around
            )
            .is_err()
        );
        let ancestors = [TicketId(3), TicketId(2)];
        let around = Neighbourhood {
            relations: &[],
            parent_ancestors: &ancestors,
        };
        assert!(
            check_new_relation(
                RelationKind::ParentChild,
                &ticket(1, Status::New),
                &ticket(2, Status::New),
                &around
            )
            .is_err()
        );
        assert!(
            check_new_relation(
                RelationKind::ParentChild,
                &ticket(1, Status::New),
                &ticket(2, Status::New),
                &none
            )
            .is_ok()
        );
    }

    #[test]
    fn masters_are_not_chained() {
        let existing = [rel(RelationKind::MasterSlave, 1, 2)];
        let around = Neighbourhood {
            relations: &existing,
            ..Default::default()
        };
        let chain = check_new_relation(
            RelationKind::MasterSlave,
            &ticket(2, Status::New),
            &ticket(3, Status::New),
            &around,
        );
        assert!(chain.is_err());
        let twice = check_new_relation(
            RelationKind::MasterSlave,
            &ticket(4, Status::New),
            &ticket(2, Status::New),
            &around,
        );
        assert!(twice.is_err());
        let closed_slave = check_new_relation(
            RelationKind::MasterSlave,
            &ticket(4, Status::New),
            &ticket(5, Status::Solved),
            &Neighbourhood::default(),
        );
        assert!(closed_slave.is_err());
    }

    #[test]
    fn parents_hold_while_a_child_is_open() {
        assert!(parent_must_hold(&[Status::Solved, Status::InProgress]));
        assert!(!parent_must_hold(&[Status::Solved, Status::Unsolved, Status::Closed]));
        assert!(!parent_must_hold(&[]));
    }
}
