//! Records the store reads and writes, beyond the domain entities.

use chrono::{DateTime, Utc};
use serde::Serialize;

use guichet_domain::article::ArticleKind;
use guichet_domain::event::{DomainEvent, EventKind, HistoryEntry};
use guichet_domain::ids::{ArticleId, AttachmentId, RelationId, SiteId, TicketId, UnitId, UserId, VoId};
use guichet_domain::priority::Priority;
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::relation::RelationKind;
use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;

pub use guichet_domain::user::User;

/// A new user account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Address, already validated and lower-cased.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Certificate DN.
    pub dn: Option<String>,
    /// Argon2 hash of the password.
    pub password_hash: Option<String>,
}

/// Changes to a user account; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    /// New display name.
    pub name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// New DN, or none.
    pub dn: Option<Option<String>>,
    /// Enable or disable.
    pub disabled: Option<bool>,
    /// New password hash.
    pub password_hash: Option<String>,
}

/// A support unit to create or replace.
#[derive(Debug, Clone)]
pub struct UnitInput {
    /// Name, unique.
    pub name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Quality-of-support level.
    pub qos_level: QosLevel,
    /// Mail address.
    pub email: Option<String>,
    /// Members.
    pub members: Vec<UserId>,
}

/// A site to create or replace. Creating one creates its own unit.
#[derive(Debug, Clone)]
pub struct SiteInput {
    /// Name, unique.
    pub name: String,
    /// National grid initiative.
    pub ngi: Option<String>,
}

/// The submitter as shown on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Identity.
    pub id: UserId,
    /// Name.
    pub name: String,
    /// Address.
    pub email: String,
    /// Certificate DN.
    pub dn: Option<String>,
}

/// A ticket with its submitter's details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketView {
    /// The ticket.
    pub ticket: Ticket,
    /// Who submitted it.
    pub submitter: Person,
}

/// Filters for listing tickets. Every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    /// Only these statuses (any of them).
    pub statuses: Vec<Status>,
    /// Only this responsible unit.
    pub unit: Option<UnitId>,
    /// Only this affected site.
    pub site: Option<SiteId>,
    /// Only this VO.
    pub vo: Option<VoId>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only this submitter.
    pub submitter: Option<UserId>,
    /// Only tickets updated at or after this time.
    pub updated_since: Option<DateTime<Utc>>,
    /// Restricts to what a requester may see: public tickets and their own.
    pub visible_to_requester: Option<UserId>,
}

/// A page request: 1-based page number and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Page number, from 1.
    pub page: u32,
    /// Items per page.
    pub per_page: u32,
}

impl PageRequest {
    /// Rows to skip.
    pub fn offset(self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }
}

/// One page of results and the total count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many match in all, counted up to 10,000.
    pub total: i64,
    /// False when more than 10,000 match: `total` is then a lower bound.
    pub total_exact: bool,
}

/// An article to add.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// Ticket.
    pub ticket: TicketId,
    /// Kind.
    pub kind: ArticleKind,
    /// Text, verbatim.
    pub body: String,
    /// Author; `None` for the system.
    pub author: Option<UserId>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A relation to add (already ordered by `stored_pair`).
#[derive(Debug, Clone)]
pub struct NewRelation {
    /// Kind.
    pub kind: RelationKind,
    /// Parent, master, or lower id.
    pub from: TicketId,
    /// Child, slave, or higher id.
    pub to: TicketId,
    /// Who made it.
    pub actor: Option<UserId>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A ticket's new state, written only if nobody changed it since `before` was read.
#[derive(Debug, Clone)]
pub struct TicketWrite {
    /// The state as read; its `version` is checked.
    pub before: Ticket,
    /// The new state.
    pub after: Ticket,
}

/// Everything one use case writes, committed in one transaction.
///
/// The store appends the `article.added` and `relation.added` events of the
/// rows it creates here, since only it knows their ids.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// Tickets to update (optimistic concurrency on `version`).
    pub tickets: Vec<TicketWrite>,
    /// Articles to add. Each moves its ticket's `updated_at` forward to its
    /// own time, if that is later.
    pub articles: Vec<NewArticle>,
    /// Relations to add.
    pub relations_added: Vec<NewRelation>,
    /// Relations to remove, with the actor for their events.
    pub relations_removed: Vec<(RelationId, Option<UserId>)>,
    /// History entries.
    pub history: Vec<HistoryEntry>,
    /// Other domain events.
    pub events: Vec<DomainEvent>,
}

impl ChangeSet {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.tickets.is_empty()
            && self.articles.is_empty()
            && self.relations_added.is_empty()
            && self.relations_removed.is_empty()
            && self.history.is_empty()
            && self.events.is_empty()
    }
}

/// What a committed change set created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Committed {
    /// Ids of the added articles, in order.
    pub articles: Vec<ArticleId>,
    /// Ids of the added relations, in order.
    pub relations: Vec<RelationId>,
}

/// A stored domain event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// Position in the event log, increasing.
    pub id: i64,
    /// What happened.
    pub kind: EventKind,
    /// The ticket concerned.
    pub ticket: TicketId,
    /// Who did it.
    pub actor: Option<UserId>,
    /// Details.
    pub payload: serde_json::Value,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// An attachment's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Identity.
    pub id: AttachmentId,
    /// Ticket.
    pub ticket: TicketId,
    /// Article it belongs to, if any.
    pub article: Option<ArticleId>,
    /// Sanitised file name.
    pub filename: String,
    /// Sniffed content type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploader: Option<UserId>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// An attachment to store, content included.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// Metadata (`id` is ignored).
    pub meta: Attachment,
    /// The bytes.
    pub content: Vec<u8>,
}

/// A synthetic ticket for bulk loading, with its articles.
#[derive(Debug, Clone)]
pub struct BulkTicket {
    /// The ticket; its `id` is assigned by the bulk loader.
    pub ticket: Ticket,
    /// Its articles (the `ticket` field is ignored).
    pub articles: Vec<NewArticle>,
}
