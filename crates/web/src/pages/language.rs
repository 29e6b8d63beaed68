//! `GET /lang/{code}?back=PATH`: the language switcher. It works without
//! JavaScript: a link that sets the language cookie and comes back. For a
//! signed-in visitor it also becomes their language preference, which
//! their mails follow too. (A GET that changes a preference: it is a
//! harmless one, and a cross-site link can do no more than switch the
//! language.)

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::WebState;
use crate::i18n::Lang;
use crate::visit::{LANG_COOKIE, Visit};
use guichet_service::people::preferences::{PreferencesInput, set_my_preferences};

/// Sets the language and returns to the page the visitor was on (a path of
/// this site only, never another site's address).
pub async fn switch(
    State(state): State<WebState>,
    visit: Visit,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let lang = Lang::from_tag(&code).unwrap_or(Lang::En);
    if let Some(actor) = visit.actor() {
        let preferences = &visit.preferences;
        let input = PreferencesInput {
            language: Some(lang.code().to_owned()),
            time_zone: Some(preferences.time_zone.name().to_owned()),
            notification_mode: Some(preferences.notification_mode.as_str().to_owned()),
        };
        if let Err(error) = set_my_preferences(&state.ctx, &actor, &input).await {
            tracing::warn!(%error, "the language preference was not saved");
        }
    }
    let back = params
        .get("back")
        .filter(|path| path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'))
        .map_or("/", String::as_str);
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let cookie = format!(
        "{LANG_COOKIE}={}; SameSite=Lax; Path=/; Max-Age=31536000{secure}",
        lang.code()
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(back)).into_response()
}
