//! The working-hours calendars deadlines count in: one for the
//! deployment, and any unit's own that overrides it.
//!
//! # Caching
//!
//! Each [`Context`] (and its clones) keeps the calendars it last read for
//! [`CALENDAR_TTL`] by its own clock: [`Calendars::load`] reads the store
//! only when they are older, and a change made through this context
//! forgets them at once. So a change made on another node is seen within
//! 30 seconds, and a list of 100 tickets reads the calendars once.
//! [`Calendars::current`] gives, without waiting, the calendars as last
//! loaded: the colour of each row of a page uses it, after the use case
//! that read the page's tickets ([`crate::tickets::read::visible_ticket`],
//! [`crate::tickets::read::list_tickets`], the queues) has loaded them.

mod body;
mod manage;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};

use guichet_domain::calendar::WorkingCalendar;
use guichet_domain::deadlines::{Colour, ticket_colour};
use guichet_domain::ids::UnitId;
use guichet_domain::ticket::Ticket;

pub use body::{CalendarBody, HolidayBody, WeekBody};
pub use guichet_domain::calendar::{CalendarSpec, HolidayFormat};
pub use guichet_store::StoredCalendar;
pub use manage::{
    HolidayImport, add_french_holidays, import_holidays, remove_override, set_calendar, set_hours, stored_calendars,
};

use crate::{Context, ServiceResult};

/// How long a context keeps the calendars it read.
pub const CALENDAR_TTL: Duration = Duration::seconds(30);

/// The deployment's calendar and the units' overrides, as read at one
/// time. Cloning is cheap: the calendars are shared.
#[derive(Debug, Clone)]
pub struct Calendars {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    deployment: WorkingCalendar,
    units: HashMap<UnitId, WorkingCalendar>,
}

impl Default for Calendars {
    /// GGUS's colours calendar (Monday–Friday 07:00–15:00 UTC, no
    /// holidays) for everyone, until a deployment configures its own.
    fn default() -> Self {
        Self::of(Vec::new())
    }
}

impl Calendars {
    /// The calendars in effect now: the stored ones, the colours calendar
    /// for the deployment if it has none. Read from the store at most once
    /// per [`CALENDAR_TTL`] per context.
    pub async fn load(ctx: &Context) -> ServiceResult<Self> {
        let now = ctx.now();
        if let Some(fresh) = ctx.calendar_cache().fresh(now) {
            return Ok(fresh);
        }
        let loaded = Self::of(ctx.store().calendars().await?);
        ctx.calendar_cache().put(now, loaded.clone());
        Ok(loaded)
    }

    /// The calendars as this context last loaded them, without waiting
    /// (the default ones if it never did).
    pub fn current(ctx: &Context) -> Self {
        ctx.calendar_cache().last().unwrap_or_default()
    }

    /// The calendars of what the store holds.
    pub(crate) fn of(stored: Vec<StoredCalendar>) -> Self {
        let mut deployment = WorkingCalendar::colours();
        let mut units = HashMap::new();
        for calendar in stored {
            let working = calendar.spec.calendar().clone();
            match calendar.unit {
                Some(unit) => {
                    units.insert(unit, working);
                }
                None => deployment = working,
            }
        }
        Self {
            inner: Arc::new(Inner { deployment, units }),
        }
    }

    /// The calendar `unit` counts in: its own, or the deployment's.
    pub fn for_unit(&self, unit: UnitId) -> &WorkingCalendar {
        self.own(unit).unwrap_or(&self.inner.deployment)
    }

    /// `unit`'s own calendar, if it overrides the deployment's.
    pub fn own(&self, unit: UnitId) -> Option<&WorkingCalendar> {
        self.inner.units.get(&unit)
    }

    /// The deployment's calendar.
    pub fn deployment(&self) -> &WorkingCalendar {
        &self.inner.deployment
    }

    /// Every calendar in use: the deployment's and the overrides.
    pub fn all(&self) -> impl Iterator<Item = &WorkingCalendar> {
        std::iter::once(&self.inner.deployment).chain(self.inner.units.values())
    }

    /// The escalation colour of `ticket` at `now`, in its unit's calendar.
    pub fn colour(&self, ticket: &Ticket, now: DateTime<Utc>) -> Option<Colour> {
        ticket_colour(ticket, now, self.for_unit(ticket.unit))
    }
}

/// The calendars a context last read, and when (by its clock).
#[derive(Debug, Default)]
pub(crate) struct CalendarCache {
    slot: RwLock<Option<(DateTime<Utc>, Calendars)>>,
}

impl CalendarCache {
    /// The calendars, if read less than [`CALENDAR_TTL`] before `now`
    /// (and not after it: a clock put back reads them again).
    fn fresh(&self, now: DateTime<Utc>) -> Option<Calendars> {
        let slot = self.slot.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        match slot.as_ref() {
            Some((read_at, calendars)) if *read_at <= now && now - *read_at < CALENDAR_TTL => Some(calendars.clone()),
            _ => None,
        }
    }

    fn last(&self) -> Option<Calendars> {
        let slot = self.slot.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.as_ref().map(|(_, calendars)| calendars.clone())
    }

    fn put(&self, at: DateTime<Utc>, calendars: Calendars) {
        *self.slot.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((at, calendars));
    }

    /// Makes the calendars stale, after a change: the next load reads
    /// them again (until then, [`Calendars::current`] still has them).
    fn forget(&self) {
        if let Some((read_at, _)) = self
            .slot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_mut()
        {
            *read_at = DateTime::<Utc>::MIN_UTC;
        }
    }
}
