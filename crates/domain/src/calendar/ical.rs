//! Reading public holidays from an iCalendar file (RFC 5545).
//!
//! Only what a holiday list needs is read: each `VEVENT`'s `DTSTART` (a
//! date), its optional end (`DTEND`, exclusive, or `DURATION` in days or
//! weeks) and its `SUMMARY`. Folded lines are joined first. Other
//! properties and components are skipped, but a repeating event (`RRULE`,
//! `RDATE`) is refused rather than read as its first day only.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::{Holiday, HolidayError};

/// The longest holiday, in days: a longer one is surely a typing mistake.
const LONGEST: u64 = 366;

/// The holidays of an iCalendar text, sorted by date; an event of several
/// days gives one holiday per day. Refused, with the line at fault: a
/// malformed line or date, an event without `DTSTART`, an end that is not
/// after the start, a repeating event, components that do not nest, and two
/// events on one date (at the later event's `DTSTART`). An event without
/// `SUMMARY` has an empty name.
pub fn parse_ical_holidays(text: &str) -> Result<Vec<Holiday>, HolidayError> {
    Ok(parse_ical_lines(text)?
        .into_iter()
        .map(|(_, holiday)| holiday)
        .collect())
}

/// [`parse_ical_holidays`], each holiday with the line of its event's
/// `DTSTART`, so that a later check can name the line at fault.
pub(super) fn parse_ical_lines(text: &str) -> Result<Vec<(usize, Holiday)>, HolidayError> {
    let mut reader = Reader::default();
    for (line, content) in unfold(text.strip_prefix('\u{feff}').unwrap_or(text)) {
        reader.read(line, &content)?;
    }
    reader.finish()
}

/// Joins folded lines: a line starting with a space or a tab continues the
/// previous one. Each logical line keeps the number of its first line.
/// Blank lines are dropped.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, previous))) => previous.push_str(rest),
            _ if raw.trim().is_empty() => {}
            _ => lines.push((index + 1, raw.to_owned())),
        }
    }
    lines
}

/// One content line: `NAME;PARAM=VALUE:VALUE`.
struct Property<'a> {
    name: String,
    params: Vec<(String, &'a str)>,
    value: &'a str,
}

impl<'a> Property<'a> {
    fn parse(line: usize, content: &'a str) -> Result<Self, HolidayError> {
        let not_a_property = || HolidayError::new(line, format!("{content:?} is not a property (NAME:VALUE)"));
        let colon = outside_quotes(content, ':').next().ok_or_else(not_a_property)?;
        let (head, value) = (&content[..colon], &content[colon + 1..]);
        let mut parts = split_outside_quotes(head, ';');
        let name = parts.next().unwrap_or_default();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(not_a_property());
        }
        let params = parts.map(|param| parse_param(line, param)).collect::<Result<_, _>>()?;
        Ok(Self {
            name: name.to_ascii_uppercase(),
            params,
            value,
        })
    }

    fn param(&self, key: &str) -> Option<&'a str> {
        self.params.iter().find(|(k, _)| k == key).map(|&(_, value)| value)
    }
}

fn parse_param(line: usize, param: &str) -> Result<(String, &str), HolidayError> {
    let (key, value) = param
        .split_once('=')
        .ok_or_else(|| HolidayError::new(line, format!("parameter {param:?} has no value (KEY=VALUE)")))?;
    Ok((key.to_ascii_uppercase(), value.trim_matches('"')))
}

/// Byte positions of `separator` outside double quotes.
fn outside_quotes(text: &str, separator: char) -> impl Iterator<Item = usize> + '_ {
    let mut quoted = false;
    text.char_indices().filter_map(move |(at, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        (c == separator && !quoted).then_some(at)
    })
}

fn split_outside_quotes(text: &str, separator: char) -> impl Iterator<Item = &str> + '_ {
    let mut cuts: Vec<usize> = outside_quotes(text, separator).collect();
    cuts.push(text.len());
    let mut start = 0;
    cuts.into_iter().map(move |cut| {
        let part = &text[start..cut];
        start = cut + separator.len_utf8();
        part
    })
}

/// A date property's value, with the line it came from.
#[derive(Clone, Copy)]
struct Dated {
    date: NaiveDate,
    line: usize,
}

/// What has been read of the event being read.
#[derive(Default)]
struct Event {
    begin: usize,
    start: Option<Dated>,
    end: Option<Dated>,
    days: Option<(u64, usize)>,
    summary: Option<String>,
}

