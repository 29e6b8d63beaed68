//! Validated text values. Each is built only by `parse`, so holding one proves
//! it is valid. Text is kept verbatim: HTML and SQL metacharacters are data.

use serde::{Deserialize, Serialize};

use crate::error::ValidationError;

/// A ticket subject: 1 to 250 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Subject(String);

/// The longest subject GGUS accepts, in characters.
pub const SUBJECT_MAX_CHARS: usize = 250;

impl Subject {
    /// Validates a subject.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::new("subject", "the subject is required"));
        }
        let chars = trimmed.chars().count();
        if chars > SUBJECT_MAX_CHARS {
            return Err(ValidationError::new(
                "subject",
                format!("the subject has {chars} characters; at most {SUBJECT_MAX_CHARS} are allowed"),
            ));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(ValidationError::new("subject", "the subject must be a single line"));
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The subject text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text that must not be blank (descriptions, article bodies, names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NonBlank(String);

/// The largest article or description accepted, in bytes.
pub const BODY_MAX_BYTES: usize = 1_000_000;

impl NonBlank {
    /// Validates text for `field`; it is kept verbatim, not trimmed.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, ValidationError> {
        if raw.trim().is_empty() {
            return Err(ValidationError::new(field, format!("{field} is required")));
        }
        if raw.len() > BODY_MAX_BYTES {
            return Err(ValidationError::new(
                field,
                format!("{field} is longer than {BODY_MAX_BYTES} bytes"),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// A short name (unit, site, VO, person): 1 to 200 characters, one line, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    /// Validates a name for `field`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::new(field, format!("{field} is required")));
        }
        if trimmed.chars().count() > 200 || trimmed.chars().any(char::is_control) {
            return Err(ValidationError::new(
                field,
                format!("{field} must be one line of at most 200 characters"),
            ));
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An e-mail address, lower-cased. The check is deliberately simple: one `@`,
/// a dotted domain, no spaces; delivery is the real test.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Validates an address for `field`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, ValidationError> {
        let address = raw.trim().to_lowercase();
        let valid = address.len() <= 254
            && address.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            })
            && !address
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c));
        if valid {
            Ok(Self(address))
        } else {
            Err(ValidationError::new(
                field,
                format!("{raw:?} is not a valid e-mail address"),
            ))
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_bounded_and_required() {
        assert!(Subject::parse(&"é".repeat(250)).is_ok(), "250 characters, not bytes");
        let long = Subject::parse(&"x".repeat(251)).unwrap_err();
        assert_eq!(long.field, "subject");
        assert!(long.message.contains("251"));
        assert!(Subject::parse("   ").is_err());
        assert!(Subject::parse("two\nlines").is_err());
        assert_eq!(Subject::parse("  CREAM CE down ").unwrap().as_str(), "CREAM CE down");
    }

    #[test]
    fn markup_and_sql_are_kept_verbatim() {
        let nasty = "<script>alert(1)</script>'; DROP TABLE tickets; --";
        assert_eq!(Subject::parse(nasty).unwrap().as_str(), nasty);
        assert_eq!(NonBlank::parse("body", nasty).unwrap().as_str(), nasty);
    }

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(Email::parse("cc", " Alice@CNRS.fr ").unwrap().as_str(), "alice@cnrs.fr");
        for bad in [
            "alice",
            "alice@",
            "@cnrs.fr",
            "alice@cnrs",
            "a b@cnrs.fr",
            "a@b@cnrs.fr",
            "<a@b.fr>",
        ] {
            assert!(Email::parse("cc", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn blank_text_is_refused() {
        assert_eq!(NonBlank::parse("description", " \n").unwrap_err().field, "description");
        assert!(Name::parse("name", "").is_err());
    }
}
