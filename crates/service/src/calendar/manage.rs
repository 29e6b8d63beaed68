//! Setting the calendars: hours and zone (administrators), holidays
//! (administrators and coordinators), and a unit's override removed.

use std::ops::RangeInclusive;

use guichet_domain::actor::Actor;
use guichet_domain::calendar::{CalendarSpec, DayIntervals, HolidayError, HolidayFormat, parse_holidays};
use guichet_domain::ids::UnitId;
use guichet_domain::role::Role;
use guichet_store::StoredCalendar;

use crate::admin::require_admin;
use crate::{Context, ServiceError, ServiceResult};

/// Whether imported holidays join the calendar's or replace them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayImport {
    /// Added to the calendar's holidays; one it already has under the same
    /// name is kept once, under another name it is refused.
    Add,
    /// In place of the calendar's holidays.
    Replace,
}

/// The stored calendars (administrators): the deployment's first, if it
/// was set, then the units' overrides.
pub async fn stored_calendars(ctx: &Context, actor: &Actor) -> ServiceResult<Vec<StoredCalendar>> {
    require_admin(actor)?;
    Ok(ctx.store().calendars().await?)
}

/// Sets the whole calendar of `unit`, or the deployment's for `None`
/// (administrators).
pub async fn set_calendar(
    ctx: &Context,
    actor: &Actor,
    unit: Option<UnitId>,
    spec: CalendarSpec,
) -> ServiceResult<StoredCalendar> {
    require_admin(actor)?;
    store(ctx, unit, &spec).await
}

/// Sets the zone and hours of `unit`'s calendar, or the deployment's,
/// keeping its holidays (administrators). A unit without a calendar of its
/// own starts from the deployment's holidays.
pub async fn set_hours(
    ctx: &Context,
    actor: &Actor,
    unit: Option<UnitId>,
    zone: &str,
    week: [DayIntervals; 7],
) -> ServiceResult<StoredCalendar> {
    require_admin(actor)?;
    let zone = guichet_domain::calendar::parse_zone(zone)?;
    let spec = in_effect(ctx, unit).await?.with_hours(zone, week)?;
    store(ctx, unit, &spec).await
}

/// Imports the holidays of `text` (in `format`) into `unit`'s calendar, or
/// the deployment's (administrators and coordinators). A unit without a
/// calendar of its own gets one, a copy of the deployment's with these
/// holidays. A malformed line, or a date listed twice, is refused on the
/// field `holidays` with the line at fault (`line 3: …`).
pub async fn import_holidays(
    ctx: &Context,
    actor: &Actor,
    unit: Option<UnitId>,
    text: &str,
    format: HolidayFormat,
    import: HolidayImport,
) -> ServiceResult<StoredCalendar> {
    require_holiday_keeper(actor)?;
    let listed = parse_holidays(text, format).map_err(refused)?;
    let spec = in_effect(ctx, unit)
        .await?
        .with_imported(listed, import == HolidayImport::Replace)
        .map_err(refused)?;
    store(ctx, unit, &spec).await
}

/// Adds the French public holidays of `years` to `unit`'s calendar, or
/// the deployment's (administrators and coordinators), as
/// [`import_holidays`] does.
pub async fn add_french_holidays(
    ctx: &Context,
    actor: &Actor,
    unit: Option<UnitId>,
    years: RangeInclusive<i32>,
) -> ServiceResult<StoredCalendar> {
    require_holiday_keeper(actor)?;
    if years.end() - years.start() > 100 {
        return Err(ServiceError::invalid("years", "at most 100 years at a time"));
    }
    let spec = in_effect(ctx, unit)
        .await?
        .with_french_holidays(years)
        .map_err(|e| ServiceError::invalid("holidays", e.message))?;
    store(ctx, unit, &spec).await
}

/// Removes `unit`'s own calendar, so that it counts in the deployment's
/// (administrators); false if it had none.
pub async fn remove_override(ctx: &Context, actor: &Actor, unit: UnitId) -> ServiceResult<bool> {
    require_admin(actor)?;
    ctx.store().unit(unit).await?;
    let removed = ctx.store().delete_calendar(unit).await?;
    ctx.calendar_cache().forget();
    Ok(removed)
}

/// The calendar `unit` counts in now, as stored: its own, the
/// deployment's, or the colours calendar.
async fn in_effect(ctx: &Context, unit: Option<UnitId>) -> ServiceResult<CalendarSpec> {
    let stored = ctx.store().calendars().await?;
    let find = |scope: Option<UnitId>| stored.iter().find(|c| c.unit == scope).map(|c| c.spec.clone());
    Ok(unit
        .and_then(|unit| find(Some(unit)))
        .or_else(|| find(None))
        .unwrap_or_else(CalendarSpec::colours))
}

async fn store(ctx: &Context, unit: Option<UnitId>, spec: &CalendarSpec) -> ServiceResult<StoredCalendar> {
    let stored = ctx.store().set_calendar(unit, spec, ctx.now()).await?;
    ctx.calendar_cache().forget();
    Ok(stored)
}

/// Refuses anyone but coordinators, administrators and the system.
fn require_holiday_keeper(actor: &Actor) -> ServiceResult<()> {
    if matches!(actor.role(), Role::Coordinator | Role::Admin) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden("coordinators and administrators only".into()))
    }
}

fn refused(error: HolidayError) -> ServiceError {
    ServiceError::invalid("holidays", error.to_string())
}
