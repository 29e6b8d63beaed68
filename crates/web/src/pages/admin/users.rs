//! Accounts: the list, adding one, changing one (name, role, DN, disabled,
//! a new password) and deleting one the service lets go. Passwords are
//! never shown again, not even when a form comes back.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};

use guichet_domain::ids::UserId;
use guichet_domain::role::Role;
use guichet_domain::user::AccountChange;
use guichet_service::admin::users::{
    UserInput, UserUpdateInput, add_user, delete_user, get_user, list_users, update_user,
};
use guichet_service::{Actor, ServiceError, User};

use super::{Errors, Fields, administrator, counted, done, invalid_field, notice, optional, path_id, required, sender};
use crate::WebState;
use crate::error::{WebResult, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::pages::tickets::{Choice, choices};
use crate::visit::Visit;

const PATH: &str = "/admin/users";

/// The fields the form shows errors next to.
const SHOWN: [&str; 5] = ["email", "name", "role", "password", "dn"];

/// The accounts' pages.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(PATH, get(list))
        .route("/admin/users/new", get(new_form).post(add))
        .route("/admin/users/{id}", get(edit_form).post(save))
        .route("/admin/users/{id}/delete", post(delete))
}

/// A row of the list.
struct Row {
    id: UserId,
    name: String,
    email: String,
    role: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UserList<'a> {
    layout: Layout<'a>,
    total: String,
    rows: Vec<Row>,
}

/// `GET /admin/users`: every account, with the total.
async fn list(State(state): State<WebState>, visit: Visit, Query(query): Query<HashMap<String, String>>) -> Response {
    let outcome = async {
        let actor = administrator(&visit)?;
        let users = list_users(&state.ctx, &actor).await?;
        let mut layout = Layout::new(&state, &visit, "admin-users-title");
        layout.notice = notice(&layout.tr, &query);
        let rows = users
            .iter()
            .map(|u| Row {
                id: u.id,
                name: u.name.clone(),
                email: u.email.clone(),
                role: layout.tr.label("role", u.role.as_str()),
                disabled: u.disabled,
            })
            .collect();
        let total = counted(&state, &visit, "admin-users-total", users.len());
        Ok(render(
            &state,
            &visit,
            StatusCode::OK,
            &UserList { layout, total, rows },
        ))
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// What the form shows, kept as typed when it comes back.
#[derive(Debug, Default)]
struct Draft {
    email: String,
    name: String,
    role: String,
    dn: String,
    disabled: bool,
}

impl Draft {
    /// The account as it is.
    fn of(user: &User) -> Self {
        Self {
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role.as_str().to_owned(),
            dn: user.dn.clone().unwrap_or_default(),
            disabled: user.disabled,
        }
    }

    /// The form as sent.
    fn sent(form: &Fields) -> Self {
        Self {
            email: form.owned("email"),
            name: form.owned("name"),
            role: form.owned("role"),
            dn: form.owned("dn"),
            disabled: form.ticked("disabled"),
        }
    }
}

/// The account being changed, `None` for a new one.
struct Target {
    id: UserId,
    deletable: bool,
}

#[derive(Template)]
#[template(path = "admin/user_form.html")]
struct UserForm<'a> {
    layout: Layout<'a>,
    target: Option<Target>,
    draft: Draft,
    roles: Vec<Choice>,
    errors: Errors,
}

impl UserForm<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The form: to add an account (`target` `None`) or change one.
fn form_page(
    state: &WebState,
    visit: &Visit,
    target: Option<(&User, &Actor)>,
    draft: Draft,
    errors: Errors,
    status: StatusCode,
) -> WebResult {
    let layout = Layout::new(state, visit, "admin-user-new-title");
    let layout = match target {
        Some((user, _)) => {
            let title = layout.tr.t1("admin-user-edit-title", "name", &user.name);
            layout.titled(title)
        }
        None => layout,
    };
    let roles = Role::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), layout.tr.label("role", r.as_str())))
        .collect();
    let current = if draft.role.is_empty() {
        Role::Requester.as_str()
    } else {
        draft.role.as_str()
    };
    let page = UserForm {
        roles: choices(roles, current, None),
        target: target.map(|(user, actor)| Target {
            id: user.id,
            deletable: actor.check_account_change(user.id, AccountChange::Delete).is_ok(),
        }),
        layout,
        draft,
        errors,
    };
    Ok(render(state, visit, status, &page))
}

/// `GET /admin/users/new`: the form to add an account.
async fn new_form(State(state): State<WebState>, visit: Visit) -> Response {
    let outcome = administrator(&visit)
        .and_then(|_| form_page(&state, &visit, None, Draft::default(), Errors::new(), StatusCode::OK));
    respond(&state, &visit, outcome)
}

