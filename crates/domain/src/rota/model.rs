//! The rota's values: weeks, shifts, the rota itself, the handover and the
//! sites' availability.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::ids::SiteId;

/// One shift's week, named by its start date: the day of the handover that
/// opens it. The shift runs from that handover to the next one, seven days
/// later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Week(pub NaiveDate);

impl Week {
    /// The shift's start date.
    pub fn start(self) -> NaiveDate {
        self.0
    }

    /// The week after this one.
    pub fn next(self) -> Week {
        Week(self.0 + Days::new(7))
    }

    /// The week before this one.
    pub fn previous(self) -> Week {
        Week(self.0 - Days::new(7))
    }

    /// Whether `date` lies in this week: from its start date to the day
    /// before the next week's start.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.0 <= date && date < self.next().0
    }

    /// The week of a handover on `weekday` that `date` lies in.
    pub fn containing(date: NaiveDate, weekday: Weekday) -> Week {
        let back = (7 + date.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        Week(date - Days::new(u64::from(back)))
    }

    /// Weeks from `self` to `other` (negative when `other` is earlier).
    pub fn weeks_until(self, other: Week) -> i64 {
        (other.0 - self.0).num_days() / 7
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.format("%Y-%m-%d").fmt(f)
    }
}

/// The weeks of `year`: those whose handover day falls in that year. The
/// first is the year's first `weekday`, the last its last one, so a year has
/// 52 or 53 weeks, and a shift that starts on 29 December belongs to the
/// year it starts in even if it ends in the next.
pub fn year_weeks(year: i32, weekday: Weekday) -> Vec<Week> {
    let Some(first) = NaiveDate::from_weekday_of_month_opt(year, 1, weekday, 1) else {
        return Vec::new();
    };
    std::iter::successors(Some(Week(first)), |week| Some(week.next()))
        .take_while(|week| week.0.year() == year)
        .collect()
}

/// One week of first-level support: the site on shift and the one that
/// steps in for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shift {
    /// The week.
    pub week_start: Week,
    /// The site on shift.
    pub primary: SiteId,
    /// The site that steps in when the primary cannot.
    pub backup: SiteId,
}

impl Shift {
    /// The role `site` has in this shift, if any.
    pub fn role_of(&self, site: SiteId) -> Option<Role> {
        if self.primary == site {
            Some(Role::Primary)
        } else if self.backup == site {
            Some(Role::Backup)
        } else {
            None
        }
    }

    /// The site holding `role`.
    pub fn site(&self, role: Role) -> SiteId {
        match role {
            Role::Primary => self.primary,
            Role::Backup => self.backup,
        }
    }

    /// This shift with `role` held by `site`.
    pub fn with(mut self, role: Role, site: SiteId) -> Shift {
        match role {
            Role::Primary => self.primary = site,
            Role::Backup => self.backup = site,
        }
        self
    }
}

/// A site's part in a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The site on shift.
    Primary,
    /// The site that steps in.
    Backup,
}

impl Role {
    /// The role's name, as in the CSV header.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Backup => "backup",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rota: shifts of consecutive weeks, in order, one shift a week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Rota {
    shifts: Vec<Shift>,
}

/// Why shifts do not make a rota.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the shift of {found} should be that of {expected}: a rota's weeks follow each other")]
pub struct RotaShapeError {
    /// The week expected at that place.
    pub expected: Week,
    /// The week found there.
    pub found: Week,
}

impl Rota {
    /// The rota of `shifts`, refused unless each week follows the previous.
    pub fn new(shifts: Vec<Shift>) -> Result<Rota, RotaShapeError> {
        for pair in shifts.windows(2) {
            let expected = pair[0].week_start.next();
            if pair[1].week_start != expected {
                return Err(RotaShapeError {
                    expected,
                    found: pair[1].week_start,
                });
            }
        }
        Ok(Rota { shifts })
    }

