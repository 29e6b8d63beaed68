//! A person's preferences: language, time zone, default notification mode.

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::preferences::{Language, Preferences, TimeZone};
use guichet_domain::ticket::NotificationMode;

use super::person;
use crate::{Context, ServiceResult};

/// Preferences as a channel sends them: every field, replacing the
/// previous choice.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PreferencesInput {
    /// `en` or `fr`; null or absent follows the browser (mails go in English).
    #[schema(schema_with = crate::schema::optional_language)]
    pub language: Option<String>,
    /// An IANA time zone such as `Europe/Paris`; absent is UTC.
    #[schema(example = "Europe/Paris")]
    pub time_zone: Option<String>,
    /// `on solution` (default) or `on every change`: how new tickets start.
    #[schema(schema_with = crate::schema::optional_notification_mode)]
    pub notification_mode: Option<String>,
}

impl PreferencesInput {
    /// The preferences these fields choose; the error names the field.
    pub fn parse(&self) -> ServiceResult<Preferences> {
        let blank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        Ok(Preferences {
            language: blank(&self.language).as_deref().map(Language::parse).transpose()?,
            time_zone: blank(&self.time_zone)
                .as_deref()
                .map(TimeZone::parse)
                .transpose()?
                .unwrap_or_default(),
            notification_mode: blank(&self.notification_mode)
                .as_deref()
                .map(NotificationMode::parse)
                .transpose()?
                .unwrap_or(NotificationMode::OnSolution),
        })
    }
}

/// The acting person's preferences (the defaults if they chose nothing).
pub async fn my_preferences(ctx: &Context, actor: &Actor) -> ServiceResult<Preferences> {
    Ok(ctx.store().preferences(person(actor)?).await?)
}

/// Replaces the acting person's preferences.
pub async fn set_my_preferences(ctx: &Context, actor: &Actor, input: &PreferencesInput) -> ServiceResult<Preferences> {
    let preferences = input.parse()?;
    ctx.store().set_preferences(person(actor)?, &preferences).await?;
    Ok(preferences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_fields_are_the_defaults_and_bad_ones_are_named() {
        assert_eq!(PreferencesInput::default().parse().unwrap(), Preferences::default());
        let chosen = PreferencesInput {
            language: Some("fr".into()),
            time_zone: Some(" Europe/Paris ".into()),
            notification_mode: Some("on every change".into()),
        };
        let parsed = chosen.parse().unwrap();
        assert_eq!(parsed.language, Some(Language::Fr));
        assert_eq!(parsed.time_zone.name(), "Europe/Paris");
        let bad_zone = PreferencesInput {
            time_zone: Some("Europe/Atlantis".into()),
            ..chosen.clone()
        };
        assert!(matches!(
            bad_zone.parse(),
            Err(crate::ServiceError::Invalid { field: "time_zone", .. })
        ));
        let bad_language = PreferencesInput {
            language: Some("de".into()),
            ..chosen
        };
        assert!(matches!(
            bad_language.parse(),
            Err(crate::ServiceError::Invalid { field: "language", .. })
        ));
    }
}
