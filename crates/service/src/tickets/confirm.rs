//! Confirming an answer: the submitter verifies a solved ticket (with an
//! optional rating) or reopens an answered one, signed in or through a
//! signed link from the solution mail.
//!
//! The status rules are those of any update ([`super::update`]): only a
//! `solved` ticket may be verified, a `solved` or `unsolved` one reopened.

use chrono::{DateTime, Utc};
use guichet_domain::actor::Actor;
use guichet_domain::deadlines::{ConfirmAction, Confirmation, LinkRefusal, closes_at};
use guichet_domain::ids::TicketId;
use guichet_domain::rating::Rating;
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;
use guichet_store::{TicketRating, TicketView};

use super::read::visible_ticket;
use super::update::update_ticket;
use crate::calendar::Calendars;
use crate::input::UpdateTicketInput;
use crate::{Context, ServiceError, ServiceResult, actor_of};

/// The name of the key that signs the links, among the deployment's secrets.
const LINK_KEY: &str = "confirmation-links";

/// The tokens of a ticket's two links and until when they work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmationLinks {
    /// Verifies the solution; none for an `unsolved` ticket, which may only be reopened.
    pub verify: Option<String>,
    /// Reopens the ticket.
    pub reopen: String,
    /// The end of the closure period: the first instant they no longer work.
    pub valid_until: DateTime<Utc>,
}

/// What a link did.
#[derive(Debug, Clone)]
pub struct Redeemed {
    /// The ticket afterwards.
    pub ticket: TicketView,
    /// What was done.
    pub action: ConfirmAction,
    /// Whether a rating was recorded with it.
    pub rated: bool,
}

/// The deployment's signing key: made once, shared by every node.
async fn link_key(ctx: &Context) -> ServiceResult<Vec<u8>> {
    let fresh: [u8; 32] = rand::random();
    Ok(ctx.store().deployment_secret(LINK_KEY, &fresh).await?)
}

/// When the links of an answer given at `answered_at` stop working: when
/// the ticket closes by itself.
async fn valid_until(ctx: &Context, ticket: &Ticket) -> ServiceResult<DateTime<Utc>> {
    let calendars = Calendars::load(ctx).await?;
    Ok(closes_at(ticket.status_changed_at, calendars.for_unit(ticket.unit)))
}

/// The verify and reopen links of `ticket`'s current answer; none unless
/// it is `solved` or `unsolved`.
pub async fn confirmation_links(ctx: &Context, ticket: &Ticket) -> ServiceResult<Option<ConfirmationLinks>> {
    if !ticket.status.is_answered() {
        return Ok(None);
    }
    let key = link_key(ctx).await?;
    let expires_at = valid_until(ctx, ticket).await?;
    let token = |action| {
        Confirmation {
            ticket: ticket.id,
            action,
            answered_at: ticket.status_changed_at,
            expires_at,
        }
        .sign(&key)
    };
    Ok(Some(ConfirmationLinks {
        verify: ticket
            .status
            .allows(Status::Verified)
            .then(|| token(ConfirmAction::Verify)),
        reopen: token(ConfirmAction::Reopen),
        valid_until: expires_at,
    }))
}

/// Parses an optional rating given as a number, and its comment.
pub fn parse_rating(rating: Option<i64>, comment: Option<&str>) -> ServiceResult<Option<Rating>> {
    match (rating, comment.filter(|c| !c.trim().is_empty())) {
        (Some(stars), comment) => Ok(Some(Rating::new(stars, comment)?)),
        (None, Some(_)) => Err(ServiceError::invalid(
            "rating",
            "a comment goes with a rating from 1 to 5",
        )),
        (None, None) => Ok(None),
    }
}

/// The signed-in submitter verifies ticket `id`'s solution, rating it if
/// they wish.
pub async fn verify(ctx: &Context, actor: &Actor, id: TicketId, rating: Option<Rating>) -> ServiceResult<TicketView> {
    let ticket = visible_ticket(ctx, actor, id).await?.ticket;
    if !actor.is_submitter_of(&ticket) {
        return Err(ServiceError::Forbidden("only the submitter verifies a solution".into()));
    }
    set_status(ctx, actor, id, Status::Verified, None).await?;
    if let Some(rating) = rating {
        rate(ctx, &ticket, rating).await?;
    }
    Ok(ctx.store().ticket(id).await?)
}

/// The signed-in submitter reopens ticket `id`; the reason, if given,
/// becomes a public reply.
pub async fn reopen(ctx: &Context, actor: &Actor, id: TicketId, reason: Option<&str>) -> ServiceResult<TicketView> {
    let reason = reason.filter(|r| !r.trim().is_empty());
    set_status(ctx, actor, id, Status::Reopened, reason).await
}

async fn set_status(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    status: Status,
    comment: Option<&str>,
) -> ServiceResult<TicketView> {
    let input = UpdateTicketInput {
        status: Some(status.as_str().to_owned()),
        comment: comment.map(str::to_owned),
        ..UpdateTicketInput::default()
    };
    update_ticket(ctx, actor, id, input).await
}

