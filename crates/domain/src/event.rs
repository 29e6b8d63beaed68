//! Domain events and history entries: what every change records, in the same
//! transaction as the change. Consumers (notifications, search indexing,
//! webhooks) read the events; people read the history.
//!
//! Every event is made here, by the functions below, and only the service
//! calls them while it builds a change: the store writes events, it never
//! invents them. Where an event names a row the same change creates (an
//! article, a relation, an attachment), the event says which one
//! ([`NewRow`]) and the store writes that row's id into the payload.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::actor::Author;
use crate::article::ArticleKind;
use crate::deadlines::Reminder;
use crate::ids::{RelationId, SiteId, SwapId, TicketId};
use crate::label::labelled_enum;
use crate::relation::RelationKind;
use crate::rota::{SwapProposal, SwapState, Week};
use crate::ticket::Ticket;

labelled_enum! {
    /// What happened.
    EventKind, field = "kind" {
        /// A ticket was opened.
        TicketCreated => "ticket.created",
        /// A historical ticket was imported from a mailing-list archive,
        /// closed already; the payload counts its messages and names the
        /// list. Nobody is notified of it.
        TicketImported => "ticket.imported",
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
        /// Expired web sessions were deleted; the payload counts them.
        SessionsPurged => "sessions.purged",
        /// A ticket's deadline was reached; the payload is the
        /// [`Reminder`] its people hear.
        DeadlineReached => "ticket.deadline",
        /// Shifts of the rota changed (generated, swapped, overridden);
        /// the payload names the weeks and the sites concerned.
        RotaChanged => "rota.changed",
        /// A site proposed a swap of shifts to another.
        SwapProposed => "rota.swap.proposed",
        /// A proposed swap was accepted, declined or withdrawn.
        SwapDecided => "rota.swap.decided",
        /// Shifts handed over: the payload names the week that ends, the
        /// one that begins, who of each team hears of it and the open
        /// first-level tickets, for the handover digest.
        RotaHandover => "rota.handover",
    }
}

/// A row created by the same change, by its position in the change's list
/// of such rows, whose id the store writes into the event's payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewRow {
    /// The change's n-th new article; its id goes under `"article"`.
    Article(usize),
    /// The change's n-th new relation; its id goes under `"relation"`.
    Relation(usize),
    /// The change's n-th new attachment; its id goes under `"attachment"`.
    Attachment(usize),
    /// The change's n-th new swap proposal; its id goes under `"swap"`.
    Swap(usize),
}

impl NewRow {
    /// The payload key that receives the row's id.
    pub fn key(self) -> &'static str {
        match self {
            Self::Article(_) => "article",
            Self::Relation(_) => "relation",
            Self::Attachment(_) => "attachment",
            Self::Swap(_) => "swap",
        }
    }
}

/// A domain event, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainEvent {
    /// What happened.
    pub kind: EventKind,
    /// The ticket concerned, if any ([`TicketId::NEW`] for the ticket the
    /// change creates); accounts, the rota and the knowledge base have events
    /// without one.
    pub ticket: Option<TicketId>,
    /// Who did it.
    pub author: Author,
    /// Details, e.g. the changed fields or the article id.
    pub payload: serde_json::Value,
    /// The new row whose id the store adds to the payload, if any.
    pub fills: Option<NewRow>,
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

/// The history field of a notification that could not be delivered: the
/// address and why. Addresses are for supporters only.
pub const DELIVERY_FAILED_FIELD: &str = "delivery_failed";

