//! The answers' categories: everyone reads them, supporters make them.

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::ids::CategoryId;
use guichet_domain::knowledge::{Bilingual, Category};

use super::require_supporter;
use crate::{Context, ServiceResult};

/// A category as written.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryBody {
    /// Its English name; at least one name is needed.
    #[serde(default)]
    pub name_en: String,
    /// Its French name.
    #[serde(default)]
    pub name_fr: String,
}

/// The categories, by English name.
pub async fn list_categories(ctx: &Context) -> ServiceResult<Vec<Category>> {
    Ok(ctx.store().kb_categories().await?)
}

/// Creates a category (supporters); `Invalid` on `name` without a name.
pub async fn create_category(ctx: &Context, actor: &Actor, body: &CategoryBody) -> ServiceResult<Category> {
    require_supporter(actor, "make categories")?;
    let name = Bilingual::labels("name", ("name_en", &body.name_en), ("name_fr", &body.name_fr))?;
    Ok(ctx.store().create_kb_category(&name).await?)
}

/// Renames a category (supporters); `Invalid` on `name` without a name,
/// `NotFound` if there is no such category.
pub async fn rename_category(
    ctx: &Context,
    actor: &Actor,
    id: CategoryId,
    body: &CategoryBody,
) -> ServiceResult<Category> {
    require_supporter(actor, "rename categories")?;
    let name = Bilingual::labels("name", ("name_en", &body.name_en), ("name_fr", &body.name_fr))?;
    Ok(ctx.store().rename_kb_category(id, &name).await?)
}

/// The category of `id`, or `NotFound`.
pub async fn get_category(ctx: &Context, id: CategoryId) -> ServiceResult<Category> {
    list_categories(ctx)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(crate::ServiceError::NotFound("category"))
}

/// Deletes a category (supporters); its answers keep no category.
pub async fn delete_category(ctx: &Context, actor: &Actor, id: CategoryId) -> ServiceResult<()> {
    require_supporter(actor, "delete categories")?;
    Ok(ctx.store().delete_kb_category(id).await?)
}
