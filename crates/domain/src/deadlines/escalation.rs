//! The submitter's escalation button: three levels, reached one at a time,
//! each at most once per waiting period of working time.

use chrono::{DateTime, Duration, Utc};

use super::WorkingTime;
use crate::label::{Labelled, labelled_enum};
use crate::status::Status;

labelled_enum! {
    /// How far a ticket has been escalated by its submitter, lowest first.
    EscalationLevel, field = "escalation_level" {
        /// Level 1: the unit is reminded.
        Unit => "unit",
        /// Level 2: the unit and the first-level team on shift are reminded.
        FirstLevel => "first-level",
        /// Level 3: the ticket-monitoring coordinators are involved too.
        Coordinators => "coordinators",
    }
}

labelled_enum! {
    /// Who an escalation reaches.
    Audience, field = "audience" {
        /// The responsible unit.
        Unit => "unit",
        /// The first-level team: whoever is on shift, or the first-level
        /// unit's members until the rota exists.
        FirstLevel => "first-level",
        /// The ticket-monitoring coordinators.
        Coordinators => "coordinators",
    }
}

/// The history field each escalation writes, with the level's label as its
/// new value: the ticket's history is the record of its escalations.
pub const ESCALATION_FIELD: &str = "escalation";

/// The suggested waiting period between two escalations of a ticket: 8
/// working hours, one working day.
pub const ESCALATION_WAIT: Duration = Duration::hours(8);

/// Why the submitter cannot escalate now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EscalationRefusal {
    /// Only open tickets are escalated.
    #[error("only an open ticket can be escalated; this one is \"{status}\"")]
    NotOpen {
        /// The ticket's status.
        status: Status,
    },
    /// The coordinators are already involved.
    #[error("the ticket is already escalated to the coordinators, the highest level")]
    AtTop,
    /// The last escalation is too recent.
    #[error(
        "the ticket was escalated too recently: it can be escalated again in {} of working time, at {next_possible}",
        hours_minutes(.left)
    )]
    TooSoon {
        /// Working time left before the next escalation.
        left: Duration,
        /// The first instant the next escalation is possible.
        next_possible: DateTime<Utc>,
    },
}

/// `duration` as "H h M min", rounded up to the minute so that no time
/// left ever reads as zero.
pub fn hours_minutes(duration: &Duration) -> String {
    let minutes = whole_minutes(duration);
    format!("{} h {} min", minutes / 60, minutes % 60)
}

/// `duration` in minutes, rounded up as [`hours_minutes`] does (none for
/// a duration that is not positive), for channels that word it themselves.
pub fn whole_minutes(duration: &Duration) -> i64 {
    if *duration > Duration::zero() {
        (*duration - Duration::nanoseconds(1)).num_minutes() + 1
    } else {
        0
    }
}

impl EscalationLevel {
    /// The level after `current` (none yet: the unit); none above the top.
    pub fn after(current: Option<EscalationLevel>) -> Option<EscalationLevel> {
        match current {
            None => Some(EscalationLevel::Unit),
            Some(level) => EscalationLevel::at_position(level.position() + 1),
        }
    }
}

/// The level the submitter's escalation reaches now, or why it is refused.
///
/// `current` is the level reached so far and `last_at` when it was
/// reached. Levels come one at a time, and at least `waiting` of working
/// time (suggested: [`ESCALATION_WAIT`]) must pass after the last one,
/// exactly `waiting` being enough. The first escalation waits for nothing;
/// a caller that wants it to wait from the ticket's creation passes that as
/// `last_at`. Refusals are checked in this order: a ticket that is not open,
/// then one already at the top, then a last escalation too recent.
pub fn next_escalation(
    status: Status,
    current: Option<EscalationLevel>,
    last_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    waiting: Duration,
    time: &dyn WorkingTime,
) -> Result<EscalationLevel, EscalationRefusal> {
    if !status.is_open() {
        return Err(EscalationRefusal::NotOpen { status });
    }
    let next = EscalationLevel::after(current).ok_or(EscalationRefusal::AtTop)?;
    match last_at {
        Some(last) => check_waited(last, now, waiting, time).map(|()| next),
        None => Ok(next),
    }
}

fn check_waited(
    last: DateTime<Utc>,
    now: DateTime<Utc>,
    waiting: Duration,
    time: &dyn WorkingTime,
) -> Result<(), EscalationRefusal> {
    let elapsed = time.working_between(last, now);
    if elapsed >= waiting {
        return Ok(());
    }
    Err(EscalationRefusal::TooSoon {
        left: waiting - elapsed,
        next_possible: time.add_working(last, waiting),
    })
}

/// Who an escalation to `level` reaches: the unit; the unit and the first
/// level; all of them and the coordinators.
pub fn escalation_reaches(level: EscalationLevel) -> &'static [Audience] {
    match level {
        EscalationLevel::Unit => &[Audience::Unit],
        EscalationLevel::FirstLevel => &[Audience::Unit, Audience::FirstLevel],
        EscalationLevel::Coordinators => &[Audience::Unit, Audience::FirstLevel, Audience::Coordinators],
    }
}

