//! `GET`/`POST /rota/generate`: coordinators generate a year's rota, with
//! an optional seed. A refusal (too few sites, a week nobody can cover)
//! shows the form again with the reason; a generation goes to the year's
//! table, which shows the seed used.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;

use guichet_service::rota::{GenerateBody, generate_year};

use super::{may_generate, refusal, sender, supporter};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::admin::Fields;
use crate::visit::Visit;

#[derive(Template)]
#[template(path = "rota/generate.html")]
struct GeneratePage<'a> {
    layout: Layout<'a>,
    year: String,
    seed: String,
    error: Option<String>,
}

fn page(state: &WebState, visit: &Visit, year: String, seed: String, error: Option<String>) -> Response {
    let layout = Layout::new(state, visit, "rota-generate-title");
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(
        state,
        visit,
        status,
        &GeneratePage {
            layout,
            year,
            seed,
            error,
        },
    )
}

/// Refuses visitors who may not generate.
fn coordinator(visit: &Visit) -> Result<(), WebError> {
    supporter(visit)?;
    match &visit.viewer {
        Some(viewer) if may_generate(viewer) => Ok(()),
        _ => Err(WebError::Forbidden),
    }
}

/// `GET /rota/generate`: the form, for next year unless `?year=` says.
pub async fn form(
    State(state): State<WebState>,
    visit: Visit,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let outcome = coordinator(&visit).map(|()| {
        let year = query
            .get("year")
            .cloned()
            .unwrap_or_else(|| (state.ctx.now().year() + 1).to_string());
        page(&state, &visit, year, String::new(), None)
    });
    respond(&state, &visit, outcome)
}

/// `POST /rota/generate`.
pub async fn submit(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome = generated(&state, &visit, &headers, &form).await;
    respond(&state, &visit, outcome)
}

async fn generated(state: &WebState, visit: &Visit, headers: &HeaderMap, form: &Fields) -> WebResult {
    let actor = sender(visit, headers, form)?;
    coordinator(visit)?;
    let tr = visit.tr(state);
    let (year, seed) = (form.text("year").trim(), form.text("seed").trim());
    let again = |error: String| Ok(page(state, visit, year.to_owned(), seed.to_owned(), Some(error)));
    let Ok(year_number) = year.parse::<i32>() else {
        return again(tr.t("rota-invalid-year"));
    };
    let seed_number = match seed {
        "" => None,
        text => match text.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => return again(tr.t("rota-invalid-seed")),
        },
    };
    let body = GenerateBody {
        year: year_number,
        seed: seed_number,
    };
    match generate_year(&state.ctx, &actor, body).await {
        Ok(done) => Ok(Redirect::to(&format!("/rota?year={}&seed={}", done.year, done.seed)).into_response()),
        Err(error) => again(tr.t1("rota-generate-refused", "reason", refusal(error)?)),
    }
}
