//! `GET /go?number=100234`: the "go to ticket" box on every page. People
//! quote numbers, not ids.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use guichet_domain::ids::TicketNumber;

use crate::WebState;
use crate::layout::{Layout, render};
use crate::visit::Visit;

#[derive(Template)]
#[template(path = "error.html")]
struct NoSuchNumber<'a> {
    layout: Layout<'a>,
    message: String,
}

/// Goes to the ticket with that number, or says there is none.
pub async fn go(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let raw = params.get("number").map_or("", |n| n.trim().trim_start_matches('#'));
    let number = raw.parse::<i64>().ok().map(TicketNumber);
    if let Some(number) = number.filter(|n| n.ticket_id().is_some()) {
        return Redirect::to(&format!("/tickets/{number}")).into_response();
    }
    let layout = Layout::new(&state, &visit, "error-not-found-title");
    let message = layout.tr.t("go-invalid");
    render(&state, &visit, StatusCode::NOT_FOUND, &NoSuchNumber { layout, message })
}
