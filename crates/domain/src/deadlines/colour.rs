//! Colours: how long a ticket has been waiting for its unit, green →
//! yellow → amber → red, in working hours since assignment or since the
//! last status change.

use chrono::{DateTime, Duration, Utc};

use super::WorkingTime;
use crate::label::{Labelled, labelled_enum};
use crate::priority::Priority;
use crate::status::Status;
use crate::ticket::Ticket;

labelled_enum! {
    /// How long a ticket has been waiting for its unit, freshest first.
    Colour, field = "colour" {
        /// Below the first threshold.
        Green => "green",
        /// The first threshold is reached.
        Yellow => "yellow",
        /// The second threshold is reached.
        Amber => "amber",
        /// The third threshold is reached.
        Red => "red",
    }
}

impl Colour {
    /// The colour that follows this one; none after red.
    pub fn next(self) -> Option<Colour> {
        Colour::at_position(self.position() + 1)
    }
}

/// The working time at which a ticket of `priority` turns yellow, amber and
/// red, in that order (domain.md: 20/30/40 h for less urgent and urgent,
/// 16/24/32 h for very urgent, 12/18/24 h for top priority).
pub const fn thresholds(priority: Priority) -> [Duration; 3] {
    match priority {
        Priority::LessUrgent | Priority::Urgent => hours([20, 30, 40]),
        Priority::VeryUrgent => hours([16, 24, 32]),
        Priority::TopPriority => hours([12, 18, 24]),
    }
}

const fn hours([yellow, amber, red]: [i64; 3]) -> [Duration; 3] {
    [Duration::hours(yellow), Duration::hours(amber), Duration::hours(red)]
}

/// The colour of a ticket of `priority` after `working_elapsed` of working
/// time on its colour clock.
///
/// A threshold counts as soon as it is reached (`>=`): at exactly 20
/// working hours a less urgent ticket is yellow, one second before it is
/// still green.
pub fn colour(priority: Priority, working_elapsed: Duration) -> Colour {
    let reached = thresholds(priority)
        .iter()
        .filter(|&&threshold| working_elapsed >= threshold)
        .count();
    Colour::at_position(reached).unwrap_or(Colour::Red)
}

/// When the ticket's colour clock started: the later of `assigned_at` and
/// `status_changed_at`.
///
/// The colour counts from the assignment to the current unit, and resets to
/// green whenever the status changes. The ticket records only when its
/// status last changed, not who changed it, so every status change resets
/// the clock, the automatic return to `in progress` on the submitter's
/// reply included: from then on the unit has a fresh question to answer.
pub fn colour_clock_start(ticket: &Ticket) -> DateTime<Utc> {
    ticket.assigned_at.max(ticket.status_changed_at)
}

/// Whether tickets in `status` have a colour: those awaiting their unit
/// (`new`, `assigned`, `in progress`, `reopened`).
///
/// Terminal statuses have none. Neither have `waiting for reply`, where the
/// submitter owes the answer and the reminders of
/// [`super::waiting`] run instead, nor `on hold`, where the ticket waits
/// for something external (a patch, a release, its child tickets) that
/// the unit cannot hurry. When such a ticket comes back, its status change
/// restarts the colour clock, so it comes back green.
pub fn has_colour(status: Status) -> bool {
    matches!(
        status,
        Status::New | Status::Assigned | Status::InProgress | Status::Reopened
    )
}

/// The ticket's colour at `now`, or none if its status has no colour
/// ([`has_colour`]).
pub fn ticket_colour(ticket: &Ticket, now: DateTime<Utc>, time: &dyn WorkingTime) -> Option<Colour> {
    has_colour(ticket.status).then(|| colour(ticket.priority, time.working_between(colour_clock_start(ticket), now)))
}

/// The instant the ticket turns `colour` (its clock start for green), if
/// its status has a colour and nothing changes meanwhile.
pub fn colour_change_at(ticket: &Ticket, colour: Colour, time: &dyn WorkingTime) -> Option<DateTime<Utc>> {
    if !has_colour(ticket.status) {
        return None;
    }
    let start = colour_clock_start(ticket);
    match colour.position().checked_sub(1) {
        None => Some(start),
        Some(threshold) => thresholds(ticket.priority)
            .get(threshold)
            .map(|&elapsed| time.add_working(start, elapsed)),
    }
}

