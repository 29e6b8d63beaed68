//! `GET`/`POST /preferences`: the signed-in visitor's language, time zone
//! and default notification mode. A refused form comes back with the
//! error next to its field and the values kept.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use guichet_domain::preferences::{Preferences, TimeZone};
use guichet_domain::ticket::NotificationMode;
use guichet_service::people::preferences::{PreferencesInput, set_my_preferences};
use guichet_service::rota::FeedOwner;
use guichet_service::{Actor, ServiceError};

use super::rota::feeds::FeedsPart;
use super::tickets::{Choice, choices};
use crate::WebState;
use crate::csrf;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::{Lang, Tr};
use crate::layout::{Layout, render};
use crate::visit::Visit;

#[derive(Template)]
#[template(path = "preferences.html")]
struct PreferencesPage<'a> {
    layout: Layout<'a>,
    languages: Vec<Choice>,
    zones: Vec<Choice>,
    notifications: Vec<Choice>,
    error: Option<(&'static str, String)>,
    feeds: Option<FeedsPart>,
}

impl PreferencesPage<'_> {
    /// The error of `field`, if any.
    fn error(&self, field: &str) -> Option<&String> {
        self.error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m)
    }
}

/// The form's values: as stored, or as the visitor sent them.
struct Values {
    language: String,
    time_zone: String,
    notification_mode: String,
}

impl From<Preferences> for Values {
    fn from(p: Preferences) -> Self {
        Self {
            language: p.language.map_or("", |l| l.as_str()).to_owned(),
            time_zone: p.time_zone.name().to_owned(),
            notification_mode: p.notification_mode.as_str().to_owned(),
        }
    }
}

/// What the form comes back with: nothing (or a saved notice), or an
/// error on a field.
enum Problem {
    None { saved: bool },
    Field(&'static str, String),
}

/// The visitor's own calendar feeds, for supporters (whose shifts they
/// show), with the address of one just made.
async fn my_feeds(
    state: &WebState,
    visit: &Visit,
    actor: &Actor,
    new_url: Option<String>,
) -> Result<Option<FeedsPart>, WebError> {
    let (Some(viewer), Some(me)) = (&visit.viewer, actor.user_id()) else {
        return Ok(None);
    };
    if !viewer.role.is_supporter() {
        return Ok(None);
    }
    let action = "/preferences/feeds".to_owned();
    let tr = visit.tr(state);
    Ok(Some(
        FeedsPart::load(state, &tr, actor, FeedOwner::Person(me), action, new_url).await?,
    ))
}

/// The page showing the address of the feed just made.
pub async fn with_new_feed(state: &WebState, visit: &Visit, url: String) -> WebResult {
    let actor = visit.actor().ok_or(WebError::SignInNeeded)?;
    let feeds = my_feeds(state, visit, &actor, Some(url)).await?;
    let problem = Problem::None { saved: false };
    Ok(page(
        state,
        visit,
        visit.preferences.into(),
        problem,
        StatusCode::OK,
        feeds,
    ))
}

fn page(
    state: &WebState,
    visit: &Visit,
    values: Values,
    problem: Problem,
    status: StatusCode,
    feeds: Option<FeedsPart>,
) -> Response {
    let mut layout = Layout::new(state, visit, "preferences-title");
    let tr = layout.tr;
    let error = match problem {
        Problem::None { saved } => {
            layout.notice = saved.then(|| tr.t("preferences-saved"));
            None
        }
        Problem::Field(field, message) => Some((field, message)),
    };
    let languages = Lang::ALL
        .iter()
        .map(|l| (l.code().to_owned(), tr.t(&format!("lang-{}", l.code()))))
        .collect();
    let zones = TimeZone::names().map(|z| (z.to_owned(), z.replace('_', " "))).collect();
    let notifications = NotificationMode::ALL
        .iter()
        .map(|m| (m.as_str().to_owned(), tr.label("notification", m.as_str())))
        .collect();
    let form = PreferencesPage {
        languages: choices(languages, &values.language, Some(tr.t("preferences-browser-language"))),
        zones: choices(zones, &values.time_zone, None),
        notifications: choices(notifications, &values.notification_mode, None),
        error,
        feeds,
        layout,
    };
    render(state, visit, status, &form)
}

/// The form, with the visitor's preferences; after a save, a notice.
pub async fn form(
    State(state): State<WebState>,
    visit: Visit,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(actor) = visit.actor() else {
        return respond(&state, &visit, Err(WebError::SignInNeeded));
    };
    let saved = query.contains_key("saved");
    let outcome = my_feeds(&state, &visit, &actor, None).await.map(|feeds| {
        page(
            &state,
            &visit,
            visit.preferences.into(),
            Problem::None { saved },
            StatusCode::OK,
            feeds,
        )
    });
    respond(&state, &visit, outcome)
}

/// Saves the preferences, or shows the form again with the error.
pub async fn save(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(fields): Form<HashMap<String, String>>,
) -> Response {
    let outcome = saved(&state, &visit, &headers, &fields).await;
    respond(&state, &visit, outcome)
}

async fn saved(state: &WebState, visit: &Visit, headers: &HeaderMap, fields: &HashMap<String, String>) -> WebResult {
    let Some(actor) = visit.actor() else {
        return Err(WebError::SignInNeeded);
    };
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    if !csrf::allows(visit, headers, &field("csrf")) {
        return Err(WebError::Forged);
    }
    let input = PreferencesInput {
        language: Some(field("language")),
        time_zone: Some(field("time_zone")),
        notification_mode: Some(field("notification_mode")),
    };
    match set_my_preferences(&state.ctx, &actor, &input).await {
        Ok(_) => Ok(Redirect::to("/preferences?saved=1").into_response()),
        Err(ServiceError::Invalid { field: name, .. }) => {
            let tr: Tr<'_> = visit.tr(state);
            let message = tr.t(&format!("preferences-invalid-{}", name.replace('_', "-")));
            let values = Values {
                language: field("language"),
                time_zone: field("time_zone"),
                notification_mode: field("notification_mode"),
            };
            let which = match name {
                "language" => "language",
                "time_zone" => "time_zone",
                _ => "notification_mode",
            };
            let feeds = my_feeds(state, visit, &actor, None).await?;
            Ok(page(
                state,
                visit,
                values,
                Problem::Field(which, message),
                StatusCode::UNPROCESSABLE_ENTITY,
                feeds,
            ))
        }
        Err(other) => Err(other.into()),
    }
}
