//! Public holidays, and why a list of them was refused.

use chrono::NaiveDate;

/// A public holiday: a whole local day without work.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Holiday {
    /// The day, in the calendar's time zone.
    pub date: NaiveDate,
    /// What it is called, for a person.
    pub name: String,
}

impl Holiday {
    /// A holiday on `date` called `name`.
    pub fn new(date: NaiveDate, name: impl Into<String>) -> Self {
        Self {
            date,
            name: name.into(),
        }
    }
}

/// A holiday list that was refused, with the line at fault (1 for the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct HolidayError {
    /// The line at fault, counted from 1 in the file as given (before
    /// folded lines are joined).
    pub line: usize,
    /// What is wrong, for a person.
    pub message: String,
}

impl HolidayError {
    /// An error at `line`.
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// How a holiday list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayFormat {
    /// An iCalendar file (RFC 5545), one `VEVENT` per holiday.
    Ical,
    /// One holiday a line, `YYYY-MM-DD name` or `YYYY-MM-DD..YYYY-MM-DD
    /// name`; blank lines and `#` comments skipped.
    Text,
}

impl HolidayFormat {
    /// The format of `text`: iCalendar if its first line that is not blank
    /// is `BEGIN:VCALENDAR`, plain text otherwise.
    pub fn detect(text: &str) -> Self {
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty());
        match first {
            Some(line) if line.eq_ignore_ascii_case("BEGIN:VCALENDAR") => Self::Ical,
            _ => Self::Text,
        }
    }
}

/// The holidays of a list in `format`, sorted by date, each with the line
/// it comes from; a malformed line or a date given twice is refused with
/// the line at fault.
pub fn parse_holidays(text: &str, format: HolidayFormat) -> Result<Vec<(usize, Holiday)>, HolidayError> {
    match format {
        HolidayFormat::Ical => super::ical::parse_ical_lines(text),
        HolidayFormat::Text => super::text::parse_text_lines(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_detected_from_the_first_line() {
        assert_eq!(HolidayFormat::detect("\n  begin:vcalendar\r\n"), HolidayFormat::Ical);
        assert_eq!(HolidayFormat::detect("\u{feff}BEGIN:VCALENDAR\n"), HolidayFormat::Ical);
        assert_eq!(HolidayFormat::detect("# list\nBEGIN:VCALENDAR"), HolidayFormat::Text);
        assert_eq!(HolidayFormat::detect(""), HolidayFormat::Text);
    }

    #[test]
    fn both_formats_give_lines() {
        let ical =
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nSUMMARY:New year\nEND:VEVENT\nEND:VCALENDAR\n";
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let expected = vec![(3, Holiday::new(date, "New year"))];
        assert_eq!(parse_holidays(ical, HolidayFormat::Ical).unwrap(), expected);
        let text = "# one\n\n2026-01-01 New year";
        assert_eq!(
            parse_holidays(text, HolidayFormat::Text).unwrap(),
            vec![(3, Holiday::new(date, "New year"))]
        );
        assert_eq!(
            parse_holidays("BEGIN:VCALENDAR", HolidayFormat::Text).unwrap_err().line,
            1
        );
    }

    #[test]
    fn an_error_names_its_line() {
        assert_eq!(HolidayError::new(7, "bad date").to_string(), "line 7: bad date");
    }
}
