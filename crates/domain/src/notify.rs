//! Who hears about a change to a ticket: the rule of "Who is notified", as
//! one pure function over the people the caller looked up.
//!
//! - **Submitter and CC** hear of the creation (an acknowledgement with the
//!   ticket number, whatever the mode), of every public reply and of the
//!   solution (solved or unsolved); of any other change only in the mode
//!   *on every change*.
//! - **Members of the responsible unit and of the involved units, involved
//!   persons and the assignee** hear of every change, internal notes
//!   included.
//! - **Subscribers** hear of public replies and of the solution only. On a
//!   private ticket, a subscriber who is neither a supporter nor the
//!   submitter hears nothing.
//! - **Reopening** also tells the members of the unit that solved the
//!   ticket and the first-level support members.
//! - **Reminders** (a deadline reached, an escalation) reach only the people
//!   they concern: the unit and the assignee; from the second escalation
//!   level on the first-level team, at the third the coordinators; the
//!   submitter and CC only when the ticket waits for their reply.
//! - **No one else**, and never the author of the change.
//!
//! Two kinds of change never reach the requester side: changes that are all
//! internal (internal notes, internal attachments), and changes that only
//! add or remove relations, since a relation may name another, private,
//! ticket (and a stranger's mail that opens a ticket referencing someone
//! else's must not mail that someone).
//!
//! Each address is mailed once, with every reason it has. A recipient is on
//! the supporter side, and sees internal notes, only if it is a supporter
//! with at least one reason other than submitter or CC; anyone else,
//! involved or not, is on the requester side.

use std::collections::BTreeMap;

use crate::deadlines::{Audience, Reminder, escalation_reaches};
use crate::ids::UserId;
use crate::label::labelled_enum;
use crate::text::Email;
use crate::ticket::{NotificationMode, Ticket, Visibility};

/// What a change did to one ticket, as notifications see it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeSummary {
    /// The change opened the ticket.
    pub created: bool,
    /// Public replies added.
    pub public_replies: usize,
    /// Internal notes added.
    pub internal_notes: usize,
    /// The status became solved or unsolved.
    pub solved: bool,
    /// The ticket was reopened.
    pub reopened: bool,
    /// Anything else: fields, status, routing, relations, attachments.
    pub other_changes: bool,
    /// Every change is internal: only internal notes or internal attachments.
    pub internal_only: bool,
    /// The change only added or removed relations.
    pub relation_only: bool,
    /// A deadline was reached: only the people its reminder concerns hear
    /// of the change (see [`recipients`]).
    pub reminder: Option<Reminder>,
}

impl ChangeSummary {
    /// Whether anything changed at all.
    fn is_empty(&self) -> bool {
        !(self.created
            || self.public_replies > 0
            || self.internal_notes > 0
            || self.solved
            || self.reopened
            || self.other_changes
            || self.relation_only
            || self.reminder.is_some())
    }

    /// Whether requester-side recipients may hear of it at all.
    fn reaches_requesters(&self) -> bool {
        match self.reminder {
            Some(reminder) => !reminder.is_for_supporters(),
            None => !self.internal_only && !self.relation_only,
        }
    }

    /// Whether the submitter and CC hear of it under `mode`.
    fn concerns_submitter(&self, mode: NotificationMode) -> bool {
        let always = self.created || self.public_replies > 0 || self.solved;
        let other = self.reopened || self.other_changes || self.internal_notes > 0;
        always || (other && mode == NotificationMode::OnEveryChange)
    }

    /// Whether subscribers hear of it.
    fn concerns_subscribers(&self) -> bool {
        self.public_replies > 0 || self.solved
    }
}

/// Someone who may be notified, as the caller found them (disabled accounts
/// already left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Their account, if they have one.
    pub user: Option<UserId>,
    /// Where they are mailed.
    pub email: Email,
    /// Whether they are a supporter, who may read internal notes.
    pub supporter: bool,
}

