//! The ticket entity and its creation rules.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::error::DomainError;
use crate::ids::{IssueTypeId, SiteId, TicketId, TicketNumber, UnitId, UserId, VoId};
use crate::label::labelled_enum;
use crate::priority::{Priority, check_priority_change};
use crate::role::Role;
use crate::routing::initial_assignment;
use crate::status::{Qualifier, Status};
use crate::text::{Email, NonBlank, Subject};

labelled_enum! {
    /// Who may see a ticket.
    Visibility, field = "visibility" {
        /// Everyone with an account.
        Public => "public",
        /// The submitter and the supporters only.
        Private => "private",
    }
}

labelled_enum! {
    /// When the submitter and CC hear about a ticket.
    NotificationMode, field = "notification_mode" {
        /// Only when it is solved (and on every public reply).
        OnSolution => "on solution",
        /// On every change.
        OnEveryChange => "on every change",
    }
}

/// A ticket, as stored. `id` is `TicketId(0)` until the store assigns one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// Identity (0 before it is stored).
    pub id: TicketId,
    /// One-line summary, at most 250 characters.
    pub subject: String,
    /// The submitter's description of the problem.
    pub description: String,
    /// Who opened it.
    pub submitter: UserId,
    /// Type of issue (area).
    pub issue_type: Option<IssueTypeId>,
    /// Affected site.
    pub site: Option<SiteId>,
    /// Affected VO.
    pub vo: Option<VoId>,
    /// When the problem started, as the submitter says.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Current priority.
    pub priority: Priority,
    /// The priority at creation, kept for reports.
    pub original_priority: Priority,
    /// The responsible unit.
    pub unit: UnitId,
    /// The assigned person, if any.
    pub assignee: Option<UserId>,
    /// Extra units involved.
    pub involved_units: Vec<UnitId>,
    /// Extra persons involved.
    pub involved_users: Vec<UserId>,
    /// Addresses in copy.
    pub cc: Vec<Email>,
    /// When the submitter and CC are notified.
    pub notification_mode: NotificationMode,
    /// Public, or private to the submitter and supporters.
    pub visibility: Visibility,
    /// Current status.
    pub status: Status,
    /// Qualifier of a solved or unsolved status.
    pub qualifier: Option<Qualifier>,
    /// A slave of a master ticket takes no direct update.
    pub locked: bool,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When the status last changed (escalation colours restart here).
    pub status_changed_at: DateTime<Utc>,
    /// When the responsible unit was last set.
    pub assigned_at: DateTime<Utc>,
    /// Optimistic-concurrency counter, bumped by every stored change.
    pub version: i64,
}

impl Ticket {
    /// The number people quote.
    pub fn number(&self) -> TicketNumber {
        TicketNumber::from(self.id)
    }

    /// Whether `actor` may see this ticket at all: supporters and the
    /// system see every ticket, others public ones and their own.
    pub fn visible_to(&self, actor: &Actor) -> bool {
        actor.role().is_supporter() || self.visibility == Visibility::Public || actor.is_submitter_of(self)
    }
}

/// What a submitter provides to open a ticket, already validated.
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// Subject.
    pub subject: Subject,
    /// Description.
    pub description: NonBlank,
    /// Who opens it.
    pub submitter: UserId,
    /// Type of issue.
    pub issue_type: Option<IssueTypeId>,
    /// Affected site.
    pub site: Option<SiteId>,
    /// Affected VO.
    pub vo: Option<VoId>,
    /// When the problem started.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Requested priority.
    pub priority: Priority,
    /// Why the priority is above the default.
    pub priority_justification: Option<String>,
    /// Units involved from the start.
    pub involved_units: Vec<UnitId>,
    /// Persons involved from the start.
    pub involved_users: Vec<UserId>,
    /// Addresses in copy.
    pub cc: Vec<Email>,
    /// Notification mode.
    pub notification_mode: NotificationMode,
    /// Visibility.
    pub visibility: Visibility,
}

