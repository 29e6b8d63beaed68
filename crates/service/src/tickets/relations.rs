//! Relating tickets, and unrelating them.

use guichet_domain::actor::{Actor, Author};
use guichet_domain::ids::{RelationId, TicketId};
use guichet_domain::relation::{
    Neighbourhood, Relation, RelationKind, check_new_relation, parent_must_hold, stored_pair,
};
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;
use guichet_domain::update::{set_slave_lock, system_status_change};
use guichet_store::{NewRelation, Store, StoreError};

use super::read::visible_ticket;
use super::{cascade, commit, with_retries};
use crate::change::Change;
use crate::input::RelationInput;
use crate::{Context, ServiceError, ServiceResult};

/// Only supporters relate tickets. Checked after the ticket's visibility, so
/// a ticket the caller may not see is not found, whatever their role.
fn require_supporter(actor: &Actor) -> ServiceResult<()> {
    if actor.role().is_supporter() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden("only supporters relate tickets".into()))
    }
}

/// Relates ticket `id` to `input.target`, putting a parent on hold or locking a slave.
pub async fn add_relation(ctx: &Context, actor: &Actor, id: TicketId, input: RelationInput) -> ServiceResult<Relation> {
    with_retries(|| try_add(ctx, actor, id, &input.kind, TicketId(input.target))).await
}

/// Why the system changes the related ticket itself.
fn linking(from: &Ticket) -> Author {
    Author::system(format!("relation made from ticket #{}", from.number()))
}

async fn ancestors(store: &dyn Store, mut ticket: TicketId) -> ServiceResult<Vec<TicketId>> {
    let mut found = Vec::new();
    while let Some(parent) = store
        .relations(ticket)
        .await?
        .into_iter()
        .find(|r| r.kind == RelationKind::ParentChild && r.to == ticket)
    {
        if found.contains(&parent.from) {
            break;
        }
        found.push(parent.from);
        ticket = parent.from;
    }
    Ok(found)
}

async fn try_add(ctx: &Context, actor: &Actor, id: TicketId, kind: &str, target: TicketId) -> ServiceResult<Relation> {
    let store = ctx.store();
    let from = visible_ticket(ctx, actor, id).await?.ticket;
    require_supporter(actor)?;
    let kind = RelationKind::parse(kind)?;
    let to = match store.ticket(target).await {
        Ok(view) => view.ticket,
        Err(StoreError::NotFound(_)) => return Err(ServiceError::invalid("target", "no ticket has that id")),
        Err(other) => return Err(other.into()),
    };
    let mut relations = store.relations(from.id).await?;
    relations.extend(store.relations(to.id).await?);
    let parent_ancestors = ancestors(store, from.id).await?;
    check_new_relation(
        kind,
        &from,
        &to,
        &Neighbourhood {
            relations: &relations,
            parent_ancestors: &parent_ancestors,
        },
    )?;
    let mut change = Change::new(ctx);
    let now = change.at();
    let (a, b) = stored_pair(kind, from.id, to.id);
    let relation = NewRelation {
        kind,
        from: a,
        to: b,
        created_at: now,
    };
    change.add_relation(relation, &actor.author());
    let by = linking(&from);
    match kind {
        RelationKind::ParentChild if to.status.is_open() && from.status.is_open() && from.status != Status::OnHold => {
            change.update_ticket(&from, system_status_change(&from, Status::OnHold, None, now)?, &by);
        }
        RelationKind::MasterSlave => change.update_ticket(&to, set_slave_lock(&to, true, now), &by),
        _ => {}
    }
    let committed = commit(ctx, change).await?;
    let relation = committed
        .relations
        .first()
        .copied()
        .ok_or(ServiceError::NotFound("relation"))?;
    Ok(store.relation(relation).await?)
}

/// Removes a relation of ticket `id`: a slave is unlocked, a parent with no
/// open child left resumes.
pub async fn remove_relation(ctx: &Context, actor: &Actor, id: TicketId, relation: RelationId) -> ServiceResult<()> {
    with_retries(|| try_remove(ctx, actor, id, relation)).await
}

async fn try_remove(ctx: &Context, actor: &Actor, id: TicketId, relation: RelationId) -> ServiceResult<()> {
    let store = ctx.store();
    let from = visible_ticket(ctx, actor, id).await?.ticket;
    require_supporter(actor)?;
    let link = store.relation(relation).await?;
    if link.from != id && link.to != id {
        return Err(ServiceError::NotFound("relation"));
    }
    let mut change = Change::new(ctx);
    let now = change.at();
    change.remove_relation(&link, &actor.author());
    let by = linking(&from);
    match link.kind {
        RelationKind::MasterSlave => {
            let slave = store.ticket(link.to).await?.ticket;
            change.update_ticket(&slave, set_slave_lock(&slave, false, now), &by);
        }
        RelationKind::ParentChild => {
            let parent = store.ticket(link.from).await?.ticket;
            let remaining: Vec<Status> = cascade::children(store, &parent, None, Some(relation))
                .await?
                .into_iter()
                .map(|(_, status)| status)
                .collect();
            if parent.status == Status::OnHold && !parent_must_hold(&remaining) {
                change.update_ticket(
                    &parent,
                    system_status_change(&parent, Status::InProgress, None, now)?,
                    &by,
                );
            }
        }
        RelationKind::CrossReference => {}
    }
    commit(ctx, change).await?;
    Ok(())
}
