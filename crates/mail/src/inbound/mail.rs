//! `MAIL FROM`: the envelope sender, empty for bounces. A declared size
//! over the limit is refused before any data is sent.

use smtp_proto::MailFrom;

use super::session::{Session, push};

/// Starts an envelope from `from`.
pub fn mail_from(session: &mut Session<'_>, from: &MailFrom<String>, replies: &mut Vec<u8>) {
    if session.protocol.is_none() {
        return push(replies, "503 5.5.1 say LHLO or EHLO first\r\n");
    }
    if session.sender.is_some() {
        return push(replies, "503 5.5.1 a sender is already given; RSET to start again\r\n");
    }
    let limit = session.gateway.settings.max_message_bytes;
    if from.size > limit {
        return push(replies, &format!("552 5.3.4 the message is over {limit} bytes\r\n"));
    }
    session.sender = Some(from.address.clone());
    push(replies, "250 2.1.0 sender ok\r\n");
}
