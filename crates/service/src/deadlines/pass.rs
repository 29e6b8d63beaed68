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
//!
//! A pass reads only the open tickets that may have something due: those
//! whose clocks all started long enough ago that their last reminder came
//! before the window are left unread
//! ([`guichet_domain::deadlines::quiet_before`]), in every calendar in use.
//! It reads them a page at a time and rests after each read, so that on a
//! large database it leaves the cores and the database to requests.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use guichet_domain::actor::Actor;
use guichet_domain::deadlines::{Due, TicketClock, Window, quiet_before, timers_due};
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
    /// Open tickets read: those whose clocks may have had a timer due.
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
            "{} open tickets read, {} reminders sent ({} already sent), {} given up for want of a reply, {} closed",
            self.tickets, self.reminders, self.already_sent, self.given_up, self.closed
        )
    }
}

/// How many open tickets a pass reads at a time.
pub const PAGE: usize = guichet_store::MAX_CLOCKS_PER_READ;

/// How long a pass rests after each of its reads, as a multiple of the
/// time the read and the work on it took: a pass then keeps at most a
/// fifth of one core and leaves the rest, and the database, to requests,
/// on any machine. A pass runs every few minutes, so a longer one costs
/// nothing.
pub const REST_PER_WORK: u32 = 4;

/// Rests [`REST_PER_WORK`] times as long as the work since the last rest.
struct Pacer {
    since: std::time::Instant,
}

impl Pacer {
    fn start() -> Self {
        Self {
            since: std::time::Instant::now(),
        }
    }

    async fn rest(&mut self) {
        tokio::time::sleep(self.since.elapsed() * REST_PER_WORK).await;
        self.since = std::time::Instant::now();
    }
}

/// Runs one pass at the context's time, a page of open tickets at a time.
pub async fn run_pass(ctx: &Context) -> ServiceResult<PassReport> {
    let now = ctx.now();
    let store = ctx.store();
    let since = store.deadline_pass(SCHEDULER).await?.unwrap_or(now - FIRST_LOOKBACK);
    let window = Window {
        since: Some(since),
        now,
    };
    let mut pacer = Pacer::start();
    let rules = Rules::load(ctx).await?;
    let mut report = PassReport::default();
    let ids = store.open_ticket_ids(rules.quiet_before(since)).await?;
    pacer.rest().await;
    for page in ids.chunks(PAGE) {
        let clocks = store.ticket_clocks(page).await?;
        report.tickets += clocks.len();
        act_on(ctx, rules.due(&clocks, window), &mut report).await?;
        pacer.rest().await;
    }
    report.closed = close_due(ctx, &Actor::system(CLOSURE_REASON)).await?;
    pacer.rest().await;
    store.set_deadline_pass(SCHEDULER, now).await?;
    Ok(report)
}

/// How many tickets are open: what a pass would read if none were quiet.
pub async fn open_ticket_count(ctx: &Context) -> ServiceResult<usize> {
    Ok(ctx.store().open_ticket_ids(None).await?.len())
}

/// Sends the reminders and gives up on the silent submitters of `due`.
async fn act_on(ctx: &Context, due: Vec<(TicketId, Due)>, report: &mut PassReport) -> ServiceResult<()> {
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
    Ok(())
}

/// The calendars and the units' QoS levels a pass counts with.
struct Rules {
    calendars: Calendars,
    levels: HashMap<UnitId, QosLevel>,
}

impl Rules {
    async fn load(ctx: &Context) -> ServiceResult<Self> {
        let units = ctx.store().units().await?;
        Ok(Self {
            calendars: Calendars::load(ctx).await?,
            levels: units.into_iter().map(|unit| (unit.id, unit.qos_level)).collect(),
        })
    }

    /// The instant before which a ticket's clocks must all have started
    /// for it to have nothing due after `since` in any of the calendars.
    fn quiet_before(&self, since: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut instants = self.calendars.all().map(|calendar| quiet_before(since, calendar));
        instants.try_fold(DateTime::<Utc>::MAX_UTC, |earliest, instant| {
            Some(earliest.min(instant?))
        })
    }

    /// Every timer of `clocks` due in `window`, ticket by ticket.
    fn due(&self, clocks: &[TicketClock], window: Window) -> Vec<(TicketId, Due)> {
        clocks
            .iter()
            .flat_map(|clock| {
                let level = self.levels.get(&clock.unit).copied().unwrap_or(QosLevel::Base);
                timers_due(clock, level, window, self.calendars.for_unit(clock.unit))
                    .into_iter()
                    .map(|due| (clock.ticket, due))
            })
            .collect()
    }
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
