//! The search index's records: what a search asks and what it finds.
//!
//! The index holds one document per ticket (its subject as title; its
//! description, replies and solutions as body) and one for a ticket's
//! internal notes, if it has any (its subject, and the notes), and one per
//! knowledge-base answer (its titles, and its bodies). Documents
//! are written in the transaction that changes their text, by
//! [`crate::Store::commit`] and by the bulk loader, so a change is found
//! as soon as it is committed.

use chrono::{DateTime, Utc};

use guichet_domain::ids::{AnswerId, IssueTypeId, SiteId, TicketId, UnitId, UserId, VoId};
use guichet_domain::priority::Priority;
use guichet_domain::search::MatchQuery;
use guichet_domain::status::Status;

use crate::PageRequest;

/// The first index id of answers' documents: tickets' ids stay far
/// below half of it.
pub const ANSWER_DOCS: i64 = 1 << 50;

/// A document of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchDoc {
    /// A ticket's subject, description, replies and solutions.
    Ticket(TicketId),
    /// A ticket's internal notes (supporters only).
    Notes(TicketId),
    /// A knowledge-base answer's titles and bodies (internal ones for
    /// supporters only).
    Answer(AnswerId),
}

impl SearchDoc {
    /// The ticket the document belongs to, if it is a ticket's.
    pub fn ticket(self) -> Option<TicketId> {
        match self {
            Self::Ticket(id) | Self::Notes(id) => Some(id),
            Self::Answer(_) => None,
        }
    }

    /// The document's id in the index: twice the ticket's id, plus one for
    /// the notes; [`ANSWER_DOCS`] plus the answer's id for an answer. Ids
    /// grow with the tickets, so the index reads newest first.
    pub fn id(self) -> i64 {
        match self {
            Self::Ticket(id) => id.0 * 2,
            Self::Notes(id) => id.0 * 2 + 1,
            Self::Answer(id) => ANSWER_DOCS + id.0,
        }
    }

    /// The document of an index id.
    pub fn from_id(id: i64) -> Self {
        if id >= ANSWER_DOCS {
            return Self::Answer(AnswerId(id - ANSWER_DOCS));
        }
        let ticket = TicketId(id / 2);
        if id % 2 == 0 {
            Self::Ticket(ticket)
        } else {
            Self::Notes(ticket)
        }
    }
}

/// Who searches: what they may find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchViewer {
    /// Supporters (and the system) find every ticket, internal notes and
    /// internal answers.
    Supporter,
    /// A requester finds public tickets and their own, and public answers;
    /// never notes.
    Requester(UserId),
    /// Someone not signed in finds public tickets and public answers only.
    Public,
}

/// Filters on the tickets found. Answers are found only when no filter
/// but the unit is set, and then only the unit's FAQ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// Only these statuses (any of them).
    pub statuses: Vec<Status>,
    /// Only this responsible unit.
    pub unit: Option<UnitId>,
    /// Only this affected site.
    pub site: Option<SiteId>,
    /// Only this VO.
    pub vo: Option<VoId>,
    /// Only this type of issue.
    pub issue_type: Option<IssueTypeId>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only tickets opened at or after this time.
    pub opened_from: Option<DateTime<Utc>>,
    /// Only tickets opened before this time.
    pub opened_until: Option<DateTime<Utc>>,
    /// Only solved cases: tickets solved, verified or closed, not with an
    /// unsolved qualifier (duplicate, invalid, won't fix, no reply), and
    /// only their public document.
    pub solved_cases: bool,
    /// Never this ticket (the one similar cases are looked for).
    pub except: Option<TicketId>,
}

/// A search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// What to match.
    pub query: MatchQuery,
    /// Tickets the query names by number, found first if the viewer may
    /// see them and the filter keeps them.
    pub numbered: Vec<TicketId>,
    /// Filters on the tickets.
    pub filter: SearchFilter,
    /// Who searches.
    pub viewer: SearchViewer,
    /// Which page.
    pub page: PageRequest,
    /// How much each clause of `query` weighs in the ranking, for
    /// backends whose ranking does not weigh rare words above common ones
    /// (PostgreSQL's `ts_rank`); empty, every clause weighs the same.
    pub weights: Vec<f64>,
    /// If set (and not zero), only the documents matching one of the first
    /// this many clauses of `query` are found, and the later clauses only weigh in
    /// their ranking where the backend weighs clauses (see `weights`).
    pub matched_by: Option<usize>,
}

impl SearchRequest {
    /// The query documents must match: `query`, or its first
    /// `matched_by` clauses.
    pub fn matching(&self) -> std::borrow::Cow<'_, MatchQuery> {
        match self.matched_by {
            Some(n) if n > 0 && n < self.query.clauses.len() => std::borrow::Cow::Owned(MatchQuery {
                clauses: self.query.clauses[..n].to_vec(),
            }),
            _ => std::borrow::Cow::Borrowed(&self.query),
        }
    }
}

/// A solved case found like a text, with its solution.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarHit {
    /// The case, as a search finds it.
    pub hit: SearchHit,
    /// Its last solution, or `None` if it has none.
    pub solution: Option<String>,
}

/// A document found, with the texts its snippet is taken from.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The document.
    pub doc: SearchDoc,
    /// Its relevance (higher is better); a ticket named by its number
    /// scores above every match.
    pub score: f64,
    /// Its title: the ticket's subject, or the answer's English title
    /// (its French one if it has none).
    pub title: String,
    /// Its texts, in order: the description then the replies and
    /// solutions, or the notes; an answer's other title then its bodies.
    pub texts: Vec<String>,
}

impl SearchFilter {
    /// Whether a filter that only tickets have is set: answers are then
    /// left out.
    pub fn tickets_only(&self) -> bool {
        !self.statuses.is_empty()
            || self.site.is_some()
            || self.vo.is_some()
            || self.issue_type.is_some()
            || self.priority.is_some()
            || self.opened_from.is_some()
            || self.opened_until.is_some()
    }
}
