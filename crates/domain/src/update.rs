//! Changing a ticket: who may change what, the status side effects, and the
//! field changes that become history entries.

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::article::ArticleKind;
use crate::error::DomainError;
use crate::event::FieldChange;
use crate::ids::{IssueTypeId, SiteId, UnitId, UserId, VoId};
use crate::priority::{Priority, check_priority_change};
use crate::role::Role;
use crate::status::{Qualifier, Status};
use crate::text::{Email, Subject};
use crate::ticket::{NotificationMode, Ticket, Visibility, dedup};

/// A requested change; `None` leaves a field alone. `Some(None)` clears an
/// optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketPatch {
    /// New status.
    pub status: Option<Status>,
    /// Qualifier for solved/unsolved.
    pub qualifier: Option<Qualifier>,
    /// New responsible unit.
    pub unit: Option<UnitId>,
    /// New assignee, or none.
    pub assignee: Option<Option<UserId>>,
    /// New priority.
    pub priority: Option<Priority>,
    /// Why the priority goes up.
    pub priority_justification: Option<String>,
    /// Replaces the involved units.
    pub involved_units: Option<Vec<UnitId>>,
    /// Replaces the involved persons.
    pub involved_users: Option<Vec<UserId>>,
    /// Replaces the CC list.
    pub cc: Option<Vec<Email>>,
    /// Affected site.
    pub site: Option<Option<SiteId>>,
    /// Affected VO.
    pub vo: Option<Option<VoId>>,
    /// Type of issue.
    pub issue_type: Option<Option<IssueTypeId>>,
    /// New subject.
    pub subject: Option<Subject>,
    /// Visibility.
    pub visibility: Option<Visibility>,
    /// Notification mode.
    pub notification_mode: Option<NotificationMode>,
}

impl TicketPatch {
    /// Names of the fields this patch touches that only supporters may change.
    fn supporter_only_fields(&self) -> Vec<&'static str> {
        [
            ("unit", self.unit.is_some()),
            ("assignee", self.assignee.is_some()),
            ("involved_units", self.involved_units.is_some()),
            ("involved_users", self.involved_users.is_some()),
            ("site", self.site.is_some()),
            ("vo", self.vo.is_some()),
            ("type", self.issue_type.is_some()),
            ("subject", self.subject.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, touched)| touched.then_some(name))
        .collect()
    }
}

/// The ticket after a patch, and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patched {
    /// The new state (version not yet bumped: the store does that).
    pub ticket: Ticket,
    /// The changed fields, in a stable order; empty when nothing changed.
    pub changes: Vec<FieldChange>,
}

