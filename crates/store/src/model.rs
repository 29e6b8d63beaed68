//! Records the store reads and writes, beyond the domain entities.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;

use guichet_domain::actor::Author;
use guichet_domain::article::ArticleKind;
use guichet_domain::event::{DomainEvent, EventKind, HistoryEntry};
use guichet_domain::ids::{
    ArticleId, AttachmentId, ChangeId, ParkedId, RelationId, SiteId, TicketId, UnitId, UserId, VoId,
};
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
    /// When the account is made.
    pub created_at: DateTime<Utc>,
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
    /// Only tickets whose status last changed at or before this time.
    pub status_changed_before: Option<DateTime<Utc>>,
    /// Restricts to what a requester may see: public tickets and their own.
    pub visible_to_requester: Option<UserId>,
    /// The order of the list.
    pub order: TicketOrder,
}

/// The order of a ticket list; ties go by id, in the same direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TicketOrder {
    /// Most recently changed first.
    #[default]
    RecentlyChanged,
    /// Least recently changed first: the ones left alone longest.
    LeastRecentlyChanged,
    /// Oldest first, by opening: a queue's order.
    Oldest,
    /// Newest first, by opening.
    Newest,
}

impl TicketOrder {
    /// Every order, the default first.
    pub const ALL: [TicketOrder; 4] = [
        Self::RecentlyChanged,
        Self::LeastRecentlyChanged,
        Self::Oldest,
        Self::Newest,
    ];

    /// The name in URLs and the API: `changed`, `unchanged`, `oldest`, `newest`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RecentlyChanged => "changed",
            Self::LeastRecentlyChanged => "unchanged",
            Self::Oldest => "oldest",
            Self::Newest => "newest",
        }
    }

    /// The order a name designates, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == name)
    }

    /// The sort column and direction.
    pub fn column_and_direction(self) -> (&'static str, &'static str) {
        match self {
            Self::RecentlyChanged => ("updated_at", "DESC"),
            Self::LeastRecentlyChanged => ("updated_at", "ASC"),
            Self::Oldest => ("created_at", "ASC"),
            Self::Newest => ("created_at", "DESC"),
        }
    }
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
    /// Ticket ([`TicketId::NEW`] for the ticket the change creates).
    pub ticket: TicketId,
    /// Kind.
    pub kind: ArticleKind,
    /// Text, verbatim.
    pub body: String,
    /// The HTML a mail came with, verbatim, if any.
    pub html: Option<String>,
    /// Author; `None` for the system.
    pub author: Option<UserId>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A mail's Message-ID, stored with the ticket it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessageId {
    /// The Message-ID, without angle brackets.
    pub message_id: String,
    /// Its ticket ([`TicketId::NEW`] for the ticket the change creates).
    pub ticket: TicketId,
    /// The change's n-th new article it became, if any.
    pub article: Option<usize>,
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

/// Which article an attachment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleLink {
    /// An article already stored.
    Stored(ArticleId),
    /// The change's n-th new article.
    New(usize),
}

/// An attachment to store, content included. Its content is shared, not
/// copied, from the request or message it came in.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// Ticket ([`TicketId::NEW`] for the ticket the change creates).
    pub ticket: TicketId,
    /// The article it belongs to, if any.
    pub article: Option<ArticleLink>,
    /// Sanitised file name.
    pub filename: String,
    /// Sniffed content type.
    pub content_type: String,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploader: Option<UserId>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The bytes.
    pub content: Bytes,
}

/// Everything one use case writes, committed in one transaction.
///
/// A change may create one ticket (`new_ticket`); its other parts refer to
/// that ticket as [`TicketId::NEW`], and the store writes the new id in
/// their place. Articles, relations and attachments are numbered by their
/// position in their list, which is how events ([`DomainEvent::fills`]) and
/// attachments ([`ArticleLink::New`]) name the rows the change creates. The
/// store writes exactly the events it is given.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    /// The change's identity, shared by all its events.
    pub id: ChangeId,
    /// When the change was made; its events carry this time.
    pub at: DateTime<Utc>,
    /// A key that makes the change happen once (a form's submission key, a
    /// message's Message-ID): a change whose key is taken is refused with
    /// [`crate::StoreError::Duplicate`], and writes nothing.
    pub key: Option<String>,
    /// A ticket to create (its id is ignored).
    pub new_ticket: Option<Ticket>,
    /// Tickets to update (optimistic concurrency on `version`).
    pub tickets: Vec<TicketWrite>,
    /// Articles to add. Each moves its ticket's `updated_at` forward to its
    /// own time, if that is later.
    pub articles: Vec<NewArticle>,
    /// Attachments to add; each moves its ticket forward too.
    pub attachments: Vec<NewAttachment>,
    /// Relations to add.
    pub relations_added: Vec<NewRelation>,
    /// Relations to remove.
    pub relations_removed: Vec<RelationId>,
    /// Web sessions to end, by token hash.
    pub sessions_ended: Vec<String>,
    /// Message-IDs of mails this change stored, for replies to find the
    /// ticket by (one already known is left as it was).
    pub message_ids: Vec<NewMessageId>,
    /// The HTML of the mail that opens the new ticket, verbatim.
    pub description_html: Option<String>,
    /// History entries.
    pub history: Vec<HistoryEntry>,
    /// The change's domain events.
    pub events: Vec<DomainEvent>,
    /// What the change writes to the rota.
    pub rota: crate::RotaWrites,
}

