//! Reading public holidays from a plain-text list, the format operators
//! write by hand: one holiday a line, `YYYY-MM-DD name`, or
//! `YYYY-MM-DD..YYYY-MM-DD name` for several days (both ends included).
//! Blank lines and lines starting with `#` are skipped.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::{Holiday, HolidayError};

/// The longest holiday, in days, as for iCalendar files.
const LONGEST: i64 = 366;

/// The holidays of a plain-text list, sorted by date, each with its line
/// (counted from 1). Refused, with the line at fault: a malformed date, a
/// range whose end comes before its start or that lasts more than 366
/// days, and a date listed twice (at the later line), ranges included.
pub(super) fn parse_text_lines(text: &str) -> Result<Vec<(usize, Holiday)>, HolidayError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut dates: BTreeMap<NaiveDate, (usize, String)> = BTreeMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let (first, last, name) = parse_line(line, content)?;
        for date in first.iter_days().take_while(|date| *date <= last) {
            if let Some((other_line, other)) = dates.get(&date) {
                return Err(HolidayError::new(
                    line,
                    format!("{date} is already a holiday ({other:?}, line {other_line})"),
                ));
            }
            dates.insert(date, (line, name.to_owned()));
        }
    }
    Ok(dates
        .into_iter()
        .map(|(date, (line, name))| (line, Holiday::new(date, name)))
        .collect())
}

/// A line's first and last dates and its name.
fn parse_line(line: usize, content: &str) -> Result<(NaiveDate, NaiveDate, &str), HolidayError> {
    let (dates, name) = content
        .split_once(char::is_whitespace)
        .map_or((content, ""), |(dates, name)| (dates, name.trim()));
    let (first, last) = match dates.split_once("..") {
        Some((first, last)) => (parse_date(line, first)?, parse_date(line, last)?),
        None => {
            let date = parse_date(line, dates)?;
            (date, date)
        }
    };
    if last < first {
        return Err(HolidayError::new(
            line,
            format!("{first}..{last} ends before it starts"),
        ));
    }
    let days = (last - first).num_days() + 1;
    if days > LONGEST || first.checked_add_days(Days::new(days.unsigned_abs())).is_none() {
        return Err(HolidayError::new(
            line,
            format!("{first}..{last} lasts {days} days, more than {LONGEST}: a holiday list has shorter ones"),
        ));
    }
    Ok((first, last, name))
}

fn parse_date(line: usize, text: &str) -> Result<NaiveDate, HolidayError> {
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(at, b)| match at {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    well_formed
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            HolidayError::new(
                line,
                format!("{text:?} is not a date (expected YYYY-MM-DD, then the holiday's name)"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn error(text: &str) -> (usize, String) {
        let error = parse_text_lines(text).unwrap_err();
        (error.line, error.message)
    }

    #[test]
    fn dates_names_comments_and_ranges_are_read() {
        let text = "# Site closures\n\n2026-12-25 Noël\n  2026-01-01   Jour de l'an  \n2026-08-03..2026-08-05 Summer break\n2026-05-01\n";
        let holidays = parse_text_lines(text).unwrap();
        let read: Vec<(usize, NaiveDate, &str)> = holidays
            .iter()
            .map(|(line, h)| (*line, h.date, h.name.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (4, date(2026, 1, 1), "Jour de l'an"),
                (6, date(2026, 5, 1), ""),
                (5, date(2026, 8, 3), "Summer break"),
                (5, date(2026, 8, 4), "Summer break"),
                (5, date(2026, 8, 5), "Summer break"),
                (3, date(2026, 12, 25), "Noël"),
            ]
        );
    }

    #[test]
    fn malformed_dates_are_refused_with_their_line() {
        assert_eq!(
            error("2026-01-01 New year\n2026-13-01 Nothing\n"),
            (
                2,
                "\"2026-13-01\" is not a date (expected YYYY-MM-DD, then the holiday's name)".into()
            )
        );
        assert_eq!(error("\n\n26-1-1 Short").0, 3);
        assert_eq!(error("2026/01/01 Slashes").0, 1);
        assert_eq!(error("2026-02-30 No such day").0, 1);
        assert_eq!(error("2026-01-01..2026-1-3 Bad end").0, 1);
    }

    #[test]
    fn a_date_listed_twice_is_refused_at_the_later_line() {
        assert_eq!(
            error("2026-12-25 Noël\n# comment\n2026-12-25 Christmas\n"),
            (3, "2026-12-25 is already a holiday (\"Noël\", line 1)".into())
        );
    }

    #[test]
    fn overlapping_ranges_are_refused() {
        let (line, message) = error("2026-12-24..2026-12-31 Closure\n2026-12-30..2027-01-02 New year\n");
        assert_eq!(line, 2);
        assert_eq!(message, "2026-12-30 is already a holiday (\"Closure\", line 1)");
    }

    #[test]
    fn backward_and_overlong_ranges_are_refused() {
        assert_eq!(
            error("2026-12-31..2026-12-01 Backwards"),
            (1, "2026-12-31..2026-12-01 ends before it starts".into())
        );
        assert_eq!(error("2026-01-01..2027-06-01 Too long").0, 1);
        assert!(parse_text_lines("2026-01-01..2026-12-31 A whole year").is_ok());
    }
}
