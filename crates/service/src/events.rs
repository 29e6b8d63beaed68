//! Handing the event log to consumers (notifications, search indexing,
//! webhooks), whole changes at a time, on one node at a time.
//!
//! A consumer runs under a lease that one node holds at a time; its cursor
//! moves past what it handled, only while that node holds the lease. A
//! change that fails is tried again with backoff, and after the policy's
//! attempts it is parked with its error for an operator to look at (`guichet
//! events failed`, `guichet events retry ID`): it no longer holds back the
//! changes behind it. A handler that panics counts as a failure.
//!
//! Delivery is once per change while the node keeps its lease. A node that
//! stalls past its lease in the middle of a batch may see the new holder
//! handle again what it handled but had not yet recorded: handlers make
//! their effects idempotent by the change's id.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures_util::FutureExt;

use guichet_domain::actor::Actor;
use guichet_domain::ids::{ChangeId, ParkedId};
use guichet_domain::schedule::{AfterFailure, RetryPolicy};
use guichet_store::{ConsumerState, EventPosition, Failing, Parked, StoredEvent};

use crate::admin::require_admin;
use crate::{Context, ServiceResult};

/// All the events of one change, in order: what a consumer handles at once,
/// so that it can act once per change (one mail per recipient, say).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeEvents {
    /// The change.
    pub change: ChangeId,
    /// Its events, in log order; never empty.
    pub events: Vec<StoredEvent>,
}

impl ChangeEvents {
    fn first(&self) -> EventPosition {
        self.events.first().map(|e| e.position).unwrap_or_default()
    }

    fn last(&self) -> EventPosition {
        self.events.last().map(|e| e.position).unwrap_or_default()
    }
}

/// Something that reacts to changes.
#[async_trait]
pub trait EventConsumer: Send + Sync {
    /// A stable name: it keys the consumer's cursor and lease.
    fn name(&self) -> &str;
    /// Handles one change. An error (or a panic) is retried with backoff,
    /// then parked; the change is offered again until then.
    async fn handle(&self, ctx: &Context, change: &ChangeEvents) -> Result<(), String>;
}

/// How a consumer is run.
#[derive(Debug, Clone, Copy)]
pub struct PumpPolicy {
    /// Events read at once.
    pub batch: i64,
    /// How long a lease lasts without renewal, by the database's clock.
    pub lease: Duration,
    /// When failures are retried, and when they are parked.
    pub retry: RetryPolicy,
}

impl Default for PumpPolicy {
    fn default() -> Self {
        Self {
            batch: 500,
            lease: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

/// How one [`pump`] ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PumpOutcome {
    /// Another node holds the consumer's lease.
    NotLeased,
    /// Everything readable has been handled.
    CaughtUp,
    /// A full batch was handled; more may be waiting.
    More,
    /// A change failed and is tried again at this moment.
    Failed {
        /// The handler's error.
        error: String,
        /// Not before.
        retry_at: DateTime<Utc>,
    },
    /// A change failed for the last time and was parked.
    Parked {
        /// The handler's error.
        error: String,
    },
    /// The lease was taken over by another node meanwhile.
    LeaseLost,
}

/// What one [`pump`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pumped {
    /// How it ended.
    pub outcome: PumpOutcome,
    /// Changes handled.
    pub changes: usize,
    /// Events in them.
    pub events: usize,
}

impl Pumped {
    fn ended(outcome: PumpOutcome, changes: usize, events: usize) -> Self {
        Self {
            outcome,
            changes,
            events,
        }
    }
}

/// Takes `consumer`'s lease for `node` and hands it one batch of changes:
/// first those an operator asked to retry, then the failing change if its
/// time has come, then what follows its cursor.
pub async fn pump(
    ctx: &Context,
    consumer: &dyn EventConsumer,
    node: &str,
    policy: &PumpPolicy,
) -> ServiceResult<Pumped> {
    let name = consumer.name();
    let Some(state) = ctx.store().claim_consumer(name, node, policy.lease).await? else {
        return Ok(Pumped::ended(PumpOutcome::NotLeased, 0, 0));
    };
    retry_requested(ctx, consumer).await?;
    if let Some(failing) = &state.failing
        && failing.retry_at > ctx.now()
    {
        let outcome = PumpOutcome::Failed {
            error: failing.error.clone(),
            retry_at: failing.retry_at,
        };
        return Ok(Pumped::ended(outcome, 0, 0));
    }
    let (changes, full) = read_changes(ctx, state.cursor, policy.batch).await?;
    deliver_batch(ctx, consumer, node, policy, &state, changes, full).await
}

async fn deliver_batch(
    ctx: &Context,
    consumer: &dyn EventConsumer,
    node: &str,
    policy: &PumpPolicy,
    state: &ConsumerState,
    changes: Vec<ChangeEvents>,
    full: bool,
) -> ServiceResult<Pumped> {
    let name = consumer.name();
    let (mut position, mut recorded, mut handled, mut events) = (state.cursor, state.cursor, 0, 0);
    let mut renew_by = Instant::now() + policy.lease / 2;
    for change in &changes {
        if let Err(error) = deliver(ctx, consumer, change).await {
            tracing::warn!(consumer = name, change = change.change.0, %error, "an event consumer failed");
            let outcome = failed(ctx, name, node, policy, state, position, change, error).await?;
            return Ok(Pumped::ended(outcome, handled, events));
        }
        position = change.last();
        handled += 1;
        events += change.events.len();
        if Instant::now() >= renew_by {
            // A slow batch records its progress, which renews the lease,
            // before half of the lease has gone.
            if !ctx.store().advance_consumer(name, node, policy.lease, position).await? {
                return Ok(Pumped::ended(PumpOutcome::LeaseLost, handled, events));
            }
            recorded = position;
            renew_by = Instant::now() + policy.lease / 2;
        }
    }
    // A write is needed for progress not yet recorded, or to clear a failure
    // that no write of this batch has cleared.
    let needs_write = position != recorded || (state.failing.is_some() && recorded == state.cursor);
    let outcome = if needs_write && !ctx.store().advance_consumer(name, node, policy.lease, position).await? {
        PumpOutcome::LeaseLost
    } else if full {
        PumpOutcome::More
    } else {
        PumpOutcome::CaughtUp
    };
    Ok(Pumped::ended(outcome, handled, events))
}

/// Hands one change to the consumer; a panic is an error like another.
async fn deliver(ctx: &Context, consumer: &dyn EventConsumer, change: &ChangeEvents) -> Result<(), String> {
    match AssertUnwindSafe(consumer.handle(ctx, change)).catch_unwind().await {
        Ok(outcome) => outcome,
        Err(panic) => Err(format!("the handler panicked: {}", panic_message(panic.as_ref()))),
    }
}

/// The text a panic carried, if any.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

/// Records a failed change, with the cursor at `position` (after what the
/// batch handled before it): retried later, or parked after the last attempt.
#[expect(
    clippy::too_many_arguments,
    reason = "the pump's state, passed down as it is rather than bundled for one call"
)]
async fn failed(
    ctx: &Context,
    name: &str,
    node: &str,
    policy: &PumpPolicy,
    state: &ConsumerState,
    position: EventPosition,
    change: &ChangeEvents,
    error: String,
) -> ServiceResult<PumpOutcome> {
    let failures = match &state.failing {
        Some(failing) if failing.change == change.change => failing.failures + 1,
        _ => 1,
    };
    let now = ctx.now();
    match policy.retry.after_failure(failures, now) {
        AfterFailure::RetryAt(retry_at) => {
            let failing = Failing {
                change: change.change,
                failures,
                retry_at,
                error: error.clone(),
            };
            if !ctx.store().consumer_failed(name, node, position, &failing).await? {
                return Ok(PumpOutcome::LeaseLost);
            }
            Ok(PumpOutcome::Failed { error, retry_at })
        }
        AfterFailure::Park => {
            let parked = Parked {
                id: ParkedId(0),
                consumer: name.to_owned(),
                change: change.change,
                first: change.first(),
                last: change.last(),
                kinds: change.events.iter().map(|e| e.kind.to_string()).collect(),
                attempts: failures,
                error: error.clone(),
                parked_at: now,
                retry_requested: false,
            };
            if !ctx.store().park_change(name, node, &parked).await? {
                return Ok(PumpOutcome::LeaseLost);
            }
            tracing::error!(consumer = name, change = change.change.0, %error, "a change was parked after {failures} attempts");
            Ok(PumpOutcome::Parked { error })
        }
    }
}

