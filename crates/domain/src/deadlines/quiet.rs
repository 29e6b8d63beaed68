//! Which open tickets a pass may leave unread: those whose clocks all
//! started so long ago that every timer they have fell before the window.
//!
//! A ticket's reminders come at most [`LONGEST_REMINDER_DELAY`] of working
//! time after the start of their clock, and adding working time is
//! monotonic: a clock that started earlier ends earlier. So once the
//! instant [`quiet_before`] finds is known, a ticket none of whose clocks
//! started at or after it has nothing due after `since`, and the scheduler
//! need not read it. Tickets waiting for their submitter are the
//! exception: the end of their wait is due whenever its time came, window
//! or not, so they are always read (they are few: a wait ends in 15
//! working days).

use chrono::{DateTime, Duration, Utc};

use super::WorkingTime;
use super::colour::thresholds;
use super::qos::response_target;
use crate::priority::Priority;
use crate::reference::QosLevel;

/// The working time after its clock's start by which the last colour or
/// QoS reminder of any ticket has come: the latest of the red thresholds
/// and of the QoS targets, at every priority and level.
pub fn longest_reminder_delay() -> Duration {
    let colours = Priority::ALL.iter().flat_map(|p| thresholds(*p));
    let targets = QosLevel::ALL
        .iter()
        .flat_map(|level| Priority::ALL.iter().map(|p| response_target(*level, *p)));
    colours.chain(targets).max().unwrap_or(Duration::MAX)
}

/// How far back [`quiet_before`] looks: a calendar so sparse that the
/// longest delay does not fit in this much wall-clock time makes every
/// ticket read.
pub const SEARCH_SPAN: Duration = Duration::days(366 * 5);

/// The latest instant (to the minute) such that a clock started before it
/// reached its last colour or QoS reminder by `since` in `time`; none if
/// no instant in the [`SEARCH_SPAN`] before `since` does.
pub fn quiet_before(since: DateTime<Utc>, time: &dyn WorkingTime) -> Option<DateTime<Utc>> {
    let delay = longest_reminder_delay();
    let ends_by_since = |start: DateTime<Utc>| time.add_working(start, delay) <= since;
    let mut quiet = since - SEARCH_SPAN;
    if !ends_by_since(quiet) {
        return None;
    }
    // `quiet` ends by `since`, `loud` does not; halve the gap.
    let mut loud = since;
    while loud - quiet > Duration::minutes(1) {
        let middle = quiet + (loud - quiet) / 2;
        if ends_by_since(middle) {
            quiet = middle;
        } else {
            loud = middle;
        }
    }
    Some(quiet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::WorkingCalendar;
    use crate::deadlines::fake::{EveryHour, OfficeHours, at};
    use crate::deadlines::{Due, TicketClock, Window, timers_due};
    use crate::ids::{TicketId, UnitId};
    use crate::status::Status;

    #[test]
    fn the_longest_delay_is_the_red_of_a_less_urgent_ticket_and_the_base_target() {
        assert_eq!(longest_reminder_delay(), Duration::hours(40));
    }

    #[test]
    fn in_office_hours_a_clock_must_start_a_week_of_work_before() {
        // 40 office hours (8 a day, Monday to Friday) before Monday 07:00.
        let since = at("2025-03-10T07:00:00Z");
        let within_a_minute_before = |quiet: DateTime<Utc>, exact: &str| {
            let exact = at(exact);
            assert!(quiet <= exact && quiet > exact - Duration::minutes(1), "{quiet}");
        };
        within_a_minute_before(quiet_before(since, &OfficeHours).unwrap(), "2025-03-03T07:00:00Z");
        // Every hour counting: 40 hours before.
        within_a_minute_before(quiet_before(since, &EveryHour).unwrap(), "2025-03-08T15:00:00Z");
    }

    #[test]
    fn a_calendar_with_no_working_time_in_reach_makes_every_ticket_read() {
        struct Never;
        impl WorkingTime for Never {
            fn working_between(&self, _: DateTime<Utc>, _: DateTime<Utc>) -> Duration {
                Duration::zero()
            }
            fn add_working(&self, _: DateTime<Utc>, _: Duration) -> DateTime<Utc> {
                DateTime::<Utc>::MAX_UTC
            }
        }
        assert_eq!(quiet_before(at("2025-03-10T07:00:00Z"), &Never), None);
    }

    const NOT_WAITING: [Status; 5] = [
        Status::New,
        Status::Assigned,
        Status::InProgress,
        Status::OnHold,
        Status::Reopened,
    ];

    proptest::proptest! {
        /// A ticket whose clocks all started before the instant has nothing
        /// due in any window after `since`, whatever its status, priority,
        /// level or response, in the French calendar with its holidays.
        #[test]
        fn a_ticket_whose_clocks_started_before_it_has_nothing_due(
            since_minutes in 0i64..(2 * 366 * 24 * 60),
            before in 0i64..(400 * 24 * 60),
            changed_after_assigned in 0i64..(30 * 24 * 60),
            window_minutes in 1i64..(60 * 24 * 60),
            status in proptest::sample::select(NOT_WAITING.to_vec()),
            priority in proptest::sample::select(Priority::ALL.to_vec()),
            level in proptest::sample::select(QosLevel::ALL.to_vec()),
            responded in proptest::bool::ANY,
        ) {
            let calendar = WorkingCalendar::french(2024..=2028);
            let since = at("2025-01-01T00:00:00Z") + Duration::minutes(since_minutes);
            let quiet = quiet_before(since, &calendar).unwrap();
            let latest_start = quiet - Duration::minutes(before) - Duration::seconds(1);
            let assigned_at = latest_start - Duration::minutes(changed_after_assigned);
            let clock = TicketClock {
                ticket: TicketId(1),
                status,
                priority,
                unit: UnitId(2),
                assignee: None,
                created_at: assigned_at,
                assigned_at,
                status_changed_at: latest_start,
                responded_at: responded.then_some(latest_start),
            };
            let window = Window { since: Some(since), now: since + Duration::minutes(window_minutes) };
            let due: Vec<Due> = timers_due(&clock, level, window, &calendar);
            proptest::prop_assert!(due.is_empty(), "{:?} since {} quiet before {}", due, since, quiet);
        }

        /// The instant is the latest one: a clock started a minute and a
        /// half after it still reaches its last reminder after `since`.
        #[test]
        fn the_instant_is_tight_to_the_minute(since_minutes in 0i64..(2 * 366 * 24 * 60)) {
            let calendar = WorkingCalendar::french(2024..=2028);
            let since = at("2025-01-01T00:00:00Z") + Duration::minutes(since_minutes);
            let quiet = quiet_before(since, &calendar).unwrap();
            let later = quiet + Duration::seconds(90);
            proptest::prop_assert!(calendar.add_working(later, longest_reminder_delay()) > since);
        }
    }
}
