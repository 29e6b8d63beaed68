//! Routing first-level notifications to whoever is on shift: the rule is
//! the domain's ([`guichet_domain::rota::routing`]); this reads who is on
//! duty at the change's time.

use chrono::{DateTime, Utc};

use guichet_domain::deadlines::Reminder;
use guichet_domain::ids::UnitId;
use guichet_domain::rota::{ShiftAudience, shift_audience};
use guichet_domain::ticket::Ticket;

use crate::rota::on_duty_at;
use crate::{Context, ServiceResult};

/// Who of first-level support (the unit `first_level`) hears of a change
/// with `reminder` to `ticket` made at `at`, by the rota's shift then.
pub(crate) async fn audience(
    ctx: &Context,
    ticket: &Ticket,
    first_level: Option<UnitId>,
    reminder: Option<Reminder>,
    at: DateTime<Utc>,
) -> ServiceResult<ShiftAudience> {
    if first_level.is_none() {
        return Ok(ShiftAudience::default());
    }
    let team = on_duty_at(ctx, at).await?;
    let duty = team.as_ref().and_then(|t| t.duty.as_ref());
    Ok(shift_audience(duty, Some(ticket.unit) == first_level, reminder))
}
