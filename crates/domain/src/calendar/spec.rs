//! A calendar as operators configure it and the store keeps it: a time
//! zone, the week's hours as text, and named holidays; with the formats
//! they are written in (JSON for the store and the API, a short line for
//! the command line).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{DayIntervals, Holiday, HolidayError, WorkingCalendar, french_holidays};
use crate::ValidationError;

/// The short names of the days, Monday first, as the formats spell them.
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A valid calendar with the names of its holidays: what is stored for
/// the deployment or for a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarSpec {
    calendar: WorkingCalendar,
    /// Sorted by date, one per date.
    holidays: Vec<Holiday>,
}

impl CalendarSpec {
    /// A calendar in `zone` with `week` (Monday first, checked as
    /// [`WorkingCalendar::new`] does) and `holidays`, of which no two may
    /// share a date.
    pub fn new(zone: Tz, week: [DayIntervals; 7], mut holidays: Vec<Holiday>) -> Result<Self, ValidationError> {
        holidays.sort();
        let calendar = WorkingCalendar::new(zone, week)?.with_holidays(holidays.iter().cloned())?;
        Ok(Self { calendar, holidays })
    }

    /// The colours calendar of GGUS, without holidays: what counts when
    /// nothing is configured.
    pub fn colours() -> Self {
        Self {
            calendar: WorkingCalendar::colours(),
            holidays: Vec::new(),
        }
    }

    /// The calendar to count working time with.
    pub fn calendar(&self) -> &WorkingCalendar {
        &self.calendar
    }

    /// The time zone.
    pub fn zone(&self) -> Tz {
        self.calendar.zone()
    }

    /// The working intervals of each day, Monday first.
    pub fn week(&self) -> [DayIntervals; 7] {
        std::array::from_fn(|day| self.calendar.intervals(weekday(day)).to_vec())
    }

    /// The holidays, sorted by date.
    pub fn holidays(&self) -> &[Holiday] {
        &self.holidays
    }

    /// This calendar with another zone and week, and the same holidays.
    pub fn with_hours(&self, zone: Tz, week: [DayIntervals; 7]) -> Result<Self, ValidationError> {
        Self::new(zone, week, self.holidays.clone())
    }

    /// This calendar with the holidays of a list (each with its line, as
    /// [`super::parse_holidays`] gives them) in place of its own when
    /// `replace`, or added to them. When adding, a holiday the calendar
    /// already has under the same name is kept once, so importing a list
    /// again changes nothing; one under another name is refused at its
    /// line.
    pub fn with_imported(&self, listed: Vec<(usize, Holiday)>, replace: bool) -> Result<Self, HolidayError> {
        let mut holidays: BTreeMap<NaiveDate, String> = if replace {
            BTreeMap::new()
        } else {
            self.holidays.iter().map(|h| (h.date, h.name.clone())).collect()
        };
        let kept = holidays.clone();
        for (line, holiday) in listed {
            match kept.get(&holiday.date) {
                Some(name) if *name == holiday.name => {}
                Some(name) => {
                    return Err(HolidayError::new(
                        line,
                        format!("{} is already a holiday of the calendar ({name:?})", holiday.date),
                    ));
                }
                None if holidays.contains_key(&holiday.date) => {
                    return Err(HolidayError::new(line, format!("{} is listed twice", holiday.date)));
                }
                None => {
                    holidays.insert(holiday.date, holiday.name);
                }
            }
        }
        let holidays = holidays
            .into_iter()
            .map(|(date, name)| Holiday::new(date, name))
            .collect();
        Self::new(self.zone(), self.week(), holidays).map_err(|e| HolidayError::new(0, e.to_string()))
    }

    /// This calendar with the French public holidays of `years` added (the
    /// preset of [`french_holidays`]), those it has already kept once.
    pub fn with_french_holidays(&self, years: std::ops::RangeInclusive<i32>) -> Result<Self, HolidayError> {
        let listed = french_holidays(years).into_iter().map(|h| (0, h)).collect();
        self.with_imported(listed, false)
    }

