//! The administration pages under `/admin`: accounts, support units, sites,
//! VOs, types of issue and routing rules. They are for those the service
//! lets administer (`require_admin`: administrators); others get the 403
//! page, and visitors who are not signed in are sent to sign in. Every
//! change goes through the service's use cases, which check it again.

pub mod named;
pub mod portal;
pub mod routing;
pub mod sites;
pub mod units;
pub mod users;

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use fluent_bundle::FluentValue;

use guichet_service::admin::require_admin;
use guichet_service::{Actor, ServiceError, User, actor_of};

use crate::WebState;
use crate::csrf;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::visit::Visit;

/// Every administration page; `lib.rs` merges them into the router.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/admin", get(index))
        .merge(users::routes())
        .merge(units::routes())
        .merge(sites::routes())
        .merge(named::routes(named::Named::Vo))
        .merge(named::routes(named::Named::IssueType))
        .merge(routing::routes())
        .merge(portal::routes())
}

/// Whether `user` may use the administration pages: the nav's link.
pub fn may_administer(user: &User) -> bool {
    require_admin(&actor_of(user)).is_ok()
}

/// The administrator visiting, or why the page is not theirs.
pub fn administrator(visit: &Visit) -> Result<Actor, WebError> {
    let actor = visit.actor().ok_or(WebError::SignInNeeded)?;
    require_admin(&actor)?;
    Ok(actor)
}

/// The administrator who sent `form` from our own pages, or why the form
/// is refused.
pub fn sender(visit: &Visit, headers: &HeaderMap, form: &Fields) -> Result<Actor, WebError> {
    let actor = visit.actor().ok_or(WebError::SignInNeeded)?;
    if !csrf::allows(visit, headers, form.text("csrf")) {
        return Err(WebError::Forged);
    }
    require_admin(&actor)?;
    Ok(actor)
}

/// A posted form's fields, in order; a field may repeat (checkboxes).
pub struct Fields(Vec<(String, String)>);

impl From<Vec<(String, String)>> for Fields {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }
}

impl Fields {
    /// The first value of `name`, as typed; empty if absent.
    pub fn text(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    /// The first value of `name`, owned.
    pub fn owned(&self, name: &str) -> String {
        self.text(name).to_owned()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether checkbox `name` was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

/// Errors by field; `form` is for those of no one field.
pub type Errors = HashMap<&'static str, String>;

/// Why a value of `field` was refused, in the visitor's language for the
/// reasons the form knows; `None` for others.
pub fn invalid_message(tr: &Tr<'_>, field: &str) -> Option<String> {
    let id = match field {
        "name" | "ngi" => "admin-name-invalid",
        "email" => "admin-email-invalid",
        "password" => "admin-password-short",
        "role" | "kind" | "qos_level" | "issue_type" | "unit" => "admin-choose",
        "members" => "admin-member-unknown",
        _ => return None,
    };
    Some(tr.t(id))
}

/// "This field is required" for each of `fields` left blank.
pub fn required(tr: &Tr<'_>, form: &Fields, fields: &[&'static str]) -> Errors {
    fields
        .iter()
        .filter(|field| form.text(field).trim().is_empty())
        .map(|field| (*field, tr.t("field-required")))
        .collect()
}

/// The answer to a change that worked: back to `path`, saying `done`
/// (`created`, `saved` or `deleted`).
pub fn done(path: &str, done: &str) -> WebResult {
    Ok(Redirect::to(&format!("{path}?done={done}")).into_response())
}

/// The confirmation of the change a redirect's `?done=` names.
pub fn notice(tr: &Tr<'_>, query: &HashMap<String, String>) -> Option<String> {
    let done = query.get("done")?;
    ["created", "saved", "deleted"]
        .contains(&done.as_str())
        .then(|| tr.t(&format!("admin-done-{done}")))
}

/// The id a URL's path names; a path that is no id names nothing.
pub fn path_id(raw: &str) -> Result<i64, WebError> {
    raw.parse().map_err(|_| WebError::NotFound)
}

/// Message `id` with a number `count`, whose plural forms it chooses.
pub fn counted(state: &WebState, visit: &Visit, id: &str, count: usize) -> String {
    state
        .catalogs
        .text_with(visit.lang, id, &[("count", FluentValue::from(count))])
}

/// Invalid input as the field at fault, or `form` when the page shows no
/// such field, and why: in the visitor's language where the form knows
/// the reason, the use case's own words otherwise.
pub fn invalid_field(error: &ServiceError, tr: &Tr<'_>, shown: &[&'static str]) -> (&'static str, String) {
    match error {
        ServiceError::Invalid { field, message } => {
            let at = shown.iter().find(|s| *s == field).copied().unwrap_or("form");
            (at, invalid_message(tr, field).unwrap_or_else(|| message.clone()))
        }
        other => ("form", other.to_string()),
    }
}

/// The value of `name`, trimmed, or `None` when blank.
pub fn optional(form: &Fields, name: &str) -> Option<String> {
    Some(form.text(name).trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct Index<'a> {
    layout: Layout<'a>,
}

/// `GET /admin`: the sections.
async fn index(State(state): State<WebState>, visit: Visit, Query(query): Query<HashMap<String, String>>) -> Response {
    let outcome = administrator(&visit).map(|_| {
        let mut layout = Layout::new(&state, &visit, "admin-title");
        layout.notice = notice(&layout.tr, &query);
        render(&state, &visit, StatusCode::OK, &Index { layout })
    });
    respond(&state, &visit, outcome)
}