impl ChangeSet {
    /// An empty change with identity `id`, made at `at`.
    pub fn new(id: ChangeId, at: DateTime<Utc>) -> Self {
        Self {
            id,
            at,
            key: None,
            new_ticket: None,
            tickets: Vec::new(),
            articles: Vec::new(),
            attachments: Vec::new(),
            relations_added: Vec::new(),
            relations_removed: Vec::new(),
            sessions_ended: Vec::new(),
            message_ids: Vec::new(),
            description_html: None,
            history: Vec::new(),
            events: Vec::new(),
            rota: crate::RotaWrites::default(),
        }
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.new_ticket.is_none()
            && self.tickets.is_empty()
            && self.articles.is_empty()
            && self.attachments.is_empty()
            && self.relations_added.is_empty()
            && self.relations_removed.is_empty()
            && self.sessions_ended.is_empty()
            && self.message_ids.is_empty()
            && self.history.is_empty()
            && self.events.is_empty()
            && self.rota.is_empty()
    }
}

/// What a committed change set created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Committed {
    /// The ticket created, with its id.
    pub ticket: Option<Ticket>,
    /// Ids of the added articles, in order.
    pub articles: Vec<ArticleId>,
    /// Ids of the added relations, in order.
    pub relations: Vec<RelationId>,
    /// The added attachments, in order.
    pub attachments: Vec<Attachment>,
    /// Ids of the added swap proposals, in order.
    pub swaps: Vec<guichet_domain::ids::SwapId>,
}

/// A place in the event log: an event's id. Consumers read in id order,
/// and only up to ids no transaction in flight can still add below
/// ([`crate::Store::events_after`]), so a position, once passed, is final.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct EventPosition(pub i64);

/// A stored domain event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// Where it stands in the log.
    pub position: EventPosition,
    /// The change it belongs to.
    pub change: ChangeId,
    /// What happened.
    pub kind: EventKind,
    /// The ticket concerned, if any.
    pub ticket: Option<TicketId>,
    /// Who did it.
    pub author: Author,
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

/// A consumer's state, as its lease holder reads it when it takes the lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerState {
    /// The last event it handled.
    pub cursor: EventPosition,
    /// The change it is retrying, with how often it failed, when to try
    /// again, and the last error.
    pub failing: Option<Failing>,
}

/// A change a consumer failed to handle and will try again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failing {
    /// The change.
    pub change: ChangeId,
    /// Failed attempts so far.
    pub failures: u32,
    /// Not before.
    pub retry_at: DateTime<Utc>,
    /// The last error.
    pub error: String,
}

/// A change a consumer gave up on, set aside for an operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parked {
    /// Identity, for `guichet events retry`.
    pub id: ParkedId,
    /// The consumer.
    pub consumer: String,
    /// The change.
    pub change: ChangeId,
    /// Its first event.
    pub first: EventPosition,
    /// Its last event.
    pub last: EventPosition,
    /// The kinds of its events, in order.
    pub kinds: Vec<String>,
    /// Attempts made.
    pub attempts: u32,
    /// The last error.
    pub error: String,
    /// When it was set aside.
    pub parked_at: DateTime<Utc>,
    /// Whether an operator asked for another attempt.
    pub retry_requested: bool,
}

/// A solved or unsolved ticket, as the automatic closure reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnsweredTicket {
    /// The ticket.
    pub id: TicketId,
    /// Its responsible unit, whose calendar counts the delay.
    pub unit: UnitId,
    /// `solved` or `unsolved`.
    pub status: Status,
    /// When it got that status.
    pub answered_at: DateTime<Utc>,
}

