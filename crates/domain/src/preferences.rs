//! What each person chooses for themselves: the language of pages and
//! mails, the time zone dates are shown in, and how their new tickets
//! notify them.

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::label::labelled_enum;
use crate::ticket::NotificationMode;

labelled_enum! {
    /// A language of the pages and mails.
    Language, field = "language" {
        /// English, the reference for GGUS's terms.
        En => "en",
        /// French.
        Fr => "fr",
    }
}

/// A time zone of the IANA database, such as `Europe/Paris`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    /// Coordinated Universal Time, the default.
    pub const UTC: TimeZone = TimeZone(chrono_tz::Tz::UTC);

    /// The zone an IANA name such as `Europe/Paris` names; the error names
    /// the field.
    pub fn parse(name: &str) -> Result<Self, ValidationError> {
        name.trim().parse::<chrono_tz::Tz>().map(TimeZone).map_err(|_| {
            ValidationError::new(
                "time_zone",
                format!("unknown time zone {name:?}; expected an IANA name such as Europe/Paris"),
            )
        })
    }

    /// The zone's IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// `at` in this zone, as `2026-12-01 16:05`, with the zone's
    /// abbreviation (`CET`, `UTC`) after it.
    pub fn format(self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).format("%Y-%m-%d %H:%M %Z").to_string()
    }

    /// `at` in this zone, in parts for a page to arrange in its language.
    pub fn local(self, at: DateTime<Utc>) -> LocalMoment {
        let local = at.with_timezone(&self.0);
        LocalMoment {
            year: local.year(),
            month: local.month(),
            day: local.day(),
            time: format!("{:02}:{:02}", local.hour(), local.minute()),
            zone: local.format("%Z").to_string(),
        }
    }

    /// The moment a wall-clock time in this zone designates: the earlier
    /// one when clocks go back, `None` in the hour skipped when they go
    /// forward.
    pub fn to_utc(self, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
        wall.and_local_timezone(self.0).earliest().map(|at| at.to_utc())
    }

    /// The names of every zone, for a form's choices: the canonical ones,
    /// sorted.
    pub fn names() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
    }
}

/// A moment as a clock in some zone shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMoment {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month.
    pub day: u32,
    /// Hours and minutes, `16:05`.
    pub time: String,
    /// The zone's abbreviation then, `CET` or `CEST`.
    pub zone: String,
}

impl Default for TimeZone {
    fn default() -> Self {
        Self::UTC
    }
}

impl Serialize for TimeZone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TimeZone {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// One person's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// The language of pages and mails; `None` follows the browser
    /// (`Accept-Language`), and mails go in English.
    pub language: Option<Language>,
    /// The zone dates are shown in.
    pub time_zone: TimeZone,
    /// The notification mode new tickets start with.
    pub notification_mode: NotificationMode,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            language: None,
            time_zone: TimeZone::UTC,
            notification_mode: NotificationMode::OnSolution,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn time_zones_are_iana_names() {
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        assert_eq!(paris.name(), "Europe/Paris");
        let error = TimeZone::parse("Mars/Olympus").unwrap_err();
        assert_eq!(error.field, "time_zone");
        assert!(TimeZone::parse("").is_err());
        assert!(TimeZone::names().any(|n| n == "America/Chicago"));
    }

    #[test]
    fn dates_show_in_the_zone_with_its_abbreviation() {
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 15, 5, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 15, 5, 0).unwrap();
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        assert_eq!(paris.format(winter), "2026-12-01 16:05 CET");
        assert_eq!(paris.format(summer), "2026-07-01 17:05 CEST");
        assert_eq!(TimeZone::UTC.format(winter), "2026-12-01 15:05 UTC");
    }

    #[test]
    fn wall_clock_times_are_read_in_the_zone() {
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        let wall = |text| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        let winter = paris.to_utc(wall("2026-12-01 16:05")).unwrap();
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 12, 1, 15, 5, 0).unwrap());
        assert_eq!(
            paris.to_utc(wall("2026-03-29 02:30")),
            None,
            "skipped when clocks go forward"
        );
        let twice = paris.to_utc(wall("2026-10-25 02:30")).unwrap();
        assert_eq!(
            twice,
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap(),
            "the earlier"
        );
        let local = paris.local(winter);
        assert_eq!((local.year, local.month, local.day), (2026, 12, 1));
        assert_eq!((local.time.as_str(), local.zone.as_str()), ("16:05", "CET"));
    }

    #[test]
    fn preferences_default_to_the_browser_utc_and_on_solution() {
        let defaults = Preferences::default();
        assert_eq!(defaults.language, None);
        assert_eq!(defaults.time_zone, TimeZone::UTC);
        assert_eq!(defaults.notification_mode, NotificationMode::OnSolution);
        let json = serde_json::to_string(&Preferences {
            language: Some(Language::Fr),
            time_zone: TimeZone::parse("Europe/Paris").unwrap(),
            ..defaults
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"language":"fr","time_zone":"Europe/Paris","notification_mode":"on solution"}"#
        );
        assert!(
            serde_json::from_str::<Preferences>(
                r#"{"language":"fr","time_zone":"Nowhere","notification_mode":"on solution"}"#
            )
            .is_err()
        );
    }
}
