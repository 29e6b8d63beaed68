//! `GET /kb/{id}`: one answer, in the visitor's language (else the
//! other), its Markdown rendered and sanitised, with the tickets citing it
//! that the visitor may see. Internal answers are "not found" for
//! requesters and visitors who are not signed in.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_domain::ids::{AnswerId, TicketNumber};
use guichet_service::knowledge::read::{citing_tickets, get_answer};

use super::{Shown, language};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::visit::Visit;

/// A ticket citing the answer.
struct Citing {
    number: i64,
    subject: String,
}

#[derive(Template)]
#[template(path = "kb/show.html")]
struct AnswerPage<'a> {
    layout: Layout<'a>,
    answer: Shown,
    citing: Vec<Citing>,
    source: Option<i64>,
    may_write: bool,
}

/// The answer page.
pub async fn show(State(state): State<WebState>, visit: Visit, Path(id): Path<String>) -> Response {
    let outcome = page(&state, &visit, &id).await;
    respond(&state, &visit, outcome)
}

async fn page(state: &WebState, visit: &Visit, id: &str) -> WebResult {
    let id = AnswerId(id.parse().map_err(|_| WebError::NotFound)?);
    let actor = visit.actor();
    let answer = get_answer(&state.ctx, actor.as_ref(), id).await?;
    let citing = citing_tickets(&state.ctx, actor.as_ref(), id)
        .await?
        .into_iter()
        .map(|v| Citing {
            number: v.ticket.number().0,
            subject: v.ticket.subject,
        })
        .collect();
    let shown = Shown::of(&answer, language(visit));
    let layout = Layout::with_title(state, visit, shown.title.clone());
    let page = AnswerPage {
        layout,
        answer: shown,
        citing,
        source: answer.source_ticket.map(|t| TicketNumber::from(t).0),
        may_write: actor.is_some_and(|a| a.role().is_supporter()),
    };
    Ok(render(state, visit, StatusCode::OK, &page))
}