/// When the ticket's colour next changes after `now`, for the unit's
/// reminder at each colour change; none once red or if its status has no
/// colour. A status change or a new assignment moves it: ask again then.
pub fn next_colour_change(ticket: &Ticket, now: DateTime<Utc>, time: &dyn WorkingTime) -> Option<DateTime<Utc>> {
    let next = ticket_colour(ticket, now, time)?.next()?;
    colour_change_at(ticket, next, time)
}

#[cfg(test)]
mod tests {
    use super::Colour::*;
    use super::*;
    use crate::deadlines::fake::{EveryHour, OfficeHours, at};
    use crate::ticket::tests::sample_ticket;
    use proptest::prelude::*;

    fn ticket(priority: Priority, status: Status, assigned_at: &str, status_changed_at: &str) -> Ticket {
        Ticket {
            priority,
            status,
            assigned_at: at(assigned_at),
            status_changed_at: at(status_changed_at),
            ..sample_ticket()
        }
    }

    /// A less urgent ticket assigned on Monday 2025-03-03 at 07:00.
    fn monday_ticket() -> Ticket {
        ticket(
            Priority::LessUrgent,
            Status::Assigned,
            "2025-03-03T07:00:00Z",
            "2025-03-03T07:00:00Z",
        )
    }

    #[test]
    fn thresholds_follow_the_priority() {
        let h = Duration::hours;
        assert_eq!(thresholds(Priority::LessUrgent), [h(20), h(30), h(40)]);
        assert_eq!(thresholds(Priority::Urgent), [h(20), h(30), h(40)]);
        assert_eq!(thresholds(Priority::VeryUrgent), [h(16), h(24), h(32)]);
        assert_eq!(thresholds(Priority::TopPriority), [h(12), h(18), h(24)]);
    }

    #[test]
    fn a_threshold_counts_from_the_instant_it_is_reached() {
        let second = Duration::seconds(1);
        for &priority in Priority::ALL {
            assert_eq!(colour(priority, Duration::zero()), Green);
            for (i, &threshold) in thresholds(priority).iter().enumerate() {
                let before = Colour::ALL[i];
                let after = Colour::ALL[i + 1];
                assert_eq!(
                    colour(priority, threshold - second),
                    before,
                    "{priority} just before {i}"
                );
                assert_eq!(colour(priority, threshold), after, "{priority} exactly at {i}");
                assert_eq!(colour(priority, threshold + second), after, "{priority} just after {i}");
            }
            assert_eq!(colour(priority, Duration::weeks(10)), Red);
        }
        assert_eq!(colour(Priority::LessUrgent, Duration::hours(20)), Yellow);
    }

    #[test]
    fn colours_have_their_labels() {
        assert_eq!(Colour::LABELS, ["green", "yellow", "amber", "red"]);
        assert_eq!(serde_json::to_string(&Amber).unwrap(), "\"amber\"");
        assert_eq!(Green.next(), Some(Yellow));
        assert_eq!(Red.next(), None);
    }

    #[test]
    fn the_clock_starts_at_the_later_of_assignment_and_status_change() {
        let t = ticket(
            Priority::Urgent,
            Status::InProgress,
            "2025-03-03T07:00:00Z",
            "2025-03-04T09:00:00Z",
        );
        assert_eq!(colour_clock_start(&t), at("2025-03-04T09:00:00Z"));
        let t = ticket(
            Priority::Urgent,
            Status::Assigned,
            "2025-03-05T10:00:00Z",
            "2025-03-04T09:00:00Z",
        );
        assert_eq!(colour_clock_start(&t), at("2025-03-05T10:00:00Z"), "reassigned");
    }

