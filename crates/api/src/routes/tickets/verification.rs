//! `POST /api/v1/tickets/{id}/verification`: the submitter confirms the
//! solution, with an optional rating. (Reopening goes through `PATCH
//! /api/v1/tickets/{id}` with `status: "reopened"` and a `comment`.)

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::ids::TicketId;
use guichet_service::actor_of;
use guichet_service::tickets::confirm::{parse_rating, verify};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::TicketJson;

/// A verification, rated or not.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationInput {
    /// 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<i64>,
    /// A comment on the solution; goes with a rating (at most 2000 characters).
    pub comment: Option<String>,
}

/// Verifies a solved ticket: its submitter only; the ticket becomes `verified`.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/verification", tag = "tickets", params(("id" = i64, Path)),
    request_body = VerificationInput,
    responses((status = 200, body = TicketJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn verify_ticket(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<VerificationInput>,
) -> ApiResult<Json<TicketJson>> {
    let rating = parse_rating(input.rating, input.comment.as_deref())?;
    let view = verify(&state.ctx, &actor_of(&user), TicketId(id), rating).await?;
    Ok(Json(TicketJson::of(&state.ctx, view)))
}
