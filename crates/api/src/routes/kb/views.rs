//! The JSON shapes of answers, categories and portal links.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::ids::TicketNumber;
use guichet_service::knowledge::{Answer, Category, PortalLink};

/// A knowledge-base answer: both versions, in Markdown.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerJson {
    /// Identity, used in URLs.
    pub id: i64,
    /// `public` or `internal` (supporters only).
    pub visibility: String,
    /// The English title (empty without an English version).
    pub title_en: String,
    /// The English body, in Markdown.
    pub body_en: String,
    /// The French title (empty without a French version).
    pub title_fr: String,
    /// The French body, in Markdown.
    pub body_fr: String,
    /// Its category's id.
    pub category: Option<i64>,
    /// The id of the unit whose FAQ it is part of.
    pub unit: Option<i64>,
    /// The number of the ticket whose solution it promotes.
    pub source_ticket: Option<i64>,
    /// Its author's user id.
    pub author: i64,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Answer> for AnswerJson {
    fn from(a: Answer) -> Self {
        Self {
            id: a.id.0,
            visibility: a.visibility.as_str().into(),
            title_en: a.texts.title.en,
            body_en: a.texts.body.en,
            title_fr: a.texts.title.fr,
            body_fr: a.texts.body.fr,
            category: a.category.map(|c| c.0),
            unit: a.unit.map(|u| u.0),
            source_ticket: a.source_ticket.map(|t| TicketNumber::from(t).0),
            author: a.author.0,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// A category of answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryJson {
    /// Identity.
    pub id: i64,
    /// English name.
    pub name_en: String,
    /// French name.
    pub name_fr: String,
}

impl From<Category> for CategoryJson {
    fn from(c: Category) -> Self {
        Self {
            id: c.id.0,
            name_en: c.name.en,
            name_fr: c.name.fr,
        }
    }
}

/// A link of the portal.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalLinkJson {
    /// Identity.
    pub id: i64,
    /// `faq`, `forum`, `documentation` or `other`.
    pub kind: String,
    /// Where it leads.
    pub url: String,
    /// English label.
    pub label_en: String,
    /// French label.
    pub label_fr: String,
    /// Its place in the list, smallest first.
    pub position: i64,
}

impl From<PortalLink> for PortalLinkJson {
    fn from(l: PortalLink) -> Self {
        Self {
            id: l.id.0,
            kind: l.kind.as_str().into(),
            url: l.url,
            label_en: l.label.en,
            label_fr: l.label.fr,
            position: l.position,
        }
    }
}
