//! The knowledge base and the portal: answers (articles in Markdown, in
//! French and English), their categories, the portal's links, and the
//! citations that tie tickets to them.
//!
//! An answer is public (everyone reads it) or internal (supporters only).
//! Each version has a title and a Markdown body; a page shows the
//! visitor's language and falls back to the other when it is missing.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ValidationError;
use crate::actor::Actor;
use crate::ids::{AnswerId, CategoryId, PortalLinkId, TicketId, UnitId, UserId};
use crate::label::labelled_enum;
use crate::preferences::Language;

/// The longest title of an answer, or label of a category or portal link.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest body of an answer, in characters.
pub const MAX_BODY_CHARS: usize = 100_000;
/// The longest address of a portal link.
pub const MAX_URL_CHARS: usize = 2_000;

labelled_enum! {
    /// Who may read an answer.
    AnswerVisibility, field = "visibility" {
        /// Everyone, signed in or not.
        Public => "public",
        /// Supporters only.
        Internal => "internal",
    }
}

labelled_enum! {
    /// What a portal link leads to.
    PortalLinkKind, field = "kind" {
        /// A list of frequently asked questions.
        Faq => "faq",
        /// A forum or mailing list.
        Forum => "forum",
        /// User documentation.
        Documentation => "documentation",
        /// Anything else.
        Other => "other",
    }
}

/// A text in English and in French; either may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Bilingual {
    /// The English text.
    pub en: String,
    /// The French text.
    pub fr: String,
}

impl Bilingual {
    /// The text in `language`, else the other one.
    pub fn pick(&self, language: Language) -> &str {
        let (wanted, other) = match language {
            Language::En => (&self.en, &self.fr),
            Language::Fr => (&self.fr, &self.en),
        };
        if wanted.is_empty() { other } else { wanted }
    }

    /// Which language [`Self::pick`] shows for `language`.
    pub fn shown(&self, language: Language) -> Language {
        match (language, self.en.is_empty(), self.fr.is_empty()) {
            (Language::En, true, false) => Language::Fr,
            (Language::Fr, false, true) => Language::En,
            (language, _, _) => language,
        }
    }

    /// Both labels checked: trimmed, at least one given, none too long.
    /// Errors name `field_en`, `field_fr`, or `field` when both are empty.
    pub fn labels(
        field: &'static str,
        (field_en, en): (&'static str, &str),
        (field_fr, fr): (&'static str, &str),
    ) -> Result<Self, ValidationError> {
        let en = short_text(field_en, en)?;
        let fr = short_text(field_fr, fr)?;
        if en.is_empty() && fr.is_empty() {
            return Err(ValidationError::new(field, "give it in English, in French or both"));
        }
        Ok(Self { en, fr })
    }
}

/// `raw` trimmed, refused past [`MAX_TITLE_CHARS`] or with a line break.
fn short_text(field: &'static str, raw: &str) -> Result<String, ValidationError> {
    let text = raw.trim();
    if text.chars().count() > MAX_TITLE_CHARS {
        return Err(ValidationError::new(
            field,
            format!("at most {MAX_TITLE_CHARS} characters"),
        ));
    }
    if text.contains(['\n', '\r']) {
        return Err(ValidationError::new(field, "must be a single line"));
    }
    Ok(text.to_owned())
}

/// An answer's two versions: a title and a Markdown body in each language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AnswerTexts {
    /// The titles.
    pub title: Bilingual,
    /// The Markdown bodies.
    pub body: Bilingual,
}

impl AnswerTexts {
    /// Checks the versions: at least one title; each version with a title
    /// has a body and each body a title; nothing too long. Errors name the
    /// field (`title` when there is none at all, else `title_en`,
    /// `body_fr`…).
    pub fn parse(title_en: &str, body_en: &str, title_fr: &str, body_fr: &str) -> Result<Self, ValidationError> {
        let title = Bilingual::labels("title", ("title_en", title_en), ("title_fr", title_fr))?;
        let body = Bilingual {
            en: body_text("body_en", body_en)?,
            fr: body_text("body_fr", body_fr)?,
        };
        for (title, body, title_field, body_field) in [
            (&title.en, &body.en, "title_en", "body_en"),
            (&title.fr, &body.fr, "title_fr", "body_fr"),
        ] {
            if title.is_empty() && !body.is_empty() {
                return Err(ValidationError::new(title_field, "a version with a body needs a title"));
            }
            if !title.is_empty() && body.is_empty() {
                return Err(ValidationError::new(body_field, "a version with a title needs a body"));
            }
        }
        Ok(Self { title, body })
    }

