//! One pass of the deadline scheduler: every timer of every open ticket
//! that fell due since the last pass, then the closure of answered tickets.
//!
//! The pass covers the window from where the last one stopped to now
//! ([`guichet_domain::deadlines::timers_due`] says what is due in it).
//! Each reminder is committed under its mark, so a pass that is run twice,
//! or by two nodes whose leases overlapped, sends nothing twice; the end
//! of the window is recorded only once every timer in it was handled, so
//! a pass that fails is covered again by the next one and nothing is
//! missed.

use std::collections::HashMap;

use chrono::Duration;

use guichet_domain::actor::Actor;
use guichet_domain::deadlines::{Due, TicketClock, Window, timers_due};
use guichet_domain::ids::{TicketId, UnitId};
use guichet_domain::reference::QosLevel;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::update::system_status_change;
use guichet_store::StoreError;

use super::send_reminder;
use crate::calendar::Calendars;
use crate::change::Change;
use crate::tickets::close::close_due;
use crate::tickets::{commit, with_retries};
use crate::{Context, ServiceError, ServiceResult};

/// The scheduler's name, which keys where it stopped.
pub const SCHEDULER: &str = "deadlines";

/// How far back the very first pass looks: a deployment that starts the
/// scheduler on an existing database is not mailed every reminder its old
/// tickets ever passed.
pub const FIRST_LOOKBACK: Duration = Duration::hours(1);

/// The reason the system gives for reminders.
pub const REMINDER_REASON: &str = "worker: a deadline was reached";
/// The reason the system gives when a ticket waited too long for a reply.
pub const NO_REPLY_REASON: &str = "worker: no reply from the submitter for 15 working days";
/// The reason the system gives when it closes an answered ticket.
pub const CLOSURE_REASON: &str = "worker: closed 10 working days after the answer, neither verified nor reopened";

/// What a pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassReport {
    /// Open tickets looked at.
    pub tickets: usize,
    /// Reminders sent.
    pub reminders: usize,
    /// Reminders found already sent (by an overlapping pass).
    pub already_sent: usize,
    /// Tickets set `unsolved` for want of a reply.
    pub given_up: usize,
    /// Answered tickets closed.
    pub closed: usize,
}

impl std::fmt::Display for PassReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} open tickets, {} reminders sent ({} already sent), {} given up for want of a reply, {} closed",
            self.tickets, self.reminders, self.already_sent, self.given_up, self.closed
        )
    }
}

/// Runs one pass at the context's time.
pub async fn run_pass(ctx: &Context) -> ServiceResult<PassReport> {
    let now = ctx.now();
    let store = ctx.store();
    let since = store.deadline_pass(SCHEDULER).await?.unwrap_or(now - FIRST_LOOKBACK);
    let window = Window {
        since: Some(since),
        now,
    };
    let clocks = store.open_ticket_clocks().await?;
    let due = due_timers(ctx, &clocks, window).await?;
    let mut report = PassReport {
        tickets: clocks.len(),
        ..PassReport::default()
    };
    let reminder_author = Actor::system(REMINDER_REASON).author();
    for (ticket, timer) in due {
        match timer {
            Due::Remind {
                reminder, clock_start, ..
            } => match send_reminder(ctx, ticket, reminder, clock_start, &reminder_author).await? {
                true => report.reminders += 1,
                false => report.already_sent += 1,
            },
            Due::GiveUp { .. } => report.given_up += usize::from(give_up(ctx, ticket).await?),
        }
    }
    report.closed = close_due(ctx, &Actor::system(CLOSURE_REASON)).await?;
    store.set_deadline_pass(SCHEDULER, now).await?;
    Ok(report)
}

/// Every timer of `clocks` due in `window`, ticket by ticket.
async fn due_timers(ctx: &Context, clocks: &[TicketClock], window: Window) -> ServiceResult<Vec<(TicketId, Due)>> {
    let calendars = Calendars::load(ctx).await?;
    let levels: HashMap<UnitId, QosLevel> = ctx
        .store()
        .units()
        .await?
        .into_iter()
        .map(|unit| (unit.id, unit.qos_level))
        .collect();
    Ok(clocks
        .iter()
        .flat_map(|clock| {
            let level = levels.get(&clock.unit).copied().unwrap_or(QosLevel::Base);
            timers_due(clock, level, window, calendars.for_unit(clock.unit))
                .into_iter()
                .map(|due| (clock.ticket, due))
        })
        .collect())
}

/// Sets a ticket still waiting for its submitter `unsolved`, `no reply`, as
/// the system; false if it no longer waits (the reply came meanwhile).
async fn give_up(ctx: &Context, id: TicketId) -> ServiceResult<bool> {
    let actor = Actor::system(NO_REPLY_REASON);
    let outcome = with_retries(|| async {
        let ticket = ctx.store().ticket(id).await?.ticket;
        if ticket.status != Status::WaitingForReply {
            return Ok(false);
        }
        let mut change = Change::new(ctx);
        let patched = system_status_change(&ticket, Status::Unsolved, Some(Qualifier::NoReply), change.at())?;
        change.update_ticket(&ticket, patched, &actor.author());
        commit(ctx, change).await.map(|_| true)
    })
    .await;
    match outcome {
        Err(ServiceError::Store(StoreError::NotFound(_))) => Ok(false),
        other => other,
    }
}
