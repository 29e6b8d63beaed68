//! Routing rules: which unit each type of issue goes to. One page lists
//! the rules, each with its delete button, and holds the form that sets
//! the rule of a type of issue (replacing the one it had).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};

use guichet_domain::ids::{IssueTypeId, RoutingRuleId, UnitId};
use guichet_service::ServiceError;
use guichet_service::admin::named::list_issue_types;
use guichet_service::admin::routing::{RuleBody, delete_rule, list_rules, set_rule};
use guichet_service::admin::units::list_units;

use super::{Errors, Fields, administrator, done, invalid_field, notice, path_id, required, sender};
use crate::WebState;
use crate::error::{WebResult, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::pages::tickets::{Choice, choices};
use crate::visit::Visit;

const PATH: &str = "/admin/routing";

/// The routing page and its forms.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(PATH, get(show).post(set))
        .route("/admin/routing/{id}/delete", post(delete))
}

/// A rule as the list shows it.
struct Row {
    id: RoutingRuleId,
    issue_type: String,
    unit: String,
}

#[derive(Template)]
#[template(path = "admin/routing.html")]
struct Routing<'a> {
    layout: Layout<'a>,
    rows: Vec<Row>,
    types: Vec<Choice>,
    units: Vec<Choice>,
    errors: Errors,
}

impl Routing<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The page, with the form holding what was `chosen` (type, unit) and `errors`.
async fn page(
    state: &WebState,
    visit: &Visit,
    chosen: (&str, &str),
    errors: Errors,
    status: StatusCode,
    query: &HashMap<String, String>,
) -> WebResult {
    let types = list_issue_types(&state.ctx).await?;
    let units = list_units(&state.ctx).await?;
    let rules = list_rules(&state.ctx).await?;
    let name_of = |found: Option<&String>, id: i64| found.cloned().unwrap_or_else(|| id.to_string());
    let mut rows: Vec<Row> = rules
        .iter()
        .map(|r| Row {
            id: r.id,
            issue_type: name_of(
                types.iter().find(|t| t.id == r.issue_type).map(|t| &t.name),
                r.issue_type.0,
            ),
            unit: name_of(units.iter().find(|u| u.id == r.unit).map(|u| &u.name), r.unit.0),
        })
        .collect();
    rows.sort_by(|a, b| a.issue_type.cmp(&b.issue_type));
    let mut layout = Layout::new(state, visit, "admin-routing-title");
    layout.notice = notice(&layout.tr, query);
    let none = Some(layout.tr.t("submit-none"));
    let types = types.into_iter().map(|t| (t.id.to_string(), t.name)).collect();
    let units = units.into_iter().map(|u| (u.id.to_string(), u.name)).collect();
    let page = Routing {
        types: choices(types, chosen.0, none.clone()),
        units: choices(units, chosen.1, none),
        layout,
        rows,
        errors,
    };
    Ok(render(state, visit, status, &page))
}

/// `GET /admin/routing`: the rules, and the form to set one.
async fn show(State(state): State<WebState>, visit: Visit, Query(query): Query<HashMap<String, String>>) -> Response {
    let outcome = async {
        administrator(&visit)?;
        page(&state, &visit, ("", ""), Errors::new(), StatusCode::OK, &query).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /admin/routing`: sets the rule of a type of issue, or shows the
/// page with the form's error.
async fn set(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let tr = Tr::new(&state.catalogs, visit.lang);
        let chosen = (form.text("issue_type"), form.text("unit"));
        let none = HashMap::new();
        let errors = required(&tr, &form, &["issue_type", "unit"]);
        if !errors.is_empty() {
            return page(&state, &visit, chosen, errors, StatusCode::UNPROCESSABLE_ENTITY, &none).await;
        }
        let outcome = match (chosen.0.parse(), chosen.1.parse()) {
            (Ok(issue_type), Ok(unit)) => {
                let body = RuleBody {
                    issue_type: IssueTypeId(issue_type),
                    unit: UnitId(unit),
                };
                set_rule(&state.ctx, &actor, body).await.map(|_| ())
            }
            (Err(_), _) => Err(ServiceError::invalid("issue_type", "not an id")),
            (_, Err(_)) => Err(ServiceError::invalid("unit", "not an id")),
        };
        match outcome {
            Ok(()) => done(PATH, "saved"),
            Err(error @ ServiceError::Invalid { .. }) => {
                let errors = Errors::from([invalid_field(&error, &tr, &["issue_type", "unit"])]);
                page(&state, &visit, chosen, errors, StatusCode::UNPROCESSABLE_ENTITY, &none).await
            }
            Err(other) => Err(other.into()),
        }
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /admin/routing/{id}/delete`: deletes a rule.
async fn delete(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        delete_rule(&state.ctx, &actor, RoutingRuleId(path_id(&id)?)).await?;
        done(PATH, "deleted")
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}
