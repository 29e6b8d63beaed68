//! Following a ticket one did not submit: anyone who may see a ticket may
//! subscribe to it, and hears about its changes like its submitter does.

use guichet_domain::actor::Actor;
use guichet_domain::ids::TicketId;
use guichet_store::User;

use super::person;
use crate::tickets::read::visible_ticket;
use crate::{Context, ServiceError, ServiceResult};

/// Subscribes the acting person to a ticket they may see; false if they
/// already were.
pub async fn subscribe(ctx: &Context, actor: &Actor, ticket: TicketId) -> ServiceResult<bool> {
    let user = person(actor)?;
    visible_ticket(ctx, actor, ticket).await?;
    Ok(ctx.store().subscribe(ticket, user, ctx.now()).await?)
}

/// Unsubscribes the acting person; false if they were not subscribed.
pub async fn unsubscribe(ctx: &Context, actor: &Actor, ticket: TicketId) -> ServiceResult<bool> {
    let user = person(actor)?;
    visible_ticket(ctx, actor, ticket).await?;
    Ok(ctx.store().unsubscribe(ticket, user).await?)
}

/// Whether the acting person is subscribed to a ticket they may see.
pub async fn is_subscribed(ctx: &Context, actor: &Actor, ticket: TicketId) -> ServiceResult<bool> {
    let user = person(actor)?;
    visible_ticket(ctx, actor, ticket).await?;
    Ok(ctx.store().subscribers(ticket).await?.contains(&user))
}

/// Who is subscribed to a ticket: for supporters, and for the system
/// (which notifies them).
pub async fn subscribers(ctx: &Context, actor: &Actor, ticket: TicketId) -> ServiceResult<Vec<User>> {
    if !actor.role().is_supporter() {
        return Err(ServiceError::Forbidden(
            "only supporters see who follows a ticket".into(),
        ));
    }
    visible_ticket(ctx, actor, ticket).await?;
    let mut users = Vec::new();
    for id in ctx.store().subscribers(ticket).await? {
        users.push(ctx.store().user(id).await?);
    }
    Ok(users)
}

/// The tickets the acting person is subscribed to and may still see,
/// newest first.
pub async fn my_subscriptions(ctx: &Context, actor: &Actor) -> ServiceResult<Vec<TicketId>> {
    let user = person(actor)?;
    let mut visible = Vec::new();
    for ticket in ctx.store().subscriptions(user).await? {
        if visible_ticket(ctx, actor, ticket).await.is_ok() {
            visible.push(ticket);
        }
    }
    Ok(visible)
}