    /// The week as the store keeps it: `{"mon":[["07:00","15:00"]],…}`.
    pub fn week_json(&self) -> String {
        week_to_json(&self.week())
    }

    /// The holidays as the store keeps them: `[{"date":"2026-01-01","name":"…"}]`.
    pub fn holidays_json(&self) -> String {
        let listed: Vec<HolidayJson> = self
            .holidays
            .iter()
            .map(|h| HolidayJson {
                date: h.date.to_string(),
                name: h.name.clone(),
            })
            .collect();
        serde_json::to_string(&listed).unwrap_or_default()
    }

    /// A calendar as the store keeps it: the zone's name and the two JSON
    /// texts of [`Self::week_json`] and [`Self::holidays_json`].
    pub fn from_stored(zone: &str, week: &str, holidays: &str) -> Result<Self, ValidationError> {
        let listed: Vec<HolidayJson> = serde_json::from_str(holidays)
            .map_err(|e| ValidationError::new("holidays", format!("not a list of holidays: {e}")))?;
        let holidays = listed
            .into_iter()
            .enumerate()
            .map(|(index, h)| h.holiday(index))
            .collect::<Result<_, _>>()?;
        Self::new(parse_zone(zone)?, week_from_json(week)?, holidays)
    }
}

/// A holiday in JSON.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayJson {
    date: String,
    #[serde(default)]
    name: String,
}

impl HolidayJson {
    fn holiday(self, index: usize) -> Result<Holiday, ValidationError> {
        let date = NaiveDate::parse_from_str(&self.date, "%Y-%m-%d").map_err(|_| {
            ValidationError::new(
                "holidays",
                format!("holidays[{index}]: {:?} is not a date (YYYY-MM-DD)", self.date),
            )
        })?;
        Ok(Holiday::new(date, self.name))
    }
}

/// The IANA zone `name` names (`Europe/Paris`); the error names the field
/// `zone`.
pub fn parse_zone(name: &str) -> Result<Tz, ValidationError> {
    name.trim().parse::<Tz>().map_err(|_| {
        ValidationError::new(
            "zone",
            format!("unknown time zone {name:?}; expected an IANA name such as Europe/Paris"),
        )
    })
}

/// A week's intervals as text, day by day: `[start, end]` as `HH:MM`,
/// an end of `24:00` being midnight at the end of the day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekText {
    /// Monday.
    #[serde(default)]
    pub mon: Vec<[String; 2]>,
    /// Tuesday.
    #[serde(default)]
    pub tue: Vec<[String; 2]>,
    /// Wednesday.
    #[serde(default)]
    pub wed: Vec<[String; 2]>,
    /// Thursday.
    #[serde(default)]
    pub thu: Vec<[String; 2]>,
    /// Friday.
    #[serde(default)]
    pub fri: Vec<[String; 2]>,
    /// Saturday.
    #[serde(default)]
    pub sat: Vec<[String; 2]>,
    /// Sunday.
    #[serde(default)]
    pub sun: Vec<[String; 2]>,
}

impl WeekText {
    /// The days, Monday first.
    fn days(&self) -> [&Vec<[String; 2]>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }

    /// The intervals, parsed (the week is checked later, by
    /// [`CalendarSpec::new`]); the error names the field `working_hours`.
    pub fn parse(&self) -> Result<[DayIntervals; 7], ValidationError> {
        let mut week: [DayIntervals; 7] = Default::default();
        for (day, (intervals, text)) in week.iter_mut().zip(self.days()).enumerate() {
            for [start, end] in text {
                intervals.push((parse_time(day, start, false)?, parse_time(day, end, true)?));
            }
        }
        Ok(week)
    }

