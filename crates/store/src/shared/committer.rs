//! Group commit: every change set goes through one writing task per store.
//!
//! Each transaction pays a fixed price (BEGIN, COMMIT, the log write, an
//! fsync at `--durability full`) besides its own statements. The task takes
//! the changes waiting at that moment and writes them in one transaction;
//! should any fail, each is retried alone, so one bad or stale change never
//! takes the others down and each caller gets its own answer.
//!
//! The batch's new tickets go in a few multi-row statements, then each
//! change's other rows, then the history and events of all of them together:
//! each statement is a round trip to the connection's thread (SQLite) or
//! server (PostgreSQL), and on two cores the wake-ups of those round trips
//! were a quarter of the server's time when creations took four each.

use std::sync::Arc;

use sqlx::{Pool, QueryBuilder};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot, watch};

use guichet_domain::ids::TicketId;
use guichet_domain::ticket::Ticket;

use super::changes::{EventRecord, Resolver, insert_events, insert_history, write_parts};
use super::tickets::{TICKET_COLUMNS, insert_sets, push_ticket};
use super::{Db, dialect};
use crate::shapes::in_cached_shapes;
use crate::{ChangeSet, Committed, StoreError, StoreResult};

/// The most changes one transaction carries.
const MAX_BATCH: usize = 64;

/// The most attachment bytes one transaction carries, beyond its first change.
const MAX_BATCH_BYTES: usize = 16 << 20;

/// The most attachment bytes waiting for the writer, in KiB: past it,
/// callers wait before they queue, so memory stays bounded however many
/// large files arrive at once.
const QUEUED_KIB: usize = 64 << 10;

/// A change waiting to be written, with where to send the outcome.
struct Pending {
    change: ChangeSet,
    reply: oneshot::Sender<StoreResult<Committed>>,
    /// Its share of [`QUEUED_KIB`], given back once it is written.
    _queued: Option<OwnedSemaphorePermit>,
}

impl Pending {
    /// The attachment bytes it carries.
    fn bytes(&self) -> usize {
        attachment_bytes(&self.change)
    }
}

fn attachment_bytes(change: &ChangeSet) -> usize {
    change.attachments.iter().map(|a| a.content.len()).sum()
}

/// The handle through which changes are committed.
#[derive(Clone)]
pub struct Committer {
    queue: mpsc::Sender<Pending>,
    queued_kib: Arc<Semaphore>,
}

impl Committer {
    /// Starts the writing task on `write`; it ends when the last handle is
    /// dropped. After each transaction that wrote events, `signal` moves on.
    pub fn spawn(write: Pool<Db>, signal: watch::Sender<u64>) -> Self {
        let (queue, waiting) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_batches(write, waiting, signal));
        Self {
            queue,
            queued_kib: Arc::new(Semaphore::new(QUEUED_KIB)),
        }
    }

    /// Writes one change; returns what it created.
    pub async fn commit(&self, change: ChangeSet) -> StoreResult<Committed> {
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Unreachable("the writer has stopped".into());
        let kib = attachment_bytes(&change).div_ceil(1024).min(QUEUED_KIB);
        let queued = match kib {
            0 => None,
            kib => Some(
                self.queued_kib
                    .clone()
                    .acquire_many_owned(u32::try_from(kib).unwrap_or(u32::MAX))
                    .await
                    .map_err(|_| stopped())?,
            ),
        };
        self.queue
            .send(Pending {
                change,
                reply,
                _queued: queued,
            })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn write_batches(write: Pool<Db>, mut waiting: mpsc::Receiver<Pending>, signal: watch::Sender<u64>) {
    let mut held_over = None;
    while let Some(first) = match held_over.take() {
        Some(pending) => Some(pending),
        None => waiting.recv().await,
    } {
        let mut bytes = first.bytes();
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH && bytes < MAX_BATCH_BYTES {
            match waiting.try_recv() {
                Ok(next) if bytes + next.bytes() > MAX_BATCH_BYTES => {
                    held_over = Some(next);
                    break;
                }
                Ok(next) => {
                    bytes += next.bytes();
                    batch.push(next);
                }
                Err(_) => break,
            }
        }
        let wrote_events = batch.iter().any(|p| !p.change.events.is_empty());
        match write_all(&write, &batch).await {
            Ok(results) => {
                for (pending, committed) in batch.into_iter().zip(results) {
                    // The caller may have gone away; nothing else to tell.
                    drop(pending.reply.send(Ok(committed)));
                }
            }
            Err(Failure::Before(error)) if batch.len() > 1 => {
                tracing::debug!(%error, changes = batch.len(), "a grouped commit failed; writing its changes one by one");
                for pending in batch {
                    let outcome = write_all(&write, std::slice::from_ref(&pending)).await;
                    let outcome = outcome.map(|mut all| all.remove(0)).map_err(Failure::into_error);
                    drop(pending.reply.send(outcome));
                }
            }
            Err(Failure::Before(error)) => {
                if let Some(pending) = batch.pop() {
                    drop(pending.reply.send(Err(error)));
                }
            }
            Err(Failure::AtCommit(error)) => {
                // The server may have committed all the same: writing the
                // changes again could store them twice, so each caller is
                // told the outcome is unknown.
                tracing::error!(%error, changes = batch.len(), "a commit failed; its outcome is unknown");
                for pending in batch {
                    let unknown = StoreError::Unreachable(format!("the outcome of the commit is unknown: {error}"));
                    drop(pending.reply.send(Err(unknown)));
                }
            }
        }
        if wrote_events {
            signal.send_modify(|version| *version = version.wrapping_add(1));
        }
    }
}

/// Why a batch was not written.
enum Failure {
    /// Before COMMIT: nothing was written, each change may be tried alone.
    Before(StoreError),
    /// At COMMIT: the outcome is unknown.
    AtCommit(StoreError),
}

impl Failure {
    fn into_error(self) -> StoreError {
        match self {
            Self::Before(error) => error,
            Self::AtCommit(error) => StoreError::Unreachable(format!("the outcome of the commit is unknown: {error}")),
        }
    }
}

/// Writes the batch in one transaction: its new tickets, each change's
/// other rows, then the history and events of all of them.
async fn write_all(write: &Pool<Db>, batch: &[Pending]) -> Result<Vec<Committed>, Failure> {
    let (tx, results) = write_rows(write, batch).await.map_err(Failure::Before)?;
    tx.commit().await.map_err(|e| Failure::AtCommit(e.into()))?;
    Ok(results)
}

/// Writes the batch's rows in a transaction it leaves open.
async fn write_rows<'a>(
    write: &'a Pool<Db>,
    batch: &[Pending],
) -> StoreResult<(sqlx::Transaction<'a, Db>, Vec<Committed>)> {
    let mut tx = write.begin().await?;
    let created = insert_new_tickets(&mut tx, batch).await?;
    let new_tickets: Vec<Ticket> = created.iter().flatten().cloned().collect();
    insert_sets(&mut tx, &new_tickets).await?;
    let mut history = Vec::new();
    let mut events: Vec<EventRecord<'_>> = Vec::new();
    let mut results = Vec::with_capacity(batch.len());
    let mut reindexed = Vec::new();
    for (pending, ticket) in batch.iter().zip(created) {
        let change = &pending.change;
        let resolver = Resolver::new(ticket.as_ref().map(|t| t.id));
        reindexed.extend(texts_changed(change, &resolver)?);
        if let Some(key) = &change.key {
            take_key(&mut tx, key, change, ticket.as_ref().map(|t| t.id)).await?;
        }
        let mut committed = write_parts(&mut tx, change, &resolver).await?;
        for entry in &change.history {
            history.push(resolver.history(entry)?);
        }
        for event in &change.events {
            events.push(resolver.event(change, event, &committed)?);
        }
        committed.ticket = ticket;
        results.push(committed);
    }
    super::search::reindex(&mut tx, &reindexed).await?;
    insert_history(&mut tx, &history).await?;
    if !events.is_empty() {
        dialect::lock_event_log(&mut tx).await?;
        insert_events(&mut tx, &events).await?;
    }
    Ok((tx, results))
}

