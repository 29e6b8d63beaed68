//! `GET /api/v1/tickets/{id}/articles`.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::TicketId;
use guichet_service::tickets::read::articles;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::ArticleJson;

/// The thread, oldest first; internal notes only for supporters.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/articles", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = [ArticleJson]), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<ArticleJson>>> {
    let found = articles(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(found.into_iter().map(ArticleJson::from).collect()))
}
