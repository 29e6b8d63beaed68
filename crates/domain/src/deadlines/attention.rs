//! The pure part of the "needs attention" view, for first-level support
//! and the coordinators: red tickets, tickets nobody has taken, units past
//! 75 % of their QoS target, and tickets still waiting for a reply after
//! their first reminder.

use chrono::{DateTime, Duration, Utc};

use super::WorkingTime;
use super::colour::{Colour, colour, has_colour};
use super::qos::{QosState, qos_state};
use super::timers::TicketClock;
use super::waiting::WaitingStep;
use crate::ids::UserId;
use crate::reference::QosLevel;
use crate::status::Status;

/// How long an open ticket may stay without an assigned person before it
/// needs attention: half a working day.
pub const UNASSIGNED_LIMIT: Duration = Duration::hours(4);

/// Why one open ticket needs attention at a given time (nothing, mostly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concern {
    /// It is red.
    pub red: bool,
    /// It awaits its unit, with nobody assigned, for [`UNASSIGNED_LIMIT`] or more.
    pub unassigned: bool,
    /// Where its unit stands against its QoS response target.
    pub qos: QosState,
    /// The last reminder of a reply awaited it has passed, if any.
    pub waiting: Option<WaitingStep>,
}

impl Concern {
    /// Whether anything about the ticket needs attention.
    pub fn any(&self) -> bool {
        self.red || self.unassigned || self.qos != QosState::Within || self.waiting.is_some()
    }
}

/// What about `clock` needs attention at `now`, for a unit of `level`,
/// counted in `time`.
pub fn concern(clock: &TicketClock, level: QosLevel, now: DateTime<Utc>, time: &dyn WorkingTime) -> Concern {
    let awaits_unit = has_colour(clock.status);
    let elapsed = || time.working_between(clock.colour_clock_start(), now);
    let waiting = (clock.status == Status::WaitingForReply)
        .then(|| time.working_between(clock.status_changed_at, now))
        .and_then(|waited| WaitingStep::ALL.iter().copied().rfind(|s| waited >= s.delay()));
    Concern {
        red: awaits_unit && colour(clock.priority, elapsed()) == Colour::Red,
        unassigned: awaits_unit && unassigned_too_long(clock.created_at, clock.assignee, now, UNASSIGNED_LIMIT, time),
        qos: if awaits_unit {
            let responded = clock.responded_at.is_some_and(|at| at <= now);
            qos_state(level, clock.priority, clock.assigned_at, responded, now, time)
        } else {
            QosState::Within
        },
        waiting,
    }
}

/// Whether a ticket created at `created_at` and still without an assigned
/// person has been so for `limit` of working time or more at `now`.
pub fn unassigned_too_long(
    created_at: DateTime<Utc>,
    assignee: Option<UserId>,
    now: DateTime<Utc>,
    limit: Duration,
    time: &dyn WorkingTime,
) -> bool {
    assignee.is_none() && time.working_between(created_at, now) >= limit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::fake::{OfficeHours, at, clock};

    #[test]
    fn a_fresh_ticket_needs_nothing_and_an_old_one_everything_at_once() {
        let fresh = concern(
            &clock(Status::New),
            QosLevel::Base,
            at("2025-03-03T10:00:00Z"),
            &OfficeHours,
        );
        assert!(!fresh.any(), "{fresh:?}");
        let soon = concern(
            &clock(Status::New),
            QosLevel::Base,
            at("2025-03-03T11:00:00Z"),
            &OfficeHours,
        );
        assert!(soon.unassigned && !soon.red, "4 working hours unassigned");
        let old = concern(
            &clock(Status::New),
            QosLevel::Base,
            at("2025-03-10T07:00:00Z"),
            &OfficeHours,
        );
        assert_eq!(
            old,
            Concern {
                red: true,
                unassigned: true,
                qos: QosState::Breached,
                waiting: None
            }
        );
    }

    #[test]
    fn a_unit_that_responded_is_within_its_target_and_a_taken_ticket_is_not_unassigned() {
        let mut taken = clock(Status::InProgress);
        taken.assignee = Some(UserId(5));
        taken.responded_at = Some(at("2025-03-03T08:00:00Z"));
        let state = concern(&taken, QosLevel::Base, at("2025-03-06T14:00:00Z"), &OfficeHours);
        assert_eq!(state.qos, QosState::Within);
        assert!(!state.unassigned && !state.red);
    }

    #[test]
    fn a_ticket_waiting_for_a_reply_is_listed_once_its_first_reminder_passed() {
        let waiting = clock(Status::WaitingForReply);
        let before = concern(&waiting, QosLevel::Base, at("2025-03-07T14:59:00Z"), &OfficeHours);
        assert_eq!(before.waiting, None);
        assert!(
            !before.any(),
            "no colour, no QoS clock while the submitter owes the answer"
        );
        let after = concern(&waiting, QosLevel::Base, at("2025-03-14T15:00:00Z"), &OfficeHours);
        assert_eq!(after.waiting, Some(WaitingStep::SecondReminder));
    }

    #[test]
    fn an_unassigned_ticket_needs_attention_once_the_limit_is_reached() {
        // Created on Friday 14:00; 4 working hours end on Monday 10:00.
        let created = at("2025-03-07T14:00:00Z");
        let limit = Duration::hours(4);
        let check = |assignee, now| unassigned_too_long(created, assignee, at(now), limit, &OfficeHours);
        assert!(!check(None, "2025-03-09T23:00:00Z"), "the weekend does not count");
        assert!(!check(None, "2025-03-10T09:59:59Z"));
        assert!(check(None, "2025-03-10T10:00:00Z"));
        assert!(!check(Some(UserId(3)), "2025-03-20T10:00:00Z"), "someone has it");
    }
}
