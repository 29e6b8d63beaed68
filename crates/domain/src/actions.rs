//! What an actor may do to a ticket: the one answer the pages use to offer
//! actions and the use cases use to accept them.

use crate::actor::Actor;
use crate::article::ArticleKind;
use crate::error::DomainError;
use crate::priority::Priority;
use crate::status::Status;
use crate::ticket::Ticket;
use crate::update::TicketPatch;

/// The actions open to one actor on one ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketActions {
    /// Add a public reply.
    pub reply: bool,
    /// Add an internal note.
    pub internal_note: bool,
    /// The statuses the actor may set by hand.
    pub statuses: Vec<Status>,
    /// The priorities the actor may set.
    pub priorities: Vec<Priority>,
    /// Route the ticket to another unit, or assign a person.
    pub route: bool,
    /// Change who is involved, the subject, the site, the VO, the type.
    pub edit: bool,
    /// Change the CC list, the visibility and the notification mode.
    pub follow: bool,
    /// Relate and unrelate tickets.
    pub relate: bool,
    /// Escalate the ticket to the next level (its submitter's button).
    pub escalate: bool,
}

impl TicketActions {
    /// Whether an article of `kind` may be added.
    pub fn may_write(&self, kind: ArticleKind) -> bool {
        match kind {
            ArticleKind::PublicReply => self.reply,
            ArticleKind::InternalNote => self.internal_note,
            ArticleKind::Solution => self.statuses.contains(&Status::Solved),
        }
    }

    /// Whether anything at all may be done.
    pub fn any(&self) -> bool {
        self.reply || self.internal_note || !self.statuses.is_empty() || self.follow || self.escalate
    }

    /// Refuses a patch that asks for more than these actions, naming what.
    pub fn permits(&self, ticket: &Ticket, patch: &TicketPatch) -> Result<(), DomainError> {
        let refuse = |what: &str| {
            Err(DomainError::Forbidden(format!(
                "you may not change {what} on this ticket"
            )))
        };
        if let Some(to) = patch.status.filter(|to| *to != ticket.status)
            && !self.statuses.contains(&to)
        {
            return Err(DomainError::Forbidden(format!(
                "you may not set ticket #{} to \"{to}\"",
                ticket.number()
            )));
        }
        if let Some(priority) = patch.priority.filter(|p| *p != ticket.priority)
            && !self.priorities.contains(&priority)
        {
            return refuse("the priority to that value");
        }
        if (patch.unit.is_some() || patch.assignee.is_some()) && !self.route {
            return refuse("the unit or the assignee");
        }
        let edits = patch.involved_units.is_some()
            || patch.involved_users.is_some()
            || patch.subject.is_some()
            || patch.site.is_some()
            || patch.vo.is_some()
            || patch.issue_type.is_some();
        if edits && !self.edit {
            return refuse("the ticket's description fields");
        }
        let follows = patch.cc.is_some() || patch.visibility.is_some() || patch.notification_mode.is_some();
        if follows && !self.follow {
            return refuse("the copy list, the visibility or the notifications");
        }
        Ok(())
    }
}

/// Whether `actor` is one who may press `ticket`'s escalation button,
/// whatever its status: its submitter, or an administrator, on a ticket
/// that is not locked to its master (the master is the one to escalate).
/// Whether the ticket is open enough to escalate is the rule of
/// [`crate::deadlines::next_escalation`]; [`ticket_actions`] offers the
/// button only on open tickets.
pub fn may_escalate(actor: &Actor, ticket: &Ticket) -> bool {
    (actor.is_submitter_of(ticket) || actor.role().is_admin()) && !actor.is_system() && !ticket.locked
}

