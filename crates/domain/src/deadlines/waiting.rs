//! `waiting for reply`: the submitter is reminded after 5 and after 10
//! working days, and after 15 the ticket becomes `unsolved` with the
//! qualifier `no reply`.

use chrono::{DateTime, Duration, Utc};

use super::{WorkingTime, working_days};
use crate::label::labelled_enum;
use crate::status::Status;
use crate::ticket::Ticket;

labelled_enum! {
    /// What happens to a ticket left waiting for its submitter, in order.
    WaitingStep, field = "waiting_step" {
        /// After 5 working days: the submitter is reminded.
        FirstReminder => "first reminder",
        /// After 10 working days: the submitter is reminded again.
        SecondReminder => "second reminder",
        /// After 15 working days: the ticket becomes `unsolved` (`no reply`).
        GiveUp => "give up",
    }
}

impl WaitingStep {
    /// The working days after which this step comes: 5, 10, 15.
    pub const fn working_days(self) -> i32 {
        match self {
            WaitingStep::FirstReminder => 5,
            WaitingStep::SecondReminder => 10,
            WaitingStep::GiveUp => 15,
        }
    }

    /// The working time after which this step comes.
    pub const fn delay(self) -> Duration {
        working_days(self.working_days())
    }
}

/// Since when the ticket waits for its submitter: its last status change,
/// if its status is `waiting for reply`.
pub fn waiting_since(ticket: &Ticket) -> Option<DateTime<Utc>> {
    (ticket.status == Status::WaitingForReply).then_some(ticket.status_changed_at)
}

/// The instant `step` comes for a ticket waiting since `waiting_since`.
pub fn waiting_step_at(step: WaitingStep, waiting_since: DateTime<Utc>, time: &dyn WorkingTime) -> DateTime<Utc> {
    time.add_working(waiting_since, step.delay())
}

/// The steps whose time has come by `now` (once reached, `>=`) and that are
/// not in `already_done`, in order.
///
/// A worker that was down catches up: after 12 working days both
/// reminders come at once, and after 15 all three do. The caller records
/// each step it takes, so a step is never returned again.
pub fn waiting_steps_due(
    waiting_since: DateTime<Utc>,
    already_done: &[WaitingStep],
    now: DateTime<Utc>,
    time: &dyn WorkingTime,
) -> Vec<WaitingStep> {
    let elapsed = time.working_between(waiting_since, now);
    WaitingStep::ALL
        .iter()
        .copied()
        .filter(|step| !already_done.contains(step) && elapsed >= step.delay())
        .collect()
}

/// The first step not yet done and the instant it comes, for the
/// scheduler; none once every step is done.
pub fn next_waiting_step(
    waiting_since: DateTime<Utc>,
    already_done: &[WaitingStep],
    time: &dyn WorkingTime,
) -> Option<(WaitingStep, DateTime<Utc>)> {
    let step = WaitingStep::ALL
        .iter()
        .copied()
        .find(|step| !already_done.contains(step))?;
    Some((step, waiting_step_at(step, waiting_since, time)))
}

#[cfg(test)]
mod tests {
    use super::WaitingStep::*;
    use super::*;
    use crate::deadlines::fake::{EveryHour, OfficeHours, at};
    use crate::ticket::tests::sample_ticket;
    use proptest::prelude::*;

    /// Waiting since Monday 2025-03-03 at 07:00: 5 working days end on
    /// Friday 15:00, 10 on the next Friday, 15 on the one after.
    const SINCE: &str = "2025-03-03T07:00:00Z";

    fn due(done: &[WaitingStep], now: &str) -> Vec<WaitingStep> {
        waiting_steps_due(at(SINCE), done, at(now), &OfficeHours)
    }

