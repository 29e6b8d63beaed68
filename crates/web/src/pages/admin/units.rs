//! Support units: the list (kind, quality-of-support level, address,
//! member count), creating and changing one with its members, chosen with
//! checkboxes, and deleting one nothing refers to.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};

use guichet_domain::ids::{UnitId, UserId};
use guichet_domain::reference::{QosLevel, Unit, UnitKind};
use guichet_service::admin::units::{UnitBody, create_unit, delete_unit, get_unit, list_units, update_unit};
use guichet_service::admin::users::list_users;
use guichet_service::{Actor, ServiceError};

use super::{Errors, Fields, administrator, done, invalid_field, notice, path_id, required, sender};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::pages::tickets::{Choice, choices};
use crate::visit::Visit;

const PATH: &str = "/admin/units";

/// The fields the form shows errors next to.
const SHOWN: [&str; 5] = ["name", "kind", "qos_level", "email", "members"];

/// The units' pages.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(PATH, get(list))
        .route("/admin/units/new", get(new_form).post(create))
        .route("/admin/units/{id}", get(edit_form).post(save))
        .route("/admin/units/{id}/delete", post(delete))
}

/// A row of the list.
struct Row {
    id: UnitId,
    name: String,
    kind: String,
    qos_level: String,
    email: String,
    members: usize,
}

#[derive(Template)]
#[template(path = "admin/units.html")]
struct UnitList<'a> {
    layout: Layout<'a>,
    rows: Vec<Row>,
}

/// `GET /admin/units`: every unit.
async fn list(State(state): State<WebState>, visit: Visit, Query(query): Query<HashMap<String, String>>) -> Response {
    let outcome = async {
        administrator(&visit)?;
        let units = list_units(&state.ctx).await?;
        let mut layout = Layout::new(&state, &visit, "admin-units-title");
        layout.notice = notice(&layout.tr, &query);
        let tr = layout.tr;
        let rows = units
            .into_iter()
            .map(|u| Row {
                id: u.id,
                kind: tr.label("admin-kind", u.kind.as_str()),
                qos_level: tr.label("admin-qos", u.qos_level.as_str()),
                email: u.email.unwrap_or_default(),
                members: u.members.len(),
                name: u.name,
            })
            .collect();
        Ok(render(&state, &visit, StatusCode::OK, &UnitList { layout, rows }))
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// What the form shows, kept as typed when it comes back.
#[derive(Debug)]
struct Draft {
    name: String,
    kind: String,
    qos_level: String,
    email: String,
    members: Vec<String>,
}

impl Default for Draft {
    fn default() -> Self {
        Self {
            name: String::new(),
            kind: UnitKind::Expertise.as_str().to_owned(),
            qos_level: QosLevel::Base.as_str().to_owned(),
            email: String::new(),
            members: Vec::new(),
        }
    }
}

impl Draft {
    /// The unit as it is.
    fn of(unit: &Unit) -> Self {
        Self {
            name: unit.name.clone(),
            kind: unit.kind.as_str().to_owned(),
            qos_level: unit.qos_level.as_str().to_owned(),
            email: unit.email.clone().unwrap_or_default(),
            members: unit.members.iter().map(ToString::to_string).collect(),
        }
    }

    /// The form as sent.
    fn sent(form: &Fields) -> Self {
        Self {
            name: form.owned("name"),
            kind: form.owned("kind"),
            qos_level: form.owned("qos_level"),
            email: form.owned("email"),
            members: form.all("members").into_iter().map(str::to_owned).collect(),
        }
    }

    /// The use case's input, or the members field's fault.
    fn body(&self) -> Result<UnitBody, ServiceError> {
        let members = self
            .members
            .iter()
            .map(|m| m.parse().map(UserId))
            .collect::<Result<_, _>>()
            .map_err(|_| ServiceError::invalid("members", "not a user id"))?;
        Ok(UnitBody {
            name: self.name.clone(),
            kind: self.kind.clone(),
            qos_level: Some(self.qos_level.clone()),
            email: Some(self.email.trim()).filter(|e| !e.is_empty()).map(str::to_owned),
            members,
        })
    }
}

/// A person who may be made a member.
struct Member {
    id: String,
    name: String,
    email: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "admin/unit_form.html")]
struct UnitForm<'a> {
    layout: Layout<'a>,
    target: Option<UnitId>,
    draft: Draft,
    kinds: Vec<Choice>,
    levels: Vec<Choice>,
    people: Vec<Member>,
    errors: Errors,
}

