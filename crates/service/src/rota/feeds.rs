//! Calendar feeds of the rota (iCalendar, RFC 5545), per site and per
//! person, behind a secret address: the secret is shown once, stored as
//! its SHA-256, and a revoked or unknown secret is not found.

use chrono::{DateTime, Days, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::ids::{FeedId, UserId};
use guichet_domain::rota::{Feed, FeedEvent, ical};
use guichet_store::{FeedOwner, StoredFeed};

use super::access::{coordinates, require_site_or_coordinator};
use super::load::{handover, site_names};
use crate::auth::{random_bytes, token_hash};
use crate::{Actor, Context, ServiceError, ServiceResult};

/// A feed just made: its secret is shown this once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NewFeed {
    /// Identity, to revoke it.
    #[schema(value_type = i64)]
    pub id: FeedId,
    /// The secret of its address.
    pub secret: String,
    /// Its address, under the helpdesk's base URL.
    pub path: String,
}

/// A feed as listed: never its secret, which was shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FeedView {
    /// Identity, to revoke it.
    #[schema(value_type = i64)]
    pub id: FeedId,
    /// Who made it.
    #[schema(value_type = i64)]
    pub created_by: UserId,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was: its address then answers 404.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<StoredFeed> for FeedView {
    fn from(feed: StoredFeed) -> Self {
        Self {
            id: feed.id,
            created_by: feed.created_by,
            created_at: feed.created_at,
            revoked_at: feed.revoked_at,
        }
    }
}

/// The path of the feed of `secret`.
pub fn feed_path(secret: &str) -> String {
    format!("/rota/feeds/{secret}.ics")
}

async fn require_owner(ctx: &Context, actor: &Actor, owner: FeedOwner) -> ServiceResult<()> {
    match owner {
        FeedOwner::Site(site) => require_site_or_coordinator(ctx, actor, site, "manage its calendar feeds").await,
        FeedOwner::Person(user) if actor.user_id() == Some(user) || coordinates(actor) => Ok(()),
        FeedOwner::Person(_) => Err(ServiceError::Forbidden("a person's feeds are their own".into())),
    }
}

/// Makes a feed of `owner`'s shifts.
pub async fn create_feed(ctx: &Context, actor: &Actor, owner: FeedOwner) -> ServiceResult<NewFeed> {
    require_owner(ctx, actor, owner).await?;
    let Some(by) = actor.user_id() else {
        return Err(ServiceError::Forbidden("a feed is made by a person".into()));
    };
    let secret = hex::encode(random_bytes::<24>());
    let feed = ctx
        .store()
        .create_feed(&token_hash(&secret), owner, by, ctx.now())
        .await?;
    Ok(NewFeed {
        id: feed.id,
        path: feed_path(&secret),
        secret,
    })
}

/// The feeds of `owner`, newest first (revoked ones too).
pub async fn list_feeds(ctx: &Context, actor: &Actor, owner: FeedOwner) -> ServiceResult<Vec<StoredFeed>> {
    require_owner(ctx, actor, owner).await?;
    Ok(ctx.store().feeds(owner).await?)
}

/// Revokes feed `id` of `owner`: its address answers 404 from now on.
pub async fn revoke_feed(ctx: &Context, actor: &Actor, owner: FeedOwner, id: FeedId) -> ServiceResult<()> {
    require_owner(ctx, actor, owner).await?;
    let feeds = ctx.store().feeds(owner).await?;
    if !feeds.iter().any(|f| f.id == id) {
        return Err(ServiceError::NotFound("feed"));
    }
    ctx.store().revoke_feed(id, ctx.now()).await?;
    Ok(())
}

/// The iCalendar text of the feed of `secret`: its owner's shifts from a
/// year back to two years ahead. `NotFound("feed")` for an unknown or
/// revoked secret. `domain` makes the events' UIDs unique.
pub async fn feed_calendar(ctx: &Context, secret: &str, domain: &str) -> ServiceResult<String> {
    let feed = ctx
        .store()
        .feed_by_secret(&token_hash(secret))
        .await?
        .filter(|f| f.revoked_at.is_none())
        .ok_or(ServiceError::NotFound("feed"))?;
    let sites = ctx.store().sites().await?;
    let (name, of_sites) = match feed.owner {
        FeedOwner::Site(site) => (site_names(&sites)(site), vec![site]),
        FeedOwner::Person(user) => {
            let person = ctx.store().user(user).await?;
            let contacts = ctx.store().shift_contacts(None).await?;
            let of: Vec<_> = contacts.iter().filter(|c| c.user == user).map(|c| c.site).collect();
            (format!("{} — first-level shifts", person.name), of)
        }
    };
    let handover = handover(ctx).await?;
    let this_week = handover.week_at(ctx.now()).start();
    let from = this_week - Days::new(7 * 53);
    let until = this_week + Days::new(7 * 106);
    let shifts = ctx.store().rota_shifts(from, until).await?;
    let mut events: Vec<FeedEvent> = shifts
        .iter()
        .flat_map(|s| {
            of_sites.iter().filter_map(move |site| {
                s.shift.role_of(*site).map(|role| FeedEvent {
                    week: s.shift.week_start,
                    site: *site,
                    role,
                })
            })
        })
        .collect();
    events.sort_by_key(|e| (e.week, e.role, e.site));
    let feed = Feed {
        name: &name,
        domain,
        handover,
        stamp: ctx.now(),
    };
    Ok(ical::render(&feed, &events, site_names(&sites)))
}
