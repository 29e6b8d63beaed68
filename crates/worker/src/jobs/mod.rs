//! Guichet's own periodic jobs.

mod session_purge;

use std::sync::Arc;

pub use session_purge::SessionPurge;

use crate::Job;

/// The jobs every worker runs.
pub fn standard() -> Vec<Arc<dyn Job>> {
    vec![Arc::new(SessionPurge)]
}

/// The reason the system gives for the session purge's changes.
pub fn session_purge_reason() -> &'static str {
    session_purge::REASON
}
