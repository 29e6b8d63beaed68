//! `GET /tickets/{number}`: one ticket, with its thread (replies, internal
//! notes and solutions told apart), fields, history, relations and files,
//! and the forms of the actions the visitor's role allows on it. A ticket
//! the visitor may not see answers 404, like one that does not exist;
//! internal notes and similar solved cases reach supporters only. Its
//! references (answers and portal links it cites) follow the relations.

use askama::Template;
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_domain::ticket::Ticket;
use guichet_service::attachments::attachments;
use guichet_service::tickets::read::{actions, relations, visible_ticket};

use super::confirm_forms::ConfirmForms;
use super::forms::{ActionForms, Problem};
use super::history::changes;
use super::parts::{Change, File, Message, Names, Related, fields, files, related, thread};
use super::ticket_id;
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::similar::{SimilarPart, suggestions};
use crate::visit::Visit;

#[derive(Template)]
#[template(path = "tickets/show.html")]
struct TicketPage<'a> {
    layout: Layout<'a>,
    ticket: Ticket,
    status: String,
    priority: String,
    colour: Option<(String, String)>,
    fields: Vec<(String, String)>,
    thread: Vec<Message>,
    changes: Vec<Change>,
    related: Vec<Related>,
    files: Vec<File>,
    forms: ActionForms,
    confirm: Option<ConfirmForms>,
    escalation: Option<super::escalation::EscalationBox>,
    /// Similar solved cases, for supporters (HTML).
    similar: String,
    citations: super::citations::CitationBox,
}

/// The ticket page.
pub async fn show(
    State(state): State<WebState>,
    visit: Visit,
    Path(number): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let escalated = query.get("escalated").map(String::as_str);
    let outcome = page_noting(&state, &visit, &number, None, escalated).await;
    respond(&state, &visit, outcome)
}

/// The ticket page, with a form's problem shown next to that form.
pub async fn page(state: &WebState, visit: &Visit, number: &str, problem: Option<Problem>) -> WebResult {
    page_noting(state, visit, number, problem, None).await
}

/// The ticket page, with the notice of the level an escalation reached.
async fn page_noting(
    state: &WebState,
    visit: &Visit,
    number: &str,
    problem: Option<Problem>,
    escalated: Option<&str>,
) -> WebResult {
    let Some(actor) = visit.actor() else {
        return Err(WebError::SignInNeeded);
    };
    let ctx = &state.ctx;
    let id = ticket_id(number)?;
    let view = visible_ticket(ctx, &actor, id).await?;
    let mut names = Names::new(ctx, &actor);
    let title = visit.tr(state).t1("ticket-title", "number", view.ticket.number());
    let mut layout = Layout::with_title(state, visit, title);
    layout.notice = escalated.and_then(|level| super::escalation::notice(&layout.tr, level));
    let tr = layout.tr;
    let allowed = actions(ctx, &actor, id).await?;
    let links = relations(ctx, &actor, id).await?;
    let attached = attachments(ctx, &actor, id).await?;
    let status = problem.as_ref().map_or(StatusCode::OK, |p| p.status);
    let similar = if actor.role().is_supporter() {
        let ticket = &view.ticket;
        let cases = suggestions(state, visit, &ticket.subject, &ticket.description, Some(id)).await;
        SimilarPart { tr, cases, asked: true }.html()
    } else {
        String::new()
    };
    let page = TicketPage {
        status: tr.label("status", view.ticket.status.as_str()),
        priority: tr.label("priority", view.ticket.priority.as_str()),
        colour: super::colour(ctx, &view.ticket, &tr),
        thread: thread(ctx, &actor, &view, &attached, &tr, &mut names).await?,
        changes: changes(ctx, &actor, id, &tr, &mut names).await?,
        related: related(ctx, &actor, id, &tr, links).await?,
        files: files(&attached),
        fields: fields(ctx, &actor, &view, &tr, &mut names).await?,
        confirm: ConfirmForms::of(&actor, &view.ticket, &allowed),
        escalation: super::escalation::section(ctx, &actor, id, &tr).await?,
        citations: super::citations::CitationBox::of(ctx, &actor, &view.ticket, visit, &tr).await?,
        forms: ActionForms::new(ctx, &actor, &view.ticket, &allowed, &tr, problem).await?,
        similar,
        layout,
        ticket: view.ticket,
    };
    Ok(render(state, visit, status, &page))
}
