//! Automatic closure: a `solved` or `unsolved` ticket that nobody verified
//! or reopened closes 10 working days later.

use chrono::{DateTime, Utc};

use super::{WorkingTime, working_days};
use crate::status::Status;

/// The working days after which an answered ticket closes by itself.
pub const CLOSURE_WORKING_DAYS: i32 = 10;

/// When a ticket answered (`solved` or `unsolved`) at `answered_at` closes,
/// if nobody verifies or reopens it: 10 working days later.
pub fn closes_at(answered_at: DateTime<Utc>, time: &dyn WorkingTime) -> DateTime<Utc> {
    time.add_working(answered_at, working_days(CLOSURE_WORKING_DAYS))
}

/// Whether a ticket in `status` since `status_changed_at` is due to close
/// at `now`: only `solved` or `unsolved` ones, once 10 working days are
/// reached (`>=`).
pub fn due_for_closure(
    status: Status,
    status_changed_at: DateTime<Utc>,
    now: DateTime<Utc>,
    time: &dyn WorkingTime,
) -> bool {
    status.is_answered() && time.working_between(status_changed_at, now) >= working_days(CLOSURE_WORKING_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::fake::{EveryHour, OfficeHours, at};
    use chrono::Duration;

    #[test]
    fn an_answered_ticket_closes_after_ten_working_days() {
        // Solved on Wednesday 2025-03-05 at 10:00; two working weeks later.
        let solved = at("2025-03-05T10:00:00Z");
        assert_eq!(closes_at(solved, &OfficeHours), at("2025-03-19T10:00:00Z"));
        assert_eq!(closes_at(solved, &EveryHour), solved + Duration::hours(80));
        for status in [Status::Solved, Status::Unsolved] {
            assert!(!due_for_closure(
                status,
                solved,
                at("2025-03-19T09:59:59Z"),
                &OfficeHours
            ));
            assert!(due_for_closure(
                status,
                solved,
                at("2025-03-19T10:00:00Z"),
                &OfficeHours
            ));
            assert!(due_for_closure(
                status,
                solved,
                at("2025-04-19T10:00:00Z"),
                &OfficeHours
            ));
        }
    }

    #[test]
    fn answered_outside_working_hours_counts_from_the_next_working_hour() {
        // Solved on Saturday: the clock starts on Monday 07:00.
        let saturday = at("2025-03-08T18:00:00Z");
        assert_eq!(closes_at(saturday, &OfficeHours), at("2025-03-21T15:00:00Z"));
    }

    #[test]
    fn only_solved_and_unsolved_tickets_close() {
        let since = at("2025-01-06T07:00:00Z");
        let now = at("2025-06-01T07:00:00Z");
        for &status in Status::ALL {
            let expected = matches!(status, Status::Solved | Status::Unsolved);
            assert_eq!(due_for_closure(status, since, now, &OfficeHours), expected, "{status}");
        }
    }
}