/// What `actor` may do to `ticket`: supporters nearly everything an open
/// ticket allows; its submitter replies, verifies or reopens, raises the
/// priority (not to `top priority`), escalates an open ticket, and
/// chooses who is in copy; others nothing. A verified or closed ticket takes nothing more, and a slave
/// locked to its master only replies and reopening.
pub fn ticket_actions(actor: &Actor, ticket: &Ticket) -> TicketActions {
    if matches!(ticket.status, Status::Verified | Status::Closed) {
        return TicketActions::default();
    }
    let role = actor.role();
    let supporter = role.is_supporter();
    let submitter = actor.is_submitter_of(ticket);
    if !supporter && !submitter {
        return TicketActions::default();
    }
    let statuses: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|to| ticket.status.allows(*to))
        .filter(|to| *to != Status::Closed || actor.is_system())
        .filter(|to| *to != Status::Assigned || actor.is_system())
        .filter(|to| *to != Status::Verified || submitter || role.is_admin())
        .filter(|to| supporter || matches!(to, Status::Verified | Status::Reopened))
        .filter(|to| !ticket.locked || actor.is_system() || *to == Status::Reopened)
        .collect();
    if ticket.locked && !actor.is_system() {
        return TicketActions {
            reply: true,
            internal_note: supporter,
            statuses,
            ..TicketActions::default()
        };
    }
    let priorities = Priority::ALL
        .iter()
        .copied()
        .filter(|p| *p != ticket.priority)
        .filter(|p| supporter || *p != Priority::TopPriority)
        .collect();
    TicketActions {
        reply: true,
        internal_note: supporter,
        statuses,
        priorities,
        route: supporter,
        edit: supporter,
        follow: true,
        relate: supporter,
        escalate: ticket.status.is_open() && may_escalate(actor, ticket),
    }
}

