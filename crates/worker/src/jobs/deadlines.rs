//! The deadline scheduler: every five minutes, the reminders of colour
//! changes, QoS warnings and breaches, the reminders of `waiting for
//! reply` and its end, and the closure of answered tickets, as the system.

use async_trait::async_trait;

use guichet_service::Context;
use guichet_service::deadlines::run_pass;

use crate::Job;

/// Runs the deadline scheduler's pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Deadlines;

#[async_trait]
impl Job for Deadlines {
    fn name(&self) -> &str {
        "deadlines"
    }

    fn interval(&self) -> chrono::Duration {
        chrono::Duration::minutes(5)
    }

    async fn run(&self, ctx: &Context) -> Result<String, String> {
        run_pass(ctx)
            .await
            .map(|report| report.to_string())
            .map_err(|e| e.to_string())
    }
}
