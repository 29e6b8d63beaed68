//! Ticket use cases: one file per action.

mod cascade;
pub mod close;
pub mod create;
pub mod read;
pub mod relations;
pub mod route;
pub mod update;
pub mod write_article;

use chrono::{DateTime, Utc};

use guichet_domain::event::{FieldChange, history_of, updated_event};
use guichet_domain::ids::UserId;
use guichet_domain::update::Patched;
use guichet_store::{ChangeSet, StoreError, TicketWrite};

use crate::ServiceError;

/// How often a use case re-reads and re-applies after a concurrent change.
const ATTEMPTS: usize = 3;

/// Whether a failed commit is worth another attempt.
fn is_stale(error: &ServiceError) -> bool {
    matches!(error, ServiceError::Store(StoreError::Stale(_)))
}

/// Converts a commit error, keeping stale-version errors retryable.
fn commit_error(error: StoreError) -> ServiceError {
    match error {
        StoreError::Stale(_) => ServiceError::Store(error),
        other => other.into(),
    }
}

/// Adds a patched ticket, its history and its update event to a change set.
fn record(
    changes: &mut ChangeSet,
    before: &guichet_domain::ticket::Ticket,
    patched: Patched,
    actor: Option<UserId>,
    now: DateTime<Utc>,
) {
    if patched.changes.is_empty() {
        return;
    }
    changes
        .history
        .extend(history_of(before.id, actor, now, &patched.changes));
    changes.events.push(updated_event(before.id, actor, &patched.changes));
    changes.tickets.push(TicketWrite {
        before: before.clone(),
        after: patched.ticket,
    });
}

/// A history line that is not a field of the ticket itself (a child's solution, say).
fn note(changes: &mut ChangeSet, ticket: guichet_domain::ids::TicketId, field: &str, text: String, now: DateTime<Utc>) {
    changes.history.extend(history_of(
        ticket,
        None,
        now,
        &[FieldChange::new(field, None, Some(text))],
    ));
}
