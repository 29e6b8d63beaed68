//! The changes a message makes: a new ticket with its description, CC and
//! files, or a public reply on its ticket; each in one change, keyed by the
//! message's Message-ID.

use guichet_domain::actor::Actor;
use guichet_domain::article::ArticleKind;
use guichet_domain::event::FieldChange;
use guichet_domain::ids::TicketId;
use guichet_domain::mail::tag::{strip_reply_prefixes, strip_tags};
use guichet_domain::mail::threading::NewReason;
use guichet_domain::priority::Priority;
use guichet_domain::relation::RelationKind;
use guichet_domain::status::Status;
use guichet_domain::text::{Email, NonBlank, SUBJECT_MAX_CHARS, Subject};
use guichet_domain::ticket::{NewTicket, Ticket, Visibility, open_ticket};
use guichet_domain::update::{status_after_article, system_status_change};
use guichet_store::{ArticleLink, NewArticle, NewMessageId, NewRelation, User};

use super::addressing::{Destination, is_own_address};
use super::{IncomingMail, MailSettings, Receipt};
use crate::attachments::prepare;
use crate::change::Change;
use crate::tickets::{commit, with_retries};
use crate::{Context, ServiceError, ServiceResult};

/// What a new ticket's description says when the mail had no text.
const NO_TEXT: &str = "(the message had no text)";
/// What a new ticket's subject says when the mail had none.
const NO_SUBJECT: &str = "(no subject)";

/// Adds `mail` to `ticket` as `sender`'s article of `kind` (a public reply,
/// or a supporter's internal note), with its files; a submitter's reply
/// resumes a ticket waiting for them, and a requester's reply reopens a
/// solved one.
pub async fn join(
    ctx: &Context,
    mail: &IncomingMail,
    key: &str,
    sender: &User,
    ticket: &Ticket,
    reopen: bool,
    kind: ArticleKind,
) -> ServiceResult<Receipt> {
    let actor = Actor::user(sender.id, sender.role);
    let id = ticket.id;
    with_retries(|| async {
        let ticket = ctx.store().ticket(id).await?.ticket;
        let mut change = Change::new(ctx).with_key(Some(key));
        let by = actor.author();
        let article = NewArticle {
            ticket: id,
            kind,
            body: body_text(mail)?,
            html: mail.html.clone(),
            author: Some(sender.id),
            created_at: change.at(),
        };
        let index = change.add_article(article, &by);
        change.add_message_id(NewMessageId {
            message_id: mail.message_id.clone(),
            ticket: id,
            article: Some(index),
        });
        for file in mail.attachments.iter().cloned() {
            let attachment = prepare(ctx, &actor, id, Some(ArticleLink::New(index)), file)?;
            change.add_attachment(attachment, &by);
        }
        let next = if reopen && matches!(ticket.status, Status::Solved | Status::Unsolved) {
            Some(Status::Reopened)
        } else {
            status_after_article(&ticket, &actor, kind)
        };
        if let Some(status) = next {
            let moved = system_status_change(&ticket, status, None, change.at())?;
            change.update_ticket(&ticket, moved, &by);
        }
        commit(ctx, change).await?;
        Ok(Receipt::Added(ticket.number()))
    })
    .await
}

/// Opens a ticket from `mail`: in the unit it was addressed to, or in
/// first-level support; cross-referenced to `related` when it was found
/// but not joined.
#[expect(clippy::too_many_arguments, reason = "one message's facts, decided by the caller")]
pub async fn open(
    ctx: &Context,
    settings: &MailSettings,
    mail: &IncomingMail,
    key: &str,
    sender: &User,
    destination: Destination,
    related: Option<&Ticket>,
    reason: NewReason,
) -> ServiceResult<Receipt> {
    let actor = Actor::user(sender.id, sender.role);
    let first_level = ctx.store().first_level_unit().await?.ok_or_else(|| {
        ServiceError::Conflict("no first-level support unit is configured; run `guichet migrate`".into())
    })?;
    let unit = match destination {
        Destination::Unit(unit) => Some(unit),
        Destination::Helpdesk | Destination::Ticket(_) => None,
    };
    let request = new_ticket(ctx, settings, mail, sender, related).await?;
    let mut change = Change::new(ctx).with_key(Some(key));
    let ticket = open_ticket(request, actor.role(), unit, first_level, change.at())?;
    let by = actor.author();
    change.create_ticket(ticket.clone(), &initial_fields(&ticket), &by);
    change.set_description_html(mail.html.clone());
    change.add_message_id(NewMessageId {
        message_id: mail.message_id.clone(),
        ticket: TicketId::NEW,
        article: None,
    });
    for file in mail.attachments.iter().cloned() {
        let attachment = prepare(ctx, &actor, TicketId::NEW, None, file)?;
        change.add_attachment(attachment, &by);
    }
    if let Some(related) = related {
        let relation = NewRelation {
            kind: RelationKind::CrossReference,
            from: related.id,
            to: TicketId::NEW,
            created_at: change.at(),
        };
        change.add_relation(relation, &by);
    }
    let committed = commit(ctx, change).await?;
    let number = committed.ticket.ok_or(ServiceError::NotFound("ticket"))?.number();
    Ok(match related {
        Some(related) => Receipt::OpenedRelated {
            ticket: number,
            related: related.number(),
            reason: reason_text(reason).into(),
        },
        None => Receipt::Opened(number),
    })
}

