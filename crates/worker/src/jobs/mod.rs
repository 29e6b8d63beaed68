//! Guichet's own periodic jobs.

mod closure;
mod session_purge;

use std::sync::Arc;

pub use closure::Closure;
pub use session_purge::SessionPurge;

use crate::Job;

/// The jobs every worker runs.
pub fn standard() -> Vec<Arc<dyn Job>> {
    vec![Arc::new(SessionPurge), Arc::new(Closure)]
}

/// The reason the system gives when it closes an answered ticket.
pub fn closure_reason() -> &'static str {
    closure::REASON
}

/// The reason the system gives for the session purge's changes.
pub fn session_purge_reason() -> &'static str {
    session_purge::REASON
}
