//! Passwords, API tokens and web sessions.
//!
//! Tokens are random 32-byte values shown once; only their SHA-256 is stored.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

use guichet_domain::clock;
use guichet_store::{Store, User};

use crate::{ServiceError, ServiceResult};

/// How long a web session lasts without a new login.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> ServiceResult<String> {
    if password.chars().count() < 8 {
        return Err(ServiceError::invalid(
            "password",
            "a password needs at least 8 characters",
        ));
    }
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| ServiceError::invalid("password", e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ServiceError::invalid("password", e.to_string()))
}

/// Whether `password` matches a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates an API token for `email`'s account and returns it (shown once).
pub async fn create_api_token(
    store: &dyn Store,
    email: &str,
    expires_at: Option<DateTime<Utc>>,
) -> ServiceResult<String> {
    let user = store
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    let token = hex::encode(random_bytes::<32>());
    store.create_api_token(user.id, &token_hash(&token), expires_at).await?;
    Ok(token)
}

fn usable(user: User, expires_at: Option<DateTime<Utc>>, what: &str) -> ServiceResult<User> {
    match user.credential_refusal(expires_at, clock::now(), what) {
        Some(refusal) => Err(ServiceError::Unauthenticated(refusal)),
        None => Ok(user),
    }
}

/// The user an API token belongs to, if the token is valid, unexpired and its account enabled.
pub async fn user_for_api_token(store: &dyn Store, token: &str) -> ServiceResult<User> {
    match store.user_by_api_token(&token_hash(token)).await? {
        Some((user, expires_at)) => usable(user, expires_at, "token"),
        None => Err(ServiceError::Unauthenticated("unknown API token".into())),
    }
}

/// The user a session belongs to, if it is valid and unexpired.
pub async fn user_for_session(store: &dyn Store, token: &str) -> ServiceResult<User> {
    match store.user_by_session(&token_hash(token)).await? {
        Some((user, expires_at)) => usable(user, Some(expires_at), "session"),
        None => Err(ServiceError::Unauthenticated("unknown or ended session".into())),
    }
}

/// Checks a password and opens a session; returns the session token.
pub async fn login(store: &dyn Store, email: &str, password: &str) -> ServiceResult<(User, String)> {
    let refused = || ServiceError::Unauthenticated("wrong e-mail address or password".into());
    let user = store
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .ok_or_else(refused)?;
    let hash = user.password_hash.as_deref().ok_or_else(refused)?;
    if !verify_password(password, hash) {
        return Err(refused());
    }
    let user = usable(user, None, "account")?;
    let token = hex::encode(random_bytes::<32>());
    store
        .create_session(user.id, &token_hash(&token), clock::now() + SESSION_LIFETIME)
        .await?;
    Ok((user, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_and_are_salted() {
        let a = hash_password("correct horse").unwrap();
        let b = hash_password("correct horse").unwrap();
        assert_ne!(a, b);
        assert!(verify_password("correct horse", &a));
        assert!(!verify_password("wrong horse", &a));
        assert!(!verify_password("x", "not a hash"));
        assert_eq!(
            hash_password("short").unwrap_err().to_string(),
            "a password needs at least 8 characters"
        );
    }

    #[test]
    fn token_hashes_are_stable_hex() {
        assert_eq!(token_hash("abc"), token_hash("abc"));
        assert_eq!(token_hash("abc").len(), 64);
    }
}
