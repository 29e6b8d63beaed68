//! Parsing a raw RFC 5322 message (with mail-parser) into the plain
//! [`IncomingMail`] the service takes: decoded subject and addresses, the
//! text and HTML bodies, the files (nested messages and TNEF included), the
//! headers the safety rules read, and a delivery-status report if any.

use bytes::Bytes;
use mail_parser::{Address, HeaderValue, MessageParser, MessagePart, MimeHeaders, PartType};
use sha2::{Digest, Sha256};

use guichet_service::attachments::FileUpload;
use guichet_service::mail::{DeliveryReport, IncomingMail, Mailbox, ReportedRecipient};

/// Why a message could not be parsed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the message could not be parsed: {0}")]
pub struct Unparsable(pub String);

/// Parses `raw`, delivered with envelope sender `envelope_sender`.
pub fn parse(raw: &[u8], envelope_sender: Option<&str>) -> Result<IncomingMail, Unparsable> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| Unparsable("no header was found".into()))?;
    if message.headers().is_empty() {
        return Err(Unparsable("no header was found".into()));
    }
    let text = message.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
    let html = message.html_bodies().next().and_then(html_of);
    Ok(IncomingMail {
        message_id: message
            .message_id()
            .map(clean_id)
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| digest_id(raw)),
        from: message.from().and_then(first_mailbox),
        envelope_sender: envelope_sender.map(str::to_owned),
        to: mailboxes(message.to()),
        cc: mailboxes(message.cc()),
        subject: message.subject().map(unfold).unwrap_or_default(),
        text: if text.trim().is_empty() {
            html.as_deref().map(text_of_html).unwrap_or_default()
        } else {
            text
        },
        html,
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        headers: message
            .headers_raw()
            .map(|(name, value)| (name.to_owned(), unfold(value)))
            .collect(),
        attachments: message.attachments().filter_map(file_of).collect(),
        report: report_of(&message),
        size: raw.len(),
    })
}

/// A Message-ID for a message that has none: its digest, so that the same
/// message delivered twice is still recognised.
fn digest_id(raw: &[u8]) -> String {
    format!("{}@digest.guichet.invalid", hex::encode(&Sha256::digest(raw)[..16]))
}

/// A Message-ID without angle brackets or spaces.
fn clean_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_owned()
}

/// A folded header value on one line.
fn unfold(value: &str) -> String {
    value
        .split(['\r', '\n'])
        .map(str::trim_start)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![clean_id(id)],
        HeaderValue::TextList(list) => list.iter().map(|id| clean_id(id)).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|id| !id.is_empty())
    .collect()
}

fn first_mailbox(address: &Address<'_>) -> Option<Mailbox> {
    address.iter().find_map(|a| {
        Some(Mailbox {
            address: a.address()?.trim().to_owned(),
            name: a.name().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        })
    })
}

fn mailboxes(address: Option<&Address<'_>>) -> Vec<Mailbox> {
    let Some(address) = address else {
        return Vec::new();
    };
    address
        .iter()
        .filter_map(|a| {
            Some(Mailbox {
                address: a.address()?.trim().to_owned(),
                name: a.name().map(str::to_owned),
            })
        })
        .collect()
}

fn html_of(part: &MessagePart<'_>) -> Option<String> {
    match &part.body {
        PartType::Html(html) => Some(html.to_string()),
        _ => None,
    }
}

/// A plain version of an HTML-only message, for the description and for
/// search: tags dropped, block ends made line breaks, entities decoded by
/// mail-parser's own converter.
fn text_of_html(html: &str) -> String {
    mail_parser::decoders::html::html_to_text(html)
}

/// A file of the message: an attachment, an inline image, a nested
/// message (as `.eml`) or a TNEF `winmail.dat`, kept as it came.
fn file_of(part: &MessagePart<'_>) -> Option<FileUpload> {
    let content: Vec<u8> = match &part.body {
        PartType::Binary(bytes) | PartType::InlineBinary(bytes) => bytes.to_vec(),
        PartType::Text(text) | PartType::Html(text) => text.as_bytes().to_vec(),
        PartType::Message(nested) => nested.raw_message().to_vec(),
        PartType::Multipart(_) => return None,
    };
    if content.is_empty() {
        return None;
    }
    let name = part
        .attachment_name()
        .map(str::to_owned)
        .unwrap_or_else(|| default_name(part));
    Some(FileUpload {
        filename: name,
        content: Bytes::from(content),
    })
}

fn default_name(part: &MessagePart<'_>) -> String {
    let kind = part.content_type().map(|c| {
        (
            c.c_type.to_ascii_lowercase(),
            c.c_subtype.as_deref().unwrap_or_default().to_ascii_lowercase(),
        )
    });
    match kind.as_ref().map(|(t, s)| (t.as_str(), s.as_str())) {
        Some(("message", "rfc822")) => "message.eml".into(),
        Some(("application", "ms-tnef")) => "winmail.dat".into(),
        Some(("text", "html")) => "part.html".into(),
        Some(("text", _)) => "part.txt".into(),
        _ => "attachment.bin".into(),
    }
}

/// The delivery-status report of a bounce: its per-recipient fields, and
/// the Message-ID of the mail it returns.
fn report_of(message: &mail_parser::Message<'_>) -> Option<DeliveryReport> {
    let status = message
        .parts
        .iter()
        .find(|p| is_type(p, "message", "delivery-status"))?;
    let text = match &status.body {
        PartType::Text(text) => text.to_string(),
        PartType::Binary(bytes) | PartType::InlineBinary(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        _ => String::new(),
    };
    let original_message_id = message.parts.iter().find_map(|p| match &p.body {
        PartType::Message(nested) => nested.message_id().map(clean_id),
        _ if is_type(p, "text", "rfc822-headers") => MessageParser::default()
            .parse_headers(p.contents())
            .and_then(|h| h.message_id().map(clean_id)),
        _ => None,
    });
    Some(DeliveryReport {
        original_message_id,
        recipients: recipients_of(&text),
    })
}

fn is_type(part: &MessagePart<'_>, kind: &str, subtype: &str) -> bool {
    part.content_type().is_some_and(|c| {
        c.c_type.eq_ignore_ascii_case(kind) && c.c_subtype.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(subtype))
    })
}

/// The per-recipient blocks of a `message/delivery-status` body (RFC 3464).
fn recipients_of(text: &str) -> Vec<ReportedRecipient> {
    let normalised = text.replace("\r\n", "\n");
    normalised
        .split("\n\n")
        .filter_map(|block| {
            let field = |name: &str| {
                block.lines().find_map(|line| {
                    let (key, value) = line.split_once(':')?;
                    key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
                })
            };
            let recipient = field("Final-Recipient").or_else(|| field("Original-Recipient"))?;
            let address = recipient.split_once(';').map_or(recipient.as_str(), |(_, a)| a).trim();
            Some(ReportedRecipient {
                address: address.trim_start_matches('<').trim_end_matches('>').to_owned(),
                action: field("Action").unwrap_or_default().to_ascii_lowercase(),
                status: field("Status"),
                diagnostic: field("Diagnostic-Code")
                    .map(|d| d.split_once(';').map_or(d.clone(), |(_, t)| t.trim().to_owned())),
            })
        })
        .collect()
}
