//! Polling a mailbox over IMAP (async-imap), over TLS or, for a server on
//! the same host, plain TCP: each pass files the unseen messages through
//! [`Gateway::deliver`] and flags each one only once it is committed.
//!
//! Only one poller may run per mailbox across nodes: the caller runs
//! [`poll_once`] from a worker job under a lease named [`job_name`].

mod connect;
mod mailbox;
mod poll;
mod return_path;

pub use mailbox::{ImapMailbox, ImapSecurity};

use crate::Gateway;

/// The keyword given to a message refused for good, besides `\Seen`:
/// `SEARCH KEYWORD $GuichetRefused` finds them.
pub const REFUSED_KEYWORD: &str = "$GuichetRefused";

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PollReport {
    /// Messages the gateway accepted (duplicates and dropped automatic
    /// mail included), now `\Seen`.
    pub filed: usize,
    /// Messages refused for good (5xx), now `\Seen` and
    /// [`REFUSED_KEYWORD`].
    pub refused: usize,
    /// Messages refused for now (451), left unseen; the pass stopped at
    /// the first, so this is 0 or 1.
    pub deferred: usize,
}

/// One pass over `mailbox`: connect, log in, select it, and take its
/// unseen messages oldest first, at most `limit`. Each is fetched with
/// `BODY.PEEK[]` (so fetching does not mark it seen) and delivered to the
/// helpdesk with its `Return-Path` as envelope sender; only once delivery
/// returns is it flagged: `\Seen` when filed; `\Seen` and
/// [`REFUSED_KEYWORD`] when refused for good, with a warning in the log;
/// left unseen when refused for now, and the pass stops there. Then log
/// out.
///
/// A crash between the commit and the flag leaves the message unseen: the
/// next pass delivers it again, and the service files it once, since it
/// recognises a Message-ID it has seen (`Receipt::Duplicate`).
///
/// `Err` says, without the password, what failed: the connection, the
/// login, or a command; what was filed before it stays filed.
pub async fn poll_once(gateway: &Gateway, mailbox: &ImapMailbox, limit: usize) -> Result<PollReport, String> {
    poll::poll_once(gateway, mailbox, limit).await
}

/// The name of the job, and of its lease, that polls `mailbox`:
/// `mail.imap.<user>@<host>/<mailbox>`.
pub fn job_name(mailbox: &ImapMailbox) -> String {
    format!("mail.imap.{}@{}/{}", mailbox.user, mailbox.host, mailbox.mailbox)
}