impl UnitForm<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The people offered as members: the enabled accounts with a support
/// role, and whoever is a member already.
async fn people(state: &WebState, actor: &Actor, draft: &Draft) -> Result<Vec<Member>, WebError> {
    let users = list_users(&state.ctx, actor).await?;
    Ok(users
        .into_iter()
        .filter_map(|u| {
            let id = u.id.to_string();
            let checked = draft.members.contains(&id);
            (checked || (u.role.is_supporter() && !u.disabled)).then_some(Member {
                id,
                name: u.name,
                email: u.email,
                checked,
            })
        })
        .collect())
}

/// What a form page is about: the unit (`None` for a new one), the values
/// shown, the errors and the answer's status.
struct Shown {
    target: Option<(UnitId, String)>,
    draft: Draft,
    errors: Errors,
    status: StatusCode,
}

/// The form of a new unit or of an existing one.
async fn form_page(state: &WebState, visit: &Visit, actor: &Actor, shown: Shown) -> WebResult {
    let layout = Layout::new(state, visit, "admin-unit-new-title");
    let layout = match &shown.target {
        Some((_, name)) => {
            let title = layout.tr.t1("admin-unit-edit-title", "name", name);
            layout.titled(title)
        }
        None => layout,
    };
    let tr = layout.tr;
    let kinds = UnitKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), tr.label("admin-kind", k.as_str())))
        .collect();
    let levels = QosLevel::ALL
        .iter()
        .map(|q| (q.as_str().to_owned(), tr.label("admin-qos", q.as_str())))
        .collect();
    let page = UnitForm {
        people: people(state, actor, &shown.draft).await?,
        kinds: choices(kinds, &shown.draft.kind, None),
        levels: choices(levels, &shown.draft.qos_level, None),
        target: shown.target.map(|(id, _)| id),
        layout,
        draft: shown.draft,
        errors: shown.errors,
    };
    Ok(render(state, visit, shown.status, &page))
}

/// The form shown again with one error.
fn refused(target: Option<(UnitId, String)>, draft: Draft, error: (&'static str, String), status: StatusCode) -> Shown {
    Shown {
        target,
        draft,
        errors: Errors::from([error]),
        status,
    }
}

/// A refused create or save: the name taken, or a field at fault.
fn refusal(error: ServiceError, tr: &Tr<'_>) -> Result<((&'static str, String), StatusCode), WebError> {
    match error {
        ServiceError::Conflict(_) => Ok((("name", tr.t("admin-name-taken")), StatusCode::CONFLICT)),
        error @ ServiceError::Invalid { .. } => {
            Ok((invalid_field(&error, tr, &SHOWN), StatusCode::UNPROCESSABLE_ENTITY))
        }
        other => Err(other.into()),
    }
}

