//! Typed identifiers, so a unit id is never taken for a site id.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A user account.
    UserId,
    /// A support unit.
    UnitId,
    /// A site (resource centre).
    SiteId,
    /// A virtual organisation (user community).
    VoId,
    /// A type of issue (area).
    IssueTypeId,
    /// A ticket's database identity.
    TicketId,
    /// An article of a ticket.
    ArticleId,
    /// A relation between two tickets.
    RelationId,
    /// A stored attachment.
    AttachmentId,
    /// A routing rule.
    RoutingRuleId,
    /// One change: every event a use case records in one transaction shares it.
    ChangeId,
    /// An entry of the parked events, for operators to retry.
    ParkedId,
    /// A proposed swap of rota shifts.
    SwapId,
    /// A calendar feed's secret address.
    FeedId,
    /// A knowledge-base answer (article).
    AnswerId,
    /// A category of the knowledge base.
    CategoryId,
    /// A link of the portal (FAQ, forum, documentation).
    PortalLinkId,
);

impl TicketId {
    /// The ticket that the change being built creates, before the store
    /// gives it its id: history entries, articles, attachments and events
    /// of that change refer to it so, and the store writes the real id.
    pub const NEW: TicketId = TicketId(0);
}

/// The number people quote ("ticket #100042"), derived from the id so it is
/// known as soon as the ticket exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketNumber(pub i64);

/// Ticket numbers start here, so they look like GGUS numbers and never like ids.
pub const TICKET_NUMBER_BASE: i64 = 100_000;

impl From<TicketId> for TicketNumber {
    fn from(id: TicketId) -> Self {
        Self(TICKET_NUMBER_BASE + id.0)
    }
}

impl TicketNumber {
    /// The ticket this number designates, if it is a valid number.
    pub fn ticket_id(self) -> Option<TicketId> {
        (self.0 > TICKET_NUMBER_BASE).then_some(TicketId(self.0 - TICKET_NUMBER_BASE))
    }
}

impl std::fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_to_ids() {
        let number = TicketNumber::from(TicketId(42));
        assert_eq!(number.0, 100_042);
        assert_eq!(number.ticket_id(), Some(TicketId(42)));
        assert_eq!(TicketNumber(12).ticket_id(), None);
    }
}
