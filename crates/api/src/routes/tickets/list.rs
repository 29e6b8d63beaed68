//! `GET /api/v1/tickets`: filtered, paginated list.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use chrono::{DateTime, Utc};

use guichet_domain::ids::{SiteId, UnitId, UserId, VoId};
use guichet_domain::priority::Priority;
use guichet_domain::status::Status;
use guichet_service::tickets::read::list_tickets;
use guichet_service::{PageRequest, TicketFilter, TicketOrder};

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::views::{TicketJson, TicketPage};

fn number<T: std::str::FromStr>(params: &HashMap<String, String>, field: &str) -> ApiResult<Option<T>> {
    params
        .get(field)
        .map(|raw| {
            raw.trim()
                .parse()
                .map_err(|_| ApiError::invalid(field, format!("{field} must be a whole number")))
        })
        .transpose()
}

/// The `order` parameter: `changed` (default), `unchanged`, `oldest`, `newest`.
fn parse_order(params: &HashMap<String, String>) -> ApiResult<TicketOrder> {
    let Some(raw) = params.get("order") else {
        return Ok(TicketOrder::default());
    };
    TicketOrder::parse(raw.trim()).ok_or_else(|| {
        ApiError::invalid(
            "order",
            format!("unknown order {raw:?}; expected one of: changed, unchanged, oldest, newest"),
        )
    })
}

/// Parses the query string, naming the parameter of any bad value.
pub fn parse_query(params: &HashMap<String, String>) -> ApiResult<(TicketFilter, PageRequest)> {
    let statuses = match params.get("status") {
        Some(raw) => raw
            .split(',')
            .map(|s| Status::parse(s.trim()))
            .collect::<Result<_, _>>()
            .map_err(|e| ApiError::invalid("status", e.message))?,
        None => Vec::new(),
    };
    let priority = params
        .get("priority")
        .map(|p| Priority::parse(p.trim()))
        .transpose()
        .map_err(|e| ApiError::invalid("priority", e.message))?;
    let updated_since = params
        .get("updated_since")
        .map(|raw| DateTime::parse_from_rfc3339(raw.trim()).map(|t| t.with_timezone(&Utc)))
        .transpose()
        .map_err(|_| {
            ApiError::invalid(
                "updated_since",
                "updated_since must be an RFC 3339 time, e.g. 2026-11-28T09:00:00Z",
            )
        })?;
    let filter = TicketFilter {
        statuses,
        unit: number(params, "unit")?.map(UnitId),
        site: number(params, "site")?.map(SiteId),
        vo: number(params, "vo")?.map(VoId),
        priority,
        submitter: number(params, "submitter")?.map(UserId),
        updated_since,
        visible_to_requester: None,
        status_changed_before: None,
        order: parse_order(params)?,
    };
    let page = PageRequest {
        page: number(params, "page")?.unwrap_or(1),
        per_page: number(params, "per_page")?.unwrap_or(25),
    };
    Ok((filter, page))
}

/// Tickets the caller may see, most recently changed first, or in `order`.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets",
    params(
        ("status" = Option<String>, Query, description = "comma-separated statuses"),
        ("unit" = Option<i64>, Query), ("site" = Option<i64>, Query), ("vo" = Option<i64>, Query),
        ("priority" = Option<String>, Query), ("submitter" = Option<i64>, Query),
        ("updated_since" = Option<String>, Query, description = "RFC 3339"),
        ("order" = Option<String>, Query, description = "changed (most recently changed first, the default), unchanged (least recently changed first), oldest or newest (by opening)"),
        ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query, description = "1 to 100, default 25")),
    responses((status = 200, body = TicketPage), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<TicketPage>> {
    let (filter, page) = parse_query(&params)?;
    let found = list_tickets(&state.ctx, &actor_of(&user), filter, page).await?;
    Ok(Json(TicketPage {
        items: found.items.into_iter().map(|v| TicketJson::of(&state.ctx, v)).collect(),
        total: found.total,
        total_exact: found.total_exact,
        page: page.page,
        per_page: page.per_page,
    }))
}
