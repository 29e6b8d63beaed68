//! Sites and their NGI: the list with the form to add one (which also makes
//! the site's own unit), renaming one (its unit follows) and deleting one
//! no ticket refers to (its unit goes with it).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};

use guichet_domain::ids::{SiteId, UnitId};
use guichet_domain::reference::Site;
use guichet_service::ServiceError;
use guichet_service::admin::sites::{SiteBody, create_site, delete_site, get_site, list_sites, update_site};
use guichet_service::admin::units::list_units;

use super::{Errors, Fields, administrator, done, invalid_field, notice, path_id, required, sender};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::visit::Visit;

const PATH: &str = "/admin/sites";

/// The fields the forms show errors next to.
const SHOWN: [&str; 2] = ["name", "ngi"];

/// The sites' pages.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(PATH, get(list).post(create))
        .route("/admin/sites/{id}", get(edit_form).post(save))
        .route("/admin/sites/{id}/delete", post(delete))
}

/// A row of the list.
struct Row {
    id: SiteId,
    name: String,
    ngi: String,
    unit: UnitId,
    unit_name: String,
}

/// What a form shows, kept as typed when it comes back.
#[derive(Debug, Default)]
struct Draft {
    name: String,
    ngi: String,
}

impl Draft {
    /// The site as it is.
    fn of(site: &Site) -> Self {
        Self {
            name: site.name.clone(),
            ngi: site.ngi.clone().unwrap_or_default(),
        }
    }

    /// The form as sent.
    fn sent(form: &Fields) -> Self {
        Self {
            name: form.owned("name"),
            ngi: form.owned("ngi"),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/sites.html")]
struct SiteList<'a> {
    layout: Layout<'a>,
    rows: Vec<Row>,
    draft: Draft,
    errors: Errors,
}

impl SiteList<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The list, with the add form holding `draft` and `errors`.
async fn list_page(
    state: &WebState,
    visit: &Visit,
    draft: Draft,
    errors: Errors,
    status: StatusCode,
    query: &HashMap<String, String>,
) -> WebResult {
    let sites = list_sites(&state.ctx).await?;
    let units = list_units(&state.ctx).await?;
    let rows = sites
        .into_iter()
        .map(|s| Row {
            unit_name: units
                .iter()
                .find(|u| u.id == s.unit)
                .map_or_else(|| s.unit.to_string(), |u| u.name.clone()),
            id: s.id,
            name: s.name,
            ngi: s.ngi.unwrap_or_default(),
            unit: s.unit,
        })
        .collect();
    let mut layout = Layout::new(state, visit, "admin-sites-title");
    layout.notice = notice(&layout.tr, query);
    let page = SiteList {
        layout,
        rows,
        draft,
        errors,
    };
    Ok(render(state, visit, status, &page))
}

/// `GET /admin/sites`: every site, and the form to add one.
async fn list(State(state): State<WebState>, visit: Visit, Query(query): Query<HashMap<String, String>>) -> Response {
    let outcome = async {
        administrator(&visit)?;
        list_page(&state, &visit, Draft::default(), Errors::new(), StatusCode::OK, &query).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// The use case's input.
fn body(draft: &Draft) -> SiteBody {
    SiteBody {
        name: draft.name.clone(),
        ngi: Some(draft.ngi.trim()).filter(|n| !n.is_empty()).map(str::to_owned),
    }
}

/// A refused create or save: the name taken, or a field at fault.
fn refusal(error: ServiceError, tr: &Tr<'_>) -> Result<(Errors, StatusCode), WebError> {
    match error {
        ServiceError::Conflict(_) => Ok((Errors::from([("name", tr.t("admin-name-taken"))]), StatusCode::CONFLICT)),
        error @ ServiceError::Invalid { .. } => Ok((
            Errors::from([invalid_field(&error, tr, &SHOWN)]),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        other => Err(other.into()),
    }
}

/// `POST /admin/sites`: adds the site, or shows the list with the form's errors.
async fn create(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let tr = Tr::new(&state.catalogs, visit.lang);
        let draft = Draft::sent(&form);
        let none = HashMap::new();
        let errors = required(&tr, &form, &["name"]);
        if !errors.is_empty() {
            return list_page(&state, &visit, draft, errors, StatusCode::UNPROCESSABLE_ENTITY, &none).await;
        }
        match create_site(&state.ctx, &actor, body(&draft)).await {
            Ok(_) => done(PATH, "created"),
            Err(error) => {
                let (errors, status) = refusal(error, &tr)?;
                list_page(&state, &visit, draft, errors, status, &none).await
            }
        }
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

#[derive(Template)]
#[template(path = "admin/site_form.html")]
struct SiteForm<'a> {
    layout: Layout<'a>,
    id: SiteId,
    draft: Draft,
    errors: Errors,
}

impl SiteForm<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The form of `site`, holding `draft` and `errors`.
fn form_page(
    state: &WebState,
    visit: &Visit,
    site: &Site,
    draft: Draft,
    errors: Errors,
    status: StatusCode,
) -> WebResult {
    let layout = Layout::new(state, visit, "admin-sites-title");
    let title = layout.tr.t1("admin-site-edit-title", "name", &site.name);
    let page = SiteForm {
        layout: layout.titled(title),
        id: site.id,
        draft,
        errors,
    };
    Ok(render(state, visit, status, &page))
}

/// `GET /admin/sites/{id}`: the form to rename a site or delete it.
async fn edit_form(State(state): State<WebState>, visit: Visit, Path(id): Path<String>) -> Response {
    let outcome = async {
        administrator(&visit)?;
        let site = get_site(&state.ctx, SiteId(path_id(&id)?)).await?;
        form_page(&state, &visit, &site, Draft::of(&site), Errors::new(), StatusCode::OK)
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /admin/sites/{id}`: saves the site, or shows the form again.
async fn save(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let site = get_site(&state.ctx, SiteId(path_id(&id)?)).await?;
        let tr = Tr::new(&state.catalogs, visit.lang);
        let draft = Draft::sent(&form);
        let errors = required(&tr, &form, &["name"]);
        if !errors.is_empty() {
            return form_page(&state, &visit, &site, draft, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
        match update_site(&state.ctx, &actor, site.id, body(&draft)).await {
            Ok(_) => done(PATH, "saved"),
            Err(error) => {
                let (errors, status) = refusal(error, &tr)?;
                form_page(&state, &visit, &site, draft, errors, status)
            }
        }
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /admin/sites/{id}/delete`: deletes the site, or says why not.
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
        let id = SiteId(path_id(&id)?);
        match delete_site(&state.ctx, &actor, id).await {
            Ok(()) => done(PATH, "deleted"),
            Err(ServiceError::Conflict(_)) => {
                let site = get_site(&state.ctx, id).await?;
                let message = Tr::new(&state.catalogs, visit.lang).t("admin-in-use");
                let errors = Errors::from([("delete", message)]);
                form_page(&state, &visit, &site, Draft::of(&site), errors, StatusCode::CONFLICT)
            }
            Err(other) => Err(other.into()),
        }
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}
