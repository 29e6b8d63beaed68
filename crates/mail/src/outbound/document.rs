//! What a notification says, in the recipient's language and for their
//! side, before it is laid out as text and as HTML.
//!
//! The requester side never sees what is for supporters only: internal
//! notes, the history fields [`FieldChange::is_for_supporters`] names, and
//! the files of a change that added an internal note (a file's article is
//! not known here, so they are all held back).

use guichet_domain::Labelled;
use guichet_domain::article::{Article, ArticleKind};
use guichet_domain::deadlines::Reminder;
use guichet_domain::event::FieldChange;
use guichet_domain::mail::quotes::own_words;
use guichet_domain::notify::Side;
use guichet_service::mail::notices::Notice;
use guichet_service::mail::{MailSettings, subject_tag};

use super::i18n::Words;

/// A notification's content, in words.
pub(crate) struct Document {
    /// The language's tag, for the HTML part.
    pub lang: &'static str,
    /// `Ticket #100234: SRM down`.
    pub heading: String,
    /// Who did what.
    pub action: String,
    /// The description, articles, changes and files, in that order.
    pub sections: Vec<Section>,
    /// The submitter's verify and reopen links, in their mail only.
    pub confirm: Option<Section>,
    /// Where the ticket stands: its status, priority and unit.
    pub facts: Section,
    /// The label of the link to the ticket.
    pub link_label: String,
    /// The ticket's page.
    pub link: String,
    /// How to answer by mail.
    pub hint: String,
    /// That the mail is automatic.
    pub automatic: String,
}

/// A titled part of the mail.
pub(crate) struct Section {
    /// Its title.
    pub title: String,
    /// Its content.
    pub body: Body,
}

/// A section's content.
pub(crate) enum Body {
    /// Text, as written, line breaks kept.
    Text(String),
    /// One item per line.
    List(Vec<String>),
    /// One item per line, each a label and, if any, the address it links to.
    Links(Vec<(String, Option<String>)>),
}

/// What `notice` tells a recipient on `side`, in `words`' language.
pub(crate) fn document(
    settings: &MailSettings,
    notice: &Notice,
    side: Side,
    to_submitter: bool,
    lang: &'static str,
    words: &Words,
) -> Document {
    let supporter = side == Side::Supporter;
    let ticket = &notice.ticket;
    let number = ticket.number().to_string();
    let author = author_name(notice, words);
    let mut sections = Vec::new();
    if notice.summary.created {
        sections.push(text_section(words.t("mail-description"), &ticket.description));
    }
    let articles = notice
        .articles
        .iter()
        .filter(|a| supporter || a.kind != ArticleKind::InternalNote);
    sections.extend(articles.map(|a| article_section(a, &author, words)));
    sections.extend(changes(&notice.fields, supporter, words));
    sections.extend(files(notice, supporter, words));
    let tag = subject_tag(settings, ticket.number());
    Document {
        lang,
        heading: words.t_args("mail-heading", &[("number", &number), ("subject", &ticket.subject)]),
        action: match notice.summary.reminder {
            Some(reminder) => reminder_sentence(reminder, &author, words),
            None => words.t_args(action_id(notice, supporter), &[("author", &author)]),
        },
        sections,
        confirm: confirm_section(settings, notice, to_submitter, words),
        facts: facts(notice, words),
        link_label: words.t("mail-view"),
        link: format!("{}/tickets/{number}", settings.public_url.trim_end_matches('/')),
        hint: words.t_args("mail-reply-hint", &[("tag", &tag)]),
        automatic: words.t("mail-automatic"),
    }
}

/// Who made the change: their name, or Guichet itself.
fn author_name(notice: &Notice, words: &Words) -> String {
    match &notice.author {
        Some((name, _)) if !name.trim().is_empty() => name.trim().to_owned(),
        Some((_, address)) => address.clone(),
        None => words.t("mail-system"),
    }
}

/// The sentence that says what happened, the most telling first.
fn action_id(notice: &Notice, supporter: bool) -> &'static str {
    let summary = &notice.summary;
    if summary.created {
        "mail-action-opened"
    } else if summary.solved {
        "mail-action-solved"
    } else if summary.reopened {
        "mail-action-reopened"
    } else if summary.public_replies > 0 {
        "mail-action-replied"
    } else if supporter && summary.internal_notes > 0 {
        "mail-action-noted"
    } else {
        "mail-action-updated"
    }
}

