//! The pure part of the "needs attention" view: tickets nobody has taken.

use chrono::{DateTime, Duration, Utc};

use super::WorkingTime;
use crate::ids::UserId;

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
    use crate::deadlines::fake::{OfficeHours, at};

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