/// Applies `patch` to `ticket` on behalf of `actor`, enforcing the rules.
pub fn apply_patch(
    ticket: &Ticket,
    patch: &TicketPatch,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Patched, DomainError> {
    check_may_update(ticket, patch, actor)?;
    let mut next = ticket.clone();
    let mut changes = Vec::new();
    let explicit_status = apply_status(&mut next, patch, actor, now, &mut changes)?;
    apply_routing(&mut next, patch, explicit_status, now, &mut changes);
    apply_priority(&mut next, patch, actor, &mut changes)?;
    apply_plain_fields(&mut next, patch, &mut changes);
    if !changes.is_empty() {
        next.updated_at = now;
    }
    Ok(Patched { ticket: next, changes })
}

fn check_may_update(ticket: &Ticket, patch: &TicketPatch, actor: &Actor) -> Result<(), DomainError> {
    if matches!(ticket.status, Status::Verified | Status::Closed) {
        return Err(DomainError::Conflict(format!(
            "ticket #{} is {} and takes no further update; open a new ticket that references it",
            ticket.number(),
            ticket.status
        )));
    }
    let reopening = patch.status == Some(Status::Reopened);
    if ticket.locked && !actor.is_system() && !reopening {
        return Err(DomainError::Conflict(format!(
            "ticket #{} is locked as the slave of a master ticket; update the master instead",
            ticket.number()
        )));
    }
    if actor.role().is_supporter() {
        return Ok(());
    }
    if !actor.is_submitter_of(ticket) {
        return Err(DomainError::Forbidden(
            "only the submitter and supporters may update this ticket".into(),
        ));
    }
    if let Some(field) = patch.supporter_only_fields().first() {
        return Err(DomainError::Forbidden(format!("only supporters may change {field}")));
    }
    match patch.status {
        Some(Status::Verified | Status::Reopened) | None => Ok(()),
        Some(other) if other == ticket.status => Ok(()),
        Some(other) => Err(DomainError::Forbidden(format!(
            "a submitter may only verify or reopen a ticket, not set it to \"{other}\""
        ))),
    }
}

/// Returns whether the patch set the status explicitly.
fn apply_status(
    next: &mut Ticket,
    patch: &TicketPatch,
    actor: &Actor,
    now: DateTime<Utc>,
    changes: &mut Vec<FieldChange>,
) -> Result<bool, DomainError> {
    let Some(to) = patch.status.filter(|to| *to != next.status) else {
        if patch.qualifier.is_some() && patch.status.is_none() {
            return Err(DomainError::invalid(
                "qualifier",
                "a qualifier goes with status \"solved\" or \"unsolved\"",
            ));
        }
        return Ok(false);
    };
    if to == Status::Closed && !actor.is_system() {
        return Err(DomainError::Forbidden(
            "tickets are closed automatically 10 working days after their solution".into(),
        ));
    }
    if to == Status::Assigned && !actor.is_system() && patch.unit.is_none_or(|unit| unit == next.unit) {
        return Err(DomainError::invalid(
            "status",
            "\"assigned\" is set by the system when the ticket goes to another unit: change \"unit\" instead",
        ));
    }
    if to == Status::Verified && !actor.is_submitter_of(next) && actor.role() != Role::Admin {
        return Err(DomainError::Forbidden("only the submitter verifies a solution".into()));
    }
    let qualifier = next.status.transition(to, patch.qualifier)?;
    set_status(next, to, qualifier, now, changes);
    if to == Status::Reopened {
        set(changes, "locked", &mut next.locked, false, |v| Some(v.to_string()));
    }
    Ok(true)
}

/// Sets status and qualifier, recording both and restarting the colour clock.
pub(crate) fn set_status(
    next: &mut Ticket,
    to: Status,
    qualifier: Option<Qualifier>,
    now: DateTime<Utc>,
    changes: &mut Vec<FieldChange>,
) {
    set(changes, "status", &mut next.status, to, |s| Some(s.to_string()));
    set(changes, "qualifier", &mut next.qualifier, qualifier, |q| {
        q.map(|q| q.to_string())
    });
    next.status_changed_at = now;
}

fn apply_routing(
    next: &mut Ticket,
    patch: &TicketPatch,
    explicit_status: bool,
    now: DateTime<Utc>,
    changes: &mut Vec<FieldChange>,
) {
    if let Some(unit) = patch.unit.filter(|unit| *unit != next.unit) {
        set(changes, "unit", &mut next.unit, unit, |u| Some(u.to_string()));
        next.assigned_at = now;
        if !explicit_status && next.status.is_open() && next.status != Status::Assigned {
            set_status(next, Status::Assigned, None, now, changes);
        }
    }
    if let Some(assignee) = patch.assignee {
        set(changes, "assignee", &mut next.assignee, assignee, opt_text);
    }
}

fn apply_priority(
    next: &mut Ticket,
    patch: &TicketPatch,
    actor: &Actor,
    changes: &mut Vec<FieldChange>,
) -> Result<(), DomainError> {
    let Some(priority) = patch.priority.filter(|p| *p != next.priority) else {
        return Ok(());
    };
    let justification = patch
        .priority_justification
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty());
    check_priority_change(next.priority, priority, justification, actor.role())?;
    set(changes, "priority", &mut next.priority, priority, |p| {
        Some(p.to_string())
    });
    if let Some(text) = justification {
        changes.push(FieldChange::new("priority_justification", None, Some(text.to_owned())));
    }
    Ok(())
}

