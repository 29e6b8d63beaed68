//! The load `guichet bench` puts on a server: ticket creations for a
//! while, then reads whose latency it records.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::bail;
use rand::{Rng, SeedableRng};
use serde_json::json;

use super::BenchArgs;

/// The 50th, 95th and 99th percentiles of a latency, in milliseconds.
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
}

impl Percentiles {
    /// As JSON, with the measurement's size.
    pub fn json(&self, args: &BenchArgs) -> serde_json::Value {
        serde_json::json!({ "p50": self.p50, "p95": self.p95, "p99": self.p99, "samples": args.samples, "clients": args.latency_clients })
    }
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

/// Creates tickets with `--clients` clients for `--create-seconds`; returns
/// how many, and the seconds it took.
pub async fn create_load(
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
pub fn list_filters(organisation: &guichet_fixtures::organisation::Organisation) -> Vec<String> {
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
pub fn list_urls(base: &str, filters: &[String]) -> impl Fn(&mut rand::rngs::StdRng) -> String + Send + Sync + 'static {
    let (base, filters) = (format!("{base}/api/v1/tickets"), filters.to_vec());
    move |rng| format!("{base}?{}", filters[rng.random_range(0..filters.len())])
}

/// How a measured request authenticates.
#[derive(Debug, Clone)]
pub enum Auth {
    /// An API token, as API clients send it.
    Bearer(String),
    /// A web session, as browsers send it.
    Session(String),
}

impl Auth {
    fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Bearer(token) => request.bearer_auth(token),
            Self::Session(token) => request.header(reqwest::header::COOKIE, format!("guichet_session={token}")),
        }
    }
}

/// The latency of `--samples` GETs of the URLs `url` draws, sent by
/// `--latency-clients` clients at once; any answer but a success fails.
pub async fn latency(
    args: &BenchArgs,
    url: impl Fn(&mut rand::rngs::StdRng) -> String + Send + Sync + 'static,
    client: &reqwest::Client,
    auth: &Auth,
) -> anyhow::Result<Percentiles> {
    let url = Arc::new(url);
    let per_client = args.samples.div_ceil(args.latency_clients.max(1));
    let mut tasks = Vec::new();
    for worker in 0..args.latency_clients.max(1) {
        let (client, auth, url) = (client.clone(), auth.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(worker as u64);
            let mut times = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                let target = url(&mut rng);
                let started = Instant::now();
                let response = auth.apply(client.get(&target)).send().await?;
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
