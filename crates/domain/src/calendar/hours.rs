//! Counting working time: the instants of each day's intervals, walked day
//! by day (see the module documentation of [`super`] for the choices).

use std::collections::btree_set;
use std::iter::Peekable;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::GapInfo;

use super::WorkingCalendar;
use super::week::offset_of_end;

impl WorkingCalendar {
    /// The instant at which `duration` of working time has passed since
    /// `from`. Counting starts at `from` if it is a working instant, at the
    /// next working instant otherwise. A zero or negative `duration` returns
    /// `from` unchanged. When the time runs out at the end of an interval,
    /// that end is returned (`DateTime::<Utc>::MAX_UTC` past the range of
    /// dates). O(days spanned); see the module documentation.
    pub fn add_working(&self, from: DateTime<Utc>, duration: Duration) -> DateTime<Utc> {
        if duration <= Duration::zero() {
            return from;
        }
        let mut remaining = duration;
        let mut walk = Walk::new(self, self.first_date(from));
        loop {
            if let Some(weeks) = self.weeks_to_add(&mut walk, from, remaining) {
                remaining -= self.nominal_week * weeks;
                walk.advance(7 * u64::from(weeks.unsigned_abs()));
                continue;
            }
            for (start, end) in walk.intervals() {
                if end <= from {
                    continue;
                }
                let start = start.max(from);
                if remaining <= end - start {
                    return start + remaining;
                }
                remaining -= end - start;
            }
            if !walk.advance(1) {
                return DateTime::<Utc>::MAX_UTC;
            }
        }
    }

    /// The working time in `[from, to)`; zero if `to` is not after `from`.
    /// O(days spanned); see the module documentation.
    pub fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        if to <= from {
            return total;
        }
        let last = self.local_date(to);
        let mut walk = Walk::new(self, self.first_date(from));
        while walk.date <= last || self.day_start(walk.date) < to {
            if let Some(weeks) = self.weeks_within(&mut walk, from, to) {
                total += self.nominal_week * weeks;
                walk.advance(7 * u64::from(weeks.unsigned_abs()));
                continue;
            }
            for (start, end) in walk.intervals() {
                let (start, end) = (start.max(from), end.min(to));
                if end > start {
                    total += end - start;
                }
            }
            if !walk.advance(1) {
                break;
            }
        }
        total
    }

    /// Whether `at` lies inside a working interval (start included, end
    /// excluded).
    pub fn is_working(&self, at: DateTime<Utc>) -> bool {
        let mut walk = Walk::new(self, self.first_date(at));
        loop {
            if walk.intervals().any(|(start, end)| start <= at && at < end) {
                return true;
            }
            if !walk.advance(1) || self.day_start(walk.date) > at {
                return false;
            }
        }
    }

    /// `at` itself if it is a working instant, the start of the next working
    /// interval otherwise (`DateTime::<Utc>::MAX_UTC` if none comes before
    /// the end of the range of dates).
    pub fn next_working_instant(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let mut walk = Walk::new(self, self.first_date(at));
        loop {
            if let Some((start, _)) = walk.intervals().find(|&(_, end)| end > at) {
                return start.max(at);
            }
            if !walk.advance(1) {
                return DateTime::<Utc>::MAX_UTC;
            }
        }
    }

    /// The first local date whose intervals may end after `at`: `at`'s own,
    /// or an earlier one when `at` comes before that day's midnight (clocks
    /// put back across midnight).
    fn first_date(&self, at: DateTime<Utc>) -> NaiveDate {
        let mut date = self.local_date(at);
        while self.day_start(date) > at {
            match date.pred_opt() {
                Some(previous) => date = previous,
                None => break,
            }
        }
        date
    }

    /// The local date of `at`, the first or last date at the ends of time.
    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        let utc = at.naive_utc();
        let offset = self
            .fixed
            .unwrap_or_else(|| self.zone.offset_from_utc_datetime(&utc).fix());
        match utc.checked_add_offset(offset) {
            Some(local) => local.date(),
            None if offset.local_minus_utc() > 0 => NaiveDate::MAX,
            None => NaiveDate::MIN,
        }
    }

    /// The working intervals of `date` (none on a holiday), as instants, in
    /// order. An interval that falls inside a daylight-saving gap is left
    /// out.
    fn day_intervals(
        &self,
        date: NaiveDate,
        holiday: bool,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let intervals: &[(NaiveTime, NaiveTime)] = if holiday {
            &[]
        } else {
            &self.week[date.weekday().num_days_from_monday() as usize]
        };
        intervals.iter().filter_map(move |&(start, end)| {
            let start = self.instant(date.and_time(start));
            let end = match date.and_time(NaiveTime::MIN).checked_add_signed(offset_of_end(end)) {
                Some(end) => self.instant(end),
                None => DateTime::<Utc>::MAX_UTC,
            };
            (end > start).then_some((start, end))
        })
    }

    /// The instant of midnight starting `date`.
    fn day_start(&self, date: NaiveDate) -> DateTime<Utc> {
        self.instant(date.and_time(NaiveTime::MIN))
    }

    /// The instant of a wall-clock time: its first occurrence when the
    /// clocks go back, the end of the gap when it was skipped.
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let found = match self.fixed {
            Some(offset) => local.checked_sub_offset(offset).map(|utc| utc.and_utc()),
            None => self.zone.from_local_datetime(&local).earliest().map(|at| at.to_utc()),
        };
        found
            .or_else(|| self.end_of_gap(local))
            .unwrap_or_else(|| self.out_of_range(local))
    }

    fn end_of_gap(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        Some(GapInfo::new(&local, &self.zone)?.end?.to_utc())
    }

    /// An instant for a wall-clock time at the ends of the range of dates.
    fn out_of_range(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let offset = self.zone.offset_from_utc_datetime(&local).fix();
        match local.checked_sub_offset(offset) {
            Some(utc) => utc.and_utc(),
            None if local.year() > 0 => DateTime::<Utc>::MAX_UTC,
            None => DateTime::<Utc>::MIN_UTC,
        }
    }

    /// How many whole weeks from the walk's date can be counted at once by
    /// [`Self::working_between`]: in a zone of fixed offset, weeks without
    /// a holiday that start at or after `from` and end by `to`.
    fn weeks_within(&self, walk: &mut Walk<'_>, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<i32> {
        let start = self.skippable_start(walk.date, from)?;
        walk.clear_weeks((to - start).num_days() / 7)
    }

    /// How many whole weeks from the walk's date can be counted at once by
    /// [`Self::add_working`]: weeks as in [`Self::weeks_within`], while some
    /// working time remains after them.
    fn weeks_to_add(&self, walk: &mut Walk<'_>, from: DateTime<Utc>, remaining: Duration) -> Option<i32> {
        self.skippable_start(walk.date, from)?;
        let by_time = (nanos(remaining) - 1) / nanos(self.nominal_week);
        walk.clear_weeks(i64::try_from(by_time).unwrap_or(i64::MAX))
    }

    /// The start of `date` if weeks may be skipped from it: a zone of fixed
    /// offset, and `date` not before `from`.
    fn skippable_start(&self, date: NaiveDate, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.fixed?;
        let start = self.day_start(date);
        (start >= from).then_some(start)
    }
}

