//! The event log's consumer interface.
//!
//! Every change writes domain events in its own transaction. A consumer
//! (notifications, search indexing, webhooks) reads them in order from its
//! own cursor; [`pump`] hands it the next batch and advances the cursor past
//! what it handled, so delivery is at least once and in order.

use async_trait::async_trait;

use crate::{Store, StoreResult, StoredEvent};

/// Something that reacts to domain events.
#[async_trait]
pub trait EventConsumer: Send + Sync {
    /// A stable name; it keys the consumer's cursor.
    fn name(&self) -> &str;
    /// Handles one event. An error stops the batch; the event is offered again next time.
    async fn handle(&self, event: &StoredEvent) -> Result<(), String>;
}

/// What one [`pump`] call did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pumped {
    /// Events handled.
    pub handled: usize,
    /// The handler's error that stopped the batch, if any.
    pub failure: Option<String>,
}

/// Hands `consumer` up to `batch` events after its cursor, advancing the cursor.
pub async fn pump(store: &dyn Store, consumer: &dyn EventConsumer, batch: i64) -> StoreResult<Pumped> {
    let from = store.event_cursor(consumer.name()).await?;
    let events = store.events_after(from, batch).await?;
    let mut position = from;
    let mut handled = 0;
    let mut failure = None;
    for event in &events {
        if let Err(error) = consumer.handle(event).await {
            tracing::warn!(consumer = consumer.name(), event = event.id, %error, "event consumer failed");
            failure = Some(error);
            break;
        }
        position = event.id;
        handled += 1;
    }
    if position > from {
        store.set_event_cursor(consumer.name(), position).await?;
    }
    Ok(Pumped { handled, failure })
}
