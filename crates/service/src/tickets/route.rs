//! First-level triage: applying the routing rules to a ticket.

use guichet_domain::ids::TicketId;
use guichet_domain::routing::suggest_unit;
use guichet_store::{Store, TicketView, User};

use super::read::visible_ticket;
use super::update::update_ticket;
use crate::input::UpdateTicketInput;
use crate::{ServiceError, ServiceResult};

/// Routes the ticket to the unit its type of issue maps to.
pub async fn apply_routing_rules(store: &dyn Store, user: &User, id: TicketId) -> ServiceResult<TicketView> {
    let ticket = visible_ticket(store, user, id).await?.ticket;
    if !user.role.is_supporter() {
        return Err(ServiceError::Forbidden(
            "only first-level support and supporters route tickets".into(),
        ));
    }
    let rules = store.routing_rules().await?;
    let unit = suggest_unit(&rules, ticket.issue_type)
        .ok_or_else(|| ServiceError::invalid("type", "no routing rule matches this ticket's type of issue"))?;
    update_ticket(
        store,
        user,
        id,
        UpdateTicketInput {
            unit: Some(unit),
            ..Default::default()
        },
    )
    .await
}
