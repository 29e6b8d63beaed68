//! A periodic job: idempotent work the worker runs every interval, on one
//! node at a time.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use guichet_service::Context;

/// Work that runs every [`Job::interval`]. Running it twice, or after a
/// node died in the middle of it, does no harm: jobs are idempotent.
#[async_trait]
pub trait Job: Send + Sync {
    /// A stable name: it keys the job's schedule and lease.
    fn name(&self) -> &str;
    /// How often it runs.
    fn interval(&self) -> chrono::Duration;
    /// When it is next due after a successful run now, for a job whose
    /// times are its own (the rota's handover); `None` keeps the grid of
    /// [`Job::interval`].
    async fn next_due(&self, _ctx: &Context) -> Option<DateTime<Utc>> {
        None
    }
    /// Runs once, at the time the context's clock says; a summary for the
    /// log, or why it failed (a panic is caught as a failure too).
    async fn run(&self, ctx: &Context) -> Result<String, String>;
}

/// How a job's turn went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobRun {
    /// It ran and succeeded, with its summary.
    Done(String),
    /// It ran and failed, or panicked.
    Failed(String),
    /// It was not due, or another node held its lease.
    Skipped,
    /// A shutdown stopped it; its lease was released.
    Stopped,
    /// Its lease was taken over meanwhile; its end was not recorded.
    LeaseLost,
}

/// One job's turn in a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobReport {
    /// The job.
    pub job: String,
    /// What happened.
    pub run: JobRun,
}