#[cfg(test)]
mod tests {
    use super::EscalationLevel::*;
    use super::*;
    use crate::deadlines::fake::{EveryHour, OfficeHours, at};

    fn escalate(
        current: Option<EscalationLevel>,
        last_at: Option<&str>,
        now: &str,
    ) -> Result<EscalationLevel, EscalationRefusal> {
        next_escalation(
            Status::InProgress,
            current,
            last_at.map(at),
            at(now),
            ESCALATION_WAIT,
            &OfficeHours,
        )
    }

    #[test]
    fn levels_are_reached_one_at_a_time() {
        assert_eq!(escalate(None, None, "2025-03-03T08:00:00Z"), Ok(Unit));
        let first = "2025-03-03T08:00:00Z";
        assert_eq!(
            escalate(Some(Unit), Some(first), "2025-03-04T08:00:00Z"),
            Ok(FirstLevel)
        );
        let second = "2025-03-04T08:00:00Z";
        assert_eq!(
            escalate(Some(FirstLevel), Some(second), "2025-03-05T08:00:00Z"),
            Ok(Coordinators)
        );
        let third = "2025-03-05T08:00:00Z";
        assert_eq!(
            escalate(Some(Coordinators), Some(third), "2025-03-20T08:00:00Z"),
            Err(EscalationRefusal::AtTop)
        );
    }

    #[test]
    fn a_second_escalation_inside_the_waiting_period_is_refused_with_the_time_left() {
        // Escalated on Friday at 13:00; 1 h 40 min of working time passed by 14:40.
        let refusal = escalate(Some(Unit), Some("2025-03-07T13:00:00Z"), "2025-03-07T14:40:00Z").unwrap_err();
        assert_eq!(
            refusal,
            EscalationRefusal::TooSoon {
                left: Duration::minutes(6 * 60 + 20),
                next_possible: at("2025-03-10T13:00:00Z"),
            }
        );
        let text = refusal.to_string();
        assert!(text.contains("6 h 20 min"), "{text}");
        assert!(text.contains("2025-03-10 13:00:00 UTC"), "{text}");
        // The weekend does not count: from Friday 15:00 to Monday 07:00, 6 h are left.
        let sunday = escalate(Some(Unit), Some("2025-03-07T13:00:00Z"), "2025-03-09T10:00:00Z").unwrap_err();
        assert!(sunday.to_string().contains("in 6 h 0 min"), "{sunday}");
    }

    #[test]
    fn the_waiting_period_ends_exactly_when_reached() {
        let last = Some("2025-03-07T13:00:00Z");
        assert!(matches!(
            escalate(Some(Unit), last, "2025-03-10T12:59:59Z"),
            Err(EscalationRefusal::TooSoon { left, .. }) if left == Duration::seconds(1)
        ));
        assert_eq!(escalate(Some(Unit), last, "2025-03-10T13:00:00Z"), Ok(FirstLevel));
        let no_wait = next_escalation(
            Status::New,
            Some(Unit),
            Some(at("2025-03-07T13:00:00Z")),
            at("2025-03-07T13:00:00Z"),
            Duration::zero(),
            &EveryHour,
        );
        assert_eq!(no_wait, Ok(FirstLevel), "the waiting period is a parameter");
    }

    #[test]
    fn only_open_tickets_are_escalated() {
        let now = at("2025-03-20T08:00:00Z");
        for &status in Status::ALL {
            let result = next_escalation(status, None, None, now, ESCALATION_WAIT, &OfficeHours);
            if status.is_open() {
                assert_eq!(result, Ok(Unit), "{status}");
            } else {
                assert_eq!(result, Err(EscalationRefusal::NotOpen { status }));
            }
        }
        let closed = next_escalation(
            Status::Closed,
            Some(Coordinators),
            None,
            now,
            ESCALATION_WAIT,
            &OfficeHours,
        );
        let text = closed.unwrap_err().to_string();
        assert!(text.contains("\"closed\""), "not open comes first: {text}");
        assert!(EscalationRefusal::AtTop.to_string().contains("highest level"));
    }

    #[test]
    fn each_level_reaches_more_people() {
        assert_eq!(escalation_reaches(Unit), [Audience::Unit]);
        assert_eq!(escalation_reaches(FirstLevel), [Audience::Unit, Audience::FirstLevel]);
        assert_eq!(escalation_reaches(Coordinators), Audience::ALL);
        assert_eq!(EscalationLevel::LABELS, ["unit", "first-level", "coordinators"]);
        assert_eq!(EscalationLevel::parse("first-level"), Ok(FirstLevel));
    }

    #[test]
    fn time_left_reads_in_hours_and_minutes() {
        assert_eq!(hours_minutes(&Duration::minutes(380)), "6 h 20 min");
        assert_eq!(hours_minutes(&Duration::seconds(1)), "0 h 1 min", "rounded up");
        assert_eq!(hours_minutes(&Duration::minutes(60)), "1 h 0 min");
        assert_eq!(hours_minutes(&Duration::zero()), "0 h 0 min");
        assert_eq!(whole_minutes(&Duration::seconds(61)), 2);
        assert_eq!(whole_minutes(&Duration::seconds(-5)), 0);
    }
}
