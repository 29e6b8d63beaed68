//! Writing a new answer (supporters).

use guichet_domain::actor::Actor;
use guichet_domain::knowledge::Answer;
use guichet_store::NewAnswer;

use super::{AnswerBody, author_of, refers_to, require_supporter};
use crate::{Context, ServiceResult};

/// Creates an answer (supporters). Bad input is `Invalid`, naming the field.
pub async fn create_answer(ctx: &Context, actor: &Actor, body: &AnswerBody) -> ServiceResult<Answer> {
    require_supporter(actor, "write answers")?;
    let author = author_of(actor)?;
    let input = body.input()?;
    let new = NewAnswer {
        input,
        source_ticket: None,
        author,
        at: ctx.now(),
    };
    ctx.store().create_answer(new).await.map_err(|e| refers_to(e.into()))
}
