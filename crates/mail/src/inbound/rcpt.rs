//! `RCPT TO`: each recipient is looked up at once, so an unknown address
//! is refused with 550 before the message is sent.

use super::session::{Session, push};

/// Accepts or refuses recipient `address`.
pub async fn rcpt_to(session: &mut Session<'_>, address: &str, replies: &mut Vec<u8>) {
    if session.sender.is_none() {
        return push(replies, "503 5.5.1 MAIL FROM first\r\n");
    }
    if session.recipients.len() >= session.config.max_recipients {
        return push(replies, "452 4.5.3 too many recipients\r\n");
    }
    match session.gateway.destination(address).await {
        Ok(destination) => {
            session.recipients.push((address.to_owned(), destination));
            push(replies, "250 2.1.5 recipient ok\r\n");
        }
        Err(refusal) => push(
            replies,
            &format!("{} {} {}\r\n", refusal.smtp_code(), refusal.enhanced_code(), refusal),
        ),
    }
}
