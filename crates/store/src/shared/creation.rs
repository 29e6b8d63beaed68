//! Group commit for ticket creation.
//!
//! Opening tickets is the hot write path, and each transaction pays a fixed
//! price (BEGIN, COMMIT, the log write) besides its own statements. One task
//! per store takes the creations waiting at that moment and writes them in
//! one transaction; should any fail, each is retried alone, so one bad
//! ticket never takes the others down and each caller gets its own answer.

use sqlx::Pool;
use tokio::sync::{mpsc, oneshot};

use guichet_domain::event::{DomainEvent, HistoryEntry};
use guichet_domain::ids::TicketId;
use guichet_domain::ticket::Ticket;

use super::Db;
use super::changes::{insert_events, insert_history};
use super::tickets::{INSERT_TICKET, bind_ticket, write_sets};
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

async fn write_all(write: &Pool<Db>, batch: &[Creation]) -> StoreResult<Vec<Ticket>> {
    let mut tx = write.begin().await?;
    let mut written = Vec::with_capacity(batch.len());
    for creation in batch {
        written.push(write_one(&mut tx, creation).await?);
    }
    tx.commit().await?;
    Ok(written)
}

async fn write_one(tx: &mut sqlx::Transaction<'_, Db>, creation: &Creation) -> StoreResult<Ticket> {
    let row = bind_ticket(sqlx::query(&INSERT_TICKET), &creation.ticket)
        .fetch_one(&mut **tx)
        .await?;
    let id: i64 = sqlx::Row::try_get(&row, 0)?;
    let ticket = Ticket {
        id: TicketId(id),
        ..creation.ticket.clone()
    };
    write_sets(tx, &ticket, None).await?;
    let history: Vec<_> = creation
        .history
        .iter()
        .map(|h| HistoryEntry {
            ticket: ticket.id,
            ..h.clone()
        })
        .collect();
    let events: Vec<_> = creation
        .events
        .iter()
        .map(|e| DomainEvent {
            ticket: ticket.id,
            ..e.clone()
        })
        .collect();
    insert_history(tx, &history).await?;
    insert_events(tx, &events).await?;
    Ok(ticket)
}
