//! `GET /api/v1/tickets/{id}/rating`: the submitter's rating of the
//! verified solution.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::ids::TicketId;
use guichet_service::actor_of;
use guichet_service::tickets::confirm::rating;
use guichet_service::{ServiceError, TicketRating};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;

/// A rating of a verified solution.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingJson {
    /// 1 (poor) to 5 (excellent).
    pub rating: u8,
    /// The submitter's comment.
    pub comment: Option<String>,
    /// When it was given.
    pub rated_at: DateTime<Utc>,
    /// Who gave it: the submitter's id.
    pub rated_by: i64,
}

impl From<TicketRating> for RatingJson {
    fn from(r: TicketRating) -> Self {
        Self {
            rating: r.rating,
            comment: r.comment,
            rated_at: r.rated_at,
            rated_by: r.rated_by.0,
        }
    }
}

/// The ticket's rating; 404 until its submitter rates it.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/rating", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = RatingJson), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<RatingJson>> {
    let found = rating(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(found.ok_or(ServiceError::NotFound("rating"))?.into()))
}