/// The new ticket a message asks for.
async fn new_ticket(
    ctx: &Context,
    settings: &MailSettings,
    mail: &IncomingMail,
    sender: &User,
    related: Option<&Ticket>,
) -> ServiceResult<NewTicket> {
    let preferences = ctx.store().preferences(sender.id).await?;
    let private = related.is_some_and(|t| t.visibility == Visibility::Private);
    Ok(NewTicket {
        subject: Subject::parse(&subject_of(mail, &settings.tag_prefix))?,
        description: NonBlank::parse("body", &body_text(mail)?)?,
        submitter: sender.id,
        issue_type: None,
        site: None,
        vo: None,
        occurred_at: None,
        priority: Priority::DEFAULT,
        priority_justification: None,
        involved_units: Vec::new(),
        involved_users: Vec::new(),
        cc: copied(ctx, settings, mail, sender).await?,
        notification_mode: preferences.notification_mode,
        visibility: if private {
            Visibility::Private
        } else {
            Visibility::Public
        },
    })
}

/// The subject without our tags and reply prefixes, cut to the longest GGUS accepts,
/// on one line.
pub(crate) fn subject_of(mail: &IncomingMail, prefix: &str) -> String {
    let one_line: String = mail
        .subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let untagged = strip_tags(&one_line, prefix);
    let stripped = strip_reply_prefixes(untagged.trim()).trim().to_owned();
    if stripped.is_empty() {
        return NO_SUBJECT.into();
    }
    stripped.chars().take(SUBJECT_MAX_CHARS).collect()
}

/// The text, or a word saying there was none.
fn body_text(mail: &IncomingMail) -> ServiceResult<String> {
    let text = if mail.text.trim().is_empty() {
        NO_TEXT
    } else {
        &mail.text
    };
    Ok(NonBlank::parse("body", text)?.into_string())
}

/// The people the mail was also sent to, who follow the new ticket: its
/// To and CC addresses other than Guichet's own and the sender's, at most
/// [`MailSettings::max_cc`] of them; never a mailing list the mail came
/// through, and nobody for mail of an old list during a migration.
async fn copied(
    ctx: &Context,
    settings: &MailSettings,
    mail: &IncomingMail,
    sender: &User,
) -> ServiceResult<Vec<Email>> {
    if from_coexistence_list(settings, mail) {
        return Ok(Vec::new());
    }
    let lists = list_addresses(mail);
    let mut cc: Vec<Email> = mail
        .to
        .iter()
        .chain(&mail.cc)
        .filter(|m| !is_own_address(settings, &[], &m.address))
        .filter_map(|m| Email::parse("cc", &m.address).ok())
        .filter(|e| e.as_str() != sender.email)
        .filter(|e| !lists.iter().any(|l| l.eq_ignore_ascii_case(e.as_str())))
        .collect();
    if cc.is_empty() {
        return Ok(cc);
    }
    let units: Vec<String> = ctx.store().units().await?.into_iter().filter_map(|u| u.email).collect();
    cc.retain(|e| !is_own_address(settings, &units, e.as_str()));
    cc.sort();
    cc.dedup();
    if cc.len() > settings.max_cc {
        tracing::warn!(message_id = %mail.message_id, kept = settings.max_cc, given = cc.len(), "too many CC addresses");
        cc.truncate(settings.max_cc);
    }
    Ok(cc)
}

/// Whether `mail` came through one of the old lists of a migration: its
/// members are not the ticket's people, so nobody is copied.
fn from_coexistence_list(settings: &MailSettings, mail: &IncomingMail) -> bool {
    header_values(mail, "List-Id").any(|id| {
        let id = id.rsplit_once('<').map_or(id, |(_, rest)| rest.trim_end_matches('>'));
        settings
            .safety
            .coexistence_lists
            .iter()
            .any(|l| l.eq_ignore_ascii_case(id.trim()))
    })
}

/// The addresses of the mailing lists the message came through (its
/// `List-Post`): a list never becomes a ticket's CC, or every reply would
/// go to all its members again.
fn list_addresses(mail: &IncomingMail) -> Vec<String> {
    header_values(mail, "List-Post")
        .flat_map(|value| value.split(','))
        .filter_map(|part| {
            let inner = part.trim().trim_start_matches('<').split('>').next()?;
            inner
                .strip_prefix("mailto:")
                .map(|a| a.split('?').next().unwrap_or(a).trim().to_owned())
        })
        .collect()
}

fn header_values<'m>(mail: &'m IncomingMail, name: &'m str) -> impl Iterator<Item = &'m str> + 'm {
    mail.headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The history of a new ticket: where it starts.
fn initial_fields(ticket: &Ticket) -> Vec<FieldChange> {
    vec![
        FieldChange::new("status", None, Some(ticket.status.to_string())),
        FieldChange::new("unit", None, Some(ticket.unit.to_string())),
        FieldChange::new("priority", None, Some(ticket.priority.to_string())),
    ]
}

fn reason_text(reason: NewReason) -> &'static str {
    match reason {
        NewReason::NoTicket => "no ticket",
        NewReason::NewProblem => "a new problem in an old thread",
        NewReason::Stranger => "the sender is not on that ticket",
        NewReason::Closed => "that ticket is closed",
    }
}
