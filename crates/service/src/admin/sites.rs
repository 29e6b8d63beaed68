//! Sites, each with its own unit.

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::ids::SiteId;
use guichet_domain::reference::Site;
use guichet_domain::text::Name;
use guichet_store::SiteInput;

use super::require_admin;
use crate::{Context, ServiceResult};

/// A site.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteBody {
    /// Unique name, e.g. `IN2P3-CC`.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// National grid initiative.
    pub ngi: Option<String>,
}

/// Validates a site.
fn site_input(body: SiteBody) -> ServiceResult<SiteInput> {
    Ok(SiteInput {
        name: Name::parse("name", &body.name)?.into_string(),
        ngi: body
            .ngi
            .as_deref()
            .map(|n| Name::parse("ngi", n))
            .transpose()?
            .map(Name::into_string),
    })
}

/// All sites, by name.
pub async fn list_sites(ctx: &Context) -> ServiceResult<Vec<Site>> {
    Ok(ctx.store().sites().await?)
}

/// One site.
pub async fn get_site(ctx: &Context, id: SiteId) -> ServiceResult<Site> {
    Ok(ctx.store().site(id).await?)
}

/// Creates a site and its unit (administrators).
pub async fn create_site(ctx: &Context, actor: &Actor, body: SiteBody) -> ServiceResult<Site> {
    require_admin(actor)?;
    Ok(ctx.store().create_site(site_input(body)?).await?)
}

/// Renames a site; its unit follows (administrators).
pub async fn update_site(ctx: &Context, actor: &Actor, id: SiteId, body: SiteBody) -> ServiceResult<Site> {
    require_admin(actor)?;
    Ok(ctx.store().update_site(id, site_input(body)?).await?)
}

/// Deletes a site no ticket refers to, and its unit (administrators).
pub async fn delete_site(ctx: &Context, actor: &Actor, id: SiteId) -> ServiceResult<()> {
    require_admin(actor)?;
    Ok(ctx.store().delete_site(id).await?)
}
