//! The handover digest: at each handover of the rota, the outgoing and the
//! incoming teams hear of the open first-level tickets. The job is due at
//! each handover, not on a fixed grid; the digest is committed once per
//! handover, whichever node runs it and however often.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use guichet_service::Context;
use guichet_service::rota::{next_handover, send_handover_digest};

use crate::Job;

/// Commits the digest of the last handover, if not done yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct HandoverDigest;

#[async_trait]
impl Job for HandoverDigest {
    fn name(&self) -> &str {
        "rota-handover-digest"
    }

    /// A week: the handover's own time ([`Job::next_due`]) rules.
    fn interval(&self) -> chrono::Duration {
        chrono::Duration::weeks(1)
    }

    async fn next_due(&self, ctx: &Context) -> Option<DateTime<Utc>> {
        next_handover(ctx).await.ok()
    }

    async fn run(&self, ctx: &Context) -> Result<String, String> {
        send_handover_digest(ctx)
            .await
            .map(|outcome| outcome.to_string())
            .map_err(|e| e.to_string())
    }
}