impl FieldChange {
    /// Whether only supporters may read this change.
    pub fn is_for_supporters(&self) -> bool {
        self.field == CHILD_FIELD || self.field == DELIVERY_FAILED_FIELD
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
    /// Who changed it.
    pub author: Author,
    /// When.
    pub at: DateTime<Utc>,
    /// The change.
    #[serde(flatten)]
    pub change: FieldChange,
}

/// History entries for a set of changes made by one author at one time.
pub fn history_of(ticket: TicketId, author: &Author, at: DateTime<Utc>, changes: &[FieldChange]) -> Vec<HistoryEntry> {
    changes
        .iter()
        .map(|change| HistoryEntry {
            ticket,
            author: author.clone(),
            at,
            change: change.clone(),
        })
        .collect()
}

fn event(kind: EventKind, ticket: Option<TicketId>, author: &Author, payload: serde_json::Value) -> DomainEvent {
    DomainEvent {
        kind,
        ticket,
        author: author.clone(),
        payload,
        fills: None,
    }
}

/// `ticket.created`, for the ticket the change creates.
pub fn created_event(ticket: &Ticket, author: &Author) -> DomainEvent {
    let payload = serde_json::json!({ "unit": ticket.unit, "status": ticket.status, "priority": ticket.priority });
    event(EventKind::TicketCreated, Some(TicketId::NEW), author, payload)
}

/// `ticket.imported`: the historical ticket the change creates, made of
/// `messages` messages of the archive of `list`.
pub fn imported_event(author: &Author, messages: usize, list: Option<&str>) -> DomainEvent {
    let payload = serde_json::json!({ "messages": messages, "list": list });
    event(EventKind::TicketImported, Some(TicketId::NEW), author, payload)
}

/// `ticket.updated`, listing the changed fields.
pub fn updated_event(ticket: TicketId, author: &Author, changes: &[FieldChange]) -> DomainEvent {
    let payload = serde_json::json!({ "changes": changes });
    event(EventKind::TicketUpdated, Some(ticket), author, payload)
}

/// `ticket.deadline`: `reminder` for the people of `ticket`.
pub fn deadline_event(ticket: TicketId, author: &Author, reminder: Reminder) -> DomainEvent {
    let payload = serde_json::to_value(reminder).unwrap_or_default();
    event(EventKind::DeadlineReached, Some(ticket), author, payload)
}

/// The reminder a `ticket.deadline` event carries, if it is one.
pub fn reminder_of(kind: EventKind, payload: &serde_json::Value) -> Option<Reminder> {
    (kind == EventKind::DeadlineReached)
        .then(|| serde_json::from_value(payload.clone()).ok())
        .flatten()
}

/// `article.added`, for the change's article number `index`.
pub fn article_event(ticket: TicketId, author: &Author, index: usize, kind: ArticleKind) -> DomainEvent {
    DomainEvent {
        fills: Some(NewRow::Article(index)),
        ..event(
            EventKind::ArticleAdded,
            Some(ticket),
            author,
            serde_json::json!({ "kind": kind }),
        )
    }
}

/// `attachment.added`, for the change's attachment number `index`.
pub fn attachment_event(ticket: TicketId, author: &Author, index: usize, filename: &str) -> DomainEvent {
    DomainEvent {
        fills: Some(NewRow::Attachment(index)),
        ..event(
            EventKind::AttachmentAdded,
            Some(ticket),
            author,
            serde_json::json!({ "filename": filename }),
        )
    }
}

/// `relation.added` on both tickets, for the change's relation number `index`.
pub fn relation_added_events(
    kind: RelationKind,
    (from, to): (TicketId, TicketId),
    author: &Author,
    index: usize,
) -> [DomainEvent; 2] {
    let payload = serde_json::json!({ "kind": kind, "from": from, "to": to });
    [from, to].map(|ticket| DomainEvent {
        fills: Some(NewRow::Relation(index)),
        ..event(EventKind::RelationAdded, Some(ticket), author, payload.clone())
    })
}

/// `relation.removed` on both tickets.
pub fn relation_removed_events(
    relation: RelationId,
    kind: RelationKind,
    (from, to): (TicketId, TicketId),
    author: &Author,
) -> [DomainEvent; 2] {
    let payload = serde_json::json!({ "relation": relation, "kind": kind, "from": from, "to": to });
    [from, to].map(|ticket| event(EventKind::RelationRemoved, Some(ticket), author, payload.clone()))
}

/// `sessions.purged`: `count` expired sessions were deleted. No ticket.
pub fn sessions_purged_event(author: &Author, count: usize, expired_before: DateTime<Utc>) -> DomainEvent {
    let payload = serde_json::json!({ "count": count, "expired_before": expired_before });
    event(EventKind::SessionsPurged, None, author, payload)
}

/// `rota.changed`: the shifts of `weeks` changed, for `action`
/// (`generated`, `swap`, `override`); `sites` are those that gained or
/// lost a shift, who hear of it. No ticket.
pub fn rota_changed_event(author: &Author, action: &str, weeks: &[Week], sites: &[SiteId]) -> DomainEvent {
    let payload = serde_json::json!({ "action": action, "weeks": weeks, "sites": sites });
    event(EventKind::RotaChanged, None, author, payload)
}

/// `rota.swap.proposed`, for the change's swap number `index`, between
/// `sites` (the proposing site first), with the proposer's note.
pub fn swap_proposed_event(author: &Author, index: usize, proposal: &SwapProposal, note: Option<&str>) -> DomainEvent {
    let payload = serde_json::json!({ "proposal": proposal, "sites": proposal.sites(), "note": note });
    DomainEvent {
        fills: Some(NewRow::Swap(index)),
        ..event(EventKind::SwapProposed, None, author, payload)
    }
}

/// `rota.swap.decided`: swap `swap` between its sites became `state`.
pub fn swap_decided_event(author: &Author, swap: SwapId, proposal: &SwapProposal, state: SwapState) -> DomainEvent {
    let payload = serde_json::json!({ "swap": swap, "state": state, "proposal": proposal, "sites": proposal.sites() });
    event(EventKind::SwapDecided, None, author, payload)
}

/// What the handover digest of one handover tells: the week that ends and
/// the one that begins, the people on duty in each (who hear of it) and
/// the open first-level tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverDigest {
    /// The week that ends.
    pub outgoing_week: Week,
    /// The week that begins.
    pub incoming_week: Week,
    /// The outgoing team: the people on duty in the week that ends.
    pub outgoing: Vec<crate::ids::UserId>,
    /// The incoming team: the people on duty in the week that begins.
    pub incoming: Vec<crate::ids::UserId>,
    /// The open tickets of the first-level unit, oldest first.
    pub tickets: Vec<TicketId>,
}