    #[test]
    fn steps_come_after_5_10_and_15_working_days() {
        let since = at(SINCE);
        assert_eq!(
            waiting_step_at(FirstReminder, since, &OfficeHours),
            at("2025-03-07T15:00:00Z")
        );
        assert_eq!(
            waiting_step_at(SecondReminder, since, &OfficeHours),
            at("2025-03-14T15:00:00Z")
        );
        assert_eq!(waiting_step_at(GiveUp, since, &OfficeHours), at("2025-03-21T15:00:00Z"));
        assert_eq!(waiting_step_at(GiveUp, since, &EveryHour), since + Duration::hours(120));
        assert_eq!(due(&[], "2025-03-07T14:59:59Z"), []);
        assert_eq!(due(&[], "2025-03-07T15:00:00Z"), [FirstReminder]);
        assert_eq!(due(&[FirstReminder], "2025-03-14T14:59:59Z"), []);
        assert_eq!(due(&[FirstReminder], "2025-03-14T15:00:00Z"), [SecondReminder]);
        assert_eq!(due(&[FirstReminder, SecondReminder], "2025-03-21T15:00:00Z"), [GiveUp]);
    }

    #[test]
    fn done_steps_are_never_returned_again() {
        let now = "2025-03-10T08:00:00Z";
        assert_eq!(due(&[], now), [FirstReminder]);
        assert_eq!(due(&[FirstReminder], now), [], "a second pass sends nothing");
        assert_eq!(
            due(&[FirstReminder, SecondReminder, GiveUp], "2025-06-01T08:00:00Z"),
            []
        );
    }

    #[test]
    fn a_worker_that_was_down_catches_up() {
        // Down from the start until 12 working days had passed (Wednesday 2025-03-19, 07:00 + 16 h).
        let twelve_days = waiting_steps_due(
            at(SINCE),
            &[],
            OfficeHours.add_working(at(SINCE), working_days(12)),
            &OfficeHours,
        );
        assert_eq!(twelve_days, [FirstReminder, SecondReminder], "both reminders at once");
        assert_eq!(due(&twelve_days, "2025-03-21T14:59:59Z"), []);
        assert_eq!(due(&twelve_days, "2025-03-21T15:00:00Z"), [GiveUp]);
        assert_eq!(
            due(&[], "2025-04-30T08:00:00Z"),
            WaitingStep::ALL,
            "all three, in order"
        );
    }

    #[test]
    fn the_next_step_is_the_first_not_done() {
        let since = at(SINCE);
        assert_eq!(
            next_waiting_step(since, &[], &OfficeHours),
            Some((FirstReminder, at("2025-03-07T15:00:00Z")))
        );
        assert_eq!(
            next_waiting_step(since, &[FirstReminder], &OfficeHours),
            Some((SecondReminder, at("2025-03-14T15:00:00Z")))
        );
        assert_eq!(next_waiting_step(since, WaitingStep::ALL, &OfficeHours), None);
    }

    #[test]
    fn only_waiting_tickets_wait() {
        let mut t = sample_ticket();
        t.status = Status::WaitingForReply;
        t.status_changed_at = at(SINCE);
        assert_eq!(waiting_since(&t), Some(at(SINCE)));
        t.status = Status::InProgress;
        assert_eq!(waiting_since(&t), None);
        assert_eq!(WaitingStep::LABELS, ["first reminder", "second reminder", "give up"]);
    }

    proptest! {
        #[test]
        fn due_steps_are_new_ordered_and_complete(
            done in prop::sample::subsequence(WaitingStep::ALL.to_vec(), 0..=3),
            minutes in 0i64..30 * 24 * 60,
        ) {
            let since = at(SINCE);
            let now = since + Duration::minutes(minutes);
            let steps = waiting_steps_due(since, &done, now, &OfficeHours);
            prop_assert!(steps.iter().all(|step| !done.contains(step)), "a done step came back");
            prop_assert!(steps.windows(2).all(|pair| pair[0] < pair[1]), "out of order: {:?}", steps);
            for &step in WaitingStep::ALL {
                let came = waiting_step_at(step, since, &OfficeHours) <= now;
                prop_assert_eq!(steps.contains(&step), came && !done.contains(&step));
            }
            let mut all_done = done.clone();
            all_done.extend(&steps);
            prop_assert!(waiting_steps_due(since, &all_done, now, &OfficeHours).is_empty(), "idempotent");
        }
    }
}
