//! Who is on duty during a shift: the primary site's shift contacts who are
//! available, or the backup site's when the primary has nobody; and who
//! hears of an escalation to level 2 (both teams).

use chrono::NaiveDate;

use crate::ids::{SiteId, UserId};

/// A shift contact as the rule sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contact {
    /// The person.
    pub user: UserId,
    /// Whether their account is enabled.
    pub enabled: bool,
    /// Away until this date (included), if they said so.
    pub away_until: Option<NaiveDate>,
}

impl Contact {
    /// Whether they can take first-level work on `today`.
    pub fn available(&self, today: NaiveDate) -> bool {
        self.enabled && self.away_until.is_none_or(|until| until < today)
    }
}

/// The people on duty in a shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    /// The site whose people are on duty: the primary, or the backup when
    /// the primary has nobody available.
    pub site: SiteId,
    /// Whether the backup site stepped in.
    pub backup_stepped_in: bool,
    /// The people on duty: they hear of new and unrouted tickets.
    pub people: Vec<UserId>,
    /// The available people of both sites: they hear of an escalation to
    /// level 2 and above.
    pub both_teams: Vec<UserId>,
}

/// Who is on duty on `today`, the primary site being `primary` with
/// `primary_contacts`, the backup `backup` with `backup_contacts`. `None`
/// when neither site has anyone available: first-level support then falls
/// back to its whole unit.
pub fn on_duty(
    (primary, primary_contacts): (SiteId, &[Contact]),
    (backup, backup_contacts): (SiteId, &[Contact]),
    today: NaiveDate,
) -> Option<Duty> {
    let available = |contacts: &[Contact]| -> Vec<UserId> {
        let mut people: Vec<UserId> = contacts.iter().filter(|c| c.available(today)).map(|c| c.user).collect();
        people.sort();
        people.dedup();
        people
    };
    let primaries = available(primary_contacts);
    let backups = available(backup_contacts);
    let mut both_teams: Vec<UserId> = primaries.iter().chain(&backups).copied().collect();
    both_teams.sort();
    both_teams.dedup();
    let (site, backup_stepped_in, people) = if !primaries.is_empty() {
        (primary, false, primaries)
    } else if !backups.is_empty() {
        (backup, true, backups)
    } else {
        return None;
    };
    Some(Duty {
        site,
        backup_stepped_in,
        people,
        both_teams,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    fn contact(user: i64, enabled: bool, away_until: Option<NaiveDate>) -> Contact {
        Contact {
            user: UserId(user),
            enabled,
            away_until,
        }
    }

    #[test]
    fn the_primary_sites_available_contacts_are_on_duty() {
        let primary = [
            contact(1, true, None),
            contact(2, true, Some(day(10))),
            contact(3, false, None),
        ];
        let backup = [contact(4, true, None)];
        let duty = on_duty((SiteId(1), &primary), (SiteId(2), &backup), day(10)).unwrap();
        assert_eq!((duty.site, duty.backup_stepped_in), (SiteId(1), false));
        assert_eq!(
            duty.people,
            [UserId(1)],
            "away until today included, disabled: not on duty"
        );
        assert_eq!(duty.both_teams, [UserId(1), UserId(4)]);
        let later = on_duty((SiteId(1), &primary), (SiteId(2), &backup), day(11)).unwrap();
        assert_eq!(later.people, [UserId(1), UserId(2)], "back the day after");
    }

    #[test]
    fn the_backup_steps_in_when_the_primary_has_nobody() {
        let primary = [contact(1, true, Some(day(20))), contact(3, false, None)];
        let backup = [contact(4, true, None), contact(5, true, None)];
        let duty = on_duty((SiteId(1), &primary), (SiteId(2), &backup), day(10)).unwrap();
        assert_eq!((duty.site, duty.backup_stepped_in), (SiteId(2), true));
        assert_eq!(duty.people, [UserId(4), UserId(5)]);
        assert_eq!(on_duty((SiteId(1), &primary), (SiteId(2), &[]), day(10)), None);
        assert_eq!(on_duty((SiteId(1), &[]), (SiteId(2), &[]), day(10)), None);
    }
}