    /// The text of `week`.
    pub fn of(week: &[DayIntervals; 7]) -> Self {
        let text = |day: usize| -> Vec<[String; 2]> {
            week[day]
                .iter()
                .map(|&(start, end)| [clock(start, false), clock(end, true)])
                .collect()
        };
        Self {
            mon: text(0),
            tue: text(1),
            wed: text(2),
            thu: text(3),
            fri: text(4),
            sat: text(5),
            sun: text(6),
        }
    }
}

/// `week` as JSON: `{"mon":[["07:00","15:00"]],…,"sun":[]}`.
pub fn week_to_json(week: &[DayIntervals; 7]) -> String {
    serde_json::to_string(&WeekText::of(week)).unwrap_or_default()
}

/// The week of a JSON text such as [`week_to_json`] writes; a day left out
/// has no working hours.
pub fn week_from_json(text: &str) -> Result<[DayIntervals; 7], ValidationError> {
    let week: WeekText = serde_json::from_str(text)
        .map_err(|e| ValidationError::new("working_hours", format!("not a week of hours: {e}")))?;
    week.parse()
}

/// The week of a line such as `mon-fri 09:00-12:00,13:00-17:00; sat
/// 09:00-12:00`: groups separated by `;`, each a list of days or ranges
/// of days (`mon`, `mon-fri`, `mon,wed`) and its intervals. A day left
/// out has no working hours; a day given twice is refused. The error
/// names the field `working_hours`.
pub fn parse_hours(text: &str) -> Result<[DayIntervals; 7], ValidationError> {
    let mut week: [Option<DayIntervals>; 7] = Default::default();
    for group in text.split(';').map(str::trim).filter(|g| !g.is_empty()) {
        let (days, intervals) = group.split_once(char::is_whitespace).ok_or_else(|| {
            invalid(format!(
                "{group:?}: expected days then intervals, as mon-fri 09:00-17:00"
            ))
        })?;
        let days = parse_days(days)?;
        let mut parsed = Vec::new();
        for interval in intervals.split(',').map(str::trim) {
            let (start, end) = interval
                .split_once('-')
                .ok_or_else(|| invalid(format!("{interval:?} is not an interval (HH:MM-HH:MM)")))?;
            let day = days.first().copied().unwrap_or_default();
            parsed.push((parse_time(day, start, false)?, parse_time(day, end, true)?));
        }
        for day in days {
            if week[day].replace(parsed.clone()).is_some() {
                return Err(invalid(format!("{} is given twice", DAYS[day])));
            }
        }
    }
    Ok(week.map(Option::unwrap_or_default))
}

/// `week` as [`parse_hours`] reads it, days with the same intervals
/// grouped: `mon-fri 07:00-15:00`; `none` for a week without hours.
pub fn format_hours(week: &[DayIntervals; 7]) -> String {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for day in 0..7 {
        match groups.last_mut() {
            Some((_, last)) if *last + 1 == day && week[*last] == week[day] => *last = day,
            _ => groups.push((day, day)),
        }
    }
    let text: Vec<String> = groups
        .into_iter()
        .filter(|&(first, _)| !week[first].is_empty())
        .map(|(first, last)| {
            let days = if first == last {
                DAYS[first].to_owned()
            } else {
                format!("{}-{}", DAYS[first], DAYS[last])
            };
            let intervals: Vec<String> = week[first]
                .iter()
                .map(|&(start, end)| format!("{}-{}", clock(start, false), clock(end, true)))
                .collect();
            format!("{days} {}", intervals.join(","))
        })
        .collect();
    if text.is_empty() {
        "none".into()
    } else {
        text.join("; ")
    }
}

/// The days of `mon-fri`, `sat`, `mon,wed,fri-sun`.
fn parse_days(text: &str) -> Result<Vec<usize>, ValidationError> {
    let mut days = Vec::new();
    for part in text.split(',') {
        let (first, last) = part.split_once('-').unwrap_or((part, part));
        let (first, last) = (day_index(first)?, day_index(last)?);
        if last < first {
            return Err(invalid(format!("{part:?}: the days must run from Monday to Sunday")));
        }
        days.extend(first..=last);
    }
    Ok(days)
}

