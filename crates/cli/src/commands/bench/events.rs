//! How fast the event log is handed to a consumer that does nothing: the
//! cost of reading, grouping and leasing alone.

use std::time::Instant;

use guichet_service::Context;
use guichet_service::events::{PumpOutcome, PumpPolicy, pump};
use guichet_worker::NoopConsumer;

/// Hands the whole log to a new no-op consumer; returns how many events,
/// and the seconds it took.
pub async fn deliver_everything(ctx: &Context) -> anyhow::Result<(usize, f64)> {
    let consumer = NoopConsumer::named(format!("bench-drain-{}", std::process::id()));
    let node = guichet_worker::node_id();
    let policy = PumpPolicy::default();
    let started = Instant::now();
    let mut events = 0;
    loop {
        let pumped = pump(ctx, &consumer, &node, &policy)
            .await
            .map_err(super::super::service_error)?;
        events += pumped.events;
        match pumped.outcome {
            PumpOutcome::More => {}
            PumpOutcome::CaughtUp => break,
            other => anyhow::bail!("the measuring consumer stopped: {other:?}"),
        }
    }
    Ok((events, started.elapsed().as_secs_f64()))
}
