//! The submitter's escalation button: where a ticket stands, and the next
//! level. Every escalation is a history entry (field
//! [`ESCALATION_FIELD`], the level's label as its new value), so the
//! history is the one record of them, and a `ticket.deadline` event that
//! reminds the people the level reaches.

use chrono::{DateTime, Duration, Utc};

use guichet_domain::actions::{may_escalate, participant_actions};
use guichet_domain::actor::Actor;
use guichet_domain::deadlines::escalation::hours_minutes;
use guichet_domain::deadlines::{
    ESCALATION_FIELD, ESCALATION_WAIT, EscalationLevel, EscalationRefusal, Reminder, next_escalation,
};
use guichet_domain::event::HistoryEntry;
use guichet_domain::ids::TicketId;
use guichet_domain::ticket::Ticket;

use super::read::{is_participant, visible_ticket};
use super::{commit, with_retries};
use crate::calendar::Calendars;
use crate::change::Change;
use crate::{Context, ServiceError, ServiceResult};

/// Where a ticket's escalation stands, as one viewer sees it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationState {
    /// The level reached so far, if any.
    pub level: Option<EscalationLevel>,
    /// When it was reached.
    pub reached_at: Option<DateTime<Utc>>,
    /// The level the next escalation reaches; none at the top.
    pub next: Option<EscalationLevel>,
    /// When the next escalation becomes possible: now, or the end of the
    /// waiting period; none when it never will (not open, at the top).
    pub possible_at: Option<DateTime<Utc>>,
    /// Why the next escalation is refused now, if it is.
    pub refusal: Option<EscalationRefusal>,
    /// Whether this viewer may press the button (its submitter, or an
    /// administrator, on an open ticket).
    pub may_escalate: bool,
}

impl EscalationState {
    /// Whether the viewer may escalate right now.
    pub fn possible_now(&self) -> bool {
        self.may_escalate && self.refusal.is_none()
    }

    /// The working time left before the next escalation, when too soon.
    pub fn time_left(&self) -> Option<Duration> {
        match self.refusal {
            Some(EscalationRefusal::TooSoon { left, .. }) => Some(left),
            _ => None,
        }
    }
}

/// The level `entries` (a ticket's history, oldest first) reached last,
/// and when.
fn reached(entries: &[HistoryEntry]) -> (Option<EscalationLevel>, Option<DateTime<Utc>>) {
    entries
        .iter()
        .rev()
        .filter(|entry| entry.change.field == ESCALATION_FIELD)
        .find_map(|entry| {
            let level = EscalationLevel::parse(entry.change.new.as_deref()?).ok()?;
            Some((Some(level), Some(entry.at)))
        })
        .unwrap_or((None, None))
}

/// What `next_escalation` says of `ticket` now, with the level it stands at.
async fn assess(
    ctx: &Context,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> ServiceResult<(
    Option<EscalationLevel>,
    Option<DateTime<Utc>>,
    Result<EscalationLevel, EscalationRefusal>,
)> {
    let (level, reached_at) = reached(&ctx.store().history(ticket.id).await?);
    let calendars = Calendars::load(ctx).await?;
    let calendar = calendars.for_unit(ticket.unit);
    let next = next_escalation(ticket.status, level, reached_at, now, ESCALATION_WAIT, calendar);
    Ok((level, reached_at, next))
}

/// Where ticket `id`'s escalation stands, for `viewer` (who must see it).
pub async fn escalation_state(ctx: &Context, viewer: &Actor, id: TicketId) -> ServiceResult<EscalationState> {
    let ticket = visible_ticket(ctx, viewer, id).await?.ticket;
    let participant = is_participant(ctx, viewer, &ticket).await?;
    let now = ctx.now();
    let (level, reached_at, next) = assess(ctx, &ticket, now).await?;
    let (possible_at, refusal) = match next {
        Ok(_) => (Some(now), None),
        Err(refusal @ EscalationRefusal::TooSoon { next_possible, .. }) => (Some(next_possible), Some(refusal)),
        Err(refusal) => (None, Some(refusal)),
    };
    Ok(EscalationState {
        level,
        reached_at,
        next: EscalationLevel::after(level),
        possible_at,
        refusal,
        may_escalate: participant_actions(viewer, &ticket, participant).escalate,
    })
}

/// The refusal as the channels report it, on the field `escalation`; the
/// message says the working time left and when it ends.
fn refused(refusal: &EscalationRefusal) -> ServiceError {
    let message = match refusal {
        EscalationRefusal::TooSoon { left, next_possible } => format!(
            "the ticket was escalated too recently: {} of working time left; it can be escalated again at {}",
            hours_minutes(left),
            next_possible.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ),
        other => other.to_string(),
    };
    ServiceError::Refused {
        field: ESCALATION_FIELD,
        message,
    }
}

/// Escalates ticket `id` to its next level as `actor` (its submitter, or an
/// administrator): a history entry and a reminder to the people the level
/// reaches, in one change. Returns the level reached.
pub async fn escalate(ctx: &Context, actor: &Actor, id: TicketId) -> ServiceResult<EscalationLevel> {
    with_retries(|| async {
        let ticket = visible_ticket(ctx, actor, id).await?.ticket;
        if !may_escalate(actor, &ticket) {
            return Err(ServiceError::Forbidden(
                "only the ticket's submitter may escalate it".into(),
            ));
        }
        let mut change = Change::new(ctx);
        let level = match assess(ctx, &ticket, change.at()).await?.2 {
            Ok(level) => level,
            Err(refusal) => return Err(refused(&refusal)),
        };
        let author = actor.author();
        change.note(id, ESCALATION_FIELD, level.as_str().to_owned(), &author);
        change.remind(id, Reminder::Escalated { level }, &author);
        change.touch(&ticket);
        commit(ctx, change).await?;
        Ok(level)
    })
    .await
}
