//! Closing answered tickets: 10 working days after `solved` or `unsolved`,
//! a ticket nobody verified or reopened is closed by the system, with a
//! history entry that says why.

use async_trait::async_trait;

use guichet_service::tickets::close::close_due;
use guichet_service::{Actor, Context};

use crate::Job;

/// Closes the answered tickets whose time has come, every ten minutes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Closure;

/// The reason the system gives in the history of the tickets it closes.
pub const REASON: &str = "worker: closed 10 working days after the answer, neither verified nor reopened";

#[async_trait]
impl Job for Closure {
    fn name(&self) -> &str {
        "ticket-closure"
    }

    fn interval(&self) -> chrono::Duration {
        chrono::Duration::minutes(10)
    }

    async fn run(&self, ctx: &Context) -> Result<String, String> {
        let closed = close_due(ctx, &Actor::system(REASON))
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!("{closed} answered tickets closed"))
    }
}
