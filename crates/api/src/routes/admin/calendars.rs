//! `/api/v1/calendars`: the working-hours calendars, the deployment's and
//! the units' overrides (admin).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::ids::UnitId;
use guichet_service::actor_of;
use guichet_service::calendar::{
    CalendarBody, HolidayBody, StoredCalendar, WeekBody, remove_override, set_calendar, stored_calendars,
};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;

/// A stored calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarJson {
    /// The unit it belongs to; null for the deployment's.
    pub unit: Option<i64>,
    /// The IANA time zone.
    pub zone: String,
    /// The working intervals of each day.
    pub working_hours: WeekBody,
    /// The public holidays, by date.
    pub holidays: Vec<HolidayBody>,
    /// When it was last set.
    pub updated_at: DateTime<Utc>,
}

impl From<StoredCalendar> for CalendarJson {
    fn from(stored: StoredCalendar) -> Self {
        Self {
            unit: stored.unit.map(|u| u.0),
            zone: stored.spec.zone().name().to_owned(),
            working_hours: WeekBody::of(&stored.spec),
            holidays: HolidayBody::all(&stored.spec),
            updated_at: stored.updated_at,
        }
    }
}

/// The stored calendars: the deployment's first (absent while the built-in
/// colours calendar, Monday–Friday 07:00–15:00 UTC, is in use), then the
/// units' overrides (admin).
#[utoipa::path(get, path = "/api/v1/calendars", tag = "admin", responses((status = 200, body = [CalendarJson]), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> ApiResult<Json<Vec<CalendarJson>>> {
    let stored = stored_calendars(&state.ctx, &actor_of(&user)).await?;
    Ok(Json(stored.into_iter().map(CalendarJson::from).collect()))
}

/// Sets the deployment's calendar (admin). A bad zone, interval or holiday
/// is a 422 naming `zone`, `working_hours` or `holidays`.
#[utoipa::path(put, path = "/api/v1/calendars/deployment", tag = "admin", request_body = CalendarBody, responses((status = 200, body = CalendarJson), (status = 422, body = ErrorBody)))]
pub async fn set_deployment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<CalendarBody>,
) -> ApiResult<Json<CalendarJson>> {
    let actor = actor_of(&user);
    guichet_service::admin::require_admin(&actor)?;
    let set = set_calendar(&state.ctx, &actor, None, body.spec()?).await?;
    Ok(Json(set.into()))
}

/// Sets a unit's own calendar, which overrides the deployment's (admin).
#[utoipa::path(put, path = "/api/v1/calendars/units/{id}", tag = "admin", params(("id" = i64, Path)), request_body = CalendarBody, responses((status = 200, body = CalendarJson), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_unit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CalendarBody>,
) -> ApiResult<Json<CalendarJson>> {
    let actor = actor_of(&user);
    guichet_service::admin::require_admin(&actor)?;
    let set = set_calendar(&state.ctx, &actor, Some(UnitId(id)), body.spec()?).await?;
    Ok(Json(set.into()))
}

/// Removes a unit's own calendar: it counts in the deployment's again
/// (admin). 404 if it had none.
#[utoipa::path(delete, path = "/api/v1/calendars/units/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove_unit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    if remove_override(&state.ctx, &actor_of(&user), UnitId(id)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(guichet_service::ServiceError::NotFound("calendar").into())
    }
}

/// A holiday list to import.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayImportBody {
    /// The unit whose calendar receives them; the deployment's if absent.
    pub unit: Option<i64>,
    /// The list: an iCalendar file, or one `YYYY-MM-DD name` a line.
    pub text: String,
    /// `ical` or `text`; by default iCalendar if the text starts with
    /// `BEGIN:VCALENDAR`.
    pub format: Option<String>,
    /// Replace the calendar's holidays instead of adding to them.
    #[serde(default)]
    pub replace: bool,
}

/// Imports a holiday list into a calendar (admins and coordinators). A
/// malformed line or a date listed twice is a 422 on `holidays` whose
/// message starts with the line at fault (`line 3: …`).
#[utoipa::path(post, path = "/api/v1/calendars/holidays", tag = "admin", request_body = HolidayImportBody, responses((status = 200, body = CalendarJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<HolidayImportBody>,
) -> ApiResult<Json<CalendarJson>> {
    use guichet_service::calendar::{HolidayFormat, HolidayImport, import_holidays};
    let format = match body.format.as_deref() {
        None => HolidayFormat::detect(&body.text),
        Some("ical") => HolidayFormat::Ical,
        Some("text") => HolidayFormat::Text,
        Some(other) => {
            let message = format!("{other:?}: expected ical or text");
            return Err(guichet_service::ServiceError::invalid("format", message).into());
        }
    };
    let import = if body.replace {
        HolidayImport::Replace
    } else {
        HolidayImport::Add
    };
    let unit = body.unit.map(UnitId);
    let set = import_holidays(&state.ctx, &actor_of(&user), unit, &body.text, format, import).await?;
    Ok(Json(set.into()))
}
