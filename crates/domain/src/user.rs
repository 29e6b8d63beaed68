//! User accounts, and when their credentials may be used.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::actor::Actor;
use crate::error::DomainError;
use crate::ids::UserId;
use crate::role::Role;

/// What an administrator does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    /// Changes it: a new role, or enabling or disabling it.
    Update {
        /// The new role, if it changes.
        role: Option<Role>,
        /// `Some(true)` disables the account.
        disabled: Option<bool>,
    },
    /// Deletes it.
    Delete,
}

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

impl User {}

impl Actor {
    /// Refuses what would lock this administrator out: deleting or
    /// disabling their own account, or taking away their own admin role.
    /// Another administrator must do it, so one is always left to undo it.
    /// The system has no account of its own to lose.
    pub fn check_account_change(&self, target: UserId, change: AccountChange) -> Result<(), DomainError> {
        let Actor::User { id, role } = self else {
            return Ok(());
        };
        if *id != target {
            return Ok(());
        }
        let refusal = match change {
            AccountChange::Delete => "you cannot delete your own account",
            AccountChange::Update {
                disabled: Some(true), ..
            } => "you cannot disable your own account; ask another administrator",
            AccountChange::Update { role: Some(new), .. } if role.is_admin() && !new.is_admin() => {
                "you cannot take away your own admin role; ask another administrator"
            }
            AccountChange::Update { .. } => return Ok(()),
        };
        Err(DomainError::Conflict(refusal.into()))
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

    #[test]
    fn administrators_cannot_lock_themselves_out() {
        let admin = Actor::user(UserId(1), Role::Admin);
        let demote = AccountChange::Update {
            role: Some(Role::Coordinator),
            disabled: None,
        };
        let disable = AccountChange::Update {
            role: None,
            disabled: Some(true),
        };
        for change in [demote, disable, AccountChange::Delete] {
            let refused = admin.check_account_change(UserId(1), change);
            assert!(matches!(refused, Err(DomainError::Conflict(_))), "{change:?}");
            assert!(
                admin.check_account_change(UserId(2), change).is_ok(),
                "another's {change:?}"
            );
        }
        let harmless = AccountChange::Update {
            role: Some(Role::Admin),
            disabled: Some(false),
        };
        assert!(admin.check_account_change(UserId(1), harmless).is_ok());
        assert!(
            Actor::system("command line")
                .check_account_change(UserId(1), AccountChange::Delete)
                .is_ok()
        );
    }
}
