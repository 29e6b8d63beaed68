//! `GET /rota?year=YYYY`: the year's rota as a printable table, one week a
//! line, the week in force highlighted; a message when the year is not
//! generated yet. After a generation, the seed it used.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};

use guichet_domain::ids::SiteId;
use guichet_service::ServiceError;
use guichet_service::admin::sites::list_sites;
use guichet_service::rota::{week_in_force, year_rows};

use super::{may_generate, supporter};
use crate::WebState;
use crate::error::{WebResult, respond};
use crate::layout::{Layout, render};
use crate::visit::Visit;

/// A line of the table.
struct Line {
    week_start: NaiveDate,
    primary: (Option<SiteId>, String),
    backup: (Option<SiteId>, String),
    current: bool,
}

#[derive(Template)]
#[template(path = "rota/year.html")]
struct YearPage<'a> {
    layout: Layout<'a>,
    year: i32,
    lines: Option<Vec<Line>>,
    may_generate: bool,
}

/// The year asked, or this one.
fn asked_year(query: &HashMap<String, String>, today: NaiveDate) -> i32 {
    query
        .get("year")
        .and_then(|y| y.parse().ok())
        .filter(|y| (1000..=9999).contains(y))
        .unwrap_or_else(|| today.year())
}

/// `GET /rota`.
pub async fn show(
    State(state): State<WebState>,
    visit: Visit,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let outcome = page(&state, &visit, &query).await;
    respond(&state, &visit, outcome)
}

async fn page(state: &WebState, visit: &Visit, query: &HashMap<String, String>) -> WebResult {
    let actor = supporter(visit)?;
    let in_force = week_in_force(&state.ctx).await?;
    let year = asked_year(query, in_force);
    let lines = match year_rows(&state.ctx, &actor, year).await {
        Ok(rows) => {
            let sites = list_sites(&state.ctx).await?;
            let id = |name: &str| sites.iter().find(|s| s.name == name).map(|s| s.id);
            Some(
                rows.into_iter()
                    .map(|r| Line {
                        current: r.week_start == in_force,
                        primary: (id(&r.primary), r.primary),
                        backup: (id(&r.backup), r.backup),
                        week_start: r.week_start,
                    })
                    .collect(),
            )
        }
        Err(ServiceError::NotFound(_)) => None,
        Err(other) => return Err(other.into()),
    };
    let mut layout = Layout::with_title(state, visit, visit.tr(state).t1("rota-year-title", "year", year));
    layout.notice = query
        .get("seed")
        .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        .map(|seed| layout.tr.t1("rota-generated", "seed", seed));
    let may_generate = visit.viewer.as_ref().is_some_and(may_generate);
    let page = YearPage {
        layout,
        year,
        lines,
        may_generate,
    };
    Ok(render(state, visit, StatusCode::OK, &page))
}
