//! Who is visiting, in which language and time zone, from where: read
//! from the request's cookies and headers, and the viewer's preferences,
//! once for every page. The language is the viewer's preference, else the
//! switcher's cookie, else the browser's `Accept-Language`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use guichet_domain::preferences::{Language, Preferences, TimeZone};
use guichet_service::auth::{client_address, user_for_session};
use guichet_service::people::preferences::my_preferences;
use guichet_service::{Actor, User, actor_of};

use crate::WebState;
use crate::csrf;
use crate::i18n::{Lang, Tr};

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
    /// The zone dates are shown in: the viewer's choice, else UTC.
    pub time_zone: TimeZone,
    /// The signed-in viewer's preferences (the defaults for others).
    pub preferences: Preferences,
    /// The address the request comes from, if known.
    pub client: Option<String>,
    /// The anti-forgery token forms carry.
    pub csrf: String,
    /// Whether `csrf` is new and must be set as a cookie.
    pub new_csrf_cookie: bool,
    /// The path and query of the request, to come back to.
    pub path: String,
}

impl Visit {
    /// Translations into the visitor's language, with dates in their zone.
    pub fn tr<'a>(&self, state: &'a WebState) -> Tr<'a> {
        Tr::new(&state.catalogs, self.lang).in_zone(self.time_zone)
    }

    /// The actor of a signed-in visitor.
    pub fn actor(&self) -> Option<Actor> {
        self.viewer.as_ref().map(actor_of)
    }
}

impl From<Language> for Lang {
    fn from(language: Language) -> Self {
        match language {
            Language::En => Lang::En,
            Language::Fr => Lang::Fr,
        }
    }
}

impl From<Lang> for Language {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::En => Language::En,
            Lang::Fr => Language::Fr,
        }
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
        let preferences = match &viewer {
            Some(user) => my_preferences(&state.ctx, &actor_of(user)).await.unwrap_or_default(),
            None => Preferences::default(),
        };
        let lang = preferences
            .language
            .map(Lang::from)
            .or_else(|| cookie(headers, LANG_COOKIE).and_then(Lang::from_tag))
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
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let client = client_address(peer, forwarded, state.config.trust_forwarded_for);
        Ok(Self {
            viewer,
            session,
            lang,
            time_zone: preferences.time_zone,
            preferences,
            client,
            csrf,
            new_csrf_cookie,
            path,
        })
    }
}