/// A walk over a calendar's days, forward, with the next holiday at hand so
/// that each day costs no search.
struct Walk<'a> {
    calendar: &'a WorkingCalendar,
    date: NaiveDate,
    holidays: Peekable<btree_set::Range<'a, NaiveDate>>,
}

impl<'a> Walk<'a> {
    fn new(calendar: &'a WorkingCalendar, date: NaiveDate) -> Self {
        Self {
            calendar,
            date,
            holidays: calendar.holidays.range(date..).peekable(),
        }
    }

    /// The first holiday on or after the current date.
    fn next_holiday(&mut self) -> Option<NaiveDate> {
        while let Some(&&holiday) = self.holidays.peek() {
            if holiday >= self.date {
                return Some(holiday);
            }
            self.holidays.next();
        }
        None
    }

    /// The working intervals of the current date.
    fn intervals(&mut self) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + 'a {
        let holiday = self.next_holiday() == Some(self.date);
        self.calendar.day_intervals(self.date, holiday)
    }

    /// Moves `days` ahead; false, staying put, past the range of dates.
    fn advance(&mut self, days: u64) -> bool {
        match self.date.checked_add_days(Days::new(days)) {
            Some(date) => {
                self.date = date;
                true
            }
            None => false,
        }
    }

    /// `wanted` weeks from the current date, fewer if a holiday or the end
    /// of the range of dates comes first; `None` when not even one week is
    /// clear.
    fn clear_weeks(&mut self, wanted: i64) -> Option<i32> {
        let before_holiday = match self.next_holiday() {
            Some(holiday) => (holiday - self.date).num_days() / 7,
            None => i64::MAX,
        };
        let before_end = (NaiveDate::MAX - self.date).num_days() / 7;
        let weeks = wanted.min(before_holiday).min(before_end).min(i64::from(i32::MAX));
        i32::try_from(weeks).ok().filter(|&weeks| weeks > 0)
    }
}

