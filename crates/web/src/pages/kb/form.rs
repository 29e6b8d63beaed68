//! The answer forms (supporters): `GET/POST /kb/new` writes an answer,
//! and with `?from_ticket=N` promotes that solved ticket's solution (the
//! form comes prefilled, internal, and the saved answer is cited by the
//! ticket); `GET/POST /kb/{id}/edit` changes one; `POST /kb/{id}/delete`
//! deletes it. Bad input shows the form again with the message next to
//! the field at fault.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use guichet_domain::ids::{AnswerId, CategoryId, TicketId, UnitId};
use guichet_service::ServiceError;
use guichet_service::admin::units::list_units;
use guichet_service::knowledge::categories::list_categories;
use guichet_service::knowledge::create::create_answer;
use guichet_service::knowledge::delete::delete_answer;
use guichet_service::knowledge::promote::{promote, promotion_draft};
use guichet_service::knowledge::read::get_answer;
use guichet_service::knowledge::update::update_answer;
use guichet_service::knowledge::{Answer, AnswerBody, Visibility};

use super::{language, sender, supporter};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::admin::Fields;
use crate::pages::tickets::{Choice, choices, ticket_id};
use crate::visit::Visit;

/// The fields a form shows.
const FIELDS: [&str; 8] = [
    "title",
    "title_en",
    "body_en",
    "title_fr",
    "body_fr",
    "visibility",
    "category",
    "unit",
];

#[derive(Template)]
#[template(path = "kb/form.html")]
struct AnswerForm<'a> {
    layout: Layout<'a>,
    action: String,
    body: AnswerBody,
    from_ticket: Option<i64>,
    visibilities: Vec<Choice>,
    categories: Vec<Choice>,
    units: Vec<Choice>,
    errors: HashMap<&'static str, String>,
}

impl AnswerForm<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// What a form page is about.
struct Shape {
    title: String,
    action: String,
    from_ticket: Option<i64>,
    status: StatusCode,
}

/// The form page holding `body`, with `errors`.
async fn form_page(
    state: &WebState,
    visit: &Visit,
    shape: Shape,
    body: AnswerBody,
    errors: HashMap<&'static str, String>,
) -> WebResult {
    let ctx = &state.ctx;
    let layout = Layout::with_title(state, visit, shape.title);
    let tr = layout.tr;
    let lang = language(visit);
    let visibilities = Visibility::ALL
        .iter()
        .map(|v| (v.as_str().to_owned(), tr.t(&format!("kb-visibility-{}", v.as_str()))))
        .collect();
    let categories = list_categories(ctx)
        .await?
        .into_iter()
        .map(|c| (c.id.0.to_string(), c.name.pick(lang).to_owned()))
        .collect();
    let units = list_units(ctx)
        .await?
        .into_iter()
        .map(|u| (u.id.0.to_string(), u.name))
        .collect();
    let none = Some(tr.t("kb-none"));
    let visibility = body.visibility.clone().unwrap_or_else(|| "public".into());
    let page = AnswerForm {
        visibilities: choices(visibilities, &visibility, None),
        categories: choices(
            categories,
            &body.category.map(|c| c.0.to_string()).unwrap_or_default(),
            none.clone(),
        ),
        units: choices(units, &body.unit.map(|u| u.0.to_string()).unwrap_or_default(), none),
        action: shape.action,
        from_ticket: shape.from_ticket,
        body,
        errors,
        layout,
    };
    Ok(render(state, visit, shape.status, &page))
}

/// The fields of an answer as posted; an id that is no number is taken
/// as none, and refused by the service if it names nothing.
fn posted(form: &Fields) -> AnswerBody {
    let id = |name: &str| form.text(name).trim().parse::<i64>().ok();
    AnswerBody {
        title_en: form.owned("title_en"),
        body_en: form.owned("body_en"),
        title_fr: form.owned("title_fr"),
        body_fr: form.owned("body_fr"),
        visibility: Some(form.owned("visibility")),
        category: id("category").map(CategoryId),
        unit: id("unit").map(UnitId),
    }
}

/// The form's errors for a refusal the form can show; others are the
/// page's error.
fn refusal(error: ServiceError, visit: &Visit, state: &WebState) -> Result<HashMap<&'static str, String>, WebError> {
    let tr = visit.tr(state);
    match error {
        ServiceError::Invalid { field, message } => {
            let at = FIELDS.iter().find(|f| **f == field).copied().unwrap_or("form");
            let known = format!("kb-error-{field}");
            let text = if tr.has(&known) { tr.t(&known) } else { message };
            Ok(HashMap::from([(at, text)]))
        }
        other => Err(other.into()),
    }
}

