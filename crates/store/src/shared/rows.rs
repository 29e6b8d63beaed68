//! Row shapes as the SQL returns them, and their conversion to domain values.

use sqlx::types::Json;

use guichet_domain::actor::Author;
use guichet_domain::article::{Article, ArticleKind};
use guichet_domain::event::{EventKind, FieldChange, HistoryEntry};
use guichet_domain::ids::*;
use guichet_domain::priority::Priority;
use guichet_domain::reference::{IssueType, QosLevel, Site, Unit, UnitKind, Vo};
use guichet_domain::relation::{Relation, RelationKind};
use guichet_domain::role::Role;
use guichet_domain::routing::RoutingRule;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::text::Email;
use guichet_domain::ticket::{NotificationMode, Ticket, Visibility};

use crate::code::Code;
use crate::{Attachment, EventPosition, JobState, Parked, Person, Stamp, StoreResult, StoredEvent, TicketView, User};

/// The columns of a user.
pub const USER_COLUMNS: &str = "id, email, name, role, dn, disabled, password_hash, created_at";

#[derive(sqlx::FromRow)]
pub struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    dn: Option<String>,
    disabled: bool,
    password_hash: Option<String>,
    created_at: Stamp,
}

impl UserRow {
    pub fn into_user(self) -> StoreResult<User> {
        Ok(User {
            id: UserId(self.id),
            email: self.email,
            name: self.name,
            role: Role::parse(&self.role)?,
            dn: self.dn,
            disabled: self.disabled,
            password_hash: self.password_hash,
            created_at: self.created_at.0,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct UnitRow {
    pub id: i64,
    name: String,
    kind: String,
    qos_level: String,
    email: Option<String>,
}

impl UnitRow {
    pub fn into_unit(self, members: Vec<UserId>) -> StoreResult<Unit> {
        Ok(Unit {
            id: UnitId(self.id),
            name: self.name,
            kind: UnitKind::parse(&self.kind)?,
            qos_level: QosLevel::parse(&self.qos_level)?,
            email: self.email,
            members,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct SiteRow {
    id: i64,
    name: String,
    ngi: Option<String>,
    unit_id: i64,
}

impl From<SiteRow> for Site {
    fn from(row: SiteRow) -> Self {
        Site {
            id: SiteId(row.id),
            name: row.name,
            ngi: row.ngi,
            unit: UnitId(row.unit_id),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct NamedRow {
    id: i64,
    name: String,
}

impl From<NamedRow> for Vo {
    fn from(row: NamedRow) -> Self {
        Vo {
            id: VoId(row.id),
            name: row.name,
        }
    }
}

impl From<NamedRow> for IssueType {
    fn from(row: NamedRow) -> Self {
        IssueType {
            id: IssueTypeId(row.id),
            name: row.name,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct RuleRow {
    id: i64,
    issue_type_id: i64,
    unit_id: i64,
}

impl From<RuleRow> for RoutingRule {
    fn from(row: RuleRow) -> Self {
        RoutingRule {
            id: RoutingRuleId(row.id),
            issue_type: IssueTypeId(row.issue_type_id),
            unit: UnitId(row.unit_id),
        }
    }
}

/// The columns of a ticket and its submitter; `t` is tickets, `u` the submitter.
pub const TICKET_SELECT: &str = "SELECT t.id, t.subject, t.description, t.submitter_id, t.issue_type_id, t.site_id, \
    t.vo_id, t.occurred_at, t.priority, t.original_priority, t.unit_id, t.assignee_id, t.notification_mode, \
    t.visibility, t.status, t.qualifier, t.locked, t.created_at, t.updated_at, t.status_changed_at, t.assigned_at, \
    t.version, u.name AS submitter_name, u.email AS submitter_email, u.dn AS submitter_dn \
    FROM tickets t JOIN users u ON u.id = t.submitter_id";

#[derive(sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    subject: String,
    description: String,
    submitter_id: i64,
    issue_type_id: Option<i64>,
    site_id: Option<i64>,
    vo_id: Option<i64>,
    occurred_at: Option<Stamp>,
    priority: Code<Priority>,
    original_priority: Code<Priority>,
    unit_id: i64,
    assignee_id: Option<i64>,
    notification_mode: Code<NotificationMode>,
    visibility: Code<Visibility>,
    status: Code<Status>,
    qualifier: Option<Code<Qualifier>>,
    locked: bool,
    created_at: Stamp,
    updated_at: Stamp,
    status_changed_at: Stamp,
    assigned_at: Stamp,
    version: i64,
    submitter_name: String,
    submitter_email: String,
    submitter_dn: Option<String>,
}

/// The set-valued fields of a ticket, loaded separately.
#[derive(Default)]
pub struct TicketSets {
    pub involved_units: Vec<UnitId>,
    pub involved_users: Vec<UserId>,
    pub cc: Vec<Email>,
}

impl TicketRow {
    pub fn into_view(self, sets: TicketSets) -> TicketView {
        let ticket = Ticket {
            id: TicketId(self.id),
            subject: self.subject,
            description: self.description,
            submitter: UserId(self.submitter_id),
            issue_type: self.issue_type_id.map(IssueTypeId),
            site: self.site_id.map(SiteId),
            vo: self.vo_id.map(VoId),
            occurred_at: self.occurred_at.map(|at| at.0),
            priority: self.priority.0,
            original_priority: self.original_priority.0,
            unit: UnitId(self.unit_id),
            assignee: self.assignee_id.map(UserId),
            involved_units: sets.involved_units,
            involved_users: sets.involved_users,
            cc: sets.cc,
            notification_mode: self.notification_mode.0,
            visibility: self.visibility.0,
            status: self.status.0,
            qualifier: self.qualifier.map(|q| q.0),
            locked: self.locked,
            created_at: self.created_at.0,
            updated_at: self.updated_at.0,
            status_changed_at: self.status_changed_at.0,
            assigned_at: self.assigned_at.0,
            version: self.version,
        };
        let submitter = Person {
            id: ticket.submitter,
            name: self.submitter_name,
            email: self.submitter_email,
            dn: self.submitter_dn,
        };
        TicketView { ticket, submitter }
    }
}

#[derive(sqlx::FromRow)]
pub struct ArticleRow {
    id: i64,
    ticket_id: i64,
    kind: Code<ArticleKind>,
    body: String,
    body_html: Option<String>,
    author_id: Option<i64>,
    created_at: Stamp,
}

impl From<ArticleRow> for Article {
    fn from(row: ArticleRow) -> Self {
        Article {
            id: ArticleId(row.id),
            ticket: TicketId(row.ticket_id),
            kind: row.kind.0,
            body: row.body,
            html: row.body_html,
            author: row.author_id.map(UserId),
            created_at: row.created_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct HistoryRow {
    ticket_id: i64,
    actor_id: Option<i64>,
    actor_reason: Option<String>,
    at: Stamp,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
}

impl From<HistoryRow> for HistoryEntry {
    fn from(row: HistoryRow) -> Self {
        HistoryEntry {
            ticket: TicketId(row.ticket_id),
            author: Author {
                user: row.actor_id.map(UserId),
                reason: row.actor_reason,
            },
            at: row.at.0,
            change: FieldChange {
                field: row.field,
                old: row.old_value,
                new: row.new_value,
            },
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct RelationRow {
    id: i64,
    kind: String,
    from_ticket: i64,
    to_ticket: i64,
    created_at: Stamp,
}

impl RelationRow {
    pub fn into_relation(self) -> StoreResult<Relation> {
        Ok(Relation {
            id: RelationId(self.id),
            kind: RelationKind::parse(&self.kind)?,
            from: TicketId(self.from_ticket),
            to: TicketId(self.to_ticket),
            created_at: self.created_at.0,
        })
    }
}

/// The columns of an attachment.
pub const ATTACHMENT_COLUMNS: &str =
    "id, ticket_id, article_id, filename, content_type, size, sha256, uploader_id, created_at";

#[derive(sqlx::FromRow)]
pub struct AttachmentRow {
    id: i64,
    ticket_id: i64,
    article_id: Option<i64>,
    filename: String,
    content_type: String,
    size: i64,
    sha256: String,
    uploader_id: Option<i64>,
    created_at: Stamp,
}

impl From<AttachmentRow> for Attachment {
    fn from(row: AttachmentRow) -> Self {
        Attachment {
            id: AttachmentId(row.id),
            ticket: TicketId(row.ticket_id),
            article: row.article_id.map(ArticleId),
            filename: row.filename,
            content_type: row.content_type,
            size: row.size,
            sha256: row.sha256,
            uploader: row.uploader_id.map(UserId),
            created_at: row.created_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct EventRow {
    id: i64,
    change_id: i64,
    kind: String,
    ticket_id: Option<i64>,
    actor_id: Option<i64>,
    actor_reason: Option<String>,
    payload: Json<serde_json::Value>,
    created_at: Stamp,
}

impl EventRow {
    pub fn into_event(self) -> StoreResult<StoredEvent> {
        Ok(StoredEvent {
            position: EventPosition(self.id),
            change: ChangeId(self.change_id),
            kind: EventKind::parse(&self.kind)?,
            ticket: self.ticket_id.map(TicketId),
            author: Author {
                user: self.actor_id.map(UserId),
                reason: self.actor_reason,
            },
            payload: self.payload.0,
            created_at: self.created_at.0,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ParkedRow {
    id: i64,
    consumer: String,
    change_id: i64,
    first_id: i64,
    last_id: i64,
    kinds: String,
    attempts: i32,
    error: String,
    parked_at: Stamp,
    retry_requested: bool,
}

impl From<ParkedRow> for Parked {
    fn from(row: ParkedRow) -> Self {
        Parked {
            id: ParkedId(row.id),
            consumer: row.consumer,
            change: ChangeId(row.change_id),
            first: EventPosition(row.first_id),
            last: EventPosition(row.last_id),
            kinds: row
                .kinds
                .split(',')
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect(),
            attempts: u32::try_from(row.attempts).unwrap_or(0),
            error: row.error,
            parked_at: row.parked_at.0,
            retry_requested: row.retry_requested,
        }
    }
}

/// The columns of a job.
pub const JOB_COLUMNS: &str =
    "name, grid_at, due_at, lease_owner, lease_until, failures, runs, last_started_at, last_finished_at, last_error";

#[derive(sqlx::FromRow)]
pub struct JobRow {
    name: String,
    grid_at: Stamp,
    due_at: Stamp,
    lease_owner: Option<String>,
    lease_until: Option<Stamp>,
    failures: i32,
    runs: i64,
    last_started_at: Option<Stamp>,
    last_finished_at: Option<Stamp>,
    last_error: Option<String>,
}

impl From<JobRow> for JobState {
    fn from(row: JobRow) -> Self {
        JobState {
            name: row.name,
            grid_at: row.grid_at.0,
            due_at: row.due_at.0,
            lease_owner: row.lease_owner,
            lease_until: row.lease_until.map(|s| s.0),
            failures: u32::try_from(row.failures).unwrap_or(0),
            runs: row.runs,
            last_started_at: row.last_started_at.map(|s| s.0),
            last_finished_at: row.last_finished_at.map(|s| s.0),
            last_error: row.last_error,
        }
    }
}
