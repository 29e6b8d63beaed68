//! What every page shares: the frame (header, navigation, language
//! switcher, "go to ticket" box, footer) and the rendering of a page into
//! a response.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use guichet_service::User;

use crate::WebState;
use crate::i18n::{Lang, Tr};
use crate::visit::{CSRF_COOKIE, Visit};

/// The frame's data, which every page template has as `layout`.
pub struct Layout<'a> {
    /// Translations.
    pub tr: Tr<'a>,
    /// The signed-in user.
    pub viewer: Option<&'a User>,
    /// The forms' anti-forgery token.
    pub csrf: &'a str,
    /// The page's title, translated.
    pub title: String,
    /// Where the language switcher comes back to.
    pub back: &'a str,
    /// A notice to show at the top, translated.
    pub notice: Option<String>,
}

impl<'a> Layout<'a> {
    /// The frame of a page titled by message `title`.
    pub fn new(state: &'a WebState, visit: &'a Visit, title: &str) -> Self {
        let title = visit.tr(state).t(title);
        Self::with_title(state, visit, title)
    }

    /// The frame of a page whose title is already translated.
    pub fn with_title(state: &'a WebState, visit: &'a Visit, title: String) -> Self {
        Self {
            tr: visit.tr(state),
            viewer: visit.viewer.as_ref(),
            csrf: &visit.csrf,
            title,
            back: &visit.path,
            notice: None,
        }
    }

    /// The same, with a title already made.
    pub fn titled(mut self, title: String) -> Self {
        self.title = title;
        self
    }

    /// The languages, with whether each is the page's.
    pub fn languages(&self) -> Vec<(&'static str, String, bool)> {
        Lang::ALL
            .iter()
            .map(|lang| {
                (
                    lang.code(),
                    self.tr.t(&format!("lang-{}", lang.code())),
                    *lang == self.tr.lang,
                )
            })
            .collect()
    }
}

/// Renders `page` with `status`; sets the anti-forgery cookie of a visitor
/// who had none.
pub fn render(state: &WebState, visit: &Visit, status: StatusCode, page: &impl Template) -> Response {
    let mut response = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "a page could not be rendered");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    };
    if visit.new_csrf_cookie {
        let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
        let cookie = format!("{CSRF_COOKIE}={}; HttpOnly; SameSite=Lax; Path=/{secure}", visit.csrf);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}
