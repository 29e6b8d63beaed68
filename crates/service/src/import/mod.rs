//! Importing the past: a mailing-list archive, parsed by a channel into
//! [`ArchivedMail`], becomes historical closed tickets.
//!
//! 1. The messages are threaded by the domain's rule
//!    ([`thread_archive`](guichet_domain::mail::archive_threads)): by
//!    Message-ID and References, then by subject.
//! 2. Every sender becomes a contact ([`senders`]), as mail to the helpdesk
//!    makes them.
//! 3. Each conversation is written in one change ([`write`]), as the system:
//!    a closed ticket whose description is the first message, whose
//!    articles are the replies with their dates and senders, and whose
//!    solution is chosen by [`solution`](guichet_domain::mail::import::solution).
//!    Its event is `ticket.imported`, which notifies nobody; the committer
//!    indexes its text for search in the same transaction.
//! 4. **Idempotent.** Every message's Message-ID (or, without one, the
//!    digest id the channel makes) is stored with its ticket, and the
//!    change is keyed `import:<Message-ID of its first message>`: a
//!    conversation whose messages are known already adds nothing, and one
//!    of which only some are known (the archive grew) adds the others to
//!    the ticket of the first.
//!
//! Conversations are written concurrently, [`ImportOptions::concurrency`]
//! at a time, so that the committer groups them into few transactions.

mod senders;
mod threads;
mod write;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, StreamExt as _};

use guichet_domain::actor::Actor;
use guichet_domain::ids::{UnitId, UserId, VoId};
use guichet_domain::mail::archive_threads::thread_archive;

use crate::mail::IncomingMail;
use crate::{Context, ServiceError, ServiceResult};

/// One message of an archive, as a channel read it.
#[derive(Debug, Clone)]
pub struct ArchivedMail {
    /// The message, parsed.
    pub mail: IncomingMail,
    /// When it was sent: its Date header, or what the archive says.
    pub date: DateTime<Utc>,
}

/// How an archive is imported.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The list the archive is of: it is named in each ticket's history,
    /// and a VO of that name (compared without regard to case) becomes
    /// the tickets' VO.
    pub list: Option<String>,
    /// The word of the ticket tag (`Guichet` in `[Guichet #100234]`),
    /// taken off subjects.
    pub tag_prefix: String,
    /// Conversations written at once.
    pub concurrency: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            list: None,
            tag_prefix: "Guichet".into(),
            concurrency: 256,
        }
    }
}

/// What an import did, in messages unless said otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Messages given.
    pub messages: usize,
    /// Messages left out as copies of another with the same Message-ID.
    pub duplicates: usize,
    /// Conversations found.
    pub conversations: usize,
    /// Tickets opened.
    pub tickets: usize,
    /// Messages written, on new tickets or added to imported ones.
    pub imported: usize,
    /// Messages imported before: nothing was written for them.
    pub already_imported: usize,
    /// Messages that could not be imported, each with why.
    pub unusable: Vec<String>,
}

/// What every conversation's change needs.
struct Env {
    actor: Actor,
    first_level: UnitId,
    vo: Option<VoId>,
    options: ImportOptions,
    senders: HashMap<String, UserId>,
}

/// Imports `mails` as historical tickets; `progress` is told how many
/// messages each written conversation had.
pub async fn import(
    ctx: &Context,
    mails: Vec<ArchivedMail>,
    options: ImportOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> ServiceResult<ImportReport> {
    let archived = threads::archived(&mails, &options.tag_prefix);
    let threads = thread_archive(&archived);
    let mut report = ImportReport {
        messages: mails.len(),
        duplicates: threads.duplicates.len(),
        conversations: threads.conversations.len(),
        ..ImportReport::default()
    };
    progress(threads.duplicates.len() as u64);
    let first_level = ctx.store().first_level_unit().await?.ok_or_else(|| {
        ServiceError::Conflict("no first-level support unit is configured; run `guichet migrate`".into())
    })?;
    let env = Env {
        actor: Actor::system("import of a mailing-list archive"),
        first_level,
        vo: vo_named(ctx, options.list.as_deref()).await?,
        senders: senders::contacts(ctx, &mails).await?,
        options,
    };
    let mut written = stream::iter(&threads.conversations)
        .map(|conversation| write::conversation(ctx, &env, &mails, conversation))
        .buffer_unordered(env.options.concurrency.max(1));
    while let Some(outcome) = written.next().await {
        let outcome = outcome?;
        progress(outcome.messages() as u64);
        outcome.count(&mut report);
    }
    Ok(report)
}

/// The VO called `list`, if there is one.
async fn vo_named(ctx: &Context, list: Option<&str>) -> ServiceResult<Option<VoId>> {
    let Some(list) = list.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(None);
    };
    let vos = ctx.store().vos().await?;
    Ok(vos
        .into_iter()
        .find(|v| v.name.eq_ignore_ascii_case(list))
        .map(|v| v.id))
}
