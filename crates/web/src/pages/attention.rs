//! `/attention`: what first-level support and the coordinators must look
//! at now: red tickets, tickets nobody has taken, units past 75 % of their
//! QoS target and tickets left waiting for a reply.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use guichet_service::admin::units::list_units;
use guichet_service::deadlines::attention::{Listed, needs_attention};

use super::tickets::Row;
use crate::WebState;
use crate::error::{WebError, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::visit::Visit;

/// One list of tickets on the page.
struct Section {
    title: String,
    total: String,
    rows: Vec<Row>,
}

/// A unit past 75 % of its QoS target.
struct LateUnit {
    id: i64,
    name: String,
    counts: String,
}

#[derive(Template)]
#[template(path = "attention.html")]
struct AttentionPage<'a> {
    layout: Layout<'a>,
    sections: Vec<Section>,
    late_units: Vec<LateUnit>,
}

/// `GET /attention`.
pub async fn show(State(state): State<WebState>, visit: Visit) -> Response {
    let outcome = async {
        let Some(actor) = visit.actor() else {
            return Err(WebError::SignInNeeded);
        };
        let found = needs_attention(&state.ctx, &actor).await?;
        let units = list_units(&state.ctx).await?;
        let layout = Layout::new(&state, &visit, "attention-title");
        let tr = layout.tr;
        let section = |id: &str, list: &Listed| Section {
            title: tr.t(id),
            total: tr.t1("attention-total", "count", list.total),
            rows: list
                .tickets
                .iter()
                .map(|v| Row::of(&state.ctx, v, &tr, &units))
                .collect(),
        };
        let sections = vec![
            section("attention-red", &found.red),
            section("attention-unassigned", &found.unassigned),
            section("attention-waiting", &found.waiting),
        ];
        let late_units = found
            .late_units
            .iter()
            .map(|late| LateUnit {
                id: late.unit.id.0,
                name: late.unit.name.clone(),
                counts: late_counts(&tr, late.warned, late.breached),
            })
            .collect();
        let page = AttentionPage {
            layout,
            sections,
            late_units,
        };
        Ok(render(&state, &visit, StatusCode::OK, &page))
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

fn late_counts(tr: &Tr<'_>, warned: usize, breached: usize) -> String {
    tr.t_args(
        "attention-late-counts",
        &[("warned", warned.to_string()), ("breached", breached.to_string())],
    )
}
