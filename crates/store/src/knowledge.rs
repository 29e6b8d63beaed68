//! The knowledge base's and the portal's records: answers, categories,
//! portal links and the citations that tie tickets to them.
//!
//! An answer's search document is written in the transaction that writes
//! the answer (see [`crate::SearchDoc::Answer`]), so it is found as soon as
//! it is saved, and never after it is deleted.

use chrono::{DateTime, Utc};

use guichet_domain::ids::{CategoryId, TicketId, UnitId, UserId};
use guichet_domain::knowledge::{AnswerTexts, AnswerVisibility, Bilingual, CitationTarget, PortalLinkKind};

/// What an answer is made of, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerInput {
    /// Its category, if any.
    pub category: Option<CategoryId>,
    /// The unit whose FAQ it is part of, if any.
    pub unit: Option<UnitId>,
    /// Who may read it.
    pub visibility: AnswerVisibility,
    /// Its versions.
    pub texts: AnswerTexts,
}

/// A new answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnswer {
    /// What it is made of.
    pub input: AnswerInput,
    /// The ticket whose solution it promotes, if it does: the ticket then
    /// cites it, in the same transaction.
    pub source_ticket: Option<TicketId>,
    /// Who writes it.
    pub author: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// Which answers a list holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnswerFilter {
    /// Only this unit's FAQ.
    pub unit: Option<UnitId>,
    /// Only this category.
    pub category: Option<CategoryId>,
    /// Only public answers.
    pub public_only: bool,
}

/// A portal link's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalLinkInput {
    /// What it leads to.
    pub kind: PortalLinkKind,
    /// Where it leads.
    pub url: String,
    /// Its label.
    pub label: Bilingual,
    /// Its place in the list.
    pub position: i64,
}

/// A ticket's citation of an answer or a portal link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The citing ticket.
    pub ticket: TicketId,
    /// What it cites.
    pub target: CitationTarget,
    /// Who added the citation.
    pub created_by: UserId,
    /// When.
    pub created_at: DateTime<Utc>,
}
