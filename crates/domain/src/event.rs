//! Domain events and history entries: what every change records, in the same
//! transaction as the change. Later channels (notifications, search indexing,
//! webhooks) consume the events.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{TicketId, UserId};
use crate::label::labelled_enum;

labelled_enum! {
    /// What happened.
    EventKind, field = "kind" {
        /// A ticket was opened.
        TicketCreated => "ticket.created",
        /// Fields of a ticket changed; the payload lists them.
        TicketUpdated => "ticket.updated",
        /// An article was added.
        ArticleAdded => "article.added",
        /// A relation was added.
        RelationAdded => "relation.added",
        /// A relation was removed.
        RelationRemoved => "relation.removed",
        /// A file was attached.
        AttachmentAdded => "attachment.added",
    }
}

/// A domain event, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainEvent {
    /// What happened.
    pub kind: EventKind,
    /// The ticket concerned.
    pub ticket: TicketId,
    /// Who did it; `None` for the system.
    pub actor: Option<UserId>,
    /// Details, e.g. the changed fields or the article id.
    pub payload: serde_json::Value,
}

/// One field's change, as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field, as the API names it.
    pub field: String,
    /// Value before, as text.
    pub old: Option<String>,
    /// Value after, as text.
    pub new: Option<String>,
}

/// The history field of a child's news logged on its parent. It mirrors an
/// internal note, and may name a private child, so only supporters see it.
pub const CHILD_FIELD: &str = "child";

impl FieldChange {
    /// Whether only supporters may read this change.
    pub fn is_for_supporters(&self) -> bool {
        self.field == CHILD_FIELD
    }

    /// A change of `field` from `old` to `new`.
    pub fn new(field: &str, old: Option<String>, new: Option<String>) -> Self {
        Self {
            field: field.to_owned(),
            old,
            new,
        }
    }
}

/// A stored history entry: who changed which field, when, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The ticket changed.
    pub ticket: TicketId,
    /// Who changed it; `None` for the system.
    pub actor: Option<UserId>,
    /// When.
    pub at: DateTime<Utc>,
    /// The change.
    #[serde(flatten)]
    pub change: FieldChange,
}

/// History entries for a set of changes made by one actor at one time.
pub fn history_of(
    ticket: TicketId,
    actor: Option<UserId>,
    at: DateTime<Utc>,
    changes: &[FieldChange],
) -> Vec<HistoryEntry> {
    changes
        .iter()
        .map(|change| HistoryEntry {
            ticket,
            actor,
            at,
            change: change.clone(),
        })
        .collect()
}

/// The `ticket.updated` event for a set of changes.
pub fn updated_event(ticket: TicketId, actor: Option<UserId>, changes: &[FieldChange]) -> DomainEvent {
    DomainEvent {
        kind: EventKind::TicketUpdated,
        ticket,
        actor,
        payload: serde_json::json!({ "changes": changes }),
    }
}
