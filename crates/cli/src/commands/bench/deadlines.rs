//! The deadline scheduler's figures: the CPU time and duration of one pass
//! over the open tickets, and the latency of ticket reads on a server
//! while passes run back to back, against the same reads when idle.
//!
//! The first pass on a generated database catches up (the generator's
//! answered tickets are years old, so it closes them all); it is reported
//! apart, and the passes measured after it are the scheduler's steady
//! state, when every five minutes it looks for what fell due meanwhile. A
//! steady pass reads only the open tickets whose clocks may have something
//! due; the report gives how many there are of those and of all open ones.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use rand::Rng;
use serde_json::{Value, json};

use guichet_service::Context;
use guichet_service::deadlines::{open_ticket_count, run_pass};

use super::BenchArgs;
use super::load::{Auth, latency};
use super::server::Server;

/// Steady-state passes measured, one after the other.
const PASSES: usize = 3;

/// The fewest rounds of `--samples` reads, idle and during passes.
const MIN_READ_ROUNDS: f64 = 5.0;

/// The scheduler's figures on the database of `ctx`, with reads measured
/// on a server over `url`.
pub async fn measure_scheduler(
    args: &BenchArgs,
    ctx: &Context,
    url: &str,
    token: &str,
    ticket_count: i64,
    client: &reqwest::Client,
) -> anyhow::Result<Value> {
    let catch_up = timed_pass(ctx).await?;
    let open_tickets = open_ticket_count(ctx).await.map_err(super::super::service_error)?;
    let mut passes = Vec::new();
    for _ in 0..PASSES {
        passes.push(timed_pass(ctx).await?);
    }
    let server = Server::start(url, &["--no-worker"], client).await?;
    let base = format!("{}/api/v1/tickets", server.base);
    let highest = ticket_count.max(1);
    let get = move |rng: &mut rand::rngs::StdRng| format!("{base}/{}", rng.random_range(1..=highest));
    let auth = Auth::Bearer(token.into());
    let probe = Instant::now();
    latency(args, get.clone(), client, &auth).await?;
    let reads = reads_spanning_passes(args, probe.elapsed().as_secs_f64(), &passes);
    let idle = latency(&reads, get.clone(), client, &auth).await?;
    let running = Arc::new(AtomicBool::new(true));
    let done = Arc::new(AtomicUsize::new(0));
    let background = passes_on_their_own_thread(url.to_owned(), running.clone(), done.clone());
    let during = latency(&reads, get, client, &auth).await?;
    running.store(false, Ordering::Relaxed);
    tokio::task::spawn_blocking(move || background.join())
        .await?
        .map_err(|_| anyhow::anyhow!("the scheduler's thread panicked"))??;
    server.stop().await;
    let cpu: Vec<f64> = passes
        .iter()
        .map(|p| p["cpu_seconds"].as_f64().unwrap_or(f64::NAN))
        .collect();
    Ok(json!({
        "open_tickets": open_tickets,
        "open_tickets_read_per_pass": passes.last().map(|p| p["report"]["tickets"].clone()),
        "catch_up_pass": catch_up,
        "steady_passes": passes,
        "steady_pass_cpu_seconds_max": cpu.iter().copied().fold(0.0, f64::max),
        "get_ticket_ms_idle": idle.json(&reads),
        "get_ticket_ms_during_passes": during.json(&reads),
        "passes_during_reads": done.load(Ordering::Relaxed),
        "p95_ratio_during_to_idle": during.p95 / idle.p95,
        "p50_ratio_during_to_idle": during.p50 / idle.p50,
    }))
}

/// The read measurement's size: enough samples (a multiple of
/// `--samples`, which took `probe_seconds`) to last about three passes,
/// and at least [`MIN_READ_ROUNDS`] times `--samples`, for steady figures.
fn reads_spanning_passes(args: &BenchArgs, probe_seconds: f64, passes: &[Value]) -> BenchArgs {
    let pass_seconds = passes.iter().filter_map(|p| p["seconds"].as_f64()).fold(0.0, f64::max);
    let rounds = (3.0 * pass_seconds / probe_seconds.max(0.001))
        .ceil()
        .clamp(MIN_READ_ROUNDS, 100.0);
    BenchArgs {
        samples: args.samples * rounds as usize,
        ..args.clone()
    }
}

/// One pass, with its wall time and this process's CPU time (on SQLite the
/// database works in this process too; PostgreSQL's own CPU is not counted).
async fn timed_pass(ctx: &Context) -> anyhow::Result<Value> {
    let cpu = cpu_seconds()?;
    let started = Instant::now();
    let report = run_pass(ctx).await.map_err(super::super::service_error)?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds()? - cpu;
    eprintln!("scheduler pass: {seconds:.2} s, {cpu:.2} s of CPU: {report}");
    Ok(json!({
        "seconds": seconds,
        "cpu_seconds": cpu,
        "report": {
            "tickets": report.tickets,
            "reminders": report.reminders,
            "already_sent": report.already_sent,
            "given_up": report.given_up,
            "closed": report.closed,
        },
    }))
}

/// Passes back to back on a thread and a database connection of their own,
/// as a worker node would run them: they compete with the server for the
/// cores and the database, but do not delay the measuring clients' tasks.
fn passes_on_their_own_thread(
    url: String,
    running: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<anyhow::Result<()>> {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        runtime.block_on(async {
            let ctx = super::super::context(guichet_store::connect(&url).await?);
            passes_until_stopped(ctx, running, done).await
        })
    })
}

/// Passes back to back until `running` is cleared, counted in `done`.
async fn passes_until_stopped(ctx: Context, running: Arc<AtomicBool>, done: Arc<AtomicUsize>) -> anyhow::Result<()> {
    while running.load(Ordering::Relaxed) {
        run_pass(&ctx).await.map_err(super::super::service_error)?;
        done.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

/// This process's user and system CPU time so far, from `/proc/self/stat`.
fn cpu_seconds() -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| -> anyhow::Result<f64> {
        let value = fields
            .get(i)
            .ok_or_else(|| anyhow::anyhow!("/proc/self/stat is short"))?;
        Ok(value.parse::<f64>()?)
    };
    // Fields 14 and 15 of stat(5) (utime, stime), counted after the name.
    Ok((ticks(11)? + ticks(12)?) / clock_ticks_per_second())
}

/// The kernel's clock ticks per second (`USER_HZ`), 100 on Linux.
fn clock_ticks_per_second() -> f64 {
    100.0
}
