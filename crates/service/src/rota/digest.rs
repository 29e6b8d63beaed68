//! The handover digest: at each handover, the outgoing team (on duty in
//! the week that ends) and the incoming team (on duty in the week that
//! begins) hear of the open first-level tickets. The digest is an event,
//! `rota.handover`, committed once per handover under a key of its week,
//! which the notification consumer mails like any other change.

use chrono::{DateTime, Duration, Utc};

use guichet_domain::actor::Author;
use guichet_domain::event::HandoverDigest;
use guichet_domain::ids::{TicketId, UserId};
use guichet_domain::rota::Week;
use guichet_domain::status::Status;
use guichet_store::{PageRequest, StoreError, TicketFilter, TicketOrder};

use super::duty::{ShiftTeam, on_duty_at};
use super::load::handover;
use crate::change::Change;
use crate::{Context, ServiceResult};

/// The reason the system gives for the digest's change.
pub const DIGEST_REASON: &str = "handover digest";

/// How long after a handover its digest is still sent: a worker that was
/// down for longer skips it rather than tell of a week long begun.
const LATE: Duration = Duration::hours(24);

/// What a digest run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestOutcome {
    /// The rota has no shift for either week.
    NoRota,
    /// The last handover is more than a day past.
    TooLate(Week),
    /// The digest of that week's handover was committed.
    Sent {
        /// The week that begins.
        week: Week,
        /// How many people hear of it.
        recipients: usize,
        /// How many tickets it lists.
        tickets: usize,
    },
    /// The digest of that week's handover was committed before.
    AlreadySent(Week),
}

impl std::fmt::Display for DigestOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoRota => write!(f, "no rota: no digest"),
            Self::TooLate(week) => write!(f, "the handover of {week} is more than a day past: no digest"),
            Self::Sent {
                week,
                recipients,
                tickets,
            } => write!(f, "digest of {week}: {tickets} tickets for {recipients} people"),
            Self::AlreadySent(week) => write!(f, "digest of {week}: already sent"),
        }
    }
}

/// The next handover after now: when the digest job is next due.
pub async fn next_handover(ctx: &Context) -> ServiceResult<DateTime<Utc>> {
    let handover = handover(ctx).await?;
    Ok(handover.ends(handover.week_at(ctx.now())))
}

/// Commits the digest of the last handover, once: running it again for
/// the same handover, on any node, commits nothing new.
pub async fn send_handover_digest(ctx: &Context) -> ServiceResult<DigestOutcome> {
    let handover = handover(ctx).await?;
    let week = handover.week_at(ctx.now());
    let at = handover.starts(week);
    if ctx.now() - at > LATE {
        return Ok(DigestOutcome::TooLate(week));
    }
    let outgoing = on_duty_at(ctx, at - Duration::seconds(1)).await?;
    let incoming = on_duty_at(ctx, at).await?;
    if outgoing.is_none() && incoming.is_none() {
        return Ok(DigestOutcome::NoRota);
    }
    let digest = HandoverDigest {
        outgoing_week: week.previous(),
        incoming_week: week,
        outgoing: team(ctx, outgoing.as_ref()).await?,
        incoming: team(ctx, incoming.as_ref()).await?,
        tickets: open_first_level_tickets(ctx).await?,
    };
    let recipients = digest
        .outgoing
        .iter()
        .chain(&digest.incoming)
        .collect::<std::collections::BTreeSet<_>>();
    let key = format!("rota.handover:{week}");
    let mut change = Change::new(ctx).with_key(Some(&key));
    change.handover_digest(&digest, &Author::system(DIGEST_REASON));
    match ctx.store().commit(change.into_set()).await {
        Ok(_) => Ok(DigestOutcome::Sent {
            week,
            recipients: recipients.len(),
            tickets: digest.tickets.len(),
        }),
        Err(StoreError::Duplicate) => Ok(DigestOutcome::AlreadySent(week)),
        Err(other) => Err(other.into()),
    }
}

/// The people on duty in a shift; the whole first-level unit when the
/// rota has the shift but nobody available at either site; nobody when it
/// has no shift.
async fn team(ctx: &Context, shift: Option<&ShiftTeam>) -> ServiceResult<Vec<UserId>> {
    let Some(shift) = shift else {
        return Ok(Vec::new());
    };
    if let Some(duty) = &shift.duty {
        return Ok(duty.people.clone());
    }
    match ctx.store().first_level_unit().await? {
        Some(unit) => Ok(ctx.store().unit(unit).await?.members),
        None => Ok(Vec::new()),
    }
}

/// The open tickets of the first-level unit, oldest first.
async fn open_first_level_tickets(ctx: &Context) -> ServiceResult<Vec<TicketId>> {
    let Some(unit) = ctx.store().first_level_unit().await? else {
        return Ok(Vec::new());
    };
    let filter = TicketFilter {
        statuses: Status::ALL.iter().copied().filter(|s| s.is_open()).collect(),
        unit: Some(unit),
        order: TicketOrder::Oldest,
        ..TicketFilter::default()
    };
    let mut found = Vec::new();
    for page in 1.. {
        let request = PageRequest { page, per_page: 200 };
        let items = ctx.store().tickets(&filter, request).await?.items;
        let last = items.len() < 200;
        found.extend(items.into_iter().map(|view| view.ticket.id));
        if last {
            break;
        }
    }
    Ok(found)
}
