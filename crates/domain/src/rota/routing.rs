//! Routing first-level notifications by shift: who of first-level support
//! hears of a ticket's change when the rota has people on duty.
//!
//! - A ticket of the first-level unit (new, or not yet routed) tells the
//!   people on duty instead of the whole unit.
//! - A reopening tells the people on duty as first-level support.
//! - An escalation that reaches first-level support (level 2 and above)
//!   tells both teams: the backup site steps in.
//! - With nobody on duty (no shift, or nobody available at either site),
//!   the whole unit hears of it, as without a rota.

use crate::deadlines::{Audience, Reminder, escalation_reaches};
use crate::ids::UserId;

use super::duty::Duty;

/// Who of first-level support hears of a change; `None` keeps the whole
/// unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShiftAudience {
    /// Replaces the responsible unit's members (a first-level ticket only).
    pub unit_members: Option<Vec<UserId>>,
    /// Replaces the first-level members told of a reopening or an
    /// escalation.
    pub first_level_members: Option<Vec<UserId>>,
}

/// Who of first-level support hears of a change with `reminder` to a
/// ticket (of the first-level unit if `first_level_ticket`), `duty` being
/// who is on duty at the change's time.
pub fn shift_audience(duty: Option<&Duty>, first_level_ticket: bool, reminder: Option<Reminder>) -> ShiftAudience {
    let Some(duty) = duty else {
        return ShiftAudience::default();
    };
    let escalated = matches!(
        reminder,
        Some(Reminder::Escalated { level }) if escalation_reaches(level).contains(&Audience::FirstLevel)
    );
    let first_level = if escalated { &duty.both_teams } else { &duty.people };
    ShiftAudience {
        unit_members: first_level_ticket.then(|| duty.people.clone()),
        first_level_members: Some(first_level.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::EscalationLevel;
    use crate::ids::SiteId;

    fn duty() -> Duty {
        Duty {
            site: SiteId(1),
            backup_stepped_in: false,
            people: vec![UserId(1)],
            both_teams: vec![UserId(1), UserId(2)],
        }
    }

    fn escalated(level: EscalationLevel) -> Option<Reminder> {
        Some(Reminder::Escalated { level })
    }

    #[test]
    fn nobody_on_duty_keeps_the_whole_unit() {
        assert_eq!(shift_audience(None, true, None), ShiftAudience::default());
        assert_eq!(
            shift_audience(None, true, escalated(EscalationLevel::Coordinators)),
            ShiftAudience::default()
        );
    }

    #[test]
    fn a_first_level_ticket_tells_the_people_on_duty() {
        let audience = shift_audience(Some(&duty()), true, None);
        assert_eq!(audience.unit_members, Some(vec![UserId(1)]));
        assert_eq!(audience.first_level_members, Some(vec![UserId(1)]));
        let elsewhere = shift_audience(Some(&duty()), false, None);
        assert_eq!(elsewhere.unit_members, None, "another unit's members are kept");
        assert_eq!(elsewhere.first_level_members, Some(vec![UserId(1)]), "a reopening");
    }

    #[test]
    fn an_escalation_to_first_level_support_tells_both_teams() {
        for level in [EscalationLevel::FirstLevel, EscalationLevel::Coordinators] {
            let audience = shift_audience(Some(&duty()), true, escalated(level));
            assert_eq!(audience.first_level_members, Some(vec![UserId(1), UserId(2)]));
            assert_eq!(audience.unit_members, Some(vec![UserId(1)]));
        }
        let unit_only = shift_audience(Some(&duty()), true, escalated(EscalationLevel::Unit));
        assert_eq!(unit_only.first_level_members, Some(vec![UserId(1)]));
    }
}
