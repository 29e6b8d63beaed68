//! `GET`/`POST /sign-in` and `POST /sign-out`, on the server-side sessions
//! the API shares (`guichet_session`).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use guichet_service::ServiceError;
use guichet_service::auth::{SESSION_LIFETIME, login, sign_out as end_session};

use crate::WebState;
use crate::csrf;
use crate::error::{WebError, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::visit::{SESSION_COOKIE, Visit};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignIn<'a> {
    layout: Layout<'a>,
    error: Option<String>,
    email: String,
    next: String,
}

/// Where to go after signing in: a path of this site, else my tickets.
fn safe_next(next: Option<&str>) -> String {
    next.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .filter(|p| !p.starts_with("/sign-in"))
        .unwrap_or("/tickets/mine")
        .to_owned()
}

/// The sign-in form.
pub async fn form(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let layout = Layout::new(&state, &visit, "sign-in-title");
    let page = SignIn {
        layout,
        error: None,
        email: String::new(),
        next: safe_next(params.get("next").map(String::as_str)),
    };
    render(&state, &visit, StatusCode::OK, &page)
}

/// The sign-in form's fields.
#[derive(Debug, Deserialize)]
pub struct Credentials {
    csrf: String,
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Checks the password and opens a session; the form again with the
/// reason on failure, the address kept.
pub async fn submit(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> Response {
    if !csrf::allows(&visit, &headers, &form.csrf) {
        return respond(&state, &visit, Err(WebError::Forged));
    }
    match login(&state.ctx, &form.email, &form.password, visit.client.as_deref()).await {
        Ok((_, token)) => {
            if let Some(old) = &visit.session {
                // A new session id at each sign-in; the old one ends.
                let _ended = end_session(&state.ctx, old).await;
            }
            let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
            let cookie = format!(
                "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{secure}",
                SESSION_LIFETIME.num_seconds()
            );
            let next = safe_next(Some(&form.next));
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        Err(ServiceError::Unauthenticated(reason)) => {
            let id = if reason.contains("disabled") {
                "sign-in-disabled"
            } else {
                "sign-in-failed"
            };
            refused(&state, &visit, form, StatusCode::UNAUTHORIZED, |tr| tr.t(id))
        }
        Err(ServiceError::Throttled(until)) => refused(&state, &visit, form, StatusCode::TOO_MANY_REQUESTS, |tr| {
            tr.t1("sign-in-throttled", "time", tr.moment(until))
        }),
        Err(other) => respond(&state, &visit, Err(other.into())),
    }
}

/// The form again with why sign-in was refused, the address kept.
fn refused(
    state: &WebState,
    visit: &Visit,
    form: Credentials,
    status: StatusCode,
    why: impl Fn(&Tr<'_>) -> String,
) -> Response {
    let layout = Layout::new(state, visit, "sign-in-title");
    let page = SignIn {
        error: Some(why(&layout.tr)),
        layout,
        email: form.email,
        next: safe_next(Some(&form.next)),
    };
    render(state, visit, status, &page)
}

/// The sign-out form's field.
#[derive(Debug, Deserialize)]
pub struct SignOut {
    csrf: String,
}

/// Ends the session and clears its cookie.
pub async fn sign_out(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(form): Form<SignOut>,
) -> Response {
    if !csrf::allows(&visit, &headers, &form.csrf) {
        return respond(&state, &visit, Err(WebError::Forged));
    }
    if let Some(token) = &visit.session
        && let Err(error) = end_session(&state.ctx, token).await
    {
        return respond(&state, &visit, Err(error.into()));
    }
    let expired = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
    ([(header::SET_COOKIE, expired)], Redirect::to("/?signed-out=1")).into_response()
}