    /// The shifts, in order.
    pub fn shifts(&self) -> &[Shift] {
        &self.shifts
    }

    /// The weeks, in order.
    pub fn weeks(&self) -> impl Iterator<Item = Week> + '_ {
        self.shifts.iter().map(|shift| shift.week_start)
    }

    /// The position of `week` in the rota.
    pub fn index_of(&self, week: Week) -> Option<usize> {
        let first = self.shifts.first()?.week_start;
        let index = usize::try_from(first.weeks_until(week)).ok()?;
        (index < self.shifts.len() && self.shifts[index].week_start == week).then_some(index)
    }

    /// The shift of `week`.
    pub fn shift(&self, week: Week) -> Option<&Shift> {
        self.index_of(week).map(|index| &self.shifts[index])
    }

    /// The shifts `site` takes part in, with its role, in order.
    pub fn shifts_of(&self, site: SiteId) -> impl Iterator<Item = (&Shift, Role)> + '_ {
        self.shifts
            .iter()
            .filter_map(move |shift| shift.role_of(site).map(|role| (shift, role)))
    }

    /// How many shifts `site` holds in `role`.
    pub fn count(&self, site: SiteId, role: Role) -> usize {
        self.shifts.iter().filter(|shift| shift.site(role) == site).count()
    }

    pub(super) fn shifts_mut(&mut self) -> &mut [Shift] {
        &mut self.shifts
    }
}

/// When one shift hands over to the next: a weekday and a wall-clock time
/// in a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handover {
    /// The day shifts start.
    pub weekday: Weekday,
    /// The time, on that day, shifts start.
    pub time: NaiveTime,
    /// The zone of that day and time.
    pub zone: Tz,
}

impl Handover {
    /// Monday 09:00 in `zone`: the default handover, in the deployment's
    /// zone. The deployment's zone is that of its working-hours calendar
    /// (`WorkingCalendar::zone` of `Calendars::deployment`), which is UTC
    /// (GGUS's colours calendar) until a deployment configures its own.
    pub fn monday_morning(zone: Tz) -> Handover {
        Handover {
            weekday: Weekday::Mon,
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            zone,
        }
    }

    /// The instant `week` starts. A handover time that does not exist that
    /// day (clocks going forward) is taken an hour later; one that occurs
    /// twice (clocks going back) is its first occurrence.
    pub fn starts(&self, week: Week) -> DateTime<Utc> {
        let local = week.0.and_time(self.time);
        self.zone
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                self.zone
                    .from_local_datetime(&(local + chrono::Duration::hours(1)))
                    .earliest()
            })
            .map_or_else(|| local.and_utc(), |at| at.to_utc())
    }

    /// The instant `week` ends: the next week's start.
    pub fn ends(&self, week: Week) -> DateTime<Utc> {
        self.starts(week.next())
    }

    /// The week in force at `at`: the last one whose handover has passed.
    pub fn week_at(&self, at: DateTime<Utc>) -> Week {
        let local = at.with_timezone(&self.zone).date_naive();
        let week = Week::containing(local, self.weekday);
        if self.starts(week) <= at { week } else { week.previous() }
    }
}

/// When a site cannot take a shift, as primary or as backup.
///
/// A blackout is a date: it blacks out the whole week it lies in, so a
/// site gives the day it is away and the rota finds the week. Holidays are
/// blackouts too: a site's public holidays are dates of its own, since the
/// federation's sites keep different ones, and a holiday that every site
/// keeps is a blackout of every site (which no rota can meet: somebody
/// must be on shift).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteAvailability {
    /// The site.
    pub site: SiteId,
    /// Dates in the weeks the site cannot take.
    pub blackout_weeks: BTreeSet<NaiveDate>,
}

impl SiteAvailability {
    /// A site free every week.
    pub fn free(site: SiteId) -> SiteAvailability {
        SiteAvailability {
            site,
            blackout_weeks: BTreeSet::new(),
        }
    }

