//! `/api/v1/sites/{id}/feeds` and `/api/v1/me/feeds`: the secret
//! addresses of the rota's iCalendar feeds, per site and per person. The
//! feeds themselves are served by the web channel, at the `path` given.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::{FeedId, SiteId};
use guichet_service::rota::{FeedOwner, FeedView, NewFeed, create_feed, list_feeds, revoke_feed};
use guichet_service::{User, actor_of};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;

async fn listed(state: &AppState, user: &User, owner: FeedOwner) -> ApiResult<Json<Vec<FeedView>>> {
    let feeds = list_feeds(&state.ctx, &actor_of(user), owner).await?;
    Ok(Json(feeds.into_iter().map(FeedView::from).collect()))
}

async fn created(state: &AppState, user: &User, owner: FeedOwner) -> ApiResult<(StatusCode, Json<NewFeed>)> {
    let feed = create_feed(&state.ctx, &actor_of(user), owner).await?;
    Ok((StatusCode::CREATED, Json(feed)))
}

async fn revoked(state: &AppState, user: &User, owner: FeedOwner, id: i64) -> ApiResult<StatusCode> {
    revoke_feed(&state.ctx, &actor_of(user), owner, FeedId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The site's feeds, newest first, revoked ones too (its people or a
/// coordinator).
#[utoipa::path(get, path = "/api/v1/sites/{id}/feeds", tag = "rota", params(("id" = i64, Path)),
    responses((status = 200, body = [FeedView]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn site_list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<FeedView>>> {
    listed(&state, &user, FeedOwner::Site(SiteId(id))).await
}

/// Makes a feed of the site's shifts: its secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/sites/{id}/feeds", tag = "rota", params(("id" = i64, Path)),
    responses((status = 201, body = NewFeed), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn site_create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<NewFeed>)> {
    created(&state, &user, FeedOwner::Site(SiteId(id))).await
}

/// Revokes one of the site's feeds: its address answers 404 from now on.
#[utoipa::path(delete, path = "/api/v1/sites/{id}/feeds/{feed_id}", tag = "rota",
    params(("id" = i64, Path), ("feed_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn site_revoke(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath((id, feed_id)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    revoked(&state, &user, FeedOwner::Site(SiteId(id)), feed_id).await
}

/// The caller's own feeds (the shifts of the sites they are shift
/// contact of), newest first, revoked ones too.
#[utoipa::path(get, path = "/api/v1/me/feeds", tag = "me",
    responses((status = 200, body = [FeedView]), (status = 401, body = ErrorBody)))]
pub async fn my_list(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> ApiResult<Json<Vec<FeedView>>> {
    let owner = FeedOwner::Person(user.id);
    listed(&state, &user, owner).await
}

/// Makes a feed of the caller's shifts: its secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/me/feeds", tag = "me",
    responses((status = 201, body = NewFeed), (status = 401, body = ErrorBody)))]
pub async fn my_create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> ApiResult<(StatusCode, Json<NewFeed>)> {
    let owner = FeedOwner::Person(user.id);
    created(&state, &user, owner).await
}

/// Revokes one of the caller's feeds.
#[utoipa::path(delete, path = "/api/v1/me/feeds/{feed_id}", tag = "me", params(("feed_id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn my_revoke(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(feed_id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let owner = FeedOwner::Person(user.id);
    revoked(&state, &user, owner, feed_id).await
}
