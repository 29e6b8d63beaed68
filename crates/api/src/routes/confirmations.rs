//! `POST /api/v1/confirmations`: redeems a signed verify or reopen link
//! from a solution mail, without signing in: the token is the credential.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use guichet_service::tickets::confirm::{parse_rating, redeem};

use crate::AppState;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::views::TicketJson;

/// A link's token, and a rating if it verifies.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationInput {
    /// The token of the link (`/confirm/{token}`).
    pub token: String,
    /// 1 (poor) to 5 (excellent); only with a verify link.
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<i64>,
    /// A comment that goes with the rating.
    pub comment: Option<String>,
}

/// What the link did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConfirmationJson {
    /// `verify` or `reopen`.
    pub action: &'static str,
    /// Whether the rating was recorded.
    pub rated: bool,
    /// The ticket afterwards.
    pub ticket: TicketJson,
}

/// Verifies or reopens the ticket the link names, as its submitter. A
/// tampered or outdated link is a 400, an expired one a 410; neither
/// changes anything.
#[utoipa::path(post, path = "/api/v1/confirmations", tag = "tickets", request_body = ConfirmationInput, security(()),
    responses((status = 200, body = ConfirmationJson), (status = 400, body = ErrorBody), (status = 410, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<ConfirmationInput>,
) -> ApiResult<Json<ConfirmationJson>> {
    let rating = parse_rating(input.rating, input.comment.as_deref())?;
    let done = redeem(&state.ctx, input.token.trim(), rating).await?;
    Ok(Json(ConfirmationJson {
        action: done.action.as_str(),
        rated: done.rated,
        ticket: TicketJson::of(&state.ctx, done.ticket),
    }))
}
