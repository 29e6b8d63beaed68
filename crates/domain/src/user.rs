//! User accounts, and when their credentials may be used.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ids::UserId;
use crate::role::Role;

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Identity.
    pub id: UserId,
    /// Login and notification address, unique, lower-case.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Certificate DN, if known.
    pub dn: Option<String>,
    /// A disabled account cannot authenticate.
    pub disabled: bool,
    /// Argon2 hash of the password, if the account has one.
    #[serde(skip)]
    pub password_hash: Option<String>,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
}

impl User {
    /// Why a credential of this account (`what`: a token, a session) that
    /// expires at `expires_at` may not be used at `now`; `None` if it may.
    /// A disabled account's credentials all stop working at once.
    pub fn credential_refusal(
        &self,
        expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        what: &str,
    ) -> Option<String> {
        if self.disabled {
            return Some("this account is disabled".into());
        }
        expires_at
            .is_some_and(|at| at <= now)
            .then(|| format!("this {what} has expired; sign in again"))
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn account(disabled: bool) -> User {
        User {
            id: UserId(1),
            email: "ana@example.org".into(),
            name: "Ana".into(),
            role: Role::Supporter,
            dn: None,
            disabled,
            password_hash: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn credentials_work_until_they_expire_or_the_account_is_disabled() {
        let now = Utc::now();
        let later = Some(now + Duration::minutes(1));
        assert_eq!(account(false).credential_refusal(later, now, "token"), None);
        assert_eq!(account(false).credential_refusal(None, now, "token"), None, "no expiry");
        let expired = account(false).credential_refusal(Some(now), now, "session");
        assert_eq!(expired.as_deref(), Some("this session has expired; sign in again"));
        let disabled = account(true).credential_refusal(later, now, "token");
        assert_eq!(disabled.as_deref(), Some("this account is disabled"));
    }
}
