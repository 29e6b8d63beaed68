//! Errors raised by domain rules.

use crate::status::Status;

/// A value that failed validation, with the field it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The input field at fault, as the API names it.
    pub field: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

impl ValidationError {
    /// A validation error on `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// A rule of the helpdesk that a requested change breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// A field value is malformed.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The status machine does not allow this move.
    #[error("a ticket cannot go from status \"{from}\" to \"{to}\"")]
    IllegalTransition {
        /// Current status.
        from: Status,
        /// Requested status.
        to: Status,
    },
    /// The actor's role does not allow this change.
    #[error("{0}")]
    Forbidden(String),
    /// The ticket no longer accepts changes of this kind.
    #[error("{0}")]
    Conflict(String),
}

impl DomainError {
    /// Shorthand for a validation error.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(ValidationError::new(field, message))
    }

    /// The input field at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Invalid(e) => Some(e.field),
            Self::IllegalTransition { .. } => Some("status"),
            Self::Forbidden(_) | Self::Conflict(_) => None,
        }
    }
}
