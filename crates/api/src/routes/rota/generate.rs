//! `POST /api/v1/rota/generate`: draws a year's rota (coordinators).

use axum::Json;
use axum::extract::State;

use guichet_service::actor_of;
use guichet_service::rota::{GenerateBody, Generated, generate_year};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;

/// Generates the rota of `year`, fairly and reproducibly from `seed` (a
/// random one when absent, returned). The weeks begun and the shifts set
/// by swaps and overrides are kept. A year that cannot be fair (fewer
/// than three sites, blackouts leaving a week uncovered…) is refused with
/// 409 on field `rota`, saying which rule and which week or site.
#[utoipa::path(post, path = "/api/v1/rota/generate", tag = "rota", request_body = GenerateBody,
    responses((status = 200, body = Generated), (status = 403, body = ErrorBody),
        (status = 409, description = "the rota cannot be fair; `field` is `rota`", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn generate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<GenerateBody>,
) -> ApiResult<Json<Generated>> {
    Ok(Json(generate_year(&state.ctx, &actor_of(&user), body).await?))
}
