//! What an accepted message becomes: a new ticket, a reply on its ticket,
//! a recorded bounce, or nothing (automatic mail). One change per message,
//! keyed by its Message-ID, so that a message delivered twice is stored once
//! and a message is stored whole or not at all.

use guichet_domain::mail::safety::{Verdict, classify};
use guichet_domain::mail::threading::{Decision, NewReason};
use guichet_store::StoreError;

use super::addressing::Destination;
use super::write::{join, open};
use super::{IncomingMail, MailSettings, Mailbox, Receipt, Refusal, contacts, delivery_report, thread};
use crate::{Context, ServiceError};

/// Receives `mail`, sent to `destinations` (each already accepted by
/// [`super::addressing::destination`]). `Ok` means it is stored durably
/// (or deliberately dropped, as automatic mail): the channel may answer 250.
pub async fn receive(
    ctx: &Context,
    settings: &MailSettings,
    mail: IncomingMail,
    destinations: &[Destination],
) -> Result<Receipt, Refusal> {
    settings.check_message_size(mail.size)?;
    let from_list = match classify(&mail.headers, mail.envelope_sender.as_deref(), &settings.safety) {
        Verdict::Bounce => return delivery_report::record(ctx, &mail).await,
        Verdict::Ignore(reason) => {
            tracing::info!(message_id = %mail.message_id, %reason, "automatic mail dropped");
            return Ok(Receipt::Ignored(reason.to_string()));
        }
        Verdict::Accept { from_list } => from_list,
    };
    let key = change_key(&mail);
    if let Some(done) = ctx.store().ticket_by_change_key(&key).await.map_err(Refusal::from)? {
        return Ok(Receipt::Duplicate(done.into()));
    }
    let destination = if from_list {
        Destination::Helpdesk
    } else {
        Destination::strongest(destinations).unwrap_or(Destination::Helpdesk)
    };
    let from = author(&mail)?;
    check_sizes(ctx, &mail)?;
    let sender = contacts::sender_account(ctx, &from).await?;
    let plan = thread::plan(ctx, settings, &mail, destination, &sender).await?;
    check_rate(ctx, settings, &sender, &plan.decision).await?;
    let written = match plan.decision {
        Decision::Join { reopen, .. } => {
            let ticket = plan
                .found
                .ok_or_else(|| Refusal::Temporary("the ticket vanished".into()))?;
            let kind = reply_kind(&sender, plan.answers_internal);
            join(ctx, &mail, &key, &sender, &ticket, reopen, kind).await
        }
        Decision::NewTicket { reason, .. } => {
            let related = plan.found.as_ref().filter(|_| reason != NewReason::NoTicket);
            open(ctx, settings, &mail, &key, &sender, destination, related, reason).await
        }
    };
    match written {
        Err(ServiceError::Store(StoreError::Duplicate)) => {
            let done = ctx.store().ticket_by_change_key(&key).await.map_err(Refusal::from)?;
            done.map(|t| Receipt::Duplicate(t.into()))
                .ok_or_else(|| Refusal::Temporary("a duplicate of a message whose ticket is unknown".into()))
        }
        other => other.map_err(Refusal::from),
    }
}

/// Refuses, before anything is written (even the sender's contact), a
/// message whose text or one of whose files is over the limits.
fn check_sizes(ctx: &Context, mail: &IncomingMail) -> Result<(), Refusal> {
    for file in &mail.attachments {
        crate::attachments::check_size(ctx, file)?;
    }
    if mail.text.len() > guichet_domain::text::BODY_MAX_BYTES {
        return Err(Refusal::TooLarge(format!(
            "the text has {} bytes; at most {} are accepted",
            mail.text.len(),
            guichet_domain::text::BODY_MAX_BYTES
        )));
    }
    Ok(())
}

/// What a reply becomes: a public reply, except a supporter's answer to a
/// notification that showed internal notes, which stays internal (it
/// quotes them, and the requester side must never read them).
fn reply_kind(sender: &guichet_store::User, answers_internal: bool) -> guichet_domain::article::ArticleKind {
    use guichet_domain::article::ArticleKind;
    if sender.role.is_supporter() && answers_internal {
        ArticleKind::InternalNote
    } else {
        ArticleKind::PublicReply
    }
}

/// The key that makes a message's change happen once.
fn change_key(mail: &IncomingMail) -> String {
    format!("mail:{}", mail.message_id)
}

/// The author: From, or the envelope sender of a message without one.
fn author(mail: &IncomingMail) -> Result<Mailbox, Refusal> {
    if let Some(from) = mail.from.as_ref().filter(|f| !f.address.trim().is_empty()) {
        return Ok(from.clone());
    }
    match mail.envelope_sender.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(sender) => Ok(Mailbox {
            address: sender.to_owned(),
            name: None,
        }),
        None => Err(Refusal::Invalid("the message has no From address".into())),
    }
}

/// Refuses, for now, a sender's message past the limit on one ticket (or
/// on new tickets): the sending server tries again later, so nothing is
/// lost, and a loop the safety rules missed cannot flood a ticket.
async fn check_rate(
    ctx: &Context,
    settings: &MailSettings,
    sender: &guichet_store::User,
    decision: &Decision,
) -> Result<(), Refusal> {
    if settings.rate_limit == 0 {
        return Ok(());
    }
    let ticket = match decision {
        Decision::Join { ticket, .. } => Some(*ticket),
        Decision::NewTicket { .. } => None,
    };
    let since = ctx.now() - settings.rate_window;
    let count = ctx
        .store()
        .messages_since(sender.id, ticket, since, i64::from(settings.rate_limit))
        .await
        .map_err(Refusal::from)?;
    if count >= i64::from(settings.rate_limit) {
        let on = ticket.map_or("new tickets".to_owned(), |t| {
            format!("ticket #{}", guichet_domain::ids::TicketNumber::from(t))
        });
        return Err(Refusal::Temporary(format!(
            "{} sent {count} messages to {on} in the last {} minutes; try again later",
            sender.email,
            settings.rate_window.num_minutes()
        )));
    }
    Ok(())
}
