//! Forged requests are refused: every form carries a token the attacker's
//! site cannot know, and a browser's `Sec-Fetch-Site` or `Origin` must say
//! the request comes from our own pages.
//!
//! A signed-in visitor's token is derived from their session, so it needs
//! no cookie of its own and changes with each sign-in; a visitor who is not
//! signed in (the sign-in form) carries a random token in a cookie, which
//! the form repeats.

use axum::http::{HeaderMap, header};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::visit::Visit;

/// The token of forms sent with `session`.
pub fn for_session(session: &str) -> String {
    let digest = Sha256::digest(format!("guichet-csrf:{session}").as_bytes());
    hex::encode(&digest[..16])
}

/// A new random token.
pub fn random() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Whether a cookie's value looks like one of our tokens.
pub fn is_well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a state-changing request may be acted on: the form's token is
/// the visitor's, and the browser does not say it came from elsewhere.
pub fn allows(visit: &Visit, headers: &HeaderMap, form_token: &str) -> bool {
    !visit.new_csrf_cookie && constant_time_eq(form_token, &visit.csrf) && same_origin(headers)
}

/// Modern browsers say where a request comes from; older ones send
/// `Origin` on cross-site posts. Requests with neither (curl, tests) rely
/// on the token alone.
pub fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            origin.split_once("://").is_some_and(|(_, authority)| authority == host)
        }
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn requests_from_another_site_are_refused() {
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(same_origin(&headers(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(same_origin(&headers(&[])), "no header: the token decides");
    }

    #[test]
    fn session_tokens_are_stable_and_distinct() {
        assert_eq!(for_session("a"), for_session("a"));
        assert_ne!(for_session("a"), for_session("b"));
        assert!(is_well_formed(&for_session("a")));
        assert!(is_well_formed(&random()));
        assert!(!is_well_formed("<script>"));
        assert!(constant_time_eq("abc", "abc") && !constant_time_eq("abc", "abd") && !constant_time_eq("ab", "abc"));
    }
}
