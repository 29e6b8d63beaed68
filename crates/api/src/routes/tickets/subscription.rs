//! `GET`/`PUT`/`DELETE /api/v1/tickets/{id}/subscription`: whether the
//! caller follows this ticket, following it, and no longer following it;
//! `GET /api/v1/tickets/{id}/subscribers`: who follows it, for supporters.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::ids::TicketId;
use guichet_service::actor_of;
use guichet_service::people::subscriptions::{is_subscribed, subscribe, subscribers, unsubscribe};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::UserJson;

/// Whether the caller follows a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionStateJson {
    /// Subscribed or not.
    pub subscribed: bool,
}

/// Whether the caller is subscribed to this ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/subscription", tag = "subscriptions", params(("id" = i64, Path)),
    responses((status = 200, body = SubscriptionStateJson), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SubscriptionStateJson>> {
    let subscribed = is_subscribed(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(SubscriptionStateJson { subscribed }))
}

/// Subscribes the caller to a ticket they may see; doing it twice is one
/// subscription.
#[utoipa::path(put, path = "/api/v1/tickets/{id}/subscription", tag = "subscriptions", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    subscribe(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Unsubscribes the caller; nothing happens if they were not subscribed.
#[utoipa::path(delete, path = "/api/v1/tickets/{id}/subscription", tag = "subscriptions", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    unsubscribe(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who is subscribed to this ticket; supporters only.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/subscribers", tag = "subscriptions", params(("id" = i64, Path)),
    responses((status = 200, body = [UserJson]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<UserJson>>> {
    let users = subscribers(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(users.into_iter().map(UserJson::from).collect()))
}
