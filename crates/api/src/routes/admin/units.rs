//! `/api/v1/units`: support units.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::UnitId;
use guichet_service::actor_of;
use guichet_service::admin::units::{UnitBody, create_unit, delete_unit, get_unit, list_units, update_unit};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::UnitJson;

/// All units, by name.
#[utoipa::path(get, path = "/api/v1/units", tag = "admin", responses((status = 200, body = [UnitJson])))]
pub async fn list(State(state): State<AppState>, _user: CurrentUser) -> ApiResult<Json<Vec<UnitJson>>> {
    Ok(Json(
        list_units(&state.ctx).await?.into_iter().map(UnitJson::from).collect(),
    ))
}

/// One unit.
#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 200, body = UnitJson), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    _user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UnitJson>> {
    Ok(Json(get_unit(&state.ctx, UnitId(id)).await?.into()))
}

/// Creates a unit (admin).
#[utoipa::path(post, path = "/api/v1/units", tag = "admin", request_body = UnitBody, responses((status = 201, body = UnitJson), (status = 409, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<UnitBody>,
) -> ApiResult<(StatusCode, Json<UnitJson>)> {
    let created = create_unit(&state.ctx, &actor_of(&user), body).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Replaces a unit's fields and members (admin).
#[utoipa::path(put, path = "/api/v1/units/{id}", tag = "admin", params(("id" = i64, Path)), request_body = UnitBody, responses((status = 200, body = UnitJson)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<UnitBody>,
) -> ApiResult<Json<UnitJson>> {
    Ok(Json(
        update_unit(&state.ctx, &actor_of(&user), UnitId(id), body)
            .await?
            .into(),
    ))
}

/// Deletes a unit no ticket or site refers to (admin).
#[utoipa::path(delete, path = "/api/v1/units/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    delete_unit(&state.ctx, &actor_of(&user), UnitId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