/// The reader's state: open components, the current event, the dates seen.
#[derive(Default)]
struct Reader {
    open: Vec<(String, usize)>,
    event: Option<Event>,
    /// Each holiday date, with its name and its event's `DTSTART` line.
    dates: BTreeMap<NaiveDate, (String, usize)>,
}

impl Reader {
    fn read(&mut self, line: usize, content: &str) -> Result<(), HolidayError> {
        let property = Property::parse(line, content)?;
        match property.name.as_str() {
            "BEGIN" => self.begin(line, &property.value.to_ascii_uppercase()),
            "END" => self.end(line, &property.value.to_ascii_uppercase()),
            _ if self.in_event() => self.event_property(line, &property),
            _ => Ok(()),
        }
    }

    fn in_event(&self) -> bool {
        self.open.last().is_some_and(|(name, _)| name == "VEVENT")
    }

    fn begin(&mut self, line: usize, component: &str) -> Result<(), HolidayError> {
        if component == "VEVENT" {
            if self.event.is_some() {
                return Err(HolidayError::new(line, "an event cannot hold another event"));
            }
            self.event = Some(Event {
                begin: line,
                ..Event::default()
            });
        }
        self.open.push((component.to_owned(), line));
        Ok(())
    }

    fn end(&mut self, line: usize, component: &str) -> Result<(), HolidayError> {
        match self.open.pop() {
            Some((open, _)) if open == component => {}
            Some((open, begin)) => {
                return Err(HolidayError::new(
                    line,
                    format!("END:{component} does not close BEGIN:{open} of line {begin}"),
                ));
            }
            None => return Err(HolidayError::new(line, format!("END:{component} without BEGIN"))),
        }
        match (component, self.event.take()) {
            ("VEVENT", Some(event)) => self.add(event),
            (_, event) => {
                self.event = event;
                Ok(())
            }
        }
    }

