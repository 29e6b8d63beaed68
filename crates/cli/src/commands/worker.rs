//! `guichet worker`: the background jobs and event consumers alone, or one
//! pass of them at a given time.

use std::sync::Arc;

use anyhow::bail;

use guichet_domain::clock::ManualClock;
use guichet_worker::{JobRun, PassReport, shutdown_pair};

use crate::cli::WorkerArgs;

/// Runs the worker until a signal, or one pass with `--once`.
pub async fn worker(args: WorkerArgs) -> anyhow::Result<()> {
    let durability = super::mail::durability_for_mail(!args.mail_work.imap.is_empty(), args.node.durability);
    let store = super::open_with(&args.node.database, durability).await?;
    let mut ctx = super::context(store);
    if let Some(now) = args.now {
        ctx = ctx.with_clock(Arc::new(ManualClock::at(now)));
    }
    super::ensure_first_level(&ctx, &args.node.first_level).await?;
    let mail = super::mail::settings(&args.mail, &args.node.first_level.first_level_email, "http://localhost")?;
    let work = super::mail::mail_work(&args.mail_work, &guichet_mail::Gateway::new(ctx.clone(), mail))?;
    let relay = work.relay.clone();
    let worker = super::serve::build_worker(ctx.clone(), args.node.bench_noop_consumer, work);
    if args.once {
        let report = worker.run_once().await;
        print_report(&report);
        if let Some(relay) = &relay {
            match guichet_mail::outbound::send_due(&ctx, relay, worker.node(), 10_000).await {
                Ok(sent) => println!("mail: {sent:?}"),
                Err(error) => bail!("mail could not be sent: {error}"),
            }
        }
        return match failures(&report) {
            0 => Ok(()),
            n => bail!("{n} of the pass's jobs and consumers did not complete"),
        };
    }
    let (trigger, shutdown) = shutdown_pair();
    tokio::spawn(super::serve::stop_on_signal(trigger));
    super::mail::spawn_sender(ctx, relay, shutdown.clone());
    worker.run(shutdown).await;
    Ok(())
}

/// One line per job and consumer, on stdout.
fn print_report(report: &PassReport) {
    for job in &report.jobs {
        let outcome = match &job.run {
            JobRun::Done(summary) => format!("done: {summary}"),
            JobRun::Failed(error) => format!("failed: {error}"),
            JobRun::Skipped => "skipped: another node holds its lease".into(),
            JobRun::Stopped => "stopped".into(),
            JobRun::LeaseLost => "its lease was taken over".into(),
        };
        println!("job {}: {outcome}", job.job);
    }
    for consumer in &report.consumers {
        let problem = consumer
            .problem
            .as_deref()
            .map(|p| format!("; held back: {p}"))
            .unwrap_or_default();
        println!(
            "consumer {}: {} changes ({} events) handled, {} parked{problem}",
            consumer.consumer, consumer.changes, consumer.events, consumer.parked
        );
    }
}

/// How many jobs and consumers did not complete.
fn failures(report: &PassReport) -> usize {
    let jobs = report.jobs.iter().filter(|j| !matches!(j.run, JobRun::Done(_))).count();
    jobs + report.consumers.iter().filter(|c| c.problem.is_some()).count()
}
