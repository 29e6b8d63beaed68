//! `GET /lang/{code}?back=PATH`: the language switcher. It works without
//! JavaScript: a link that sets the language cookie and comes back.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::WebState;
use crate::i18n::Lang;
use crate::visit::LANG_COOKIE;

/// Sets the language and returns to the page the visitor was on (a path of
/// this site only, never another site's address).
pub async fn switch(
    State(state): State<WebState>,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let lang = Lang::from_tag(&code).unwrap_or(Lang::En);
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
