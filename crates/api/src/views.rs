//! What the API returns: JSON shapes built from domain and store values.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::article::Article;
use guichet_domain::event::HistoryEntry;
use guichet_domain::reference::{IssueType, Site, Unit, Vo};
use guichet_domain::relation::Relation;
use guichet_domain::routing::RoutingRule;
use guichet_service::{Attachment, Person, TicketView, User};

/// A ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketJson {
    /// Identity, used in URLs.
    pub id: i64,
    /// The number people quote (id + 100000).
    pub number: i64,
    /// One-line summary.
    pub subject: String,
    /// The submitter's description.
    pub description: String,
    /// Status label, e.g. `waiting for reply`.
    #[schema(schema_with = guichet_service::schema::status)]
    pub status: String,
    /// Qualifier of `solved`/`unsolved`.
    #[schema(schema_with = guichet_service::schema::optional_qualifier)]
    pub qualifier: Option<String>,
    /// Priority label.
    #[schema(schema_with = guichet_service::schema::priority)]
    pub priority: String,
    /// Priority at creation, for reports.
    #[schema(schema_with = guichet_service::schema::priority)]
    pub original_priority: String,
    /// The escalation colour now, in working hours since the unit was
    /// assigned or the status last changed (GGUS's thresholds); null when
    /// the ticket is not the unit's to answer (waiting for reply, on hold,
    /// answered).
    #[schema(schema_with = guichet_service::schema::optional_colour)]
    pub colour: Option<String>,
    /// Responsible unit id.
    pub unit: i64,
    /// Assigned user id.
    pub assignee: Option<i64>,
    /// Affected site id.
    pub site: Option<i64>,
    /// Affected VO id.
    pub vo: Option<i64>,
    /// Type of issue id.
    #[serde(rename = "type")]
    pub issue_type: Option<i64>,
    /// `public` or `private`.
    #[schema(schema_with = guichet_service::schema::visibility)]
    pub visibility: String,
    /// `on solution` or `on every change`.
    #[schema(schema_with = guichet_service::schema::notification_mode)]
    pub notification_mode: String,
    /// Who opened it.
    pub submitter: PersonJson,
    /// Units and persons involved.
    pub involved: InvolvedJson,
    /// Addresses in copy.
    pub cc: Vec<String>,
    /// Locked as the slave of a master ticket.
    pub locked: bool,
    /// When the problem started.
    pub occurred_at: Option<DateTime<Utc>>,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When its status last changed.
    pub status_changed_at: DateTime<Utc>,
}

/// A person, as shown on a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonJson {
    /// User id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Address.
    pub email: String,
    /// Certificate DN.
    pub dn: Option<String>,
}

/// Units and persons involved.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvolvedJson {
    /// Unit ids.
    pub units: Vec<i64>,
    /// User ids.
    pub users: Vec<i64>,
}

impl From<Person> for PersonJson {
    fn from(p: Person) -> Self {
        Self {
            id: p.id.0,
            name: p.name,
            email: p.email,
            dn: p.dn,
        }
    }
}

impl TicketJson {
    /// `view` as the API shows it, with its colour at the context's now.
    pub fn of(ctx: &guichet_service::Context, view: TicketView) -> Self {
        let colour = guichet_service::tickets::read::colour(ctx, &view.ticket).map(|c| c.to_string());
        let t = view.ticket;
        Self {
            colour,
            id: t.id.0,
            number: t.number().0,
            subject: t.subject,
            description: t.description,
            status: t.status.to_string(),
            qualifier: t.qualifier.map(|q| q.to_string()),
            priority: t.priority.to_string(),
            original_priority: t.original_priority.to_string(),
            unit: t.unit.0,
            assignee: t.assignee.map(|a| a.0),
            site: t.site.map(|s| s.0),
            vo: t.vo.map(|v| v.0),
            issue_type: t.issue_type.map(|i| i.0),
            visibility: t.visibility.to_string(),
            notification_mode: t.notification_mode.to_string(),
            submitter: view.submitter.into(),
            involved: InvolvedJson {
                units: t.involved_units.iter().map(|u| u.0).collect(),
                users: t.involved_users.iter().map(|u| u.0).collect(),
            },
            cc: t.cc.iter().map(|e| e.as_str().to_owned()).collect(),
            locked: t.locked,
            occurred_at: t.occurred_at,
            created_at: t.created_at,
            updated_at: t.updated_at,
            status_changed_at: t.status_changed_at,
        }
    }
}

/// A page of tickets.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketPage {
    /// This page's tickets.
    pub items: Vec<TicketJson>,
    /// How many match in all, counted exactly up to 10,000.
    pub total: i64,
    /// False when more than 10,000 match: `total` is then a lower bound.
    pub total_exact: bool,
    /// Page number, from 1.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
}

