//! `GET /api/v1/similar`: the solved cases like a text.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};

use guichet_domain::ids::TicketNumber;
use guichet_service::actor_of;
use guichet_service::search::{SimilarCases, SimilarText, similar as find_similar};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorBody};

/// At most five solved tickets like `text` (a new ticket's description,
/// or any words), best first, each with its last solution. The rarest of
/// its words are looked for (common words such as "error" tell cases
/// apart poorly); `subject`'s words are preferred at equal rarity. Only
/// tickets the caller may see are found.
#[utoipa::path(get, path = "/api/v1/similar", tag = "search",
    params(
        ("text" = String, Query, description = "the text to find cases like; only its first 20,000 characters are read"),
        ("subject" = Option<String>, Query, description = "the subject of the ticket being written"),
        ("except" = Option<i64>, Query, description = "the number of a ticket to leave out (the one being read)")),
    responses((status = 200, body = SimilarCases), (status = 422, body = ErrorBody)))]
pub async fn similar(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<SimilarCases>> {
    let text = SimilarText {
        subject: params.get("subject").map_or("", String::as_str),
        body: params.get("text").map_or("", String::as_str),
    };
    let except = match params.get("except").map(|n| n.trim()) {
        None | Some("") => None,
        Some(raw) => Some(
            raw.parse::<i64>()
                .ok()
                .and_then(|n| TicketNumber(n).ticket_id())
                .ok_or_else(|| ApiError::invalid("except", "not a ticket number"))?,
        ),
    };
    Ok(Json(
        find_similar(&state.ctx, Some(&actor_of(&user)), text, except).await?,
    ))
}
