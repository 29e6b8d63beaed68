//! QoS response targets: how soon a unit must respond, by its
//! quality-of-support level and the ticket's priority, with a warning at
//! 75 % of the target and a breach at 100 %.

use chrono::{DateTime, Duration, Utc};

use super::{WORKING_DAY, WorkingTime, working_days};
use crate::priority::Priority;
use crate::reference::QosLevel;

/// The share of its target after which a unit is warned, in per cent.
pub const WARNING_PERCENT: i32 = 75;

/// Where a unit stands against its response target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QosState {
    /// Responded, or less than 75 % of the target has passed.
    Within,
    /// At least 75 % of the target has passed without a response.
    Warned,
    /// The whole target has passed without a response.
    Breached,
}

/// The working time a unit of `level` has to respond to a ticket of
/// `priority` (domain.md; a working day is [`WORKING_DAY`]).
pub const fn response_target(level: QosLevel, priority: Priority) -> Duration {
    use Priority::*;
    use QosLevel::*;
    match (level, priority) {
        (Advanced, TopPriority) => Duration::hours(4),
        (Medium, VeryUrgent | TopPriority) | (Advanced, Urgent | VeryUrgent) => WORKING_DAY,
        (Base, _) | (Medium, LessUrgent | Urgent) | (Advanced, LessUrgent) => working_days(5),
    }
}

/// The part of `target` after which the unit is warned: 75 % of it.
pub fn warning_delay(target: Duration) -> Duration {
    target * WARNING_PERCENT / 100
}

/// The unit's state at `now` for a response owed since `since` (the
/// ticket's assignment to the unit).
///
/// The response that stops the clock is the unit's first public reply or
/// its first status change; the caller says whether it came (`responded`).
/// Once it has, nothing is pending and the state is [`QosState::Within`]:
/// a breach is recorded when it happens, at [`breach_at`]. To judge a
/// response after the fact, pass `responded = false` and `now` = the
/// instant of the response. Limits count once reached (`>=`).
pub fn qos_state(
    level: QosLevel,
    priority: Priority,
    since: DateTime<Utc>,
    responded: bool,
    now: DateTime<Utc>,
    time: &dyn WorkingTime,
) -> QosState {
    if responded {
        return QosState::Within;
    }
    let target = response_target(level, priority);
    let elapsed = time.working_between(since, now);
    if elapsed >= target {
        QosState::Breached
    } else if elapsed >= warning_delay(target) {
        QosState::Warned
    } else {
        QosState::Within
    }
}

/// When the unit is warned, if it has not responded: 75 % of its target
/// after `since`.
pub fn warning_at(level: QosLevel, priority: Priority, since: DateTime<Utc>, time: &dyn WorkingTime) -> DateTime<Utc> {
    time.add_working(since, warning_delay(response_target(level, priority)))
}

/// When the target is breached, if the unit has not responded: the whole
/// target after `since`.
pub fn breach_at(level: QosLevel, priority: Priority, since: DateTime<Utc>, time: &dyn WorkingTime) -> DateTime<Utc> {
    time.add_working(since, response_target(level, priority))
}

#[cfg(test)]
mod tests {
    use super::Priority::*;
    use super::QosLevel::*;
    use super::*;
    use crate::deadlines::fake::{EveryHour, OfficeHours, at};

    /// Every level × priority: target in working hours, then the warning
    /// and the breach for a response owed since Monday 2025-03-03 07:00.
    const TABLE: [(QosLevel, Priority, i64, &str, &str); 12] = [
        (Base, LessUrgent, 40, "2025-03-06T13:00:00Z", "2025-03-07T15:00:00Z"),
        (Base, Urgent, 40, "2025-03-06T13:00:00Z", "2025-03-07T15:00:00Z"),
        (Base, VeryUrgent, 40, "2025-03-06T13:00:00Z", "2025-03-07T15:00:00Z"),
        (Base, TopPriority, 40, "2025-03-06T13:00:00Z", "2025-03-07T15:00:00Z"),
        (Medium, LessUrgent, 40, "2025-03-06T13:00:00Z", "2025-03-07T15:00:00Z"),
        (Medium, Urgent, 40, "2025-03-06T13:00:00Z", "2025-03-07T15:00:00Z"),
        (Medium, VeryUrgent, 8, "2025-03-03T13:00:00Z", "2025-03-03T15:00:00Z"),
        (Medium, TopPriority, 8, "2025-03-03T13:00:00Z", "2025-03-03T15:00:00Z"),
        (Advanced, LessUrgent, 40, "2025-03-06T13:00:00Z", "2025-03-07T15:00:00Z"),
        (Advanced, Urgent, 8, "2025-03-03T13:00:00Z", "2025-03-03T15:00:00Z"),
        (Advanced, VeryUrgent, 8, "2025-03-03T13:00:00Z", "2025-03-03T15:00:00Z"),
        (Advanced, TopPriority, 4, "2025-03-03T10:00:00Z", "2025-03-03T11:00:00Z"),
    ];

    #[test]
    fn every_level_and_priority_has_its_target() {
        let since = at("2025-03-03T07:00:00Z");
        for (level, priority, hours, warning, breach) in TABLE {
            let case = format!("{level} / {priority}");
            assert_eq!(response_target(level, priority), Duration::hours(hours), "{case}");
            assert_eq!(warning_at(level, priority, since, &OfficeHours), at(warning), "{case}");
            assert_eq!(breach_at(level, priority, since, &OfficeHours), at(breach), "{case}");
            let every_hour = since + Duration::hours(hours) * 3 / 4;
            assert_eq!(warning_at(level, priority, since, &EveryHour), every_hour, "{case}");
        }
        assert_eq!(TABLE.len(), QosLevel::ALL.len() * Priority::ALL.len());
    }

    #[test]
    fn states_change_at_the_warning_and_at_the_breach() {
        let since = at("2025-03-03T07:00:00Z");
        let second = Duration::seconds(1);
        for (level, priority, _, warning, breach) in TABLE {
            let state = |now, responded| qos_state(level, priority, since, responded, now, &OfficeHours);
            let (warning, breach) = (at(warning), at(breach));
            assert_eq!(state(since, false), QosState::Within);
            assert_eq!(state(warning - second, false), QosState::Within);
            assert_eq!(state(warning, false), QosState::Warned, "{level} / {priority}");
            assert_eq!(state(breach - second, false), QosState::Warned);
            assert_eq!(state(breach, false), QosState::Breached, "{level} / {priority}");
            assert_eq!(state(breach + Duration::weeks(3), false), QosState::Breached);
            assert_eq!(state(breach, true), QosState::Within, "a response stops the clock");
        }
    }

    #[test]
    fn nights_and_weekends_do_not_count() {
        // Advanced, top priority, assigned Friday 13:00: 2 h on Friday, 2 on Monday.
        let since = at("2025-03-07T13:00:00Z");
        assert_eq!(
            breach_at(Advanced, TopPriority, since, &OfficeHours),
            at("2025-03-10T09:00:00Z")
        );
        let sunday = at("2025-03-09T12:00:00Z");
        assert_eq!(
            qos_state(Advanced, TopPriority, since, false, sunday, &OfficeHours),
            QosState::Within
        );
        assert_eq!(warning_delay(Duration::hours(4)), Duration::hours(3));
    }
}
