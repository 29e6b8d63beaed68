//! The scheduler's rule: which of an open ticket's timers fell due in a
//! window of time, from the few facts the scheduler reads of it.
//!
//! Each pass of the scheduler looks at the window since the end of the
//! last one, `(since, now]`. A reminder whose instant falls in it is due;
//! one that fell before it was the business of an earlier pass. When
//! several instants of one clock fall in the window (a worker that was
//! down), only the latest is told: the unit hears "red", not "yellow,
//! amber, red" at once. Giving up on a reply is a change of status, not a
//! message, so it is due whenever its time has come, window or not.

use chrono::{DateTime, Utc};

use super::colour::{Colour, has_colour, thresholds};
use super::qos::{response_target, warning_delay};
use super::reminder::Reminder;
use super::waiting::WaitingStep;
use super::{WorkingTime, working_days};
use crate::ids::{TicketId, UnitId, UserId};
use crate::priority::Priority;
use crate::reference::QosLevel;
use crate::status::Status;

/// What the scheduler knows of one open ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketClock {
    /// The ticket.
    pub ticket: TicketId,
    /// Its status.
    pub status: Status,
    /// Its priority.
    pub priority: Priority,
    /// The responsible unit.
    pub unit: UnitId,
    /// The assigned person, if any.
    pub assignee: Option<UserId>,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// When the current unit got it.
    pub assigned_at: DateTime<Utc>,
    /// When its status last changed.
    pub status_changed_at: DateTime<Utc>,
    /// The unit's first response since `assigned_at` (its first public
    /// reply, solution or status change), if it came.
    pub responded_at: Option<DateTime<Utc>>,
}

impl TicketClock {
    /// When the colour clock started: the later of the assignment and the
    /// last status change (see [`super::colour_clock_start`]).
    pub fn colour_clock_start(&self) -> DateTime<Utc> {
        self.assigned_at.max(self.status_changed_at)
    }
}

/// A timer that fell due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Tell the reminder's people, once for the clock started at `clock_start`.
    Remind {
        /// What they hear.
        reminder: Reminder,
        /// When its clock started (part of its mark).
        clock_start: DateTime<Utc>,
        /// The instant it fell due.
        at: DateTime<Utc>,
    },
    /// The ticket waited 15 working days for its submitter: it becomes
    /// `unsolved`, `no reply`.
    GiveUp {
        /// The instant it fell due.
        at: DateTime<Utc>,
    },
}

/// The window a pass covers: after `since` (none: from the beginning of
/// time), up to and including `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The end of the last pass, excluded.
    pub since: Option<DateTime<Utc>>,
    /// This pass's time, included.
    pub now: DateTime<Utc>,
}

impl Window {
    /// Whether `at` falls in the window.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        at <= self.now && self.since.is_none_or(|since| at > since)
    }
}

/// The timers of `clock` due in `window`, for a unit of `level`, counted
/// in `time`: the latest colour reached, the QoS warning or breach (if the
/// unit has not responded), the latest reminder of a reply awaited, and
/// the end of the wait.
pub fn timers_due(clock: &TicketClock, level: QosLevel, window: Window, time: &dyn WorkingTime) -> Vec<Due> {
    let mut due = Vec::new();
    due.extend(colour_due(clock, window, time));
    due.extend(qos_due(clock, level, window, time));
    due.extend(waiting_due(clock, window, time));
    due
}

/// The latest colour the ticket reached in the window.
fn colour_due(clock: &TicketClock, window: Window, time: &dyn WorkingTime) -> Option<Due> {
    if !has_colour(clock.status) {
        return None;
    }
    let start = clock.colour_clock_start();
    let colours = [Colour::Yellow, Colour::Amber, Colour::Red];
    latest_in(window, colours.into_iter().zip(thresholds(clock.priority)), |elapsed| {
        time.add_working(start, elapsed)
    })
    .map(|(colour, at)| Due::Remind {
        reminder: Reminder::Colour { colour },
        clock_start: start,
        at,
    })
}

/// The QoS warning or breach that fell in the window, the later one if
/// both did, while the unit owes its first response.
fn qos_due(clock: &TicketClock, level: QosLevel, window: Window, time: &dyn WorkingTime) -> Option<Due> {
    if clock.responded_at.is_some() || !clock.status.is_open() || clock.status == Status::WaitingForReply {
        return None;
    }
    let target = response_target(level, clock.priority);
    let target_hours = target.num_hours();
    let steps = [
        (Reminder::QosWarning { target_hours }, warning_delay(target)),
        (Reminder::QosBreach { target_hours }, target),
    ];
    latest_in(window, steps.into_iter(), |delay| {
        time.add_working(clock.assigned_at, delay)
    })
    .map(|(reminder, at)| Due::Remind {
        reminder,
        clock_start: clock.assigned_at,
        at,
    })
}

