//! Bounces: a delivery-status report about a notification Guichet sent is
//! recorded on its ticket as a failed delivery to that address. It never
//! becomes an article, and it mails no one.

use super::outbox::record_failed_delivery;
use super::{IncomingMail, Receipt, Refusal};
use crate::Context;

/// Records the failed recipients of the report `mail` on the ticket of the
/// notification it is about; a report about something else is dropped.
pub async fn record(ctx: &Context, mail: &IncomingMail) -> Result<Receipt, Refusal> {
    let Some(report) = &mail.report else {
        tracing::info!(message_id = %mail.message_id, "a bounce without a delivery-status report dropped");
        return Ok(Receipt::Bounced(None));
    };
    let mut about: Vec<String> = report.original_message_id.iter().cloned().collect();
    about.extend(mail.references.iter().rev().cloned());
    about.extend(mail.in_reply_to.iter().cloned());
    let ticket = ctx.store().ticket_by_message_ids(&about).await.map_err(Refusal::from)?;
    let Some(ticket) = ticket else {
        tracing::info!(message_id = %mail.message_id, "a bounce about no mail of ours dropped");
        return Ok(Receipt::Bounced(None));
    };
    for failed in report
        .recipients
        .iter()
        .filter(|r| r.action.eq_ignore_ascii_case("failed"))
    {
        let why = [failed.status.as_deref(), failed.diagnostic.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let why = if why.is_empty() {
            "the receiving server refused it".to_owned()
        } else {
            why
        };
        record_failed_delivery(ctx, ticket, &failed.address, &why, Some(&mail.message_id))
            .await
            .map_err(Refusal::from)?;
    }
    Ok(Receipt::Bounced(Some(ticket.into())))
}
