//! Closing a solved or unsolved ticket: the system's act, run by the worker
//! 10 working days after the answer (and by the demo loader).

use guichet_domain::actor::Actor;
use guichet_domain::ids::TicketId;
use guichet_domain::status::Status;
use guichet_domain::update::system_status_change;

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