/// `GET /kb/new`: an empty form, or the draft promoting `?from_ticket=`.
pub async fn new_form(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = async {
        let actor = supporter(&visit)?;
        let tr = visit.tr(&state);
        let (body, from_ticket, title) = match params.get("from_ticket") {
            Some(number) => {
                let id = ticket_id(number)?;
                let draft = promotion_draft(&state.ctx, &actor, id, language(&visit)).await?;
                let number = guichet_domain::ids::TicketNumber::from(id).0;
                (
                    AnswerBody::draft(&draft),
                    Some(number),
                    tr.t1("kb-promote-title", "number", number),
                )
            }
            None => (AnswerBody::default(), None, tr.t("kb-new-title")),
        };
        let shape = Shape {
            title,
            action: "/kb/new".into(),
            from_ticket,
            status: StatusCode::OK,
        };
        form_page(&state, &visit, shape, body, HashMap::new()).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /kb/new`: saves the answer (promoting the ticket of
/// `from_ticket` if given) and shows it, or the form again with the error.
pub async fn create(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, form.text("csrf"))?;
        let body = posted(&form);
        let from_ticket = match form.text("from_ticket").trim() {
            "" => None,
            number => Some(ticket_id(number)?),
        };
        let saved = match from_ticket {
            Some(id) => promote(&state.ctx, &actor, id, Some(&body), language(&visit)).await,
            None => create_answer(&state.ctx, &actor, &body).await,
        };
        let tr = visit.tr(&state);
        let title = match from_ticket {
            Some(id) => tr.t1(
                "kb-promote-title",
                "number",
                guichet_domain::ids::TicketNumber::from(id).0,
            ),
            None => tr.t("kb-new-title"),
        };
        let shape = Shape {
            title,
            action: "/kb/new".into(),
            from_ticket: from_ticket.map(|id: TicketId| guichet_domain::ids::TicketNumber::from(id).0),
            status: StatusCode::UNPROCESSABLE_ENTITY,
        };
        finish(&state, &visit, saved, shape, body).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// The saved answer's page, or the form again with the refusal.
async fn finish(
    state: &WebState,
    visit: &Visit,
    saved: Result<Answer, ServiceError>,
    shape: Shape,
    body: AnswerBody,
) -> WebResult {
    match saved {
        Ok(answer) => Ok(Redirect::to(&format!("/kb/{}", answer.id.0)).into_response()),
        Err(error) => {
            let errors = refusal(error, visit, state)?;
            form_page(state, visit, shape, body, errors).await
        }
    }
}

/// The answer a path names.
fn answer_id(raw: &str) -> Result<AnswerId, WebError> {
    raw.parse().map(AnswerId).map_err(|_| WebError::NotFound)
}

/// `GET /kb/{id}/edit`: the form holding the answer.
pub async fn edit_form(State(state): State<WebState>, visit: Visit, Path(id): Path<String>) -> Response {
    let outcome = async {
        let actor = supporter(&visit)?;
        let id = answer_id(&id)?;
        let answer = get_answer(&state.ctx, Some(&actor), id).await?;
        let texts = &answer.texts;
        let body = AnswerBody {
            title_en: texts.title.en.clone(),
            body_en: texts.body.en.clone(),
            title_fr: texts.title.fr.clone(),
            body_fr: texts.body.fr.clone(),
            visibility: Some(answer.visibility.as_str().into()),
            category: answer.category,
            unit: answer.unit,
        };
        let shape = Shape {
            title: visit.tr(&state).t("kb-edit-title"),
            action: format!("/kb/{}/edit", id.0),
            from_ticket: None,
            status: StatusCode::OK,
        };
        form_page(&state, &visit, shape, body, HashMap::new()).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /kb/{id}/edit`: saves the changes, or shows the form again.
pub async fn save(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, form.text("csrf"))?;
        let id = answer_id(&id)?;
        let body = posted(&form);
        let saved = update_answer(&state.ctx, &actor, id, &body).await;
        let shape = Shape {
            title: visit.tr(&state).t("kb-edit-title"),
            action: format!("/kb/{}/edit", id.0),
            from_ticket: None,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        };
        finish(&state, &visit, saved, shape, body).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// `POST /kb/{id}/delete`: deletes the answer, back to the list.
pub async fn delete(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(form);
    let outcome = async {
        let actor = sender(&visit, &headers, form.text("csrf"))?;
        delete_answer(&state.ctx, &actor, answer_id(&id)?).await?;
        Ok(Redirect::to("/kb").into_response())
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}
