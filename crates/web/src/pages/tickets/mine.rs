//! `GET /tickets/mine`: the tickets the visitor submitted, most recently
//! changed first.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_service::admin::units::list_units;
use guichet_service::tickets::read::list_tickets;
use guichet_service::{PageRequest, TicketFilter};

use super::{Row, total};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::visit::Visit;

#[derive(Template)]
#[template(path = "tickets/list.html")]
struct TicketList<'a> {
    layout: Layout<'a>,
    rows: Vec<Row>,
    total: String,
    page: u32,
    previous: Option<String>,
    next: Option<String>,
}

/// Tickets per page of a list.
pub const PER_PAGE: u32 = 50;

/// My tickets.
pub async fn show(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = mine(&state, &visit, &params).await;
    respond(&state, &visit, outcome)
}

async fn mine(state: &WebState, visit: &Visit, params: &HashMap<String, String>) -> WebResult {
    let (Some(viewer), Some(actor)) = (&visit.viewer, visit.actor()) else {
        return Err(WebError::SignInNeeded);
    };
    let page = params
        .get("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p > 0)
        .unwrap_or(1);
    let filter = TicketFilter {
        submitter: Some(viewer.id),
        ..TicketFilter::default()
    };
    let found = list_tickets(
        &state.ctx,
        &actor,
        filter,
        PageRequest {
            page,
            per_page: PER_PAGE,
        },
    )
    .await?;
    let units = list_units(&state.ctx).await?;
    let layout = Layout::new(state, visit, "mine-title");
    let rows = found
        .items
        .iter()
        .map(|v| Row::of(&state.ctx, v, &layout.tr, &units))
        .collect();
    let more = i64::from(page) * i64::from(PER_PAGE) < found.total;
    let list = TicketList {
        total: total(&found, &layout.tr),
        layout,
        rows,
        page,
        previous: (page > 1).then(|| format!("/tickets/mine?page={}", page - 1)),
        next: more.then(|| format!("/tickets/mine?page={}", page + 1)),
    };
    Ok(render(state, visit, StatusCode::OK, &list))
}
