//! The mail gateway's use cases, below the channels that speak SMTP, LMTP
//! or IMAP: where a message goes ([`addressing`]), what it becomes
//! ([`receive`]), who is told of a change ([`notices`], and of the rota's
//! changes, [`rota_notices`]) and what becomes of
//! the notifications sent ([`outbox`]).
//!
//! The channels parse messages into [`IncomingMail`], plain values; the
//! rules they follow (threading, safety, who is notified) are the domain's.

pub mod addressing;
pub(crate) mod contacts;
mod delivery_report;
pub mod notices;
mod on_shift;
pub mod outbox;
pub mod receive;
pub mod rota_notices;
mod thread;
pub(crate) mod write;

use guichet_domain::ids::TicketNumber;
use guichet_domain::mail::safety::SafetyPolicy;
use guichet_domain::text::Email;

use crate::attachments::FileUpload;

/// How a deployment's mail is addressed and guarded.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The helpdesk address: mail to it opens tickets in first-level
    /// support, and ticket addresses are plus-addressed on it
    /// (`helpdesk+100234@…`).
    pub helpdesk: Email,
    /// The word of the subject tag, `Guichet` in `[Guichet #100234]`.
    pub tag_prefix: String,
    /// Auto-reply, bounce and loop rules, with this instance's loop id.
    pub safety: SafetyPolicy,
    /// The largest message accepted, in bytes.
    pub max_message_bytes: usize,
    /// At most this many messages per sender and ticket (0: no limit) …
    pub rate_limit: u32,
    /// … within this window.
    pub rate_window: chrono::Duration,
    /// At most this many addresses of a new mail's CC are kept on the
    /// ticket it opens.
    pub max_cc: usize,
    /// The pages' public address, for links in notifications.
    pub public_url: String,
}

impl MailSettings {
    /// Settings for `helpdesk`, with defaults for the rest: the tag word
    /// `Guichet`, 25 MB messages, 10 messages per sender and ticket in 10
    /// minutes, 50 CC addresses kept.
    pub fn new(helpdesk: Email, instance: impl Into<String>, public_url: impl Into<String>) -> Self {
        Self {
            helpdesk,
            tag_prefix: "Guichet".into(),
            safety: SafetyPolicy::new(instance.into()),
            max_message_bytes: 25 * 1024 * 1024,
            rate_limit: 10,
            rate_window: chrono::Duration::minutes(10),
            max_cc: 50,
            public_url: public_url.into(),
        }
    }

    /// Refuses a message of `bytes` over the limit.
    pub fn check_message_size(&self, bytes: usize) -> Result<(), Refusal> {
        if bytes > self.max_message_bytes {
            return Err(Refusal::TooLarge(format!(
                "the message has {bytes} bytes; at most {} are accepted",
                self.max_message_bytes
            )));
        }
        Ok(())
    }
}

/// A mailbox: an address and the name shown with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mailbox {
    /// The address, as written.
    pub address: String,
    /// The display name, if any.
    pub name: Option<String>,
}

/// A delivery-status report (a bounce) for a mail Guichet sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryReport {
    /// The Message-ID of the mail that bounced, if the report quotes it.
    pub original_message_id: Option<String>,
    /// Each recipient the report is about: address, action (`failed`,
    /// `delayed` …) and the diagnostic, if given.
    pub recipients: Vec<ReportedRecipient>,
}

/// One recipient of a delivery-status report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportedRecipient {
    /// The address.
    pub address: String,
    /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
    pub action: String,
    /// The status code, such as `5.1.1`.
    pub status: Option<String>,
    /// The remote server's words.
    pub diagnostic: Option<String>,
}

