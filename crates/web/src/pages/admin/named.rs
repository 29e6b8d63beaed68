//! Reference data that is just a name: VOs and types of issue. One set of
//! pages serves both, each under its own path: the list with the form to
//! add one, renaming one, and deleting one no ticket refers to.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};

use guichet_domain::ids::{IssueTypeId, VoId};
use guichet_service::admin::named::{
    NamedBody, create_issue_type, create_vo, delete_issue_type, delete_vo, get_issue_type, get_vo, list_issue_types,
    list_vos, update_issue_type, update_vo,
};
use guichet_service::{Actor, Context, ServiceError, ServiceResult};

use super::{Errors, Fields, administrator, done, invalid_field, notice, path_id, required, sender};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::visit::Visit;

/// Which list of names a page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// Virtual organisations.
    Vo,
    /// Types of issue.
    IssueType,
}

impl Named {
    /// The list's path.
    fn path(self) -> &'static str {
        match self {
            Self::Vo => "/admin/vos",
            Self::IssueType => "/admin/issue-types",
        }
    }

    /// Message `admin-{vo|issue-type}-{what}`.
    fn message(self, what: &str) -> String {
        let key = match self {
            Self::Vo => "vo",
            Self::IssueType => "issue-type",
        };
        format!("admin-{key}-{what}")
    }

    /// Every entry, by name, as `(id, name)`.
    async fn list(self, ctx: &Context) -> ServiceResult<Vec<(i64, String)>> {
        Ok(match self {
            Self::Vo => list_vos(ctx).await?.into_iter().map(|v| (v.id.0, v.name)).collect(),
            Self::IssueType => list_issue_types(ctx)
                .await?
                .into_iter()
                .map(|t| (t.id.0, t.name))
                .collect(),
        })
    }

    /// The name of entry `id`.
    async fn name(self, ctx: &Context, id: i64) -> ServiceResult<String> {
        Ok(match self {
            Self::Vo => get_vo(ctx, VoId(id)).await?.name,
            Self::IssueType => get_issue_type(ctx, IssueTypeId(id)).await?.name,
        })
    }

    /// Adds an entry called `name`.
    async fn create(self, ctx: &Context, actor: &Actor, name: &str) -> ServiceResult<()> {
        let body = NamedBody { name: name.to_owned() };
        match self {
            Self::Vo => create_vo(ctx, actor, &body).await.map(|_| ()),
            Self::IssueType => create_issue_type(ctx, actor, &body).await.map(|_| ()),
        }
    }

    /// Renames entry `id`.
    async fn rename(self, ctx: &Context, actor: &Actor, id: i64, name: &str) -> ServiceResult<()> {
        let body = NamedBody { name: name.to_owned() };
        match self {
            Self::Vo => update_vo(ctx, actor, VoId(id), &body).await.map(|_| ()),
            Self::IssueType => update_issue_type(ctx, actor, IssueTypeId(id), &body).await.map(|_| ()),
        }
    }

    /// Deletes entry `id`.
    async fn delete(self, ctx: &Context, actor: &Actor, id: i64) -> ServiceResult<()> {
        match self {
            Self::Vo => delete_vo(ctx, actor, VoId(id)).await,
            Self::IssueType => delete_issue_type(ctx, actor, IssueTypeId(id)).await,
        }
    }
}

/// The pages of `kind`.
pub fn routes(kind: Named) -> Router<WebState> {
    let path = kind.path();
    Router::new()
        .route(
            path,
            get(move |state, visit, query| list(kind, state, visit, query))
                .post(move |state, visit, headers, form| create(kind, state, visit, headers, form)),
        )
        .route(
            &format!("{path}/{{id}}"),
            get(move |state, visit, id| edit_form(kind, state, visit, id))
                .post(move |state, visit, headers, id, form| save(kind, state, visit, headers, id, form)),
        )
        .route(
            &format!("{path}/{{id}}/delete"),
            post(move |state, visit, headers, id, form| delete(kind, state, visit, headers, id, form)),
        )
}

#[derive(Template)]
#[template(path = "admin/named.html")]
struct NamedList<'a> {
    layout: Layout<'a>,
    kind: Named,
    rows: Vec<(i64, String)>,
    typed: String,
    errors: Errors,
}

impl NamedList<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    /// This kind's message `what`, translated.
    fn text(&self, what: &str) -> String {
        self.layout.tr.t(&self.kind.message(what))
    }
}

/// The list of `kind`, with the add form holding `name` and `errors`.
struct Listed {
    kind: Named,
    name: String,
    errors: Errors,
    status: StatusCode,
}

/// The list page; a redirect's `?done=` in `query` says what was done.
async fn list_page(state: &WebState, visit: &Visit, listed: Listed, query: &HashMap<String, String>) -> WebResult {
    let kind = listed.kind;
    let rows = kind.list(&state.ctx).await?;
    let mut layout = Layout::new(state, visit, &kind.message("list-title"));
    layout.notice = notice(&layout.tr, query);
    let page = NamedList {
        layout,
        kind,
        rows,
        typed: listed.name,
        errors: listed.errors,
    };
    Ok(render(state, visit, listed.status, &page))
}

