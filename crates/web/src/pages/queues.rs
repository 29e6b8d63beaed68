//! The queues, for supporters: `/queues` lists them (the visitor's own
//! units first), `/queues/first-level` is first-level support's queue of
//! unrouted tickets, `/queues/{unit}` any unit's. A queue holds the open
//! tickets, oldest first; it sorts by opening or by last change, either
//! way, and shows one status if asked.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_domain::ids::UnitId;
use guichet_domain::reference::{Unit, UnitKind};
use guichet_domain::status::Status;
use guichet_service::admin::units::list_units;
use guichet_service::rota::{ShiftView, on_shift_view};
use guichet_service::tickets::queues::{Queue, QueueRequest, first_level_queue, open_statuses, unit_queue};
use guichet_service::{PageRequest, TicketOrder};

use super::tickets::mine::PER_PAGE;
use super::tickets::{Choice, Row, choices, total};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::visit::Visit;

#[derive(Template)]
#[template(path = "queues/index.html")]
struct QueueIndex<'a> {
    layout: Layout<'a>,
    groups: Vec<(String, Vec<Unit>)>,
}

/// `GET /queues`: every queue, grouped; the visitor's units first.
pub async fn index(State(state): State<WebState>, visit: Visit) -> Response {
    let outcome = async {
        let (Some(viewer), Some(_)) = (&visit.viewer, visit.actor()) else {
            return Err(WebError::SignInNeeded);
        };
        if !viewer.role.is_supporter() {
            return Err(WebError::Forbidden);
        }
        let units = list_units(&state.ctx).await?;
        let layout = Layout::new(&state, &visit, "queues-title");
        let tr = layout.tr;
        let mine: Vec<Unit> = units
            .iter()
            .filter(|u| u.members.contains(&viewer.id))
            .cloned()
            .collect();
        let of_kind = |kind: UnitKind| units.iter().filter(|u| u.kind == kind).cloned().collect::<Vec<_>>();
        let groups = [
            (tr.t("queues-mine"), mine),
            (tr.t("queues-expertise"), of_kind(UnitKind::Expertise)),
            (tr.t("queues-sites"), of_kind(UnitKind::Site)),
        ]
        .into_iter()
        .filter(|(_, units)| !units.is_empty())
        .collect();
        Ok(render(&state, &visit, StatusCode::OK, &QueueIndex { layout, groups }))
    };
    let outcome = outcome.await;
    respond(&state, &visit, outcome)
}

#[derive(Template)]
#[template(path = "queues/show.html")]
struct QueuePage<'a> {
    layout: Layout<'a>,
    rows: Vec<Row>,
    total: String,
    page: u32,
    path: String,
    statuses: Vec<Choice>,
    orders: Vec<Choice>,
    previous: Option<String>,
    next: Option<String>,
    on_shift: Option<Vec<(String, Option<ShiftView>)>>,
}

/// `GET /queues/first-level`: the tickets nobody routed yet.
pub async fn first_level(
    State(state): State<WebState>,
    visit: Visit,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = queue_page(&state, &visit, &params, None).await;
    respond(&state, &visit, outcome)
}

/// `GET /queues/{unit}`: one unit's open tickets.
pub async fn unit(
    State(state): State<WebState>,
    visit: Visit,
    Path(unit): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let outcome = match unit.parse::<i64>() {
        Ok(id) => queue_page(&state, &visit, &params, Some(UnitId(id))).await,
        Err(_) => Err(WebError::NotFound),
    };
    respond(&state, &visit, outcome)
}

/// What the query string asks: a status, an order, a page.
fn request(params: &HashMap<String, String>) -> QueueRequest {
    let page = params
        .get("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p > 0)
        .unwrap_or(1);
    QueueRequest {
        status: params.get("status").and_then(|s| Status::parse(s).ok()),
        order: params
            .get("order")
            .and_then(|o| TicketOrder::parse(o))
            .unwrap_or(TicketOrder::Oldest),
        page: PageRequest {
            page,
            per_page: PER_PAGE,
        },
    }
}

async fn queue_page(
    state: &WebState,
    visit: &Visit,
    params: &HashMap<String, String>,
    unit: Option<UnitId>,
) -> WebResult {
    let Some(actor) = visit.actor() else {
        return Err(WebError::SignInNeeded);
    };
    let asked = request(params);
    let queue = match unit {
        Some(unit) => unit_queue(&state.ctx, &actor, unit, asked.clone()).await?,
        None => first_level_queue(&state.ctx, &actor, asked.clone()).await?,
    };
    let path = unit.map_or_else(|| "/queues/first-level".to_owned(), |u| format!("/queues/{u}"));
    let layout = Layout::new(state, visit, "queues-title");
    let title = match unit {
        None => layout.tr.t("queues-first-level"),
        Some(_) => layout.tr.t1("queues-unit", "unit", &queue.unit.name),
    };
    let mut page = queue_view(&state.ctx, layout.titled(title), &queue, &asked, path);
    if unit.is_none() {
        let view = on_shift_view(&state.ctx, &actor).await?;
        let tr = page.layout.tr;
        page.on_shift = Some(vec![
            (tr.t("rota-this-week"), view.current),
            (tr.t("rota-next-week"), view.next),
        ]);
    }
    Ok(render(state, visit, StatusCode::OK, &page))
}

/// The page of `queue` as `asked`, with links that keep the status and order.
fn queue_view<'a>(
    ctx: &guichet_service::Context,
    layout: Layout<'a>,
    queue: &Queue,
    asked: &QueueRequest,
    path: String,
) -> QueuePage<'a> {
    let tr = layout.tr;
    let rows = queue
        .tickets
        .items
        .iter()
        .map(|v| Row::of(ctx, v, &tr, std::slice::from_ref(&queue.unit)))
        .collect();
    let status = asked.status.map_or("", |s| s.as_str());
    let link = |page: u32| {
        let mut query = format!("?order={}&page={page}", asked.order.as_str());
        if !status.is_empty() {
            query.push_str(&format!("&status={}", crate::error::urlencode(status)));
        }
        format!("{path}{query}")
    };
    let current = asked.page.page;
    let more = i64::from(current) * i64::from(PER_PAGE) < queue.tickets.total;
    QueuePage {
        rows,
        total: total(&queue.tickets, &tr),
        page: current,
        statuses: status_choices(&tr, status),
        orders: order_choices(&tr, asked.order),
        previous: (current > 1).then(|| link(current - 1)),
        next: more.then(|| link(current + 1)),
        on_shift: None,
        path,
        layout,
    }
}

fn status_choices(tr: &Tr<'_>, current: &str) -> Vec<Choice> {
    let open = open_statuses()
        .into_iter()
        .map(|s| (s.as_str().to_owned(), tr.label("status", s.as_str())))
        .collect();
    choices(open, current, Some(tr.t("queues-all-open")))
}

fn order_choices(tr: &Tr<'_>, current: TicketOrder) -> Vec<Choice> {
    let orders = TicketOrder::ALL
        .iter()
        .map(|o| (o.as_str().to_owned(), tr.t(&format!("order-{}", o.as_str()))))
        .collect();
    choices(orders, current.as_str(), None)
}