/// Everyone a ticket may notify, after the change (the new unit after a
/// routing, the new assignee after an assignment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketPeople {
    /// Who opened the ticket.
    pub submitter: Person,
    /// Addresses in copy (the ticket's CC).
    pub cc: Vec<Email>,
    /// The assigned person.
    pub assignee: Option<Person>,
    /// Members of the responsible unit.
    pub unit_members: Vec<Person>,
    /// Members of the involved units.
    pub involved_unit_members: Vec<Person>,
    /// Persons involved.
    pub involved_users: Vec<Person>,
    /// Subscribers.
    pub subscribers: Vec<Person>,
    /// Members of first-level support, told of a reopening.
    pub first_level_members: Vec<Person>,
    /// Members of the unit that solved the ticket, told of a reopening.
    pub solving_unit_members: Vec<Person>,
    /// The ticket-monitoring coordinators, told of the last escalation
    /// level (the caller may leave them out of any other change).
    pub coordinators: Vec<Person>,
}

labelled_enum! {
    /// Which view of the change a recipient gets.
    Side, field = "side" {
        /// Public replies, the solution and public changes only.
        Requester => "requester",
        /// Everything, internal notes included.
        Supporter => "supporter",
    }
}

labelled_enum! {
    /// Why someone is notified.
    Reason, field = "reason" {
        /// They opened the ticket.
        Submitter => "submitter",
        /// Their address is in copy.
        Cc => "cc",
        /// They are a member of the responsible unit.
        Unit => "unit",
        /// They are a member of an involved unit.
        InvolvedUnit => "involved unit",
        /// They are involved in person.
        InvolvedPerson => "involved person",
        /// The ticket is assigned to them.
        Assignee => "assignee",
        /// They subscribed to the ticket.
        Subscriber => "subscriber",
        /// They are in first-level support, told of a reopening.
        FirstLevel => "first level",
        /// They are in the unit that solved the reopened ticket.
        SolvingUnit => "solving unit",
        /// They monitor tickets, and the submitter escalated this one to them.
        Coordinator => "coordinator",
    }
}

impl Reason {
    /// Whether a supporter notified for this reason gets the supporter side.
    fn grants_supporter_side(self) -> bool {
        !matches!(self, Reason::Submitter | Reason::Cc)
    }
}

/// One mail to send about a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// Where it goes.
    pub email: Email,
    /// Their account, if known.
    pub user: Option<UserId>,
    /// Which view of the change they get.
    pub side: Side,
    /// Every reason they are notified, in [`Reason`] order.
    pub reasons: Vec<Reason>,
}

/// Who is notified of `change` to `ticket`, one recipient per address,
/// sorted by address; `author_email` (who made the change) is left out.
/// The rule is in the module documentation.
pub fn recipients(
    ticket: &Ticket,
    people: &TicketPeople,
    change: &ChangeSummary,
    author_email: Option<&Email>,
) -> Vec<Recipient> {
    if change.is_empty() {
        return Vec::new();
    }
    let author = author_email.map(|email| email.as_str().to_lowercase());
    let candidates = match change.reminder {
        Some(reminder) => reminder_candidates(reminder, people),
        None => candidates(ticket, people, change),
    };
    merge(candidates)
        .into_iter()
        .filter(|(address, _)| author.as_ref() != Some(address))
        .map(|(_, recipient)| recipient)
        .filter(|recipient| recipient.side == Side::Supporter || change.reaches_requesters())
        .collect()
}

/// One reason to notify one address, before addresses are merged.
struct Candidate<'a> {
    email: &'a Email,
    user: Option<UserId>,
    side: Side,
    reason: Reason,
}

impl<'a> Candidate<'a> {
    /// `person`, notified for `reason`.
    fn of(person: &'a Person, reason: Reason) -> Self {
        let supporter = person.supporter && reason.grants_supporter_side();
        Self {
            email: &person.email,
            user: person.user,
            side: if supporter { Side::Supporter } else { Side::Requester },
            reason,
        }
    }

    /// An address in copy.
    fn cc(email: &'a Email) -> Self {
        Self {
            email,
            user: None,
            side: Side::Requester,
            reason: Reason::Cc,
        }
    }
}

/// Every reason to notify anyone of `change`.
fn candidates<'a>(ticket: &Ticket, people: &'a TicketPeople, change: &ChangeSummary) -> Vec<Candidate<'a>> {
    let mut found = Vec::new();
    if change.concerns_submitter(ticket.notification_mode) {
        found.push(Candidate::of(&people.submitter, Reason::Submitter));
        found.extend(people.cc.iter().map(Candidate::cc));
    }
    add(&mut found, &people.unit_members, Reason::Unit);
    add(&mut found, &people.involved_unit_members, Reason::InvolvedUnit);
    add(&mut found, &people.involved_users, Reason::InvolvedPerson);
    add(&mut found, people.assignee.as_slice(), Reason::Assignee);
    if change.concerns_subscribers() {
        let allowed = people.subscribers.iter().filter(|p| may_follow(ticket, people, p));
        found.extend(allowed.map(|person| Candidate::of(person, Reason::Subscriber)));
    }
    if change.reopened {
        add(&mut found, &people.solving_unit_members, Reason::SolvingUnit);
        add(&mut found, &people.first_level_members, Reason::FirstLevel);
    }
    found
}