/// The actions of an actor who takes part in a ticket without being its
/// submitter or a supporter: a person in its CC, involved in it, or
/// subscribed to it. They may add public replies (by mail, a reply-all to
/// a notification does just that), and nothing more; others get
/// [`ticket_actions`].
pub fn participant_actions(actor: &Actor, ticket: &Ticket, participant: bool) -> TicketActions {
    let actions = ticket_actions(actor, ticket);
    let open = !matches!(ticket.status, Status::Verified | Status::Closed);
    if participant && open && !actions.reply && ticket.visible_to(actor) {
        return TicketActions {
            reply: true,
            ..TicketActions::default()
        };
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;
    use crate::role::Role;
    use crate::status::Qualifier;
    use crate::ticket::tests::sample_ticket;
    use crate::update::apply_patch;

    fn actors() -> Vec<Actor> {
        let mut all: Vec<Actor> = Role::ALL.iter().map(|r| Actor::user(UserId(2), *r)).collect();
        all.push(Actor::user(UserId(7), Role::Requester));
        all.push(Actor::system("test"));
        all
    }

    fn at(status: Status) -> Ticket {
        let qualifier = match status {
            Status::Solved | Status::Verified | Status::Closed => Some(Qualifier::Fixed),
            Status::Unsolved => Some(Qualifier::Duplicate),
            _ => None,
        };
        Ticket {
            status,
            qualifier,
            ..sample_ticket()
        }
    }

    /// The actions offered and the rules of an update agree: every status
    /// offered is accepted, and every status refused by the rules for a
    /// reason of rights is not offered.
    #[test]
    fn what_is_offered_is_what_the_rules_accept() {
        for status in Status::ALL {
            for actor in actors() {
                let ticket = at(*status);
                let actions = ticket_actions(&actor, &ticket);
                for to in Status::ALL {
                    let patch = TicketPatch {
                        status: Some(*to),
                        qualifier: match to {
                            Status::Solved => Some(Qualifier::Fixed),
                            Status::Unsolved => Some(Qualifier::Duplicate),
                            _ => None,
                        },
                        ..TicketPatch::default()
                    };
                    let applied = apply_patch(&ticket, &patch, &actor, ticket.updated_at);
                    let offered = actions.statuses.contains(to);
                    if offered {
                        assert!(applied.is_ok(), "{actor:?} offered {status} → {to}: {applied:?}");
                        assert!(actions.permits(&ticket, &patch).is_ok());
                    } else if *to != *status {
                        assert!(actions.permits(&ticket, &patch).is_err(), "{actor:?} {status} → {to}");
                    }
                }
            }
        }
    }

    #[test]
    fn requesters_follow_their_own_tickets_only() {
        let ticket = at(Status::InProgress);
        let submitter = ticket_actions(&Actor::user(UserId(7), Role::Requester), &ticket);
        assert!(submitter.reply && submitter.follow && !submitter.internal_note && !submitter.route);
        assert!(submitter.statuses.is_empty(), "nothing to verify or reopen yet");
        assert!(!submitter.priorities.contains(&Priority::TopPriority));
        let stranger = ticket_actions(&Actor::user(UserId(99), Role::Requester), &ticket);
        assert!(!stranger.any());
        let solved = ticket_actions(&Actor::user(UserId(7), Role::Requester), &at(Status::Solved));
        assert_eq!(solved.statuses, [Status::Reopened, Status::Verified]);
    }

    #[test]
    fn closed_tickets_take_nothing_and_slaves_little() {
        let shifter = Actor::user(UserId(2), Role::Shifter);
        assert!(!ticket_actions(&shifter, &at(Status::Closed)).any());
        let slave = Ticket {
            locked: true,
            ..at(Status::OnHold)
        };
        let actions = ticket_actions(&shifter, &slave);
        assert!(actions.reply && !actions.route && actions.priorities.is_empty());
        assert!(actions.statuses.is_empty(), "a held slave follows its master");
        let patch = TicketPatch {
            unit: Some(crate::ids::UnitId(9)),
            ..TicketPatch::default()
        };
        assert!(actions.permits(&slave, &patch).is_err());
    }

    #[test]
    fn participants_reply_and_do_nothing_else() {
        let ticket = at(Status::InProgress);
        let stranger = Actor::user(UserId(99), Role::Requester);
        assert_eq!(participant_actions(&stranger, &ticket, false), TicketActions::default());
        let copied = participant_actions(&stranger, &ticket, true);
        assert!(copied.reply);
        assert_eq!(
            copied,
            TicketActions {
                reply: true,
                ..TicketActions::default()
            },
            "a reply, no note, no status, no routing"
        );
        assert_eq!(
            participant_actions(&stranger, &at(Status::Closed), true),
            TicketActions::default()
        );
        let submitter = Actor::user(ticket.submitter, Role::Requester);
        assert_eq!(
            participant_actions(&submitter, &ticket, true),
            ticket_actions(&submitter, &ticket),
            "the submitter keeps their own actions"
        );
    }
    #[test]
    fn the_submitter_escalates_an_open_ticket_and_others_do_not() {
        let ticket = at(Status::InProgress);
        let submitter = Actor::user(ticket.submitter, Role::Requester);
        assert!(ticket_actions(&submitter, &ticket).escalate);
        for role in [Role::Shifter, Role::Supporter, Role::UnitManager, Role::Coordinator] {
            let other = Actor::user(UserId(99), role);
            assert!(!ticket_actions(&other, &ticket).escalate, "{role:?}");
        }
        assert!(!ticket_actions(&Actor::user(UserId(99), Role::Requester), &ticket).escalate);
        assert!(ticket_actions(&Actor::user(UserId(99), Role::Admin), &ticket).escalate);
        assert!(!ticket_actions(&Actor::system("test"), &ticket).escalate);
        assert!(!participant_actions(&Actor::user(UserId(99), Role::Requester), &ticket, true).escalate);
    }

    #[test]
    fn only_open_unlocked_tickets_offer_the_escalation() {
        for status in Status::ALL {
            let ticket = at(*status);
            let submitter = Actor::user(ticket.submitter, Role::Requester);
            assert_eq!(
                ticket_actions(&submitter, &ticket).escalate,
                status.is_open(),
                "{status}"
            );
            assert!(
                may_escalate(&submitter, &ticket),
                "the button's owner, whatever the status"
            );
        }
        let slave = Ticket {
            locked: true,
            ..at(Status::OnHold)
        };
        let submitter = Actor::user(slave.submitter, Role::Requester);
        assert!(!may_escalate(&submitter, &slave));
        assert!(
            !ticket_actions(&submitter, &slave).escalate,
            "a slave follows its master"
        );
    }
}
