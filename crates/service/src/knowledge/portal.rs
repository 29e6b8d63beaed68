//! The portal's links (FAQs, forums, documentation elsewhere): everyone
//! reads them, administrators manage them.

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::ids::PortalLinkId;
use guichet_domain::knowledge::{Bilingual, PortalLink, PortalLinkKind, parse_url};
use guichet_store::PortalLinkInput;

use crate::admin::require_admin;
use crate::{Context, ServiceResult};

/// A portal link as written.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PortalLinkBody {
    /// `faq`, `forum`, `documentation` or `other`.
    #[schema(example = "forum")]
    pub kind: String,
    /// `http(s)://…`, or a path of this site from `/`.
    pub url: String,
    /// The English label; at least one label is needed.
    #[serde(default)]
    pub label_en: String,
    /// The French label.
    #[serde(default)]
    pub label_fr: String,
    /// Its place in the list, smallest first; 0 if absent.
    #[serde(default)]
    pub position: i64,
}

impl PortalLinkBody {
    fn input(&self) -> ServiceResult<PortalLinkInput> {
        Ok(PortalLinkInput {
            kind: PortalLinkKind::parse(self.kind.trim())?,
            url: parse_url(&self.url)?,
            label: Bilingual::labels("label", ("label_en", &self.label_en), ("label_fr", &self.label_fr))?,
            position: self.position,
        })
    }
}

/// The portal's links, by position.
pub async fn list_portal_links(ctx: &Context) -> ServiceResult<Vec<PortalLink>> {
    Ok(ctx.store().portal_links().await?)
}

/// One portal link.
pub async fn get_portal_link(ctx: &Context, id: PortalLinkId) -> ServiceResult<PortalLink> {
    Ok(ctx.store().portal_link(id).await?)
}

/// Adds a portal link (administrators).
pub async fn create_portal_link(ctx: &Context, actor: &Actor, body: &PortalLinkBody) -> ServiceResult<PortalLink> {
    require_admin(actor)?;
    let input = body.input()?;
    Ok(ctx.store().create_portal_link(input).await?)
}

/// Replaces a portal link (administrators).
pub async fn update_portal_link(
    ctx: &Context,
    actor: &Actor,
    id: PortalLinkId,
    body: &PortalLinkBody,
) -> ServiceResult<PortalLink> {
    require_admin(actor)?;
    let input = body.input()?;
    Ok(ctx.store().update_portal_link(id, input).await?)
}

/// Removes a portal link and the citations of it (administrators).
pub async fn delete_portal_link(ctx: &Context, actor: &Actor, id: PortalLinkId) -> ServiceResult<()> {
    require_admin(actor)?;
    Ok(ctx.store().delete_portal_link(id).await?)
}