/// `GET /admin/units/new`: the form of a new unit.
async fn new_form(State(state): State<WebState>, visit: Visit) -> Response {
    let outcome = async {
        let actor = administrator(&visit)?;
        let shown = Shown {
            target: None,
            draft: Draft::default(),
            errors: Errors::new(),
            status: StatusCode::OK,
        };
        form_page(&state, &visit, &actor, shown).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /admin/units/new`: creates the unit, or shows the form again.
async fn create(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = created(&state, &visit, &headers, &form).await;
    respond(&state, &visit, outcome)
}

async fn created(state: &WebState, visit: &Visit, headers: &HeaderMap, form: &Fields) -> WebResult {
    let actor = sender(visit, headers, form)?;
    let tr = Tr::new(&state.catalogs, visit.lang);
    let draft = Draft::sent(form);
    let errors = required(&tr, form, &["name"]);
    if !errors.is_empty() {
        let shown = Shown {
            target: None,
            draft,
            errors,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        };
        return form_page(state, visit, &actor, shown).await;
    }
    let outcome = match draft.body() {
        Ok(body) => create_unit(&state.ctx, &actor, body).await.map(|_| ()),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => done(PATH, "created"),
        Err(error) => {
            let (error, status) = refusal(error, &tr)?;
            form_page(state, visit, &actor, refused(None, draft, error, status)).await
        }
    }
}

/// `GET /admin/units/{id}`: the form of a unit.
async fn edit_form(State(state): State<WebState>, visit: Visit, Path(id): Path<String>) -> Response {
    let outcome = async {
        let actor = administrator(&visit)?;
        let unit = get_unit(&state.ctx, UnitId(path_id(&id)?)).await?;
        let shown = Shown {
            target: Some((unit.id, unit.name.clone())),
            draft: Draft::of(&unit),
            errors: Errors::new(),
            status: StatusCode::OK,
        };
        form_page(&state, &visit, &actor, shown).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /admin/units/{id}`: saves the unit, or shows the form again.
async fn save(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = saved(&state, &visit, &headers, &id, &form).await;
    respond(&state, &visit, outcome)
}

async fn saved(state: &WebState, visit: &Visit, headers: &HeaderMap, id: &str, form: &Fields) -> WebResult {
    let actor = sender(visit, headers, form)?;
    let unit = get_unit(&state.ctx, UnitId(path_id(id)?)).await?;
    let target = Some((unit.id, unit.name.clone()));
    let tr = Tr::new(&state.catalogs, visit.lang);
    let draft = Draft::sent(form);
    let errors = required(&tr, form, &["name"]);
    if !errors.is_empty() {
        let shown = Shown {
            target,
            draft,
            errors,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        };
        return form_page(state, visit, &actor, shown).await;
    }
    let outcome = match draft.body() {
        Ok(body) => update_unit(&state.ctx, &actor, unit.id, body).await.map(|_| ()),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => done(PATH, "saved"),
        Err(error) => {
            let (error, status) = refusal(error, &tr)?;
            form_page(state, visit, &actor, refused(target, draft, error, status)).await
        }
    }
}

/// `POST /admin/units/{id}/delete`: deletes the unit, or says why not.
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
        let id = UnitId(path_id(&id)?);
        match delete_unit(&state.ctx, &actor, id).await {
            Ok(()) => done(PATH, "deleted"),
            Err(ServiceError::Conflict(_)) => {
                let unit = get_unit(&state.ctx, id).await?;
                let message = Tr::new(&state.catalogs, visit.lang).t("admin-in-use");
                let shown = refused(
                    Some((unit.id, unit.name.clone())),
                    Draft::of(&unit),
                    ("delete", message),
                    StatusCode::CONFLICT,
                );
                form_page(&state, &visit, &actor, shown).await
            }
            Err(other) => Err(other.into()),
        }
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogs, Lang};

    #[test]
    fn every_kind_and_level_has_a_message() {
        let catalogs = Catalogs::load();
        for lang in Lang::ALL {
            let tr = Tr::new(&catalogs, lang);
            for kind in UnitKind::ALL {
                assert!(!tr.label("admin-kind", kind.as_str()).starts_with("admin-"), "{kind:?}");
            }
            for level in QosLevel::ALL {
                assert!(
                    !tr.label("admin-qos", level.as_str()).starts_with("admin-"),
                    "{level:?}"
                );
            }
        }
    }
}
