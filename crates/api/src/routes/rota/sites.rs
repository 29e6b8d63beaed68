//! `/api/v1/sites/{id}/blackouts`, `/shift-contacts` and `/shifts`: what
//! the rota knows of one site.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use chrono::NaiveDate;

use guichet_domain::ids::SiteId;
use guichet_service::actor_of;
use guichet_service::rota::{
    ContactBody, ContactView, SiteShift, set_blackouts, set_shift_contacts, site_blackouts, site_next_shifts,
    site_shift_contacts,
};

use super::query::bounded;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;

/// The site's blackout dates, in order: each blacks out its week.
#[utoipa::path(get, path = "/api/v1/sites/{id}/blackouts", tag = "rota", params(("id" = i64, Path)),
    responses((status = 200, body = [NaiveDate]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn blackouts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<NaiveDate>>> {
    Ok(Json(site_blackouts(&state.ctx, &actor_of(&user), SiteId(id)).await?))
}

/// Replaces the site's blackout dates (its people or a coordinator); the
/// next generation keeps those weeks free of it. Answers the dates kept.
#[utoipa::path(put, path = "/api/v1/sites/{id}/blackouts", tag = "rota", params(("id" = i64, Path)),
    request_body = Vec<NaiveDate>,
    responses((status = 200, body = [NaiveDate]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_site_blackouts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(dates): ApiJson<Vec<NaiveDate>>,
) -> ApiResult<Json<Vec<NaiveDate>>> {
    let actor = actor_of(&user);
    set_blackouts(&state.ctx, &actor, SiteId(id), dates).await?;
    Ok(Json(site_blackouts(&state.ctx, &actor, SiteId(id)).await?))
}

/// The site's shift contacts: who is on duty when it is on shift.
#[utoipa::path(get, path = "/api/v1/sites/{id}/shift-contacts", tag = "rota", params(("id" = i64, Path)),
    responses((status = 200, body = [ContactView]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn contacts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<ContactView>>> {
    Ok(Json(
        site_shift_contacts(&state.ctx, &actor_of(&user), SiteId(id)).await?,
    ))
}

/// Replaces the site's shift contacts (its people or a coordinator); each
/// must be a member of the site's unit, or it is refused on `contacts`.
#[utoipa::path(put, path = "/api/v1/sites/{id}/shift-contacts", tag = "rota", params(("id" = i64, Path)),
    request_body = Vec<ContactBody>,
    responses((status = 200, body = [ContactView]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_contacts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(contacts): ApiJson<Vec<ContactBody>>,
) -> ApiResult<Json<Vec<ContactView>>> {
    let actor = actor_of(&user);
    set_shift_contacts(&state.ctx, &actor, SiteId(id), contacts).await?;
    Ok(Json(site_shift_contacts(&state.ctx, &actor, SiteId(id)).await?))
}

/// The site's shifts from the week in force on: at most `limit` (1 to
/// 100, default 10).
#[utoipa::path(get, path = "/api/v1/sites/{id}/shifts", tag = "rota",
    params(("id" = i64, Path), ("limit" = Option<i64>, Query, description = "1 to 100, default 10")),
    responses((status = 200, body = [SiteShift]), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn shifts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<SiteShift>>> {
    let limit = bounded(&params, "limit", 10, (1, 100))?;
    let limit = usize::try_from(limit).unwrap_or(10);
    Ok(Json(
        site_next_shifts(&state.ctx, &actor_of(&user), SiteId(id), limit).await?,
    ))
}
