//! `/api/v1/users`: accounts.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::UserId;
use guichet_service::ServiceError;
use guichet_service::admin::{UserInput, UserUpdateInput, add_user, delete_user, require_admin, update_user};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::UserJson;

/// All accounts (supporters and above).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin", responses((status = 200, body = [UserJson]), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> ApiResult<Json<Vec<UserJson>>> {
    if !user.role.is_supporter() {
        return Err(ServiceError::Forbidden("supporters only".into()).into());
    }
    Ok(Json(
        state.store.users().await?.into_iter().map(UserJson::from).collect(),
    ))
}

/// One account (yourself, or anyone for supporters).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 200, body = UserJson), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UserJson>> {
    if !user.role.is_supporter() && user.id != UserId(id) {
        return Err(ServiceError::NotFound("user").into());
    }
    Ok(Json(state.store.user(UserId(id)).await?.into()))
}

/// Creates an account (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = "admin", request_body = UserInput, responses((status = 201, body = UserJson), (status = 409, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<UserInput>,
) -> ApiResult<(StatusCode, Json<UserJson>)> {
    require_admin(&user)?;
    Ok((
        StatusCode::CREATED,
        Json(add_user(state.store.as_ref(), input).await?.into()),
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
        update_user(state.store.as_ref(), &user, UserId(id), input)
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
    delete_user(state.store.as_ref(), &user, UserId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
