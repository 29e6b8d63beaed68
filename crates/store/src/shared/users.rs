//! Accounts, API tokens and sessions.

use chrono::{DateTime, Utc};

use guichet_domain::ids::UserId;

use super::SqlStore;
use super::rows::{USER_COLUMNS, UserRow};
use crate::{NewUser, SessionOwner, Stamp, StoreError, StoreResult, User, UserPatch};

pub async fn create_user(db: &SqlStore, user: NewUser) -> StoreResult<User> {
    let row: UserRow = sqlx::query_as(&format!(
        "INSERT INTO users (email, name, role, dn, disabled, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, FALSE, $5, $6) RETURNING {USER_COLUMNS}"
    ))
    .bind(&user.email)
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(&user.dn)
    .bind(&user.password_hash)
    .bind(Stamp(user.created_at))
    .fetch_one(&db.write)
    .await?;
    row.into_user()
}

pub async fn user(db: &SqlStore, id: UserId) -> StoreResult<User> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?
        .ok_or(StoreError::NotFound("user"))?
        .into_user()
}

pub async fn user_by_email(db: &SqlStore, email: &str) -> StoreResult<Option<User>> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"))
        .bind(email)
        .fetch_optional(&db.read)
        .await?
        .map(UserRow::into_user)
        .transpose()
}

pub async fn users(db: &SqlStore) -> StoreResult<Vec<User>> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))
        .fetch_all(&db.read)
        .await?
        .into_iter()
        .map(UserRow::into_user)
        .collect()
}

/// Deletes an account nothing refers to. Its tokens, sessions and unit
/// memberships go with it; one that authored or did anything stays (disable
/// it). A refusal rolls back at once rather than when the connection is next
/// used, so no transaction lingers in the pool.
pub async fn delete_user(db: &SqlStore, id: UserId) -> StoreResult<()> {
    let mut tx = db.write.begin().await?;
    match delete_unreferenced_user(&mut tx, id).await {
        Ok(()) => Ok(tx.commit().await?),
        Err(error) => {
            tx.rollback().await?;
            Err(error)
        }
    }
}

/// The event log names actors without a foreign key, so it is checked here;
/// it has no index on actors, which a rare administrative act affords.
async fn delete_unreferenced_user(tx: &mut sqlx::Transaction<'_, super::Db>, id: UserId) -> StoreResult<()> {
    let in_use =
        || StoreError::Conflict("this user has tickets, articles or history; disable the account instead".into());
    let acted: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM events WHERE actor_id = $1)")
        .bind(id.0)
        .fetch_one(&mut **tx)
        .await?;
    if acted {
        return Err(in_use());
    }
    let deleted = sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .map_err(|error| match StoreError::from(error) {
            StoreError::Conflict(_) => in_use(),
            other => other,
        })?;
    if deleted.rows_affected() == 0 {
        return Err(StoreError::NotFound("user"));
    }
    Ok(())
}

pub async fn update_user(db: &SqlStore, id: UserId, patch: UserPatch) -> StoreResult<User> {
    let current = user(db, id).await?;
    let dn = patch.dn.unwrap_or(current.dn);
    let row: UserRow = sqlx::query_as(&format!(
        "UPDATE users SET name = $1, role = $2, dn = $3, disabled = $4, password_hash = $5 \
         WHERE id = $6 RETURNING {USER_COLUMNS}"
    ))
    .bind(patch.name.unwrap_or(current.name))
    .bind(patch.role.unwrap_or(current.role).as_str())
    .bind(dn)
    .bind(patch.disabled.unwrap_or(current.disabled))
    .bind(patch.password_hash.or(current.password_hash))
    .bind(id.0)
    .fetch_one(&db.write)
    .await?;
    row.into_user()
}

pub async fn create_api_token(
    db: &SqlStore,
    user: UserId,
    token_hash: &str,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(user.0)
        .bind(token_hash)
        .bind(Stamp(created_at))
        .bind(expires_at.map(Stamp))
        .execute(&db.write)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Expiring<T> {
    #[sqlx(flatten)]
    user: UserRow,
    expires_at: T,
}

/// The user owning a credential, with the credential's columns (its
/// expiry…); `{table}` is `api_tokens` or `sessions`. Built once: authentication runs it on every request.
fn credential_query(table: &str, credential_columns: &str) -> String {
    let columns = USER_COLUMNS
        .split(", ")
        .map(|c| format!("u.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {columns}, {credential_columns} FROM {table} k JOIN users u ON u.id = k.user_id WHERE k.token_hash = $1"
    )
}

static USER_BY_TOKEN: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| credential_query("api_tokens", "k.expires_at"));
static USER_BY_SESSION: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| credential_query("sessions", "k.expires_at, k.last_seen_at"));

pub async fn user_by_api_token(db: &SqlStore, token_hash: &str) -> StoreResult<Option<(User, Option<DateTime<Utc>>)>> {
    let row: Option<Expiring<Option<Stamp>>> = sqlx::query_as(&USER_BY_TOKEN)
        .bind(token_hash)
        .fetch_optional(&db.read)
        .await?;
    row.map(|r| Ok((r.user.into_user()?, r.expires_at.map(DateTime::from))))
        .transpose()
}

pub async fn create_session(
    db: &SqlStore,
    user: UserId,
    token_hash: &str,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)",
    )
    .bind(token_hash)
    .bind(user.0)
    .bind(Stamp(created_at))
    .bind(Stamp(expires_at))
    .execute(&db.write)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    expires_at: Stamp,
    last_seen_at: Stamp,
}

pub async fn user_by_session(db: &SqlStore, token_hash: &str) -> StoreResult<Option<SessionOwner>> {
    let row: Option<SessionRow> = sqlx::query_as(&USER_BY_SESSION)
        .bind(token_hash)
        .fetch_optional(&db.read)
        .await?;
    row.map(|r| {
        Ok(SessionOwner {
            user: r.user.into_user()?,
            expires_at: r.expires_at.0,
            last_seen_at: r.last_seen_at.0,
        })
    })
    .transpose()
}

/// Records that a session was used at `at`; never moves it back.
pub async fn touch_session(db: &SqlStore, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1")
        .bind(Stamp(at))
        .bind(token_hash)
        .execute(&db.write)
        .await?;
    Ok(())
}

pub async fn delete_session(db: &SqlStore, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&db.write)
        .await?;
    Ok(())
}

/// Sessions past their absolute end at `before`, or unused since before
/// `idle_since`, soonest ended first.
pub async fn expired_sessions(
    db: &SqlStore,
    before: DateTime<Utc>,
    idle_since: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT token_hash FROM sessions WHERE expires_at < $1 OR last_seen_at < $2 \
         ORDER BY expires_at LIMIT $3",
    )
    .bind(Stamp(before))
    .bind(Stamp(idle_since))
    .bind(limit)
    .fetch_all(&db.read)
    .await?)
}
