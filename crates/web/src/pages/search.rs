//! `GET /search`: full-text search over tickets and knowledge-base answers
//! (and, for supporters, internal notes and answers), for everyone: visitors not signed in find public
//! tickets. The form keeps what was asked; a query the rules refuse is
//! shown again with the reason, in the visitor's language.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_domain::search::{QueryError, SearchQuery};
use guichet_domain::status::Status;
use guichet_service::ServiceError;
use guichet_service::admin::named::{list_issue_types, list_vos};
use guichet_service::admin::sites::list_sites;
use guichet_service::admin::units::list_units;
use guichet_service::search::params::{parse_filter, parse_page};
use guichet_service::search::{FoundKind, SearchResults, search};

use super::tickets::{Choice, choices};
use crate::WebState;
use crate::error::{WebError, WebResult, respond, urlencode};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::visit::Visit;

/// Results per page.
const PER_PAGE: u32 = 20;

/// One result as the page shows it.
struct Found {
    href: String,
    number: Option<i64>,
    note: bool,
    answer: bool,
    title_html: String,
    snippet: String,
}

/// The selects of the filters, each with the asked value selected.
struct Filters {
    statuses: Vec<Choice>,
    units: Vec<Choice>,
    sites: Vec<Choice>,
    vos: Vec<Choice>,
    types: Vec<Choice>,
    from: String,
    until: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    layout: Layout<'a>,
    q: String,
    filters: Filters,
    error: Option<String>,
    results: Option<Vec<Found>>,
    total: String,
    previous: Option<String>,
    next: Option<String>,
}

/// `GET /search?q=…`: the form, and the results when something was asked.
pub async fn show(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = page(&state, &visit, &params).await;
    respond(&state, &visit, outcome)
}

async fn page(state: &WebState, visit: &Visit, params: &HashMap<String, String>) -> WebResult {
    let layout = Layout::new(state, visit, "search-title");
    let tr = layout.tr;
    let q = params.get("q").map(|q| q.trim().to_owned()).unwrap_or_default();
    let filters = filters(state, &tr, params).await?;
    let mut view = SearchPage {
        layout,
        q: q.clone(),
        filters,
        error: None,
        results: None,
        total: String::new(),
        previous: None,
        next: None,
    };
    if q.is_empty() && !params.contains_key("q") {
        return Ok(render(state, visit, StatusCode::OK, &view));
    }
    if let Err(refused) = SearchQuery::parse(&q) {
        view.error = Some(query_error(&tr, &refused));
        return Ok(render(state, visit, StatusCode::UNPROCESSABLE_ENTITY, &view));
    }
    let asked = parse_filter(params).and_then(|filter| {
        let page = parse_page(params)?;
        Ok((filter, page))
    });
    let (filter, mut page) = match asked {
        Ok(asked) => asked,
        Err(error) => {
            view.error = Some(filter_error(&tr, &error));
            return Ok(render(state, visit, StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    page.per_page = PER_PAGE;
    let actor = visit.actor();
    let found = match search(&state.ctx, actor.as_ref(), &q, filter, page).await {
        Ok(found) => found,
        Err(error @ ServiceError::Invalid { .. }) => {
            view.error = Some(filter_error(&tr, &error));
            return Ok(render(state, visit, StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
        Err(other) => return Err(other.into()),
    };
    view.total = total(&found, &tr);
    let (previous, next) = pager(params, &found);
    view.previous = previous;
    view.next = next;
    view.results = Some(found.items.into_iter().map(row).collect());
    Ok(render(state, visit, StatusCode::OK, &view))
}

fn row(item: guichet_service::search::SearchResult) -> Found {
    let note = item.kind == FoundKind::Note;
    let href = match item.number {
        Some(number) if note => format!("/tickets/{number}#thread-title"),
        Some(number) => format!("/tickets/{number}"),
        None => format!("/kb/{}", item.id),
    };
    Found {
        href,
        number: item.number.map(|n| n.0),
        note,
        answer: item.kind == FoundKind::Answer,
        title_html: item.title_html,
        snippet: item.snippet,
    }
}

/// Why the rules refused a query, in the visitor's words.
fn query_error(tr: &Tr<'_>, refused: &QueryError) -> String {
    match refused {
        QueryError::Empty => tr.t("search-error-empty"),
        QueryError::TooLong { chars, max } => {
            tr.t1("search-error-too-long", "max", max) + " " + &tr.t1("search-error-length", "chars", chars)
        }
        QueryError::OnlyExcluded => tr.t("search-error-only-excluded"),
    }
}

/// A filter's error, naming the filter as the form labels it.
fn filter_error(tr: &Tr<'_>, error: &ServiceError) -> String {
    match error {
        ServiceError::Invalid { field, message } => {
            let label = tr.t(&format!("search-filter-{field}"));
            format!("{label}: {message}")
        }
        other => other.to_string(),
    }
}

/// The count as people read it.
fn total(found: &SearchResults, tr: &Tr<'_>) -> String {
    if found.total_exact {
        tr.t1("search-total", "count", found.total)
    } else {
        tr.t("search-total-more")
    }
}

/// Links to the previous and next pages, keeping everything else asked.
fn pager(params: &HashMap<String, String>, found: &SearchResults) -> (Option<String>, Option<String>) {
    let link = |page: u32| {
        let mut pairs: Vec<(&String, &String)> = params.iter().filter(|(k, _)| k.as_str() != "page").collect();
        pairs.sort();
        let mut query: String = pairs
            .iter()
            .map(|(k, v)| format!("{}={}&", urlencode(k), urlencode(v)))
            .collect();
        query.push_str(&format!("page={page}"));
        format!("/search?{query}")
    };
    let more = i64::from(found.page) * i64::from(found.per_page) < found.total;
    (
        (found.page > 1).then(|| link(found.page - 1)),
        more.then(|| link(found.page + 1)),
    )
}

/// The filters' selects, filled from the reference data, the asked values
/// selected.
async fn filters(state: &WebState, tr: &Tr<'_>, params: &HashMap<String, String>) -> Result<Filters, WebError> {
    let asked = |field: &str| params.get(field).map(|v| v.trim().to_owned()).unwrap_or_default();
    let any = Some(tr.t("search-any"));
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), tr.label("status", s.as_str())))
        .collect();
    let named = |items: Vec<(i64, String)>| items.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let units = list_units(&state.ctx)
        .await?
        .into_iter()
        .map(|u| (u.id.0, u.name))
        .collect();
    let sites = list_sites(&state.ctx)
        .await?
        .into_iter()
        .map(|s| (s.id.0, s.name))
        .collect();
    let vos = list_vos(&state.ctx)
        .await?
        .into_iter()
        .map(|v| (v.id.0, v.name))
        .collect();
    let types = list_issue_types(&state.ctx)
        .await?
        .into_iter()
        .map(|t| (t.id.0, t.name))
        .collect();
    Ok(Filters {
        statuses: choices(statuses, &asked("status"), any.clone()),
        units: choices(named(units), &asked("unit"), any.clone()),
        sites: choices(named(sites), &asked("site"), any.clone()),
        vos: choices(named(vos), &asked("vo"), any.clone()),
        types: choices(named(types), &asked("type"), any),
        from: asked("from"),
        until: asked("until"),
    })
}
