//! The mail channel, a thin layer over the service's mail use cases:
//!
//! - [`inbound`]: a built-in LMTP and SMTP listener (`guichet serve
//!   --mail-listen ADDR`), one file per phase of a session;
//! - [`deliver`]: `guichet mail deliver`, one message on standard input,
//!   for a mail server's pipe, answering with sysexits codes;
//! - [`imap`]: polling a mailbox over IMAP (TLS or plain), flagging each
//!   message once it is filed;
//! - [`outbound`]: notifications rendered in the recipient's language,
//!   queued by an event consumer and sent over SMTP by a worker;
//! - [`archive`]: mailing-list archives (mbox, Maildir) read for
//!   `guichet import`.
//!
//! Every way in ends in [`Gateway::deliver`]: parse, then the service's
//! `receive`, which answers only once the message is committed.

pub mod archive;
pub mod deliver;
pub mod imap;
pub mod inbound;
pub mod outbound;
pub mod parse;

use guichet_service::Context;
use guichet_service::mail::addressing::{Destination, destination};
use guichet_service::mail::receive::receive;
use guichet_service::mail::{MailSettings, Receipt, Refusal};

pub use parse::{Unparsable, parse, parse_archived};

/// What every inbound channel shares: the use cases and the settings.
#[derive(Debug, Clone)]
pub struct Gateway {
    /// The use cases.
    pub ctx: Context,
    /// Addresses, limits and safety rules.
    pub settings: MailSettings,
}

impl Gateway {
    /// A gateway over `ctx` with `settings`.
    pub fn new(ctx: Context, settings: MailSettings) -> Self {
        Self { ctx, settings }
    }

    /// Where mail to `address` goes, or why it is refused.
    pub async fn destination(&self, address: &str) -> Result<Destination, Refusal> {
        destination(&self.ctx, &self.settings, address).await
    }

    /// Parses and receives one message sent by `envelope_sender` to
    /// `destinations`. `Ok` means it is stored (or deliberately dropped).
    pub async fn deliver(
        &self,
        raw: &[u8],
        envelope_sender: Option<&str>,
        destinations: &[Destination],
    ) -> Result<Receipt, Refusal> {
        self.settings.check_message_size(raw.len())?;
        let mail = parse(raw, envelope_sender).map_err(|e| Refusal::Invalid(e.to_string()))?;
        let outcome = receive(&self.ctx, &self.settings, mail, destinations).await;
        match &outcome {
            Ok(receipt) => tracing::info!(?receipt, "mail received"),
            Err(refusal) => tracing::warn!(%refusal, "mail refused"),
        }
        outcome
    }
}

/// What became of a message, in the words of a 250 reply or a log line.
pub fn describe(receipt: &Receipt) -> String {
    match receipt {
        Receipt::Opened(n) => format!("opened ticket #{n}"),
        Receipt::OpenedRelated {
            ticket,
            related,
            reason,
        } => {
            format!("opened ticket #{ticket}, referencing #{related} ({reason})")
        }
        Receipt::Added(n) => format!("added to ticket #{n}"),
        Receipt::Duplicate(n) => format!("already received: ticket #{n}"),
        Receipt::Bounced(Some(n)) => format!("delivery report recorded on ticket #{n}"),
        Receipt::Bounced(None) => "a delivery report about no mail of ours: dropped".into(),
        Receipt::Ignored(reason) => format!("not filed: {reason}"),
    }
}
