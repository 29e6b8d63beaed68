//! The outbox of notifications: queued by the notification consumer, sent
//! by the mail sender under leases, retried with backoff; an address that
//! fails for good is recorded on the ticket, never silently dropped.

use std::time::Duration;

use chrono::{DateTime, Utc};

use guichet_domain::actor::Author;
use guichet_domain::event::DELIVERY_FAILED_FIELD;
use guichet_domain::ids::TicketId;
use guichet_store::{MailOutcome, NewOutgoingMail, OutgoingMail, StoreError};

use crate::change::Change;
use crate::tickets::commit;
use crate::{Context, ServiceError, ServiceResult};

/// Queues notifications, once per change and recipient; how many were new.
pub async fn enqueue(ctx: &Context, mails: &[NewOutgoingMail]) -> ServiceResult<u64> {
    Ok(ctx.store().enqueue_mail(mails).await?)
}

/// Leases up to `limit` due notifications to `owner`.
pub async fn claim(ctx: &Context, owner: &str, lease: Duration, limit: i64) -> ServiceResult<Vec<OutgoingMail>> {
    Ok(ctx.store().claim_mail(owner, ctx.now(), lease, limit).await?)
}

/// Records how an attempt at `mail` ended; a failure for good is also
/// recorded on its ticket. False if `owner` no longer held it.
pub async fn finish(ctx: &Context, mail: &OutgoingMail, owner: &str, outcome: &MailOutcome) -> ServiceResult<bool> {
    let recorded = ctx.store().finish_mail(mail.id, owner, ctx.now(), outcome).await?;
    if let (true, MailOutcome::Failed { error }, Some(ticket)) = (recorded, outcome, mail.ticket) {
        let key = format!("outbox:{}", mail.id);
        record_failed_delivery(ctx, ticket, &mail.recipient, error, Some(&key)).await?;
    }
    Ok(recorded)
}

/// The outbox, oldest first; only `ticket`'s mails if given.
pub async fn list(ctx: &Context, ticket: Option<TicketId>) -> ServiceResult<Vec<OutgoingMail>> {
    Ok(ctx.store().outbox(ticket).await?)
}

/// A receiver that changes when this node queues notifications.
pub fn signal(ctx: &Context) -> tokio::sync::watch::Receiver<u64> {
    ctx.store().mail_signal()
}

/// The moment of the next attempt after `attempts` failed ones: 1, 2, 4 …
/// minutes, at most an hour apart.
pub fn next_attempt(now: DateTime<Utc>, attempts: i32) -> DateTime<Utc> {
    let minutes = 1_i64 << attempts.clamp(0, 6);
    now + chrono::Duration::minutes(minutes.min(60))
}

/// Records on `ticket` (for supporters) that mail to `address` failed, and
/// why; once per `key` (the bounce's Message-ID, the outbox row).
pub async fn record_failed_delivery(
    ctx: &Context,
    ticket: TicketId,
    address: &str,
    why: &str,
    key: Option<&str>,
) -> ServiceResult<()> {
    let key = key.map(|k| format!("delivery-failed:{k}:{}", address.to_lowercase()));
    let mut change = Change::new(ctx).with_key(key.as_deref());
    let text = format!("{address}: {}", why.chars().take(500).collect::<String>());
    change.note(ticket, DELIVERY_FAILED_FIELD, text, &Author::system("mail delivery"));
    match commit(ctx, change).await {
        Ok(_) | Err(ServiceError::Store(StoreError::Duplicate)) => Ok(()),
        Err(other) => Err(other),
    }
}
