//! Closing a solved or unsolved ticket: the system's act, run by the worker
//! 10 working days after the answer (and by the demo loader).

use guichet_domain::actor::Actor;
use guichet_domain::deadlines::{CLOSURE_WORKING_DAYS, due_for_closure, working_days};
use guichet_domain::ids::TicketId;
use guichet_domain::status::Status;
use guichet_domain::update::system_status_change;

use super::{commit, with_retries};
use crate::calendar::Calendars;
use crate::change::Change;
use crate::{Context, ServiceError, ServiceResult};

/// Closes ticket `id`; only the system closes tickets, for the reason it gives.
pub async fn close_ticket(ctx: &Context, actor: &Actor, id: TicketId) -> ServiceResult<()> {
    if !actor.is_system() {
        return Err(ServiceError::Forbidden(
            "tickets are closed by the system, 10 working days after their solution".into(),
        ));
    }
    with_retries(|| async {
        let ticket = ctx.store().ticket(id).await?.ticket;
        let mut change = Change::new(ctx);
        let closed = system_status_change(&ticket, Status::Closed, None, change.at())?;
        change.update_ticket(&ticket, closed, &actor.author());
        commit(ctx, change).await.map(|_| ())
    })
    .await
}

/// Closes, as `actor` (the system), every solved or unsolved ticket whose
/// answer is 10 working days old by now (in the working hours of its
/// unit's calendar); returns how many. A ticket verified, reopened or
/// closed meanwhile is left as it is, so running it twice closes nothing
/// twice.
pub async fn close_due(ctx: &Context, actor: &Actor) -> ServiceResult<usize> {
    let calendars = Calendars::load(ctx).await?;
    let now = ctx.now();
    // An answer more recent than the shortest time 10 working days can
    // take in any calendar in use cannot be due: the store need not read it.
    let answered = ctx
        .store()
        .answered_before(now - shortest_closure_delay(&calendars))
        .await?;
    let due = answered.into_iter().filter(|a| {
        let calendar = calendars.for_unit(a.unit);
        due_for_closure(a.status, a.answered_at, now, calendar)
    });
    let mut closed = 0;
    for answered in due {
        match close_ticket(ctx, actor, answered.id).await {
            Ok(()) => closed += 1,
            Err(ServiceError::Store(guichet_store::StoreError::NotFound(_))) => {}
            Err(ServiceError::Invalid { .. } | ServiceError::Conflict(_)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(closed)
}

/// A time shorter than any 10 working days of the calendars in use. Any
/// seven days hold at most a calendar's nominal week and two hours (a
/// change of the clocks, generously), so working time `needed`, which
/// takes `k` such weeks, cannot fit in `k - 1` of them. For the colours
/// calendar (40 h a week, 80 h needed) that is one week.
fn shortest_closure_delay(calendars: &Calendars) -> chrono::Duration {
    let needed = working_days(CLOSURE_WORKING_DAYS).num_minutes();
    calendars
        .all()
        .map(|calendar| {
            let most_a_week = (calendar.nominal_week() + chrono::Duration::hours(2)).num_minutes();
            let weeks = (needed + most_a_week - 1) / most_a_week;
            chrono::Duration::weeks(weeks - 1)
        })
        .min()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_domain::calendar::{CalendarSpec, parse_hours};
    use guichet_domain::ids::UnitId;
    use guichet_store::StoredCalendar;

    #[test]
    fn the_shortest_delay_is_that_of_the_busiest_calendar() {
        assert_eq!(
            shortest_closure_delay(&Calendars::default()),
            chrono::Duration::weeks(1)
        );
        let always = CalendarSpec::colours()
            .with_hours(
                CalendarSpec::colours().zone(),
                parse_hours("mon-sun 00:00-24:00").unwrap(),
            )
            .unwrap();
        let override_ = StoredCalendar {
            unit: Some(UnitId(7)),
            spec: always,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        };
        assert_eq!(
            shortest_closure_delay(&Calendars::of(vec![override_])),
            chrono::Duration::zero()
        );
    }
}
