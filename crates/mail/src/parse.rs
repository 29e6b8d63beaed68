//! Parsing a raw RFC 5322 message (with mail-parser) into the plain
//! [`IncomingMail`] the service takes: decoded subject and addresses, the
//! text and HTML bodies, the files (nested messages and TNEF included), the
//! headers the safety rules read, and a delivery-status report if any.

use bytes::Bytes;
use chrono::{DateTime, Utc};
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
    Ok(incoming(&message_of(raw)?, raw, envelope_sender))
}

/// Parses `raw`, a message of an archive: the message, and when its Date
/// header says it was sent (`None` without a readable one).
pub fn parse_archived(raw: &[u8]) -> Result<(IncomingMail, Option<DateTime<Utc>>), Unparsable> {
    let message = message_of(raw)?;
    let date = message
        .date()
        .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0))
        .filter(|d| d.timestamp() > 0);
    Ok((incoming(&message, raw, None), date))
}

/// The parsed message, if `raw` has headers at all.
fn message_of(raw: &[u8]) -> Result<mail_parser::Message<'_>, Unparsable> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| Unparsable("no header was found".into()))?;
    if !message.headers().iter().any(|h| is_field_name(h.name())) {
        return Err(Unparsable("no header was found".into()));
    }
    Ok(message)
}

/// What the service takes of a parsed message.
fn incoming(message: &mail_parser::Message<'_>, raw: &[u8], envelope_sender: Option<&str>) -> IncomingMail {
    let text = all_text(message);
    let html = all_html(message);
    IncomingMail {
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
        report: report_of(message),
        size: raw.len(),
    }
}

