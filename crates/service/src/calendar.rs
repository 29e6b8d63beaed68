//! The working-hours calendars deadlines count in: one for the
//! deployment, and any unit's own that overrides it.

use std::collections::HashMap;

use guichet_domain::calendar::WorkingCalendar;
use guichet_domain::ids::UnitId;

use crate::{Context, ServiceResult};

/// The deployment's calendar and the units' overrides, as read at one time.
#[derive(Debug, Clone)]
pub struct Calendars {
    deployment: WorkingCalendar,
    units: HashMap<UnitId, WorkingCalendar>,
}

impl Default for Calendars {
    /// GGUS's colours calendar (Monday–Friday 07:00–15:00 UTC, no
    /// holidays) for everyone, until a deployment configures its own.
    fn default() -> Self {
        Self {
            deployment: WorkingCalendar::colours(),
            units: HashMap::new(),
        }
    }
}

impl Calendars {
    /// The calendars in effect now.
    pub async fn load(_ctx: &Context) -> ServiceResult<Self> {
        Ok(Self::default())
    }

    /// The calendar `unit` counts in: its own, or the deployment's.
    pub fn for_unit(&self, unit: UnitId) -> &WorkingCalendar {
        self.units.get(&unit).unwrap_or(&self.deployment)
    }

    /// The deployment's calendar.
    pub fn deployment(&self) -> &WorkingCalendar {
        &self.deployment
    }
}
