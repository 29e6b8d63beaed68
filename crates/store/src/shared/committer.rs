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

use sqlx::{Pool, QueryBuilder};
use tokio::sync::{mpsc, oneshot, watch};

use guichet_domain::ids::TicketId;
use guichet_domain::ticket::Ticket;

use super::changes::{EventRecord, Resolver, insert_events, insert_history, write_parts};
use super::tickets::{TICKET_COLUMNS, insert_sets, push_ticket};
use super::{Db, dialect};
use crate::shapes::in_cached_shapes;
use crate::{ChangeSet, Committed, StoreError, StoreResult};

/// The most changes one transaction carries.
const MAX_BATCH: usize = 64;

/// A change waiting to be written, with where to send the outcome.
struct Pending {
    change: ChangeSet,
    reply: oneshot::Sender<StoreResult<Committed>>,
}

/// The handle through which changes are committed.
#[derive(Clone)]
pub struct Committer {
    queue: mpsc::Sender<Pending>,
}

impl Committer {
    /// Starts the writing task on `write`; it ends when the last handle is
    /// dropped. After each transaction that wrote events, `signal` moves on.
    pub fn spawn(write: Pool<Db>, signal: watch::Sender<u64>) -> Self {
        let (queue, waiting) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_batches(write, waiting, signal));
        Self { queue }
    }

    /// Writes one change; returns what it created.
    pub async fn commit(&self, change: ChangeSet) -> StoreResult<Committed> {
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Unreachable("the writer has stopped".into());
        self.queue
            .send(Pending { change, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn write_batches(write: Pool<Db>, mut waiting: mpsc::Receiver<Pending>, signal: watch::Sender<u64>) {
    while let Some(first) = waiting.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match waiting.try_recv() {
                Ok(next) => batch.push(next),
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
            Err(error) if batch.len() == 1 => {
                if let Some(pending) = batch.pop() {
                    drop(pending.reply.send(Err(error)));
                }
            }
            Err(_) => {
                for pending in batch {
                    let outcome = write_all(&write, std::slice::from_ref(&pending)).await;
                    drop(pending.reply.send(outcome.map(|mut all| all.remove(0))));
                }
            }
        }
        if wrote_events {
            signal.send_modify(|version| *version = version.wrapping_add(1));
        }
    }
}

/// Writes the batch in one transaction: its new tickets, each change's
/// other rows, then the history and events of all of them.
async fn write_all(write: &Pool<Db>, batch: &[Pending]) -> StoreResult<Vec<Committed>> {
    let mut tx = write.begin().await?;
    if batch.iter().any(|p| !p.change.events.is_empty()) {
        dialect::lock_for_event_writers(&mut tx).await?;
    }
    let created = insert_new_tickets(&mut tx, batch).await?;
    let new_tickets: Vec<Ticket> = created.iter().flatten().cloned().collect();
    insert_sets(&mut tx, &new_tickets).await?;
    let mut history = Vec::new();
    let mut events: Vec<EventRecord<'_>> = Vec::new();
    let mut results = Vec::with_capacity(batch.len());
    for (pending, ticket) in batch.iter().zip(created) {
        let change = &pending.change;
        let resolver = Resolver::new(ticket.as_ref().map(|t| t.id));
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
    insert_history(&mut tx, &history).await?;
    insert_events(&mut tx, &events).await?;
    tx.commit().await?;
    Ok(results)
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
            return Err(StoreError::Conflict(format!(
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
