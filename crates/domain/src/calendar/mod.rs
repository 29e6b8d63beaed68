//! Working-hours calendars: when the helpdesk works, and how much working
//! time lies between two instants.
//!
//! A [`WorkingCalendar`] holds a time zone, the working intervals of each
//! weekday in that zone's wall-clock time (several a day, for a lunch break)
//! and a set of public holidays (local dates). Deadlines, colours and
//! reminders are counted with [`WorkingCalendar::add_working`] and
//! [`WorkingCalendar::working_between`].
//!
//! # Choices
//!
//! - **Zero duration.** `add_working(from, 0)` returns `from` unchanged, even
//!   outside working hours; a negative duration does the same. Any positive
//!   duration starts counting at the next working instant.
//! - **End of a span.** When the duration runs out exactly at the end of an
//!   interval, the result is that end (Friday 15:00), not the start of the
//!   next interval (Monday 07:00).
//! - **Midnight.** An interval ending at `00:00` ends at the midnight closing
//!   its day, so `00:00–00:00` is a whole day.
//! - **Daylight saving.** Intervals are wall-clock times, so a working day
//!   in `Europe/Paris` is 09:00–17:00 in winter and in summer alike. Each
//!   end of an interval is turned into an instant on its own day:
//!   - a wall-clock time that does not exist (skipped when the clocks go
//!     forward) is the instant the clocks jumped, so a part of an interval
//!     inside the gap is skipped;
//!   - a wall-clock time that occurs twice (when the clocks go back) is its
//!     first occurrence, so it counts once;
//!   - an interval that straddles a change is measured in real elapsed time
//!     between those two instants: `01:00–04:00` is 2 h on a spring-forward
//!     night and 4 h on a fall-back night in Paris.
//!
//! # Cost
//!
//! Every function walks the calendar day by day, never minute by minute:
//! O(days spanned). A working day costs two time-zone look-ups per interval
//! (a binary search in the zone's table); a day off, a holiday included,
//! costs next to nothing, the walk keeping the next holiday at hand. In a
//! zone of fixed offset (UTC, `Etc/…`, so the colours and reports presets),
//! whole weeks without a holiday are counted at once, since each holds the
//! same working time: O(holidays spanned), plus at most two partial weeks.
//! Zones with daylight saving are walked day by day, because a week holds
//! the usual time only if no interval end in it sees another offset, and
//! the time-zone database has offset changes that come back within a week
//! (America/Recife, October 2000), which a check of the week's two ends
//! would miss.

mod french;
mod holidays;
mod hours;
mod ical;
#[cfg(test)]
mod properties;
mod spec;
mod text;
mod week;

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::{Duration, FixedOffset, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

pub use french::{easter_sunday, french_holidays};
pub use holidays::{Holiday, HolidayError, HolidayFormat, parse_holidays};
pub use ical::parse_ical_holidays;
pub use spec::{CalendarSpec, WeekText, format_hours, parse_hours, parse_zone, week_from_json, week_to_json};

use crate::ValidationError;

/// The working intervals of one day, `(start, end)` in wall-clock time.
pub type DayIntervals = Vec<(NaiveTime, NaiveTime)>;

/// When work happens: a time zone, working intervals per weekday and public
/// holidays. Built by [`WorkingCalendar::new`] or a preset, so always valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    zone: Tz,
    week: [DayIntervals; 7],
    holidays: BTreeSet<NaiveDate>,
    /// Working time of a week without holidays, in wall-clock time.
    nominal_week: Duration,
    /// The zone's offset, when it never changes.
    fixed: Option<FixedOffset>,
}

impl WorkingCalendar {
    /// A calendar in `zone` with `week[0]` the intervals of Monday, …,
    /// `week[6]` those of Sunday, and no holidays. Each interval must start
    /// before it ends (an end of `00:00` is midnight at the end of the day)
    /// and must not overlap another of its day; the week must have at least
    /// one interval. Intervals are kept sorted.
    pub fn new(zone: Tz, mut week: [DayIntervals; 7]) -> Result<Self, ValidationError> {
        week::validate(&mut week)?;
        Ok(Self::from_valid(zone, week))
    }

    /// The calendar of the colours: Monday to Friday, 07:00–15:00 UTC.
    pub fn colours() -> Self {
        Self::from_valid(Tz::UTC, week::monday_to_friday(7, 15))
    }

    /// The calendar of the reports: Monday to Friday, 09:00–17:00 UTC.
    pub fn reports() -> Self {
        Self::from_valid(Tz::UTC, week::monday_to_friday(9, 17))
    }

    /// A French office: `Europe/Paris`, Monday to Friday 09:00–17:00, with
    /// the French public holidays of `years` (see [`french_holidays`]).
    pub fn french(years: RangeInclusive<i32>) -> Self {
        let mut calendar = Self::from_valid(chrono_tz::Europe::Paris, week::monday_to_friday(9, 17));
        calendar.holidays = french_holidays(years).into_iter().map(|h| h.date).collect();
        calendar
    }

    /// This calendar with `holidays` added. A date given twice, or already
    /// a holiday of the calendar, is refused.
    pub fn with_holidays(mut self, holidays: impl IntoIterator<Item = Holiday>) -> Result<Self, ValidationError> {
        for holiday in holidays {
            if !self.holidays.insert(holiday.date) {
                return Err(ValidationError::new(
                    "holidays",
                    format!("{} ({}) is listed twice", holiday.date, holiday.name),
                ));
            }
        }
        Ok(self)
    }