/// The latest reminder of a reply awaited in the window, and the end of
/// the wait once its time has come.
fn waiting_due(clock: &TicketClock, window: Window, time: &dyn WorkingTime) -> Vec<Due> {
    if clock.status != Status::WaitingForReply {
        return Vec::new();
    }
    let since = clock.status_changed_at;
    let steps = [WaitingStep::FirstReminder, WaitingStep::SecondReminder];
    let reminders = steps.into_iter().map(|step| (step, step.delay()));
    let mut due: Vec<Due> = latest_in(window, reminders, |delay| time.add_working(since, delay))
        .map(|(step, at)| Due::Remind {
            reminder: Reminder::AwaitingReply { step },
            clock_start: since,
            at,
        })
        .into_iter()
        .collect();
    let give_up = time.add_working(since, working_days(WaitingStep::GiveUp.working_days()));
    if give_up <= window.now {
        due.push(Due::GiveUp { at: give_up });
    }
    due
}

/// Of `steps` (a value and the working time after which it comes, in
/// order), the last whose instant falls in the window, with that instant.
///
/// The steps are tried from the last: once one falls before the window,
/// the earlier ones do too, so an old ticket costs one instant per clock.
fn latest_in<T>(
    window: Window,
    steps: impl DoubleEndedIterator<Item = (T, chrono::Duration)>,
    instant: impl Fn(chrono::Duration) -> DateTime<Utc>,
) -> Option<(T, DateTime<Utc>)> {
    for (value, delay) in steps.rev() {
        let at = instant(delay);
        if window.contains(at) {
            return Some((value, at));
        }
        if at <= window.now {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::fake::{OfficeHours, at, clock};

    fn window(since: Option<&str>, now: &str) -> Window {
        Window {
            since: since.map(at),
            now: at(now),
        }
    }

    fn reminders(due: &[Due]) -> Vec<Reminder> {
        due.iter()
            .filter_map(|d| match d {
                Due::Remind { reminder, .. } => Some(*reminder),
                Due::GiveUp { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_colour_is_due_in_the_pass_whose_window_holds_its_instant() {
        // Office hours are 8 h a day: yellow after 20 h is Wednesday 11:00.
        let ticket = clock(Status::Assigned);
        let before = timers_due(
            &ticket,
            QosLevel::Base,
            window(None, "2025-03-05T10:59:59Z"),
            &OfficeHours,
        );
        assert!(reminders(&before).is_empty());
        let pass = window(Some("2025-03-05T10:55:00Z"), "2025-03-05T11:00:00Z");
        let due = timers_due(&ticket, QosLevel::Base, pass, &OfficeHours);
        assert_eq!(
            due,
            [Due::Remind {
                reminder: Reminder::Colour { colour: Colour::Yellow },
                clock_start: ticket.assigned_at,
                at: at("2025-03-05T11:00:00Z"),
            }]
        );
        let next = window(Some("2025-03-05T11:00:00Z"), "2025-03-05T11:05:00Z");
        assert!(
            timers_due(&ticket, QosLevel::Base, next, &OfficeHours).is_empty(),
            "told once"
        );
    }

    #[test]
    fn a_worker_that_was_down_tells_only_the_latest_colour() {
        let mut ticket = clock(Status::InProgress);
        ticket.responded_at = Some(ticket.assigned_at);
        let due = timers_due(
            &ticket,
            QosLevel::Base,
            window(None, "2025-03-20T12:00:00Z"),
            &OfficeHours,
        );
        assert_eq!(reminders(&due), [Reminder::Colour { colour: Colour::Red }]);
    }

    #[test]
    fn a_status_change_restarts_the_colour_clock() {
        let mut ticket = clock(Status::InProgress);
        ticket.status_changed_at = at("2025-03-05T10:00:00Z");
        ticket.responded_at = Some(ticket.status_changed_at);
        let pass = window(Some("2025-03-05T10:55:00Z"), "2025-03-05T11:00:00Z");
        assert!(timers_due(&ticket, QosLevel::Base, pass, &OfficeHours).is_empty());
    }

    #[test]
    fn qos_warns_at_three_quarters_and_records_the_breach_unless_the_unit_responded() {
        // Medium, very urgent: 8 h target, warned after 6 h (13:00), breached at 15:00.
        let mut ticket = clock(Status::Assigned);
        ticket.priority = Priority::VeryUrgent;
        let warn = window(Some("2025-03-03T12:59:00Z"), "2025-03-03T13:00:00Z");
        assert_eq!(
            reminders(&timers_due(&ticket, QosLevel::Medium, warn, &OfficeHours)),
            [Reminder::QosWarning { target_hours: 8 }]
        );
        let breach = window(Some("2025-03-03T14:59:00Z"), "2025-03-03T15:00:00Z");
        assert_eq!(
            reminders(&timers_due(&ticket, QosLevel::Medium, breach, &OfficeHours)),
            [Reminder::QosBreach { target_hours: 8 }]
        );
        ticket.responded_at = Some(at("2025-03-03T08:00:00Z"));
        assert!(reminders(&timers_due(&ticket, QosLevel::Medium, breach, &OfficeHours)).is_empty());
    }

    #[test]
    fn a_reply_awaited_is_reminded_at_five_and_ten_days_and_given_up_at_fifteen() {
        let ticket = clock(Status::WaitingForReply);
        // Office hours end at 15:00: five working days end on Friday.
        let first = window(Some("2025-03-07T14:55:00Z"), "2025-03-07T15:00:00Z");
        assert_eq!(
            timers_due(&ticket, QosLevel::Base, first, &OfficeHours),
            [Due::Remind {
                reminder: Reminder::AwaitingReply {
                    step: WaitingStep::FirstReminder
                },
                clock_start: ticket.status_changed_at,
                at: at("2025-03-07T15:00:00Z"),
            }]
        );
        let second = window(Some("2025-03-14T14:00:00Z"), "2025-03-17T07:00:00Z");
        assert_eq!(
            reminders(&timers_due(&ticket, QosLevel::Base, second, &OfficeHours)),
            [Reminder::AwaitingReply {
                step: WaitingStep::SecondReminder
            }]
        );
        let before_end = window(Some("2025-03-21T14:00:00Z"), "2025-03-21T14:59:59Z");
        assert!(timers_due(&ticket, QosLevel::Base, before_end, &OfficeHours).is_empty());
        let end = window(Some("2025-03-21T14:59:59Z"), "2025-03-21T15:00:00Z");
        assert_eq!(
            timers_due(&ticket, QosLevel::Base, end, &OfficeHours),
            [Due::GiveUp {
                at: at("2025-03-21T15:00:00Z")
            }]
        );
        let late = window(Some("2025-04-01T07:00:00Z"), "2025-04-01T08:00:00Z");
        assert!(
            matches!(
                timers_due(&ticket, QosLevel::Base, late, &OfficeHours)[..],
                [Due::GiveUp { .. }]
            ),
            "giving up is due until done, window or not"
        );
    }

    #[test]
    fn a_ticket_waiting_for_its_submitter_has_no_colour_and_no_qos_clock() {
        let ticket = clock(Status::WaitingForReply);
        let due = timers_due(
            &ticket,
            QosLevel::Advanced,
            window(None, "2025-03-07T14:00:00Z"),
            &OfficeHours,
        );
        assert!(reminders(&due).is_empty(), "{due:?}");
    }

    proptest::proptest! {
        /// However the passes cut the time, each reminder is told at most
        /// once, and the colour reached at the end is told exactly once.
        #[test]
        fn consecutive_passes_tell_each_reminder_once(cuts in proptest::collection::vec(1i64..200_000, 1..40)) {
            let ticket = clock(Status::Assigned);
            let mut since = None;
            let mut now = ticket.assigned_at;
            let mut told = Vec::new();
            for cut in cuts {
                now += chrono::Duration::seconds(cut * 7);
                told.extend(reminders(&timers_due(&ticket, QosLevel::Base, Window { since, now }, &OfficeHours)));
                since = Some(now);
            }
            for reminder in &told {
                proptest::prop_assert_eq!(told.iter().filter(|r| *r == reminder).count(), 1, "{:?}", told);
            }
            let elapsed = OfficeHours.working_between(ticket.assigned_at, now);
            let colour = crate::deadlines::colour(ticket.priority, elapsed);
            if colour != Colour::Green {
                proptest::prop_assert!(told.contains(&Reminder::Colour { colour }), "{:?} {:?}", colour, told);
            }
        }
    }
}
