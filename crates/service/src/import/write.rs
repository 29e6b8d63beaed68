//! One conversation's change: a new historical ticket, the messages an
//! imported ticket lacks, or nothing when every message is known.

use guichet_domain::article::ArticleKind;
use guichet_domain::event::FieldChange;
use guichet_domain::ids::{TicketId, UserId};
use guichet_domain::mail::import::{Historical, historical_ticket, solution};
use guichet_domain::text::BODY_MAX_BYTES;
use guichet_store::{NewArticle, NewMessageId, StoreError};

use super::senders::address_key;
use super::{ArchivedMail, Env, ImportReport};
use crate::change::Change;
use crate::mail::write::subject_of;
use crate::tickets::commit;
use crate::{Context, ServiceError, ServiceResult};

const NO_TEXT: &str = "(the message had no text)";

/// What became of one conversation, in messages.
pub(super) enum Outcome {
    /// It opened a ticket.
    Opened(usize),
    /// Some of its messages were imported before; the others were added.
    Added {
        /// Messages added.
        added: usize,
        /// Messages known already.
        known: usize,
    },
    /// Every message was imported before.
    Known(usize),
    /// It could not be imported, for the reason given.
    Unusable(usize, String),
}

impl Outcome {
    /// The messages it covers.
    pub(super) fn messages(&self) -> usize {
        match self {
            Self::Opened(n) | Self::Known(n) | Self::Unusable(n, _) => *n,
            Self::Added { added, known } => added + known,
        }
    }

    /// Adds it to `report`.
    pub(super) fn count(self, report: &mut ImportReport) {
        match self {
            Self::Opened(n) => {
                report.tickets += 1;
                report.imported += n;
            }
            Self::Added { added, known } => {
                report.imported += added;
                report.already_imported += known;
            }
            Self::Known(n) => report.already_imported += n,
            Self::Unusable(_, reason) => report.unusable.push(reason),
        }
    }
}

/// Writes the conversation of `mails` at indexes `conversation` (by date).
pub(super) async fn conversation(
    ctx: &Context,
    env: &Env,
    mails: &[ArchivedMail],
    conversation: &[usize],
) -> ServiceResult<Outcome> {
    let messages: Vec<&ArchivedMail> = conversation.iter().map(|&i| &mails[i]).collect();
    let ids: Vec<String> = messages.iter().map(|m| m.mail.message_id.clone()).collect();
    if let Some(known) = ctx.store().known_message(&ids).await? {
        return add_missing(ctx, env, &messages, known.ticket).await;
    }
    let authors: Vec<Option<UserId>> = messages.iter().map(|m| author(env, m)).collect();
    let Some(submitter) = authors.iter().flatten().next().copied() else {
        let reason = format!("<{}>: no message of its conversation has a usable From address", ids[0]);
        return Ok(Outcome::Unusable(messages.len(), reason));
    };
    let addresses: Vec<Option<&str>> = messages
        .iter()
        .map(|m| m.mail.from.as_ref().map(|f| f.address.as_str()))
        .collect();
    let solution = solution(&addresses);
    let (first, last) = (messages[0], messages[messages.len() - 1]);
    let ticket = historical_ticket(Historical {
        subject: subject_of(&first.mail, &env.options.tag_prefix),
        description: body(first),
        submitter,
        unit: env.first_level,
        vo: env.vo,
        opened: first.date,
        closed: last.date,
        solved: solution.is_some(),
    });
    let by = env.actor.author();
    let mut change = Change::new(ctx).with_key(Some(&key(first)));
    let list = env.options.list.as_deref();
    change.import_ticket(
        ticket.clone(),
        &initial_fields(&ticket, list, messages.len()),
        messages.len(),
        list,
        &by,
    );
    change.set_description_html(first.mail.html.clone());
    change.add_message_id(NewMessageId {
        message_id: ids[0].clone(),
        ticket: TicketId::NEW,
        article: None,
    });
    for (position, message) in messages.iter().enumerate().skip(1) {
        let kind = match solution == Some(position) {
            true => ArticleKind::Solution,
            false => ArticleKind::PublicReply,
        };
        add_message(&mut change, TicketId::NEW, message, kind, authors[position]);
    }
    match commit(ctx, change).await {
        Ok(_) => Ok(Outcome::Opened(messages.len())),
        // The same conversation imported at the same moment elsewhere.
        Err(ServiceError::Store(StoreError::Duplicate)) => Ok(Outcome::Known(messages.len())),
        Err(other) => Err(other),
    }
}

