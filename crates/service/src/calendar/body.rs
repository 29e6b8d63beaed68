//! Calendars as the API reads and writes them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use guichet_domain::calendar::{CalendarSpec, Holiday, WeekText, parse_zone};

use crate::{ServiceError, ServiceResult};

/// A calendar: its zone, its week and its holidays.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarBody {
    /// The IANA time zone of the hours and holidays, e.g. `Europe/Paris`.
    #[schema(example = "Europe/Paris")]
    pub zone: String,
    /// The working intervals of each day.
    pub working_hours: WeekBody,
    /// The public holidays, no two on one date.
    #[serde(default)]
    pub holidays: Vec<HolidayBody>,
}

impl CalendarBody {
    /// The calendar, checked: an unknown zone is refused on `zone`, a
    /// malformed, inverted or overlapping interval on `working_hours`, a
    /// malformed or repeated date on `holidays`.
    pub fn spec(&self) -> ServiceResult<CalendarSpec> {
        let zone = parse_zone(&self.zone)?;
        let week = self.working_hours.text().parse()?;
        let holidays = self
            .holidays
            .iter()
            .enumerate()
            .map(|(index, h)| h.holiday(index))
            .collect::<ServiceResult<Vec<_>>>()?;
        Ok(CalendarSpec::new(zone, week, holidays)?)
    }
}

/// The working intervals of each day, `["HH:MM", "HH:MM"]` in the
/// calendar's zone; an end of `24:00` is midnight. A day left out has none.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "tue": [["09:00", "17:00"]]}))]
pub struct WeekBody {
    /// Monday.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub mon: Vec<[String; 2]>,
    /// Tuesday.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub tue: Vec<[String; 2]>,
    /// Wednesday.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub wed: Vec<[String; 2]>,
    /// Thursday.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub thu: Vec<[String; 2]>,
    /// Friday.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub fri: Vec<[String; 2]>,
    /// Saturday.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub sat: Vec<[String; 2]>,
    /// Sunday.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<String>>)]
    pub sun: Vec<[String; 2]>,
}

impl WeekBody {
    /// The week of `spec`.
    pub fn of(spec: &CalendarSpec) -> Self {
        let WeekText {
            mon,
            tue,
            wed,
            thu,
            fri,
            sat,
            sun,
        } = WeekText::of(&spec.week());
        Self {
            mon,
            tue,
            wed,
            thu,
            fri,
            sat,
            sun,
        }
    }

    fn text(&self) -> WeekText {
        WeekText {
            mon: self.mon.clone(),
            tue: self.tue.clone(),
            wed: self.wed.clone(),
            thu: self.thu.clone(),
            fri: self.fri.clone(),
            sat: self.sat.clone(),
            sun: self.sun.clone(),
        }
    }
}

/// A public holiday.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayBody {
    /// The day, `YYYY-MM-DD`, in the calendar's zone.
    #[schema(example = "2026-07-14")]
    pub date: String,
    /// Its name.
    #[serde(default)]
    #[schema(example = "Fête nationale")]
    pub name: String,
}

impl HolidayBody {
    /// The holidays of `spec`.
    pub fn all(spec: &CalendarSpec) -> Vec<Self> {
        spec.holidays()
            .iter()
            .map(|h| Self {
                date: h.date.to_string(),
                name: h.name.clone(),
            })
            .collect()
    }

    fn holiday(&self, index: usize) -> ServiceResult<Holiday> {
        let date = chrono::NaiveDate::parse_from_str(&self.date, "%Y-%m-%d").map_err(|_| {
            ServiceError::invalid(
                "holidays",
                format!("holidays[{index}]: {:?} is not a date (YYYY-MM-DD)", self.date),
            )
        })?;
        Ok(Holiday::new(date, self.name.clone()))
    }
}