/// Who hears of `reminder`, for a change that carries one (the author
/// still left out, and only supporters but for a reply awaited):
///
/// - a colour change, a QoS warning or a breach: the responsible unit's
///   members and the assignee;
/// - an escalation: the same people, then the first-level team from level
///   2 on, and the coordinators at level 3;
/// - a reminder that the ticket waits for a reply: the submitter and CC.
fn reminder_candidates(reminder: Reminder, people: &TicketPeople) -> Vec<Candidate<'_>> {
    let mut found = Vec::new();
    if let Reminder::AwaitingReply { .. } = reminder {
        found.push(Candidate::of(&people.submitter, Reason::Submitter));
        found.extend(people.cc.iter().map(Candidate::cc));
        return found;
    }
    add(&mut found, &people.unit_members, Reason::Unit);
    add(&mut found, people.assignee.as_slice(), Reason::Assignee);
    if let Reminder::Escalated { level } = reminder {
        for audience in escalation_reaches(level) {
            match audience {
                Audience::Unit => {}
                Audience::FirstLevel => add(&mut found, &people.first_level_members, Reason::FirstLevel),
                Audience::Coordinators => add(&mut found, &people.coordinators, Reason::Coordinator),
            }
        }
    }
    found
}

/// Adds every one of `persons`, for `reason`.
fn add<'a>(found: &mut Vec<Candidate<'a>>, persons: &'a [Person], reason: Reason) {
    found.extend(persons.iter().map(|person| Candidate::of(person, reason)));
}

/// Whether a subscriber may hear of the ticket: any ticket if they are a
/// supporter or its submitter, public tickets otherwise.
fn may_follow(ticket: &Ticket, people: &TicketPeople, subscriber: &Person) -> bool {
    let submitter =
        subscriber.user == Some(ticket.submitter) || same_address(&subscriber.email, &people.submitter.email);
    ticket.visibility == Visibility::Public || subscriber.supporter || submitter
}

/// Whether two addresses are the same, whatever their case.
fn same_address(a: &Email, b: &Email) -> bool {
    a.as_str().eq_ignore_ascii_case(b.as_str())
}

