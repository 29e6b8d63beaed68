//! What every use case runs with: the store, the clock and the limits. Channels build
//! one [`Context`] at start-up and pass it to each use case; tests and
//! `guichet worker --once --now` give it a clock of their own.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::Rng;

use guichet_domain::clock::{Clock, SystemClock};
use guichet_domain::ids::ChangeId;
use guichet_store::Store;

/// Limits every channel applies alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest attachment accepted, in bytes.
    pub max_attachment_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_attachment_bytes: crate::attachments::DEFAULT_MAX_BYTES,
        }
    }
}

/// The store, the clock and the limits of a deployment's use cases.
#[derive(Clone)]
pub struct Context {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    limits: Limits,
    /// The working-hours calendars last read, shared by the clones.
    calendars: Arc<crate::calendar::CalendarCache>,
    /// When rota shifts hand over (in the deployment's zone).
    handover: crate::rota::HandoverTime,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("backend", &self.store.backend())
            .field("clock", &self.clock)
            .finish()
    }
}

impl Context {
    /// Use cases over `store`, reading time from `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            limits: Limits::default(),
            calendars: Arc::default(),
            handover: crate::rota::HandoverTime::default(),
        }
    }

    /// The same, with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same, with rota shifts handing over at `handover`.
    pub fn with_handover(mut self, handover: crate::rota::HandoverTime) -> Self {
        self.handover = handover;
        self
    }

    /// When rota shifts hand over, before the zone.
    pub fn handover_time(&self) -> crate::rota::HandoverTime {
        self.handover
    }

    /// The limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Use cases over `store`, on the machine's clock.
    pub fn with_system_clock(store: Arc<dyn Store>) -> Self {
        Self::new(store, Arc::new(SystemClock))
    }

    /// The same store, with another clock.
    pub fn with_clock(&self, clock: Arc<dyn Clock>) -> Self {
        Self { clock, ..self.clone() }
    }

    /// Now, by this context's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The store, for the use cases of this crate.
    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The working-hours calendars this context last read.
    pub(crate) fn calendar_cache(&self) -> &crate::calendar::CalendarCache {
        &self.calendars
    }

    /// Which database backs the store: `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// A receiver that changes when events may have been added, by this
    /// node or (on PostgreSQL) another: consumers wait on it.
    pub fn event_signal(&self) -> tokio::sync::watch::Receiver<u64> {
        self.store.event_signal()
    }

    /// What a commit promises, `normal` or `full`, as the database's
    /// writing connection is actually set.
    pub async fn durability(&self) -> crate::ServiceResult<&'static str> {
        Ok(self.store.durability().await?.as_str())
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> crate::ServiceResult<()> {
        Ok(self.store.ping().await?)
    }
}

/// A new change identity: 62 random bits. Changes are told apart by their
/// events standing together in the log, so two changes sharing an id would
/// only be confused if they also committed side by side.
pub fn new_change_id() -> ChangeId {
    ChangeId(rand::rng().random_range(1..i64::MAX >> 1))
}
