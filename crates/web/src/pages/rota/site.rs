//! `/sites/{id}`: a site's page for supporters: its next shifts (role,
//! week, the other site), its shift contacts and blackout dates, which
//! its people and coordinators edit here, and its calendar feeds.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;

use guichet_domain::ids::{SiteId, UserId};
use guichet_service::admin::sites::get_site;
use guichet_service::rota::{
    ContactBody, ContactView, DutyPerson, FeedOwner, SiteShift, may_act_for, set_blackouts, set_shift_contacts,
    site_blackouts, site_members, site_next_shifts, site_shift_contacts,
};
use guichet_service::{Actor, ServiceResult};

use super::feeds::FeedsPart;
use super::{refusal, sender, supporter};
use crate::WebState;
use crate::error::{WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::admin::{Fields, path_id};
use crate::visit::Visit;

/// How many of its next shifts a site's page shows.
const NEXT_SHIFTS: usize = 12;

/// What a site page shows besides the site: a feed just made, a notice,
/// or a refused form's reason.
#[derive(Default)]
pub struct Shown {
    /// The address of a feed just made.
    pub new_feed: Option<String>,
    /// A confirmation, translated.
    pub notice: Option<String>,
    /// Why a form was refused.
    pub error: Option<String>,
}

/// A unit member in the contacts form.
struct Member {
    person: DutyPerson,
    contact: Option<ContactView>,
}

#[derive(Template)]
#[template(path = "rota/site.html")]
struct SitePage<'a> {
    layout: Layout<'a>,
    site: SiteId,
    shifts: Vec<(SiteShift, String)>,
    contacts: Vec<ContactView>,
    blackouts: Vec<NaiveDate>,
    members: Vec<Member>,
    editable: bool,
    feeds: Option<FeedsPart>,
    error: Option<String>,
}

/// The page of `site`, with `shown`.
pub async fn page(state: &WebState, visit: &Visit, actor: &Actor, site: SiteId, shown: Shown) -> WebResult {
    let ctx = &state.ctx;
    let found = get_site(ctx, site).await?;
    let tr = visit.tr(state);
    let shifts = site_next_shifts(ctx, actor, site, NEXT_SHIFTS)
        .await?
        .into_iter()
        .map(|s| {
            let role = tr.t(&format!("rota-role-{}", s.role.as_str()));
            (s, role)
        })
        .collect();
    let contacts = site_shift_contacts(ctx, actor, site).await?;
    let editable = may_act_for(ctx, actor, site).await?;
    let (members, feeds) = if editable {
        let members = site_members(ctx, actor, site)
            .await?
            .into_iter()
            .map(|person| Member {
                contact: contacts.iter().find(|c| c.user == person.id).cloned(),
                person,
            })
            .collect();
        let action = format!("/sites/{site}/feeds");
        let feeds = FeedsPart::load(state, &tr, actor, FeedOwner::Site(site), action, shown.new_feed).await?;
        (members, Some(feeds))
    } else {
        (Vec::new(), None)
    };
    let mut layout = Layout::with_title(state, visit, found.name);
    layout.notice = shown.notice;
    let status = if shown.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = SitePage {
        layout,
        site,
        shifts,
        blackouts: site_blackouts(ctx, actor, site).await?,
        contacts,
        members,
        editable,
        feeds,
        error: shown.error,
    };
    Ok(render(state, visit, status, &page))
}

/// `GET /sites/{id}`.
pub async fn show(
    State(state): State<WebState>,
    visit: Visit,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let outcome = async {
        let actor = supporter(&visit)?;
        let site = SiteId(path_id(&id)?);
        let tr = visit.tr(&state);
        let notice = query
            .get("done")
            .filter(|d| ["saved", "revoked"].contains(&d.as_str()))
            .map(|d| tr.t(&format!("rota-done-{d}")));
        page(
            &state,
            &visit,
            &actor,
            site,
            Shown {
                notice,
                ..Shown::default()
            },
        )
        .await
    }
    .await;
    respond(&state, &visit, outcome)
}

/// The dates of a text, one per line (or separated by spaces or commas);
/// `Err` quotes the first that is no date.
fn dates(text: &str) -> Result<Vec<NaiveDate>, String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|d| !d.is_empty())
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| d.to_owned()))
        .collect()
}

/// After a site form: back to the site's page if `saved` went through;
/// else the page again with the reason: a date the form gave that is
/// none (`Err`), or the use case's refusal.
async fn saved_or_shown(
    state: &WebState,
    visit: &Visit,
    actor: &Actor,
    site: SiteId,
    saved: Result<ServiceResult<()>, String>,
) -> WebResult {
    let error = match saved {
        Ok(Ok(())) => return Ok(Redirect::to(&format!("/sites/{site}?done=saved")).into_response()),
        Ok(Err(error)) => refusal(error)?,
        Err(bad) => visit.tr(state).t1("rota-not-a-date", "date", bad),
    };
    let shown = Shown {
        error: Some(error),
        ..Shown::default()
    };
    page(state, visit, actor, site, shown).await
}

/// `POST /sites/{id}/blackouts`: replaces the site's blackout dates.
pub async fn blackouts(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let site = SiteId(path_id(&id)?);
        let saved = match dates(form.text("dates")) {
            Err(bad) => Err(bad),
            Ok(days) => Ok(set_blackouts(&state.ctx, &actor, site, days).await),
        };
        saved_or_shown(&state, &visit, &actor, site, saved).await
    }
    .await;
    respond(&state, &visit, outcome)
}

/// The contacts the form ticks, each with their away date; `Err` quotes
/// a date that is none.
fn contact_bodies(form: &Fields) -> Result<Vec<ContactBody>, String> {
    let mut bodies = Vec::new();
    for raw in form.all("contact") {
        let Ok(id) = raw.parse::<i64>() else { continue };
        let away = form.text(&format!("away_{id}")).trim();
        let away_until = match away {
            "" => None,
            text => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| text.to_owned())?),
        };
        bodies.push(ContactBody {
            user: UserId(id),
            away_until,
        });
    }
    Ok(bodies)
}

/// `POST /sites/{id}/contacts`: replaces the site's shift contacts.
pub async fn contacts(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome = async {
        let actor = sender(&visit, &headers, &form)?;
        let site = SiteId(path_id(&id)?);
        let saved = match contact_bodies(&form) {
            Err(bad) => Err(bad),
            Ok(bodies) => Ok(set_shift_contacts(&state.ctx, &actor, site, bodies).await),
        };
        saved_or_shown(&state, &visit, &actor, site, saved).await
    }
    .await;
    respond(&state, &visit, outcome)
}