async fn rate(ctx: &Context, ticket: &Ticket, rating: Rating) -> ServiceResult<bool> {
    let record = TicketRating {
        ticket: ticket.id,
        rating: rating.stars,
        comment: rating.comment,
        rated_at: ctx.now(),
        rated_by: ticket.submitter,
    };
    Ok(ctx.store().rate_ticket(&record).await?)
}

/// Reads `token`: a confirmation this deployment signed, still valid now,
/// for a ticket that exists.
async fn open(ctx: &Context, token: &str) -> ServiceResult<(Confirmation, Ticket)> {
    let key = link_key(ctx).await?;
    let link = Confirmation::open(&key, token).map_err(ServiceError::Link)?;
    let ticket = match ctx.store().ticket(link.ticket).await {
        Ok(view) => view.ticket,
        Err(guichet_store::StoreError::NotFound(_)) => return Err(ServiceError::Link(LinkRefusal::Tampered)),
        Err(other) => return Err(other.into()),
    };
    link.check(ticket.id, link.action, ctx.now())
        .map_err(ServiceError::Link)?;
    Ok((link, ticket))
}

/// Whether `ticket` still stands at the answer `link` confirms.
fn still_answered(link: &Confirmation, ticket: &Ticket) -> Result<(), LinkRefusal> {
    let done = match link.action {
        ConfirmAction::Verify => Status::Verified,
        ConfirmAction::Reopen => Status::Reopened,
    };
    if ticket.status == done {
        return Err(LinkRefusal::AlreadyUsed);
    }
    if !ticket.status.is_answered() || ticket.status_changed_at != link.answered_at {
        return Err(LinkRefusal::Outdated);
    }
    Ok(())
}

/// What a link would do, without doing it (for the page a GET shows).
pub async fn inspect(ctx: &Context, token: &str) -> ServiceResult<(ConfirmAction, Ticket)> {
    let (link, ticket) = open(ctx, token).await?;
    still_answered(&link, &ticket).map_err(ServiceError::Link)?;
    Ok((link.action, ticket))
}

/// Does what the signed link `token` says, as the ticket's submitter: a
/// tampered, expired or outdated link is refused and changes nothing. A
/// rating goes only with a verification.
pub async fn redeem(ctx: &Context, token: &str, rating: Option<Rating>) -> ServiceResult<Redeemed> {
    let (link, ticket) = open(ctx, token).await?;
    still_answered(&link, &ticket).map_err(ServiceError::Link)?;
    if rating.is_some() && link.action != ConfirmAction::Verify {
        return Err(ServiceError::invalid("rating", "a rating goes with a verification"));
    }
    let submitter = actor_of(&ctx.store().user(ticket.submitter).await?);
    let status = match link.action {
        ConfirmAction::Verify => Status::Verified,
        ConfirmAction::Reopen => Status::Reopened,
    };
    let mut after = set_status(ctx, &submitter, ticket.id, status, None).await?;
    let mut rated = false;
    if let Some(rating) = rating {
        rated = rate(ctx, &ticket, rating).await?;
        after = ctx.store().ticket(ticket.id).await?;
    }
    Ok(Redeemed {
        ticket: after,
        action: link.action,
        rated,
    })
}

/// Rates, through the verify link `token`, the solution that link
/// verified: only once, and only while the ticket stays verified from that
/// very answer.
pub async fn rate_by_link(ctx: &Context, token: &str, rating: Rating) -> ServiceResult<TicketView> {
    let (link, ticket) = open(ctx, token).await?;
    if link.action != ConfirmAction::Verify {
        return Err(ServiceError::Link(LinkRefusal::WrongAction));
    }
    if ticket.status != Status::Verified || !verified_from(ctx, &ticket, link.answered_at).await? {
        return Err(ServiceError::Link(LinkRefusal::Outdated));
    }
    if !rate(ctx, &ticket, rating).await? {
        return Err(ServiceError::Conflict("this solution has already been rated".into()));
    }
    Ok(ctx.store().ticket(ticket.id).await?)
}

/// Whether the last answer before `ticket`'s verification was the one given
/// at `answered_at`.
async fn verified_from(ctx: &Context, ticket: &Ticket, answered_at: DateTime<Utc>) -> ServiceResult<bool> {
    let history = ctx.store().history(ticket.id).await?;
    let last_answer = history
        .iter()
        .filter(|entry| entry.change.field == "status")
        .filter(|entry| {
            entry
                .change
                .new
                .as_deref()
                .is_some_and(|s| Status::parse(s).is_ok_and(Status::is_answered))
        })
        .map(|entry| entry.at)
        .max();
    Ok(last_answer == Some(answered_at))
}

/// A ticket's rating, for whoever may see the ticket.
pub async fn rating(ctx: &Context, actor: &Actor, id: TicketId) -> ServiceResult<Option<TicketRating>> {
    visible_ticket(ctx, actor, id).await?;
    Ok(ctx.store().ticket_rating(id).await?)
}
