//! Group commit for ticket creation.
//!
//! Opening tickets is the hot write path, and each transaction pays a fixed
//! price (BEGIN, COMMIT, the log write) besides its own statements. One task
//! per store takes the creations waiting at that moment and writes them in
//! one transaction; should any fail, each is retried alone, so one bad
//! ticket never takes the others down and each caller gets its own answer.
//!
//! The batch goes in a few multi-row statements (tickets, sets, history,
//! events), not four per ticket: each statement is a round trip to the
//! connection's thread (SQLite) or server (PostgreSQL), and on two cores the
//! wake-ups of those round trips were a quarter of the server's time.

use sqlx::{Pool, QueryBuilder};
use tokio::sync::{mpsc, oneshot};

use guichet_domain::event::{DomainEvent, HistoryEntry};
use guichet_domain::ids::TicketId;
use guichet_domain::ticket::Ticket;

use super::Db;
use super::changes::{insert_events, insert_history};
use super::tickets::{TICKET_COLUMNS, insert_sets, push_ticket};
use crate::shapes::in_cached_shapes;
use crate::{StoreError, StoreResult};

/// The most creations one transaction carries.
const MAX_BATCH: usize = 64;

/// A ticket waiting to be written, with where to send the outcome.
pub struct Creation {
    ticket: Ticket,
    history: Vec<HistoryEntry>,
    events: Vec<DomainEvent>,
    reply: oneshot::Sender<StoreResult<Ticket>>,
}

/// The handle through which tickets are created.
#[derive(Clone)]
pub struct Creator {
    queue: mpsc::Sender<Creation>,
}

impl Creator {
    /// Starts the writing task on `write`; it ends when the last handle is dropped.
    pub fn spawn(write: Pool<Db>) -> Self {
        let (queue, waiting) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_batches(write, waiting));
        Self { queue }
    }

    /// Writes a new ticket with its history and events; returns it with its id.
    pub async fn create(
        &self,
        ticket: Ticket,
        history: Vec<HistoryEntry>,
        events: Vec<DomainEvent>,
    ) -> StoreResult<Ticket> {
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Unreachable("the ticket writer has stopped".into());
        self.queue
            .send(Creation {
                ticket,
                history,
                events,
                reply,
            })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn write_batches(write: Pool<Db>, mut waiting: mpsc::Receiver<Creation>) {
    while let Some(first) = waiting.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match waiting.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        match write_all(&write, &batch).await {
            Ok(tickets) => {
                for (creation, ticket) in batch.into_iter().zip(tickets) {
                    let _ = creation.reply.send(Ok(ticket));
                }
            }
            Err(error) if batch.len() == 1 => {
                if let Some(creation) = batch.pop() {
                    // The caller may have gone away; nothing else to tell.
                    drop(creation.reply.send(Err(error)));
                }
            }
            Err(_) => {
                for creation in batch {
                    let outcome = write_all(&write, std::slice::from_ref(&creation)).await;
                    let _ = creation.reply.send(outcome.map(|mut tickets| tickets.remove(0)));
                }
            }
        }
    }
}

/// Writes the batch in one transaction and a few statements: its tickets,
/// then the sets, history and events of all of them together.
async fn write_all(write: &Pool<Db>, batch: &[Creation]) -> StoreResult<Vec<Ticket>> {
    let mut tx = write.begin().await?;
    let tickets = insert_tickets(&mut tx, batch).await?;
    insert_sets(&mut tx, &tickets).await?;
    let mut history = Vec::new();
    let mut events = Vec::new();
    for (creation, ticket) in batch.iter().zip(&tickets) {
        history.extend(creation.history.iter().map(|h| HistoryEntry {
            ticket: ticket.id,
            ..h.clone()
        }));
        events.extend(creation.events.iter().map(|e| DomainEvent {
            ticket: ticket.id,
            ..e.clone()
        }));
    }
    insert_history(&mut tx, &history).await?;
    insert_events(&mut tx, &events).await?;
    tx.commit().await?;
    Ok(tickets)
}

/// Inserts the batch's tickets and returns them with their ids. A statement
/// numbers its rows in order (SQLite's next rowid, PostgreSQL's identity
/// sequence), so its ids, sorted, are its rows' ids.
async fn insert_tickets(tx: &mut sqlx::Transaction<'_, Db>, batch: &[Creation]) -> StoreResult<Vec<Ticket>> {
    let mut tickets = Vec::with_capacity(batch.len());
    for run in in_cached_shapes(batch) {
        let mut q = QueryBuilder::new(format!("INSERT INTO tickets ({TICKET_COLUMNS}) "));
        q.push_values(run, |mut row, creation| push_ticket(&mut row, &creation.ticket));
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
        tickets.extend(run.iter().zip(ids).map(|(creation, id)| Ticket {
            id: TicketId(id),
            ..creation.ticket.clone()
        }));
    }
    Ok(tickets)
}
