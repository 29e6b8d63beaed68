//! Making and revoking calendar feeds: a site's (on its page, for its
//! people and coordinators) and a person's own (on the preferences page).
//! A new feed's secret address is shown once, on the page that made it.

use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use guichet_domain::ids::{FeedId, SiteId};
use guichet_service::rota::{FeedOwner, create_feed, list_feeds, revoke_feed};
use guichet_service::{Actor, ServiceResult};

use super::sender;
use super::site::{self, Shown};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::Tr;
use crate::pages::admin::{Fields, path_id};
use crate::pages::preferences;
use crate::visit::Visit;

/// A feed in the list.
pub struct FeedRow {
    /// Identity, to revoke it.
    pub id: FeedId,
    /// When it was made, for the visitor.
    pub created: String,
    /// When it was revoked, if it was.
    pub revoked: Option<String>,
}

/// The feeds part of a page: the list, the address just made, and where
/// the forms post.
pub struct FeedsPart {
    /// The owner's feeds, newest first.
    pub rows: Vec<FeedRow>,
    /// The address of the feed just made, shown this once.
    pub new_url: Option<String>,
    /// The path the forms post to (`…/feeds`).
    pub action: String,
}

impl FeedsPart {
    /// The feeds of `owner`, posting to `action`.
    pub async fn load(
        state: &WebState,
        tr: &Tr<'_>,
        actor: &Actor,
        owner: FeedOwner,
        action: String,
        new_url: Option<String>,
    ) -> ServiceResult<Self> {
        let rows = list_feeds(&state.ctx, actor, owner)
            .await?
            .into_iter()
            .map(|f| FeedRow {
                id: f.id,
                created: tr.moment(f.created_at),
                revoked: f.revoked_at.map(|at| tr.moment(at)),
            })
            .collect();
        Ok(Self { rows, new_url, action })
    }
}

/// The address people give their calendar: under the public address when
/// the deployment has one.
fn full_url(state: &WebState, path: &str) -> String {
    let base = state.config.public_url.as_deref().unwrap_or("");
    format!("{}{path}", base.trim_end_matches('/'))
}

fn site_of(raw: &str) -> Result<SiteId, WebError> {
    path_id(raw).map(SiteId)
}

fn feed_of(raw: &str) -> Result<FeedId, WebError> {
    path_id(raw).map(FeedId)
}

/// `POST /sites/{id}/feeds`: makes a feed of the site's shifts.
pub async fn create_site(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let site = site_of(&id)?;
        let feed = create_feed(&state.ctx, &actor, FeedOwner::Site(site)).await?;
        let shown = Shown {
            new_feed: Some(full_url(&state, &feed.path)),
            ..Shown::default()
        };
        site::page(&state, &visit, &actor, site, shown).await
    }
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /sites/{id}/feeds/{feed}/revoke`.
pub async fn revoke_site(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path((id, feed)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let site = site_of(&id)?;
        revoke_feed(&state.ctx, &actor, FeedOwner::Site(site), feed_of(&feed)?).await?;
        Ok(Redirect::to(&format!("/sites/{site}?done=revoked")).into_response())
    }
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /preferences/feeds`: makes a feed of the visitor's own shifts.
pub async fn create_mine(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome: WebResult = async {
        let actor = sender(&visit, &headers, &form)?;
        let me = actor.user_id().ok_or(WebError::SignInNeeded)?;
        let feed = create_feed(&state.ctx, &actor, FeedOwner::Person(me)).await?;
        preferences::with_new_feed(&state, &visit, full_url(&state, &feed.path)).await
    }
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /preferences/feeds/{feed}/revoke`.
pub async fn revoke_mine(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(feed): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome: WebResult = async {
        let actor = sender(&visit, &headers, &form)?;
        let me = actor.user_id().ok_or(WebError::SignInNeeded)?;
        revoke_feed(&state.ctx, &actor, FeedOwner::Person(me), feed_of(&feed)?).await?;
        Ok(Redirect::to("/preferences").into_response())
    }
    .await;
    respond(&state, &visit, outcome)
}
