//! `/kb/categories`: the answers' categories, for supporters: the list
//! with the form to add one, renaming one (`/kb/categories/{id}`), and
//! deleting one (its answers keep no category).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use guichet_domain::ids::CategoryId;
use guichet_service::ServiceError;
use guichet_service::knowledge::categories::{
    CategoryBody, create_category, delete_category, get_category, list_categories, rename_category,
};

use super::supporter;
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::admin::{Errors, Fields, done, notice, path_id};
use crate::visit::Visit;

/// The list's path.
const PATH: &str = "/kb/categories";

/// A category of the list.
struct Row {
    id: i64,
    name_en: String,
    name_fr: String,
}

#[derive(Template)]
#[template(path = "kb/categories.html")]
struct CategoriesPage<'a> {
    layout: Layout<'a>,
    rows: Vec<Row>,
    typed: CategoryBody,
    errors: Errors,
    /// The form's address: the list's to add, a category's to rename it.
    action: String,
}

impl CategoriesPage<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// What the page's form holds, why it was refused, and where it posts.
struct Typed {
    body: CategoryBody,
    errors: Errors,
    status: StatusCode,
    editing: Option<i64>,
}

impl Typed {
    /// An empty form, to add a category.
    fn blank() -> Self {
        Self {
            body: CategoryBody::default(),
            errors: Errors::new(),
            status: StatusCode::OK,
            editing: None,
        }
    }
}

async fn page(state: &WebState, visit: &Visit, typed: Typed, query: &HashMap<String, String>) -> WebResult {
    let title = if typed.editing.is_some() {
        "kb-category-edit-title"
    } else {
        "kb-categories-title"
    };
    let mut layout = Layout::new(state, visit, title);
    layout.notice = notice(&layout.tr, query);
    let rows = list_categories(&state.ctx)
        .await?
        .into_iter()
        .map(|c| Row {
            id: c.id.0,
            name_en: c.name.en,
            name_fr: c.name.fr,
        })
        .collect();
    let page = CategoriesPage {
        action: typed
            .editing
            .map_or_else(|| PATH.to_owned(), |id| format!("{PATH}/{id}")),
        layout,
        rows,
        typed: typed.body,
        errors: typed.errors,
    };
    Ok(render(state, visit, typed.status, &page))
}

/// `GET /kb/categories`: the categories and the form to add one.
pub async fn list(
    State(state): State<WebState>,
    visit: Visit,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let outcome = async {
        supporter(&visit)?;
        page(&state, &visit, Typed::blank(), &query).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// The form's error for a refused category: a name missing, or gone.
fn refusal(error: ServiceError, tr: &crate::i18n::Tr<'_>) -> Result<Errors, WebError> {
    match error {
        ServiceError::Invalid { .. } => Ok(Errors::from([("form", tr.t("kb-category-name-needed"))])),
        other => Err(WebError::from(other)),
    }
}

/// Adds a category (`editing: None`) or renames category `editing`;
/// shows the form again with the error.
async fn submit(
    state: &WebState,
    visit: &Visit,
    headers: &HeaderMap,
    form: &Fields,
    editing: Option<i64>,
) -> WebResult {
    let actor = super::sender(visit, headers, form.text("csrf"))?;
    let body = CategoryBody {
        name_en: form.owned("name_en"),
        name_fr: form.owned("name_fr"),
    };
    let saved = match editing {
        None => create_category(&state.ctx, &actor, &body).await,
        Some(id) => rename_category(&state.ctx, &actor, CategoryId(id), &body).await,
    };
    match saved {
        Ok(_) => done(PATH, if editing.is_some() { "saved" } else { "created" }),
        Err(error) => {
            let typed = Typed {
                body,
                errors: refusal(error, &visit.tr(state))?,
                status: StatusCode::UNPROCESSABLE_ENTITY,
                editing,
            };
            page(state, visit, typed, &HashMap::new()).await
        }
    }
}

/// `POST /kb/categories`: adds a category, or shows the form again.
pub async fn create(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let outcome = submit(&state, &visit, &headers, &Fields::from(form), None).await;
    respond(&state, &visit, outcome)
}

/// `GET /kb/categories/{id}`: the form holding the category's names.
pub async fn edit_form(State(state): State<WebState>, visit: Visit, Path(id): Path<String>) -> Response {
    let outcome = async {
        supporter(&visit)?;
        let id = path_id(&id)?;
        let category = get_category(&state.ctx, CategoryId(id)).await?;
        let typed = Typed {
            body: CategoryBody {
                name_en: category.name.en,
                name_fr: category.name.fr,
            },
            editing: Some(id),
            ..Typed::blank()
        };
        page(&state, &visit, typed, &HashMap::new()).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /kb/categories/{id}`: renames the category, or shows the form
/// again.
pub async fn save(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let outcome = async {
        let id = path_id(&id)?;
        submit(&state, &visit, &headers, &Fields::from(form), Some(id)).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /kb/categories/{id}/delete`: deletes the category.
pub async fn delete(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = super::sender(&visit, &headers, form.text("csrf"))?;
        delete_category(&state.ctx, &actor, CategoryId(path_id(&id)?)).await?;
        done(PATH, "deleted")
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}
