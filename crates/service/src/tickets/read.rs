//! Reading tickets, with what each viewer may see.

use guichet_domain::actions::{TicketActions, participant_actions};
use guichet_domain::actor::Actor;
use guichet_domain::article::Article;
use guichet_domain::deadlines::Colour;
use guichet_domain::event::HistoryEntry;
use guichet_domain::ids::TicketId;
use guichet_domain::relation::Relation;
use guichet_domain::ticket::Ticket;
use guichet_store::{Page, PageRequest, TicketFilter, TicketView};

use crate::calendar::Calendars;
use crate::{Context, ServiceError, ServiceResult};

/// What `viewer` may do to ticket `id`: the actions the pages offer, and
/// the use cases accept.
pub async fn actions(ctx: &Context, viewer: &Actor, id: TicketId) -> ServiceResult<TicketActions> {
    let view = visible_ticket(ctx, viewer, id).await?;
    let participant = is_participant(ctx, viewer, &view.ticket).await?;
    Ok(participant_actions(viewer, &view.ticket, participant))
}

/// Whether `actor` takes part in `ticket` without owning it: their address
/// is in its CC, they are involved in it, or subscribed to it.
pub(crate) async fn is_participant(ctx: &Context, actor: &Actor, ticket: &Ticket) -> ServiceResult<bool> {
    let Some(user) = actor.user_id() else {
        return Ok(false);
    };
    if ticket.involved_users.contains(&user) {
        return Ok(true);
    }
    let email = ctx.store().user(user).await?.email;
    if ticket.cc.iter().any(|cc| cc.as_str() == email) {
        return Ok(true);
    }
    Ok(ctx.store().subscribers(ticket.id).await?.contains(&user))
}

/// The escalation colour of `ticket` now: green → yellow → amber → red in
/// the working hours of its unit's calendar since its unit was assigned or
/// its status last changed; none for a ticket that is not the unit's to
/// answer (waiting for reply, on hold, answered). The calendars are those
/// this context last loaded ([`Calendars::current`]), which the reads of
/// tickets below refresh.
pub fn colour(ctx: &Context, ticket: &Ticket) -> Option<Colour> {
    Calendars::current(ctx).colour(ticket, ctx.now())
}

/// The largest page the list returns.
pub const MAX_PER_PAGE: u32 = 100;

/// A ticket the viewer may see; others are "not found", so their existence does not leak.
pub async fn visible_ticket(ctx: &Context, viewer: &Actor, id: TicketId) -> ServiceResult<TicketView> {
    Calendars::load(ctx).await?;
    let view = ctx.store().ticket(id).await?;
    if view.ticket.visible_to(viewer) {
        Ok(view)
    } else {
        Err(ServiceError::NotFound("ticket"))
    }
}

/// Checks a page request: numbered from 1, at most [`MAX_PER_PAGE`] items.
pub fn check_page(page: PageRequest) -> ServiceResult<PageRequest> {
    if page.page == 0 {
        return Err(ServiceError::invalid("page", "pages are numbered from 1"));
    }
    if page.per_page == 0 || page.per_page > MAX_PER_PAGE {
        return Err(ServiceError::invalid(
            "per_page",
            format!("per_page must be between 1 and {MAX_PER_PAGE}"),
        ));
    }
    Ok(page)
}

/// A page of the tickets the viewer may see.
pub async fn list_tickets(
    ctx: &Context,
    viewer: &Actor,
    mut filter: TicketFilter,
    page: PageRequest,
) -> ServiceResult<Page<TicketView>> {
    check_page(page)?;
    if !viewer.role().is_supporter() {
        filter.visible_to_requester = viewer.user_id();
    }
    Calendars::load(ctx).await?;
    Ok(ctx.store().tickets(&filter, page).await?)
}

/// A page of the public tickets, for anyone, signed in or not: the
/// portal's public ticket view.
pub async fn list_public_tickets(
    ctx: &Context,
    mut filter: TicketFilter,
    page: PageRequest,
) -> ServiceResult<Page<TicketView>> {
    check_page(page)?;
    // Ids start at 1: restricted to what user 0 may see, a list holds the
    // public tickets and no one's own.
    filter.visible_to_requester = Some(guichet_domain::ids::UserId(0));
    Calendars::load(ctx).await?;
    Ok(ctx.store().tickets(&filter, page).await?)
}

/// The articles the viewer may read: internal notes only for supporters.
pub async fn articles(ctx: &Context, viewer: &Actor, id: TicketId) -> ServiceResult<Vec<Article>> {
    visible_ticket(ctx, viewer, id).await?;
    Ok(ctx.store().articles(id, viewer.role().is_supporter()).await?)
}

/// The HTML of the mail that opened ticket `id`, verbatim, if a mail did.
pub async fn description_html(ctx: &Context, viewer: &Actor, id: TicketId) -> ServiceResult<Option<String>> {
    visible_ticket(ctx, viewer, id).await?;
    Ok(ctx.store().description_html(id).await?)
}

/// The ticket's history; requesters do not see the notes about its children
/// (see [`guichet_domain::event::CHILD_FIELD`]).
pub async fn history(ctx: &Context, viewer: &Actor, id: TicketId) -> ServiceResult<Vec<HistoryEntry>> {
    visible_ticket(ctx, viewer, id).await?;
    let mut entries = ctx.store().history(id).await?;
    if !viewer.role().is_supporter() {
        entries.retain(|entry| !entry.change.is_for_supporters());
    }
    Ok(entries)
}

/// The ticket's relations to tickets the viewer may see: a requester does
/// not learn that someone else's private ticket exists.
pub async fn relations(ctx: &Context, viewer: &Actor, id: TicketId) -> ServiceResult<Vec<Relation>> {
    visible_ticket(ctx, viewer, id).await?;
    let relations = ctx.store().relations(id).await?;
    if viewer.role().is_supporter() {
        return Ok(relations);
    }
    let mut visible = Vec::with_capacity(relations.len());
    for relation in relations {
        let other = if relation.from == id {
            relation.to
        } else {
            relation.from
        };
        if ctx.store().ticket(other).await?.ticket.visible_to(viewer) {
            visible.push(relation);
        }
    }
    Ok(visible)
}

/// How many tickets there are in each status (for metrics).
pub async fn count_by_status(ctx: &Context) -> ServiceResult<Vec<(guichet_domain::status::Status, i64)>> {
    Ok(ctx.store().count_by_status().await?)
}
