//! Deleting an answer (supporters), with its search document and the
//! citations of it.

use guichet_domain::actor::Actor;
use guichet_domain::ids::AnswerId;

use super::require_supporter;
use crate::{Context, ServiceResult};

/// Deletes an answer and the citations of it (supporters).
pub async fn delete_answer(ctx: &Context, actor: &Actor, id: AnswerId) -> ServiceResult<()> {
    require_supporter(actor, "delete answers")?;
    Ok(ctx.store().delete_answer(id).await?)
}
