//! `/rota/swaps`: the swap proposals, open ones first, with the decisions
//! the visitor may take (accept or decline for the site asked, withdraw
//! for the proposing site), and the form to propose one. A refused
//! proposal or decision shows the page again with the reason.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;

use guichet_domain::ids::{SiteId, SwapId};
use guichet_service::Actor;
use guichet_service::admin::sites::list_sites;
use guichet_service::rota::{Decision, SwapBody, SwapView, decide_swap, list_swaps, may_act_for, propose_swap};

use super::{refusal, sender, supporter};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::layout::{Layout, render};
use crate::pages::admin::Fields;
use crate::pages::tickets::{Choice, choices};
use crate::visit::Visit;

/// A proposal, with what the visitor may do with it.
struct Line {
    swap: SwapView,
    state: String,
    may_answer: bool,
    may_withdraw: bool,
}

/// The propose form's values, kept as typed.
#[derive(Default)]
struct Draft {
    site: String,
    week: String,
    other_site: String,
    other_week: String,
    note: String,
}

#[derive(Template)]
#[template(path = "rota/swaps.html")]
struct SwapsPage<'a> {
    layout: Layout<'a>,
    lines: Vec<Line>,
    own_sites: Vec<Choice>,
    other_sites: Vec<Choice>,
    draft: Draft,
    error: Option<String>,
}

/// `GET /rota/swaps`.
pub async fn list(State(state): State<WebState>, visit: Visit) -> Response {
    let outcome = match supporter(&visit) {
        Ok(actor) => page(&state, &visit, &actor, Draft::default(), None).await,
        Err(error) => Err(error),
    };
    respond(&state, &visit, outcome)
}

async fn page(state: &WebState, visit: &Visit, actor: &Actor, draft: Draft, error: Option<String>) -> WebResult {
    let tr = visit.tr(state);
    let mut swaps = list_swaps(&state.ctx, actor, false).await?;
    swaps.sort_by_key(|s| !s.state.is_open());
    let mut lines = Vec::new();
    for swap in swaps {
        let open = swap.state.is_open();
        lines.push(Line {
            state: tr.t(&format!("rota-swap-state-{}", swap.state.as_str())),
            may_answer: open && may_act_for(&state.ctx, actor, swap.other_site.id).await?,
            may_withdraw: open && may_act_for(&state.ctx, actor, swap.site.id).await?,
            swap,
        });
    }
    let sites = list_sites(&state.ctx).await?;
    let mut own = Vec::new();
    for site in &sites {
        if may_act_for(&state.ctx, actor, site.id).await? {
            own.push((site.id.to_string(), site.name.clone()));
        }
    }
    let all = sites.iter().map(|s| (s.id.to_string(), s.name.clone())).collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = SwapsPage {
        layout: Layout::new(state, visit, "rota-swaps-title"),
        lines,
        own_sites: choices(own, &draft.site, None),
        other_sites: choices(all, &draft.other_site, None),
        draft,
        error,
    };
    Ok(render(state, visit, status, &page))
}

/// The date typed in `name`, if it is one; `Err` names a bad one.
fn date(form: &Fields, name: &str) -> Result<Option<NaiveDate>, ()> {
    match form.text(name).trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| ()),
    }
}

/// The proposal the form describes, or why it describes none.
fn body(form: &Fields) -> Result<SwapBody, &'static str> {
    let site = |name| form.text(name).parse().map(SiteId).map_err(|_| "rota-choose-site");
    let (site, other_site) = (site("site")?, site("other_site")?);
    let week = date(form, "week")
        .map_err(|()| "rota-invalid-date")?
        .ok_or("rota-invalid-date")?;
    let other_week = date(form, "other_week").map_err(|()| "rota-invalid-date")?;
    let note = Some(form.owned("note")).filter(|n| !n.trim().is_empty());
    Ok(SwapBody {
        site,
        week,
        other_site,
        other_week,
        note,
    })
}

/// `POST /rota/swaps`: proposes a swap.
pub async fn propose(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome = proposed(&state, &visit, &headers, &form).await;
    respond(&state, &visit, outcome)
}

async fn proposed(state: &WebState, visit: &Visit, headers: &HeaderMap, form: &Fields) -> WebResult {
    let actor = sender(visit, headers, form)?;
    supporter(visit)?;
    let tr = visit.tr(state);
    let draft = Draft {
        site: form.owned("site"),
        week: form.owned("week"),
        other_site: form.owned("other_site"),
        other_week: form.owned("other_week"),
        note: form.owned("note"),
    };
    let outcome = match body(form) {
        Ok(body) => propose_swap(&state.ctx, &actor, body).await,
        Err(id) => return page(state, visit, &actor, draft, Some(tr.t(id))).await,
    };
    match outcome {
        Ok(_) => Ok(Redirect::to("/rota/swaps").into_response()),
        Err(error) => {
            let reason = tr.t1("rota-swap-refused", "reason", refusal(error)?);
            page(state, visit, &actor, draft, Some(reason)).await
        }
    }
}

/// `POST /rota/swaps/{id}/{decision}`: accepts, declines or withdraws.
pub async fn decide(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path((id, decision)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = Fields::from(pairs);
    let outcome = decided(&state, &visit, &headers, &form, &id, &decision).await;
    respond(&state, &visit, outcome)
}

async fn decided(
    state: &WebState,
    visit: &Visit,
    headers: &HeaderMap,
    form: &Fields,
    id: &str,
    decision: &str,
) -> WebResult {
    let actor = sender(visit, headers, form)?;
    let id = SwapId(id.parse().map_err(|_| WebError::NotFound)?);
    let decision = Decision::parse(decision).map_err(|_| WebError::NotFound)?;
    match decide_swap(&state.ctx, &actor, id, decision).await {
        Ok(_) => Ok(Redirect::to("/rota/swaps").into_response()),
        Err(error) => {
            let reason = visit.tr(state).t1("rota-swap-refused", "reason", refusal(error)?);
            page(state, visit, &actor, Draft::default(), Some(reason)).await
        }
    }
}
