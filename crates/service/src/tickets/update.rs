//! Changing a ticket's fields and status.

use guichet_domain::article::ArticleKind;
use guichet_domain::clock;
use guichet_domain::ids::TicketId;
use guichet_domain::priority::Priority;
use guichet_domain::relation::check_parent_leaves_hold;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::text::{NonBlank, Subject};
use guichet_domain::ticket::{NotificationMode, Visibility};
use guichet_domain::update::{TicketPatch, apply_patch};
use guichet_store::{ChangeSet, NewArticle, Store, TicketView, User};

use super::create::exists;
use super::read::visible_ticket;
use super::{ATTEMPTS, cascade, commit_error, is_stale, record};
use crate::input::{UpdateTicketInput, parse_emails};
use crate::{ServiceError, ServiceResult, actor_of};

/// Parses the request into a domain patch, naming the field of any bad value.
pub fn parse_patch(input: &UpdateTicketInput) -> ServiceResult<TicketPatch> {
    Ok(TicketPatch {
        status: input.status.as_deref().map(Status::parse).transpose()?,
        qualifier: input.qualifier.as_deref().map(Qualifier::parse).transpose()?,
        unit: input.unit,
        assignee: input.assignee,
        priority: input.priority.as_deref().map(Priority::parse).transpose()?,
        priority_justification: input.priority_justification.clone(),
        involved_units: input.involved.as_ref().map(|i| i.units.clone()),
        involved_users: input.involved.as_ref().map(|i| i.users.clone()),
        cc: input.cc.as_deref().map(|cc| parse_emails("cc", cc)).transpose()?,
        site: input.site,
        vo: input.vo,
        issue_type: input.issue_type,
        subject: input.subject.as_deref().map(Subject::parse).transpose()?,
        visibility: input.visibility.as_deref().map(Visibility::parse).transpose()?,
        notification_mode: input
            .notification_mode
            .as_deref()
            .map(NotificationMode::parse)
            .transpose()?,
    })
}

async fn check_references(store: &dyn Store, patch: &TicketPatch) -> ServiceResult<()> {
    if let Some(unit) = patch.unit {
        exists("unit", store.unit(unit).await)?;
    }
    if let Some(Some(user)) = patch.assignee {
        exists("assignee", store.user(user).await)?;
    }
    if let Some(Some(site)) = patch.site {
        exists("site", store.site(site).await)?;
    }
    if let Some(Some(vo)) = patch.vo {
        exists("vo", store.vo(vo).await)?;
    }
    if let Some(Some(issue_type)) = patch.issue_type {
        exists("type", store.issue_type(issue_type).await)?;
    }
    for unit in patch.involved_units.iter().flatten() {
        exists("involved", store.unit(*unit).await)?;
    }
    for user in patch.involved_users.iter().flatten() {
        exists("involved", store.user(*user).await)?;
    }
    Ok(())
}

/// Optional text of the request, validated as non-blank when present.
fn text(field: &'static str, raw: Option<&str>) -> ServiceResult<Option<String>> {
    Ok(raw
        .map(|body| NonBlank::parse(field, body))
        .transpose()?
        .map(NonBlank::into_string))
}

/// Applies `input` to ticket `id` on behalf of `user`, with its cascades, in one transaction.
pub async fn update_ticket(
    store: &dyn Store,
    user: &User,
    id: TicketId,
    input: UpdateTicketInput,
) -> ServiceResult<TicketView> {
    let patch = parse_patch(&input)?;
    let solution = text("solution", input.solution.as_deref())?;
    let comment = text("comment", input.comment.as_deref())?;
    check_references(store, &patch).await?;
    for attempt in 1..=ATTEMPTS {
        match try_update(store, user, id, &patch, solution.as_deref(), comment.as_deref()).await {
            Err(error) if is_stale(&error) && attempt < ATTEMPTS => continue,
            Err(error) => return Err(error),
            Ok(()) => break,
        }
    }
    Ok(store.ticket(id).await?)
}

async fn try_update(
    store: &dyn Store,
    user: &User,
    id: TicketId,
    patch: &TicketPatch,
    solution: Option<&str>,
    comment: Option<&str>,
) -> ServiceResult<()> {
    let before = visible_ticket(store, user, id).await?.ticket;
    let actor = actor_of(user);
    let now = clock::now();
    let patched = apply_patch(&before, patch, &actor, now)?;
    let after = patched.ticket.clone();
    if before.status == Status::OnHold && after.status != Status::OnHold {
        let open = cascade::open_children(store, &before).await?;
        check_parent_leaves_hold(&before, after.status, &open)?;
    }
    let entered = |status: Status| after.status == status && before.status != status;
    if entered(Status::Solved) && solution.is_none() {
        return Err(ServiceError::invalid(
            "solution",
            "solving a ticket needs a solution text",
        ));
    }
    if entered(Status::OnHold) && comment.is_none() {
        return Err(ServiceError::invalid(
            "comment",
            "putting a ticket on hold needs its reason, as a comment",
        ));
    }
    if solution.is_some() && !after.status.is_answered() {
        return Err(ServiceError::invalid(
            "solution",
            "a solution goes with status \"solved\" or \"unsolved\"",
        ));
    }
    let mut changes = ChangeSet::default();
    let article = |kind, body: &str| NewArticle {
        ticket: id,
        kind,
        body: body.to_owned(),
        author: actor.user,
        created_at: now,
    };
    changes
        .articles
        .extend(comment.map(|body| article(ArticleKind::PublicReply, body)));
    changes
        .articles
        .extend(solution.map(|body| article(ArticleKind::Solution, body)));
    record(&mut changes, &before, patched, actor.user, now);
    cascade::after_status_change(store, &before, &after, solution, now, &mut changes).await?;
    if changes.is_empty() {
        return Ok(());
    }
    store.commit(changes).await.map_err(commit_error)?;
    Ok(())
}
