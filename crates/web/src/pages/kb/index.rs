//! `GET /kb` and `GET /units/{unit}/faq`: the answers the visitor may
//! read, by category; `?unit=` and `?category=` narrow the list.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_domain::ids::{CategoryId, UnitId};
use guichet_service::admin::units::{get_unit, list_units};
use guichet_service::knowledge::categories::list_categories;
use guichet_service::knowledge::read::list_answers;

use super::language;
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::tickets::{Choice, choices};
use crate::visit::Visit;

/// An answer of the list.
struct Item {
    id: i64,
    title: String,
    internal: bool,
}

/// A category's answers; the last group holds those of no category.
struct Group {
    name: String,
    items: Vec<Item>,
}

#[derive(Template)]
#[template(path = "kb/index.html")]
struct KbIndex<'a> {
    layout: Layout<'a>,
    groups: Vec<Group>,
    units: Vec<Choice>,
    categories: Vec<Choice>,
    may_write: bool,
}

/// `GET /kb`.
pub async fn all(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = page(&state, &visit, &params, None).await;
    respond(&state, &visit, outcome)
}

/// `GET /units/{unit}/faq`: a unit's FAQ.
pub async fn unit_faq(
    State(state): State<WebState>,
    visit: Visit,
    Path(unit): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = match unit.parse::<i64>() {
        Ok(unit) => page(&state, &visit, &params, Some(UnitId(unit))).await,
        Err(_) => Err(WebError::NotFound),
    };
    respond(&state, &visit, outcome)
}

/// An id of the query, or nothing when it is blank or no number.
fn asked(params: &HashMap<String, String>, field: &str) -> Option<i64> {
    params.get(field).and_then(|v| v.trim().parse().ok())
}

async fn page(state: &WebState, visit: &Visit, params: &HashMap<String, String>, unit: Option<UnitId>) -> WebResult {
    let ctx = &state.ctx;
    let actor = visit.actor();
    let unit = unit.or_else(|| asked(params, "unit").map(UnitId));
    let category = asked(params, "category").map(CategoryId);
    let lang = language(visit);
    let mut layout = Layout::new(state, visit, "kb-title");
    if let Some(unit) = unit {
        let name = get_unit(ctx, unit).await?.name;
        let title = layout.tr.t1("kb-unit-faq-title", "unit", name);
        layout = layout.titled(title);
    }
    let answers = list_answers(ctx, actor.as_ref(), unit, category).await?;
    let all_categories = list_categories(ctx).await?;
    let mut groups: Vec<Group> = all_categories
        .iter()
        .map(|c| Group {
            name: c.name.pick(lang).to_owned(),
            items: answers
                .iter()
                .filter(|a| a.category == Some(c.id))
                .map(|a| item(a, lang))
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect();
    let loose: Vec<Item> = answers
        .iter()
        .filter(|a| a.category.is_none())
        .map(|a| item(a, lang))
        .collect();
    if !loose.is_empty() {
        groups.push(Group {
            name: layout.tr.t("kb-uncategorised"),
            items: loose,
        });
    }
    let any = Some(layout.tr.t("search-any"));
    let unit_names = list_units(ctx)
        .await?
        .into_iter()
        .map(|u| (u.id.0.to_string(), u.name))
        .collect();
    let category_names = all_categories
        .iter()
        .map(|c| (c.id.0.to_string(), c.name.pick(lang).to_owned()))
        .collect();
    let page = KbIndex {
        groups,
        units: choices(
            unit_names,
            &unit.map(|u| u.0.to_string()).unwrap_or_default(),
            any.clone(),
        ),
        categories: choices(
            category_names,
            &category.map(|c| c.0.to_string()).unwrap_or_default(),
            any,
        ),
        may_write: actor.is_some_and(|a| a.role().is_supporter()),
        layout,
    };
    Ok(render(state, visit, StatusCode::OK, &page))
}

fn item(answer: &guichet_service::knowledge::Answer, lang: guichet_domain::preferences::Language) -> Item {
    Item {
        id: answer.id.0,
        title: answer.texts.title.pick(lang).to_owned(),
        internal: answer.visibility == guichet_service::knowledge::Visibility::Internal,
    }
}
