//! `/api/v1/tickets/{id}/citations`: the answers and portal links a
//! ticket cites.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use guichet_domain::ids::{AnswerId, PortalLinkId, TicketId};
use guichet_service::actor_of;
use guichet_service::knowledge::CitationTarget;
use guichet_service::knowledge::citations::{Cited, citations, cite, uncite};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::routes::kb::views::{AnswerJson, PortalLinkJson};

/// What to cite: exactly one of `answer` and `portal_link`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CitationBody {
    /// An answer's id.
    pub answer: Option<i64>,
    /// A portal link's id.
    pub portal_link: Option<i64>,
}

impl CitationBody {
    fn target(&self) -> ApiResult<CitationTarget> {
        match (self.answer, self.portal_link) {
            (Some(answer), None) => Ok(CitationTarget::Answer(AnswerId(answer))),
            (None, Some(link)) => Ok(CitationTarget::PortalLink(PortalLinkId(link))),
            _ => Err(ApiError::invalid(
                "answer",
                "give exactly one of answer and portal_link",
            )),
        }
    }
}

/// What a ticket cites.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct CitationsJson {
    /// The answers the caller may read, oldest citation first.
    pub answers: Vec<AnswerJson>,
    /// The portal links, oldest citation first.
    pub portal_links: Vec<PortalLinkJson>,
}

/// What the ticket cites: answers (internal ones for supporters only) and
/// portal links.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/citations", tag = "knowledge base", params(("id" = i64, Path)),
    responses((status = 200, body = CitationsJson), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CitationsJson>> {
    let mut found = CitationsJson::default();
    for cited in citations(&state.ctx, &actor_of(&user), TicketId(id)).await? {
        match cited {
            Cited::Answer(answer) => found.answers.push(answer.into()),
            Cited::PortalLink(link) => found.portal_links.push(link.into()),
        }
    }
    Ok(Json(found))
}

/// Cites an answer or a portal link (supporters); 201 if new, 200 if the
/// ticket already cited it.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/citations", tag = "knowledge base", params(("id" = i64, Path)), request_body = CitationBody,
    responses((status = 201), (status = 200), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CitationBody>,
) -> ApiResult<StatusCode> {
    let new = cite(&state.ctx, &actor_of(&user), TicketId(id), body.target()?).await?;
    Ok(if new { StatusCode::CREATED } else { StatusCode::OK })
}

/// Removes a citation (supporters): `kind` is `answer` or `portal-link`.
#[utoipa::path(delete, path = "/api/v1/tickets/{id}/citations/{kind}/{target}", tag = "knowledge base",
    params(("id" = i64, Path), ("kind" = String, Path, description = "answer or portal-link"), ("target" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath((id, kind, target)): ApiPath<(i64, String, i64)>,
) -> ApiResult<StatusCode> {
    let target = match kind.as_str() {
        "answer" => CitationTarget::Answer(AnswerId(target)),
        "portal-link" => CitationTarget::PortalLink(PortalLinkId(target)),
        _ => return Err(ApiError::not_found("citation")),
    };
    if uncite(&state.ctx, &actor_of(&user), TicketId(id), target).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("citation"))
    }
}
