//! First-level triage: applying the routing rules to a ticket.

use guichet_domain::actor::Actor;
use guichet_domain::ids::TicketId;
use guichet_domain::routing::suggest_unit;
use guichet_store::TicketView;

use super::read::visible_ticket;
use super::update::update_ticket;
use crate::input::UpdateTicketInput;
use crate::{Context, ServiceError, ServiceResult};

/// Routes the ticket to the unit its type of issue maps to.
pub async fn apply_routing_rules(ctx: &Context, actor: &Actor, id: TicketId) -> ServiceResult<TicketView> {
    let ticket = visible_ticket(ctx, actor, id).await?.ticket;
    if !actor.role().is_supporter() {
        return Err(ServiceError::Forbidden(
            "only first-level support and supporters route tickets".into(),
        ));
    }
    let rules = ctx.store().routing_rules().await?;
    let unit = suggest_unit(&rules, ticket.issue_type)
        .ok_or_else(|| ServiceError::invalid("type", "no routing rule matches this ticket's type of issue"))?;
    update_ticket(
        ctx,
        actor,
        id,
        UpdateTicketInput {
            unit: Some(unit),
            ..Default::default()
        },
    )
    .await
}
