//! One pass over a mailbox: its unseen messages, oldest first, each
//! delivered and only then flagged.

use async_imap::types::Uid;
use futures_util::TryStreamExt;
use guichet_service::mail::Refusal;
use guichet_service::mail::addressing::Destination;

use super::connect::{ImapSession, open, within};
use super::{ImapMailbox, PollReport, REFUSED_KEYWORD};
use crate::Gateway;

/// What became of one message.
enum Outcome {
    Filed,
    Refused,
    Deferred,
}

/// Connects, runs the pass, and logs out whatever the pass gave.
pub(super) async fn poll_once(gateway: &Gateway, mailbox: &ImapMailbox, limit: usize) -> Result<PollReport, String> {
    let mut session = open(mailbox).await?;
    let report = pass(gateway, mailbox, &mut session, limit).await;
    if let Err(error) = within("LOGOUT", session.logout()).await {
        tracing::debug!(mailbox = %mailbox.name(), %error, "IMAP logout failed");
    }
    report
}

async fn pass(
    gateway: &Gateway,
    mailbox: &ImapMailbox,
    session: &mut ImapSession,
    limit: usize,
) -> Result<PollReport, String> {
    let name = mailbox.name();
    within(&format!("{name}: SELECT"), session.select(&mailbox.mailbox)).await?;
    let mut uids: Vec<Uid> = within(&format!("{name}: UID SEARCH UNSEEN"), session.uid_search("UNSEEN"))
        .await?
        .into_iter()
        .collect();
    uids.sort_unstable();
    uids.truncate(limit);
    let mut report = PollReport::default();
    for uid in uids {
        match one(gateway, &name, session, uid).await? {
            Some(Outcome::Filed) => report.filed += 1,
            Some(Outcome::Refused) => report.refused += 1,
            Some(Outcome::Deferred) => {
                report.deferred += 1;
                break;
            }
            None => {}
        }
    }
    Ok(report)
}

/// Fetches, delivers and flags message `uid`; `None` if it is gone.
async fn one(gateway: &Gateway, name: &str, session: &mut ImapSession, uid: Uid) -> Result<Option<Outcome>, String> {
    let Some(raw) = fetch(session, name, uid).await? else {
        return Ok(None);
    };
    let sender = super::return_path::return_path(&raw);
    let outcome = match gateway.deliver(&raw, sender.as_deref(), &[Destination::Helpdesk]).await {
        Ok(receipt) => {
            tracing::info!(mailbox = %name, uid, result = %crate::describe(&receipt), "IMAP message filed");
            flag(session, name, uid, "(\\Seen)").await?;
            Outcome::Filed
        }
        Err(refusal) if refusal.smtp_code() >= 500 => {
            refused(session, name, uid, &refusal).await?;
            Outcome::Refused
        }
        Err(refusal) => {
            tracing::info!(mailbox = %name, uid, %refusal, "IMAP message deferred to the next pass");
            Outcome::Deferred
        }
    };
    Ok(Some(outcome))
}

/// The whole message, fetched without marking it seen.
async fn fetch(session: &mut ImapSession, name: &str, uid: Uid) -> Result<Option<Vec<u8>>, String> {
    let what = format!("{name}: UID FETCH {uid}");
    let stream = within(&what, session.uid_fetch(uid.to_string(), "BODY.PEEK[]")).await?;
    let fetches: Vec<_> = within(&what, stream.try_collect()).await?;
    Ok(fetches
        .iter()
        .filter(|f| f.uid == Some(uid))
        .find_map(|f| f.body())
        .map(<[u8]>::to_vec))
}

/// Marks a refused message seen and with [`REFUSED_KEYWORD`], so that it
/// is not tried again and an operator can search for it; only seen if the
/// server takes no new keywords.
async fn refused(session: &mut ImapSession, name: &str, uid: Uid, refusal: &Refusal) -> Result<(), String> {
    tracing::warn!(mailbox = %name, uid, code = refusal.smtp_code(), %refusal, "IMAP message refused: flagged {REFUSED_KEYWORD}");
    let flags = format!("(\\Seen {REFUSED_KEYWORD})");
    if let Err(error) = flag(session, name, uid, &flags).await {
        tracing::warn!(mailbox = %name, uid, %error, "the keyword was not stored; the message is only marked seen");
        flag(session, name, uid, "(\\Seen)").await?;
    }
    Ok(())
}

/// Adds `flags` to message `uid`.
async fn flag(session: &mut ImapSession, name: &str, uid: Uid, flags: &str) -> Result<(), String> {
    let what = format!("{name}: UID STORE {uid} +FLAGS {flags}");
    let stream = within(&what, session.uid_store(uid.to_string(), format!("+FLAGS {flags}"))).await?;
    let _updates: Vec<_> = within(&what, stream.try_collect()).await?;
    Ok(())
}
