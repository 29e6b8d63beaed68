//! The event consumer that turns changes into queued notifications: one
//! mail per ticket and recipient, and one per rota change and recipient,
//! in the recipient's language. The outbox
//! keeps one mail per change and recipient, so a change handled twice
//! queues nothing twice.

use async_trait::async_trait;

use guichet_service::events::{ChangeEvents, EventConsumer};
use guichet_service::mail::MailSettings;
use guichet_service::mail::notices::{Notice, notices};
use guichet_service::mail::outbox::{enqueue, record_failed_delivery};
use guichet_service::mail::rota_notices::{RotaNotice, rota_notice};
use guichet_service::{Context, NewOutgoingMail};

use super::render::render;
use super::rota::render_rota;

/// Queues the notifications of each change (consumer `mail.notifications`).
#[derive(Debug, Clone)]
pub struct NotificationConsumer {
    settings: MailSettings,
}

/// Whether `recipient`'s mail of `notice` shows internal notes: then a
/// supporter's answer to it is filed as an internal note.
fn shows_internal(notice: &Notice, recipient: &guichet_domain::notify::Recipient) -> bool {
    recipient.side == guichet_domain::notify::Side::Supporter && notice.summary.internal_notes > 0
}

impl NotificationConsumer {
    /// The consumer's name, which keys its cursor and lease.
    pub const NAME: &'static str = "mail.notifications";

    /// A consumer that writes mails with `settings`.
    pub fn new(settings: MailSettings) -> Self {
        Self { settings }
    }
}

#[async_trait]
impl EventConsumer for NotificationConsumer {
    fn name(&self) -> &str {
        Self::NAME
    }

    async fn handle(&self, ctx: &Context, change: &ChangeEvents) -> Result<(), String> {
        let notices = notices(ctx, change).await.map_err(|e| e.to_string())?;
        let mut mails = Vec::new();
        for notice in &notices {
            mails.extend(self.mails(ctx, notice).await?);
        }
        if let Some(notice) = rota_notice(ctx, change).await.map_err(|e| e.to_string())? {
            mails.extend(self.rota_mails(ctx, &notice));
        }
        warn_of_repeats(change, &mails);
        if !mails.is_empty() {
            let queued = enqueue(ctx, &mails).await.map_err(|e| e.to_string())?;
            tracing::debug!(change = change.change.0, queued, "notifications queued");
        }
        Ok(())
    }
}

impl NotificationConsumer {
    /// The mails of one notice. An address the mail library refuses is
    /// recorded on the ticket as a failed delivery, not dropped silently.
    async fn mails(&self, ctx: &Context, notice: &Notice) -> Result<Vec<NewOutgoingMail>, String> {
        let mut mails = Vec::with_capacity(notice.recipients.len());
        for (recipient, language) in &notice.recipients {
            match render(&self.settings, notice, recipient, *language) {
                Ok(mail) => mails.push(NewOutgoingMail {
                    change: notice.change,
                    recipient: mail.recipient,
                    ticket: Some(notice.ticket.id),
                    message_id: mail.message_id,
                    message: mail.bytes,
                    internal: shows_internal(notice, recipient),
                    at: ctx.now(),
                }),
                Err(error) => {
                    tracing::warn!(%error, "a notification could not be written");
                    let key = format!("render:{}", notice.change);
                    record_failed_delivery(ctx, notice.ticket.id, &error.recipient, &error.reason, Some(&key))
                        .await
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        Ok(mails)
    }
}

impl NotificationConsumer {
    /// The mails of a rota notice; an address the mail library refuses is
    /// logged (there is no ticket to record it on).
    fn rota_mails(&self, ctx: &Context, notice: &RotaNotice) -> Vec<NewOutgoingMail> {
        let mut mails = Vec::with_capacity(notice.recipients.len());
        for (email, _, language) in &notice.recipients {
            match render_rota(&self.settings, notice, email.as_str(), *language) {
                Ok(mail) => mails.push(NewOutgoingMail {
                    change: notice.change,
                    recipient: mail.recipient,
                    ticket: None,
                    message_id: mail.message_id,
                    message: mail.bytes,
                    internal: false,
                    at: ctx.now(),
                }),
                Err(error) => tracing::warn!(%error, "a rota notification could not be written"),
            }
        }
        mails
    }
}

/// The outbox keeps one mail per change and recipient: a recipient of two
/// tickets in one change (a relation, a parent's note) gets the first
/// ticket's mail only. Says so, until the outbox keys mails by ticket too.
fn warn_of_repeats(change: &ChangeEvents, mails: &[NewOutgoingMail]) {
    for (i, mail) in mails.iter().enumerate() {
        if mails[..i].iter().any(|earlier| earlier.recipient == mail.recipient) {
            tracing::warn!(
                change = change.change.0,
                recipient = %mail.recipient,
                ticket = ?mail.ticket,
                "a second notification of one change to one address is not queued"
            );
        }
    }
}
