//! `GET` and `POST /api/v1/tickets/{id}/escalation`: where the submitter's
//! escalation stands, and the button itself.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::deadlines::escalation::{hours_minutes, whole_minutes};
use guichet_domain::ids::TicketId;
use guichet_service::actor_of;
use guichet_service::tickets::escalate::{EscalationState, escalate as escalate_ticket, escalation_state};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;

/// Where a ticket's escalation stands, for the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct EscalationJson {
    /// The level reached so far; null before the first escalation.
    #[schema(schema_with = guichet_service::schema::optional_escalation_level)]
    pub level: Option<String>,
    /// When it was reached.
    pub reached_at: Option<DateTime<Utc>>,
    /// The level the next escalation reaches; null at the top.
    #[schema(schema_with = guichet_service::schema::optional_escalation_level)]
    pub next_level: Option<String>,
    /// Whether the caller may escalate now.
    pub possible: bool,
    /// When the next escalation becomes possible (now, or the end of the
    /// waiting period of 8 working hours); null when it never will.
    pub possible_at: Option<DateTime<Utc>>,
    /// The working time left before then, in minutes (rounded up); null
    /// unless the last escalation is too recent.
    pub time_left_minutes: Option<i64>,
    /// The same, as `H h M min`.
    pub time_left: Option<String>,
    /// Why the next escalation is refused now, if it is.
    pub refusal: Option<String>,
    /// Whether the caller is one who may press the button (the submitter,
    /// or an administrator, on an open ticket).
    pub may_escalate: bool,
}

impl From<EscalationState> for EscalationJson {
    fn from(state: EscalationState) -> Self {
        let left = state.time_left();
        Self {
            level: state.level.map(|l| l.as_str().to_owned()),
            reached_at: state.reached_at,
            next_level: state.next.map(|l| l.as_str().to_owned()),
            possible: state.possible_now(),
            possible_at: state.possible_at,
            time_left_minutes: left.as_ref().map(whole_minutes),
            time_left: left.as_ref().map(hours_minutes),
            refusal: state.refusal.as_ref().map(ToString::to_string),
            may_escalate: state.may_escalate,
        }
    }
}

/// Where the ticket's escalation stands: the level reached and when, the
/// next level, and when it becomes possible or why it is not.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/escalation", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = EscalationJson), (status = 404, body = ErrorBody)))]
pub async fn state(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EscalationJson>> {
    let found = escalation_state(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(found.into()))
}

/// Escalates the ticket one level (its submitter's button): the unit, then
/// also first-level support, then also the coordinators are reminded; at
/// most once per 8 working hours. A refusal is a 409 on the field
/// `escalation` whose message says the working time left; anyone but the
/// submitter (or an administrator) gets 403.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/escalation", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = EscalationJson), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn escalate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EscalationJson>> {
    let actor = actor_of(&user);
    escalate_ticket(&state.ctx, &actor, TicketId(id)).await?;
    let found = escalation_state(&state.ctx, &actor, TicketId(id)).await?;
    Ok(Json(found.into()))
}