/// A periodic job's stored state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobState {
    /// The job.
    pub name: String,
    /// Its first slot: later slots are counted from it.
    pub grid_at: DateTime<Utc>,
    /// When it is next due.
    pub due_at: DateTime<Utc>,
    /// The node holding its lease, if any.
    pub lease_owner: Option<String>,
    /// Until when, by the database's clock.
    pub lease_until: Option<DateTime<Utc>>,
    /// Failed runs in a row.
    pub failures: u32,
    /// Completed runs.
    pub runs: i64,
    /// When the last run started.
    pub last_started_at: Option<DateTime<Utc>>,
    /// When the last run ended.
    pub last_finished_at: Option<DateTime<Utc>>,
    /// The last failure, cleared by a success.
    pub last_error: Option<String>,
}

/// How a job's run ended, for its stored state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobEnd {
    /// When it ended.
    pub at: DateTime<Utc>,
    /// When it is next due; `None` leaves the schedule as it was.
    pub next_due: Option<DateTime<Utc>>,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// A synthetic ticket for bulk loading, with its articles.
#[derive(Debug, Clone)]
pub struct BulkTicket {
    /// The ticket; its `id` is assigned by the bulk loader.
    pub ticket: Ticket,
    /// Its articles (the `ticket` field is ignored).
    pub articles: Vec<NewArticle>,
}

/// A web session's owner and the moments that end it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOwner {
    /// Who signed in.
    pub user: User,
    /// The absolute end.
    pub expires_at: DateTime<Utc>,
    /// When it was last used, as last recorded.
    pub last_seen_at: DateTime<Utc>,
}

/// Failed sign-ins counted under one key in the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCount {
    /// How many, in the window.
    pub failures: i64,
    /// When the window began: at its first failure.
    pub window_start: DateTime<Utc>,
}

/// A Message-ID Guichet knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownMessage {
    /// Its ticket.
    pub ticket: TicketId,
    /// Whether it was a notification that showed internal notes.
    pub internal: bool,
}

/// A notification to send: one recipient's mail for one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutgoingMail {
    /// The change it tells of: with `recipient`, it keys the mail, so a
    /// change handled twice mails nobody twice.
    pub change: ChangeId,
    /// The address it goes to.
    pub recipient: String,
    /// The ticket it is about, if any.
    pub ticket: Option<TicketId>,
    /// Its Message-ID, without angle brackets: replies find the ticket by it.
    pub message_id: String,
    /// The whole message, as sent (RFC 5322).
    pub message: Vec<u8>,
    /// Whether it shows internal notes: a supporter's answer to it is then
    /// filed as an internal note.
    pub internal: bool,
    /// When it may first be sent.
    pub at: DateTime<Utc>,
}

/// Where a notification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// Waiting to be sent, or to be tried again.
    Pending,
    /// Accepted by the relay.
    Sent,
    /// Refused for good, or given up after every attempt.
    Failed,
}

impl MailState {
    /// How the database spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    /// The state the database spelt `text`.
    pub fn from_db(text: &str) -> Option<Self> {
        [Self::Pending, Self::Sent, Self::Failed]
            .into_iter()
            .find(|state| state.as_str() == text)
    }
}

/// A notification in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutgoingMail {
    /// Its row.
    pub id: i64,
    /// The change it tells of.
    pub change: ChangeId,
    /// The address it goes to.
    pub recipient: String,
    /// The ticket it is about, if any.
    pub ticket: Option<TicketId>,
    /// Its Message-ID.
    pub message_id: String,
    /// The whole message.
    #[serde(skip)]
    pub message: Vec<u8>,
    /// Where it stands.
    pub state: MailState,
    /// Attempts so far.
    pub attempts: i32,
    /// When it is tried next, while pending.
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was sent or given up.
    pub finished_at: Option<DateTime<Utc>>,
}

/// How an attempt at sending a notification ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailOutcome {
    /// The relay accepted it.
    Sent,
    /// A temporary failure: try again at the given time.
    Retry {
        /// Why.
        error: String,
        /// When to try again.
        at: DateTime<Utc>,
    },
    /// Refused for good.
    Failed {
        /// Why.
        error: String,
    },
}

/// A submitter's rating of a verified solution: one per ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketRating {
    /// The rated ticket.
    pub ticket: TicketId,
    /// 1 to 5.
    pub rating: u8,
    /// What the submitter added.
    pub comment: Option<String>,
    /// When.
    pub rated_at: DateTime<Utc>,
    /// Who: the ticket's submitter.
    pub rated_by: UserId,
}

/// A stored working-hours calendar: the deployment's, or a unit's that
/// overrides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCalendar {
    /// The unit it belongs to; `None` for the deployment's.
    pub unit: Option<UnitId>,
    /// The zone, the week and the holidays.
    pub spec: guichet_domain::calendar::CalendarSpec,
    /// When it was last set.
    pub updated_at: DateTime<Utc>,
}
