//! Promoting a solved ticket's solution to the knowledge base: a draft
//! prefilled from the ticket's subject and its last solution, saved as an
//! internal answer that the ticket cites, until a supporter publishes it.

use guichet_domain::actor::Actor;
use guichet_domain::article::ArticleKind;
use guichet_domain::ids::TicketId;
use guichet_domain::knowledge::{Answer, AnswerTexts};
use guichet_domain::preferences::Language;
use guichet_domain::status::Status;
use guichet_store::NewAnswer;

use super::{AnswerBody, author_of, refers_to, require_supporter};
use crate::tickets::read::visible_ticket;
use crate::{Context, ServiceError, ServiceResult};

/// Whether a ticket in `status` has a solution to promote.
pub fn promotable(status: Status) -> bool {
    matches!(status, Status::Solved | Status::Verified | Status::Closed)
}

/// The draft of an answer promoting ticket `id`'s solution, in `language`
/// (supporters). `Conflict` if the ticket is not solved or has no solution.
pub async fn promotion_draft(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    language: Language,
) -> ServiceResult<AnswerTexts> {
    let view = visible_ticket(ctx, actor, id).await?;
    require_supporter(actor, "promote solutions")?;
    if !promotable(view.ticket.status) {
        return Err(ServiceError::Conflict(
            "only a solved ticket's solution can be promoted".into(),
        ));
    }
    let articles = ctx.store().articles(id, false).await?;
    let solution = articles
        .iter()
        .rev()
        .find(|a| a.kind == ArticleKind::Solution)
        .ok_or_else(|| ServiceError::Conflict("this ticket has no solution to promote".into()))?;
    Ok(AnswerTexts::promoted(&view.ticket.subject, &solution.body, language))
}

/// Promotes ticket `id`'s solution (supporters): saves `body` if given
/// (the draft as edited), else the draft itself as an internal answer; the
/// answer records the ticket, and the ticket cites it.
pub async fn promote(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    body: Option<&AnswerBody>,
    language: Language,
) -> ServiceResult<Answer> {
    let draft = promotion_draft(ctx, actor, id, language).await?;
    let author = author_of(actor)?;
    let input = match body {
        Some(body) => body.input()?,
        None => AnswerBody::draft(&draft).input()?,
    };
    let new = NewAnswer {
        input,
        source_ticket: Some(id),
        author,
        at: ctx.now(),
    };
    ctx.store().create_answer(new).await.map_err(|e| refers_to(e.into()))
}