/// `rota.handover`: the digest of one handover. No ticket.
pub fn handover_event(author: &Author, digest: &HandoverDigest) -> DomainEvent {
    let payload = serde_json::to_value(digest).unwrap_or_default();
    event(EventKind::RotaHandover, None, author, payload)
}

/// The digest a `rota.handover` event carries, if it is one.
pub fn handover_of(kind: EventKind, payload: &serde_json::Value) -> Option<HandoverDigest> {
    (kind == EventKind::RotaHandover)
        .then(|| serde_json::from_value(payload.clone()).ok())
        .flatten()
}

/// The sites a rota event concerns, who hear of it.
pub fn rota_event_sites(kind: EventKind, payload: &serde_json::Value) -> Vec<SiteId> {
    if !matches!(
        kind,
        EventKind::RotaChanged | EventKind::SwapProposed | EventKind::SwapDecided
    ) {
        return Vec::new();
    }
    serde_json::from_value(payload["sites"].clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    #[test]
    fn events_of_new_rows_say_which_row_fills_them() {
        let author = Author::user(UserId(3));
        let added = article_event(TicketId(9), &author, 2, ArticleKind::InternalNote);
        assert_eq!(added.fills, Some(NewRow::Article(2)));
        assert_eq!(added.fills.map(NewRow::key), Some("article"));
        let both = relation_added_events(RelationKind::ParentChild, (TicketId(1), TicketId(2)), &author, 0);
        assert_eq!(both.clone().map(|e| e.ticket), [Some(TicketId(1)), Some(TicketId(2))]);
        assert!(both.iter().all(|e| e.fills == Some(NewRow::Relation(0))));
    }

    #[test]
    fn some_events_concern_no_ticket() {
        let purged = sessions_purged_event(&Author::system("session purge"), 4, DateTime::UNIX_EPOCH);
        assert_eq!(purged.ticket, None);
        assert_eq!(purged.payload["count"], 4);
        assert_eq!(purged.author.reason.as_deref(), Some("session purge"));
    }

    #[test]
    fn rota_events_name_the_sites_that_hear_of_them() {
        let proposal = SwapProposal::GiveAway {
            from: SiteId(4),
            week: Week(chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()),
            to: SiteId(7),
        };
        let author = Author::user(UserId(1));
        let proposed = swap_proposed_event(&author, 0, &proposal, Some("holidays"));
        assert_eq!(proposed.payload["note"], "holidays");
        assert_eq!(proposed.fills, Some(NewRow::Swap(0)));
        assert_eq!(
            rota_event_sites(proposed.kind, &proposed.payload),
            [SiteId(4), SiteId(7)]
        );
        let decided = swap_decided_event(&author, SwapId(3), &proposal, SwapState::Accepted);
        assert_eq!(decided.payload["state"], "accepted");
        let changed = rota_changed_event(&author, "generated", &[], &[SiteId(2)]);
        assert_eq!(rota_event_sites(changed.kind, &changed.payload), [SiteId(2)]);
        assert!(rota_event_sites(EventKind::TicketCreated, &changed.payload).is_empty());
    }

    #[test]
    fn a_handover_event_carries_its_digest() {
        let week = Week(chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
        let digest = HandoverDigest {
            outgoing_week: week.previous(),
            incoming_week: week,
            outgoing: vec![UserId(1)],
            incoming: vec![UserId(2), UserId(3)],
            tickets: vec![TicketId(9)],
        };
        let event = handover_event(&Author::system("handover"), &digest);
        assert_eq!(event.ticket, None);
        assert_eq!(handover_of(event.kind, &event.payload), Some(digest));
        assert_eq!(handover_of(EventKind::RotaChanged, &event.payload), None);
    }
}