    #[test]
    fn colours_count_working_hours_only() {
        let t = monday_ticket();
        // Monday and Tuesday are 16 working hours; Wednesday 11:00 makes 20.
        assert_eq!(ticket_colour(&t, at("2025-03-05T10:59:59Z"), &OfficeHours), Some(Green));
        assert_eq!(
            ticket_colour(&t, at("2025-03-05T11:00:00Z"), &OfficeHours),
            Some(Yellow)
        );
        assert_eq!(ticket_colour(&t, at("2025-03-08T12:00:00Z"), &OfficeHours), Some(Red));
        assert_eq!(ticket_colour(&t, at("2025-03-05T11:00:00Z"), &EveryHour), Some(Red));
    }

    #[test]
    fn a_status_change_resets_the_colour() {
        let mut t = monday_ticket();
        let now = at("2025-03-07T12:00:00Z");
        assert_eq!(ticket_colour(&t, now, &OfficeHours), Some(Amber));
        t.status = Status::InProgress;
        t.status_changed_at = at("2025-03-07T11:00:00Z");
        assert_eq!(ticket_colour(&t, now, &OfficeHours), Some(Green));
    }

    #[test]
    fn only_tickets_awaiting_their_unit_have_a_colour() {
        let now = at("2025-03-20T12:00:00Z");
        for &status in Status::ALL {
            let t = Ticket {
                status,
                ..monday_ticket()
            };
            let expected = matches!(
                status,
                Status::New | Status::Assigned | Status::InProgress | Status::Reopened
            );
            assert_eq!(ticket_colour(&t, now, &OfficeHours).is_some(), expected, "{status}");
            assert_eq!(
                next_colour_change(&t, at("2025-03-03T07:00:00Z"), &OfficeHours).is_some(),
                expected
            );
        }
    }

    #[test]
    fn the_next_change_is_the_next_threshold() {
        let t = monday_ticket();
        let time = &OfficeHours;
        let yellow = at("2025-03-05T11:00:00Z");
        let amber = at("2025-03-06T13:00:00Z");
        let red = at("2025-03-07T15:00:00Z");
        assert_eq!(next_colour_change(&t, at("2025-03-03T07:00:00Z"), time), Some(yellow));
        assert_eq!(next_colour_change(&t, at("2025-03-05T10:59:59Z"), time), Some(yellow));
        assert_eq!(next_colour_change(&t, yellow, time), Some(amber), "yellow from then on");
        assert_eq!(next_colour_change(&t, at("2025-03-07T14:59:59Z"), time), Some(red));
        assert_eq!(next_colour_change(&t, red, time), None, "red is the last colour");
        assert_eq!(colour_change_at(&t, Green, time), Some(at("2025-03-03T07:00:00Z")));
        assert_eq!(colour_change_at(&t, Red, time), Some(red));
    }

    fn any_priority() -> impl Strategy<Value = Priority> {
        prop::sample::select(Priority::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn colour_never_goes_back_as_time_passes(
            priority in any_priority(),
            a in 0i64..200 * 3600,
            b in 0i64..200 * 3600,
        ) {
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(colour(priority, Duration::seconds(early)) <= colour(priority, Duration::seconds(late)));
        }

        #[test]
        fn the_next_change_brings_the_next_colour(
            priority in any_priority(),
            start in 0i64..14 * 24,
            after in 0i64..400 * 60,
        ) {
            let assigned = at("2025-03-01T00:00:00Z") + Duration::hours(start);
            let t = Ticket { priority, assigned_at: assigned, status_changed_at: assigned, ..monday_ticket() };
            let now = assigned + Duration::minutes(after);
            let current = ticket_colour(&t, now, &OfficeHours).unwrap();
            match next_colour_change(&t, now, &OfficeHours) {
                None => prop_assert_eq!(current, Red),
                Some(change) => {
                    prop_assert!(change > now);
                    prop_assert_eq!(ticket_colour(&t, change, &OfficeHours), current.next());
                    let just_before = change - Duration::seconds(1);
                    prop_assert_eq!(ticket_colour(&t, just_before, &OfficeHours), Some(current));
                }
            }
        }
    }
}