/// The tickets whose searchable text `change` changes: the one it
/// creates, those whose subject or description it rewrites, and those it
/// adds articles to.
fn texts_changed(change: &ChangeSet, resolver: &Resolver) -> StoreResult<Vec<TicketId>> {
    let mut tickets = Vec::new();
    if change.new_ticket.is_some() {
        tickets.push(resolver.ticket(TicketId::NEW)?);
    }
    for write in &change.tickets {
        if write.before.subject != write.after.subject || write.before.description != write.after.description {
            tickets.push(write.before.id);
        }
    }
    for article in &change.articles {
        tickets.push(resolver.ticket(article.ticket)?);
    }
    Ok(tickets)
}

/// Takes a change's key, or fails with [`StoreError::Duplicate`] if an
/// earlier change took it.
async fn take_key(
    tx: &mut sqlx::Transaction<'_, Db>,
    key: &str,
    change: &ChangeSet,
    ticket: Option<TicketId>,
) -> StoreResult<()> {
    let first_ticket = change
        .tickets
        .first()
        .map(|w| w.before.id)
        .or(change.articles.first().map(|a| a.ticket))
        .or(change.history.first().map(|h| h.ticket))
        .filter(|t| *t != TicketId::NEW);
    let taken = sqlx::query(
        "INSERT INTO change_keys (key, change_id, ticket_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(change.id.0)
    .bind(ticket.or(first_ticket).map(|t| t.0))
    .bind(crate::Stamp(change.at))
    .execute(&mut **tx)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(StoreError::Duplicate);
    }
    Ok(())
}

/// Inserts the batch's new tickets and returns them with their ids, in the
/// batch's order (`None` for changes that create none). A statement numbers
/// its rows in order (SQLite's next rowid, PostgreSQL's identity sequence),
/// so its ids, sorted, are its rows' ids.
async fn insert_new_tickets(tx: &mut sqlx::Transaction<'_, Db>, batch: &[Pending]) -> StoreResult<Vec<Option<Ticket>>> {
    let new: Vec<(usize, &Ticket)> = batch
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.change.new_ticket.as_ref().map(|t| (i, t)))
        .collect();
    let mut created = vec![None; batch.len()];
    for run in in_cached_shapes(&new) {
        let mut q = QueryBuilder::new(format!("INSERT INTO tickets ({TICKET_COLUMNS}) "));
        q.push_values(run, |mut row, (_, ticket)| push_ticket(&mut row, ticket));
        q.push(" RETURNING id");
        let mut ids: Vec<i64> = q.build_query_scalar().fetch_all(&mut **tx).await?;
        if ids.len() != run.len() {
            return Err(StoreError::Malformed(format!(
                "{} tickets were inserted but {} ids came back",
                run.len(),
                ids.len()
            )));
        }
        ids.sort_unstable();
        for ((index, ticket), id) in run.iter().zip(ids) {
            created[*index] = Some(Ticket {
                id: TicketId(id),
                ..(*ticket).clone()
            });
        }
    }
    Ok(created)
}
