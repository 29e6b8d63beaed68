//! OpenAPI schemas of the labels (statuses, priorities, kinds, roles…):
//! strings limited to the domain's own label sets, so the API document
//! lists the values each field takes. Used with `#[schema(schema_with = …)]`
//! by the inputs here and the views of the API.

use utoipa::openapi::Object;
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};

use guichet_domain::article::ArticleKind;
use guichet_domain::deadlines::{Colour, EscalationLevel};
use guichet_domain::preferences::Language;
use guichet_domain::priority::Priority;
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::relation::RelationKind;
use guichet_domain::role::Role;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::ticket::{NotificationMode, Visibility};

/// A string that is one of `labels`.
fn one_of(labels: &[&str]) -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .enum_values(Some(labels.iter().copied()))
        .build()
}

/// One of `labels`, or null (an optional field).
fn one_of_or_null(labels: &[&str]) -> Object {
    let values = labels.iter().map(|l| serde_json::Value::from(*l));
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values.chain([serde_json::Value::Null])))
        .build()
}

macro_rules! label_schemas {
    ($($(#[$doc:meta])* $name:ident, $optional:ident => $labels:path;)*) => {
        $(
            $(#[$doc])*
            pub fn $name() -> Object {
                one_of($labels)
            }

            $(#[$doc])*
            /// Optional: null stands for none.
            pub fn $optional() -> Object {
                one_of_or_null($labels)
            }
        )*
    };
}

label_schemas! {
    /// An escalation colour: `green`, `yellow`, `amber`, `red`.
    colour, optional_colour => Colour::LABELS;
    /// A status label.
    status, optional_status => Status::LABELS;
    /// A qualifier of `solved` or `unsolved`.
    qualifier, optional_qualifier => Qualifier::LABELS;
    /// A priority label.
    priority, optional_priority => Priority::LABELS;
    /// `public` or `private`.
    visibility, optional_visibility => Visibility::LABELS;
    /// When the submitter is notified.
    notification_mode, optional_notification_mode => NotificationMode::LABELS;
    /// The kind of an article.
    article_kind, optional_article_kind => ArticleKind::LABELS;
    /// The kind of a relation.
    relation_kind, optional_relation_kind => RelationKind::LABELS;
    /// The kind of a support unit.
    unit_kind, optional_unit_kind => UnitKind::LABELS;
    /// A unit's quality-of-support level.
    qos_level, optional_qos_level => QosLevel::LABELS;
    /// A role.
    role, optional_role => Role::LABELS;
    /// A language of pages and mails.
    language, optional_language => Language::LABELS;
    /// A level of the submitter's escalation: `unit`, `first-level`, `coordinators`.
    escalation_level, optional_escalation_level => EscalationLevel::LABELS;
}

/// The kinds of article one may post, or null: a solution comes with the
/// status `solved`, not as an article of its own.
pub fn optional_postable_article_kind() -> Object {
    one_of_or_null(&[ArticleKind::PublicReply.as_str(), ArticleKind::InternalNote.as_str()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_schemas_list_the_domain_labels() {
        let json = serde_json::to_value(status()).unwrap_or_default();
        assert_eq!(json["type"], "string");
        assert_eq!(json["enum"].as_array().map(Vec::len), Some(Status::ALL.len()));
        assert_eq!(json["enum"][3], "waiting for reply");
        assert_eq!(
            serde_json::to_value(role()).unwrap_or_default()["enum"][3],
            "unit-manager"
        );
        let optional = serde_json::to_value(optional_qualifier()).unwrap_or_default();
        assert_eq!(optional["type"], serde_json::json!(["string", "null"]));
        assert_eq!(
            optional["enum"].as_array().and_then(|e| e.last()),
            Some(&serde_json::Value::Null)
        );
    }
}
