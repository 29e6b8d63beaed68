//! Why a use case refused a field, in the visitor's language. The use
//! cases' own messages are in English; the pages know each field's usual
//! reasons and say them in the page's language, keeping the English
//! message only for a field they do not know.

use guichet_service::ServiceError;

use crate::i18n::Tr;

/// The message id explaining a refused `field`, if the pages know it.
fn message_id(field: &str, english: &str) -> Option<&'static str> {
    let id = match field {
        "subject" | "description" | "body" | "solution" | "comment" | "name" if is_missing(english) => "field-required",
        "subject" => "reason-subject",
        "description" | "body" | "solution" | "comment" => "reason-text-too-long",
        "priority_justification" => "priority-needs-justification",
        "priority" => "reason-priority",
        "qualifier" => "status-needs-qualifier",
        "status" => "reason-status",
        "site" | "vo" | "type" | "issue_type" | "unit" | "assignee" | "units" | "users" => "reason-choice",
        "visibility" | "notification_mode" | "kind" => "reason-option",
        "cc" => "reason-cc",
        "occurred_at" => "reason-occurred-at",
        "target" => "reason-target",
        "file" | "files" => "reason-file",
        "escalation" => "reason-escalation",
        _ => return None,
    };
    Some(id)
}

/// Whether an English message says a value is missing.
fn is_missing(english: &str) -> bool {
    let english = english.to_ascii_lowercase();
    ["required", "empty", "blank", "needs a", "is missing"]
        .iter()
        .any(|marker| english.contains(marker))
}

/// Why `field` was refused with `english`, in the page's language.
pub fn explain(tr: &Tr<'_>, field: &str, english: &str) -> String {
    match message_id(field, english) {
        Some(id) => tr.t(id),
        None => english.to_owned(),
    }
}

/// Why a use case refused, in the page's language where the reason is a
/// known field's.
pub fn of_error(tr: &Tr<'_>, error: &ServiceError) -> String {
    match error {
        ServiceError::Invalid { field, message } | ServiceError::Refused { field, message } => {
            explain(tr, field, message)
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogs, Lang};

    #[test]
    fn known_fields_are_explained_in_both_languages() {
        let catalogs = Catalogs::load();
        let fields = [
            ("subject", "a subject is required"),
            ("subject", "subject: at most 250 characters"),
            ("body", "solving a ticket needs a solution text"),
            ("priority_justification", "raising the priority needs a justification"),
            ("site", "site 99 not found"),
            ("cc", "\"x@\" is not an e-mail address"),
            ("status", "a ticket cannot go from status \"new\" to \"verified\""),
            ("target", "a ticket cannot relate to itself"),
        ];
        for lang in Lang::ALL {
            let tr = Tr::new(&catalogs, lang);
            for (field, english) in fields {
                let id = message_id(field, english).unwrap_or_else(|| panic!("{field} is known"));
                assert!(catalogs.has_value(lang, id), "{id} in {}", lang.code());
                assert_eq!(explain(&tr, field, english), tr.t(id));
            }
        }
        let tr = Tr::new(&catalogs, Lang::Fr);
        assert_eq!(explain(&tr, "subject", "a subject is required"), tr.t("field-required"));
        assert_eq!(
            explain(&tr, "mystery", "odd"),
            "odd",
            "unknown fields keep the use case's words"
        );
    }
}
