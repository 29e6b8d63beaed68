//! The weekly pattern of a calendar: checking it, and what it adds up to.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Offset, TimeZone, Timelike};
use chrono_tz::Tz;

use super::DayIntervals;
use crate::ValidationError;

const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Zones of the time-zone database whose offset never changed.
const FIXED_NAMES: [&str; 9] = [
    "UTC",
    "UCT",
    "GMT",
    "GMT0",
    "GMT+0",
    "GMT-0",
    "Greenwich",
    "Universal",
    "Zulu",
];

/// Monday to Friday, `start`:00 to `end`:00.
pub(super) fn monday_to_friday(start: u32, end: u32) -> [DayIntervals; 7] {
    let day = vec![(hour(start), hour(end))];
    let mut week: [DayIntervals; 7] = Default::default();
    for intervals in week.iter_mut().take(5) {
        intervals.clone_from(&day);
    }
    week
}

fn hour(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// Time from midnight to `start`.
pub(super) fn offset_of_start(start: NaiveTime) -> Duration {
    start - NaiveTime::MIN
}

/// Time from midnight to `end`, an end of `00:00` being the next midnight.
pub(super) fn offset_of_end(end: NaiveTime) -> Duration {
    if end == NaiveTime::MIN {
        Duration::days(1)
    } else {
        end - NaiveTime::MIN
    }
}

/// Sorts each day's intervals and checks them.
pub(super) fn validate(week: &mut [DayIntervals; 7]) -> Result<(), ValidationError> {
    for (day, intervals) in DAY_NAMES.iter().zip(week.iter_mut()) {
        intervals.sort();
        validate_day(day, intervals)?;
    }
    if week.iter().all(Vec::is_empty) {
        return Err(invalid("the week has no working hours".into()));
    }
    Ok(())
}

fn validate_day(day: &str, intervals: &[(NaiveTime, NaiveTime)]) -> Result<(), ValidationError> {
    for &(start, end) in intervals {
        if start.nanosecond() >= 1_000_000_000 || end.nanosecond() >= 1_000_000_000 {
            return Err(invalid(format!("{day}: {} is a leap second", span(start, end))));
        }
        if offset_of_start(start) >= offset_of_end(end) {
            return Err(invalid(format!(
                "{day}: {} does not start before it ends",
                span(start, end)
            )));
        }
    }
    for pair in intervals.windows(2) {
        let [(start, end), (next_start, next_end)] = [pair[0], pair[1]];
        if offset_of_start(next_start) < offset_of_end(end) {
            return Err(invalid(format!(
                "{day}: {} overlaps {}",
                span(start, end),
                span(next_start, next_end)
            )));
        }
    }
    Ok(())
}

fn invalid(message: String) -> ValidationError {
    ValidationError::new("working_hours", message)
}

fn span(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}–{}", clock(start), clock(end))
}

fn clock(time: NaiveTime) -> String {
    if time.second() == 0 && time.nanosecond() == 0 {
        time.format("%H:%M").to_string()
    } else {
        time.format("%H:%M:%S%.f").to_string()
    }
}

/// The working time of a week without holidays, in wall-clock time.
pub(super) fn total(week: &[DayIntervals; 7]) -> Duration {
    week.iter()
        .flatten()
        .map(|&(start, end)| offset_of_end(end) - offset_of_start(start))
        .fold(Duration::zero(), |sum, length| sum + length)
}

/// The offset of `zone` when it has only ever had one.
pub(super) fn fixed_offset(zone: Tz) -> Option<FixedOffset> {
    let name = zone.name();
    let fixed = name.starts_with("Etc/") || FIXED_NAMES.contains(&name);
    fixed.then(|| zone.offset_from_utc_datetime(&DateTime::UNIX_EPOCH.naive_utc()).fix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_zones_are_recognised() {
        assert_eq!(fixed_offset(Tz::UTC), FixedOffset::east_opt(0));
        assert_eq!(fixed_offset(Tz::Etc__GMTMinus3), FixedOffset::east_opt(3 * 3600));
        assert_eq!(fixed_offset(chrono_tz::Europe::Paris), None);
    }

    #[test]
    fn a_week_adds_up() {
        assert_eq!(total(&monday_to_friday(9, 17)), Duration::hours(40));
        let mut whole_sunday: [DayIntervals; 7] = Default::default();
        whole_sunday[6] = vec![(NaiveTime::MIN, NaiveTime::MIN)];
        assert_eq!(total(&whole_sunday), Duration::hours(24));
    }
}
