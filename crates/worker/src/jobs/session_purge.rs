//! Ending expired web sessions, hourly: an expired session already fails
//! to authenticate, so this only keeps the table small.

use async_trait::async_trait;

use guichet_service::auth::purge_expired_sessions;
use guichet_service::{Actor, Context};

use crate::Job;

/// Deletes the sessions that expired before now, as the system.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionPurge;

/// The reason the system gives in the events of the purge.
pub const REASON: &str = "worker: purge of expired sessions";

#[async_trait]
impl Job for SessionPurge {
    fn name(&self) -> &str {
        "session-purge"
    }

    fn interval(&self) -> chrono::Duration {
        chrono::Duration::hours(1)
    }

    async fn run(&self, ctx: &Context) -> Result<String, String> {
        let ended = purge_expired_sessions(ctx, &Actor::system(REASON))
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!("{ended} expired sessions ended"))
    }
}
