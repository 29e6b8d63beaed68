//! Sending one reminder once: the change that carries it is keyed by the
//! reminder's mark, so a second attempt, on this node or another, writes
//! nothing.

use chrono::{DateTime, Utc};

use guichet_domain::actor::Author;
use guichet_domain::deadlines::Reminder;
use guichet_domain::ids::TicketId;
use guichet_store::StoreError;

use crate::change::Change;
use crate::tickets::commit;
use crate::{Context, ServiceError, ServiceResult};

/// Tells `ticket`'s people of `reminder`, for the clock that started at
/// `clock_start`, as `by`; a QoS breach is also written in the history, for
/// the reports. False if this reminder of this clock was already sent.
pub async fn send_reminder(
    ctx: &Context,
    ticket: TicketId,
    reminder: Reminder,
    clock_start: DateTime<Utc>,
    by: &Author,
) -> ServiceResult<bool> {
    let mark = reminder.mark(ticket, clock_start);
    let mut change = Change::new(ctx).with_key(Some(&mark));
    change.remind(ticket, reminder, by);
    if let Reminder::QosBreach { target_hours } = reminder {
        change.note(ticket, QOS_BREACH_FIELD, format!("{target_hours} h"), by);
    }
    match commit(ctx, change).await {
        Ok(_) => Ok(true),
        Err(ServiceError::Store(StoreError::Duplicate)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// The history field of a QoS breach: the target that passed, in working hours.
pub const QOS_BREACH_FIELD: &str = "qos_breach";
