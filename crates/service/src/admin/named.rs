//! Reference data that is just a unique name: VOs and types of issue.

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::ids::{IssueTypeId, VoId};
use guichet_domain::reference::{IssueType, Vo};
use guichet_domain::text::Name;

use super::require_admin;
use crate::{Context, ServiceResult};

/// Something with just a name: a VO or a type of issue.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedBody {
    /// Unique name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
}

/// Validates a name.
fn name_of(body: &NamedBody) -> ServiceResult<String> {
    Ok(Name::parse("name", &body.name)?.into_string())
}

/// All VOs, by name.
pub async fn list_vos(ctx: &Context) -> ServiceResult<Vec<Vo>> {
    Ok(ctx.store().vos().await?)
}

/// One VO.
pub async fn get_vo(ctx: &Context, id: VoId) -> ServiceResult<Vo> {
    Ok(ctx.store().vo(id).await?)
}

/// Creates a VO (administrators).
pub async fn create_vo(ctx: &Context, actor: &Actor, body: &NamedBody) -> ServiceResult<Vo> {
    require_admin(actor)?;
    Ok(ctx.store().create_vo(&name_of(body)?).await?)
}

/// Renames a VO (administrators).
pub async fn update_vo(ctx: &Context, actor: &Actor, id: VoId, body: &NamedBody) -> ServiceResult<Vo> {
    require_admin(actor)?;
    Ok(ctx.store().update_vo(id, &name_of(body)?).await?)
}

/// Deletes a VO no ticket refers to (administrators).
pub async fn delete_vo(ctx: &Context, actor: &Actor, id: VoId) -> ServiceResult<()> {
    require_admin(actor)?;
    Ok(ctx.store().delete_vo(id).await?)
}

/// All types of issue, by name.
pub async fn list_issue_types(ctx: &Context) -> ServiceResult<Vec<IssueType>> {
    Ok(ctx.store().issue_types().await?)
}

/// One type of issue.
pub async fn get_issue_type(ctx: &Context, id: IssueTypeId) -> ServiceResult<IssueType> {
    Ok(ctx.store().issue_type(id).await?)
}

/// Creates a type of issue (administrators).
pub async fn create_issue_type(ctx: &Context, actor: &Actor, body: &NamedBody) -> ServiceResult<IssueType> {
    require_admin(actor)?;
    Ok(ctx.store().create_issue_type(&name_of(body)?).await?)
}

/// Renames a type of issue (administrators).
pub async fn update_issue_type(
    ctx: &Context,
    actor: &Actor,
    id: IssueTypeId,
    body: &NamedBody,
) -> ServiceResult<IssueType> {
    require_admin(actor)?;
    Ok(ctx.store().update_issue_type(id, &name_of(body)?).await?)
}

/// Deletes a type of issue no ticket refers to (administrators).
pub async fn delete_issue_type(ctx: &Context, actor: &Actor, id: IssueTypeId) -> ServiceResult<()> {
    require_admin(actor)?;
    Ok(ctx.store().delete_issue_type(id).await?)
}
