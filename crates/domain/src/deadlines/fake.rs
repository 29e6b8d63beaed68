//! Calendars for tests only: every hour counts, or Monday–Friday
//! 07:00–15:00 UTC counted naively hour by hour; and an untouched ticket's
//! clock.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc, Weekday};

use super::{TicketClock, WorkingTime};
use crate::ids::{TicketId, UnitId};
use crate::priority::Priority;
use crate::status::Status;

/// Every instant is working time.
pub(crate) struct EveryHour;

impl WorkingTime for EveryHour {
    fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        (to - from).max(Duration::zero())
    }

    fn add_working(&self, from: DateTime<Utc>, duration: Duration) -> DateTime<Utc> {
        from + duration
    }
}

/// Monday–Friday 07:00–15:00 UTC, no holidays.
pub(crate) struct OfficeHours;

fn is_working(at: DateTime<Utc>) -> bool {
    let weekday = !matches!(at.weekday(), Weekday::Sat | Weekday::Sun);
    weekday && (7..15).contains(&at.hour())
}

fn next_hour(at: DateTime<Utc>) -> DateTime<Utc> {
    let next = (at.timestamp().div_euclid(3600) + 1) * 3600;
    DateTime::from_timestamp(next, 0).unwrap()
}

impl WorkingTime for OfficeHours {
    fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        let mut cursor = from;
        while cursor < to {
            let end = next_hour(cursor).min(to);
            if is_working(cursor) {
                total += end - cursor;
            }
            cursor = end;
        }
        total
    }

    fn add_working(&self, from: DateTime<Utc>, duration: Duration) -> DateTime<Utc> {
        let mut left = duration;
        let mut cursor = from;
        while left > Duration::zero() {
            let end = next_hour(cursor);
            if is_working(cursor) {
                if left <= end - cursor {
                    return cursor + left;
                }
                left -= end - cursor;
            }
            cursor = end;
        }
        cursor
    }
}

/// A less urgent ticket opened and assigned on Monday 2025-03-03 07:00,
/// untouched since.
pub(crate) fn clock(status: Status) -> TicketClock {
    let start = at("2025-03-03T07:00:00Z");
    TicketClock {
        ticket: TicketId(100_234),
        status,
        priority: Priority::LessUrgent,
        unit: UnitId(3),
        assignee: None,
        created_at: start,
        assigned_at: start,
        status_changed_at: start,
        responded_at: None,
    }
}

/// An instant from RFC 3339 text.
pub(crate) fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

mod tests {
    use super::*;

    #[test]
    fn office_hours_skip_nights_and_weekends() {
        // 2025-03-07 is a Friday.
        let friday = at("2025-03-07T14:00:00Z");
        assert_eq!(
            OfficeHours.add_working(friday, Duration::hours(2)),
            at("2025-03-10T08:00:00Z")
        );
        assert_eq!(
            OfficeHours.working_between(friday, at("2025-03-10T08:00:00Z")),
            Duration::hours(2)
        );
        let night = at("2025-03-04T20:30:00Z");
        assert_eq!(
            OfficeHours.add_working(night, Duration::minutes(30)),
            at("2025-03-05T07:30:00Z")
        );
        assert_eq!(OfficeHours.working_between(night, night), Duration::zero());
        assert_eq!(
            OfficeHours.working_between(friday, night),
            Duration::zero(),
            "backwards"
        );
    }
}
