//! Tickets' citations of answers and portal links: supporters add and
//! remove them; everyone who sees the ticket sees those they may read.

use guichet_domain::actor::Actor;
use guichet_domain::ids::TicketId;
use guichet_domain::knowledge::{Answer, CitationTarget, PortalLink};

use super::{author_of, require_supporter};
use crate::tickets::read::visible_ticket;
use crate::{Context, ServiceError, ServiceResult};

/// What a ticket cites, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cited {
    /// An answer the viewer may read.
    Answer(Answer),
    /// A portal link.
    PortalLink(PortalLink),
}

/// Records that ticket `id` cites `target` (supporters); false if it
/// already did. An answer or link that does not exist is `Invalid` on
/// field `answer` or `portal_link`.
pub async fn cite(ctx: &Context, actor: &Actor, id: TicketId, target: CitationTarget) -> ServiceResult<bool> {
    visible_ticket(ctx, actor, id).await?;
    require_supporter(actor, "cite answers and links")?;
    let by = author_of(actor)?;
    ctx.store()
        .cite(id, target, by, ctx.now())
        .await
        .map_err(|error| match ServiceError::from(error) {
            ServiceError::NotFound("answer") => ServiceError::invalid("answer", "no answer has this id"),
            ServiceError::NotFound("portal link") => ServiceError::invalid("portal_link", "no portal link has this id"),
            other => other,
        })
}

/// Removes ticket `id`'s citation of `target` (supporters); false if
/// there was none.
pub async fn uncite(ctx: &Context, actor: &Actor, id: TicketId, target: CitationTarget) -> ServiceResult<bool> {
    visible_ticket(ctx, actor, id).await?;
    require_supporter(actor, "remove citations")?;
    Ok(ctx.store().uncite(id, target).await?)
}

/// What ticket `id` cites, oldest first: internal answers for supporters only.
pub async fn citations(ctx: &Context, viewer: &Actor, id: TicketId) -> ServiceResult<Vec<Cited>> {
    visible_ticket(ctx, viewer, id).await?;
    let mut cited = Vec::new();
    for citation in ctx.store().citations(id).await? {
        match citation.target {
            CitationTarget::Answer(answer) => {
                let answer = ctx.store().answer(answer).await?;
                if answer.visible_to(Some(viewer)) {
                    cited.push(Cited::Answer(answer));
                }
            }
            CitationTarget::PortalLink(link) => cited.push(Cited::PortalLink(ctx.store().portal_link(link).await?)),
        }
    }
    Ok(cited)
}
