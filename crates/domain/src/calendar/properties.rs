//! Property tests of the working-time arithmetic, on calendars with a fixed
//! offset, with holidays, and with intervals across daylight-saving changes.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;

use super::{DayIntervals, WorkingCalendar, french_holidays};

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// Paris with a lunch break, Saturday mornings, and Sunday night intervals
/// that straddle, or fall inside, the changes of the clocks.
fn paris_shifts() -> WorkingCalendar {
    let weekday = vec![(hm(8, 0), hm(12, 0)), (hm(13, 30), hm(17, 30))];
    let week: [DayIntervals; 7] = [
        weekday.clone(),
        weekday.clone(),
        weekday.clone(),
        weekday.clone(),
        weekday,
        vec![(hm(9, 0), hm(12, 0))],
        vec![
            (hm(0, 30), hm(2, 30)),
            (hm(2, 45), hm(3, 15)),
            (hm(22, 0), NaiveTime::MIN),
        ],
    ];
    WorkingCalendar::new(chrono_tz::Europe::Paris, week).unwrap()
}

fn calendars() -> [WorkingCalendar; 4] {
    let colours = WorkingCalendar::colours().with_holidays(french_holidays(2025..=2028));
    [
        WorkingCalendar::colours(),
        colours.unwrap(),
        WorkingCalendar::french(2025..=2028),
        paris_shifts(),
    ]
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

/// An instant at minute precision in 2025–2028, often near a change of the
/// clocks in Paris.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let anywhere = (0i64..4 * 366 * 1440).prop_map(|m| utc(2025, 1, 1, 0) + Duration::minutes(m));
    let changes = [utc(2026, 3, 29, 1), utc(2026, 10, 25, 1), utc(2027, 3, 28, 1)];
    let near_change =
        (0usize..3, -4 * 1440i64..4 * 1440).prop_map(move |(change, m)| changes[change] + Duration::minutes(m));
    prop_oneof![anywhere, near_change]
}

fn minutes(max: i64) -> impl Strategy<Value = Duration> {
    (0..=max).prop_map(Duration::minutes)
}

fn calendar() -> impl Strategy<Value = WorkingCalendar> {
    (0usize..4).prop_map(|index| calendars()[index].clone())
}

proptest! {
    #[test]
    fn adding_then_measuring_gives_the_duration_back(
        calendar in calendar(), from in instant(), duration in minutes(500 * 60),
    ) {
        let due = calendar.add_working(from, duration);
        prop_assert_eq!(calendar.working_between(from, due), duration);
    }

    #[test]
    fn the_result_of_adding_is_working_or_the_end_of_an_interval(
        calendar in calendar(), from in instant(), duration in minutes(500 * 60),
    ) {
        prop_assume!(duration > Duration::zero());
        let due = calendar.add_working(from, duration);
        prop_assert!(due > calendar.next_working_instant(from));
        let just_before = due - Duration::nanoseconds(1);
        prop_assert!(calendar.is_working(due) || calendar.is_working(just_before), "{}", due);
    }

    #[test]
    fn working_time_adds_up(
        calendar in calendar(), a in instant(), ab in minutes(40 * 1440), bc in minutes(40 * 1440),
    ) {
        let (b, c) = (a + ab, a + ab + bc);
        let (first, second, whole) = (
            calendar.working_between(a, b),
            calendar.working_between(b, c),
            calendar.working_between(a, c),
        );
        prop_assert_eq!(first + second, whole);
        prop_assert!(first <= whole && second <= whole);
        prop_assert!(first <= b - a && second <= c - b && whole <= c - a);
        prop_assert!(first >= Duration::zero() && second >= Duration::zero());
    }

    #[test]
    fn working_time_matches_a_count_of_minutes(
        calendar in calendar(), from in instant(), span in 0i64..3 * 1440,
    ) {
        let working = (0..span).filter(|&m| calendar.is_working(from + Duration::minutes(m))).count();
        let expected = Duration::minutes(i64::try_from(working).unwrap_or(i64::MAX));
        prop_assert_eq!(calendar.working_between(from, from + Duration::minutes(span)), expected);
    }

    #[test]
    fn the_next_working_instant_is_working_and_nothing_comes_before(
        calendar in calendar(), at in instant(),
    ) {
        let next = calendar.next_working_instant(at);
        prop_assert!(next >= at);
        prop_assert!(calendar.is_working(next));
        prop_assert_eq!(calendar.working_between(at, next), Duration::zero());
        prop_assert_eq!(calendar.is_working(at), next == at);
    }

    #[test]
    fn a_weekend_has_no_working_time(
        index in 0usize..3, week in 0i64..200, start in minutes(47 * 60), length in minutes(47 * 60),
    ) {
        let calendar = calendars()[index].clone();
        let saturday = NaiveDate::from_ymd_opt(2025, 1, 4).unwrap_or(NaiveDate::MIN) + Duration::weeks(week);
        let midnight = calendar.zone().from_local_datetime(&saturday.and_time(NaiveTime::MIN)).earliest();
        let from = midnight.map(|at| at.to_utc()).unwrap_or(DateTime::UNIX_EPOCH) + start;
        let to = (from + length).min(from - start + Duration::hours(47));
        prop_assert_eq!(calendar.working_between(from, to), Duration::zero());
    }

    #[test]
    fn a_holiday_has_no_working_time(
        index in 0usize..44, start in minutes(23 * 60), length in minutes(23 * 60),
    ) {
        let calendar = WorkingCalendar::french(2025..=2028);
        let holidays = french_holidays(2025..=2028);
        let day = holidays[index % holidays.len()].date;
        let midnight = calendar.zone().from_local_datetime(&day.and_time(NaiveTime::MIN)).earliest();
        let from = midnight.map(|at| at.to_utc()).unwrap_or(DateTime::UNIX_EPOCH) + start;
        let to = (from + length).min(from - start + Duration::hours(23));
        prop_assert!(calendar.is_holiday(day));
        prop_assert_eq!(calendar.working_between(from, to), Duration::zero());
    }
}
