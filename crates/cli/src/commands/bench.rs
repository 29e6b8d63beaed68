//! `guichet bench`: the reproducible benchmark of `docs/performance.md`.
//!
//! It fills the database up to `--tickets` with `generate`'s synthetic
//! tickets, starts `guichet serve` as a child process on a free port, then
//! measures: ticket creation throughput with `--clients` concurrent clients,
//! `GET /api/v1/tickets/{id}` and filtered-list latency (p50/p95/p99), the
//! same lists as a requester sees them (public tickets and their own), and
//! the server's resident memory (current and peak), read from /proc.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow, bail};
use clap::Args;
use rand::{Rng, SeedableRng};
use serde_json::json;

use guichet_fixtures::organisation::ensure_organisation;
use guichet_service::Context;
use guichet_service::admin::users::{UserInput, add_user, user_by_email};
use guichet_service::auth::create_api_token;

use crate::cli::DatabaseArgs;

/// `guichet bench`
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Fill the database up to this many tickets before measuring.
    #[arg(long, default_value_t = 1_000_000)]
    pub tickets: u64,
    /// Concurrent clients creating tickets.
    #[arg(long, default_value_t = 16)]
    pub clients: usize,
    /// How long to create tickets, in seconds.
    #[arg(long, default_value_t = 20)]
    pub create_seconds: u64,
    /// Requests per latency measurement (GET ticket, list).
    #[arg(long, default_value_t = 2_000)]
    pub samples: usize,
    /// Concurrent clients during latency measurements.
    #[arg(long, default_value_t = 4)]
    pub latency_clients: usize,
    /// Folder of the benchmark's SQLite database; never the demo's, as the
    /// benchmark adds a million tickets.
    #[arg(long, default_value = "guichet-bench-data")]
    pub data_dir: std::path::PathBuf,
    /// Database URL (`sqlite://…` or `postgres://…`), instead of the folder.
    #[arg(long)]
    pub database_url: Option<String>,
}

struct Percentiles {
    p50: f64,
    p95: f64,
    p99: f64,
}

