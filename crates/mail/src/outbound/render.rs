//! One notification for one recipient, as a whole RFC 5322 message.
//!
//! From is the helpdesk, with the tag word as its name; Reply-To is the
//! ticket's own address, so that a reply finds its ticket by address even
//! when the client drops the tag from the subject. The Message-ID is made
//! of the ticket, the change and the recipient, so a change handled twice
//! renders the same mail; In-Reply-To and References name the ticket's
//! first message, so that clients thread the notifications. The Date is
//! when the ticket last changed, the change's time. The safety headers say
//! the mail is automatic and ours.

use std::time::SystemTime;

use lettre::Message;
use lettre::message::header::{self, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use sha2::{Digest, Sha256};

use guichet_domain::mail::safety::outgoing_headers;
use guichet_domain::mail::tag::ticket_address;
use guichet_domain::notify::{Reason, Recipient, Side};
use guichet_domain::preferences::Language;
use guichet_service::mail::notices::Notice;
use guichet_service::mail::{MailSettings, subject_tag};

use super::document::document;
use super::i18n::Words;
use super::layout;

/// A notification ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    /// The address it goes to.
    pub recipient: String,
    /// Its Message-ID, without angle brackets.
    pub message_id: String,
    /// The whole message.
    pub bytes: Vec<u8>,
}

/// Why a notification could not be written: an address the mail library
/// refuses (the domain's check of addresses is looser than RFC 5322's).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the notification to {recipient} cannot be written: {reason}")]
pub struct RenderError {
    /// The address it was for.
    pub recipient: String,
    /// What went wrong.
    pub reason: String,
}

/// The mail that tells `recipient`, in `language`, of `notice`.
pub fn render(
    settings: &MailSettings,
    notice: &Notice,
    recipient: &Recipient,
    language: Language,
) -> Result<RenderedMail, RenderError> {
    let address = recipient.email.as_str().to_owned();
    let fail = |reason: String| RenderError {
        recipient: address.clone(),
        reason,
    };
    let words = Words::new(language);
    let to_submitter = recipient.side == Side::Requester && recipient.reasons.contains(&Reason::Submitter);
    let doc = document(
        settings,
        notice,
        recipient.side,
        to_submitter,
        language.as_str(),
        &words,
    );
    let tag = subject_tag(settings, notice.ticket.number());
    let subject = words.t_args("mail-subject", &[("tag", &tag), ("subject", &notice.ticket.subject)]);
    report(words.into_problems());
    let message_id = message_id(settings, notice, &address);
    let builder = headers(settings, notice, &address, &message_id)
        .map_err(fail)?
        .subject(subject)
        .raw_header(raw("Content-Language", language.as_str().to_owned()).map_err(fail)?);
    let body = MultiPart::alternative_plain_html(layout::text(&doc), layout::html(&doc));
    let message = builder.multipart(body).map_err(|e| fail(e.to_string()))?;
    Ok(RenderedMail {
        recipient: address,
        message_id,
        bytes: message.formatted(),
    })
}

/// The addressing, threading and safety headers.
fn headers(
    settings: &MailSettings,
    notice: &Notice,
    recipient: &str,
    message_id: &str,
) -> Result<lettre::message::MessageBuilder, String> {
    let helpdesk = settings.helpdesk.as_str();
    let number = notice.ticket.number();
    let mut builder = Message::builder()
        .from(mailbox(Some(settings.tag_prefix.trim()), helpdesk)?)
        .reply_to(mailbox(
            Some(settings.tag_prefix.trim()),
            &ticket_address(helpdesk, number),
        )?)
        .to(mailbox(None, recipient)?)
        .date(SystemTime::from(notice.ticket.updated_at))
        .header(header::MessageId::from(format!("<{message_id}>")));
    if let Some(root) = &notice.thread_root {
        let root = format!("<{}>", root.trim().trim_start_matches('<').trim_end_matches('>'));
        builder = builder.in_reply_to(root.clone()).references(root);
    }
    for (name, value) in outgoing_headers(&settings.safety) {
        builder = builder.raw_header(raw(name, value)?);
    }
    Ok(builder)
}

pub(super) fn mailbox(name: Option<&str>, address: &str) -> Result<Mailbox, String> {
    let address = address
        .parse()
        .map_err(|e| format!("{address:?} is not an address the mail library accepts: {e}"))?;
    Ok(Mailbox::new(name.filter(|n| !n.is_empty()).map(str::to_owned), address))
}

pub(super) fn raw(name: &str, value: String) -> Result<HeaderValue, String> {
    let name = HeaderName::new_from_ascii(name.to_owned()).map_err(|e| format!("header {name:?}: {e}"))?;
    Ok(HeaderValue::new(name, value))
}

/// `guichet.{number}.{change}.{8 hex digits of the recipient's
/// SHA-256}@{helpdesk domain}`: the same for the same change and
/// recipient, and never the same for two recipients.
fn message_id(settings: &MailSettings, notice: &Notice, recipient: &str) -> String {
    let digest = Sha256::digest(recipient.to_lowercase().as_bytes());
    let domain = settings
        .helpdesk
        .as_str()
        .rsplit_once('@')
        .map_or("guichet.invalid", |(_, domain)| domain);
    format!(
        "guichet.{}.{}.{}@{domain}",
        notice.ticket.number(),
        notice.change,
        hex::encode(&digest[..4])
    )
}

/// Logs the messages a catalog lacked; in debug builds (the tests), fails.
pub(super) fn report(problems: Vec<String>) {
    if problems.is_empty() {
        return;
    }
    tracing::warn!(?problems, "a notification was written with missing words");
    debug_assert!(false, "a notification was written with missing words: {problems:?}");
}