/// The sentence of a reminder: which deadline was reached.
fn reminder_sentence(reminder: Reminder, author: &str, words: &Words) -> String {
    match reminder {
        Reminder::Colour { colour } => {
            let colour = words.label("colour", colour.as_str());
            words.t_args("mail-action-reminder-colour", &[("colour", &colour)])
        }
        Reminder::QosWarning { target_hours } => {
            words.t_args("mail-action-qos-warning", &[("hours", &target_hours.to_string())])
        }
        Reminder::QosBreach { target_hours } => {
            words.t_args("mail-action-qos-breach", &[("hours", &target_hours.to_string())])
        }
        Reminder::Escalated { level } => {
            let level = words.label("escalation-level", level.as_str());
            words.t_args("mail-action-escalated", &[("author", author), ("level", &level)])
        }
        Reminder::AwaitingReply { step } => {
            let count = (step.position() + 1).to_string();
            words.t_args("mail-action-awaiting-reply", &[("count", &count)])
        }
    }
}

/// A section of text: the writer's own words, or the whole text if it is
/// all quotes.
fn text_section(title: String, text: &str) -> Section {
    let own = own_words(text);
    let shown = if own.is_empty() { text.trim().to_owned() } else { own };
    Section {
        title,
        body: Body::Text(shown),
    }
}

fn article_section(article: &Article, author: &str, words: &Words) -> Section {
    let kind = words.t(kind_id(article.kind));
    let title = words.t_args("mail-article", &[("kind", &kind), ("author", author)]);
    text_section(title, &article.body)
}

fn kind_id(kind: ArticleKind) -> &'static str {
    match kind {
        ArticleKind::PublicReply => "mail-kind-public-reply",
        ArticleKind::InternalNote => "mail-kind-internal-note",
        ArticleKind::Solution => "mail-kind-solution",
    }
}

/// The changed fields the side may read, old → new.
fn changes(fields: &[FieldChange], supporter: bool, words: &Words) -> Option<Section> {
    let rows: Vec<String> = fields
        .iter()
        .filter(|f| supporter || !f.is_for_supporters())
        .map(|f| {
            let field = words.label("field", &f.field);
            let old = value(&f.field, f.old.as_deref(), words);
            let new = value(&f.field, f.new.as_deref(), words);
            words.t_args("mail-change", &[("field", &field), ("old", &old), ("new", &new)])
        })
        .collect();
    list_section(words.t("mail-changes"), rows)
}

/// A field's value as the language writes it.
fn value(field: &str, value: Option<&str>, words: &Words) -> String {
    match (field, value) {
        (_, None) => words.t("mail-value-none"),
        ("status" | "priority", Some(label)) => words.label(field, label),
        (_, Some(text)) => text.to_owned(),
    }
}

/// The files attached, unless they may be an internal note's.
fn files(notice: &Notice, supporter: bool, words: &Words) -> Option<Section> {
    let with_note = notice.articles.iter().any(|a| a.kind == ArticleKind::InternalNote);
    if with_note && !supporter {
        return None;
    }
    list_section(words.t("mail-files"), notice.files.clone())
}

fn list_section(title: String, items: Vec<String>) -> Option<Section> {
    (!items.is_empty()).then_some(Section {
        title,
        body: Body::List(items),
    })
}

/// The ticket's status, priority and unit.
fn facts(notice: &Notice, words: &Words) -> Section {
    let ticket = &notice.ticket;
    let rows = [
        ("mail-fact-status", words.label("status", ticket.status.as_str())),
        ("mail-fact-priority", words.label("priority", ticket.priority.as_str())),
        ("mail-fact-unit", ticket.unit.to_string()),
    ];
    Section {
        title: words.t("mail-facts"),
        body: Body::List(
            rows.into_iter()
                .map(|(id, value)| words.t_args("mail-fact", &[("name", &words.t(id)), ("value", &value)]))
                .collect(),
        ),
    }
}

/// "Is your problem solved?": the verify and reopen links of an answer,
/// for its submitter only, with until when they work (UTC).
fn confirm_section(settings: &MailSettings, notice: &Notice, to_submitter: bool, words: &Words) -> Option<Section> {
    let links = notice.confirmation.as_ref().filter(|_| to_submitter)?;
    let url = |token: &str| format!("{}/confirm/{token}", settings.public_url.trim_end_matches('/'));
    let mut rows = vec![(words.t("mail-confirm-intro"), None)];
    if let Some(verify) = &links.verify {
        rows.push((words.t("mail-confirm-verify"), Some(url(verify))));
    }
    rows.push((words.t("mail-confirm-reopen"), Some(url(&links.reopen))));
    let until = links.valid_until.format("%Y-%m-%d %H:%M UTC").to_string();
    rows.push((words.t_args("mail-confirm-valid", &[("until", &until)]), None));
    Some(Section {
        title: words.t("mail-confirm-title"),
        body: Body::Links(rows),
    })
}