fn percentiles(mut samples: Vec<f64>) -> Percentiles {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| {
        samples
            .get(((samples.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    Percentiles {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
    }
}

/// Runs the benchmark and prints its figures.
pub async fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let database = DatabaseArgs {
        data_dir: args.data_dir.clone(),
        database_url: args.database_url.clone(),
    };
    let url = database.url()?;
    let started = Instant::now();
    let target = args.tickets;
    let added = super::generate::load(&url, |existing| target.saturating_sub(existing), 42, true).await?;
    if added > 0 {
        eprintln!(
            "generated {added} tickets at {:.0} tickets/s",
            added as f64 / started.elapsed().as_secs_f64()
        );
    }
    let store = super::open(&database).await?;
    let ctx = super::context(store.clone());
    let token = bench_token(&ctx, "bench@guichet.example", "admin").await?;
    let requester_token = bench_token(&ctx, "bench-requester@guichet.example", "requester").await?;
    let organisation = ensure_organisation(&ctx).await.map_err(super::service_error)?;
    let backend = store.backend();
    let ticket_count = store.ticket_count().await?;
    drop((store, ctx));

    let port = free_port()?;
    let mut server = tokio::process::Command::new(std::env::current_exe()?)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            &url,
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("cannot start the server")?;
    let pid = server.id().ok_or_else(|| anyhow!("the server exited at once"))?;
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;
    wait_healthy(&client, &base).await?;
    let rss_idle = rss_kib(pid, "VmRSS")?;

    let (created, create_secs) = create_load(&client, &base, &token, &args).await?;
    let tickets_base = format!("{base}/api/v1/tickets");
    let get = latency(
        &args,
        move |rng| format!("{tickets_base}/{}", rng.random_range(1..=ticket_count)),
        &client,
        &token,
    )
    .await?;
    let filters = list_filters(&organisation);
    let list = latency(&args, list_urls(&base, &filters), &client, &token).await?;
    let requester_list = latency(&args, list_urls(&base, &filters), &client, &requester_token).await?;
    let rss_now = rss_kib(pid, "VmRSS")?;
    let rss_peak = rss_kib(pid, "VmHWM")?;
    server.kill().await.ok();

    let report = json!({
        "backend": backend,
        "tickets_in_database": ticket_count,
        "create": { "clients": args.clients, "seconds": create_secs, "created": created, "per_second": created as f64 / create_secs },
        "get_ticket_ms": { "p50": get.p50, "p95": get.p95, "p99": get.p99, "samples": args.samples, "clients": args.latency_clients },
        "list_ms": { "p50": list.p50, "p95": list.p95, "p99": list.p99, "samples": args.samples, "clients": args.latency_clients, "filters": filters },
        "requester_list_ms": { "p50": requester_list.p50, "p95": requester_list.p95, "p99": requester_list.p99, "samples": args.samples, "clients": args.latency_clients },
        "rss_mib": { "idle": rss_idle as f64 / 1024.0, "after": rss_now as f64 / 1024.0, "peak": rss_peak as f64 / 1024.0 },
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// A new API token for the benchmark user `email`, created with `role` if needed.
async fn bench_token(ctx: &Context, email: &str, role: &str) -> anyhow::Result<String> {
    let operator = super::operator();
    if user_by_email(ctx, &operator, email)
        .await
        .map_err(super::service_error)?
        .is_none()
    {
        let input = UserInput {
            email: email.into(),
            name: format!("Benchmark {role}"),
            role: role.into(),
            password: None,
            dn: None,
        };
        add_user(ctx, &operator, input).await.map_err(super::service_error)?;
    }
    create_api_token(ctx, email, None).await.map_err(super::service_error)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn wait_healthy(client: &reqwest::Client, base: &str) -> anyhow::Result<()> {
    for _ in 0..300 {
        if client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("the server did not become healthy within 30 s")
}

/// Resident memory of `pid` in KiB (`VmRSS` now, `VmHWM` peak).
fn rss_kib(pid: u32, field: &str) -> anyhow::Result<u64> {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).context("reading the server's memory (Linux only)")?;
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix(field)?
                .trim_start_matches(':')
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .ok_or_else(|| anyhow!("no {field} in /proc/{pid}/status"))
}

async fn create_load(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    args: &BenchArgs,
) -> anyhow::Result<(u64, f64)> {
    let created = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.create_seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..args.clients {
        let (client, url, token) = (client.clone(), format!("{base}/api/v1/tickets"), token.to_owned());
        let (created, failed) = (created.clone(), failed.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let body = json!({
                    "subject": format!("Benchmark ticket {worker}-{n}: SRM probe CRITICAL"),
                    "description": "Created by guichet bench. Transfers fail with connection timed out since 02:00 UTC.",
                    "cc": ["bench-cc@example.org"],
                });
                match client.post(&url).bearer_auth(&token).json(&body).send().await {
                    Ok(r) if r.status().is_success() => created.fetch_add(1, Ordering::Relaxed),
                    _ => failed.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let failures = failed.load(Ordering::Relaxed);
    if failures > 0 {
        bail!("{failures} ticket creations failed during the benchmark");
    }
    Ok((created.load(Ordering::Relaxed), started.elapsed().as_secs_f64()))
}

/// The lists people look at: triage by status, a unit's open queue, a site's
/// and a VO's tickets, someone's own tickets, open alarms, recent changes.
fn list_filters(organisation: &guichet_fixtures::organisation::Organisation) -> Vec<String> {
    let unit = organisation.experts.first().map_or(1, |u| u.0);
    let site = organisation.sites.first().map_or(1, |s| s.0.0);
    let vo = organisation.vos.first().map_or(1, |v| v.0);
    let month_ago = (guichet_domain::clock::Clock::now(&guichet_domain::clock::SystemClock)
        - chrono::Duration::days(30))
    .format("%Y-%m-%dT%H:%M:%SZ");
    vec![
        "status=in%20progress&per_page=25".into(),
        format!("unit={unit}&status=assigned,in%20progress&per_page=25"),
        format!("site={site}&per_page=25"),
        format!("vo={vo}&page=2&per_page=25"),
        "submitter=1&per_page=25".into(),
        "priority=top%20priority&status=new&per_page=25".into(),
        format!("updated_since={month_ago}&per_page=25"),
    ]
}

/// Random list URLs drawn from `filters`.
fn list_urls(base: &str, filters: &[String]) -> impl Fn(&mut rand::rngs::StdRng) -> String + Send + Sync + 'static {
    let (base, filters) = (format!("{base}/api/v1/tickets"), filters.to_vec());
    move |rng| format!("{base}?{}", filters[rng.random_range(0..filters.len())])
}

async fn latency(
    args: &BenchArgs,
    url: impl Fn(&mut rand::rngs::StdRng) -> String + Send + Sync + 'static,
    client: &reqwest::Client,
    token: &str,
) -> anyhow::Result<Percentiles> {
    let url = Arc::new(url);
    let per_client = args.samples.div_ceil(args.latency_clients.max(1));
    let mut tasks = Vec::new();
    for worker in 0..args.latency_clients.max(1) {
        let (client, token, url) = (client.clone(), token.to_owned(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(worker as u64);
            let mut times = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                let target = url(&mut rng);
                let started = Instant::now();
                let response = client.get(&target).bearer_auth(&token).send().await?;
                let status = response.status();
                response.bytes().await?;
                if !status.is_success() {
                    bail!("GET {target} answered {status}");
                }
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            Ok(times)
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    Ok(percentiles(all))
}

#[cfg(test)]
mod tests {
    use super::percentiles;

    #[test]
    fn percentiles_pick_the_right_ranks() {
        let p = percentiles((1..=100).map(f64::from).collect());
        assert_eq!((p.p50, p.p95, p.p99), (51.0, 95.0, 99.0));
    }
}
