//! The knowledge base's pages: the list of answers (all, a category's or
//! a unit's FAQ), one answer in the visitor's language with the tickets
//! citing it, and the forms supporters write answers with, including the
//! draft that promotes a solved ticket's solution, and the categories'
//! page. Internal answers are
//! never shown to requesters or visitors who are not signed in: the
//! service answers "not found" for them.

pub mod categories;
pub mod form;
pub mod index;
pub mod show;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::{get, post};

use guichet_domain::preferences::Language;
use guichet_service::Actor;
use guichet_service::knowledge::{Answer, Visibility};

use crate::WebState;
use crate::csrf;
use crate::error::WebError;
use crate::markdown;
use crate::visit::Visit;

/// The knowledge base's routes; `lib.rs` merges them into the router.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/kb", get(index::all))
        .route("/units/{unit}/faq", get(index::unit_faq))
        .route("/kb/new", get(form::new_form).post(form::create))
        .route("/kb/categories", get(categories::list).post(categories::create))
        .route("/kb/categories/{id}", get(categories::edit_form).post(categories::save))
        .route("/kb/categories/{id}/delete", post(categories::delete))
        .route("/kb/{id}", get(show::show))
        .route("/kb/{id}/edit", get(form::edit_form).post(form::save))
        .route("/kb/{id}/delete", post(form::delete))
}

/// The visitor's language, as the domain names it.
pub fn language(visit: &Visit) -> Language {
    visit.lang.into()
}

/// An answer as a page shows it: in the visitor's language, else the other.
pub struct Shown {
    /// Its id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its body, rendered and sanitised.
    pub body_html: String,
    /// Whether it is internal (supporters only).
    pub internal: bool,
    /// The code of the language shown, when it is not the visitor's.
    pub other_language: Option<&'static str>,
}

impl Shown {
    /// `answer` for a visitor reading `language`.
    pub fn of(answer: &Answer, language: Language) -> Self {
        let texts = &answer.texts;
        let shown = texts.title.shown(language);
        Self {
            id: answer.id.0,
            title: texts.title.pick(language).to_owned(),
            body_html: markdown::to_html(texts.body.pick(shown)),
            internal: answer.visibility == Visibility::Internal,
            other_language: (shown != language).then(|| shown.as_str()),
        }
    }
}

/// The supporter visiting a form page.
pub fn supporter(visit: &Visit) -> Result<Actor, WebError> {
    let actor = visit.actor().ok_or(WebError::SignInNeeded)?;
    if actor.role().is_supporter() {
        Ok(actor)
    } else {
        Err(WebError::Forbidden)
    }
}

/// The supporter who sent a form from our own pages, or why it is refused
/// (the use case checks the role again).
pub fn sender(visit: &Visit, headers: &HeaderMap, token: &str) -> Result<Actor, WebError> {
    let actor = visit.actor().ok_or(WebError::SignInNeeded)?;
    if !csrf::allows(visit, headers, token) {
        return Err(WebError::Forged);
    }
    if !actor.role().is_supporter() {
        return Err(WebError::Forbidden);
    }
    Ok(actor)
}
