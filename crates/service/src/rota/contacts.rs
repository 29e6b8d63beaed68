//! A site's blackout dates and its shift contacts, which its own people
//! and the coordinators keep.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use guichet_domain::ids::{SiteId, UserId};
use guichet_store::ShiftContact;

use super::access::{require_site_or_coordinator, require_supporter};
use crate::{Actor, Context, ServiceError, ServiceResult};

/// The most blackout dates a site keeps.
pub const MAX_BLACKOUTS: usize = 366;

/// The blackout dates of `site`, in order.
pub async fn site_blackouts(ctx: &Context, actor: &Actor, site: SiteId) -> ServiceResult<Vec<NaiveDate>> {
    require_supporter(actor)?;
    ctx.store().site(site).await?;
    let stored = ctx.store().blackouts(Some(site)).await?;
    Ok(stored.into_iter().map(|(_, day)| day).collect())
}

/// Replaces the blackout dates of `site`: each blacks out its week.
pub async fn set_blackouts(ctx: &Context, actor: &Actor, site: SiteId, dates: Vec<NaiveDate>) -> ServiceResult<()> {
    require_site_or_coordinator(ctx, actor, site, "change its blackout weeks").await?;
    if dates.len() > MAX_BLACKOUTS {
        return Err(ServiceError::invalid(
            "blackouts",
            format!("at most {MAX_BLACKOUTS} dates"),
        ));
    }
    Ok(ctx.store().set_blackouts(site, &dates).await?)
}

/// A shift contact, as given.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
pub struct ContactBody {
    /// The person: a member of the site's unit.
    #[schema(value_type = i64)]
    pub user: UserId,
    /// Away until this date, included.
    #[serde(default)]
    pub away_until: Option<NaiveDate>,
}

/// A shift contact, with their name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactView {
    /// The person.
    #[schema(value_type = i64)]
    pub user: UserId,
    /// Their name.
    pub name: String,
    /// Their address.
    pub email: String,
    /// Away until this date, included.
    pub away_until: Option<NaiveDate>,
    /// Whether their account is disabled.
    pub disabled: bool,
}

/// The shift contacts of `site`.
pub async fn site_shift_contacts(ctx: &Context, actor: &Actor, site: SiteId) -> ServiceResult<Vec<ContactView>> {
    require_supporter(actor)?;
    ctx.store().site(site).await?;
    let mut found = Vec::new();
    for contact in ctx.store().shift_contacts(Some(site)).await? {
        let user = ctx.store().user(contact.user).await?;
        found.push(ContactView {
            user: user.id,
            name: user.name,
            email: user.email,
            away_until: contact.away_until,
            disabled: user.disabled,
        });
    }
    Ok(found)
}

/// Replaces the shift contacts of `site`; each must be a member of the
/// site's unit.
pub async fn set_shift_contacts(
    ctx: &Context,
    actor: &Actor,
    site: SiteId,
    contacts: Vec<ContactBody>,
) -> ServiceResult<()> {
    require_site_or_coordinator(ctx, actor, site, "change its shift contacts").await?;
    let unit = ctx.store().unit(ctx.store().site(site).await?.unit).await?;
    if let Some(stranger) = contacts.iter().find(|c| !unit.members.contains(&c.user)) {
        return Err(ServiceError::invalid(
            "contacts",
            format!(
                "user {} is not a member of the site's unit {}",
                stranger.user, unit.name
            ),
        ));
    }
    let contacts: Vec<ShiftContact> = contacts
        .iter()
        .map(|c| ShiftContact {
            site,
            user: c.user,
            away_until: c.away_until,
        })
        .collect();
    Ok(ctx.store().set_shift_contacts(site, &contacts).await?)
}

/// The members of `site`'s unit, who may be its shift contacts (for the
/// forms that choose them).
pub async fn site_members(ctx: &Context, actor: &Actor, site: SiteId) -> ServiceResult<Vec<super::DutyPerson>> {
    require_supporter(actor)?;
    let unit = ctx.store().unit(ctx.store().site(site).await?.unit).await?;
    let mut members = Vec::new();
    for id in unit.members {
        let user = ctx.store().user(id).await?;
        members.push(super::DutyPerson {
            id: user.id,
            name: user.name,
            email: user.email,
        });
    }
    Ok(members)
}
