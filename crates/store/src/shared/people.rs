//! What people choose and follow: preferences and subscriptions; and the
//! counts of failed sign-ins that throttle guessing.

use chrono::{DateTime, Utc};

use guichet_domain::ids::{TicketId, UserId};
use guichet_domain::preferences::{Language, Preferences, TimeZone};
use guichet_domain::ticket::NotificationMode;

use super::SqlStore;
use crate::{FailureCount, Stamp, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct PreferencesRow {
    language: Option<String>,
    time_zone: String,
    notification_mode: String,
}

impl PreferencesRow {
    fn into_preferences(self) -> StoreResult<Preferences> {
        let corrupt = |e: guichet_domain::ValidationError| StoreError::Corrupt(e.to_string());
        Ok(Preferences {
            language: self
                .language
                .as_deref()
                .map(Language::parse)
                .transpose()
                .map_err(corrupt)?,
            time_zone: TimeZone::parse(&self.time_zone).map_err(corrupt)?,
            notification_mode: NotificationMode::parse(&self.notification_mode).map_err(corrupt)?,
        })
    }
}

pub async fn preferences(db: &SqlStore, user: UserId) -> StoreResult<Preferences> {
    let row: Option<PreferencesRow> =
        sqlx::query_as("SELECT language, time_zone, notification_mode FROM user_preferences WHERE user_id = $1")
            .bind(user.0)
            .fetch_optional(&db.read)
            .await?;
    row.map_or(Ok(Preferences::default()), PreferencesRow::into_preferences)
}

pub async fn set_preferences(db: &SqlStore, user: UserId, preferences: &Preferences) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO user_preferences (user_id, language, time_zone, notification_mode) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, time_zone = excluded.time_zone, \
         notification_mode = excluded.notification_mode",
    )
    .bind(user.0)
    .bind(preferences.language.map(Language::as_str))
    .bind(preferences.time_zone.name())
    .bind(preferences.notification_mode.as_str())
    .execute(&db.write)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::NotFound("user"),
        other => other,
    })?;
    Ok(())
}

pub async fn subscribe(db: &SqlStore, ticket: TicketId, user: UserId, at: DateTime<Utc>) -> StoreResult<bool> {
    let added = sqlx::query(
        "INSERT INTO subscriptions (ticket_id, user_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (ticket_id, user_id) DO NOTHING",
    )
    .bind(ticket.0)
    .bind(user.0)
    .bind(Stamp(at))
    .execute(&db.write)
    .await?;
    Ok(added.rows_affected() == 1)
}

pub async fn unsubscribe(db: &SqlStore, ticket: TicketId, user: UserId) -> StoreResult<bool> {
    let removed = sqlx::query("DELETE FROM subscriptions WHERE ticket_id = $1 AND user_id = $2")
        .bind(ticket.0)
        .bind(user.0)
        .execute(&db.write)
        .await?;
    Ok(removed.rows_affected() == 1)
}

pub async fn subscribers(db: &SqlStore, ticket: TicketId) -> StoreResult<Vec<UserId>> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM subscriptions WHERE ticket_id = $1 ORDER BY user_id")
        .bind(ticket.0)
        .fetch_all(&db.read)
        .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

pub async fn subscriptions(db: &SqlStore, user: UserId) -> StoreResult<Vec<TicketId>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT ticket_id FROM subscriptions WHERE user_id = $1 ORDER BY ticket_id DESC")
            .bind(user.0)
            .fetch_all(&db.read)
            .await?;
    Ok(ids.into_iter().map(TicketId).collect())
}

#[derive(sqlx::FromRow)]
struct FailureRow {
    failures: i64,
    window_start: Stamp,
}

impl From<FailureRow> for FailureCount {
    fn from(row: FailureRow) -> Self {
        Self {
            failures: row.failures,
            window_start: row.window_start.0,
        }
    }
}

/// Counts one failure under `key` at `at`, in one statement so that nodes
/// failing together each count: a window that began before
/// `window_since` starts again at `at`.
pub async fn count_sign_in_failure(
    db: &SqlStore,
    key: &str,
    at: DateTime<Utc>,
    window_since: DateTime<Utc>,
) -> StoreResult<FailureCount> {
    let row: FailureRow = sqlx::query_as(
        "INSERT INTO sign_in_failures (key, failures, window_start) VALUES ($1, 1, $2) \
         ON CONFLICT (key) DO UPDATE SET \
         failures = CASE WHEN sign_in_failures.window_start < $3 THEN 1 ELSE sign_in_failures.failures + 1 END, \
         window_start = CASE WHEN sign_in_failures.window_start < $3 THEN $2 ELSE sign_in_failures.window_start END \
         RETURNING CAST(failures AS BIGINT) AS failures, window_start",
    )
    .bind(key)
    .bind(Stamp(at))
    .bind(Stamp(window_since))
    .fetch_one(&db.write)
    .await?;
    Ok(row.into())
}

pub async fn sign_in_failures(db: &SqlStore, key: &str) -> StoreResult<Option<FailureCount>> {
    let row: Option<FailureRow> = sqlx::query_as(
        "SELECT CAST(failures AS BIGINT) AS failures, window_start FROM sign_in_failures WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(FailureCount::from))
}

pub async fn clear_sign_in_failures(db: &SqlStore, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(key)
        .execute(&db.write)
        .await?;
    Ok(())
}

pub async fn forget_sign_in_failures(db: &SqlStore, before: DateTime<Utc>) -> StoreResult<u64> {
    let removed = sqlx::query("DELETE FROM sign_in_failures WHERE window_start < $1")
        .bind(Stamp(before))
        .execute(&db.write)
        .await?;
    Ok(removed.rows_affected())
}
