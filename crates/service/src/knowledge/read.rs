//! Reading answers: one, a list (a unit's FAQ, a category), and the
//! tickets that cite one, each as the viewer may see them.

use guichet_domain::actor::Actor;
use guichet_domain::ids::{AnswerId, CategoryId, UnitId};
use guichet_domain::knowledge::Answer;
use guichet_store::{AnswerFilter, TicketView};

use crate::{Context, ServiceError, ServiceResult};

/// An answer `viewer` (`None`: not signed in) may read; an internal one is
/// "not found" for others, so its existence does not leak.
pub async fn get_answer(ctx: &Context, viewer: Option<&Actor>, id: AnswerId) -> ServiceResult<Answer> {
    let answer = ctx.store().answer(id).await?;
    if answer.visible_to(viewer) {
        Ok(answer)
    } else {
        Err(ServiceError::NotFound("answer"))
    }
}

/// The answers `viewer` may read, only `unit`'s FAQ or `category`'s if
/// given, by id.
pub async fn list_answers(
    ctx: &Context,
    viewer: Option<&Actor>,
    unit: Option<UnitId>,
    category: Option<CategoryId>,
) -> ServiceResult<Vec<Answer>> {
    let filter = AnswerFilter {
        unit,
        category,
        public_only: !viewer.is_some_and(|a| a.role().is_supporter()),
    };
    Ok(ctx.store().answers(&filter).await?)
}

/// The tickets citing answer `id` that `viewer` may see (none for someone
/// not signed in but public ones), by id.
pub async fn citing_tickets(ctx: &Context, viewer: Option<&Actor>, id: AnswerId) -> ServiceResult<Vec<TicketView>> {
    get_answer(ctx, viewer, id).await?;
    let mut seen = Vec::new();
    for ticket in ctx.store().citing_tickets(id).await? {
        let view = ctx.store().ticket(ticket).await?;
        let visible = match viewer {
            Some(actor) => view.ticket.visible_to(actor),
            None => view.ticket.visibility == guichet_domain::ticket::Visibility::Public,
        };
        if visible {
            seen.push(view);
        }
    }
    Ok(seen)
}
