//! Passwords, API tokens and web sessions (`sessions`), and signing in
//! with a password, throttled (`sign_in`).
//!
//! Tokens are random 32-byte values shown once; only their SHA-256 is stored.
//! Argon2 is slow on purpose (tens of milliseconds), so hashing and checking
//! passwords run on a blocking thread, never on the threads that serve
//! requests.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

use guichet_store::User;

use crate::{Context, ServiceError, ServiceResult};

mod sessions;
mod sign_in;

pub use sessions::{SESSION_IDLE, SESSION_LIFETIME, open_session, purge_expired_sessions, sign_out, user_for_session};
pub use sign_in::{client_address, login};

/// Hashes a password with Argon2id and a random salt, on a blocking thread.
pub async fn hash_password(password: &str) -> ServiceResult<String> {
    let password = password.to_owned();
    blocking(move || hash_password_now(&password)).await?
}

fn hash_password_now(password: &str) -> ServiceResult<String> {
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

/// Whether `password` matches a stored hash, checked on a blocking thread.
pub async fn verify_password(password: &str, hash: &str) -> ServiceResult<bool> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    blocking(move || verify_password_now(&password, &hash)).await
}

fn verify_password_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Runs CPU-heavy `work` on the blocking pool.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> ServiceResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServiceError::Internal(format!("the password check stopped: {e}")))
}

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates an API token for `email`'s account and returns it (shown once).
pub async fn create_api_token(ctx: &Context, email: &str, expires_at: Option<DateTime<Utc>>) -> ServiceResult<String> {
    let user = ctx
        .store()
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    let token = hex::encode(random_bytes::<32>());
    ctx.store()
        .create_api_token(user.id, &token_hash(&token), ctx.now(), expires_at)
        .await?;
    Ok(token)
}

pub(crate) fn usable(ctx: &Context, user: User, expires_at: Option<DateTime<Utc>>, what: &str) -> ServiceResult<User> {
    match user.credential_refusal(expires_at, ctx.now(), what) {
        Some(refusal) => Err(ServiceError::Unauthenticated(refusal)),
        None => Ok(user),
    }
}

/// The user an API token belongs to, if the token is valid, unexpired and its account enabled.
pub async fn user_for_api_token(ctx: &Context, token: &str) -> ServiceResult<User> {
    match ctx.store().user_by_api_token(&token_hash(token)).await? {
        Some((user, expires_at)) => usable(ctx, user, expires_at, "token"),
        None => Err(ServiceError::Unauthenticated("unknown API token".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_and_are_salted() {
        let a = hash_password("correct horse").await.unwrap();
        let b = hash_password("correct horse").await.unwrap();
        assert_ne!(a, b);
        assert!(verify_password("correct horse", &a).await.unwrap());
        assert!(!verify_password("wrong horse", &a).await.unwrap());
        assert!(!verify_password("x", "not a hash").await.unwrap());
        assert_eq!(
            hash_password("short").await.unwrap_err().to_string(),
            "a password needs at least 8 characters"
        );
    }

    #[test]
    fn token_hashes_are_the_sha256_of_the_token() {
        // Known answers: FIPS 180-2's "abc", and the empty string.
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            token_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