/// `POST /admin/users/new`: adds the account, or shows the form again.
async fn add(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = added(&state, &visit, &headers, &form).await;
    respond(&state, &visit, outcome)
}

async fn added(state: &WebState, visit: &Visit, headers: &HeaderMap, form: &Fields) -> WebResult {
    let actor = sender(visit, headers, form)?;
    let tr = Tr::new(&state.catalogs, visit.lang);
    let draft = Draft::sent(form);
    let errors = required(&tr, form, &["email", "name"]);
    if !errors.is_empty() {
        return form_page(state, visit, None, draft, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let input = UserInput {
        email: draft.email.clone(),
        name: draft.name.clone(),
        role: draft.role.clone(),
        password: Some(form.owned("password")).filter(|p| !p.is_empty()),
        dn: optional(form, "dn"),
    };
    let (field, message, status) = match add_user(&state.ctx, &actor, input).await {
        Ok(_) => return done(PATH, "created"),
        Err(ServiceError::Conflict(_)) => ("email", tr.t("admin-email-taken"), StatusCode::CONFLICT),
        Err(error @ ServiceError::Invalid { .. }) => {
            let (field, message) = invalid_field(&error, &tr, &SHOWN);
            (field, message, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => return Err(other.into()),
    };
    form_page(state, visit, None, draft, Errors::from([(field, message)]), status)
}

/// `GET /admin/users/{id}`: the form to change an account.
async fn edit_form(State(state): State<WebState>, visit: Visit, Path(id): Path<String>) -> Response {
    let outcome = async {
        let actor = administrator(&visit)?;
        let user = get_user(&state.ctx, &actor, UserId(path_id(&id)?)).await?;
        form_page(
            &state,
            &visit,
            Some((&user, &actor)),
            Draft::of(&user),
            Errors::new(),
            StatusCode::OK,
        )
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /admin/users/{id}`: applies the changes, or shows the form again.
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
    let user = get_user(&state.ctx, &actor, UserId(path_id(id)?)).await?;
    let tr = Tr::new(&state.catalogs, visit.lang);
    let draft = Draft {
        email: user.email.clone(),
        ..Draft::sent(form)
    };
    let target = Some((&user, &actor));
    let errors = required(&tr, form, &["name"]);
    if !errors.is_empty() {
        return form_page(state, visit, target, draft, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let input = UserUpdateInput {
        name: Some(draft.name.clone()),
        role: Some(draft.role.clone()),
        dn: Some(optional(form, "dn")),
        disabled: Some(draft.disabled),
        password: Some(form.owned("password")).filter(|p| !p.is_empty()),
    };
    let (field, message, status) = match update_user(&state.ctx, &actor, user.id, input).await {
        Ok(_) => return done(PATH, "saved"),
        Err(ServiceError::Conflict(message)) => {
            let (field, message) = lockout(&actor, &user, &draft, &tr).unwrap_or(("form", message));
            (field, message, StatusCode::CONFLICT)
        }
        Err(error @ ServiceError::Invalid { .. }) => {
            let (field, message) = invalid_field(&error, &tr, &SHOWN);
            (field, message, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => return Err(other.into()),
    };
    form_page(state, visit, target, draft, Errors::from([(field, message)]), status)
}

/// Why an administrator may not change their own account so, as the form
/// can tell it: they disabled it, or gave up their admin role.
fn lockout(actor: &Actor, user: &User, draft: &Draft, tr: &Tr<'_>) -> Option<(&'static str, String)> {
    if actor.user_id() != Some(user.id) {
        return None;
    }
    if draft.disabled {
        Some(("disabled", tr.t("admin-self-disable")))
    } else {
        Some(("role", tr.t("admin-self-demote")))
    }
}

/// `POST /admin/users/{id}/delete`: deletes the account, or says why not.
async fn delete(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = deleted(&state, &visit, &headers, &id, &form).await;
    respond(&state, &visit, outcome)
}

async fn deleted(state: &WebState, visit: &Visit, headers: &HeaderMap, id: &str, form: &Fields) -> WebResult {
    let actor = sender(visit, headers, form)?;
    let id = UserId(path_id(id)?);
    match delete_user(&state.ctx, &actor, id).await {
        Ok(()) => done(PATH, "deleted"),
        Err(ServiceError::Conflict(_)) => {
            let user = get_user(&state.ctx, &actor, id).await?;
            let tr = Tr::new(&state.catalogs, visit.lang);
            let reason = if actor.user_id() == Some(id) {
                "admin-self-delete"
            } else {
                "admin-user-in-use"
            };
            let errors = Errors::from([("delete", tr.t(reason))]);
            form_page(
                state,
                visit,
                Some((&user, &actor)),
                Draft::of(&user),
                errors,
                StatusCode::CONFLICT,
            )
        }
        Err(other) => Err(other.into()),
    }
}
