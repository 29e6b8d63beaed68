//! `POST /api/v1/tickets/{id}/articles`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::TicketId;
use guichet_service::input::ArticleInput;
use guichet_service::tickets::write_article::add_article;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::ArticleJson;

/// Adds a public reply or an internal note.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/articles", tag = "tickets", params(("id" = i64, Path)), request_body = ArticleInput,
    responses((status = 201, body = ArticleJson), (status = 422, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ArticleInput>,
) -> ApiResult<(StatusCode, Json<ArticleJson>)> {
    let article = add_article(&state.ctx, &actor_of(&user), TicketId(id), input).await?;
    Ok((StatusCode::CREATED, Json(article.into())))
}
