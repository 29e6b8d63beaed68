//! `GET /api/v1/attention`: what needs attention now.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use guichet_service::actor_of;
use guichet_service::deadlines::attention::{Attention, Listed, needs_attention};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::views::{TicketJson, UnitJson};

/// Tickets of one kind of concern, longest waiting first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListedJson {
    /// How many there are.
    pub total: usize,
    /// The first 50 of them.
    pub items: Vec<TicketJson>,
}

/// A unit with tickets past 75 % of its QoS target, without a response.
#[derive(Debug, Serialize, ToSchema)]
pub struct LateUnitJson {
    /// The unit.
    pub unit: UnitJson,
    /// Tickets past 75 % of the target.
    pub warned: usize,
    /// Tickets past the whole target.
    pub breached: usize,
}

/// What needs attention, for first-level support and the coordinators.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttentionJson {
    /// Red tickets.
    pub red: ListedJson,
    /// Tickets awaiting their unit with nobody assigned for 4 working hours or more.
    pub unassigned: ListedJson,
    /// Tickets waiting for their submitter past their first reminder.
    pub waiting_for_reply: ListedJson,
    /// Units past 75 % of their QoS target, the most breaches first.
    pub late_units: Vec<LateUnitJson>,
}

/// Red tickets, unassigned tickets, units past 75 % of their QoS target and
/// tickets left waiting for a reply; for first-level members, coordinators
/// and administrators.
#[utoipa::path(get, path = "/api/v1/attention", tag = "deadlines",
    responses((status = 200, body = AttentionJson), (status = 403, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> ApiResult<Json<AttentionJson>> {
    let found = needs_attention(&state.ctx, &actor_of(&user)).await?;
    Ok(Json(json_of(&state.ctx, found)))
}

fn json_of(ctx: &guichet_service::Context, found: Attention) -> AttentionJson {
    let listed = |list: Listed| ListedJson {
        total: list.total,
        items: list.tickets.into_iter().map(|v| TicketJson::of(ctx, v)).collect(),
    };
    AttentionJson {
        red: listed(found.red),
        unassigned: listed(found.unassigned),
        waiting_for_reply: listed(found.waiting),
        late_units: found
            .late_units
            .into_iter()
            .map(|late| LateUnitJson {
                unit: UnitJson::from(late.unit),
                warned: late.warned,
                breached: late.breached,
            })
            .collect(),
    }
}