fn apply_plain_fields(next: &mut Ticket, patch: &TicketPatch, changes: &mut Vec<FieldChange>) {
    if let Some(units) = &patch.involved_units {
        set(
            changes,
            "involved_units",
            &mut next.involved_units,
            dedup(units.clone()),
            |v| list_text(v),
        );
    }
    if let Some(users) = &patch.involved_users {
        set(
            changes,
            "involved_users",
            &mut next.involved_users,
            dedup(users.clone()),
            |v| list_text(v),
        );
    }
    if let Some(cc) = &patch.cc {
        let cc = dedup(cc.clone());
        set(changes, "cc", &mut next.cc, cc, |list| {
            Some(list.iter().map(Email::as_str).collect::<Vec<_>>().join(", ")).filter(|s| !s.is_empty())
        });
    }
    if let Some(site) = patch.site {
        set(changes, "site", &mut next.site, site, opt_text);
    }
    if let Some(vo) = patch.vo {
        set(changes, "vo", &mut next.vo, vo, opt_text);
    }
    if let Some(issue_type) = patch.issue_type {
        set(changes, "type", &mut next.issue_type, issue_type, opt_text);
    }
    if let Some(subject) = &patch.subject {
        set(
            changes,
            "subject",
            &mut next.subject,
            subject.as_str().to_owned(),
            |s| Some(s.clone()),
        );
    }
    if let Some(visibility) = patch.visibility {
        set(changes, "visibility", &mut next.visibility, visibility, |v| {
            Some(v.to_string())
        });
    }
    if let Some(mode) = patch.notification_mode {
        set(changes, "notification_mode", &mut next.notification_mode, mode, |m| {
            Some(m.to_string())
        });
    }
}

/// Assigns `value` to `slot` and records the change, if it differs.
fn set<T: PartialEq>(
    changes: &mut Vec<FieldChange>,
    field: &str,
    slot: &mut T,
    value: T,
    text: impl Fn(&T) -> Option<String>,
) {
    if *slot != value {
        changes.push(FieldChange::new(field, text(slot), text(&value)));
        *slot = value;
    }
}

fn opt_text<T: std::fmt::Display>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(ToString::to_string)
}

fn list_text<T: std::fmt::Display>(values: &[T]) -> Option<String> {
    let text = values.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    (!text.is_empty()).then_some(text)
}

/// The status a ticket takes when an article arrives: a submitter's public
/// reply to a ticket waiting for them puts it back `in progress`.
pub fn status_after_article(ticket: &Ticket, author: &Actor, kind: ArticleKind) -> Option<Status> {
    let submitter_replies = author.is_submitter_of(ticket) && kind == ArticleKind::PublicReply;
    (submitter_replies && ticket.status == Status::WaitingForReply).then_some(Status::InProgress)
}

/// The system's change of a ticket's status (cascades, deadlines): the same
/// rules as a person's, without the role checks.
pub fn system_status_change(
    ticket: &Ticket,
    to: Status,
    qualifier: Option<Qualifier>,
    now: DateTime<Utc>,
) -> Result<Patched, DomainError> {
    let qualifier = ticket.status.transition(to, qualifier)?;
    let mut next = ticket.clone();
    let mut changes = Vec::new();
    set_status(&mut next, to, qualifier, now, &mut changes);
    next.updated_at = now;
    Ok(Patched { ticket: next, changes })
}

