//! The knowledge base and the portal: answers (Markdown articles in French
//! and English, public or internal, in categories and units' FAQs), the
//! promotion of a ticket's solution to an answer, tickets' citations of
//! answers and portal links, and the portal's links themselves.
//!
//! Everyone reads public answers, signed in or not; supporters also read
//! internal ones, and only they write answers and citations. Portal links
//! are read by everyone and managed by administrators.

pub mod categories;
pub mod citations;
pub mod create;
pub mod delete;
pub mod portal;
pub mod promote;
pub mod read;
pub mod update;

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::ids::{CategoryId, UnitId, UserId};
use guichet_domain::knowledge::{AnswerTexts, AnswerVisibility};
use guichet_store::AnswerInput;

use crate::{ServiceError, ServiceResult};

pub use guichet_domain::knowledge::{
    Answer, AnswerVisibility as Visibility, Bilingual, Category, CitationTarget, PortalLink, PortalLinkKind,
};

/// Refuses anyone but supporters (and the system): `action` says what
/// they may not do.
fn require_supporter(actor: &Actor, action: &str) -> ServiceResult<()> {
    if actor.role().is_supporter() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(format!("only supporters {action}")))
    }
}

/// The user an answer or citation is recorded under; the system has none.
fn author_of(actor: &Actor) -> ServiceResult<UserId> {
    actor
        .user_id()
        .ok_or_else(|| ServiceError::Forbidden("answers and citations are written by a user".into()))
}

/// An answer as written: both versions, who may read it, its category
/// and unit.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// The English title; a version needs a title and a body, and at
    /// least one version is needed.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title_en: String,
    /// The English body, in Markdown.
    #[serde(default)]
    pub body_en: String,
    /// The French title.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title_fr: String,
    /// The French body, in Markdown.
    #[serde(default)]
    pub body_fr: String,
    /// `public` (everyone) or `internal` (supporters only); `public` if absent.
    #[schema(example = "public")]
    pub visibility: Option<String>,
    /// Its category's id.
    #[schema(value_type = Option<i64>)]
    pub category: Option<CategoryId>,
    /// The id of the unit whose FAQ it is part of.
    #[schema(value_type = Option<i64>)]
    pub unit: Option<UnitId>,
}

impl AnswerBody {
    /// The body of an answer with these texts, internal: how a promoted
    /// solution starts, until a supporter publishes it.
    pub fn draft(texts: &AnswerTexts) -> Self {
        Self {
            title_en: texts.title.en.clone(),
            body_en: texts.body.en.clone(),
            title_fr: texts.title.fr.clone(),
            body_fr: texts.body.fr.clone(),
            visibility: Some(AnswerVisibility::Internal.as_str().into()),
            category: None,
            unit: None,
        }
    }

    /// The checked input; errors name the field.
    fn input(&self) -> ServiceResult<AnswerInput> {
        let texts = AnswerTexts::parse(&self.title_en, &self.body_en, &self.title_fr, &self.body_fr)?;
        let visibility = match self.visibility.as_deref().map(str::trim) {
            None | Some("") => AnswerVisibility::Public,
            Some(label) => AnswerVisibility::parse(label)?,
        };
        Ok(AnswerInput {
            category: self.category,
            unit: self.unit,
            visibility,
            texts,
        })
    }
}

/// Maps the store's `NotFound` of what an answer refers to onto the field
/// at fault.
fn refers_to(error: ServiceError) -> ServiceError {
    match error {
        ServiceError::NotFound("category") => ServiceError::invalid("category", "no category has this id"),
        ServiceError::NotFound("unit") => ServiceError::invalid("unit", "no unit has this id"),
        other => other,
    }
}