    fn event_property(&mut self, line: usize, property: &Property<'_>) -> Result<(), HolidayError> {
        let Some(event) = self.event.as_mut() else {
            return Ok(());
        };
        match property.name.as_str() {
            "DTSTART" => event.start = Some(once(event.start, line, property)?),
            "DTEND" => event.end = Some(once(event.end, line, property)?),
            "DURATION" => event.days = Some((parse_days(line, property.value)?, line)),
            "SUMMARY" => event.summary = Some(unescape(property.value)),
            "RRULE" | "RDATE" => {
                return Err(HolidayError::new(
                    line,
                    format!(
                        "{} (a repeating event) is not read: list each holiday's date",
                        property.name
                    ),
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// Records the days of a finished event.
    fn add(&mut self, event: Event) -> Result<(), HolidayError> {
        let start = event
            .start
            .ok_or_else(|| HolidayError::new(event.begin, "the event has no DTSTART"))?;
        let days = length(&event, start)?;
        let name = event.summary.unwrap_or_default();
        for day in 0..days {
            let date = start
                .date
                .checked_add_days(Days::new(day))
                .ok_or_else(|| out_of_range(start.line))?;
            if let Some((other, other_line)) = self.dates.get(&date) {
                return Err(HolidayError::new(
                    start.line,
                    format!(
                        "{} is already a holiday ({other:?}, line {other_line})",
                        date.format("%Y%m%d")
                    ),
                ));
            }
            self.dates.insert(date, (name.clone(), start.line));
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<(usize, Holiday)>, HolidayError> {
        if let Some((component, line)) = self.open.last() {
            return Err(HolidayError::new(*line, format!("BEGIN:{component} is never closed")));
        }
        Ok(self
            .dates
            .into_iter()
            .map(|(date, (name, line))| (line, Holiday { date, name }))
            .collect())
    }
}

/// A date property that must appear once in its event.
fn once(previous: Option<Dated>, line: usize, property: &Property<'_>) -> Result<Dated, HolidayError> {
    if let Some(previous) = previous {
        return Err(HolidayError::new(
            line,
            format!(
                "a second {} in the event (the first is on line {})",
                property.name, previous.line
            ),
        ));
    }
    Ok(Dated {
        date: parse_date(line, property)?,
        line,
    })
}

/// How many days an event lasts: to its exclusive `DTEND`, its `DURATION`,
/// or one day.
fn length(event: &Event, start: Dated) -> Result<u64, HolidayError> {
    let days = match (event.end, event.days) {
        (Some(_), Some((_, line))) => {
            return Err(HolidayError::new(line, "an event has DTEND or DURATION, not both"));
        }
        (Some(end), None) => {
            if end.date <= start.date {
                return Err(HolidayError::new(
                    end.line,
                    format!(
                        "DTEND {} is not after DTSTART {} (DTEND is exclusive: a one-day holiday ends the next day)",
                        end.date.format("%Y%m%d"),
                        start.date.format("%Y%m%d")
                    ),
                ));
            }
            ((end.date - start.date).num_days().unsigned_abs(), end.line)
        }
        (None, Some(days)) => days,
        (None, None) => (1, start.line),
    };
    match days {
        (days, line) if days > LONGEST => Err(HolidayError::new(
            line,
            format!("the event lasts {days} days, more than {LONGEST}: a holiday list has shorter ones"),
        )),
        (days, _) => Ok(days),
    }
}

/// A `DATE` value: `YYYYMMDD`.
fn parse_date(line: usize, property: &Property<'_>) -> Result<NaiveDate, HolidayError> {
    if let Some(kind) = property
        .param("VALUE")
        .filter(|kind| !kind.eq_ignore_ascii_case("DATE"))
    {
        return Err(HolidayError::new(
            line,
            format!(
                "{} is VALUE={kind}: a holiday is a whole day (VALUE=DATE)",
                property.name
            ),
        ));
    }
    let value = property.value.trim();
    let date = (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| NaiveDate::parse_from_str(value, "%Y%m%d").ok())
        .flatten();
    date.ok_or_else(|| {
        HolidayError::new(
            line,
            format!("{} {value:?} is not a date (YYYYMMDD, a whole day)", property.name),
        )
    })
}

/// A `DURATION` of whole days or weeks: `P3D`, `P1W`.
fn parse_days(line: usize, value: &str) -> Result<u64, HolidayError> {
    let bad = || {
        HolidayError::new(
            line,
            format!("DURATION {value:?} is not whole days or weeks (P1D, P2W)"),
        )
    };
    let body = value.trim().strip_prefix('+').unwrap_or(value.trim());
    let body = body.strip_prefix('P').ok_or_else(bad)?;
    let (count, per) = match (body.strip_suffix('D'), body.strip_suffix('W')) {
        (Some(count), _) => (count, 1),
        (_, Some(count)) => (count, 7),
        _ => return Err(bad()),
    };
    let count: u64 = count
        .parse()
        .ok()
        .filter(|_| count.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(bad)?;
    match count.saturating_mul(per) {
        0 => Err(HolidayError::new(
            line,
            "DURATION is zero: a holiday lasts at least a day",
        )),
        days => Ok(days),
    }
}

fn out_of_range(line: usize) -> HolidayError {
    HolidayError::new(line, "the event runs past the range of dates")
}

/// A `TEXT` value with its escapes (`\,`, `\;`, `\\`, `\n`) undone.
fn unescape(value: &str) -> String {
    let mut text = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => text.push('\n'),
                Some(other) => text.push(other),
                None => text.push('\\'),
            },
            (c, false) => text.push(c),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> &'static str {
        match name {
            "french_2026" => include_str!("../../tests/fixtures/calendar/french_2026.ics"),
            "malformed_date" => include_str!("../../tests/fixtures/calendar/malformed_date.ics"),
            "overlap" => include_str!("../../tests/fixtures/calendar/overlap.ics"),
            "folded" => include_str!("../../tests/fixtures/calendar/folded.ics"),
            _ => "",
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    fn error(text: &str) -> (usize, String) {
        let error = parse_ical_holidays(text).unwrap_err();
        (error.line, error.message)
    }

    fn event(lines: &str) -> String {
        format!("BEGIN:VCALENDAR\nBEGIN:VEVENT\n{lines}\nEND:VEVENT\nEND:VCALENDAR\n")
    }

    #[test]
    fn the_french_list_matches_the_preset() {
        let holidays = parse_ical_holidays(fixture("french_2026")).unwrap();
        assert_eq!(holidays, crate::calendar::french_holidays(2026..=2026));
    }

    #[test]
    fn a_malformed_date_is_refused_with_its_line() {
        let error = parse_ical_holidays(fixture("malformed_date")).unwrap_err();
        assert_eq!(error.line, 12);
        assert_eq!(
            error.to_string(),
            "line 12: DTSTART \"20261332\" is not a date (YYYYMMDD, a whole day)"
        );
    }

    #[test]
    fn an_overlap_is_refused_at_the_later_event() {
        let error = parse_ical_holidays(fixture("overlap")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 15: 20261225 is already a holiday (\"Fermeture de fin d'année\", line 6)"
        );
    }

    #[test]
    fn folded_lines_are_joined_and_counted() {
        let error = parse_ical_holidays(fixture("folded")).unwrap_err();
        assert_eq!(error.line, 16);
        assert!(
            error.message.starts_with("DTSTART \"2026-11-01\" is not a date"),
            "{error}"
        );
        let valid = fixture("folded").replace("2026-\n 11-01", "202611\n 01");
        let holidays = parse_ical_holidays(&valid).unwrap();
        assert_eq!(
            holidays,
            [
                Holiday::new(date(2026, 7, 14), "Fête nationale, jour de la prise de la Bastille"),
                Holiday::new(date(2026, 11, 1), "Toussaint"),
            ]
        );
    }

    #[test]
    fn dtend_is_exclusive_and_duration_counts_days() {
        let span = parse_ical_holidays(&event(
            "DTSTART;VALUE=DATE:20261224\nDTEND;VALUE=DATE:20261227\nSUMMARY:Noël",
        ));
        let dates: Vec<NaiveDate> = span.unwrap().into_iter().map(|h| h.date).collect();
        assert_eq!(dates, [date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)]);
        let week = parse_ical_holidays(&event("DTSTART:20260803\nDURATION:P1W")).unwrap();
        assert_eq!(week.len(), 7);
        assert_eq!(week[0], Holiday::new(date(2026, 8, 3), ""));
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let (line, message) = error(&event("DTSTART:20261225\nDTEND:20261224"));
        assert_eq!(line, 4);
        assert!(
            message.starts_with("DTEND 20261224 is not after DTSTART 20261225"),
            "{message}"
        );
        assert_eq!(error(&event("DTSTART:20261225\nDTEND:20261225")).0, 4);
        let (line, message) = error(&event("DTSTART:20261225\nDTEND:20261226\nDURATION:P1D"));
        assert_eq!(
            (line, message.as_str()),
            (5, "an event has DTEND or DURATION, not both")
        );
    }

    #[test]
    fn an_event_without_start_is_refused() {
        assert_eq!(
            error(&event("SUMMARY:Noël")),
            (2, "the event has no DTSTART".to_owned())
        );
    }

    #[test]
    fn date_times_and_repeating_events_are_refused() {
        let (line, message) = error(&event("DTSTART:20261225T090000"));
        assert_eq!(line, 3);
        assert_eq!(
            message,
            "DTSTART \"20261225T090000\" is not a date (YYYYMMDD, a whole day)"
        );
        let (_, message) = error(&event("DTSTART;VALUE=DATE-TIME:20261225T090000"));
        assert_eq!(
            message,
            "DTSTART is VALUE=DATE-TIME: a holiday is a whole day (VALUE=DATE)"
        );
        let (line, message) = error(&event("DTSTART:20261225\nRRULE:FREQ=YEARLY"));
        assert_eq!(line, 4);
        assert!(
            message.starts_with("RRULE (a repeating event) is not read"),
            "{message}"
        );
        assert_eq!(error(&event("DTSTART:20261225\nDURATION:PT24H")).0, 4);
        assert_eq!(error(&event("DTSTART:20260101\nDTEND:20280101")).0, 4);
        assert_eq!(error(&event("DTSTART:20261225\nDTSTART:20261226")).0, 4);
    }

    #[test]
    fn components_must_nest() {
        assert_eq!(
            error("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225\nEND:VCALENDAR\n"),
            (4, "END:VCALENDAR does not close BEGIN:VEVENT of line 2".to_owned())
        );
        assert_eq!(
            error("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225\nEND:VEVENT\n"),
            (1, "BEGIN:VCALENDAR is never closed".to_owned())
        );
        assert_eq!(error("END:VEVENT\n"), (1, "END:VEVENT without BEGIN".to_owned()));
        assert_eq!(error("BEGIN:VCALENDAR\nno colon here\nEND:VCALENDAR").0, 2);
    }

    #[test]
    fn other_components_and_properties_are_skipped() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nDTSTART:garbage\r\nEND:VTODO\r\nBEGIN:VEVENT\r\n\
                    UID:1@example\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260501\r\n\
                    SUMMARY;LANGUAGE=fr:Fête\\, \\;du travail\r\nBEGIN:VALARM\r\nDTSTART:nope\r\n\
                    END:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assert_eq!(
            parse_ical_holidays(text).unwrap(),
            [Holiday::new(date(2026, 5, 1), "Fête, ;du travail")]
        );
        assert_eq!(parse_ical_holidays("").unwrap(), []);
    }

    #[test]
    fn unfolding_keeps_the_first_line_number() {
        let lines = unfold("A:1\n B\n\tC\nD:2\r\n\r\nE:3");
        let expected = [(1, "A:1BC"), (4, "D:2"), (6, "E:3")];
        assert_eq!(lines, expected.map(|(n, s)| (n, s.to_owned())));
    }
}
