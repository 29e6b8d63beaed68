//! What a conversation of a mailing-list archive becomes: one historical
//! ticket, already closed.
//!
//! - **The ticket.** Its subject is the first message's, its description
//!   the first message's text, its submitter the first message's sender;
//!   it opened when the first message was sent and was last changed, and
//!   closed, when the last one was. It sits in first-level support, at the
//!   default priority, public (a list's archive was read by all its
//!   members).
//! - **The solution** ([`solution`]): a conversation with replies counts as
//!   a solved case. Its solution is the last reply by someone other than
//!   the opener; when only the opener wrote again (a follow-up, "fixed
//!   it myself"), the last reply. A message alone has no solution: its
//!   ticket is closed without one (no qualifier).

use chrono::{DateTime, Utc};

use crate::ids::{TicketId, UnitId, UserId, VoId};
use crate::priority::Priority;
use crate::status::{Qualifier, Status};
use crate::ticket::{NotificationMode, Ticket, Visibility};

/// Which message of a conversation is its solution, given each message's
/// sender in order (the opener first; `None` for a message without a
/// usable sender): see the module's documentation.
pub fn solution(senders: &[Option<&str>]) -> Option<usize> {
    if senders.len() < 2 {
        return None;
    }
    let same = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    };
    let opener = senders[0];
    let other = (1..senders.len()).rev().find(|&i| !same(senders[i], opener));
    Some(other.unwrap_or(senders.len() - 1))
}

/// What a historical ticket is made of.
#[derive(Debug, Clone)]
pub struct Historical {
    /// The first message's subject, valid as a ticket subject.
    pub subject: String,
    /// The first message's text.
    pub description: String,
    /// The first message's sender.
    pub submitter: UserId,
    /// The first-level support unit.
    pub unit: UnitId,
    /// The VO named by the list, if any.
    pub vo: Option<VoId>,
    /// When the first message was sent.
    pub opened: DateTime<Utc>,
    /// When the last message was sent.
    pub closed: DateTime<Utc>,
    /// Whether the conversation has a solution.
    pub solved: bool,
}

/// The closed ticket of a conversation; see the module's documentation.
pub fn historical_ticket(h: Historical) -> Ticket {
    let closed = h.closed.max(h.opened);
    Ticket {
        id: TicketId(0),
        subject: h.subject,
        description: h.description,
        submitter: h.submitter,
        issue_type: None,
        site: None,
        vo: h.vo,
        occurred_at: None,
        priority: Priority::DEFAULT,
        original_priority: Priority::DEFAULT,
        unit: h.unit,
        assignee: None,
        involved_units: Vec::new(),
        involved_users: Vec::new(),
        cc: Vec::new(),
        notification_mode: NotificationMode::OnSolution,
        visibility: Visibility::Public,
        status: Status::Closed,
        qualifier: h.solved.then_some(Qualifier::Other),
        locked: false,
        created_at: h.opened,
        updated_at: closed,
        status_changed_at: closed,
        assigned_at: h.opened,
        version: 1,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_solution_is_the_last_reply_of_someone_else() {
        let alice = Some("alice@site.example");
        let bob = Some("bob@ngi.example");
        let carol = Some("carol@ngi.example");
        assert_eq!(solution(&[alice, bob, alice]), Some(1), "not the opener's thanks");
        assert_eq!(solution(&[alice, bob, carol, alice]), Some(2));
        assert_eq!(
            solution(&[alice, Some("ALICE@site.example"), alice]),
            Some(2),
            "only the opener wrote again: the last reply"
        );
        assert_eq!(solution(&[alice, None]), Some(1), "an unknown sender is someone else");
        assert_eq!(solution(&[alice]), None, "a message alone has no solution");
        assert_eq!(solution(&[]), None);
    }

    #[test]
    fn a_historical_ticket_is_closed_at_its_last_message() {
        let opened = Utc.with_ymd_and_hms(2009, 1, 5, 10, 0, 0).unwrap();
        let closed = Utc.with_ymd_and_hms(2009, 1, 7, 12, 0, 0).unwrap();
        let historical = Historical {
            subject: "dCache down".into(),
            description: "The pool is gone.".into(),
            submitter: UserId(4),
            unit: UnitId(1),
            vo: Some(VoId(2)),
            opened,
            closed,
            solved: true,
        };
        let ticket = historical_ticket(historical.clone());
        assert_eq!(
            (ticket.status, ticket.qualifier),
            (Status::Closed, Some(Qualifier::Other))
        );
        assert_eq!(
            (ticket.created_at, ticket.updated_at, ticket.status_changed_at),
            (opened, closed, closed)
        );
        assert_eq!(
            (ticket.submitter, ticket.vo, ticket.visibility),
            (UserId(4), Some(VoId(2)), Visibility::Public)
        );
        let alone = historical_ticket(Historical {
            solved: false,
            closed: opened - chrono::Duration::days(1),
            ..historical
        });
        assert_eq!(alone.qualifier, None, "closed without a solution");
        assert_eq!(alone.updated_at, opened, "never closed before it opened");
    }
}
