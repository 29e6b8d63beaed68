//! `GET`/`PUT /api/v1/me/preferences` and `GET /api/v1/me/subscriptions`:
//! what the caller chose for themselves, and which tickets they follow.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::ids::TicketNumber;
use guichet_domain::preferences::Preferences;
use guichet_service::actor_of;
use guichet_service::people::preferences::{PreferencesInput, my_preferences, set_my_preferences};
use guichet_service::people::subscriptions::my_subscriptions;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;

/// A person's preferences.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreferencesJson {
    /// `en` or `fr`; null follows the browser (mails go in English).
    #[schema(schema_with = guichet_service::schema::optional_language)]
    pub language: Option<&'static str>,
    /// The IANA time zone dates are shown in.
    #[schema(example = "Europe/Paris")]
    pub time_zone: &'static str,
    /// How the person's new tickets notify them.
    #[schema(schema_with = guichet_service::schema::notification_mode)]
    pub notification_mode: &'static str,
}

impl From<Preferences> for PreferencesJson {
    fn from(p: Preferences) -> Self {
        Self {
            language: p.language.map(|l| l.as_str()),
            time_zone: p.time_zone.name(),
            notification_mode: p.notification_mode.as_str(),
        }
    }
}

/// The caller's preferences; the defaults (browser's language, UTC,
/// `on solution`) until chosen.
#[utoipa::path(get, path = "/api/v1/me/preferences", tag = "me",
    responses((status = 200, body = PreferencesJson), (status = 401, body = ErrorBody)))]
pub async fn preferences(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> ApiResult<Json<PreferencesJson>> {
    Ok(Json(my_preferences(&state.ctx, &actor_of(&user)).await?.into()))
}

/// Replaces the caller's preferences: an absent or null field takes its
/// default.
#[utoipa::path(put, path = "/api/v1/me/preferences", tag = "me", request_body = PreferencesInput,
    responses((status = 200, body = PreferencesJson), (status = 422, body = ErrorBody)))]
pub async fn set_preferences(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<PreferencesInput>,
) -> ApiResult<Json<PreferencesJson>> {
    Ok(Json(
        set_my_preferences(&state.ctx, &actor_of(&user), &input).await?.into(),
    ))
}

/// A ticket the caller follows.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionJson {
    /// The ticket's id.
    pub ticket: i64,
    /// The number people quote.
    pub number: i64,
}

/// The tickets the caller is subscribed to and may still see, newest first.
#[utoipa::path(get, path = "/api/v1/me/subscriptions", tag = "me",
    responses((status = 200, body = [SubscriptionJson]), (status = 401, body = ErrorBody)))]
pub async fn subscriptions(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> ApiResult<Json<Vec<SubscriptionJson>>> {
    let tickets = my_subscriptions(&state.ctx, &actor_of(&user)).await?;
    Ok(Json(
        tickets
            .into_iter()
            .map(|id| SubscriptionJson {
                ticket: id.0,
                number: TicketNumber::from(id).0,
            })
            .collect(),
    ))
}
