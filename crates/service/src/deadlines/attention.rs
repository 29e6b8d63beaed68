//! The "needs attention" view, for first-level support and the
//! coordinators: red tickets, tickets nobody has taken, units past 75 % of
//! their QoS target, and tickets still waiting for a reply after their
//! first reminder (the rule is `domain::deadlines::concern`).

use std::collections::{BTreeMap, HashMap};

use guichet_domain::actor::Actor;
use guichet_domain::deadlines::{QosState, TicketClock, concern};
use guichet_domain::ids::{TicketId, UnitId};
use guichet_domain::reference::{QosLevel, Unit};
use guichet_domain::role::Role;
use guichet_store::TicketView;

use crate::calendar::Calendars;
use crate::{Context, ServiceError, ServiceResult};

/// How many tickets each list shows; its total counts them all.
pub const SHOWN: usize = 50;

/// Tickets of one kind of concern, longest waiting first.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    /// How many there are.
    pub total: usize,
    /// The first [`SHOWN`] of them.
    pub tickets: Vec<TicketView>,
}

/// A unit with tickets past 75 % of its QoS target and no response.
#[derive(Debug, Clone)]
pub struct LateUnit {
    /// The unit.
    pub unit: Unit,
    /// Its tickets past 75 % of the target.
    pub warned: usize,
    /// Its tickets past the whole target.
    pub breached: usize,
}

/// What needs attention now.
#[derive(Debug, Clone, Default)]
pub struct Attention {
    /// Red tickets.
    pub red: Listed,
    /// Tickets awaiting their unit with nobody assigned for 4 working hours or more.
    pub unassigned: Listed,
    /// Tickets waiting for their submitter past their first reminder.
    pub waiting: Listed,
    /// Units past 75 % of their QoS target, the most breaches first.
    pub late_units: Vec<LateUnit>,
}

/// Whether `actor` may see the view: first-level members, coordinators
/// and administrators.
async fn may_see(ctx: &Context, actor: &Actor) -> ServiceResult<bool> {
    let role = actor.role();
    if actor.is_system() || matches!(role, Role::Coordinator | Role::Admin) {
        return Ok(true);
    }
    let Some(user) = actor.user_id() else {
        return Ok(false);
    };
    let Some(first_level) = ctx.store().first_level_unit().await? else {
        return Ok(false);
    };
    Ok(ctx.store().unit(first_level).await?.members.contains(&user))
}

/// What needs attention at the context's time, for `actor`.
pub async fn needs_attention(ctx: &Context, actor: &Actor) -> ServiceResult<Attention> {
    if !may_see(ctx, actor).await? {
        return Err(ServiceError::Forbidden(
            "the needs-attention view is for first-level support and the coordinators".into(),
        ));
    }
    let now = ctx.now();
    let calendars = Calendars::load(ctx).await?;
    let units: HashMap<UnitId, Unit> = ctx.store().units().await?.into_iter().map(|u| (u.id, u)).collect();
    let mut clocks = ctx.store().open_ticket_clocks().await?;
    clocks.sort_by_key(|c| (c.created_at, c.ticket));
    let mut red = Vec::new();
    let mut unassigned = Vec::new();
    let mut waiting = Vec::new();
    let mut late: BTreeMap<UnitId, (usize, usize)> = BTreeMap::new();
    for clock in &clocks {
        let level = units.get(&clock.unit).map_or(QosLevel::Base, |u| u.qos_level);
        let found = concern(clock, level, now, calendars.for_unit(clock.unit));
        push_if(found.red, &mut red, clock);
        push_if(found.unassigned, &mut unassigned, clock);
        push_if(found.waiting.is_some(), &mut waiting, clock);
        let counts = late.entry(clock.unit).or_default();
        match found.qos {
            QosState::Within => {}
            QosState::Warned => counts.0 += 1,
            QosState::Breached => counts.1 += 1,
        }
    }
    let mut late_units: Vec<LateUnit> = late
        .into_iter()
        .filter(|(_, (warned, breached))| warned + breached > 0)
        .filter_map(|(id, (warned, breached))| {
            units.get(&id).map(|unit| LateUnit {
                unit: unit.clone(),
                warned,
                breached,
            })
        })
        .collect();
    late_units.sort_by_key(|late| std::cmp::Reverse((late.breached, late.warned)));
    Ok(Attention {
        red: listed(ctx, red).await?,
        unassigned: listed(ctx, unassigned).await?,
        waiting: listed(ctx, waiting).await?,
        late_units,
    })
}

fn push_if(condition: bool, list: &mut Vec<TicketId>, clock: &TicketClock) {
    if condition {
        list.push(clock.ticket);
    }
}

/// The first [`SHOWN`] of `ids`, read whole, and how many there are.
async fn listed(ctx: &Context, ids: Vec<TicketId>) -> ServiceResult<Listed> {
    let mut tickets = Vec::with_capacity(ids.len().min(SHOWN));
    for id in ids.iter().take(SHOWN) {
        tickets.push(ctx.store().ticket(*id).await?);
    }
    Ok(Listed {
        total: ids.len(),
        tickets,
    })
}