    /// Whether a blackout date lies in `week`.
    pub fn blacked_out(&self, week: Week) -> bool {
        self.blackout_weeks.range(week.0..week.next().0).next().is_some()
    }
}

/// A rota of two weeks from `first`: sites 1 then 3 on shift, backed up by
/// 2 then 1; for tests.
#[cfg(test)]
pub(crate) fn two_week_rota(first: NaiveDate) -> Rota {
    let first = Week(first);
    Rota::new(vec![
        Shift {
            week_start: first,
            primary: SiteId(1),
            backup: SiteId(2),
        },
        Shift {
            week_start: first.next(),
            primary: SiteId(3),
            backup: SiteId(1),
        },
    ])
    .unwrap()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDateTime, Timelike};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_year_has_the_weeks_whose_handover_day_falls_in_it() {
        let weeks = year_weeks(2026, Weekday::Mon);
        assert_eq!(weeks.len(), 52);
        assert_eq!(weeks[0], Week(date(2026, 1, 5)));
        assert_eq!(weeks[51], Week(date(2026, 12, 28)));
        let thursdays = year_weeks(2026, Weekday::Thu);
        assert_eq!(thursdays.len(), 53);
        assert_eq!(thursdays[0], Week(date(2026, 1, 1)));
    }

    #[test]
    fn a_date_lies_in_the_week_of_the_last_handover_day() {
        assert_eq!(
            Week::containing(date(2026, 12, 3), Weekday::Mon),
            Week(date(2026, 11, 30))
        );
        assert_eq!(
            Week::containing(date(2026, 11, 30), Weekday::Mon),
            Week(date(2026, 11, 30))
        );
        assert_eq!(
            Week::containing(date(2026, 11, 30), Weekday::Tue),
            Week(date(2026, 11, 24))
        );
        assert!(Week(date(2026, 11, 30)).contains(date(2026, 12, 6)));
        assert!(!Week(date(2026, 11, 30)).contains(date(2026, 12, 7)));
    }

    #[test]
    fn a_rota_refuses_a_missing_week() {
        let shift = |d| Shift {
            week_start: Week(d),
            primary: SiteId(1),
            backup: SiteId(2),
        };
        let error = Rota::new(vec![shift(date(2026, 1, 5)), shift(date(2026, 1, 19))]).unwrap_err();
        assert_eq!(error.expected, Week(date(2026, 1, 12)));
        let rota = Rota::new(vec![shift(date(2026, 1, 5)), shift(date(2026, 1, 12))]).unwrap();
        assert_eq!(rota.index_of(Week(date(2026, 1, 12))), Some(1));
        assert_eq!(rota.index_of(Week(date(2026, 1, 19))), None);
        assert_eq!(rota.index_of(Week(date(2026, 1, 6))), None);
    }

    #[test]
    fn the_handover_is_monday_nine_in_its_zone() {
        let handover = Handover::monday_morning(chrono_tz::Europe::Paris);
        let week = Week(date(2026, 6, 1));
        let start = handover.starts(week);
        assert_eq!(start, NaiveDateTime::new(date(2026, 6, 1), start.time()).and_utc());
        assert_eq!(start.hour(), 7, "09:00 in Paris is 07:00 UTC in summer");
        assert_eq!(handover.week_at(start), week);
        assert_eq!(handover.week_at(start - chrono::Duration::seconds(1)), week.previous());
        assert_eq!(handover.week_at(start + chrono::Duration::days(6)), week);
    }

    #[test]
    fn a_blackout_date_blacks_out_its_week() {
        let mut site = SiteAvailability::free(SiteId(1));
        site.blackout_weeks.insert(date(2026, 1, 14));
        assert!(site.blacked_out(Week(date(2026, 1, 12))));
        assert!(!site.blacked_out(Week(date(2026, 1, 5))));
        assert!(!site.blacked_out(Week(date(2026, 1, 19))));
    }
}