/// A message as a channel parsed it.
#[derive(Debug, Clone, Default)]
pub struct IncomingMail {
    /// The Message-ID without angle brackets; a channel makes one from the
    /// message's digest when it has none.
    pub message_id: String,
    /// The author.
    pub from: Option<Mailbox>,
    /// The envelope sender (`MAIL FROM`, `Return-Path`); empty for bounces.
    pub envelope_sender: Option<String>,
    /// The To addresses.
    pub to: Vec<Mailbox>,
    /// The CC addresses.
    pub cc: Vec<Mailbox>,
    /// The subject, decoded and unfolded.
    pub subject: String,
    /// The plain text (made from the HTML when the message had no text).
    pub text: String,
    /// The HTML, verbatim, if any.
    pub html: Option<String>,
    /// In-Reply-To, without angle brackets.
    pub in_reply_to: Vec<String>,
    /// References, oldest first, without angle brackets.
    pub references: Vec<String>,
    /// Every header, decoded: what the safety rules read.
    pub headers: Vec<(String, String)>,
    /// The files, nested messages and TNEF (`winmail.dat`) included.
    pub attachments: Vec<FileUpload>,
    /// The delivery-status report, if the message is one.
    pub report: Option<DeliveryReport>,
    /// The message's size, in bytes.
    pub size: usize,
}

/// What became of an accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receipt {
    /// It opened ticket N.
    Opened(TicketNumber),
    /// It opened ticket N, cross-referenced to `related` (a new problem in
    /// an old thread, a stranger's mail, a reply to a closed ticket).
    OpenedRelated {
        /// The new ticket.
        ticket: TicketNumber,
        /// The one it references.
        related: TicketNumber,
        /// Why it did not join `related`.
        reason: String,
    },
    /// It joined ticket N as a public reply.
    Added(TicketNumber),
    /// It was delivered before: nothing new was written.
    Duplicate(TicketNumber),
    /// A bounce: the failed deliveries were recorded on ticket N.
    Bounced(Option<TicketNumber>),
    /// Automatic mail (an auto-reply, a list, a loop): accepted and
    /// dropped, for the reason given.
    Ignored(String),
}

/// Why a message is refused; each maps to an SMTP reply and an exit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// No such local address (550, EX_NOUSER).
    #[error("no mailbox here is called {0}")]
    UnknownRecipient(String),
    /// The message is unusable (554, EX_DATAERR).
    #[error("{0}")]
    Invalid(String),
    /// The message is over the limit (552, EX_DATAERR).
    #[error("{0}")]
    TooLarge(String),
    /// Try again later: a rate limit, or a failure on our side (451,
    /// EX_TEMPFAIL). Nothing was stored.
    #[error("{0}")]
    Temporary(String),
}

impl Refusal {
    /// The SMTP reply code.
    pub fn smtp_code(&self) -> u16 {
        match self {
            Self::UnknownRecipient(_) => 550,
            Self::Invalid(_) => 554,
            Self::TooLarge(_) => 552,
            Self::Temporary(_) => 451,
        }
    }

    /// The enhanced status code (RFC 3463).
    pub fn enhanced_code(&self) -> &'static str {
        match self {
            Self::UnknownRecipient(_) => "5.1.1",
            Self::Invalid(_) => "5.6.0",
            Self::TooLarge(_) => "5.3.4",
            Self::Temporary(_) => "4.3.0",
        }
    }

    /// The exit code of `guichet mail deliver` (sysexits.h).
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::UnknownRecipient(_) => 67,
            Self::Invalid(_) | Self::TooLarge(_) => 65,
            Self::Temporary(_) => 75,
        }
    }
}

impl From<crate::ServiceError> for Refusal {
    fn from(error: crate::ServiceError) -> Self {
        use crate::ServiceError as E;
        match error {
            E::Invalid { field, message } => Self::Invalid(format!("{field}: {message}")),
            E::TooLarge(message) => Self::TooLarge(message),
            E::Forbidden(message) => Self::Invalid(message),
            // A change that kept losing to concurrent ones, or a missing
            // first-level unit: nothing is wrong with the message, so the
            // sending server should try again.
            E::Conflict(message) => Self::Temporary(message),
            other => Self::Temporary(other.to_string()),
        }
    }
}

impl From<guichet_store::StoreError> for Refusal {
    /// The database failed: nothing is wrong with the message, so the
    /// sending server should try again.
    fn from(error: guichet_store::StoreError) -> Self {
        Self::Temporary(format!("the database failed: {error}"))
    }
}

/// The tag of ticket `number` in subjects.
pub fn subject_tag(settings: &MailSettings, number: TicketNumber) -> String {
    guichet_domain::mail::tag::tag(&settings.tag_prefix, number)
}
