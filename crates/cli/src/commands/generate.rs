//! `guichet generate --tickets N`: synthetic tickets for benchmarks.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressStyle};

use guichet_fixtures::generate::{Generator, Pools};
use guichet_fixtures::organisation::ensure_organisation;
use guichet_service::admin::users::{UserInput, add_user, list_users};
use guichet_store::Store;

use crate::cli::GenerateArgs;

/// Tickets per bulk insert, each one transaction. Fewer, larger commits
/// write the index pages being filled less often: measured on a million
/// tickets, 50,000 loaded about 7% faster than 10,000.
const BATCH: usize = 50_000;

/// Runs the command and reports the rate.
pub async fn generate(args: GenerateArgs) -> anyhow::Result<()> {
    let url = args.database.url()?;
    let started = Instant::now();
    let added = load(&url, |_| args.tickets, args.seed, true).await?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "generated {added} tickets in {seconds:.1} s ({:.0} tickets/s)",
        added as f64 / seconds.max(1e-9)
    );
    Ok(())
}

/// Adds synthetic tickets to the database at `url`: as many as `wanted`
/// answers given how many there are already. A SQLite file that does not
/// exist yet is built aside and appears, complete, at the end
/// ([`guichet_store::open_for_bulk_load`]). Returns how many were added.
pub async fn load(url: &str, wanted: impl FnOnce(u64) -> u64, seed: u64, progress: bool) -> anyhow::Result<u64> {
    let load = guichet_store::open_for_bulk_load(url)
        .await
        .with_context(|| super::cannot_open(url))?;
    if progress && load.is_fresh_file() {
        eprintln!("building a new database aside; it appears when complete");
    }
    let existing = u64::try_from(load.store().ticket_count().await?).unwrap_or(0);
    let added = fill(load.store(), wanted(existing), seed, progress).await?;
    load.finish().await.context("cannot publish the generated database")?;
    Ok(added)
}

/// The references synthetic tickets draw from; creates the organisation and a
/// few synthetic submitters if the database is empty.
async fn pools(store: Arc<dyn Store>) -> anyhow::Result<Pools> {
    let ctx = super::context(store);
    let operator = super::operator();
    let organisation = ensure_organisation(&ctx).await.map_err(super::service_error)?;
    let listed = list_users(&ctx, &operator).await.map_err(super::service_error)?;
    let mut users: Vec<_> = listed.into_iter().map(|u| u.id).collect();
    if users.is_empty() {
        for i in 1..=20 {
            let input = UserInput {
                email: format!("synthetic-{i}@guichet.example"),
                name: format!("Synthetic user {i}"),
                role: "requester".into(),
                password: None,
                dn: None,
            };
            users.push(add_user(&ctx, &operator, input).await.map_err(super::service_error)?.id);
        }
    }
    let mut units = vec![organisation.first_level];
    units.extend(organisation.experts.iter().copied());
    units.extend(organisation.sites.iter().map(|(_, unit)| *unit));
    Ok(Pools {
        users,
        units,
        sites: organisation.sites.iter().map(|(site, _)| *site).collect(),
        vos: organisation.vos,
        issue_types: organisation.issue_types,
    })
}

/// Adds `count` synthetic tickets: one thread generates the next batch while
/// the database stores the previous one. Returns how many were added.
async fn fill(store: Arc<dyn Store>, count: u64, seed: u64, progress: bool) -> anyhow::Result<u64> {
    let pools = pools(store.clone()).await?;
    let bar = if progress {
        ProgressBar::new(count)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} tickets {per_sec} eta {eta}").map_err(|e| anyhow!("{e}"))?,
    );
    let (sender, mut receiver) = tokio::sync::mpsc::channel(2);
    let producer = tokio::task::spawn_blocking(move || {
        let mut generator = Generator::new(seed, pools, count);
        let mut left = count;
        while left > 0 {
            let size = usize::try_from(left.min(BATCH as u64)).unwrap_or(BATCH);
            if sender.blocking_send(generator.batch(size)).is_err() {
                break;
            }
            left -= size as u64;
        }
    });
    let mut added = 0;
    while let Some(batch) = receiver.recv().await {
        added += store.bulk_insert(batch).await?;
        bar.set_position(added);
    }
    producer.await?;
    bar.set_message("refreshing planner statistics");
    store.refresh_statistics().await?;
    bar.finish_and_clear();
    Ok(added)
}