/// Adds to `ticket` the messages of the conversation it lacks.
async fn add_missing(ctx: &Context, env: &Env, messages: &[&ArchivedMail], ticket: TicketId) -> ServiceResult<Outcome> {
    let mut missing = Vec::new();
    for message in messages {
        let id = std::slice::from_ref(&message.mail.message_id);
        if ctx.store().known_message(id).await?.is_none() {
            missing.push(*message);
        }
    }
    let known = messages.len() - missing.len();
    let Some(first) = missing.first() else {
        return Ok(Outcome::Known(known));
    };
    let mut change = Change::new(ctx).with_key(Some(&key(first)));
    for message in &missing {
        add_message(
            &mut change,
            ticket,
            message,
            ArticleKind::PublicReply,
            author(env, message),
        );
    }
    let text = format!("{} more messages from the archive", missing.len());
    change.note(ticket, "imported", text, &env.actor.author());
    match commit(ctx, change).await {
        Ok(_) => Ok(Outcome::Added {
            added: missing.len(),
            known,
        }),
        Err(ServiceError::Store(StoreError::Duplicate)) => Ok(Outcome::Known(messages.len())),
        Err(other) => Err(other),
    }
}

/// Adds `message` to `change` as an article of `ticket`, with its
/// Message-ID.
fn add_message(
    change: &mut Change,
    ticket: TicketId,
    message: &ArchivedMail,
    kind: ArticleKind,
    author: Option<UserId>,
) {
    let index = change.import_article(NewArticle {
        ticket,
        kind,
        body: body(message),
        html: message.mail.html.clone(),
        author,
        created_at: message.date,
    });
    change.add_message_id(NewMessageId {
        message_id: message.mail.message_id.clone(),
        ticket,
        article: Some(index),
    });
}

/// The key that makes a conversation's change happen once.
fn key(first: &ArchivedMail) -> String {
    format!("import:{}", first.mail.message_id)
}

/// The account of the message's sender, if usable.
fn author(env: &Env, message: &ArchivedMail) -> Option<UserId> {
    let from = message.mail.from.as_ref()?;
    env.senders.get(&address_key(&from.address)).copied()
}

/// The history of an imported ticket: where it stands, and where it
/// came from.
fn initial_fields(ticket: &guichet_domain::ticket::Ticket, list: Option<&str>, messages: usize) -> Vec<FieldChange> {
    let origin = match list {
        Some(list) => format!("{messages} messages of the archive of {list}"),
        None => format!("{messages} messages of a mailing-list archive"),
    };
    vec![
        FieldChange::new("status", None, Some(ticket.status.to_string())),
        FieldChange::new("unit", None, Some(ticket.unit.to_string())),
        FieldChange::new("priority", None, Some(ticket.priority.to_string())),
        FieldChange::new("imported", None, Some(origin)),
    ]
}

/// A message's text (a word saying there was none), cut to the longest
/// body accepted, with the names of its files, which are not imported.
fn body(message: &ArchivedMail) -> String {
    let mail = &message.mail;
    let mut text = match mail.text.trim().is_empty() {
        true => NO_TEXT.to_owned(),
        false => mail.text.clone(),
    };
    for file in &mail.attachments {
        text.push_str(&format!(
            "\n\n[file not imported: {} ({} bytes)]",
            file.filename,
            file.content.len()
        ));
    }
    if text.len() > BODY_MAX_BYTES {
        let mut end = BODY_MAX_BYTES - 64;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("\n\n[the rest of the message was cut]");
    }
    text
}
