//! `guichet mail deliver`: one message on standard input, as a mail
//! server's pipe gives it (Postfix `pipe`, Exim `pipe` transport, procmail).
//! The exit code tells the server what to do, by sysexits.h: 0 stored (or
//! deliberately dropped), 65 bounce (unusable), 67 bounce (no such
//! address), 75 try again later.

use guichet_service::mail::addressing::Destination;

use crate::Gateway;

/// The exit code for success.
pub const EX_OK: u8 = 0;
/// The exit code when standard input could not be read: try again.
pub const EX_TEMPFAIL: u8 = 75;

/// What `mail deliver` did, and the exit code that says it.
#[derive(Debug)]
pub struct Delivered {
    /// The exit code (sysexits.h).
    pub code: u8,
    /// One line for the mail server's log.
    pub line: String,
}

/// Delivers `raw`, sent by `sender` to `recipients` (the helpdesk when none
/// is given). Each recipient is checked first: one unknown address refuses
/// the message with EX_NOUSER, as a mail server would bounce it.
pub async fn deliver(gateway: &Gateway, raw: &[u8], sender: Option<&str>, recipients: &[String]) -> Delivered {
    let mut destinations = Vec::new();
    for recipient in recipients {
        match gateway.destination(recipient).await {
            Ok(destination) => destinations.push(destination),
            Err(refusal) => return refused(&refusal),
        }
    }
    if destinations.is_empty() {
        destinations.push(Destination::Helpdesk);
    }
    match gateway.deliver(raw, sender, &destinations).await {
        Ok(receipt) => Delivered {
            code: EX_OK,
            line: crate::describe(&receipt),
        },
        Err(refusal) => refused(&refusal),
    }
}

fn refused(refusal: &guichet_service::mail::Refusal) -> Delivered {
    Delivered {
        code: refusal.exit_code(),
        line: format!("{} {refusal}", refusal.enhanced_code()),
    }
}
