//! `/api/v1/sites`: sites, each with its own unit.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::SiteId;
use guichet_service::actor_of;
use guichet_service::admin::sites::{SiteBody, create_site, delete_site, get_site, list_sites, update_site};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::SiteJson;

/// All sites, by name.
#[utoipa::path(get, path = "/api/v1/sites", tag = "admin", responses((status = 200, body = [SiteJson])))]
pub async fn list(State(state): State<AppState>, _user: CurrentUser) -> ApiResult<Json<Vec<SiteJson>>> {
    Ok(Json(
        list_sites(&state.ctx).await?.into_iter().map(SiteJson::from).collect(),
    ))
}

/// One site.
#[utoipa::path(get, path = "/api/v1/sites/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 200, body = SiteJson), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    _user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SiteJson>> {
    Ok(Json(get_site(&state.ctx, SiteId(id)).await?.into()))
}

/// Creates a site and its unit (admin).
#[utoipa::path(post, path = "/api/v1/sites", tag = "admin", request_body = SiteBody, responses((status = 201, body = SiteJson), (status = 409, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<SiteBody>,
) -> ApiResult<(StatusCode, Json<SiteJson>)> {
    Ok((
        StatusCode::CREATED,
        Json(create_site(&state.ctx, &actor_of(&user), body).await?.into()),
    ))
}

/// Renames a site; its unit follows (admin).
#[utoipa::path(put, path = "/api/v1/sites/{id}", tag = "admin", params(("id" = i64, Path)), request_body = SiteBody, responses((status = 200, body = SiteJson)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<SiteBody>,
) -> ApiResult<Json<SiteJson>> {
    Ok(Json(
        update_site(&state.ctx, &actor_of(&user), SiteId(id), body)
            .await?
            .into(),
    ))
}

/// Deletes a site no ticket refers to, and its unit (admin).
#[utoipa::path(delete, path = "/api/v1/sites/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    delete_site(&state.ctx, &actor_of(&user), SiteId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
