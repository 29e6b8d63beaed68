//! The schedule and leases of periodic jobs, for the worker. A job is due
//! by the context's clock (so `guichet worker --once --now` can make time
//! pass) and leased by the database's clock (so nodes whose clocks
//! disagree never run it twice at once).

use std::time::Duration;

use chrono::{DateTime, Utc};

use guichet_domain::actor::Actor;
use guichet_store::{JobEnd, JobState};

use crate::admin::require_admin;
use crate::{Context, ServiceResult};

/// A job this node holds the lease of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobLease {
    /// Its first slot, which its slots are counted from.
    pub grid_at: DateTime<Utc>,
    /// When it was due.
    pub due_at: DateTime<Utc>,
    /// Its failed runs in a row before this one.
    pub failures: u32,
    /// Whether it was claimed whatever its schedule.
    pub forced: bool,
}

/// Takes job `name`'s lease for `node` if it is due now (or `force`) and
/// free; registers it as due now if it is new.
pub async fn claim(
    ctx: &Context,
    name: &str,
    node: &str,
    lease: Duration,
    force: bool,
) -> ServiceResult<Option<JobLease>> {
    let claimed = ctx.store().claim_job(name, node, ctx.now(), lease, force).await?;
    Ok(claimed.map(|state| JobLease {
        grid_at: state.grid_at,
        due_at: state.due_at,
        failures: state.failures,
        forced: force,
    }))
}

/// Extends `node`'s lease on a running job; false if it was lost.
pub async fn renew(ctx: &Context, name: &str, node: &str, lease: Duration) -> ServiceResult<bool> {
    Ok(ctx.store().renew_job(name, node, lease).await?)
}

/// Records the end of a run at `at`, with the next slot (none leaves the
/// schedule as it was) and the error if it failed; false if the lease was
/// lost meanwhile.
pub async fn finish(
    ctx: &Context,
    name: &str,
    node: &str,
    at: DateTime<Utc>,
    next_due: Option<DateTime<Utc>>,
    error: Option<String>,
) -> ServiceResult<bool> {
    let end = JobEnd { at, next_due, error };
    Ok(ctx.store().finish_job(name, node, &end).await?)
}

/// Gives up `node`'s lease on a job without recording a run.
pub async fn release(ctx: &Context, name: &str, node: &str) -> ServiceResult<()> {
    Ok(ctx.store().release_job(name, node).await?)
}

/// Every job's state, for operators.
pub async fn jobs(ctx: &Context, actor: &Actor) -> ServiceResult<Vec<JobState>> {
    require_admin(actor)?;
    Ok(ctx.store().jobs().await?)
}