fn day_index(name: &str) -> Result<usize, ValidationError> {
    DAYS.iter()
        .position(|day| day.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| invalid(format!("{name:?} is not a day (mon, tue, wed, thu, fri, sat, sun)")))
}

/// `HH:MM`; `24:00` only as an end (midnight at the end of the day).
fn parse_time(day: usize, text: &str, end: bool) -> Result<NaiveTime, ValidationError> {
    let text = text.trim();
    if end && text == "24:00" {
        return Ok(NaiveTime::MIN);
    }
    let well_formed = text.len() == 5 && text.as_bytes()[2] == b':';
    well_formed
        .then(|| NaiveTime::parse_from_str(text, "%H:%M").ok())
        .flatten()
        .ok_or_else(|| invalid(format!("{}: {text:?} is not a time (HH:MM)", DAYS[day])))
}

/// `HH:MM`, an end at midnight being `24:00`.
fn clock(time: NaiveTime, end: bool) -> String {
    if end && time == NaiveTime::MIN {
        "24:00".into()
    } else {
        time.format("%H:%M").to_string()
    }
}

fn weekday(day: usize) -> Weekday {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][day % 7]
}

fn invalid(message: String) -> ValidationError {
    ValidationError::new("working_hours", message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{HolidayFormat, parse_holidays};

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn office() -> [DayIntervals; 7] {
        parse_hours("mon-fri 09:00-12:00,13:00-17:00; sat 09:00-12:00").unwrap()
    }

    #[test]
    fn hours_are_read_and_written_back() {
        let week = office();
        assert_eq!(week[0], [(hm(9, 0), hm(12, 0)), (hm(13, 0), hm(17, 0))]);
        assert_eq!(week[4], week[0]);
        assert_eq!(week[5], [(hm(9, 0), hm(12, 0))]);
        assert!(week[6].is_empty());
        let text = format_hours(&week);
        assert_eq!(text, "mon-fri 09:00-12:00,13:00-17:00; sat 09:00-12:00");
        assert_eq!(parse_hours(&text).unwrap(), week);
        let nights = parse_hours("mon,wed 22:00-24:00; sun 00:00-06:00").unwrap();
        assert_eq!(nights[0], [(hm(22, 0), NaiveTime::MIN)]);
        assert_eq!(
            format_hours(&nights),
            "mon 22:00-24:00; wed 22:00-24:00; sun 00:00-06:00"
        );
        assert_eq!(format_hours(&Default::default()), "none");
    }

    #[test]
    fn bad_hours_name_the_field_and_the_fault() {
        let cases = [
            (
                "mon-fri",
                "\"mon-fri\": expected days then intervals, as mon-fri 09:00-17:00",
            ),
            (
                "lun 09:00-17:00",
                "\"lun\" is not a day (mon, tue, wed, thu, fri, sat, sun)",
            ),
            (
                "fri-mon 09:00-17:00",
                "\"fri-mon\": the days must run from Monday to Sunday",
            ),
            ("mon 9h", "\"9h\" is not an interval (HH:MM-HH:MM)"),
            ("mon 9h-17h", "mon: \"9h\" is not a time (HH:MM)"),
            ("tue 09:00-25:00", "tue: \"25:00\" is not a time (HH:MM)"),
            ("mon 24:00-10:00", "mon: \"24:00\" is not a time (HH:MM)"),
            ("mon-fri 09:00-17:00; fri 10:00-11:00", "fri is given twice"),
        ];
        for (text, message) in cases {
            let error = parse_hours(text).unwrap_err();
            assert_eq!(
                (error.field, error.message.as_str()),
                ("working_hours", message),
                "{text}"
            );
        }
    }

    #[test]
    fn a_spec_round_trips_through_its_stored_form() {
        let holidays = vec![
            Holiday::new(date(2026, 12, 25), "Noël"),
            Holiday::new(date(2026, 1, 1), "Jour \"1\""),
        ];
        let spec = CalendarSpec::new(chrono_tz::Europe::Paris, office(), holidays).unwrap();
        assert_eq!(spec.holidays()[0].date, date(2026, 1, 1));
        assert!(spec.calendar().is_holiday(date(2026, 12, 25)));
        let week = spec.week_json();
        assert!(
            week.starts_with(r#"{"mon":[["09:00","12:00"],["13:00","17:00"]],"tue""#),
            "{week}"
        );
        let back = CalendarSpec::from_stored("Europe/Paris", &week, &spec.holidays_json()).unwrap();
        assert_eq!(back, spec);
        assert_eq!(
            CalendarSpec::from_stored("UTC", r#"{"fri":[["07:00","15:00"]]}"#, "[]")
                .unwrap()
                .week()[4],
            [(hm(7, 0), hm(15, 0))]
        );
    }

    #[test]
    fn bad_stored_forms_name_their_field() {
        let week = CalendarSpec::colours().week_json();
        let field =
            |zone: &str, week: &str, holidays: &str| CalendarSpec::from_stored(zone, week, holidays).unwrap_err().field;
        assert_eq!(field("Mars/Olympus", &week, "[]"), "zone");
        assert_eq!(field("UTC", r#"{"mo":[]}"#, "[]"), "working_hours");
        assert_eq!(field("UTC", r#"{"mon":[["17:00","09:00"]]}"#, "[]"), "working_hours");
        assert_eq!(field("UTC", "{}", "[]"), "working_hours");
        let error = CalendarSpec::from_stored("UTC", &week, r#"[{"date":"2026-01-01"},{"date":"1 May"}]"#).unwrap_err();
        assert_eq!(error.message, "holidays[1]: \"1 May\" is not a date (YYYY-MM-DD)");
        let twice = r#"[{"date":"2026-01-01","name":"a"},{"date":"2026-01-01","name":"b"}]"#;
        assert_eq!(field("UTC", &week, twice), "holidays");
    }

    #[test]
    fn importing_adds_or_replaces() {
        let spec = CalendarSpec::colours();
        let first = parse_holidays("2026-01-01 New year\n2026-05-01 May day", HolidayFormat::Text).unwrap();
        let spec = spec.with_imported(first.clone(), false).unwrap();
        assert_eq!(spec.holidays().len(), 2);
        assert_eq!(spec.with_imported(first, false).unwrap(), spec);
        let clash = parse_holidays("2026-12-25 Christmas\n2026-05-01 Labour day", HolidayFormat::Text).unwrap();
        let error = spec.with_imported(clash.clone(), false).unwrap_err();
        assert_eq!(
            (error.line, error.message.as_str()),
            (2, "2026-05-01 is already a holiday of the calendar (\"May day\")")
        );
        let replaced = spec.with_imported(clash, true).unwrap();
        let names: Vec<&str> = replaced.holidays().iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["Labour day", "Christmas"]);
        assert!(!replaced.calendar().is_holiday(date(2026, 1, 1)));
        assert_eq!(replaced.zone(), Tz::UTC);
    }

    #[test]
    fn the_french_preset_is_added_once() {
        let spec = CalendarSpec::colours().with_french_holidays(2026..=2027).unwrap();
        assert_eq!(spec.holidays().len(), 22);
        let again = spec.with_french_holidays(2027..=2028).unwrap();
        assert_eq!(again.holidays().len(), 33);
    }

    #[test]
    fn new_hours_keep_the_holidays() {
        let spec = CalendarSpec::colours().with_french_holidays(2026..=2026).unwrap();
        let moved = spec.with_hours(chrono_tz::Europe::Paris, office()).unwrap();
        assert_eq!(moved.holidays(), spec.holidays());
        assert_eq!(moved.zone(), chrono_tz::Europe::Paris);
        assert!(spec.with_hours(Tz::UTC, Default::default()).is_err());
    }
}
