//! `/api/v1/rota/swaps`: proposals to swap shifts, and their decisions.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;

use guichet_domain::ids::SwapId;
use guichet_service::actor_of;
use guichet_service::rota::{Decision, SwapBody, SwapView, decide_swap, list_swaps, propose_swap};

use super::query::flag;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;

/// The proposals, newest first; only the open ones with `open=true`.
#[utoipa::path(get, path = "/api/v1/rota/swaps", tag = "rota",
    params(("open" = Option<bool>, Query, description = "true: only the proposals still waiting for a decision")),
    responses((status = 200, body = [SwapView]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<SwapView>>> {
    let open_only = flag(&params, "open")?;
    Ok(Json(list_swaps(&state.ctx, &actor_of(&user), open_only).await?))
}

/// Proposes, for `site`, to exchange its shift of `week` with
/// `other_site`'s of `other_week`, or without `other_week` to give it
/// away. A week that is not a handover day is refused on `week` (or
/// `other_week`); a swap that is past or breaks a rule of the rota with
/// 409 on `swap`, saying why.
#[utoipa::path(post, path = "/api/v1/rota/swaps", tag = "rota", request_body = SwapBody,
    responses((status = 201, body = SwapView), (status = 403, body = ErrorBody),
        (status = 409, description = "the swap is past or breaks a rule; `field` is `swap`", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn propose(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<SwapBody>,
) -> ApiResult<(StatusCode, Json<SwapView>)> {
    let view = propose_swap(&state.ctx, &actor_of(&user), body).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Decides proposal `id`: the site asked (or a coordinator) accepts or
/// declines, the proposing site (or a coordinator) withdraws. An accepted
/// swap changes the rota. A proposal already decided answers 409.
#[utoipa::path(post, path = "/api/v1/rota/swaps/{id}/{decision}", tag = "rota",
    params(("id" = i64, Path), ("decision" = String, Path, description = "accept, decline or withdraw")),
    responses((status = 200, body = SwapView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath((id, decision)): ApiPath<(i64, String)>,
) -> ApiResult<Json<SwapView>> {
    let decision = Decision::parse(&decision)?;
    Ok(Json(
        decide_swap(&state.ctx, &actor_of(&user), SwapId(id), decision).await?,
    ))
}
