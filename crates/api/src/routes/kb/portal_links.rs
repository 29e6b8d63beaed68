//! `/api/v1/portal-links`: the portal's links to FAQs, forums and
//! documentation.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::PortalLinkId;
use guichet_service::actor_of;
use guichet_service::knowledge::portal::{
    PortalLinkBody, create_portal_link, delete_portal_link, list_portal_links, update_portal_link,
};

use super::views::PortalLinkJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;

/// The portal's links, by position (no credentials needed).
#[utoipa::path(get, path = "/api/v1/portal-links", tag = "knowledge base", responses((status = 200, body = [PortalLinkJson])))]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<PortalLinkJson>>> {
    let links = list_portal_links(&state.ctx).await?;
    Ok(Json(links.into_iter().map(PortalLinkJson::from).collect()))
}

/// Adds a portal link (admin).
#[utoipa::path(post, path = "/api/v1/portal-links", tag = "knowledge base", request_body = PortalLinkBody,
    responses((status = 201, body = PortalLinkJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<PortalLinkBody>,
) -> ApiResult<(StatusCode, Json<PortalLinkJson>)> {
    let link = create_portal_link(&state.ctx, &actor_of(&user), &body).await?;
    Ok((StatusCode::CREATED, Json(link.into())))
}

/// Replaces a portal link (admin).
#[utoipa::path(put, path = "/api/v1/portal-links/{id}", tag = "knowledge base", params(("id" = i64, Path)), request_body = PortalLinkBody,
    responses((status = 200, body = PortalLinkJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PortalLinkBody>,
) -> ApiResult<Json<PortalLinkJson>> {
    let link = update_portal_link(&state.ctx, &actor_of(&user), PortalLinkId(id), &body).await?;
    Ok(Json(link.into()))
}

/// Removes a portal link and the citations of it (admin).
#[utoipa::path(delete, path = "/api/v1/portal-links/{id}", tag = "knowledge base", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    delete_portal_link(&state.ctx, &actor_of(&user), PortalLinkId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