/// Delivers again the parked changes an operator asked to retry.
async fn retry_requested(ctx: &Context, consumer: &dyn EventConsumer) -> ServiceResult<()> {
    for parked in ctx.store().parked_for_retry(consumer.name()).await? {
        let events = ctx
            .store()
            .change_events(parked.change, parked.first, parked.last)
            .await?;
        let outcome = if events.is_empty() {
            Err("its events are no longer in the log".to_owned())
        } else {
            let change = ChangeEvents {
                change: parked.change,
                events,
            };
            deliver(ctx, consumer, &change).await
        };
        ctx.store().retried(parked.id, outcome.err().as_deref()).await?;
    }
    Ok(())
}

/// The changes after `cursor`, whole: a change cut by the batch's end waits
/// for the next batch, unless it is alone, and then it is read to its end.
/// Returns them, and whether more may follow.
async fn read_changes(ctx: &Context, cursor: EventPosition, batch: i64) -> ServiceResult<(Vec<ChangeEvents>, bool)> {
    let mut events = ctx.store().events_after(cursor, batch).await?;
    let full = i64::try_from(events.len()).unwrap_or(i64::MAX) >= batch;
    let mut changes = group(std::mem::take(&mut events));
    if !full {
        return Ok((changes, false));
    }
    if changes.len() > 1 {
        changes.pop();
        return Ok((changes, true));
    }
    if let Some(only) = changes.first_mut() {
        loop {
            let more = ctx.store().events_after(only.last(), batch).await?;
            let same = more.iter().take_while(|e| e.change == only.change).count();
            let done = same < more.len() || more.is_empty();
            only.events.extend(more.into_iter().take(same));
            if done {
                break;
            }
        }
    }
    Ok((changes, true))
}

/// Consecutive events of one change, together, as consumers get them.
pub fn group(events: Vec<StoredEvent>) -> Vec<ChangeEvents> {
    let mut changes: Vec<ChangeEvents> = Vec::new();
    for event in events {
        match changes.last_mut() {
            Some(last) if last.change == event.change => last.events.push(event),
            _ => changes.push(ChangeEvents {
                change: event.change,
                events: vec![event],
            }),
        }
    }
    changes
}

/// Gives up `node`'s lease on `consumer`, so another node may take it at once.
pub async fn release(ctx: &Context, consumer: &str, node: &str) -> ServiceResult<()> {
    Ok(ctx.store().release_consumer(consumer, node).await?)
}

/// The parked changes, oldest first, for operators.
pub async fn parked(ctx: &Context, actor: &Actor) -> ServiceResult<Vec<Parked>> {
    require_admin(actor)?;
    Ok(ctx.store().parked(None).await?)
}

/// Asks for another attempt at a parked change, at its consumer's next pass.
pub async fn request_retry(ctx: &Context, actor: &Actor, id: ParkedId) -> ServiceResult<Parked> {
    require_admin(actor)?;
    Ok(ctx.store().request_retry(id).await?)
}
