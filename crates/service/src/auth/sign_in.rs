//! Signing in with a password. Failures are counted in the database per
//! account and per client address (so every node sees them); past a
//! throttle's limit, sign-in is refused until its window ends, even with
//! the right password.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use guichet_domain::throttle::{PER_ACCOUNT, PER_ADDRESS, Throttle};
use guichet_store::User;

use super::{SESSION_LIFETIME, random_bytes, token_hash, usable, verify_password};
use crate::{Context, ServiceError, ServiceResult};

/// The address a request comes from: the peer's, or, behind a reverse
/// proxy that Guichet is told to trust, the last one the proxy added to
/// `X-Forwarded-For`.
pub fn client_address(peer: Option<IpAddr>, forwarded_for: Option<&str>, trust_forwarded: bool) -> Option<String> {
    let forwarded = forwarded_for
        .filter(|_| trust_forwarded)
        .and_then(|header| header.rsplit(',').next())
        .map(str::trim)
        .filter(|address| address.parse::<IpAddr>().is_ok());
    forwarded.map(str::to_owned).or_else(|| peer.map(|p| p.to_string()))
}

/// The throttles a sign-in falls under, with their keys.
fn throttles(email: &str, client: Option<&str>) -> Vec<(Throttle, String)> {
    let mut keys = vec![(PER_ACCOUNT, PER_ACCOUNT.key(email))];
    if let Some(address) = client {
        keys.push((PER_ADDRESS, PER_ADDRESS.key(address)));
    }
    keys
}

/// Refuses at once while any of `keys` is over its limit.
async fn refuse_if_throttled(ctx: &Context, keys: &[(Throttle, String)], now: DateTime<Utc>) -> ServiceResult<()> {
    for (throttle, key) in keys {
        if let Some(count) = ctx.store().sign_in_failures(key).await?
            && let Some(until) = throttle.refused_until(count.failures, count.window_start, now)
        {
            return Err(ServiceError::Throttled(until));
        }
    }
    Ok(())
}

/// The account `email` and `password` open, if they do.
async fn check_password(ctx: &Context, email: &str, password: &str) -> ServiceResult<User> {
    let refused = || ServiceError::Unauthenticated("wrong e-mail address or password".into());
    let user = ctx
        .store()
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .ok_or_else(refused)?;
    let hash = user.password_hash.as_deref().ok_or_else(refused)?;
    if !verify_password(password, hash).await? {
        return Err(refused());
    }
    usable(ctx, user, None, "account")
}

/// Checks a password from `client` (an address, if known) and opens a new
/// session; returns the session token. Refused with
/// [`ServiceError::Throttled`] after too many failures.
pub async fn login(ctx: &Context, email: &str, password: &str, client: Option<&str>) -> ServiceResult<(User, String)> {
    let now = ctx.now();
    let keys = throttles(email, client);
    refuse_if_throttled(ctx, &keys, now).await?;
    let user = match check_password(ctx, email, password).await {
        Ok(user) => user,
        Err(error @ ServiceError::Unauthenticated(_)) => {
            for (throttle, key) in &keys {
                ctx.store()
                    .count_sign_in_failure(key, now, throttle.window_since(now))
                    .await?;
            }
            return Err(error);
        }
        Err(other) => return Err(other),
    };
    ctx.store().clear_sign_in_failures(&keys[0].1).await?;
    let token = hex::encode(random_bytes::<32>());
    ctx.store()
        .create_session(user.id, &token_hash(&token), now, now + SESSION_LIFETIME)
        .await?;
    Ok((user, token))
}

/// Forgets the counts of windows over by `now`.
pub(super) async fn forget_old_failures(ctx: &Context, now: DateTime<Utc>) -> ServiceResult<()> {
    let longest = PER_ACCOUNT.window.max(PER_ADDRESS.window);
    ctx.store().forget_sign_in_failures(now - longest).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_peer_unless_a_trusted_proxy_says_otherwise() {
        let peer: Option<IpAddr> = "10.0.0.1".parse().ok();
        assert_eq!(client_address(peer, None, false).as_deref(), Some("10.0.0.1"));
        let header = Some("203.0.113.9, 198.51.100.4");
        assert_eq!(
            client_address(peer, header, false).as_deref(),
            Some("10.0.0.1"),
            "untrusted"
        );
        assert_eq!(
            client_address(peer, header, true).as_deref(),
            Some("198.51.100.4"),
            "the proxy's own entry"
        );
        assert_eq!(client_address(peer, Some("garbage"), true).as_deref(), Some("10.0.0.1"));
        assert_eq!(client_address(None, None, true), None);
    }
}