/// Every text body of the message, in order (a mail may have several, with
/// an image or a forwarded message between them), joined by a blank line.
fn all_text(message: &mail_parser::Message<'_>) -> String {
    let parts: Vec<String> = (0..message.text_body_count())
        .filter_map(|i| message.body_text(i))
        .map(|t| t.trim_end().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    parts.join("\n\n")
}

/// Every HTML body of the message, in order, or `None` when it has none
/// of its own (mail-parser makes HTML from text parts: those are not kept).
fn all_html(message: &mail_parser::Message<'_>) -> Option<String> {
    let parts: Vec<String> = message.html_bodies().filter_map(html_of).collect();
    (!parts.is_empty()).then(|| parts.join("\n<hr>\n"))
}

/// Whether `name` can name a header field (RFC 5322: printable ASCII but
/// the colon, no space).
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| (33..=126).contains(&b) && b != b':')
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> IncomingMail {
        parse(raw.as_bytes(), Some("pia@site.example")).unwrap()
    }

    #[test]
    fn a_plain_mail_gives_its_parts() {
        let mail = parsed(
            "From: =?utf-8?q?Pia_Mart=C3=ADn?= <pia@site.example>\r\nTo: helpdesk@ngi.example\r\n\
             Cc: a@x.example, b@x.example\r\nSubject: =?utf-8?b?UkUgOiBbR3VpY2hldCAjMTAwMjM0XSBTUk0gZW4gcGFubmU=?=\r\n\
             Message-ID: <abc@site.example>\r\nIn-Reply-To: <n1@guichet>\r\nReferences: <r0@x> <n1@guichet>\r\n\r\nBonjour.\r\n",
        );
        assert_eq!(mail.message_id, "abc@site.example");
        assert_eq!(mail.from.as_ref().unwrap().name.as_deref(), Some("Pia Martín"));
        assert_eq!(
            mail.subject, "RE : [Guichet #100234] SRM en panne",
            "encoded words are decoded"
        );
        assert_eq!(mail.cc.len(), 2);
        assert_eq!(mail.in_reply_to, vec!["n1@guichet"]);
        assert_eq!(mail.references, vec!["r0@x", "n1@guichet"]);
        assert_eq!(mail.text.trim(), "Bonjour.");
        assert!(mail.headers.iter().any(|(n, _)| n == "Message-ID"));
    }

    #[test]
    fn every_text_part_is_kept() {
        let raw = "From: p@x.example\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
                   --b\r\nContent-Type: text/plain\r\n\r\nPart one.\r\n\
                   --b\r\nContent-Type: image/png\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
                   --b\r\nContent-Type: text/plain\r\n\r\nPart two.\r\n--b--\r\n";
        let mail = parsed(raw);
        assert!(
            mail.text.contains("Part one.") && mail.text.contains("Part two."),
            "{:?}",
            mail.text
        );
        assert_eq!(mail.attachments.len(), 1, "the image is a file");
        assert!(mail.html.is_none(), "no HTML of its own");
    }

    #[test]
    fn a_folded_subject_is_unfolded() {
        let mail = parsed("From: p@x.example\r\nSubject: Re: [Guichet\r\n #100234] a long\r\n\tsubject\r\n\r\nx\r\n");
        assert_eq!(mail.subject, "Re: [Guichet #100234] a long subject");
    }

    #[test]
    fn a_mail_without_message_id_gets_a_stable_one() {
        let raw = "From: p@x.example\r\nSubject: no id\r\n\r\nbody\r\n";
        let first = parsed(raw);
        assert!(first.message_id.ends_with("@digest.guichet.invalid"));
        assert_eq!(
            first.message_id,
            parsed(raw).message_id,
            "the same message, the same id"
        );
        assert_ne!(first.message_id, parsed(&raw.replace("body", "other")).message_id);
    }

    #[test]
    fn eight_bit_headers_and_bad_charsets_still_parse() {
        let eight_bit = "From: Pía <p@x.example>\r\nSubject: Problème d'accès\r\n\r\nÇa ne marche pas.\r\n";
        let mail = parsed(eight_bit);
        assert_eq!(mail.subject, "Problème d'accès");
        assert_eq!(mail.text.trim(), "Ça ne marche pas.");
        let unknown =
            "From: p@x.example\r\nSubject: x\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla'\r\n";
        assert_eq!(parsed(unknown).text.trim(), "qapla'");
        let mut latin1 =
            b"From: p@x.example\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nd\xe9j\xe0 vu\r\n"
                .to_vec();
        let mail = parse(&latin1, None).unwrap();
        assert!(
            mail.text.contains('j'),
            "bytes that are not UTF-8 are replaced, not fatal: {:?}",
            mail.text
        );
        latin1.clear();
        assert!(parse(&latin1, None).is_err(), "an empty message has no header");
    }

    #[test]
    fn garbage_and_broken_mime_are_handled() {
        assert!(parse(b"\x00\x01\x02 not a mail", None).is_err());
        let broken = "From: p@x.example\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhalf a message";
        let mail = parsed(broken);
        let kept = mail.text.contains("half a message")
            || mail.attachments.iter().any(|f| f.content.as_ref() == b"half a message");
        assert!(kept, "nothing is lost: {:?} {:?}", mail.text, mail.attachments);
    }

    #[test]
    fn an_html_only_mail_gets_a_text_version() {
        let mail = parsed(
            "From: p@x.example\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>The <b>CE</b> is down.</p>\r\n",
        );
        assert!(mail.html.as_deref().unwrap().contains("<b>CE</b>"));
        assert!(mail.text.contains("The CE is down."), "{:?}", mail.text);
    }

    #[test]
    fn nested_messages_and_tnef_are_kept_as_files() {
        let raw = "From: p@x.example\r\nSubject: fwd\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
                   --b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n\
                   --b\r\nContent-Type: message/rfc822\r\n\r\nFrom: other@x.example\r\nSubject: inner\r\n\r\nInner body.\r\n\
                   --b\r\nContent-Type: application/ms-tnef\r\nContent-Transfer-Encoding: base64\r\n\r\neJ8+IgAAAQ==\r\n\
                   --b--\r\n";
        let mail = parsed(raw);
        assert_eq!(mail.text.trim(), "See attached.");
        let names: Vec<&str> = mail.attachments.iter().map(|f| f.filename.as_str()).collect();
        assert_eq!(names, vec!["message.eml", "winmail.dat"]);
        assert!(String::from_utf8_lossy(&mail.attachments[0].content).contains("Inner body."));
    }

    #[test]
    fn ten_thousand_recipients_parse() {
        let to: Vec<String> = (0..10_000).map(|i| format!("u{i}@x.example")).collect();
        let raw = format!(
            "From: p@x.example\r\nTo: {}\r\nSubject: all\r\n\r\nx\r\n",
            to.join(", ")
        );
        assert_eq!(parsed(&raw).to.len(), 10_000);
    }

    #[test]
    fn a_delivery_report_names_the_failed_recipient_and_the_original() {
        let raw = "From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail Returned to Sender\r\n\
                   Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n\
                   --r\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n\
                   --r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n\
                   Final-Recipient: rfc822; gone@site.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\
                   Diagnostic-Code: smtp; 550 5.1.1 <gone@site.example>: user unknown\r\n\r\n\
                   --r\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: helpdesk@ngi.example\r\n\
                   Message-ID: <guichet.100001.7.abcd@ngi.example>\r\nSubject: [Guichet #100001] x\r\n\r\n--r--\r\n";
        let report = parse(raw.as_bytes(), Some("")).unwrap().report.unwrap();
        assert_eq!(
            report.original_message_id.as_deref(),
            Some("guichet.100001.7.abcd@ngi.example")
        );
        assert_eq!(report.recipients.len(), 1);
        let failed = &report.recipients[0];
        assert_eq!(
            (failed.address.as_str(), failed.action.as_str()),
            ("gone@site.example", "failed")
        );
        assert_eq!(failed.status.as_deref(), Some("5.1.1"));
        assert!(failed.diagnostic.as_deref().unwrap().contains("user unknown"));
    }
}
