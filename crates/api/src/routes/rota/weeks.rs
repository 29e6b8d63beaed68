//! `PUT /api/v1/rota/weeks/{week_start}`: a coordinator sets one week.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use guichet_service::actor_of;
use guichet_service::rota::{OverrideBody, Shift, override_week};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;

/// A week's shift, by site id.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftJson {
    /// The shift's start date.
    pub week_start: NaiveDate,
    /// The primary site.
    pub primary: i64,
    /// The backup site.
    pub backup: i64,
}

impl From<Shift> for ShiftJson {
    fn from(shift: Shift) -> Self {
        Self {
            week_start: shift.week_start.start(),
            primary: shift.primary.0,
            backup: shift.backup.0,
        }
    }
}

/// `raw` as a date, or a 422 on `week`.
pub(crate) fn week_date(raw: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::invalid("week", format!("{raw:?} is not a date such as 2027-01-04")))
}

/// Sets the shift of the week starting `week_start` outright (coordinators):
/// kept when the year is generated again. A date that is not a handover
/// day is refused on `week`; a past week, or a change breaking a rule the
/// rota did not already break, with 409 on `week` or `rota`.
#[utoipa::path(put, path = "/api/v1/rota/weeks/{week_start}", tag = "rota",
    params(("week_start" = String, Path, description = "the shift's start date, YYYY-MM-DD")),
    request_body = OverrideBody,
    responses((status = 200, body = ShiftJson), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(week_start): ApiPath<String>,
    ApiJson(body): ApiJson<OverrideBody>,
) -> ApiResult<Json<ShiftJson>> {
    let week = week_date(&week_start)?;
    Ok(Json(
        override_week(&state.ctx, &actor_of(&user), week, body).await?.into(),
    ))
}
