//! Request bodies as channels receive them. Labels arrive as strings and are
//! parsed here, so an unknown value is reported with the field it came from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use guichet_domain::ids::{IssueTypeId, SiteId, UnitId, UserId, VoId};
use guichet_domain::text::Email;

use crate::ServiceResult;

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
pub fn double_option<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Units and persons involved besides the responsible unit.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvolvedInput {
    /// Unit ids.
    #[serde(default)]
    #[schema(value_type = Vec<i64>)]
    pub units: Vec<UnitId>,
    /// User ids.
    #[serde(default)]
    #[schema(value_type = Vec<i64>)]
    pub users: Vec<UserId>,
}

/// A new ticket.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTicketInput {
    /// One line, at most 250 characters.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 250)]
    pub subject: String,
    /// What happened, verbatim.
    #[serde(default)]
    #[schema(min_length = 1)]
    pub description: String,
    /// `less urgent` (default), `urgent`, `very urgent` or `top priority`.
    #[schema(schema_with = crate::schema::optional_priority)]
    pub priority: Option<String>,
    /// Required when the priority is above `less urgent`.
    pub priority_justification: Option<String>,
    /// Type of issue id.
    #[serde(rename = "type")]
    #[schema(value_type = Option<i64>)]
    pub issue_type: Option<IssueTypeId>,
    /// Affected site id; the ticket then goes to the site's unit.
    #[schema(value_type = Option<i64>)]
    pub site: Option<SiteId>,
    /// Affected VO id.
    #[schema(value_type = Option<i64>)]
    pub vo: Option<VoId>,
    /// When the problem started.
    pub occurred_at: Option<DateTime<Utc>>,
    /// `public` (default) or `private`.
    #[schema(schema_with = crate::schema::optional_visibility)]
    pub visibility: Option<String>,
    /// `on solution` (default) or `on every change`.
    #[schema(schema_with = crate::schema::optional_notification_mode)]
    pub notification_mode: Option<String>,
    /// Addresses in copy.
    #[serde(default)]
    pub cc: Vec<String>,
    /// Extra units and persons.
    #[serde(default)]
    pub involved: InvolvedInput,
}

/// Changes to a ticket; absent fields are left alone, `null` clears.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTicketInput {
    /// New status.
    #[schema(schema_with = crate::schema::optional_status)]
    pub status: Option<String>,
    /// Qualifier of `solved` or `unsolved`.
    #[schema(schema_with = crate::schema::optional_qualifier)]
    pub qualifier: Option<String>,
    /// The solution text, required when solving; becomes a `solution` article.
    pub solution: Option<String>,
    /// A public reply to add with the change; required for `on hold` (the reason).
    pub comment: Option<String>,
    /// Responsible unit id.
    #[schema(value_type = Option<i64>)]
    pub unit: Option<UnitId>,
    /// Assigned user id, or `null`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub assignee: Option<Option<UserId>>,
    /// New priority.
    #[schema(schema_with = crate::schema::optional_priority)]
    pub priority: Option<String>,
    /// Required when raising the priority.
    pub priority_justification: Option<String>,
    /// Replaces the involved units and persons.
    pub involved: Option<InvolvedInput>,
    /// Replaces the CC list.
    pub cc: Option<Vec<String>>,
    /// Affected site id, or `null`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub site: Option<Option<SiteId>>,
    /// Affected VO id, or `null`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub vo: Option<Option<VoId>>,
    /// Type of issue id, or `null`.
    #[serde(default, rename = "type", deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub issue_type: Option<Option<IssueTypeId>>,
    /// New subject.
    #[schema(min_length = 1, max_length = 250)]
    pub subject: Option<String>,
    /// `public` or `private`.
    #[schema(schema_with = crate::schema::optional_visibility)]
    pub visibility: Option<String>,
    /// `on solution` or `on every change`.
    #[schema(schema_with = crate::schema::optional_notification_mode)]
    pub notification_mode: Option<String>,
}

/// A new article.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// `public reply` (default) or `internal note`.
    #[schema(schema_with = crate::schema::optional_postable_article_kind)]
    pub kind: Option<String>,
    /// The text, verbatim.
    #[serde(default)]
    #[schema(min_length = 1)]
    pub body: String,
}

/// A new relation from the ticket in the path to `target`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationInput {
    /// `cross-reference`, `parent-child` (the path ticket is the parent) or
    /// `master-slave` (the path ticket is the master).
    #[schema(schema_with = crate::schema::relation_kind)]
    pub kind: String,
    /// The other ticket's id.
    pub target: i64,
}

/// Parses a list of addresses for `field`.
pub fn parse_emails(field: &'static str, raw: &[String]) -> ServiceResult<Vec<Email>> {
    Ok(raw
        .iter()
        .map(|address| Email::parse(field, address))
        .collect::<Result<_, _>>()?)
}

/// Parses an optional label with `parse`, or gives `default`.
pub fn label_or<T>(
    raw: Option<&str>,
    default: T,
    parse: fn(&str) -> Result<T, guichet_domain::ValidationError>,
) -> ServiceResult<T> {
    Ok(raw.map(parse).transpose()?.unwrap_or(default))
}
