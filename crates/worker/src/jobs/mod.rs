//! Guichet's own periodic jobs.

mod deadlines;
mod handover_digest;
mod session_purge;

use std::sync::Arc;

pub use deadlines::Deadlines;
pub use handover_digest::HandoverDigest;
pub use session_purge::SessionPurge;

use crate::Job;

/// The jobs every worker runs.
pub fn standard() -> Vec<Arc<dyn Job>> {
    vec![Arc::new(SessionPurge), Arc::new(Deadlines), Arc::new(HandoverDigest)]
}

/// The reason the system gives when it closes an answered ticket.
pub fn closure_reason() -> &'static str {
    guichet_service::deadlines::pass::CLOSURE_REASON
}

/// The reason the system gives for the session purge's changes.
pub fn session_purge_reason() -> &'static str {
    session_purge::REASON
}
