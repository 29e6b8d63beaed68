//! The worker: the background channel. It runs periodic jobs (the session
//! purge, the closure of answered tickets, reminders and escalations, the
//! rota's handover digest; the channels add theirs, such as IMAP polling) and event
//! consumers (notifications, search indexing), each under a lease taken in the
//! database, so that any number of nodes can run it side by side and each
//! job and change is handled once.
//!
//! `guichet serve` runs it beside the HTTP server (unless `--no-worker`),
//! `guichet worker` alone, and `guichet worker --once` runs one pass and
//! exits, at the time `--now` gives if any.

mod consumers;
mod job;
pub mod jobs;
mod node;
mod scheduler;
mod shutdown;

use std::sync::Arc;
use std::time::Duration;

use guichet_domain::schedule::RetryPolicy;
use guichet_service::Context;
use guichet_service::events::{EventConsumer, PumpPolicy};

pub use consumers::ConsumerReport;
pub use job::{Job, JobReport, JobRun};
pub use node::node_id;
pub use shutdown::{Shutdown, ShutdownTrigger, shutdown_pair};

/// How the worker paces itself.
#[derive(Debug, Clone, Copy)]
pub struct WorkerConfig {
    /// How often due jobs are looked for.
    pub tick: Duration,
    /// The slow poll for events, when no signal comes (another process on
    /// an SQLite file, a lost LISTEN connection).
    pub poll: Duration,
    /// How long a consumer woken by new events waits for more before it
    /// reads: under load, one read and one cursor write per this interval
    /// instead of one per commit.
    pub linger: Duration,
    /// How long a job's lease lasts without renewal; it is renewed at a
    /// third of that while the job runs.
    pub job_lease: Duration,
    /// How long a running job may take to finish after a shutdown request
    /// before it is stopped and its lease released.
    pub grace: Duration,
    /// How failed jobs are retried.
    pub job_retry: RetryPolicy,
    /// How consumers are run.
    pub pump: PumpPolicy,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            tick: Duration::from_secs(1),
            poll: Duration::from_secs(5),
            linger: Duration::from_millis(50),
            job_lease: Duration::from_secs(60),
            grace: Duration::from_secs(10),
            job_retry: RetryPolicy::default(),
            pump: PumpPolicy::default(),
        }
    }
}

/// The jobs and consumers one node runs.
#[derive(Clone)]
pub struct Worker {
    ctx: Context,
    node: String,
    config: WorkerConfig,
    jobs: Vec<Arc<dyn Job>>,
    consumers: Vec<Arc<dyn EventConsumer>>,
}

/// What one pass did.
#[derive(Debug, Clone, Default)]
pub struct PassReport {
    /// Each job's run, in order.
    pub jobs: Vec<JobReport>,
    /// Each consumer's work, in order.
    pub consumers: Vec<ConsumerReport>,
}

impl Worker {
    /// A worker for node `node` with no jobs or consumers yet.
    pub fn new(ctx: Context, node: impl Into<String>, config: WorkerConfig) -> Self {
        Self {
            ctx,
            node: node.into(),
            config,
            jobs: Vec::new(),
            consumers: Vec::new(),
        }
    }

    /// A worker with Guichet's own jobs.
    pub fn standard(ctx: Context, node: impl Into<String>, config: WorkerConfig) -> Self {
        jobs::standard()
            .into_iter()
            .fold(Self::new(ctx, node, config), Self::with_job)
    }

    /// Adds a job. Its name must differ from the others'.
    pub fn with_job(mut self, job: Arc<dyn Job>) -> Self {
        assert!(
            self.jobs.iter().all(|j| j.name() != job.name()),
            "two jobs are named {:?}",
            job.name()
        );
        self.jobs.push(job);
        self
    }

    /// Adds an event consumer. Its name must differ from the others': two
    /// loops of one node under one name would share its lease.
    pub fn with_consumer(mut self, consumer: Arc<dyn EventConsumer>) -> Self {
        assert!(
            self.consumers.iter().all(|c| c.name() != consumer.name()),
            "two event consumers are named {:?}",
            consumer.name()
        );
        self.consumers.push(consumer);
        self
    }

    /// This node's name in leases.
    pub fn node(&self) -> &str {
        &self.node
    }

    /// Runs the jobs when due and the consumers as events come, until
    /// `shutdown`; then lets running jobs finish (or stops them after the
    /// grace period) and gives up every lease it holds.
    pub async fn run(self, shutdown: Shutdown) {
        tracing::info!(node = %self.node, jobs = self.jobs.len(), consumers = self.consumers.len(), "worker started");
        let mut tasks = tokio::task::JoinSet::new();
        for consumer in &self.consumers {
            tasks.spawn(consumers::run(self.clone(), consumer.clone(), shutdown.clone()));
        }
        tasks.spawn(scheduler::run(self.clone(), shutdown.clone()));
        while let Some(ended) = tasks.join_next().await {
            if let Err(error) = ended {
                tracing::error!(%error, "a worker loop stopped");
            }
        }
        tracing::info!(node = %self.node, "worker stopped");
    }

    /// One pass: every job once, now, whatever its schedule (which it
    /// leaves as it was), each under its lease; then every consumer until
    /// it has caught up with the log.
    pub async fn run_once(&self) -> PassReport {
        let mut report = PassReport::default();
        for job in &self.jobs {
            report.jobs.push(scheduler::run_forced(self, job.clone()).await);
        }
        for consumer in &self.consumers {
            report.consumers.push(consumers::drain(self, consumer.as_ref()).await);
        }
        report
    }
}

/// An event consumer that does nothing, so that `guichet bench` measures
/// the cost of reading and leasing the event log alone.
#[derive(Debug, Clone)]
pub struct NoopConsumer {
    name: String,
}

impl NoopConsumer {
    /// A no-op consumer with its own cursor, under `name`.
    pub fn named(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

impl Default for NoopConsumer {
    fn default() -> Self {
        Self::named("bench-noop")
    }
}

#[async_trait::async_trait]
impl EventConsumer for NoopConsumer {
    fn name(&self) -> &str {
        &self.name
    }

    async fn handle(&self, _ctx: &Context, _change: &guichet_service::events::ChangeEvents) -> Result<(), String> {
        Ok(())
    }
}