/// A duration in nanoseconds, without overflow.
fn nanos(duration: Duration) -> i128 {
    i128::from(duration.num_seconds()) * 1_000_000_000 + i128::from(duration.subsec_nanos())
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Weekday};
    use chrono_tz::Tz;

    use super::*;
    use crate::calendar::{DayIntervals, Holiday};

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn hours(h: i64) -> Duration {
        Duration::hours(h)
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// Every day 01:00–04:00 in Paris: it straddles both changes of 2026.
    fn paris_nights() -> WorkingCalendar {
        let week: [DayIntervals; 7] = std::array::from_fn(|_| vec![(hm(1, 0), hm(4, 0))]);
        WorkingCalendar::new(chrono_tz::Europe::Paris, week).unwrap()
    }

    fn paris_sundays(start: NaiveTime, end: NaiveTime) -> WorkingCalendar {
        let mut week: [DayIntervals; 7] = Default::default();
        week[Weekday::Sun.num_days_from_monday() as usize] = vec![(start, end)];
        WorkingCalendar::new(chrono_tz::Europe::Paris, week).unwrap()
    }

    #[test]
    fn a_ticket_of_friday_evening_is_due_on_monday_morning() {
        let calendar = WorkingCalendar::colours();
        let friday = utc("2026-03-06T16:00:00Z");
        assert_eq!(calendar.add_working(friday, hours(2)), utc("2026-03-09T09:00:00Z"));
        assert_eq!(calendar.working_between(friday, utc("2026-03-09T09:00:00Z")), hours(2));
    }

    #[test]
    fn zero_duration_returns_the_start_unchanged() {
        let calendar = WorkingCalendar::colours();
        let saturday = utc("2026-03-07T12:00:00Z");
        assert_eq!(calendar.add_working(saturday, Duration::zero()), saturday);
        assert_eq!(calendar.add_working(saturday, -hours(3)), saturday);
        assert_eq!(
            calendar.add_working(saturday, Duration::nanoseconds(1)),
            utc("2026-03-09T07:00:00.000000001Z")
        );
    }

    #[test]
    fn time_running_out_at_the_end_of_a_day_ends_there() {
        let calendar = WorkingCalendar::colours();
        let monday = utc("2026-03-09T07:00:00Z");
        assert_eq!(calendar.add_working(monday, hours(8)), utc("2026-03-09T15:00:00Z"));
        assert_eq!(calendar.add_working(monday, hours(40)), utc("2026-03-13T15:00:00Z"));
        assert_eq!(calendar.add_working(monday, hours(41)), utc("2026-03-16T08:00:00Z"));
    }

    #[test]
    fn twenty_four_working_hours_are_three_working_days() {
        let calendar = WorkingCalendar::colours();
        let monday = utc("2026-03-09T07:00:00Z");
        assert_eq!(calendar.add_working(monday, hours(24)), utc("2026-03-11T15:00:00Z"));
        let thursday = utc("2026-03-12T11:00:00Z");
        assert_eq!(calendar.add_working(thursday, hours(24)), utc("2026-03-17T11:00:00Z"));
        assert_eq!(
            calendar.working_between(thursday, utc("2026-03-17T11:00:00Z")),
            hours(24)
        );
    }

    #[test]
    fn a_holiday_is_skipped() {
        let calendar = WorkingCalendar::colours()
            .with_holidays([Holiday::new(date(2026, 3, 9), "closed")])
            .unwrap();
        let friday = utc("2026-03-06T16:00:00Z");
        assert_eq!(calendar.add_working(friday, hours(2)), utc("2026-03-10T09:00:00Z"));
        assert_eq!(calendar.working_between(friday, utc("2026-03-11T07:00:00Z")), hours(8));
        assert!(!calendar.is_working(utc("2026-03-09T10:00:00Z")));
        assert_eq!(
            calendar.next_working_instant(utc("2026-03-09T10:00:00Z")),
            utc("2026-03-10T07:00:00Z")
        );
    }

    #[test]
    fn french_holidays_of_may_2026() {
        let calendar = WorkingCalendar::french(2026..=2026);
        // Thursday 30 April 17:00 CEST, then 1 May (Friday) is a holiday.
        let thursday = utc("2026-04-30T15:00:00Z");
        assert_eq!(calendar.add_working(thursday, hours(1)), utc("2026-05-04T08:00:00Z"));
        // May 2026: 21 weekdays, 4 of them holidays (1, 8, 14 and 25 May).
        let may = calendar.working_between(utc("2026-04-30T22:00:00Z"), utc("2026-05-31T22:00:00Z"));
        assert_eq!(may, hours(17 * 8));
    }

    #[test]
    fn long_spans_count_every_week() {
        let calendar = WorkingCalendar::colours();
        let from = utc("2026-01-05T07:00:00Z");
        assert_eq!(
            calendar.working_between(from, utc("2036-01-07T07:00:00Z")),
            hours(8 * 2610)
        );
        assert_eq!(calendar.add_working(from, hours(8 * 2610)), utc("2036-01-04T15:00:00Z"));
        let french = WorkingCalendar::french(2026..=2027);
        let years = french.working_between(utc("2025-12-31T23:00:00Z"), utc("2027-12-31T23:00:00Z"));
        // 2026: 261 weekdays, 9 holidays on weekdays; 2027: 261 and 7.
        assert_eq!(years, hours(8 * (252 + 254)));
    }

    #[test]
    fn a_french_day_stays_eight_hours_across_daylight_saving() {
        let calendar = WorkingCalendar::french(2026..=2026);
        // Spring forward on Sunday 29 March: Friday is CET, Monday CEST.
        let friday = utc("2026-03-27T15:00:00Z");
        assert_eq!(calendar.add_working(friday, hours(2)), utc("2026-03-30T08:00:00Z"));
        let (week_start, week_end) = (utc("2026-03-23T08:00:00Z"), utc("2026-04-03T15:00:00Z"));
        assert_eq!(calendar.working_between(week_start, week_end), hours(80));
        assert_eq!(
            calendar.working_between(utc("2026-03-30T07:00:00Z"), utc("2026-03-30T15:00:00Z")),
            hours(8)
        );
        // Fall back on Sunday 25 October: Friday is CEST, Monday CET.
        let friday = utc("2026-10-23T14:00:00Z");
        assert_eq!(calendar.add_working(friday, hours(2)), utc("2026-10-26T09:00:00Z"));
        assert_eq!(
            calendar.working_between(utc("2026-10-26T08:00:00Z"), utc("2026-10-26T16:00:00Z")),
            hours(8)
        );
        assert!(calendar.is_working(utc("2026-10-26T08:00:00Z")));
        assert!(!calendar.is_working(utc("2026-10-26T07:59:59Z")));
    }

    #[test]
    fn an_interval_straddling_a_change_is_measured_in_real_time() {
        let calendar = paris_nights();
        let day = |from: &str, to: &str| calendar.working_between(utc(from), utc(to));
        // An ordinary night, then 01:00–04:00 with 02:00–03:00 skipped.
        assert_eq!(day("2026-03-27T12:00:00Z", "2026-03-28T12:00:00Z"), hours(3));
        assert_eq!(day("2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z"), hours(2));
        // 01:00 CEST (23:00 UTC) to 04:00 CET (03:00 UTC), 02:00–03:00 twice.
        assert_eq!(day("2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z"), hours(4));
        let sunday = utc("2026-10-24T23:00:00Z");
        assert_eq!(calendar.add_working(sunday, hours(4)), utc("2026-10-25T03:00:00Z"));
        assert_eq!(calendar.add_working(sunday, hours(5)), utc("2026-10-26T01:00:00Z"));
        let spring = utc("2026-03-29T00:00:00Z");
        assert_eq!(calendar.add_working(spring, hours(2)), utc("2026-03-29T02:00:00Z"));
    }

    #[test]
    fn wall_clock_times_skipped_in_spring_do_not_count() {
        let calendar = paris_sundays(hm(2, 15), hm(2, 45));
        let around = |d: &str| calendar.working_between(utc(&format!("{d}T00:00:00Z")), utc(&format!("{d}T04:00:00Z")));
        assert_eq!(around("2026-03-22"), Duration::minutes(30));
        assert_eq!(around("2026-03-29"), Duration::zero());
        // The interval that does not exist is not a working instant either.
        assert_eq!(
            calendar.next_working_instant(utc("2026-03-29T00:00:00Z")),
            utc("2026-04-05T00:15:00Z")
        );
        let half = paris_sundays(hm(2, 30), hm(3, 30));
        assert_eq!(
            half.working_between(utc("2026-03-29T00:00:00Z"), utc("2026-03-29T04:00:00Z")),
            Duration::minutes(30)
        );
        assert_eq!(
            half.next_working_instant(utc("2026-03-29T00:00:00Z")),
            utc("2026-03-29T01:00:00Z")
        );
    }

    #[test]
    fn wall_clock_times_repeated_in_autumn_count_once() {
        let calendar = paris_sundays(hm(2, 15), hm(2, 45));
        let autumn = calendar.working_between(utc("2026-10-24T22:00:00Z"), utc("2026-10-25T04:00:00Z"));
        assert_eq!(autumn, Duration::minutes(30));
        // The first 02:15 is 00:15 UTC (CEST); the second, 01:15 UTC, is not working.
        assert!(calendar.is_working(utc("2026-10-25T00:15:00Z")));
        assert!(!calendar.is_working(utc("2026-10-25T01:15:00Z")));
    }

    #[test]
    fn a_whole_day_ends_at_midnight() {
        let mut week: [DayIntervals; 7] = Default::default();
        week[0] = vec![(NaiveTime::MIN, NaiveTime::MIN)];
        let calendar = WorkingCalendar::new(Tz::UTC, week).unwrap();
        let monday = utc("2026-03-09T00:00:00Z");
        assert_eq!(calendar.add_working(monday, hours(24)), utc("2026-03-10T00:00:00Z"));
        assert_eq!(calendar.add_working(monday, hours(25)), utc("2026-03-16T01:00:00Z"));
        assert!(!calendar.is_working(utc("2026-03-10T00:00:00Z")));
    }

    #[test]
    fn working_between_is_zero_backwards_and_inside_a_weekend() {
        let calendar = WorkingCalendar::colours();
        let (a, b) = (utc("2026-03-09T08:00:00Z"), utc("2026-03-09T10:00:00Z"));
        assert_eq!(calendar.working_between(a, b), hours(2));
        assert_eq!(calendar.working_between(b, a), Duration::zero());
        assert_eq!(calendar.working_between(a, a), Duration::zero());
        let weekend = calendar.working_between(utc("2026-03-06T15:00:00Z"), utc("2026-03-09T07:00:00Z"));
        assert_eq!(weekend, Duration::zero());
    }

    #[test]
    fn working_instants_and_the_next_one() {
        let calendar = WorkingCalendar::reports();
        assert!(calendar.is_working(utc("2026-03-09T09:00:00Z")));
        assert!(calendar.is_working(utc("2026-03-09T16:59:59Z")));
        assert!(!calendar.is_working(utc("2026-03-09T17:00:00Z")));
        assert!(!calendar.is_working(utc("2026-03-07T12:00:00Z")));
        let inside = utc("2026-03-09T12:34:00Z");
        assert_eq!(calendar.next_working_instant(inside), inside);
        assert_eq!(
            calendar.next_working_instant(utc("2026-03-09T17:00:00Z")),
            utc("2026-03-10T09:00:00Z")
        );
        assert_eq!(
            calendar.next_working_instant(utc("2026-03-13T18:00:00Z")),
            utc("2026-03-16T09:00:00Z")
        );
    }

    #[test]
    fn a_lunch_break_is_not_working_time() {
        let mut week: [DayIntervals; 7] = Default::default();
        week[0] = vec![(hm(8, 0), hm(12, 0)), (hm(13, 30), hm(17, 0))];
        let calendar = WorkingCalendar::new(chrono_tz::Europe::Paris, week).unwrap();
        let monday = utc("2026-01-05T10:00:00Z");
        assert_eq!(calendar.add_working(monday, hours(2)), utc("2026-01-05T13:30:00Z"));
        assert_eq!(
            calendar.working_between(monday, utc("2026-01-05T16:00:00Z")),
            Duration::minutes(270)
        );
        assert!(!calendar.is_working(utc("2026-01-05T11:15:00Z")));
    }

    #[test]
    fn the_ends_of_time_do_not_panic() {
        let calendar = WorkingCalendar::french(2026..=2026);
        let (first, last) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        assert!(calendar.working_between(last - hours(24 * 30), last) > Duration::zero());
        assert!(calendar.working_between(first, first + hours(24 * 30)) > Duration::zero());
        assert_eq!(calendar.add_working(last - hours(24), hours(100)), last);
        assert_eq!(calendar.next_working_instant(last), last);
        let colours = WorkingCalendar::colours();
        assert_eq!(colours.add_working(first, Duration::MAX), last);
        assert!(colours.working_between(first, last) > Duration::zero());
    }
}
