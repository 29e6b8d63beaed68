//! `GET`/`POST /tickets/new`: the submit form, with every field of a new
//! ticket and its attachments. A refused form comes back with each error
//! next to its field and the values kept; a form sent twice (a double
//! click) opens one ticket, by its submission key.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDateTime, Utc};

use guichet_domain::ids::{IssueTypeId, SiteId, VoId};
use guichet_domain::preferences::TimeZone;
use guichet_domain::priority::Priority;
use guichet_service::ServiceError;
use guichet_service::admin::named::{list_issue_types, list_vos};
use guichet_service::admin::sites::list_sites;
use guichet_service::attachments::FileUpload;
use guichet_service::input::CreateTicketInput;
use guichet_service::tickets::create::create_ticket_with;

use super::{Choice, choices};
use crate::WebState;
use crate::csrf;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::similar::{SimilarPart, suggestions};
use crate::visit::Visit;

/// What the visitor typed, kept when the form comes back.
#[derive(Debug, Default)]
struct Draft {
    submission: String,
    subject: String,
    description: String,
    priority: String,
    justification: String,
    site: String,
    vo: String,
    issue_type: String,
    occurred_at: String,
    visibility: String,
    notification: String,
    cc: String,
    /// The preview button was pressed: show similar cases, open nothing.
    preview: bool,
}

#[derive(Template)]
#[template(path = "tickets/new.html")]
struct NewTicket<'a> {
    layout: Layout<'a>,
    draft: Draft,
    errors: HashMap<&'static str, String>,
    priorities: Vec<Choice>,
    sites: Vec<Choice>,
    vos: Vec<Choice>,
    types: Vec<Choice>,
    visibilities: Vec<Choice>,
    notifications: Vec<Choice>,
    limit: String,
    similar: String,
}

