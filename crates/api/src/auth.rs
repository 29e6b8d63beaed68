//! Authentication: `Authorization: Bearer <token>` or `Token token=<token>`
//! for API clients, or the `guichet_session` cookie for browsers.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use guichet_service::User;
use guichet_service::auth::{client_address, user_for_api_token, user_for_session};

use crate::AppState;
use crate::error::ApiError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "guichet_session";

/// The address a request comes from, if known (see
/// [`guichet_service::auth::client_address`]).
pub struct ClientAddress(pub Option<String>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        Ok(Self(client_address(peer, forwarded, state.config.trust_forwarded_for)))
    }
}

/// The authenticated user of a request.
pub struct CurrentUser(pub User);

fn api_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("Token token="))
        .map(|token| token.trim().trim_matches('"'))
}

/// The session token of the `guichet_session` cookie, if any.
pub(crate) fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .find_map(|cookie| cookie.trim().strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = &state.ctx;
        if let Some(token) = api_token(parts) {
            return Ok(Self(user_for_api_token(ctx, token).await?));
        }
        if parts.headers.contains_key(header::AUTHORIZATION) {
            return Err(ApiError::unauthenticated(
                "use Authorization: Bearer <token> or Token token=<token>",
            ));
        }
        if let Some(token) = session_cookie(&parts.headers) {
            return Ok(Self(user_for_session(ctx, token).await?));
        }
        Err(ApiError::unauthenticated("authentication required"))
    }
}

/// The authenticated user of a request, if it carries credentials: for
/// what everyone may read (public answers, portal links). Bad credentials
/// are refused all the same.
pub struct MaybeUser(pub Option<User>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if !parts.headers.contains_key(header::AUTHORIZATION) && session_cookie(&parts.headers).is_none() {
            return Ok(Self(None));
        }
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        Ok(Self(Some(user)))
    }
}
