//! The one place where failures become pages: an HTML page with the
//! matching status, in the visitor's language.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use guichet_service::ServiceError;

use crate::WebState;
use crate::layout::{Layout, render};
use crate::visit::Visit;

/// Why a page cannot be shown or a form not acted on.
#[derive(Debug)]
pub enum WebError {
    /// Nothing here, or nothing this visitor may see.
    NotFound,
    /// The visitor must sign in first.
    SignInNeeded,
    /// The role does not allow it.
    Forbidden,
    /// A forged or stale form.
    Forged,
    /// The state forbids it; the message says why.
    Conflict(String),
    /// Anything else, logged.
    Internal(String),
}

impl From<ServiceError> for WebError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::NotFound(_) => Self::NotFound,
            ServiceError::Unauthenticated(_) => Self::SignInNeeded,
            ServiceError::Forbidden(_) => Self::Forbidden,
            ServiceError::Conflict(message) | ServiceError::TooLarge(message) => Self::Conflict(message),
            ServiceError::Refused { message, .. } => Self::Conflict(message),
            ServiceError::Invalid { field, message } => Self::Conflict(format!("{field}: {message}")),
            other => Self::Internal(other.to_string()),
        }
    }
}

/// A page's outcome.
pub type WebResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout<'a>,
    message: String,
}

/// The page of an outcome: the page itself, or its error's page.
pub fn respond(state: &WebState, visit: &Visit, outcome: WebResult) -> Response {
    let error = match outcome {
        Ok(response) => return response,
        Err(error) => error,
    };
    let (status, title, message) = match error {
        WebError::NotFound => (StatusCode::NOT_FOUND, "error-not-found-title", None),
        WebError::SignInNeeded => {
            let next = urlencode(&visit.path);
            return Redirect::to(&format!("/sign-in?next={next}")).into_response();
        }
        WebError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden-title", None),
        WebError::Forged => (StatusCode::FORBIDDEN, "error-forbidden-title", Some("error-csrf")),
        WebError::Conflict(message) => {
            let layout = Layout::new(state, visit, "error-conflict-title");
            return render(state, visit, StatusCode::CONFLICT, &ErrorPage { layout, message });
        }
        WebError::Internal(detail) => {
            tracing::error!(%detail, "a page failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "error-internal-title",
                Some("error-internal"),
            )
        }
    };
    let layout = Layout::new(state, visit, title);
    let message = match (status, message) {
        (StatusCode::NOT_FOUND, _) => layout.tr.t("error-not-found"),
        (StatusCode::FORBIDDEN, None) => layout.tr.t("error-forbidden"),
        (_, Some(id)) => layout.tr.t(id),
        (_, None) => String::new(),
    };
    render(state, visit, status, &ErrorPage { layout, message })
}

/// `text` made safe for a query string.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}