/// Builds the ticket to store from a validated request.
///
/// `site_unit` is the affected site's own unit, if a site was chosen; the
/// ticket goes there (status `assigned`), otherwise to `first_level` (`new`).
pub fn open_ticket(
    request: NewTicket,
    role: Role,
    site_unit: Option<UnitId>,
    first_level: UnitId,
    now: DateTime<Utc>,
) -> Result<Ticket, DomainError> {
    check_priority_change(
        Priority::DEFAULT,
        request.priority,
        request.priority_justification.as_deref(),
        role,
    )?;
    let (unit, status) = initial_assignment(site_unit, first_level);
    Ok(Ticket {
        id: TicketId(0),
        subject: request.subject.as_str().to_owned(),
        description: request.description.into_string(),
        submitter: request.submitter,
        issue_type: request.issue_type,
        site: request.site,
        vo: request.vo,
        occurred_at: request.occurred_at,
        priority: request.priority,
        original_priority: request.priority,
        unit,
        assignee: None,
        involved_units: dedup(request.involved_units),
        involved_users: dedup(request.involved_users),
        cc: dedup(request.cc),
        notification_mode: request.notification_mode,
        visibility: request.visibility,
        status,
        qualifier: None,
        locked: false,
        created_at: now,
        updated_at: now,
        status_changed_at: now,
        assigned_at: now,
        version: 1,
    })
}

/// Sorts and removes duplicates, so set-valued fields compare and store stably.
pub fn dedup<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items.dedup();
    items
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn request(priority: Priority, justification: Option<&str>) -> NewTicket {
        NewTicket {
            subject: Subject::parse("SRM down at IN2P3-CC").unwrap(),
            description: NonBlank::parse("description", "All transfers fail since 08:00.").unwrap(),
            submitter: UserId(7),
            issue_type: None,
            site: None,
            vo: None,
            occurred_at: None,
            priority,
            priority_justification: justification.map(str::to_owned),
            involved_units: vec![UnitId(4), UnitId(3), UnitId(4)],
            involved_users: vec![],
            cc: vec![],
            notification_mode: NotificationMode::OnSolution,
            visibility: Visibility::Public,
        }
    }

    pub(crate) fn sample_ticket() -> Ticket {
        open_ticket(
            request(Priority::LessUrgent, None),
            Role::Requester,
            None,
            UnitId(1),
            Utc::now(),
        )
        .unwrap()
    }

    #[test]
    fn new_tickets_go_to_first_level_unless_a_site_is_chosen() {
        let now = Utc::now();
        let t = open_ticket(
            request(Priority::LessUrgent, None),
            Role::Requester,
            None,
            UnitId(1),
            now,
        )
        .unwrap();
        assert_eq!((t.unit, t.status), (UnitId(1), Status::New));
        let t = open_ticket(
            request(Priority::LessUrgent, None),
            Role::Requester,
            Some(UnitId(9)),
            UnitId(1),
            now,
        )
        .unwrap();
        assert_eq!((t.unit, t.status), (UnitId(9), Status::Assigned));
        assert_eq!(t.involved_units, vec![UnitId(3), UnitId(4)]);
    }

    #[test]
    fn a_raised_initial_priority_needs_a_justification() {
        let now = Utc::now();
        let err = open_ticket(request(Priority::Urgent, None), Role::Requester, None, UnitId(1), now).unwrap_err();
        assert_eq!(err.field(), Some("priority_justification"));
        let t = open_ticket(
            request(Priority::Urgent, Some("jobs fail")),
            Role::Requester,
            None,
            UnitId(1),
            now,
        )
        .unwrap();
        assert_eq!(t.original_priority, Priority::Urgent);
    }

    #[test]
    fn private_tickets_are_hidden_from_other_requesters() {
        let mut t = sample_ticket();
        t.visibility = Visibility::Private;
        assert!(t.visible_to(&Actor::user(UserId(7), Role::Requester)));
        assert!(!t.visible_to(&Actor::user(UserId(8), Role::Requester)));
        assert!(t.visible_to(&Actor::user(UserId(8), Role::Shifter)));
        assert!(t.visible_to(&Actor::system("test")), "the system sees every ticket");
    }
}