/// `GET`: every entry, and the form to add one.
async fn list(
    kind: Named,
    State(state): State<WebState>,
    visit: Visit,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let outcome = async {
        administrator(&visit)?;
        let listed = Listed {
            kind,
            name: String::new(),
            errors: Errors::new(),
            status: StatusCode::OK,
        };
        list_page(&state, &visit, listed, &query).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// A refused name: taken, or not a name.
fn refusal(error: ServiceError, tr: &Tr<'_>) -> Result<(Errors, StatusCode), WebError> {
    match error {
        ServiceError::Conflict(_) => Ok((Errors::from([("name", tr.t("admin-name-taken"))]), StatusCode::CONFLICT)),
        error @ ServiceError::Invalid { .. } => Ok((
            Errors::from([invalid_field(&error, tr, &["name"])]),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        other => Err(other.into()),
    }
}

/// `POST`: adds an entry, or shows the list with the form's error.
async fn create(
    kind: Named,
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let tr = Tr::new(&state.catalogs, visit.lang);
        let name = form.owned("name");
        let errors = required(&tr, &form, &["name"]);
        if !errors.is_empty() {
            let listed = Listed {
                kind,
                name,
                errors,
                status: StatusCode::UNPROCESSABLE_ENTITY,
            };
            return list_page(&state, &visit, listed, &HashMap::new()).await;
        }
        match kind.create(&state.ctx, &actor, &name).await {
            Ok(()) => done(kind.path(), "created"),
            Err(error) => {
                let (errors, status) = refusal(error, &tr)?;
                let listed = Listed {
                    kind,
                    name,
                    errors,
                    status,
                };
                list_page(&state, &visit, listed, &HashMap::new()).await
            }
        }
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

#[derive(Template)]
#[template(path = "admin/named_form.html")]
struct NamedForm<'a> {
    layout: Layout<'a>,
    kind: Named,
    id: i64,
    typed: String,
    errors: Errors,
}

impl NamedForm<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    /// This kind's message `what`, translated.
    fn text(&self, what: &str) -> String {
        self.layout.tr.t(&self.kind.message(what))
    }
}

/// What an entry's form shows: the entry, the name typed, the errors.
struct Entry {
    id: i64,
    current: String,
    typed: String,
}

/// The form of an entry.
fn form_page(
    state: &WebState,
    visit: &Visit,
    kind: Named,
    entry: Entry,
    errors: Errors,
    status: StatusCode,
) -> WebResult {
    let layout = Layout::new(state, visit, &kind.message("list-title"));
    let title = layout.tr.t1(&kind.message("edit-title"), "name", &entry.current);
    let page = NamedForm {
        layout: layout.titled(title),
        kind,
        id: entry.id,
        typed: entry.typed,
        errors,
    };
    Ok(render(state, visit, status, &page))
}

/// `GET {path}/{id}`: the form to rename an entry or delete it.
async fn edit_form(kind: Named, State(state): State<WebState>, visit: Visit, Path(id): Path<String>) -> Response {
    let outcome = async {
        administrator(&visit)?;
        let id = path_id(&id)?;
        let name = kind.name(&state.ctx, id).await?;
        let entry = Entry {
            id,
            typed: name.clone(),
            current: name,
        };
        form_page(&state, &visit, kind, entry, Errors::new(), StatusCode::OK)
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST {path}/{id}`: renames the entry, or shows the form again.
async fn save(
    kind: Named,
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let id = path_id(&id)?;
        let entry = Entry {
            id,
            current: kind.name(&state.ctx, id).await?,
            typed: form.owned("name"),
        };
        let tr = Tr::new(&state.catalogs, visit.lang);
        let errors = required(&tr, &form, &["name"]);
        if !errors.is_empty() {
            return form_page(&state, &visit, kind, entry, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
        match kind.rename(&state.ctx, &actor, id, &entry.typed).await {
            Ok(()) => done(kind.path(), "saved"),
            Err(error) => {
                let (errors, status) = refusal(error, &tr)?;
                form_page(&state, &visit, kind, entry, errors, status)
            }
        }
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST {path}/{id}/delete`: deletes the entry, or says why not.
async fn delete(
    kind: Named,
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let id = path_id(&id)?;
        match kind.delete(&state.ctx, &actor, id).await {
            Ok(()) => done(kind.path(), "deleted"),
            Err(ServiceError::Conflict(_)) => {
                let name = kind.name(&state.ctx, id).await?;
                let entry = Entry {
                    id,
                    typed: name.clone(),
                    current: name,
                };
                let message = Tr::new(&state.catalogs, visit.lang).t("admin-in-use");
                let errors = Errors::from([("delete", message)]);
                form_page(&state, &visit, kind, entry, errors, StatusCode::CONFLICT)
            }
            Err(other) => Err(other.into()),
        }
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}
