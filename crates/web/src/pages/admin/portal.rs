//! `/admin/portal`: the portal's links (FAQs, forums, documentation) the
//! landing page shows, with French and English labels: the list, the form
//! to add one, and deleting one.

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
use guichet_service::knowledge::portal::{PortalLinkBody, create_portal_link, delete_portal_link, list_portal_links};

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
}

impl PortalPage<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

async fn page(
    state: &WebState,
    visit: &Visit,
    typed: PortalLinkBody,
    errors: Errors,
    status: StatusCode,
    query: &HashMap<String, String>,
) -> WebResult {
    let mut layout = Layout::new(state, visit, "portal-admin-title");
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
        page(&state, &visit, typed, Errors::new(), StatusCode::OK, &query).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST`: adds a link, or shows the form again with the error.
async fn create(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let tr = visit.tr(&state);
        let position = form.text("position").trim();
        let typed = PortalLinkBody {
            kind: form.owned("kind"),
            url: form.owned("url"),
            label_en: form.owned("label_en"),
            label_fr: form.owned("label_fr"),
            position: position.parse().unwrap_or(0),
        };
        if !position.is_empty() && position.parse::<i64>().is_err() {
            let errors = Errors::from([("position", tr.t("portal-error-position"))]);
            return page(
                &state,
                &visit,
                typed,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                &HashMap::new(),
            )
            .await;
        }
        match create_portal_link(&state.ctx, &actor, &typed).await {
            Ok(_) => done(PATH, "created"),
            Err(ServiceError::Invalid { field, message }) => {
                let at = FIELDS.iter().find(|f| **f == field).copied().unwrap_or("form");
                let known = format!("portal-error-{field}");
                let text = if tr.has(&known) { tr.t(&known) } else { message };
                let errors = Errors::from([(at, text)]);
                page(
                    &state,
                    &visit,
                    typed,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &HashMap::new(),
                )
                .await
            }
            Err(other) => Err(WebError::from(other)),
        }
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
