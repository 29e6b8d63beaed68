//! `/api/v1/vos`: VOs (user communities).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use guichet_domain::ids::VoId;
use guichet_service::admin::{NamedBody, name_of, require_admin};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::views::NamedJson;

/// All, by name.
#[utoipa::path(get, path = "/api/v1/vos", tag = "admin", responses((status = 200, body = [NamedJson])))]
pub async fn list(State(state): State<AppState>, _user: CurrentUser) -> ApiResult<Json<Vec<NamedJson>>> {
    Ok(Json(
        state.store.vos().await?.into_iter().map(NamedJson::from).collect(),
    ))
}

/// One.
#[utoipa::path(get, path = "/api/v1/vos/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 200, body = NamedJson), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, _user: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<NamedJson>> {
    Ok(Json(state.store.vo(VoId(id)).await?.into()))
}

/// Creates one (admin).
#[utoipa::path(post, path = "/api/v1/vos", tag = "admin", request_body = NamedBody, responses((status = 201, body = NamedJson), (status = 409, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<NamedBody>,
) -> ApiResult<(StatusCode, Json<NamedJson>)> {
    require_admin(&user)?;
    Ok((
        StatusCode::CREATED,
        Json(state.store.create_vo(&name_of(&body)?).await?.into()),
    ))
}

/// Renames one (admin).
#[utoipa::path(put, path = "/api/v1/vos/{id}", tag = "admin", params(("id" = i64, Path)), request_body = NamedBody, responses((status = 200, body = NamedJson)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NamedBody>,
) -> ApiResult<Json<NamedJson>> {
    require_admin(&user)?;
    Ok(Json(state.store.update_vo(VoId(id), &name_of(&body)?).await?.into()))
}

/// Deletes one no ticket refers to (admin).
#[utoipa::path(delete, path = "/api/v1/vos/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    require_admin(&user)?;
    state.store.delete_vo(VoId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