    /// The time zone of the intervals and holidays.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The working intervals of `day`, sorted.
    pub fn intervals(&self, day: Weekday) -> &[(NaiveTime, NaiveTime)] {
        &self.week[day.num_days_from_monday() as usize]
    }

    /// The holidays, as local dates.
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// Whether `date` is a holiday.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    /// The working time of a week without holidays, in wall-clock time
    /// (a change of the clocks makes a real week an hour longer or
    /// shorter).
    pub fn nominal_week(&self) -> Duration {
        self.nominal_week
    }

    fn from_valid(zone: Tz, week: [DayIntervals; 7]) -> Self {
        Self {
            zone,
            nominal_week: week::total(&week),
            fixed: week::fixed_offset(zone),
            week,
            holidays: BTreeSet::new(),
        }
    }
}

/// The deadline rules count time with a calendar.
impl crate::deadlines::WorkingTime for WorkingCalendar {
    fn working_between(&self, from: chrono::DateTime<chrono::Utc>, to: chrono::DateTime<chrono::Utc>) -> Duration {
        WorkingCalendar::working_between(self, from, to)
    }

    fn add_working(&self, from: chrono::DateTime<chrono::Utc>, duration: Duration) -> chrono::DateTime<chrono::Utc> {
        WorkingCalendar::add_working(self, from, duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
    }

    fn only_monday(intervals: DayIntervals) -> [DayIntervals; 7] {
        let mut week: [DayIntervals; 7] = Default::default();
        week[0] = intervals;
        week
    }

    #[test]
    fn a_valid_week_is_kept_sorted() {
        let calendar = WorkingCalendar::new(
            Tz::UTC,
            only_monday(vec![(hm(13, 0), hm(17, 0)), (hm(8, 0), hm(12, 0))]),
        )
        .unwrap();
        assert_eq!(
            calendar.intervals(Weekday::Mon),
            [(hm(8, 0), hm(12, 0)), (hm(13, 0), hm(17, 0))]
        );
        assert!(calendar.intervals(Weekday::Tue).is_empty());
    }

    #[test]
    fn touching_intervals_and_midnight_ends_are_allowed() {
        let week = only_monday(vec![(hm(8, 0), hm(12, 0)), (hm(12, 0), hm(0, 0))]);
        assert!(WorkingCalendar::new(Tz::UTC, week).is_ok());
    }

    #[test]
    fn an_interval_must_start_before_it_ends() {
        let error = WorkingCalendar::new(Tz::UTC, only_monday(vec![(hm(17, 0), hm(9, 0))])).unwrap_err();
        assert_eq!(error.field, "working_hours");
        assert_eq!(error.message, "Monday: 17:00–09:00 does not start before it ends");
        let empty = WorkingCalendar::new(Tz::UTC, only_monday(vec![(hm(9, 0), hm(9, 0))])).unwrap_err();
        assert_eq!(empty.message, "Monday: 09:00–09:00 does not start before it ends");
    }

    #[test]
    fn overlapping_intervals_are_refused() {
        let week = only_monday(vec![(hm(12, 0), hm(17, 0)), (hm(9, 0), hm(12, 30))]);
        let error = WorkingCalendar::new(Tz::UTC, week).unwrap_err();
        assert_eq!(
            error.to_string(),
            "working_hours: Monday: 09:00–12:30 overlaps 12:00–17:00"
        );
    }

    #[test]
    fn a_week_without_work_is_refused() {
        let error = WorkingCalendar::new(Tz::UTC, Default::default()).unwrap_err();
        assert_eq!(error.message, "the week has no working hours");
    }

    #[test]
    fn presets_have_their_hours() {
        let colours = WorkingCalendar::colours();
        assert_eq!(colours.zone(), Tz::UTC);
        assert_eq!(colours.nominal_week(), Duration::hours(40));
        assert_eq!(colours.intervals(Weekday::Fri), [(hm(7, 0), hm(15, 0))]);
        assert!(colours.intervals(Weekday::Sat).is_empty());
        assert_eq!(
            WorkingCalendar::reports().intervals(Weekday::Mon),
            [(hm(9, 0), hm(17, 0))]
        );
        let french = WorkingCalendar::french(2026..=2026);
        assert_eq!(french.zone(), chrono_tz::Europe::Paris);
        assert_eq!(french.holidays().len(), 11);
        assert!(french.is_holiday(NaiveDate::from_ymd_opt(2026, 7, 14).unwrap()));
    }

    #[test]
    fn holidays_are_added_once() {
        let christmas = Holiday {
            date: NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
            name: "Christmas".into(),
        };
        let calendar = WorkingCalendar::colours().with_holidays([christmas.clone()]).unwrap();
        assert!(calendar.is_holiday(christmas.date));
        let error = calendar.with_holidays([christmas.clone()]).unwrap_err();
        assert_eq!(error.to_string(), "holidays: 2026-12-25 (Christmas) is listed twice");
        let twice = WorkingCalendar::colours().with_holidays([christmas.clone(), christmas]);
        assert!(twice.is_err());
    }
}
