//! `GET /tickets/public`: the public tickets, most recently changed
//! first, for everyone, signed in or not: the portal's public ticket view.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_service::admin::units::list_units;
use guichet_service::tickets::read::list_public_tickets;
use guichet_service::{PageRequest, TicketFilter};

use super::mine::PER_PAGE;
use super::{Row, total};
use crate::WebState;
use crate::error::{WebResult, respond};
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

/// The public tickets.
pub async fn show(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = list(&state, &visit, &params).await;
    respond(&state, &visit, outcome)
}

async fn list(state: &WebState, visit: &Visit, params: &HashMap<String, String>) -> WebResult {
    let page = params
        .get("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p > 0)
        .unwrap_or(1);
    let request = PageRequest {
        page,
        per_page: PER_PAGE,
    };
    let found = list_public_tickets(&state.ctx, TicketFilter::default(), request).await?;
    let units = list_units(&state.ctx).await?;
    let layout = Layout::new(state, visit, "public-tickets-title");
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
        previous: (page > 1).then(|| format!("/tickets/public?page={}", page - 1)),
        next: more.then(|| format!("/tickets/public?page={}", page + 1)),
    };
    Ok(render(state, visit, StatusCode::OK, &list))
}
