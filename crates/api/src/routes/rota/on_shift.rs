//! `GET /api/v1/rota/on-shift`: who is on shift this week and next.

use axum::Json;
use axum::extract::State;

use guichet_service::actor_of;
use guichet_service::rota::{OnShiftView, on_shift_view};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};

/// This week's shift and next week's, with the people on duty; null for a
/// week the rota has no shift for.
#[utoipa::path(get, path = "/api/v1/rota/on-shift", tag = "rota",
    responses((status = 200, body = OnShiftView), (status = 403, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> ApiResult<Json<OnShiftView>> {
    Ok(Json(on_shift_view(&state.ctx, &actor_of(&user)).await?))
}
