//! `GET /api/v1/search`: full-text search over tickets and internal notes.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};

use guichet_service::actor_of;
use guichet_service::search::params::{parse_filter, parse_page};
use guichet_service::search::{SearchResults, search as run_search};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorBody};

/// Tickets (and, for supporters, internal notes) matching `q`, best first,
/// with highlighted snippets. `q` takes words (all must match), "phrases",
/// `OR`, `NOT word` or `-word`, prefixes (`certif*`) and ticket numbers;
/// other syntax is read as plain words. French and English forms and
/// accents are folded together.
#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    params(
        ("q" = String, Query, description = "the search, at most 500 characters"),
        ("status" = Option<String>, Query, description = "comma-separated statuses"),
        ("unit" = Option<i64>, Query), ("site" = Option<i64>, Query), ("vo" = Option<i64>, Query),
        ("type" = Option<i64>, Query, description = "type of issue"),
        ("priority" = Option<String>, Query),
        ("from" = Option<String>, Query, description = "opened on or after: a date (2026-11-28) or an RFC 3339 time"),
        ("until" = Option<String>, Query, description = "opened on or before this date, or before this RFC 3339 time"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query, description = "1 to 100, default 25")),
    responses((status = 200, body = SearchResults), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<SearchResults>> {
    let text = params.get("q").map(String::as_str).unwrap_or("");
    let filter = parse_filter(&params).map_err(ApiError::from)?;
    let page = parse_page(&params).map_err(ApiError::from)?;
    Ok(Json(
        run_search(&state.ctx, Some(&actor_of(&user)), text, filter, page).await?,
    ))
}
