//! `/api/v1/routing-rules`: which unit a type of issue goes to.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::RoutingRuleId;
use guichet_service::actor_of;
use guichet_service::admin::routing::{RuleBody, delete_rule, list_rules, set_rule};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::RuleJson;

/// All rules.
#[utoipa::path(get, path = "/api/v1/routing-rules", tag = "admin", responses((status = 200, body = [RuleJson])))]
pub async fn list(State(state): State<AppState>, _user: CurrentUser) -> ApiResult<Json<Vec<RuleJson>>> {
    Ok(Json(
        list_rules(&state.ctx).await?.into_iter().map(RuleJson::from).collect(),
    ))
}

/// Sets the rule of a type of issue, replacing any (admin).
#[utoipa::path(put, path = "/api/v1/routing-rules", tag = "admin", request_body = RuleBody, responses((status = 200, body = RuleJson), (status = 422, body = ErrorBody)))]
pub async fn set(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<RuleBody>,
) -> ApiResult<Json<RuleJson>> {
    Ok(Json(set_rule(&state.ctx, &actor_of(&user), body).await?.into()))
}

/// Deletes a rule (admin).
#[utoipa::path(delete, path = "/api/v1/routing-rules/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    delete_rule(&state.ctx, &actor_of(&user), RoutingRuleId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