    /// The draft that promotes a ticket's solution: its subject as the
    /// title and its solution as the body, in `language` only.
    pub fn promoted(subject: &str, solution: &str, language: Language) -> Self {
        let title: String = subject.trim().chars().take(MAX_TITLE_CHARS).collect();
        let body: String = solution.trim().chars().take(MAX_BODY_CHARS).collect();
        let one = |text: String| match language {
            Language::En => Bilingual {
                en: text,
                fr: String::new(),
            },
            Language::Fr => Bilingual {
                en: String::new(),
                fr: text,
            },
        };
        Self {
            title: one(title),
            body: one(body),
        }
    }
}

/// `raw` with its trailing white space removed, refused past [`MAX_BODY_CHARS`].
fn body_text(field: &'static str, raw: &str) -> Result<String, ValidationError> {
    let text = raw.trim_end();
    let text = if text.trim().is_empty() { "" } else { text };
    if text.chars().count() > MAX_BODY_CHARS {
        return Err(ValidationError::new(
            field,
            format!("at most {MAX_BODY_CHARS} characters"),
        ));
    }
    Ok(text.to_owned())
}

/// A knowledge-base answer, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// Its id.
    pub id: AnswerId,
    /// Its category, if any.
    pub category: Option<CategoryId>,
    /// The unit whose FAQ it is part of, if any.
    pub unit: Option<UnitId>,
    /// Who may read it.
    pub visibility: AnswerVisibility,
    /// Its versions.
    pub texts: AnswerTexts,
    /// The ticket whose solution it was promoted from, if it was.
    pub source_ticket: Option<TicketId>,
    /// Who wrote it.
    pub author: UserId,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl Answer {
    /// Whether `viewer` (`None`: not signed in) may read it: a public
    /// answer everyone, an internal one supporters only.
    pub fn visible_to(&self, viewer: Option<&Actor>) -> bool {
        self.visibility == AnswerVisibility::Public || viewer.is_some_and(|a| a.role().is_supporter())
    }
}

/// A category of answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// Its id.
    pub id: CategoryId,
    /// Its name, in both languages.
    pub name: Bilingual,
}

/// A link of the portal: a FAQ, forum or documentation elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortalLink {
    /// Its id.
    pub id: PortalLinkId,
    /// What it leads to.
    pub kind: PortalLinkKind,
    /// Where it leads: `http(s)://…` or a path of this site.
    pub url: String,
    /// Its label, in both languages.
    pub label: Bilingual,
    /// Its place in the portal's list, smallest first.
    pub position: i64,
}

/// Checks a portal link's address: `http://` or `https://` with a host,
/// or a path of this site starting with `/` (not `//`).
pub fn parse_url(raw: &str) -> Result<String, ValidationError> {
    let url = raw.trim();
    let refused = || ValidationError::new("url", "expected an http:// or https:// address, or a path from /");
    if url.is_empty() || url.chars().count() > MAX_URL_CHARS || url.chars().any(char::is_whitespace) {
        return Err(refused());
    }
    let web = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| {
            url.get(..scheme.len())
                .filter(|s| s.eq_ignore_ascii_case(scheme))
                .map(|_| scheme.len())
        })
        .next();
    match web {
        Some(scheme) if url.len() > scheme && !url[scheme..].starts_with('/') => Ok(url.to_owned()),
        None if url.starts_with('/') && !url.starts_with("//") => Ok(url.to_owned()),
        _ => Err(refused()),
    }
}

/// What a ticket cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitationTarget {
    /// A knowledge-base answer.
    Answer(AnswerId),
    /// A portal link.
    PortalLink(PortalLinkId),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_version_falls_back_to_the_other_language() {
        let title = Bilingual {
            en: "Proxy expired".into(),
            fr: String::new(),
        };
        assert_eq!(title.pick(Language::Fr), "Proxy expired");
        assert_eq!(title.shown(Language::Fr), Language::En);
        assert_eq!(title.pick(Language::En), "Proxy expired");
    }

    #[test]
    fn texts_need_a_title_and_a_body_per_version() {
        assert_eq!(AnswerTexts::parse(" ", "", "", "").unwrap_err().field, "title");
        assert_eq!(AnswerTexts::parse("T", " ", "", "").unwrap_err().field, "body_en");
        assert_eq!(AnswerTexts::parse("T", "B", "", "corps").unwrap_err().field, "title_fr");
        assert_eq!(AnswerTexts::parse("a\nb", "B", "", "").unwrap_err().field, "title_en");
        let texts = AnswerTexts::parse(" T ", "B\n", "", "").unwrap();
        assert_eq!(texts.title.en, "T");
        assert_eq!(texts.body.en, "B");
        assert!(texts.title.fr.is_empty());
    }

    #[test]
    fn promoting_fills_one_language() {
        let draft = AnswerTexts::promoted("Subject", "Restart it.", Language::Fr);
        assert_eq!(draft.title.fr, "Subject");
        assert_eq!(draft.body.fr, "Restart it.");
        assert!(draft.title.en.is_empty());
    }

    #[test]
    fn portal_addresses_are_web_or_local() {
        assert!(parse_url("https://example.org/faq").is_ok());
        assert!(parse_url("/kb").is_ok());
        for bad in [
            "javascript:alert(1)",
            "//evil.org",
            "https://",
            "ftp://x",
            "",
            "https://a b",
        ] {
            assert_eq!(parse_url(bad).unwrap_err().field, "url", "{bad}");
        }
    }
}
