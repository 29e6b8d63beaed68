//! `/admin/portal`: the portal's links (FAQs, forums, documentation) the
//! landing page shows, with French and English labels: the list, the form
//! to add one, changing one (`/admin/portal/{id}`), and deleting one.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};

use guichet_domain::ids::PortalLinkId;
use guichet_service::ServiceError;
use guichet_service::knowledge::PortalLinkKind;
use guichet_service::knowledge::portal::{
    PortalLinkBody, create_portal_link, delete_portal_link, get_portal_link, list_portal_links, update_portal_link,
};

use super::{Errors, Fields, administrator, done, notice, path_id, sender};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::tickets::{Choice, choices};
use crate::visit::Visit;

/// The list's path.
const PATH: &str = "/admin/portal";

/// The fields the form shows.
const FIELDS: [&str; 6] = ["kind", "url", "label", "label_en", "label_fr", "position"];

/// The portal's routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(PATH, get(list).post(create))
        .route("/admin/portal/{id}", get(edit_form).post(save))
        .route("/admin/portal/{id}/delete", post(delete))
}

/// A link of the list.
struct Row {
    id: i64,
    kind: String,
    url: String,
    label_en: String,
    label_fr: String,
    position: i64,
}

#[derive(Template)]
#[template(path = "admin/portal.html")]
struct PortalPage<'a> {
    layout: Layout<'a>,
    rows: Vec<Row>,
    kinds: Vec<Choice>,
    typed: PortalLinkBody,
    errors: Errors,
    /// The form's address: the list's to add, a link's to change it.
    action: String,
}

impl PortalPage<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// What the page's form holds and where it posts.
struct Typed {
    body: PortalLinkBody,
    errors: Errors,
    status: StatusCode,
    editing: Option<i64>,
}

async fn page(state: &WebState, visit: &Visit, typed: Typed, query: &HashMap<String, String>) -> WebResult {
    let Typed {
        body: typed,
        errors,
        status,
        editing,
    } = typed;
    let title = if editing.is_some() {
        "portal-edit-title"
    } else {
        "portal-admin-title"
    };
    let mut layout = Layout::new(state, visit, title);
    layout.notice = notice(&layout.tr, query);
    let tr = layout.tr;
    let rows = list_portal_links(&state.ctx)
        .await?
        .into_iter()
        .map(|l| Row {
            id: l.id.0,
            kind: tr.t(&format!("portal-kind-{}", l.kind.as_str())),
            url: l.url,
            label_en: l.label.en,
            label_fr: l.label.fr,
            position: l.position,
        })
        .collect();
    let kinds = PortalLinkKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), tr.t(&format!("portal-kind-{}", k.as_str()))))
        .collect();
    let page = PortalPage {
        action: editing.map_or_else(|| PATH.to_owned(), |id| format!("{PATH}/{id}")),
        kinds: choices(kinds, &typed.kind, None),
        layout,
        rows,
        typed,
        errors,
    };
    Ok(render(state, visit, status, &page))
}

/// `GET`: the links and the form to add one.
async fn list(State(state): State<WebState>, visit: Visit, Query(query): Query<HashMap<String, String>>) -> Response {
    let outcome = async {
        administrator(&visit)?;
        let typed = PortalLinkBody {
            kind: "faq".into(),
            ..PortalLinkBody::default()
        };
        let typed = Typed {
            body: typed,
            errors: Errors::new(),
            status: StatusCode::OK,
            editing: None,
        };
        page(&state, &visit, typed, &query).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// The link a form posted, or the form again with why its position is
/// no number.
fn posted(form: &Fields, tr: &crate::i18n::Tr<'_>) -> (PortalLinkBody, Errors) {
    let position = form.text("position").trim();
    let body = PortalLinkBody {
        kind: form.owned("kind"),
        url: form.owned("url"),
        label_en: form.owned("label_en"),
        label_fr: form.owned("label_fr"),
        position: position.parse().unwrap_or(0),
    };
    let mut errors = Errors::new();
    if !position.is_empty() && position.parse::<i64>().is_err() {
        errors.insert("position", tr.t("portal-error-position"));
    }
    (body, errors)
}

/// The form's error for a refused link.
fn refusal(error: ServiceError, tr: &crate::i18n::Tr<'_>) -> Result<Errors, WebError> {
    match error {
        ServiceError::Invalid { field, message } => {
            let at = FIELDS.iter().find(|f| **f == field).copied().unwrap_or("form");
            let known = format!("portal-error-{field}");
            let text = if tr.has(&known) { tr.t(&known) } else { message };
            Ok(Errors::from([(at, text)]))
        }
        other => Err(WebError::from(other)),
    }
}

/// Adds the link (`editing: None`) or changes link `editing`; shows the
/// form again with the error.
async fn submit(
    state: &WebState,
    visit: &Visit,
    headers: &HeaderMap,
    form: &Fields,
    editing: Option<i64>,
) -> WebResult {
    let actor = sender(visit, headers, form)?;
    let tr = visit.tr(state);
    let (body, errors) = posted(form, &tr);
    let again = |errors| Typed {
        body: body.clone(),
        errors,
        status: StatusCode::UNPROCESSABLE_ENTITY,
        editing,
    };
    if !errors.is_empty() {
        return page(state, visit, again(errors), &HashMap::new()).await;
    }
    let saved = match editing {
        None => create_portal_link(&state.ctx, &actor, &body).await,
        Some(id) => update_portal_link(&state.ctx, &actor, PortalLinkId(id), &body).await,
    };
    match saved {
        Ok(_) => done(PATH, if editing.is_some() { "saved" } else { "created" }),
        Err(error) => page(state, visit, again(refusal(error, &tr)?), &HashMap::new()).await,
    }
}

/// `POST`: adds a link, or shows the form again with the error.
async fn create(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let outcome = submit(&state, &visit, &headers, &Fields::from(form), None).await;
    respond(&state, &visit, outcome)
}

/// `GET /admin/portal/{id}`: the form holding the link.
async fn edit_form(State(state): State<WebState>, visit: Visit, Path(id): Path<String>) -> Response {
    let outcome = async {
        administrator(&visit)?;
        let id = path_id(&id)?;
        let link = get_portal_link(&state.ctx, PortalLinkId(id)).await?;
        let typed = Typed {
            body: PortalLinkBody {
                kind: link.kind.as_str().into(),
                url: link.url,
                label_en: link.label.en,
                label_fr: link.label.fr,
                position: link.position,
            },
            errors: Errors::new(),
            status: StatusCode::OK,
            editing: Some(id),
        };
        page(&state, &visit, typed, &HashMap::new()).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /admin/portal/{id}`: changes the link, or shows the form again.
async fn save(
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

/// `POST /admin/portal/{id}/delete`: removes a link.
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
        delete_portal_link(&state.ctx, &actor, PortalLinkId(path_id(&id)?)).await?;
        done(PATH, "deleted")
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}
