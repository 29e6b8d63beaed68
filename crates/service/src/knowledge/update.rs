//! Changing an answer (supporters): its versions, visibility, category
//! and unit, and with them its search document.

use guichet_domain::actor::Actor;
use guichet_domain::ids::AnswerId;
use guichet_domain::knowledge::Answer;

use super::{AnswerBody, refers_to, require_supporter};
use crate::{Context, ServiceResult};

/// Replaces an answer's versions, visibility, category and unit (supporters).
pub async fn update_answer(ctx: &Context, actor: &Actor, id: AnswerId, body: &AnswerBody) -> ServiceResult<Answer> {
    require_supporter(actor, "write answers")?;
    let input = body.input()?;
    ctx.store()
        .update_answer(id, input, ctx.now())
        .await
        .map_err(|e| refers_to(e.into()))
}
