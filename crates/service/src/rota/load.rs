//! Reading what the rota's rules need: the handover in the deployment's
//! zone, the shifts of whole years, and the sites' availability.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use guichet_domain::ids::SiteId;
use guichet_domain::reference::Site;
use guichet_domain::rota::{Handover, Rota, Shift, SiteAvailability, Week, year_weeks};
use guichet_store::StoredShift;

use crate::calendar::Calendars;
use crate::{Context, ServiceError, ServiceResult};

/// The handover of this deployment: its day and time, in the zone of the
/// deployment's working-hours calendar.
pub(crate) async fn handover(ctx: &Context) -> ServiceResult<Handover> {
    let calendars = Calendars::load(ctx).await?;
    let time = ctx.handover_time();
    Ok(Handover {
        weekday: time.weekday,
        time: time.time,
        zone: calendars.deployment().zone(),
    })
}

/// Today's date in the handover's zone.
pub(crate) fn today(ctx: &Context, handover: &Handover) -> NaiveDate {
    ctx.now().with_timezone(&handover.zone).date_naive()
}

/// The weeks of `years`, in order.
pub(crate) fn weeks_of(handover: &Handover, years: std::ops::RangeInclusive<i32>) -> Vec<Week> {
    years.flat_map(|year| year_weeks(year, handover.weekday)).collect()
}

/// The stored shifts of `weeks` (consecutive), by week.
pub(crate) async fn stored_shifts(ctx: &Context, weeks: &[Week]) -> ServiceResult<BTreeMap<Week, StoredShift>> {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(BTreeMap::new());
    };
    let stored = ctx.store().rota_shifts(first.start(), last.next().start()).await?;
    Ok(stored.into_iter().map(|s| (s.shift.week_start, s)).collect())
}

/// The rota of `years`, which must all be planned: `NotFound` otherwise.
pub(crate) async fn planned_rota(
    ctx: &Context,
    handover: &Handover,
    years: std::ops::RangeInclusive<i32>,
) -> ServiceResult<(Rota, BTreeMap<Week, StoredShift>)> {
    let weeks = weeks_of(handover, years.clone());
    let stored = stored_shifts(ctx, &weeks).await?;
    let shifts: Vec<Shift> = weeks.iter().filter_map(|w| stored.get(w).map(|s| s.shift)).collect();
    if shifts.len() != weeks.len() {
        return Err(ServiceError::NotFound("rota of that year"));
    }
    let rota = Rota::new(shifts).map_err(|e| ServiceError::Internal(format!("stored rota: {e}")))?;
    Ok((rota, stored))
}

/// The years a week's shift touches: the year it starts in.
pub(crate) fn year_of(week: Week) -> i32 {
    week.start().year()
}

/// Every site, with its blackout dates and the holidays of its own unit's
/// calendar (the deployment's holidays are everyone's, and black out no
/// site: somebody must be on shift).
pub(crate) async fn availability(ctx: &Context) -> ServiceResult<(Vec<Site>, Vec<SiteAvailability>)> {
    let sites = ctx.store().sites().await?;
    let calendars = Calendars::load(ctx).await?;
    let mut blackouts: BTreeMap<SiteId, SiteAvailability> =
        sites.iter().map(|s| (s.id, SiteAvailability::free(s.id))).collect();
    for (site, day) in ctx.store().blackouts(None).await? {
        if let Some(entry) = blackouts.get_mut(&site) {
            entry.blackout_weeks.insert(day);
        }
    }
    for site in &sites {
        if let Some(calendar) = calendars.own(site.unit)
            && let Some(entry) = blackouts.get_mut(&site.id)
        {
            entry.blackout_weeks.extend(calendar.holidays().iter().copied());
        }
    }
    let availability = sites.iter().filter_map(|s| blackouts.remove(&s.id)).collect();
    Ok((sites, availability))
}

/// A function naming sites, for tables and feeds.
pub(crate) fn site_names(sites: &[Site]) -> impl Fn(SiteId) -> String + '_ {
    move |id| {
        sites
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| format!("site {id}"), |s| s.name.clone())
    }
}
