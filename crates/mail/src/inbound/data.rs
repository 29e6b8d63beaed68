//! `DATA` and the message after it: received once for all its recipients,
//! then answered once (SMTP) or once per recipient (LMTP). The answer is
//! 250 only once the message is committed.

use super::session::{Next, Protocol, Session, push};

/// Starts reading a message, if the envelope is complete.
pub fn start(session: &mut Session<'_>, replies: &mut Vec<u8>) -> Next {
    if session.sender.is_none() {
        push(replies, "503 5.5.1 MAIL FROM first\r\n");
        return Next::Continue;
    }
    if session.recipients.is_empty() {
        // RFC 2033 (LMTP) asks for 503 here; RFC 5321 (SMTP) for 554.
        let reply = match session.protocol {
            Some(Protocol::Lmtp) => "503 5.5.1 no valid recipient\r\n",
            _ => "554 5.5.1 no valid recipient\r\n",
        };
        push(replies, reply);
        return Next::Continue;
    }
    push(replies, "354 end the message with a lone dot\r\n");
    Next::Data
}

/// Receives the message `raw` (or refuses it as `too_big`) and answers.
pub async fn received(session: &mut Session<'_>, raw: &[u8], too_big: bool, replies: &mut Vec<u8>) {
    let reply = if too_big {
        let limit = session.gateway.settings.max_message_bytes;
        format!("552 5.3.4 the message is over {limit} bytes\r\n")
    } else {
        let sender = session.sender.as_deref().filter(|s| !s.is_empty());
        let empty_sender = session.sender.as_deref() == Some("");
        let destinations: Vec<_> = session.recipients.iter().map(|(_, d)| *d).collect();
        let envelope = if empty_sender { Some("") } else { sender };
        match session.gateway.deliver(raw, envelope, &destinations).await {
            Ok(receipt) => format!("250 2.0.0 {}\r\n", crate::describe(&receipt)),
            Err(refusal) => format!("{} {} {}\r\n", refusal.smtp_code(), refusal.enhanced_code(), refusal),
        }
    };
    let answers = match session.protocol {
        Some(Protocol::Lmtp) => session.recipients.len(),
        _ => 1,
    };
    for _ in 0..answers {
        push(replies, &reply);
    }
    session.reset();
}