/// Locks or unlocks a ticket as a slave, putting it on hold when locking.
pub fn set_slave_lock(ticket: &Ticket, locked: bool, now: DateTime<Utc>) -> Patched {
    let mut next = ticket.clone();
    let mut changes = Vec::new();
    if locked && next.status.is_open() && next.status != Status::OnHold {
        set_status(&mut next, Status::OnHold, None, now, &mut changes);
    }
    set(&mut changes, "locked", &mut next.locked, locked, |v| {
        Some(v.to_string())
    });
    if !changes.is_empty() {
        next.updated_at = now;
    }
    Patched { ticket: next, changes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::tests::sample_ticket;

    fn supporter() -> Actor {
        Actor::user(UserId(2), Role::Supporter)
    }

    fn submitter() -> Actor {
        Actor::user(UserId(7), Role::Requester)
    }

    #[test]
    fn changing_the_unit_assigns_and_records_history() {
        let t = sample_ticket();
        let now = Utc::now();
        let patch = TicketPatch {
            unit: Some(UnitId(5)),
            ..Default::default()
        };
        let out = apply_patch(&t, &patch, &supporter(), now).unwrap();
        assert_eq!(out.ticket.status, Status::Assigned);
        assert_eq!(out.ticket.unit, UnitId(5));
        let fields: Vec<_> = out.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["unit", "status"]);
        assert_eq!(out.changes[0].old.as_deref(), Some("1"));
        assert_eq!(out.changes[1].new.as_deref(), Some("assigned"));
        assert_eq!(out.ticket.assigned_at, now);
    }

    #[test]
    fn only_a_change_of_unit_assigns() {
        let t = Ticket {
            status: Status::InProgress,
            ..sample_ticket()
        };
        let now = Utc::now();
        let by_hand = TicketPatch {
            status: Some(Status::Assigned),
            ..Default::default()
        };
        let refused = apply_patch(&t, &by_hand, &supporter(), now).unwrap_err();
        assert_eq!(refused.field(), Some("status"));
        let same_unit = TicketPatch {
            unit: Some(t.unit),
            ..by_hand.clone()
        };
        assert!(apply_patch(&t, &same_unit, &supporter(), now).is_err());
        let routed = TicketPatch {
            unit: Some(UnitId(5)),
            ..by_hand
        };
        let out = apply_patch(&t, &routed, &supporter(), now).unwrap();
        assert_eq!((out.ticket.status, out.ticket.unit), (Status::Assigned, UnitId(5)));
    }

    #[test]
    fn an_illegal_transition_names_both_statuses() {
        let t = Ticket {
            status: Status::Solved,
            qualifier: Some(Qualifier::Fixed),
            ..sample_ticket()
        };
        let patch = TicketPatch {
            status: Some(Status::InProgress),
            ..Default::default()
        };
        let err = apply_patch(&t, &patch, &supporter(), Utc::now()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a ticket cannot go from status \"solved\" to \"in progress\""
        );
    }

    #[test]
    fn solving_sets_the_qualifier_and_reopening_clears_it() {
        let t = sample_ticket();
        let solve = TicketPatch {
            status: Some(Status::Solved),
            qualifier: Some(Qualifier::Fixed),
            ..Default::default()
        };
        let solved = apply_patch(&t, &solve, &supporter(), Utc::now()).unwrap().ticket;
        assert_eq!(solved.qualifier, Some(Qualifier::Fixed));
        let reopen = TicketPatch {
            status: Some(Status::Reopened),
            ..Default::default()
        };
        let reopened = apply_patch(&solved, &reopen, &submitter(), Utc::now()).unwrap().ticket;
        assert_eq!((reopened.status, reopened.qualifier), (Status::Reopened, None));
    }

    #[test]
    fn submitters_may_verify_but_not_route() {
        let solved = Ticket {
            status: Status::Solved,
            qualifier: Some(Qualifier::Fixed),
            ..sample_ticket()
        };
        let verify = TicketPatch {
            status: Some(Status::Verified),
            ..Default::default()
        };
        assert!(apply_patch(&solved, &verify, &submitter(), Utc::now()).is_ok());
        assert!(matches!(
            apply_patch(&solved, &verify, &supporter(), Utc::now()),
            Err(DomainError::Forbidden(_))
        ));
        let route = TicketPatch {
            unit: Some(UnitId(3)),
            ..Default::default()
        };
        let err = apply_patch(&sample_ticket(), &route, &submitter(), Utc::now()).unwrap_err();
        assert_eq!(err, DomainError::Forbidden("only supporters may change unit".into()));
        let stranger = Actor::user(UserId(99), Role::Requester);
        assert!(apply_patch(&sample_ticket(), &TicketPatch::default(), &stranger, Utc::now()).is_err());
        let progress = TicketPatch {
            status: Some(Status::InProgress),
            ..Default::default()
        };
        assert!(apply_patch(&sample_ticket(), &progress, &submitter(), Utc::now()).is_err());
    }

    #[test]
    fn only_the_system_closes() {
        let solved = Ticket {
            status: Status::Solved,
            qualifier: Some(Qualifier::Fixed),
            ..sample_ticket()
        };
        let close = TicketPatch {
            status: Some(Status::Closed),
            ..Default::default()
        };
        assert!(apply_patch(&solved, &close, &Actor::user(UserId(1), Role::Admin), Utc::now()).is_err());
        assert!(apply_patch(&solved, &close, &Actor::system("test"), Utc::now()).is_ok());
    }

    #[test]
    fn closed_and_verified_tickets_take_no_update() {
        for status in [Status::Closed, Status::Verified] {
            let t = Ticket {
                status,
                ..sample_ticket()
            };
            let patch = TicketPatch {
                cc: Some(vec![]),
                ..Default::default()
            };
            assert!(matches!(
                apply_patch(&t, &patch, &supporter(), Utc::now()),
                Err(DomainError::Conflict(_))
            ));
        }
    }

    #[test]
    fn priority_raise_needs_justification_and_is_logged() {
        let t = sample_ticket();
        let raise = TicketPatch {
            priority: Some(Priority::VeryUrgent),
            ..Default::default()
        };
        assert_eq!(
            apply_patch(&t, &raise, &supporter(), Utc::now()).unwrap_err().field(),
            Some("priority_justification")
        );
        let justified = TicketPatch {
            priority_justification: Some("no workaround".into()),
            ..raise
        };
        let out = apply_patch(&t, &justified, &supporter(), Utc::now()).unwrap();
        assert_eq!(out.ticket.original_priority, Priority::LessUrgent);
        assert_eq!(
            out.changes[1],
            FieldChange::new("priority_justification", None, Some("no workaround".into()))
        );
    }

    #[test]
    fn slaves_are_locked_until_reopened() {
        let slave = set_slave_lock(&sample_ticket(), true, Utc::now()).ticket;
        assert_eq!((slave.status, slave.locked), (Status::OnHold, true));
        let patch = TicketPatch {
            cc: Some(vec![]),
            ..Default::default()
        };
        assert!(matches!(
            apply_patch(&slave, &patch, &supporter(), Utc::now()),
            Err(DomainError::Conflict(_))
        ));
        let solved = system_status_change(&slave, Status::Solved, Some(Qualifier::Fixed), Utc::now())
            .unwrap()
            .ticket;
        let reopen = TicketPatch {
            status: Some(Status::Reopened),
            ..Default::default()
        };
        let reopened = apply_patch(&solved, &reopen, &submitter(), Utc::now()).unwrap().ticket;
        assert!(!reopened.locked);
    }

    #[test]
    fn a_submitter_reply_resumes_a_waiting_ticket() {
        let waiting = Ticket {
            status: Status::WaitingForReply,
            ..sample_ticket()
        };
        assert_eq!(
            status_after_article(&waiting, &submitter(), ArticleKind::PublicReply),
            Some(Status::InProgress)
        );
        assert_eq!(
            status_after_article(&waiting, &supporter(), ArticleKind::PublicReply),
            None
        );
        assert_eq!(
            status_after_article(&sample_ticket(), &submitter(), ArticleKind::PublicReply),
            None
        );
    }

    #[test]
    fn no_change_records_nothing() {
        let t = sample_ticket();
        let same = TicketPatch {
            status: Some(t.status),
            unit: Some(t.unit),
            ..Default::default()
        };
        let out = apply_patch(&t, &same, &supporter(), Utc::now()).unwrap();
        assert!(out.changes.is_empty());
        assert_eq!(out.ticket.updated_at, t.updated_at);
    }
}
