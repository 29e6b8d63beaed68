//! `GET /api/v1/rota/history`: what happened to the rota, newest first.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_service::actor_of;
use guichet_service::rota::{RotaEntry, rota_history};

use super::query::bounded;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};

/// One line of the rota's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct RotaEntryJson {
    /// The author's user id; null for the system.
    pub author: Option<i64>,
    /// Why the system acted, when it did.
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// `generated`, `swap.proposed`, `swap.accepted`, `swap.declined`,
    /// `swap.withdrawn` or `override`.
    pub action: String,
    /// The week concerned, if one is.
    pub week: Option<NaiveDate>,
    /// What changed, for people.
    pub detail: String,
}

impl From<RotaEntry> for RotaEntryJson {
    fn from(entry: RotaEntry) -> Self {
        Self {
            author: entry.author.user.map(|u| u.0),
            reason: entry.author.reason,
            at: entry.at,
            action: entry.action,
            week: entry.week.map(|w| w.start()),
            detail: entry.detail,
        }
    }
}

/// The rota's history, newest first: at most `limit` lines (1 to 1000,
/// default 50).
#[utoipa::path(get, path = "/api/v1/rota/history", tag = "rota",
    params(("limit" = Option<i64>, Query, description = "1 to 1000, default 50")),
    responses((status = 200, body = [RotaEntryJson]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<RotaEntryJson>>> {
    let limit = bounded(&params, "limit", 50, (1, 1000))?;
    let entries = rota_history(&state.ctx, &actor_of(&user), limit).await?;
    Ok(Json(entries.into_iter().map(RotaEntryJson::from).collect()))
}