/// One recipient per lower-cased address, reasons merged, supporter side
/// if any reason grants it.
fn merge(candidates: Vec<Candidate<'_>>) -> BTreeMap<String, Recipient> {
    let mut merged: BTreeMap<String, Recipient> = BTreeMap::new();
    for candidate in candidates {
        let recipient = merged
            .entry(candidate.email.as_str().to_lowercase())
            .or_insert_with(|| Recipient {
                email: candidate.email.clone(),
                user: None,
                side: Side::Requester,
                reasons: Vec::new(),
            });
        recipient.user = recipient.user.or(candidate.user);
        if candidate.side == Side::Supporter {
            recipient.side = Side::Supporter;
        }
        if !recipient.reasons.contains(&candidate.reason) {
            recipient.reasons.push(candidate.reason);
        }
    }
    merged.values_mut().for_each(|recipient| recipient.reasons.sort());
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::tests::sample_ticket;

    fn email(address: &str) -> Email {
        Email::parse("email", address).unwrap()
    }

    fn person(user: i64, address: &str, supporter: bool) -> Person {
        Person {
            user: Some(UserId(user)),
            email: email(address),
            supporter,
        }
    }

    fn ticket(mode: NotificationMode) -> Ticket {
        Ticket {
            notification_mode: mode,
            ..sample_ticket()
        }
    }

    /// The sample ticket's people: its submitter is user 7.
    fn people() -> TicketPeople {
        TicketPeople {
            submitter: person(7, "submitter@cnrs.fr", false),
            cc: vec![email("cc@cnrs.fr")],
            assignee: Some(person(20, "assignee@kit.edu", true)),
            unit_members: vec![person(21, "unit-a@kit.edu", true), person(22, "unit-b@kit.edu", true)],
            involved_unit_members: vec![person(30, "network@kit.edu", true)],
            involved_users: vec![person(40, "expert@cern.ch", true), person(41, "user@ihep.cn", false)],
            subscribers: vec![
                person(50, "watcher@in2p3.fr", false),
                person(51, "shifter@kit.edu", true),
            ],
            first_level_members: vec![person(60, "first-level@kit.edu", true)],
            solving_unit_members: vec![person(70, "solver@desy.de", true)],
            coordinators: vec![person(80, "coordinator@egi.eu", true)],
        }
    }

    const SUBMITTER: [&str; 2] = ["cc@cnrs.fr", "submitter@cnrs.fr"];
    const SUPPORTERS: [&str; 5] = [
        "assignee@kit.edu",
        "expert@cern.ch",
        "network@kit.edu",
        "unit-a@kit.edu",
        "unit-b@kit.edu",
    ];
    const INVOLVED_REQUESTER: &str = "user@ihep.cn";
    const SUBSCRIBERS: [&str; 2] = ["shifter@kit.edu", "watcher@in2p3.fr"];

    /// The expected addresses, sorted.
    fn all_of(groups: &[&[&str]]) -> Vec<String> {
        let mut all: Vec<String> = groups.concat().into_iter().map(str::to_owned).collect();
        all.sort();
        all
    }

    fn addresses(recipients: &[Recipient]) -> Vec<String> {
        recipients.iter().map(|r| r.email.as_str().to_owned()).collect()
    }

    fn notified(mode: NotificationMode, change: ChangeSummary) -> Vec<String> {
        addresses(&recipients(&ticket(mode), &people(), &change, None))
    }

    fn find<'a>(recipients: &'a [Recipient], address: &str) -> &'a Recipient {
        recipients
            .iter()
            .find(|r| r.email.as_str() == address)
            .unwrap_or_else(|| panic!("{address} is not notified"))
    }

    const TEAM: &[&str] = &SUPPORTERS;
    const REQUESTERS: &[&str] = &SUBMITTER;
    const FOLLOWERS: &[&str] = &SUBSCRIBERS;
    const INVOLVED: &[&str] = &[INVOLVED_REQUESTER];
    use NotificationMode::{OnEveryChange, OnSolution};

    fn other() -> ChangeSummary {
        ChangeSummary {
            other_changes: true,
            ..ChangeSummary::default()
        }
    }

    #[test]
    fn creation_acknowledges_the_submitter_whatever_the_mode() {
        let created = ChangeSummary {
            created: true,
            ..ChangeSummary::default()
        };
        for mode in [OnSolution, OnEveryChange] {
            assert_eq!(notified(mode, created), all_of(&[REQUESTERS, TEAM, INVOLVED]), "{mode}");
        }
    }

    #[test]
    fn a_public_reply_reaches_everyone_including_subscribers() {
        let reply = ChangeSummary {
            public_replies: 1,
            ..ChangeSummary::default()
        };
        for mode in [OnSolution, OnEveryChange] {
            assert_eq!(
                notified(mode, reply),
                all_of(&[REQUESTERS, TEAM, INVOLVED, FOLLOWERS]),
                "{mode}"
            );
        }
    }

    #[test]
    fn an_internal_note_reaches_supporters_only() {
        let note = ChangeSummary {
            internal_notes: 1,
            internal_only: true,
            ..ChangeSummary::default()
        };
        for mode in [OnSolution, OnEveryChange] {
            let sent = recipients(&ticket(mode), &people(), &note, None);
            assert_eq!(addresses(&sent), all_of(&[TEAM]), "{mode}");
            assert!(sent.iter().all(|r| r.side == Side::Supporter));
        }
    }

    #[test]
    fn a_reply_with_a_note_reaches_requesters_on_their_side() {
        let both = ChangeSummary {
            public_replies: 1,
            internal_notes: 1,
            ..ChangeSummary::default()
        };
        let sent = recipients(&ticket(OnSolution), &people(), &both, None);
        assert_eq!(addresses(&sent), all_of(&[REQUESTERS, TEAM, INVOLVED, FOLLOWERS]));
        assert_eq!(find(&sent, "submitter@cnrs.fr").side, Side::Requester);
        assert_eq!(find(&sent, INVOLVED_REQUESTER).side, Side::Requester);
        assert_eq!(find(&sent, "watcher@in2p3.fr").side, Side::Requester);
        assert_eq!(find(&sent, "shifter@kit.edu").side, Side::Supporter);
    }

    #[test]
    fn the_solution_reaches_submitter_and_subscribers_in_either_mode() {
        let solution = ChangeSummary {
            public_replies: 0,
            solved: true,
            other_changes: true,
            ..ChangeSummary::default()
        };
        for mode in [OnSolution, OnEveryChange] {
            assert_eq!(
                notified(mode, solution),
                all_of(&[REQUESTERS, TEAM, INVOLVED, FOLLOWERS]),
                "{mode}"
            );
        }
    }

    #[test]
    fn unsolved_is_an_answer_too() {
        let unsolved = ChangeSummary {
            solved: true,
            other_changes: true,
            ..ChangeSummary::default()
        };
        let sent = recipients(&ticket(OnSolution), &people(), &unsolved, None);
        assert_eq!(find(&sent, "submitter@cnrs.fr").reasons, vec![Reason::Submitter]);
        assert_eq!(find(&sent, "watcher@in2p3.fr").reasons, vec![Reason::Subscriber]);
    }

    #[test]
    fn a_status_change_reaches_the_submitter_only_on_every_change() {
        assert_eq!(notified(OnSolution, other()), all_of(&[TEAM, INVOLVED]));
        assert_eq!(notified(OnEveryChange, other()), all_of(&[REQUESTERS, TEAM, INVOLVED]));
    }

    #[test]
    fn routing_notifies_the_new_unit_not_the_old() {
        let mut routed = people();
        routed.unit_members = vec![person(80, "network-unit@cern.ch", true)];
        let sent = recipients(&ticket(OnSolution), &routed, &other(), None);
        let unit: Vec<&str> = sent
            .iter()
            .filter(|r| r.reasons.contains(&Reason::Unit))
            .map(|r| r.email.as_str())
            .collect();
        assert_eq!(unit, vec!["network-unit@cern.ch"]);
        assert!(!addresses(&sent).contains(&"unit-a@kit.edu".to_owned()));
    }

    #[test]
    fn an_assignment_notifies_the_new_assignee() {
        let mut assigned = people();
        assigned.assignee = Some(person(23, "new-assignee@kit.edu", true));
        let sent = recipients(&ticket(OnSolution), &assigned, &other(), None);
        assert_eq!(find(&sent, "new-assignee@kit.edu").reasons, vec![Reason::Assignee]);
        assert!(!addresses(&sent).contains(&"assignee@kit.edu".to_owned()));
        assigned.assignee = None;
        let sent = recipients(&ticket(OnSolution), &assigned, &other(), None);
        assert!(sent.iter().all(|r| !r.reasons.contains(&Reason::Assignee)));
    }

    #[test]
    fn a_priority_change_follows_the_mode_and_skips_subscribers() {
        assert_eq!(notified(OnSolution, other()), all_of(&[TEAM, INVOLVED]));
        assert_eq!(notified(OnEveryChange, other()), all_of(&[REQUESTERS, TEAM, INVOLVED]));
    }

    #[test]
    fn an_involvement_notifies_the_newly_involved() {
        let mut involved = people();
        involved.involved_unit_members.push(person(31, "storage@kit.edu", true));
        involved.involved_users.push(person(42, "vo-admin@cern.ch", false));
        let sent = recipients(&ticket(OnSolution), &involved, &other(), None);
        let unit = find(&sent, "storage@kit.edu");
        assert_eq!(
            (unit.side, unit.reasons.as_slice()),
            (Side::Supporter, &[Reason::InvolvedUnit][..])
        );
        let user = find(&sent, "vo-admin@cern.ch");
        assert_eq!(
            (user.side, user.reasons.as_slice()),
            (Side::Requester, &[Reason::InvolvedPerson][..])
        );
    }

    #[test]
    fn a_relation_alone_never_reaches_the_requester_side() {
        let relation = ChangeSummary {
            other_changes: true,
            relation_only: true,
            ..ChangeSummary::default()
        };
        for mode in [OnSolution, OnEveryChange] {
            assert_eq!(notified(mode, relation), all_of(&[TEAM]), "{mode}");
        }
    }

    #[test]
    fn an_internal_attachment_reaches_supporters_and_a_public_one_follows_the_mode() {
        let internal = ChangeSummary {
            other_changes: true,
            internal_only: true,
            ..ChangeSummary::default()
        };
        assert_eq!(notified(OnEveryChange, internal), all_of(&[TEAM]));
        assert_eq!(notified(OnSolution, other()), all_of(&[TEAM, INVOLVED]));
        assert_eq!(notified(OnEveryChange, other()), all_of(&[REQUESTERS, TEAM, INVOLVED]));
    }

    #[test]
    fn reopening_also_tells_the_solving_unit_and_first_level() {
        let reopened = ChangeSummary {
            reopened: true,
            other_changes: true,
            ..ChangeSummary::default()
        };
        let extra: &[&str] = &["first-level@kit.edu", "solver@desy.de"];
        assert_eq!(notified(OnSolution, reopened), all_of(&[TEAM, INVOLVED, extra]));
        assert_eq!(
            notified(OnEveryChange, reopened),
            all_of(&[REQUESTERS, TEAM, INVOLVED, extra])
        );
        let sent = recipients(&ticket(OnSolution), &people(), &reopened, None);
        assert_eq!(find(&sent, "solver@desy.de").reasons, vec![Reason::SolvingUnit]);
        assert_eq!(find(&sent, "first-level@kit.edu").reasons, vec![Reason::FirstLevel]);
        assert_eq!(find(&sent, "first-level@kit.edu").side, Side::Supporter);
    }

    #[test]
    fn the_author_is_not_mailed() {
        let reply = ChangeSummary {
            public_replies: 1,
            ..ChangeSummary::default()
        };
        let by_submitter = recipients(
            &ticket(OnSolution),
            &people(),
            &reply,
            Some(&email("Submitter@CNRS.fr")),
        );
        assert!(!addresses(&by_submitter).contains(&"submitter@cnrs.fr".to_owned()));
        assert_eq!(
            by_submitter.len(),
            all_of(&[REQUESTERS, TEAM, INVOLVED, FOLLOWERS]).len() - 1
        );
        let by_supporter = recipients(&ticket(OnSolution), &people(), &reply, Some(&email("unit-a@kit.edu")));
        assert!(!addresses(&by_supporter).contains(&"unit-a@kit.edu".to_owned()));
    }

    #[test]
    fn a_person_in_several_roles_gets_one_mail_with_every_reason() {
        let mut many = people();
        let assignee = person(21, "unit-a@kit.edu", true);
        many.assignee = Some(assignee.clone());
        many.subscribers.push(assignee);
        let reply = ChangeSummary {
            public_replies: 1,
            ..ChangeSummary::default()
        };
        let sent = recipients(&ticket(OnSolution), &many, &reply, None);
        let once: Vec<&Recipient> = sent.iter().filter(|r| r.email.as_str() == "unit-a@kit.edu").collect();
        assert_eq!(once.len(), 1);
        assert_eq!(
            once[0].reasons,
            vec![Reason::Unit, Reason::Assignee, Reason::Subscriber]
        );
        assert_eq!((once[0].side, once[0].user), (Side::Supporter, Some(UserId(21))));
    }

    #[test]
    fn a_cc_address_of_a_unit_member_is_merged_with_the_member() {
        let mut shared = people();
        shared.cc = vec![email("Unit-A@kit.edu"), email(INVOLVED_REQUESTER)];
        let created = ChangeSummary {
            created: true,
            ..ChangeSummary::default()
        };
        let sent = recipients(&ticket(OnSolution), &shared, &created, None);
        let member = find(&sent, "unit-a@kit.edu");
        assert_eq!(member.reasons, vec![Reason::Cc, Reason::Unit]);
        assert_eq!((member.side, member.user), (Side::Supporter, Some(UserId(21))));
        let requester = find(&sent, INVOLVED_REQUESTER);
        assert_eq!(requester.reasons, vec![Reason::Cc, Reason::InvolvedPerson]);
        assert_eq!(requester.side, Side::Requester);
        assert_eq!(addresses(&sent), all_of(&[&["submitter@cnrs.fr"], TEAM, INVOLVED]));
    }

    #[test]
    fn a_private_ticket_tells_only_supporters_and_the_submitter_among_subscribers() {
        let mut private = ticket(OnSolution);
        private.visibility = Visibility::Private;
        let mut followers = people();
        followers.subscribers.push(person(7, "submitter@cnrs.fr", false));
        let reply = ChangeSummary {
            public_replies: 1,
            ..ChangeSummary::default()
        };
        let sent = recipients(&private, &followers, &reply, None);
        assert!(!addresses(&sent).contains(&"watcher@in2p3.fr".to_owned()));
        assert_eq!(find(&sent, "shifter@kit.edu").reasons, vec![Reason::Subscriber]);
        assert_eq!(
            find(&sent, "submitter@cnrs.fr").reasons,
            vec![Reason::Submitter, Reason::Subscriber]
        );
    }

    #[test]
    fn requesters_never_get_the_supporter_side() {
        let mut roles = people();
        roles.submitter.supporter = true;
        roles.involved_users.push(person(7, "submitter@cnrs.fr", true));
        roles.subscribers.push(person(41, INVOLVED_REQUESTER, false));
        let reply = ChangeSummary {
            public_replies: 1,
            ..ChangeSummary::default()
        };
        let sent = recipients(&ticket(OnSolution), &roles, &reply, None);
        assert_eq!(find(&sent, INVOLVED_REQUESTER).side, Side::Requester);
        assert_eq!(
            find(&sent, "submitter@cnrs.fr").side,
            Side::Supporter,
            "involved as a supporter"
        );
        roles.involved_users.pop();
        let sent = recipients(&ticket(OnSolution), &roles, &reply, None);
        assert_eq!(find(&sent, "submitter@cnrs.fr").side, Side::Requester, "submitter only");
    }

    #[test]
    fn nothing_changed_notifies_no_one() {
        assert!(notified(OnEveryChange, ChangeSummary::default()).is_empty());
    }

    #[test]
    fn recipients_come_sorted_by_address() {
        let reply = ChangeSummary {
            public_replies: 2,
            ..ChangeSummary::default()
        };
        let sent = notified(OnEveryChange, reply);
        let mut sorted = sent.clone();
        sorted.sort();
        assert_eq!(sent, sorted);
    }

    fn reminded(reminder: Reminder) -> Vec<String> {
        let change = ChangeSummary {
            reminder: Some(reminder),
            ..ChangeSummary::default()
        };
        notified(OnEveryChange, change)
    }

    const UNIT: &[&str] = &["assignee@kit.edu", "unit-a@kit.edu", "unit-b@kit.edu"];

    #[test]
    fn a_deadline_reminds_the_unit_and_the_assignee_only() {
        use crate::deadlines::Colour;
        for reminder in [
            Reminder::Colour { colour: Colour::Red },
            Reminder::QosWarning { target_hours: 8 },
            Reminder::QosBreach { target_hours: 8 },
        ] {
            assert_eq!(reminded(reminder), all_of(&[UNIT]), "{reminder:?}");
        }
    }

    #[test]
    fn each_escalation_level_widens_the_audience() {
        use crate::deadlines::EscalationLevel::*;
        let level = |level| reminded(Reminder::Escalated { level });
        assert_eq!(level(Unit), all_of(&[UNIT]));
        assert_eq!(level(FirstLevel), all_of(&[UNIT, &["first-level@kit.edu"]]));
        assert_eq!(
            level(Coordinators),
            all_of(&[UNIT, &["first-level@kit.edu", "coordinator@egi.eu"]])
        );
    }

    #[test]
    fn a_reply_awaited_reminds_the_submitter_and_cc_not_the_unit() {
        use crate::deadlines::WaitingStep;
        let change = ChangeSummary {
            reminder: Some(Reminder::AwaitingReply {
                step: WaitingStep::FirstReminder,
            }),
            ..ChangeSummary::default()
        };
        let sent = recipients(&ticket(OnSolution), &people(), &change, None);
        assert_eq!(addresses(&sent), all_of(&[REQUESTERS]));
        assert!(sent.iter().all(|r| r.side == Side::Requester));
    }

    #[test]
    fn the_submitter_who_escalates_is_not_told_of_it() {
        let change = ChangeSummary {
            reminder: Some(Reminder::Escalated {
                level: crate::deadlines::EscalationLevel::Unit,
            }),
            ..ChangeSummary::default()
        };
        let author = email("unit-a@kit.edu");
        let sent = addresses(&recipients(&ticket(OnSolution), &people(), &change, Some(&author)));
        assert_eq!(sent, ["assignee@kit.edu", "unit-b@kit.edu"]);
    }
}
