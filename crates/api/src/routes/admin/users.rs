//! `/api/v1/users`: accounts.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::UserId;
use guichet_service::actor_of;
use guichet_service::admin::users::{
    UserInput, UserUpdateInput, add_user, delete_user, get_user, list_users, update_user,
};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::UserJson;

/// All accounts (supporters and above).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin", responses((status = 200, body = [UserJson]), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> ApiResult<Json<Vec<UserJson>>> {
    Ok(Json(
        list_users(&state.ctx, &actor_of(&user))
            .await?
            .into_iter()
            .map(UserJson::from)
            .collect(),
    ))
}

/// One account (yourself, or anyone for supporters).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 200, body = UserJson), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UserJson>> {
    Ok(Json(get_user(&state.ctx, &actor_of(&user), UserId(id)).await?.into()))
}

/// Creates an account (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = "admin", request_body = UserInput, responses((status = 201, body = UserJson), (status = 409, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<UserInput>,
) -> ApiResult<(StatusCode, Json<UserJson>)> {
    Ok((
        StatusCode::CREATED,
        Json(add_user(&state.ctx, &actor_of(&user), input).await?.into()),
    ))
}

/// Changes an account, e.g. disables it (admin). An account that authored anything is disabled, not deleted, so history keeps its authors.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "admin", params(("id" = i64, Path)), request_body = UserUpdateInput, responses((status = 200, body = UserJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<UserUpdateInput>,
) -> ApiResult<Json<UserJson>> {
    Ok(Json(
        update_user(&state.ctx, &actor_of(&user), UserId(id), input)
            .await?
            .into(),
    ))
}

/// Deletes an account that never submitted, wrote or changed anything (admin).
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    delete_user(&state.ctx, &actor_of(&user), UserId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
