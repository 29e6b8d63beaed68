//! Articles: the messages of a ticket's thread.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{ArticleId, TicketId, UserId};
use crate::label::labelled_enum;
use crate::role::Role;

labelled_enum! {
    /// What an article is.
    ArticleKind, field = "kind" {
        /// Seen by everyone who sees the ticket.
        PublicReply => "public reply",
        /// Supporters only.
        InternalNote => "internal note",
        /// The answer given when solving; sent to the submitter.
        Solution => "solution",
    }
}

impl ArticleKind {
    /// Whether someone with `role` may read articles of this kind.
    pub fn visible_to(self, role: Role) -> bool {
        self != ArticleKind::InternalNote || role.is_supporter()
    }
}

/// An article of a ticket's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Identity.
    pub id: ArticleId,
    /// The ticket it belongs to.
    pub ticket: TicketId,
    /// Public reply, internal note or solution.
    pub kind: ArticleKind,
    /// The text, verbatim.
    pub body: String,
    /// The HTML a mail came with, verbatim, besides its text; pages show
    /// it sanitised.
    pub html: Option<String>,
    /// Who wrote it; `None` for the system.
    pub author: Option<UserId>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_notes_are_for_supporters() {
        assert!(!ArticleKind::InternalNote.visible_to(Role::Requester));
        assert!(ArticleKind::InternalNote.visible_to(Role::Shifter));
        assert!(ArticleKind::Solution.visible_to(Role::Requester));
    }
}