/// An article.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleJson {
    /// Identity.
    pub id: i64,
    /// Ticket id.
    pub ticket: i64,
    /// `public reply`, `internal note` or `solution`.
    #[schema(schema_with = guichet_service::schema::article_kind)]
    pub kind: String,
    /// Text, verbatim.
    pub body: String,
    /// The HTML a mail came with, verbatim and not sanitised: a client that
    /// shows it must sanitise it first. Null when there was none.
    pub html: Option<String>,
    /// Author's user id; null for the system.
    pub author: Option<i64>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<Article> for ArticleJson {
    fn from(a: Article) -> Self {
        Self {
            id: a.id.0,
            ticket: a.ticket.0,
            kind: a.kind.to_string(),
            body: a.body,
            html: a.html,
            author: a.author.map(|u| u.0),
            created_at: a.created_at,
        }
    }
}

/// A history entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryJson {
    /// Who; null for the system.
    pub actor: Option<i64>,
    /// Why the system made the change (e.g. `cascade from ticket #100042`); null for people.
    pub system_reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// The field.
    pub field: String,
    /// Value before.
    pub old: Option<String>,
    /// Value after.
    pub new: Option<String>,
}

impl From<HistoryEntry> for HistoryJson {
    fn from(h: HistoryEntry) -> Self {
        Self {
            actor: h.author.user.map(|u| u.0),
            system_reason: h.author.reason,
            at: h.at,
            field: h.change.field,
            old: h.change.old,
            new: h.change.new,
        }
    }
}

/// A relation between two tickets.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationJson {
    /// Identity.
    pub id: i64,
    /// `cross-reference`, `parent-child` or `master-slave`.
    #[schema(schema_with = guichet_service::schema::relation_kind)]
    pub kind: String,
    /// Parent, master, or the lower id of a cross-reference.
    pub from: i64,
    /// Child, slave, or the higher id of a cross-reference.
    pub to: i64,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<Relation> for RelationJson {
    fn from(r: Relation) -> Self {
        Self {
            id: r.id.0,
            kind: r.kind.to_string(),
            from: r.from.0,
            to: r.to.0,
            created_at: r.created_at,
        }
    }
}

/// A support unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitJson {
    /// Identity.
    pub id: i64,
    /// Name.
    pub name: String,
    /// `first-level`, `expertise` or `site`.
    #[schema(schema_with = guichet_service::schema::unit_kind)]
    pub kind: String,
    /// `base`, `medium` or `advanced`.
    #[schema(schema_with = guichet_service::schema::qos_level)]
    pub qos_level: String,
    /// Address.
    pub email: Option<String>,
    /// Member user ids.
    pub members: Vec<i64>,
}

impl From<Unit> for UnitJson {
    fn from(u: Unit) -> Self {
        Self {
            id: u.id.0,
            name: u.name,
            kind: u.kind.to_string(),
            qos_level: u.qos_level.to_string(),
            email: u.email,
            members: u.members.iter().map(|m| m.0).collect(),
        }
    }
}

/// A site.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteJson {
    /// Identity.
    pub id: i64,
    /// Name.
    pub name: String,
    /// National grid initiative.
    pub ngi: Option<String>,
    /// The site's own unit id.
    pub unit: i64,
}

impl From<Site> for SiteJson {
    fn from(s: Site) -> Self {
        Self {
            id: s.id.0,
            name: s.name,
            ngi: s.ngi,
            unit: s.unit.0,
        }
    }
}

/// A VO or a type of issue.
#[derive(Debug, Serialize, ToSchema)]
pub struct NamedJson {
    /// Identity.
    pub id: i64,
    /// Name.
    pub name: String,
}

impl From<Vo> for NamedJson {
    fn from(v: Vo) -> Self {
        Self {
            id: v.id.0,
            name: v.name,
        }
    }
}

impl From<IssueType> for NamedJson {
    fn from(i: IssueType) -> Self {
        Self {
            id: i.id.0,
            name: i.name,
        }
    }
}

/// A routing rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleJson {
    /// Identity.
    pub id: i64,
    /// Type of issue id.
    pub issue_type: i64,
    /// Unit id.
    pub unit: i64,
}

impl From<RoutingRule> for RuleJson {
    fn from(r: RoutingRule) -> Self {
        Self {
            id: r.id.0,
            issue_type: r.issue_type.0,
            unit: r.unit.0,
        }
    }
}

/// A user account.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserJson {
    /// Identity.
    pub id: i64,
    /// Address.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role.
    #[schema(schema_with = guichet_service::schema::role)]
    pub role: String,
    /// Certificate DN.
    pub dn: Option<String>,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserJson {
    fn from(u: User) -> Self {
        Self {
            id: u.id.0,
            email: u.email,
            name: u.name,
            role: u.role.to_string(),
            dn: u.dn,
            disabled: u.disabled,
            created_at: u.created_at,
        }
    }
}

/// An attachment's metadata.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentJson {
    /// Identity; download at `/api/v1/attachments/{id}`.
    pub id: i64,
    /// Ticket id.
    pub ticket: i64,
    /// Sanitised file name.
    pub filename: String,
    /// Sniffed content type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256, hex.
    pub sha256: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<Attachment> for AttachmentJson {
    fn from(a: Attachment) -> Self {
        Self {
            id: a.id.0,
            ticket: a.ticket.0,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
            created_at: a.created_at,
        }
    }
}
