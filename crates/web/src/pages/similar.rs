//! Similar solved cases on the web: beside the submit form, as the
//! requester types (`GET /tickets/similar`, a fragment the form's script
//! fetches) or after the form's preview step without JavaScript, and on
//! every ticket page for supporters.
//!
//! Suggestions never stand in the way: a text without a word to look for,
//! or a failing search, shows none (the failure is logged).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use guichet_domain::ids::TicketId;
use guichet_service::ServiceError;
use guichet_service::search::{SimilarText, similar};

use crate::WebState;
use crate::i18n::Tr;
use crate::visit::Visit;

/// The most characters of a solution shown under a case.
const SOLUTION_CHARS: usize = 600;

/// One case as the page shows it.
pub struct Suggestion {
    /// Its page.
    pub href: String,
    /// A ticket's number; none for an answer.
    pub number: Option<i64>,
    /// Its subject, shared words marked (escaped HTML).
    pub title_html: String,
    /// Its passage that shares the most words (escaped HTML).
    pub snippet: String,
    /// The start of its solution, as text.
    pub solution: Option<String>,
}

/// The list of suggestions, as a part of a page.
#[derive(Template)]
#[template(path = "similar.html")]
pub struct SimilarPart<'a> {
    /// The visitor's language.
    pub tr: Tr<'a>,
    /// The cases, best first.
    pub cases: Vec<Suggestion>,
    /// Whether anything was looked for (to say that nothing was found).
    pub asked: bool,
}

impl SimilarPart<'_> {
    /// The part as HTML.
    pub fn html(&self) -> String {
        self.render().unwrap_or_default()
    }
}

/// `text` cut at `max` characters, with `…` if it was longer.
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

/// The cases like `subject` and `body` the visitor may see, leaving out
/// `except`; none if there is nothing to look for or the search fails.
pub async fn suggestions(
    state: &WebState,
    visit: &Visit,
    subject: &str,
    body: &str,
    except: Option<TicketId>,
) -> Vec<Suggestion> {
    let actor = visit.actor();
    let text = SimilarText { subject, body };
    match similar(&state.ctx, actor.as_ref(), text, except).await {
        Ok(found) => found
            .items
            .into_iter()
            .map(|case| Suggestion {
                href: match case.number {
                    Some(number) => format!("/tickets/{number}"),
                    None => format!("/kb/{}", case.id),
                },
                number: case.number.map(|n| n.0),
                title_html: case.title_html,
                snippet: case.snippet,
                solution: case.solution.map(|s| shortened(&s, SOLUTION_CHARS)),
            })
            .collect(),
        Err(ServiceError::Invalid { .. }) => Vec::new(),
        Err(error) => {
            tracing::warn!(%error, "similar cases could not be looked for");
            Vec::new()
        }
    }
}

/// What the form's script sends.
#[derive(Debug, Default, Deserialize)]
pub struct Typed {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    description: String,
}

/// `GET /tickets/similar?subject=…&description=…`: the suggestions for
/// what is typed, as a fragment of HTML; empty for someone not signed in.
pub async fn fragment(State(state): State<WebState>, visit: Visit, Query(typed): Query<Typed>) -> Response {
    let tr = visit.tr(&state);
    let cases = if visit.viewer.is_some() {
        suggestions(&state, &visit, &typed.subject, &typed.description, None).await
    } else {
        Vec::new()
    };
    let asked = !(typed.subject.trim().is_empty() && typed.description.trim().is_empty());
    let part = SimilarPart { tr, cases, asked };
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        part.html(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_solutions_are_shortened_on_a_char_boundary() {
        assert_eq!(shortened("court", 10), "court");
        assert_eq!(shortened("éééé ééé", 5), "éééé…");
    }
}
