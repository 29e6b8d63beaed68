//! Who is on duty at an instant, for routing first-level work: the people
//! the notifications of new and unrouted tickets reach.

use chrono::{DateTime, Utc};

use guichet_domain::ids::SiteId;
use guichet_domain::rota::{Contact, Duty, Week, on_duty};
use guichet_store::ShiftContact;

use super::load::handover;
use crate::{Context, ServiceResult};

/// The shift in force at an instant and who of it is on duty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftTeam {
    /// The week.
    pub week: Week,
    /// The primary site.
    pub primary: SiteId,
    /// The backup site.
    pub backup: SiteId,
    /// Who is on duty; `None` when neither site has anyone available, and
    /// first-level support falls back to its whole unit.
    pub duty: Option<Duty>,
}

/// The shift in force at `at`, if the rota has one, and who is on duty.
pub async fn on_duty_at(ctx: &Context, at: DateTime<Utc>) -> ServiceResult<Option<ShiftTeam>> {
    let handover = handover(ctx).await?;
    let week = handover.week_at(at);
    let stored = ctx.store().rota_shifts(week.start(), week.next().start()).await?;
    let Some(shift) = stored.first().map(|s| s.shift) else {
        return Ok(None);
    };
    let primary = contacts(ctx, shift.primary).await?;
    let backup = contacts(ctx, shift.backup).await?;
    let date = at.with_timezone(&handover.zone).date_naive();
    Ok(Some(ShiftTeam {
        week,
        primary: shift.primary,
        backup: shift.backup,
        duty: on_duty((shift.primary, &primary), (shift.backup, &backup), date),
    }))
}

/// A site's shift contacts, as the rule of who is on duty sees them.
async fn contacts(ctx: &Context, site: SiteId) -> ServiceResult<Vec<Contact>> {
    let stored: Vec<ShiftContact> = ctx.store().shift_contacts(Some(site)).await?;
    let mut found = Vec::with_capacity(stored.len());
    for contact in stored {
        let user = ctx.store().user(contact.user).await?;
        found.push(Contact {
            user: contact.user,
            enabled: !user.disabled,
            away_until: contact.away_until,
        });
    }
    Ok(found)
}
