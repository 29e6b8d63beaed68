//! Queues: the tickets a support unit has to deal with. First-level
//! support's queue holds the tickets nobody routed yet; each unit's holds
//! the open tickets it is responsible for. Queues are for supporters.

use guichet_domain::actor::Actor;
use guichet_domain::ids::UnitId;
use guichet_domain::reference::Unit;
use guichet_domain::status::Status;
use guichet_store::{Page, PageRequest, TicketFilter, TicketOrder, TicketView};

use super::read::list_tickets;
use crate::{Context, ServiceError, ServiceResult};

/// Which tickets of a queue, in which order.
#[derive(Debug, Clone)]
pub struct QueueRequest {
    /// One status only; `None` is every open status.
    pub status: Option<Status>,
    /// The order; queues default to oldest first.
    pub order: TicketOrder,
    /// The page.
    pub page: PageRequest,
}

/// A unit's queue: the unit and a page of its tickets.
#[derive(Debug, Clone)]
pub struct Queue {
    /// The unit.
    pub unit: Unit,
    /// The page.
    pub tickets: Page<TicketView>,
}

/// The statuses of tickets still to deal with.
pub fn open_statuses() -> Vec<Status> {
    Status::ALL.iter().copied().filter(|s| s.is_open()).collect()
}

/// The queue of `unit`, for a supporter.
pub async fn unit_queue(ctx: &Context, actor: &Actor, unit: UnitId, request: QueueRequest) -> ServiceResult<Queue> {
    if !actor.role().is_supporter() {
        return Err(ServiceError::Forbidden("queues are for supporters".into()));
    }
    let unit = ctx.store().unit(unit).await?;
    let filter = TicketFilter {
        unit: Some(unit.id),
        statuses: request.status.map_or_else(open_statuses, |s| vec![s]),
        order: request.order,
        ..TicketFilter::default()
    };
    let tickets = list_tickets(ctx, actor, filter, request.page).await?;
    Ok(Queue { unit, tickets })
}

/// First-level support's queue: the tickets still at first level, not
/// yet routed to an expert unit or site.
pub async fn first_level_queue(ctx: &Context, actor: &Actor, request: QueueRequest) -> ServiceResult<Queue> {
    let unit = ctx
        .store()
        .first_level_unit()
        .await?
        .ok_or(ServiceError::NotFound("first-level unit"))?;
    unit_queue(ctx, actor, unit, request).await
}
