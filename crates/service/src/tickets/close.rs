//! Closing a solved or unsolved ticket: the system's act, run by the worker
//! 10 working days after the answer (and by the demo loader).

use guichet_domain::actor::Actor;
use guichet_domain::deadlines::due_for_closure;
use guichet_domain::ids::TicketId;
use guichet_domain::status::Status;
use guichet_domain::update::system_status_change;
use guichet_store::{PageRequest, TicketFilter, TicketOrder};

use super::{commit, with_retries};
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
/// answer is 10 working days old by now (in the working hours of the
/// colours calendar); returns how many. A ticket verified, reopened or
/// closed meanwhile is left as it is, so running it twice closes nothing
/// twice.
pub async fn close_due(ctx: &Context, actor: &Actor) -> ServiceResult<usize> {
    let calendar = super::read::colours_calendar();
    let now = ctx.now();
    let mut due = Vec::new();
    // Ten working days of the colours calendar (five days of 8 h a week)
    // take at least 11 days and 8 hours: an answer more recent than that
    // cannot be due (at the limit it is), and the store need not read it.
    let filter = TicketFilter {
        statuses: vec![Status::Solved, Status::Unsolved],
        status_changed_before: Some(now - chrono::Duration::hours(11 * 24 + 8)),
        order: TicketOrder::LeastRecentlyChanged,
        ..TicketFilter::default()
    };
    for page in 1.. {
        let found = ctx
            .store()
            .tickets(&filter, PageRequest { page, per_page: 500 })
            .await?;
        let last = found.items.len() < 500;
        due.extend(
            found
                .items
                .into_iter()
                .filter(|v| due_for_closure(v.ticket.status, v.ticket.status_changed_at, now, calendar))
                .map(|v| v.ticket.id),
        );
        if last {
            break;
        }
    }
    let mut closed = 0;
    for id in due {
        match close_ticket(ctx, actor, id).await {
            Ok(()) => closed += 1,
            Err(ServiceError::Store(guichet_store::StoreError::NotFound(_))) => {}
            Err(ServiceError::Invalid { .. } | ServiceError::Conflict(_)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(closed)
}
