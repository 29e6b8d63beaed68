//! Running event consumers: pump while there is work, then wait for new
//! events (signalled by the store, or found by the slow poll), for a failed
//! change's retry time, or for another node's lease to lapse.

use std::sync::Arc;

use guichet_service::events::{EventConsumer, PumpOutcome, Pumped, pump, release};

use crate::Worker;
use crate::shutdown::Shutdown;

/// What one consumer did in a pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsumerReport {
    /// The consumer.
    pub consumer: String,
    /// Changes handled.
    pub changes: usize,
    /// Events in them.
    pub events: usize,
    /// Changes parked.
    pub parked: usize,
    /// The error that holds it back, if any; or why it did not run.
    pub problem: Option<String>,
}

/// Runs `consumer` on this node until `shutdown`, then gives up its lease.
pub async fn run(worker: Worker, consumer: Arc<dyn EventConsumer>, mut shutdown: Shutdown) {
    let name = consumer.name().to_owned();
    let mut signal = worker.ctx.event_signal();
    loop {
        signal.borrow_and_update();
        let wait = match pump(&worker.ctx, consumer.as_ref(), &worker.node, &worker.config.pump).await {
            Ok(pumped) => next_wait(&worker, &pumped),
            Err(error) => {
                tracing::warn!(consumer = %name, %error, "could not read the event log");
                Wait::Poll
            }
        };
        let stop = match wait {
            Wait::None => shutdown.is_requested(),
            Wait::Events => tokio::select! {
                _ = signal.changed() => shutdown.sleep(worker.config.linger).await,
                stop = shutdown.sleep(worker.config.poll) => stop,
            },
            Wait::Poll => shutdown.sleep(worker.config.poll).await,
            Wait::Until(delay) => shutdown.sleep(delay).await,
        };
        if stop {
            break;
        }
    }
    if let Err(error) = release(&worker.ctx, &name, &worker.node).await {
        tracing::warn!(consumer = %name, %error, "could not release the consumer's lease");
    }
}

/// What a consumer waits for before its next pump.
enum Wait {
    /// Nothing: more is waiting.
    None,
    /// New events, or the slow poll.
    Events,
    /// The slow poll.
    Poll,
    /// This long.
    Until(std::time::Duration),
}

fn next_wait(worker: &Worker, pumped: &Pumped) -> Wait {
    match &pumped.outcome {
        PumpOutcome::More | PumpOutcome::Parked { .. } => Wait::None,
        PumpOutcome::CaughtUp => Wait::Events,
        PumpOutcome::NotLeased | PumpOutcome::LeaseLost => Wait::Poll,
        PumpOutcome::Failed { retry_at, .. } => {
            let delay = (*retry_at - worker.ctx.now()).to_std().unwrap_or_default();
            Wait::Until(delay.min(worker.config.poll))
        }
    }
}

/// Hands `consumer` everything it can take now, once: until it has caught
/// up, fails, or is held by another node.
pub async fn drain(worker: &Worker, consumer: &dyn EventConsumer) -> ConsumerReport {
    let mut report = ConsumerReport {
        consumer: consumer.name().to_owned(),
        ..ConsumerReport::default()
    };
    loop {
        let pumped = match pump(&worker.ctx, consumer, &worker.node, &worker.config.pump).await {
            Ok(pumped) => pumped,
            Err(error) => {
                report.problem = Some(error.to_string());
                break;
            }
        };
        report.changes += pumped.changes;
        report.events += pumped.events;
        match pumped.outcome {
            PumpOutcome::More => continue,
            PumpOutcome::Parked { .. } => report.parked += 1,
            PumpOutcome::CaughtUp => break,
            PumpOutcome::Failed { error, .. } => {
                report.problem = Some(error);
                break;
            }
            PumpOutcome::NotLeased => {
                report.problem = Some("another node holds its lease".into());
                break;
            }
            PumpOutcome::LeaseLost => {
                report.problem = Some("its lease was taken over".into());
                break;
            }
        }
    }
    if let Err(error) = release(&worker.ctx, consumer.name(), &worker.node).await {
        report.problem.get_or_insert(error.to_string());
    }
    report
}
