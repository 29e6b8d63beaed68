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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_its_line() {
        assert_eq!(HolidayError::new(7, "bad date").to_string(), "line 7: bad date");
    }
}
