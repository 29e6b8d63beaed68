//! Who may change what in the rota: coordinators and administrators
//! anything; a site's people (members of its unit, or its shift
//! contacts) their own site's shifts, blackouts, contacts and feeds.

use guichet_domain::ids::SiteId;
use guichet_domain::role::Role;

use crate::{Actor, Context, ServiceError, ServiceResult};

/// Whether `actor` coordinates the rota: a coordinator, an administrator
/// or the system.
pub(crate) fn coordinates(actor: &Actor) -> bool {
    matches!(actor.role(), Role::Coordinator | Role::Admin)
}

/// Refuses anyone who does not coordinate the rota.
pub(crate) fn require_coordinator(actor: &Actor, what: &str) -> ServiceResult<()> {
    if coordinates(actor) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(format!("only coordinators may {what}")))
    }
}

/// Whether `actor` speaks for `site`: a member of its unit or one of its
/// shift contacts.
pub(crate) async fn speaks_for(ctx: &Context, actor: &Actor, site: SiteId) -> ServiceResult<bool> {
    let Some(user) = actor.user_id() else {
        return Ok(actor.is_system());
    };
    let site = ctx.store().site(site).await?;
    let unit = ctx.store().unit(site.unit).await?;
    if unit.members.contains(&user) {
        return Ok(true);
    }
    let contacts = ctx.store().shift_contacts(Some(site.id)).await?;
    Ok(contacts.iter().any(|c| c.user == user))
}

/// Whether `actor` may act for `site` in the rota (propose and decide its
/// swaps, keep its blackouts, contacts and feeds): a coordinator or one of
/// the site's people. Pages ask it to offer only the forms that will work.
pub async fn may_act_for(ctx: &Context, actor: &Actor, site: SiteId) -> ServiceResult<bool> {
    Ok(coordinates(actor) || speaks_for(ctx, actor, site).await?)
}

/// Refuses anyone who neither coordinates nor speaks for `site`.
pub(crate) async fn require_site_or_coordinator(
    ctx: &Context,
    actor: &Actor,
    site: SiteId,
    what: &str,
) -> ServiceResult<()> {
    if may_act_for(ctx, actor, site).await? {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(format!(
            "only the site's people or a coordinator may {what}"
        )))
    }
}

/// Refuses requesters: the rota is for supporters.
pub(crate) fn require_supporter(actor: &Actor) -> ServiceResult<()> {
    if actor.role().is_supporter() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden("the rota is shown to supporters".into()))
    }
}
