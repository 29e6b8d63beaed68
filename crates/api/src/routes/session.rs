//! `POST /api/v1/session` signs in with a password; `DELETE` signs out.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use guichet_service::auth::{SESSION_LIFETIME, login, sign_out as sign_out_session};

use crate::AppState;
use crate::auth::{ClientAddress, SESSION_COOKIE, session_cookie};
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::views::UserJson;

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginInput {
    /// Address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// An opened session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionJson {
    /// The session token, also set as the `guichet_session` cookie.
    pub token: String,
    /// Who signed in.
    pub user: UserJson,
}

/// Signs in; the session lasts 12 hours at most, and ends after 2 hours
/// without use. After 5 failures for one account, or 50 from one address,
/// in a quarter of an hour, sign-in is refused (429) until the quarter ends.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginInput,
    responses((status = 200, body = SessionJson), (status = 401, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiJson(input): ApiJson<LoginInput>,
) -> ApiResult<impl IntoResponse> {
    let (user, token) = login(&state.ctx, &input.email, &input.password, client.as_deref()).await?;
    let cookie = format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}",
        SESSION_LIFETIME.num_seconds()
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(SessionJson {
            token,
            user: user.into(),
        }),
    ))
}

/// Signs out the session of the cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<impl IntoResponse> {
    if let Some(token) = session_cookie(&headers) {
        sign_out_session(&state.ctx, token).await?;
    }
    let expired = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired)]))
}
