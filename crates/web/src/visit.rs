//! Who is visiting, in which language: read from the request's cookies
//! and headers once, for every page.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use guichet_service::auth::user_for_session;
use guichet_service::{Actor, User, actor_of};

use crate::WebState;
use crate::csrf;
use crate::i18n::Lang;

/// The session cookie, shared with the JSON API.
pub const SESSION_COOKIE: &str = "guichet_session";
/// The language a visitor chose with the switcher.
pub const LANG_COOKIE: &str = "guichet_lang";
/// The anti-forgery token of visitors who are not signed in.
pub const CSRF_COOKIE: &str = "guichet_csrf";

/// A request's visitor.
pub struct Visit {
    /// The signed-in user, if any.
    pub viewer: Option<User>,
    /// The raw session token, if a valid session came with the request.
    pub session: Option<String>,
    /// The page's language.
    pub lang: Lang,
    /// The anti-forgery token forms carry.
    pub csrf: String,
    /// Whether `csrf` is new and must be set as a cookie.
    pub new_csrf_cookie: bool,
    /// The path and query of the request, to come back to.
    pub path: String,
}

impl Visit {
    /// The actor of a signed-in visitor.
    pub fn actor(&self) -> Option<Actor> {
        self.viewer.as_ref().map(actor_of)
    }
}

/// The value of cookie `name`, if the request has it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
        .filter(|value| !value.is_empty())
}

impl FromRequestParts<WebState> for Visit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Self::Rejection> {
        let headers = &parts.headers;
        let mut viewer = None;
        let mut session = None;
        if let Some(token) = cookie(headers, SESSION_COOKIE)
            && let Ok(user) = user_for_session(&state.ctx, token).await
        {
            viewer = Some(user);
            session = Some(token.to_owned());
        }
        let lang = cookie(headers, LANG_COOKIE)
            .and_then(Lang::from_tag)
            .or_else(|| {
                let accept = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
                Some(Lang::negotiate(accept))
            })
            .unwrap_or(Lang::En);
        let (csrf, new_csrf_cookie) = match (&session, cookie(headers, CSRF_COOKIE)) {
            (Some(session), _) => (csrf::for_session(session), false),
            (None, Some(token)) if csrf::is_well_formed(token) => (token.to_owned(), false),
            (None, _) => (csrf::random(), true),
        };
        let path = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
        Ok(Self {
            viewer,
            session,
            lang,
            csrf,
            new_csrf_cookie,
            path,
        })
    }
}