impl NewTicket<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The form, empty.
pub async fn form(State(state): State<WebState>, visit: Visit) -> Response {
    let outcome = async {
        if visit.viewer.is_none() {
            return Err(WebError::SignInNeeded);
        }
        let draft = Draft {
            submission: csrf::random(),
            notification: visit.preferences.notification_mode.as_str().to_owned(),
            ..Draft::default()
        };
        page(&state, &visit, draft, HashMap::new(), StatusCode::OK).await
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

/// Opens the ticket, or shows the form again with what went wrong.
pub async fn submit(State(state): State<WebState>, visit: Visit, headers: HeaderMap, multipart: Multipart) -> Response {
    let outcome = submitted(&state, &visit, &headers, multipart).await;
    respond(&state, &visit, outcome)
}

async fn submitted(state: &WebState, visit: &Visit, headers: &HeaderMap, multipart: Multipart) -> WebResult {
    let (draft, files, csrf_token) = match read_form(multipart).await {
        Ok(read) => read,
        Err(too_large) => {
            let mut errors = HashMap::new();
            let tr = visit.tr(state);
            errors.insert(
                "files",
                tr.t_args("submit-too-large", &[("name", too_large), ("limit", limit(state))]),
            );
            return page(state, visit, Draft::default(), errors, StatusCode::PAYLOAD_TOO_LARGE).await;
        }
    };
    let Some(actor) = visit.actor() else {
        // The session ended while the form was filled in: the draft comes
        // back, for the visitor to sign in (in another tab) and send again.
        let mut errors = HashMap::new();
        errors.insert("session", visit.tr(state).t("error-sign-in-needed"));
        return page(state, visit, draft, errors, StatusCode::UNAUTHORIZED).await;
    };
    if !csrf::allows(visit, headers, &csrf_token) {
        return Err(WebError::Forged);
    }
    if draft.preview {
        return page(state, visit, draft, HashMap::new(), StatusCode::OK).await;
    }
    let tr = visit.tr(state);
    let max = state.ctx.limits().max_attachment_bytes;
    if let Some(big) = files.iter().find(|f| f.content.len() > max) {
        let name = guichet_service::attachments::sanitise_filename(&big.filename);
        let message = tr.t_args("submit-too-large", &[("name", name), ("limit", limit(state))]);
        let errors = HashMap::from([("files", message)]);
        return page(state, visit, draft, errors, StatusCode::PAYLOAD_TOO_LARGE).await;
    }
    let errors = checked(&draft, &tr);
    if !errors.is_empty() {
        return page(state, visit, draft, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = match to_input(&draft, visit.time_zone) {
        Ok(input) => input,
        Err((field, message)) => {
            let errors = HashMap::from([(field, crate::reasons::explain(&tr, field, &message))]);
            return page(state, visit, draft, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let key = format!("web-form:{}", draft.submission);
    let drafts = if files.is_empty() {
        Vec::new()
    } else {
        vec![guichet_service::tickets::create::ArticleDraft {
            kind: guichet_domain::article::ArticleKind::PublicReply,
            body: visit.tr(state).t("submit-files-article"),
            files,
        }]
    };
    match create_ticket_with(&state.ctx, &actor, input, drafts, Some(&key)).await {
        Ok(view) => Ok(Redirect::to(&format!("/tickets/{}", view.ticket.number())).into_response()),
        Err(ServiceError::Invalid { field, message }) => {
            let errors = HashMap::from([(form_field(field), crate::reasons::explain(&tr, field, &message))]);
            page(state, visit, draft, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(ServiceError::TooLarge(message)) => {
            let errors = HashMap::from([("files", message)]);
            page(state, visit, draft, errors, StatusCode::PAYLOAD_TOO_LARGE).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The form's name of a use case's field.
fn form_field(field: &str) -> &'static str {
    match field {
        "subject" => "subject",
        "description" => "description",
        "priority" | "priority_justification" => "priority",
        "site" => "site",
        "vo" => "vo",
        "type" => "type",
        "cc" => "cc",
        "visibility" => "visibility",
        "notification_mode" => "notification",
        "file" | "body" => "files",
        _ => "form",
    }
}

/// Reads the multipart form: its fields, its files and its token. A file
/// over the body limit ends the reading with that file's name.
async fn read_form(mut multipart: Multipart) -> Result<(Draft, Vec<FileUpload>, String), String> {
    let mut draft = Draft::default();
    let mut files = Vec::new();
    let mut token = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(String::from("?")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" {
            let filename = field.file_name().unwrap_or("attachment").to_owned();
            let content = field.bytes().await.map_err(|_| filename.clone())?;
            if !content.is_empty() {
                files.push(FileUpload { filename, content });
            }
            continue;
        }
        let value = field.text().await.map_err(|_| name.clone())?;
        if name == "preview" {
            draft.preview = true;
            continue;
        }
        let slot = match name.as_str() {
            "csrf" => &mut token,
            "submission" => &mut draft.submission,
            "subject" => &mut draft.subject,
            "description" => &mut draft.description,
            "priority" => &mut draft.priority,
            "priority_justification" => &mut draft.justification,
            "site" => &mut draft.site,
            "vo" => &mut draft.vo,
            "type" => &mut draft.issue_type,
            "occurred_at" => &mut draft.occurred_at,
            "visibility" => &mut draft.visibility,
            "notification_mode" => &mut draft.notification,
            "cc" => &mut draft.cc,
            _ => continue,
        };
        *slot = value;
    }
    Ok((draft, files, token))
}

/// The errors the form finds before the use case checks the rest.
fn checked(draft: &Draft, tr: &crate::i18n::Tr<'_>) -> HashMap<&'static str, String> {
    let mut errors = HashMap::new();
    if draft.subject.trim().is_empty() {
        errors.insert("subject", tr.t("field-required"));
    } else if draft.subject.trim().chars().count() > 250 {
        errors.insert("subject", tr.t1("field-too-long", "max", 250));
    }
    if draft.description.trim().is_empty() {
        errors.insert("description", tr.t("field-required"));
    }
    let raised = !draft.priority.trim().is_empty() && draft.priority.trim() != Priority::DEFAULT.as_str();
    if raised && draft.justification.trim().is_empty() {
        errors.insert("priority", tr.t("priority-needs-justification"));
    }
    errors
}

/// The use case's input, or the field at fault and why.
fn to_input(draft: &Draft, zone: TimeZone) -> Result<CreateTicketInput, (&'static str, String)> {
    let id = |field: &'static str, raw: &str| -> Result<Option<i64>, (&'static str, String)> {
        match raw.trim() {
            "" => Ok(None),
            text => text
                .parse()
                .map(Some)
                .map_err(|_| (field, format!("{text:?} is not a valid choice"))),
        }
    };
    let occurred_at = match draft.occurred_at.trim() {
        "" => None,
        text => Some(
            NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
                .ok()
                .and_then(|wall| zone.to_utc(wall))
                .ok_or_else(|| ("occurred_at", format!("{text:?} is not a date and time")))?,
        ),
    };
    let optional = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
    Ok(CreateTicketInput {
        subject: draft.subject.clone(),
        description: draft.description.clone(),
        priority: optional(&draft.priority),
        priority_justification: optional(&draft.justification),
        issue_type: id("type", &draft.issue_type)?.map(IssueTypeId),
        site: id("site", &draft.site)?.map(SiteId),
        vo: id("vo", &draft.vo)?.map(VoId),
        occurred_at: occurred_at.filter(|at| *at <= Utc::now() + chrono::Duration::days(1)),
        visibility: optional(&draft.visibility),
        notification_mode: optional(&draft.notification),
        cc: draft
            .cc
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect(),
        involved: Default::default(),
    })
}

/// The per-file limit, as people read it.
fn limit(state: &WebState) -> String {
    let bytes = state.ctx.limits().max_attachment_bytes;
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} kB", bytes >> 10)
    }
}

/// The form with `draft`'s values and `errors`.
async fn page(
    state: &WebState,
    visit: &Visit,
    draft: Draft,
    errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> WebResult {
    let ctx = &state.ctx;
    let mut layout = Layout::new(state, visit, "submit-title");
    if !errors.is_empty() {
        layout.notice = Some(layout.tr.t("submit-errors"));
    }
    let tr = layout.tr;
    let none = || Some(tr.t("submit-none"));
    let priorities = Priority::ALL
        .iter()
        .map(|p| (p.as_str().to_owned(), tr.label("priority", p.as_str())))
        .collect();
    let sites = list_sites(ctx)
        .await?
        .into_iter()
        .map(|s| (s.id.to_string(), s.name))
        .collect();
    let vos = list_vos(ctx)
        .await?
        .into_iter()
        .map(|v| (v.id.to_string(), v.name))
        .collect();
    let types = list_issue_types(ctx)
        .await?
        .into_iter()
        .map(|t| (t.id.to_string(), t.name))
        .collect();
    let visibilities = ["public", "private"]
        .map(|v| (v.to_owned(), tr.t(&format!("visibility-{v}"))))
        .to_vec();
    let notifications = ["on solution", "on every change"]
        .map(|m| (m.to_owned(), tr.label("notification", m)))
        .to_vec();
    let similar = if draft.preview {
        let cases = suggestions(state, visit, &draft.subject, &draft.description, None).await;
        SimilarPart { tr, cases, asked: true }.html()
    } else {
        String::new()
    };
    let form = NewTicket {
        similar,
        priorities: choices(priorities, &draft.priority, None),
        sites: choices(sites, &draft.site, none()),
        vos: choices(vos, &draft.vo, none()),
        types: choices(types, &draft.issue_type, none()),
        visibilities: choices(visibilities, &draft.visibility, None),
        notifications: choices(notifications, &draft.notification, None),
        limit: limit(state),
        layout,
        draft,
        errors,
    };
    Ok(render(state, visit, status, &form))
}
