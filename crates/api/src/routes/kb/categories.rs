//! `/api/v1/kb-categories`: the answers' categories.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::CategoryId;
use guichet_service::actor_of;
use guichet_service::knowledge::categories::{
    CategoryBody, create_category, delete_category, list_categories, rename_category,
};

use super::views::CategoryJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;

/// The categories, by English name (no credentials needed).
#[utoipa::path(get, path = "/api/v1/kb-categories", tag = "knowledge base", responses((status = 200, body = [CategoryJson])))]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<CategoryJson>>> {
    let categories = list_categories(&state.ctx).await?;
    Ok(Json(categories.into_iter().map(CategoryJson::from).collect()))
}

/// Makes a category (supporters).
#[utoipa::path(post, path = "/api/v1/kb-categories", tag = "knowledge base", request_body = CategoryBody,
    responses((status = 201, body = CategoryJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<CategoryBody>,
) -> ApiResult<(StatusCode, Json<CategoryJson>)> {
    let category = create_category(&state.ctx, &actor_of(&user), &body).await?;
    Ok((StatusCode::CREATED, Json(category.into())))
}

/// Renames a category (supporters).
#[utoipa::path(put, path = "/api/v1/kb-categories/{id}", tag = "knowledge base", params(("id" = i64, Path)),
    request_body = CategoryBody,
    responses((status = 200, body = CategoryJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn rename(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CategoryBody>,
) -> ApiResult<Json<CategoryJson>> {
    let category = rename_category(&state.ctx, &actor_of(&user), CategoryId(id), &body).await?;
    Ok(Json(category.into()))
}

/// Deletes a category (supporters); its answers keep no category.
#[utoipa::path(delete, path = "/api/v1/kb-categories/{id}", tag = "knowledge base", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    delete_category(&state.ctx, &actor_of(&user), CategoryId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
