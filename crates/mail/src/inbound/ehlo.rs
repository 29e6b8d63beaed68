//! The greeting: `LHLO` chooses LMTP, `EHLO` or `HELO` SMTP; the reply
//! lists what the listener supports (smtp-proto writes it).

use smtp_proto::{EXT_8BIT_MIME, EXT_ENHANCED_STATUS_CODES, EXT_PIPELINING, EXT_SIZE, EXT_SMTP_UTF8, EhloResponse};

use super::session::{Protocol, Session, push};

/// Answers a greeting from `host`; `extended` for `EHLO` and `LHLO`.
pub fn greet(session: &mut Session<'_>, protocol: Protocol, host: &str, extended: bool, replies: &mut Vec<u8>) {
    session.protocol = Some(protocol);
    session.reset();
    let name = session.config.hostname.as_str();
    if !extended {
        push(replies, &format!("250 {name} greets {host}\r\n"));
        return;
    }
    let mut response = EhloResponse::new(name);
    response.capabilities = EXT_8BIT_MIME | EXT_ENHANCED_STATUS_CODES | EXT_PIPELINING | EXT_SIZE | EXT_SMTP_UTF8;
    response.size = session.gateway.settings.max_message_bytes;
    if response.write(&mut *replies).is_err() {
        push(replies, &format!("250 {name}\r\n"));
    }
}
