//! Who acts: a signed-in user, or the system itself with the reason it acts
//! (the worker's timers, cascades between related tickets, the mail gateway,
//! the rota). Every use case takes an [`Actor`]; history entries and events
//! record its [`Author`], so history shows who did what, and why the system did.

use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::role::Role;
use crate::ticket::Ticket;

/// Who makes a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A person, with the role their account has.
    User {
        /// The account.
        id: UserId,
        /// Its role.
        role: Role,
    },
    /// The system, for the reason given (e.g. "session purge").
    System {
        /// Why the system acts, as history shows it.
        reason: String,
    },
}

impl Actor {
    /// A user with a role.
    pub fn user(id: UserId, role: Role) -> Self {
        Self::User { id, role }
    }

    /// The system, acting for `reason`.
    pub fn system(reason: impl Into<String>) -> Self {
        Self::System { reason: reason.into() }
    }

    /// The acting user, or `None` for the system.
    pub fn user_id(&self) -> Option<UserId> {
        match self {
            Self::User { id, .. } => Some(*id),
            Self::System { .. } => None,
        }
    }

    /// The role the rules apply: the system acts with an administrator's rights.
    pub fn role(&self) -> Role {
        match self {
            Self::User { role, .. } => *role,
            Self::System { .. } => Role::Admin,
        }
    }

    /// Whether this is the system.
    pub fn is_system(&self) -> bool {
        matches!(self, Self::System { .. })
    }

    /// Whether the actor submitted `ticket`.
    pub fn is_submitter_of(&self, ticket: &Ticket) -> bool {
        self.user_id() == Some(ticket.submitter)
    }

    /// How history and events record this actor.
    pub fn author(&self) -> Author {
        match self {
            Self::User { id, .. } => Author::user(*id),
            Self::System { reason } => Author::system(reason.clone()),
        }
    }
}

/// The author of a history entry or an event, as stored: a user, or the
/// system with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Author {
    /// The user, or `None` for the system.
    pub user: Option<UserId>,
    /// Why the system acted; `None` for users.
    pub reason: Option<String>,
}

impl Author {
    /// A user.
    pub fn user(id: UserId) -> Self {
        Self {
            user: Some(id),
            reason: None,
        }
    }

    /// The system, for `reason`.
    pub fn system(reason: impl Into<String>) -> Self {
        Self {
            user: None,
            reason: Some(reason.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_acts_as_an_administrator_and_records_its_reason() {
        let system = Actor::system("session purge");
        assert!(system.is_system());
        assert_eq!(system.role(), Role::Admin);
        assert_eq!(system.user_id(), None);
        assert_eq!(system.author(), Author::system("session purge"));
    }

    #[test]
    fn a_user_is_recorded_by_id() {
        let user = Actor::user(UserId(7), Role::Shifter);
        assert!(!user.is_system());
        assert_eq!(user.role(), Role::Shifter);
        assert_eq!(user.author(), Author::user(UserId(7)));
    }
}
