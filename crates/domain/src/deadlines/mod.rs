//! The clocks of a ticket, as pure rules: colours, QoS response targets,
//! the submitter's escalation, the reminders of `waiting for reply`, the
//! automatic closure and the pure part of the "needs attention" view.
//!
//! Every rule counts *working* time through [`WorkingTime`], so it does not
//! depend on any particular calendar; the deployment's working-hours
//! calendar implements it. Every rule here fires when its working time is
//! *reached*: a comparison is always `elapsed >= limit`, so the instant a
//! calendar returns from [`WorkingTime::add_working`] is the first instant
//! the rule holds. Nothing here does I/O; the worker, storage and pages
//! apply these rules.

pub mod attention;
pub mod closure;
pub mod colour;
pub mod confirmation;
pub mod escalation;
pub mod qos;
pub mod quiet;
pub mod reminder;
pub mod timers;
pub mod waiting;

#[cfg(test)]
pub(crate) mod fake;

use chrono::{DateTime, Duration, Utc};

pub use attention::{Concern, UNASSIGNED_LIMIT, concern, unassigned_too_long};
pub use closure::{CLOSURE_WORKING_DAYS, closes_at, due_for_closure};
pub use colour::{
    Colour, colour, colour_change_at, colour_clock_start, has_colour, next_colour_change, thresholds, ticket_colour,
};
pub use confirmation::{ConfirmAction, Confirmation, LinkRefusal};
pub use escalation::{
    Audience, ESCALATION_FIELD, ESCALATION_WAIT, EscalationLevel, EscalationRefusal, escalation_reaches,
    next_escalation,
};
pub use qos::{QosState, breach_at, qos_state, response_target, warning_at};
pub use quiet::{longest_reminder_delay, quiet_before};
pub use reminder::Reminder;
pub use timers::{Due, TicketClock, Window, timers_due};
pub use waiting::{WaitingStep, next_waiting_step, waiting_since, waiting_step_at, waiting_steps_due};

/// Working time, as a calendar counts it.
pub trait WorkingTime {
    /// Working time in [from, to); zero if to <= from.
    fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration;
    /// The instant when `duration` of working time has passed since `from`.
    fn add_working(&self, from: DateTime<Utc>, duration: Duration) -> DateTime<Utc>;
}

/// One working day: 8 working hours, the length of a day in the colours
/// calendar (Monday–Friday 07:00–15:00 UTC).
///
/// Targets and delays given in working days (QoS, `waiting for reply`,
/// closure) are converted with it, so "5 working days" is 40 working hours
/// whatever calendar counts them; a calendar with longer days still makes a
/// working day 8 of its hours.
pub const WORKING_DAY: Duration = Duration::hours(8);

/// `days` working days, as working time.
pub const fn working_days(days: i32) -> Duration {
    match WORKING_DAY.checked_mul(days) {
        Some(duration) => duration,
        None => Duration::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_working_day_is_eight_working_hours() {
        assert_eq!(WORKING_DAY, Duration::hours(8));
        assert_eq!(working_days(5), Duration::hours(40));
        assert_eq!(working_days(0), Duration::zero());
    }
}

#[cfg(test)]
mod with_the_calendar {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::calendar::WorkingCalendar;
    use crate::priority::Priority;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    /// A less urgent ticket assigned on Friday at 14:00 UTC turns yellow
    /// after 20 working hours of the colours calendar (07:00–15:00 UTC):
    /// 1 h on Friday, 8 h on Monday, Tuesday, and 3 h on Wednesday.
    #[test]
    fn the_colours_calendar_counts_the_thresholds() {
        let calendar = WorkingCalendar::colours();
        let friday = at("2026-12-04T14:00:00Z");
        let yellow = calendar.add_working(friday, thresholds(Priority::LessUrgent)[0]);
        assert_eq!(yellow, at("2026-12-09T10:00:00Z"));
        let elapsed = WorkingTime::working_between(&calendar, friday, yellow);
        assert_eq!(colour(Priority::LessUrgent, elapsed), Colour::Yellow);
        assert_eq!(
            closes_at(friday, &calendar),
            at("2026-12-18T14:00:00Z"),
            "10 working days later"
        );
    }
}
