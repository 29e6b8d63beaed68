//! Changing a ticket's fields and status.

use guichet_domain::actions::ticket_actions;
use guichet_domain::actor::Actor;
use guichet_domain::article::ArticleKind;
use guichet_domain::ids::TicketId;
use guichet_domain::priority::Priority;
use guichet_domain::relation::check_parent_leaves_hold;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::text::{NonBlank, Subject};
use guichet_domain::ticket::{NotificationMode, Visibility};
use guichet_domain::update::{TicketPatch, apply_patch};
use guichet_store::{NewArticle, TicketView};

use super::create::exists;
use super::read::visible_ticket;
use super::{cascade, commit, with_retries};
use crate::change::Change;
use crate::input::{UpdateTicketInput, parse_emails};
use crate::{Context, ServiceError, ServiceResult};

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

async fn check_references(ctx: &Context, patch: &TicketPatch) -> ServiceResult<()> {
    let store = ctx.store();
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

/// Applies `input` to ticket `id` on behalf of `actor`, with its cascades, in one transaction.
pub async fn update_ticket(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    input: UpdateTicketInput,
) -> ServiceResult<TicketView> {
    let patch = parse_patch(&input)?;
    let solution = text("solution", input.solution.as_deref())?;
    let comment = text("comment", input.comment.as_deref())?;
    check_references(ctx, &patch).await?;
    with_retries(|| try_update(ctx, actor, id, &patch, solution.as_deref(), comment.as_deref())).await?;
    Ok(ctx.store().ticket(id).await?)
}

async fn try_update(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    patch: &TicketPatch,
    solution: Option<&str>,
    comment: Option<&str>,
) -> ServiceResult<()> {
    let before = visible_ticket(ctx, actor, id).await?.ticket;
    let mut change = Change::new(ctx);
    let patched = apply_patch(&before, patch, actor, change.at())?;
    ticket_actions(actor, &before).permits(&before, patch)?;
    let after = patched.ticket.clone();
    if before.status == Status::OnHold && after.status != Status::OnHold {
        let open = cascade::open_children(ctx.store(), &before).await?;
        check_parent_leaves_hold(&before, after.status, &open)?;
    }
    check_texts(&before, &after, solution, comment)?;
    let by = actor.author();
    let article = |kind, body: &str| NewArticle {
        ticket: id,
        kind,
        body: body.to_owned(),
        html: None,
        author: actor.user_id(),
        created_at: change.at(),
    };
    let articles = [
        comment.map(|body| article(ArticleKind::PublicReply, body)),
        solution.map(|body| article(ArticleKind::Solution, body)),
    ];
    for article in articles.into_iter().flatten() {
        change.add_article(article, &by);
    }
    change.update_ticket(&before, patched, &by);
    cascade::after_status_change(ctx.store(), &before, &after, solution, &mut change).await?;
    if change.is_empty() {
        return Ok(());
    }
    commit(ctx, change).await?;
    Ok(())
}

/// A solution goes with solving, a reason with holding.
fn check_texts(
    before: &guichet_domain::ticket::Ticket,
    after: &guichet_domain::ticket::Ticket,
    solution: Option<&str>,
    comment: Option<&str>,
) -> ServiceResult<()> {
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
    Ok(())
}
