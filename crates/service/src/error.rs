//! Errors of the use cases. Channels map these to their own terms (HTTP
//! statuses in `guichet-api`'s error module, bounce reasons for mail).

use guichet_domain::{DomainError, ValidationError};
use guichet_store::StoreError;

/// Why a use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Bad input; `field` names it.
    #[error("{message}")]
    Invalid {
        /// The input field at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// No credentials, or bad ones.
    #[error("{0}")]
    Unauthenticated(String),
    /// Authenticated, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// It does not exist, or the caller may not know it exists.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The current state forbids the change.
    #[error("{0}")]
    Conflict(String),
    /// A rule refuses the action now; `field` names what is refused and
    /// `message` says why, and when it becomes possible if it will (an
    /// escalation too soon after the last one, say).
    #[error("{message}")]
    Refused {
        /// What is refused.
        field: &'static str,
        /// Why, for a person.
        message: String,
    },
    /// Too many failed sign-ins: refused until then.
    #[error("too many failed sign-ins; try again after {0}")]
    Throttled(chrono::DateTime<chrono::Utc>),
    /// The payload is over a configured limit.
    #[error("{0}")]
    TooLarge(String),
    /// A verify or reopen link that does not work; nothing changed.
    #[error("{0}")]
    Link(guichet_domain::deadlines::LinkRefusal),
    /// Storage failed.
    #[error(transparent)]
    Store(StoreError),
    /// Something failed that no input could have caused (a worker thread
    /// gone, say).
    #[error("{0}")]
    Internal(String),
}

/// Result of use cases.
pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    /// Shorthand for invalid input.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl From<ValidationError> for ServiceError {
    fn from(e: ValidationError) -> Self {
        Self::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

impl From<DomainError> for ServiceError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(v) => v.into(),
            DomainError::IllegalTransition { .. } => Self::Invalid {
                field: "status",
                message: e.to_string(),
            },
            DomainError::Forbidden(m) => Self::Forbidden(m),
            DomainError::Conflict(m) => Self::Conflict(m),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::NotFound(what),
            StoreError::Conflict(m) | StoreError::Stale(m) => Self::Conflict(m),
            other => Self::Store(other),
        }
    }
}
