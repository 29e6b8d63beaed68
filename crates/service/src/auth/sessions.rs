//! Web sessions: each ends at its absolute end, or sooner after a while
//! without use; signing out ends it at once; the purge job deletes the
//! ended ones.

use chrono::Duration;

use guichet_domain::actor::Actor;
use guichet_store::User;

use super::{token_hash, usable};
use crate::change::Change;
use crate::{Context, ServiceError, ServiceResult};

/// How long a web session lasts at most, however busy: a working day.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// How long a web session lasts without use.
pub const SESSION_IDLE: Duration = Duration::hours(2);

/// How stale the recorded last use may be before a request records it
/// again: a busy session writes once a minute, not on every request.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// How many expired sessions one purge change ends at most.
const PURGE_BATCH: i64 = 1_000;

/// The user a session belongs to, if it is known, within its absolute end
/// and not idle; records its use.
pub async fn user_for_session(ctx: &Context, token: &str) -> ServiceResult<User> {
    let hash = token_hash(token);
    let Some(session) = ctx.store().user_by_session(&hash).await? else {
        return Err(ServiceError::Unauthenticated("unknown or ended session".into()));
    };
    let now = ctx.now();
    if now >= session.last_seen_at + SESSION_IDLE {
        return Err(ServiceError::Unauthenticated(
            "the session ended after a while without use".into(),
        ));
    }
    let user = usable(ctx, session.user, Some(session.expires_at), "session")?;
    if now >= session.last_seen_at + TOUCH_EVERY {
        ctx.store().touch_session(&hash, now).await?;
    }
    Ok(user)
}

/// Opens a web session for `email`'s account without its password and
/// returns the token: for operators' tools on the server itself (`guichet
/// bench` measures the pages with it), like `create_api_token`.
pub async fn open_session(ctx: &Context, email: &str) -> ServiceResult<String> {
    let user = ctx
        .store()
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    let token = hex::encode(super::random_bytes::<32>());
    let now = ctx.now();
    ctx.store()
        .create_session(user.id, &token_hash(&token), now, now + SESSION_LIFETIME)
        .await?;
    Ok(token)
}

/// Ends the session of `token`, if there is one.
pub async fn sign_out(ctx: &Context, token: &str) -> ServiceResult<()> {
    Ok(ctx.store().delete_session(&token_hash(token)).await?)
}

/// Ends every session past its end or idle, by the context's clock, in
/// changes of at most [`PURGE_BATCH`], each recorded as a `sessions.purged`
/// event by `actor` (the system), and forgets old counts of failed
/// sign-ins. Returns how many sessions ended. Running it twice ends nothing
/// more: it is idempotent.
pub async fn purge_expired_sessions(ctx: &Context, actor: &Actor) -> ServiceResult<usize> {
    if !actor.is_system() {
        return Err(ServiceError::Forbidden("sessions are purged by the system".into()));
    }
    let now = ctx.now();
    super::sign_in::forget_old_failures(ctx, now).await?;
    let mut ended = 0;
    loop {
        let expired = ctx
            .store()
            .expired_sessions(now, now - SESSION_IDLE, PURGE_BATCH)
            .await?;
        if expired.is_empty() {
            return Ok(ended);
        }
        let count = expired.len();
        let mut change = Change::new(ctx);
        change.end_sessions(expired, now, &actor.author());
        ctx.store().commit(change.into_set()).await?;
        ended += count;
        if i64::try_from(count).unwrap_or(i64::MAX) < PURGE_BATCH {
            return Ok(ended);
        }
    }
}
