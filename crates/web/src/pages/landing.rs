//! `GET /`: what Guichet is, with the way to submit a ticket or sign in.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::WebState;
use crate::layout::{Layout, render};
use crate::visit::Visit;

#[derive(Template)]
#[template(path = "landing.html")]
struct Landing<'a> {
    layout: Layout<'a>,
}

/// The landing page; after a sign-out, it says so.
pub async fn show(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let mut layout = Layout::new(&state, &visit, "site-tagline");
    if params.contains_key("signed-out") {
        layout.notice = Some(layout.tr.t("signed-out"));
    }
    render(&state, &visit, StatusCode::OK, &Landing { layout })
}
