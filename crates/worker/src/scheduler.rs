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

/// How a claimed run ended.
enum End {
    /// The job returned, or panicked.
    Finished(Result<Result<String, String>, tokio::task::JoinError>),
    /// The lease was lost: the job was stopped.
    LeaseLost,
    /// A shutdown stopped the job after the grace period.
    Stopped,
}

/// Runs a job whose lease this node holds: renews the lease while it runs,
/// catches a panic as a failure, and records the outcome with the next
/// slot (forced runs leave the schedule alone). A job whose lease is lost
/// (taken over, or not renewed in time) is stopped at once, so that two
/// nodes never run it side by side. On shutdown, the job gets the grace
/// period to finish, then is stopped and its lease released.
async fn run_claimed(worker: Worker, job: Arc<dyn Job>, lease: JobLease, mut shutdown: Shutdown) -> JobReport {
    let name = job.name().to_owned();
    let report = |run| JobReport { job: name.clone(), run };
    let mut heartbeat = tokio::spawn(keep_lease(worker.clone(), name.clone()));
    let ctx = worker.ctx.clone();
    let mut task = tokio::spawn({
        let job = job.clone();
        async move { job.run(&ctx).await }
    });
    let end = tokio::select! {
        outcome = &mut task => End::Finished(outcome),
        _ = &mut heartbeat => End::LeaseLost,
        () = shutdown.requested() => match tokio::time::timeout(worker.config.grace, &mut task).await {
            Ok(outcome) => End::Finished(outcome),
            Err(_) => End::Stopped,
        },
    };
    heartbeat.abort();
    let outcome = match end {
        End::Finished(outcome) => outcome,
        End::LeaseLost => {
            stop(task).await;
            tracing::error!(job = %name, "lost the lease of a running job; it was stopped");
            return report(JobRun::LeaseLost);
        }
        End::Stopped => {
            stop(task).await;
            tracing::warn!(job = %name, "stopped by the shutdown; its lease is released");
            if let Err(error) = release(&worker.ctx, &name, &worker.node).await {
                tracing::warn!(job = %name, %error, "could not release the lease");
            }
            return report(JobRun::Stopped);
        }
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

/// Stops a job's task and waits until it has stopped. A change it had
/// already handed to the store may still be committed: jobs are idempotent.
async fn stop(task: JoinHandle<Result<String, String>>) {
    task.abort();
    // The task was aborted: its JoinError says only that.
    let _ = task.await;
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
            let next = match job.next_due(&worker.ctx).await {
                Some(due) if due > now => due,
                _ => next_slot(lease.grid_at, job.interval(), now),
            };
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

/// Renews the job's lease at a third of its length; returns once the lease
/// is lost: taken over, or not renewed for as long as it lasts (the
/// database unreachable, say), after which another node may take it.
async fn keep_lease(worker: Worker, name: String) {
    let lease = worker.config.job_lease;
    let mut renewed = std::time::Instant::now();
    loop {
        tokio::time::sleep(lease / 3).await;
        match renew(&worker.ctx, &name, &worker.node, lease).await {
            Ok(true) => renewed = std::time::Instant::now(),
            Ok(false) => return,
            Err(error) => tracing::warn!(job = %name, %error, "could not renew a job's lease"),
        }
        if renewed.elapsed() >= lease {
            return;
        }
    }
}
