//! Relating tickets, and unrelating them.

use guichet_domain::clock;
use guichet_domain::ids::{RelationId, TicketId};
use guichet_domain::relation::{
    Neighbourhood, Relation, RelationKind, check_new_relation, parent_must_hold, stored_pair,
};
use guichet_domain::status::Status;
use guichet_domain::update::{set_slave_lock, system_status_change};
use guichet_store::{ChangeSet, NewRelation, Store, StoreError, User};

use super::read::visible_ticket;
use super::{ATTEMPTS, cascade, commit_error, is_stale, record};
use crate::input::RelationInput;
use crate::{ServiceError, ServiceResult};

/// Only supporters relate tickets. Checked after the ticket's visibility, so
/// a ticket the caller may not see is not found, whatever their role.
fn require_supporter(user: &User) -> ServiceResult<()> {
    if user.role.is_supporter() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden("only supporters relate tickets".into()))
    }
}

/// Relates ticket `id` to `input.target`, putting a parent on hold or locking a slave.
pub async fn add_relation(
    store: &dyn Store,
    user: &User,
    id: TicketId,
    input: RelationInput,
) -> ServiceResult<Relation> {
    for attempt in 1..=ATTEMPTS {
        match try_add(store, user, id, &input.kind, TicketId(input.target)).await {
            Err(error) if is_stale(&error) && attempt < ATTEMPTS => continue,
            other => return other,
        }
    }
    Err(ServiceError::Conflict("the tickets kept changing; try again".into()))
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

async fn try_add(
    store: &dyn Store,
    user: &User,
    id: TicketId,
    kind: &str,
    target: TicketId,
) -> ServiceResult<Relation> {
    let from = visible_ticket(store, user, id).await?.ticket;
    require_supporter(user)?;
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
    let now = clock::now();
    let (a, b) = stored_pair(kind, from.id, to.id);
    let mut changes = ChangeSet {
        relations_added: vec![NewRelation {
            kind,
            from: a,
            to: b,
            actor: Some(user.id),
            created_at: now,
        }],
        ..Default::default()
    };
    match kind {
        RelationKind::ParentChild if to.status.is_open() && from.status.is_open() && from.status != Status::OnHold => {
            record(
                &mut changes,
                &from,
                system_status_change(&from, Status::OnHold, None, now)?,
                None,
                now,
            );
        }
        RelationKind::MasterSlave => record(&mut changes, &to, set_slave_lock(&to, true, now), None, now),
        _ => {}
    }
    let committed = store.commit(changes).await.map_err(commit_error)?;
    let relation = committed
        .relations
        .first()
        .copied()
        .ok_or(ServiceError::NotFound("relation"))?;
    Ok(store.relation(relation).await?)
}

/// Removes a relation of ticket `id`: a slave is unlocked, a parent with no
/// open child left resumes.
pub async fn remove_relation(store: &dyn Store, user: &User, id: TicketId, relation: RelationId) -> ServiceResult<()> {
    visible_ticket(store, user, id).await?;
    require_supporter(user)?;
    let link = store.relation(relation).await?;
    if link.from != id && link.to != id {
        return Err(ServiceError::NotFound("relation"));
    }
    let now = clock::now();
    let mut changes = ChangeSet {
        relations_removed: vec![(relation, Some(user.id))],
        ..Default::default()
    };
    match link.kind {
        RelationKind::MasterSlave => {
            let slave = store.ticket(link.to).await?.ticket;
            record(&mut changes, &slave, set_slave_lock(&slave, false, now), None, now);
        }
        RelationKind::ParentChild => {
            let parent = store.ticket(link.from).await?.ticket;
            let remaining: Vec<Status> = cascade::children(store, &parent, None, Some(relation))
                .await?
                .into_iter()
                .map(|(_, status)| status)
                .collect();
            if parent.status == Status::OnHold && !parent_must_hold(&remaining) {
                record(
                    &mut changes,
                    &parent,
                    system_status_change(&parent, Status::InProgress, None, now)?,
                    None,
                    now,
                );
            }
        }
        RelationKind::CrossReference => {}
    }
    store.commit(changes).await.map_err(commit_error)?;
    Ok(())
}
