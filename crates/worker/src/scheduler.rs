//! Running periodic jobs: claiming a due job's lease, keeping it while the
//! job runs, recording the run and the next slot, and handing the lease
//! back when a shutdown interrupts.

use std::collections::HashMap;
use std::sync::Arc;

use guichet_domain::schedule::next_slot;
use guichet_service::jobs::{JobLease, claim, finish, release, renew};
use tokio::task::JoinHandle;

use crate::shutdown::Shutdown;
use crate::{Job, JobReport, JobRun, Worker};

/// Looks for due jobs every tick until `shutdown`, running each claimed one
/// in a task of its own; then waits for those that run.
pub async fn run(worker: Worker, mut shutdown: Shutdown) {
    let mut running: HashMap<String, JoinHandle<JobReport>> = HashMap::new();
    loop {
        running.retain(|_, task| !task.is_finished());
        for job in &worker.jobs {
            if running.contains_key(job.name()) {
                continue;
            }
            match claim(&worker.ctx, job.name(), &worker.node, worker.config.job_lease, false).await {
                Ok(Some(lease)) => {
                    let task = tokio::spawn(run_claimed(worker.clone(), job.clone(), lease, shutdown.clone()));
                    running.insert(job.name().to_owned(), task);
                }
                Ok(None) => {}
                Err(error) => tracing::warn!(job = job.name(), %error, "could not claim a job"),
            }
        }
        if shutdown.sleep(worker.config.tick).await {
            break;
        }
    }
    for (_, task) in running {
        if let Err(error) = task.await {
            tracing::error!(%error, "a job's task ended abnormally");
        }
    }
}

/// Runs `job` now whatever its schedule, if no other node holds its lease.
pub async fn run_forced(worker: &Worker, job: Arc<dyn Job>) -> JobReport {
    let name = job.name().to_owned();
    match claim(&worker.ctx, &name, &worker.node, worker.config.job_lease, true).await {
        Ok(Some(lease)) => {
            let (_trigger, shutdown) = crate::shutdown_pair();
            run_claimed(worker.clone(), job, lease, shutdown).await
        }
        Ok(None) => JobReport {
            job: name,
            run: JobRun::Skipped,
        },
        Err(error) => JobReport {
            job: name,
            run: JobRun::Failed(error.to_string()),
        },
    }
}

/// Runs a job whose lease this node holds: renews the lease while it runs,
/// catches a panic as a failure, and records the outcome with the next
/// slot (forced runs leave the schedule alone). On shutdown, the job gets
/// the grace period to finish, then is stopped and its lease released.
async fn run_claimed(worker: Worker, job: Arc<dyn Job>, lease: JobLease, mut shutdown: Shutdown) -> JobReport {
    let name = job.name().to_owned();
    let report = |run| JobReport { job: name.clone(), run };
    let heartbeat = tokio::spawn(keep_lease(worker.clone(), name.clone()));
    let ctx = worker.ctx.clone();
    let mut task = tokio::spawn({
        let job = job.clone();
        async move { job.run(&ctx).await }
    });
    let outcome = tokio::select! {
        outcome = &mut task => Some(outcome),
        () = shutdown.requested() => tokio::time::timeout(worker.config.grace, &mut task).await.ok(),
    };
    heartbeat.abort();
    let Some(outcome) = outcome else {
        task.abort();
        tracing::warn!(job = %name, "stopped by the shutdown; its lease is released");
        if let Err(error) = release(&worker.ctx, &name, &worker.node).await {
            tracing::warn!(job = %name, %error, "could not release the lease");
        }
        return report(JobRun::Stopped);
    };
    let result = match outcome {
        Ok(result) => result,
        Err(joined) if joined.is_panic() => Err(format!(
            "the job panicked: {}",
            guichet_service::events::panic_message(joined.into_panic().as_ref())
        )),
        Err(joined) => Err(format!("the job was cancelled: {joined}")),
    };
    record(&worker, job.as_ref(), &lease, result, report).await
}

/// Records how a run ended, with the job's next slot.
async fn record(
    worker: &Worker,
    job: &dyn Job,
    lease: &JobLease,
    result: Result<String, String>,
    report: impl Fn(JobRun) -> JobReport,
) -> JobReport {
    let now = worker.ctx.now();
    let (next_due, run) = match result {
        Ok(summary) => {
            tracing::info!(job = job.name(), %summary, "job done");
            let next = next_slot(lease.due_at, job.interval(), now);
            (next, JobRun::Done(summary))
        }
        Err(error) => {
            tracing::error!(job = job.name(), %error, "job failed; it will be retried");
            let retry = now + worker.config.job_retry.delay(lease.failures + 1);
            (retry, JobRun::Failed(error))
        }
    };
    let next_due = (!lease.forced).then_some(next_due);
    let error = match &run {
        JobRun::Failed(error) => Some(error.clone()),
        _ => None,
    };
    match finish(&worker.ctx, job.name(), &worker.node, now, next_due, error).await {
        Ok(true) => report(run),
        Ok(false) => {
            tracing::warn!(job = job.name(), "the lease was taken over while the job ran");
            report(JobRun::LeaseLost)
        }
        Err(error) => report(JobRun::Failed(format!("could not record the run: {error}"))),
    }
}

/// Renews the job's lease at a third of its length, until aborted.
async fn keep_lease(worker: Worker, name: String) {
    let every = worker.config.job_lease / 3;
    loop {
        tokio::time::sleep(every).await;
        match renew(&worker.ctx, &name, &worker.node, worker.config.job_lease).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(job = %name, "lost the lease of a running job");
                return;
            }
            Err(error) => tracing::warn!(job = %name, %error, "could not renew a job's lease"),
        }
    }
}
