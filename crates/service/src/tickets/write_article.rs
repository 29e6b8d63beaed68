//! Adding an article to a ticket's thread, with its files if any.

use guichet_domain::actions::participant_actions;
use guichet_domain::actor::Actor;
use guichet_domain::article::{Article, ArticleKind};
use guichet_domain::ids::TicketId;
use guichet_domain::status::Status;
use guichet_domain::text::NonBlank;
use guichet_domain::update::{status_after_article, system_status_change};
use guichet_store::{ArticleLink, NewArticle};

use super::read::{is_participant, visible_ticket};
use super::{commit, with_retries};
use crate::attachments::{FileUpload, prepare};
use crate::change::Change;
use crate::input::{ArticleInput, label_or};
use crate::{Context, ServiceError, ServiceResult};

/// Adds a public reply or an internal note. A submitter's reply to a ticket
/// waiting for them puts it back `in progress`.
pub async fn add_article(ctx: &Context, actor: &Actor, id: TicketId, input: ArticleInput) -> ServiceResult<Article> {
    add_article_with(ctx, actor, id, input, Vec::new()).await
}

/// Adds an article with its files linked to it, in one transaction.
pub async fn add_article_with(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    input: ArticleInput,
    files: Vec<FileUpload>,
) -> ServiceResult<Article> {
    let kind = label_or(input.kind.as_deref(), ArticleKind::PublicReply, ArticleKind::parse)?;
    if kind == ArticleKind::Solution {
        return Err(ServiceError::invalid(
            "kind",
            "a solution is given by setting the status to \"solved\" with a solution text",
        ));
    }
    let body = NonBlank::parse("body", &input.body)?.into_string();
    with_retries(|| try_add(ctx, actor, id, kind, &body, &files)).await
}

async fn try_add(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    kind: ArticleKind,
    body: &str,
    files: &[FileUpload],
) -> ServiceResult<Article> {
    let ticket = visible_ticket(ctx, actor, id).await?.ticket;
    let participant = is_participant(ctx, actor, &ticket).await?;
    let on_ticket = actor.role().is_supporter() || actor.is_submitter_of(&ticket) || participant;
    if !on_ticket || (!actor.role().is_supporter() && kind != ArticleKind::PublicReply) {
        return Err(ServiceError::Forbidden(
            "requesters may only add public replies, to tickets they submitted, are in copy of, involved in or subscribed to"
                .into(),
        ));
    }
    if matches!(ticket.status, Status::Verified | Status::Closed) {
        return Err(ServiceError::Conflict(format!(
            "ticket #{} is {}; open a new ticket that references it",
            ticket.number(),
            ticket.status
        )));
    }
    if !participant_actions(actor, &ticket, participant).may_write(kind) {
        return Err(ServiceError::Forbidden(format!(
            "you may not write on ticket #{}",
            ticket.number()
        )));
    }
    let mut change = Change::new(ctx);
    let by = actor.author();
    let article = NewArticle {
        ticket: id,
        kind,
        body: body.to_owned(),
        html: None,
        author: actor.user_id(),
        created_at: change.at(),
    };
    let index = change.add_article(article.clone(), &by);
    for file in files {
        let attachment = prepare(ctx, actor, id, Some(ArticleLink::New(index)), file.clone())?;
        change.add_attachment(attachment, &by);
    }
    if let Some(status) = status_after_article(&ticket, actor, kind) {
        let resumed = system_status_change(&ticket, status, None, change.at())?;
        change.update_ticket(&ticket, resumed, &by);
    }
    let committed = commit(ctx, change).await?;
    let article_id = committed
        .articles
        .first()
        .copied()
        .ok_or(ServiceError::NotFound("article"))?;
    Ok(Article {
        id: article_id,
        ticket: id,
        kind,
        body: article.body,
        html: None,
        author: article.author,
        created_at: article.created_at,
    })
}
