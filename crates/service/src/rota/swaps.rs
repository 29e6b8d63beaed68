//! Swapping shifts: a site proposes to exchange a shift or to give one
//! away, the other site accepts or declines, the proposing site may
//! withdraw, and coordinators decide for either or set a week outright.
//! A swap that would break a rule of the rota is refused with the rule.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use guichet_domain::ids::{SiteId, SwapId};
use guichet_domain::reference::Site;
use guichet_domain::rota::{Rota, Shift, SwapProposal, SwapState, Week, apply_swap, check_without_balance};
use guichet_store::{NewRotaEntry, NewSwap, ShiftWrite, StoredSwap};

use super::access::{coordinates, require_coordinator, require_site_or_coordinator, require_supporter, speaks_for};
use super::generate::name_sites;
use super::load::{availability, handover, planned_rota, site_names, today, year_of};
use super::read::{SiteRef, week_in_force};
use crate::change::Change;
use crate::{Actor, Context, ServiceError, ServiceResult};

/// The longest note on a proposal.
pub const MAX_NOTE: usize = 2_000;

/// A proposal, as a site makes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SwapBody {
    /// The proposing site.
    #[schema(value_type = i64)]
    pub site: SiteId,
    /// The start date of the proposing site's shift.
    pub week: NaiveDate,
    /// The site asked.
    #[schema(value_type = i64)]
    pub other_site: SiteId,
    /// The start date of the other site's shift to take in exchange;
    /// absent to give the shift away.
    #[serde(default)]
    pub other_week: Option<NaiveDate>,
    /// A word for the other site.
    #[serde(default)]
    pub note: Option<String>,
}

/// A proposal, with the sites by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SwapView {
    /// Identity.
    #[schema(value_type = i64)]
    pub id: SwapId,
    /// `exchange` or `give_away`.
    pub kind: &'static str,
    /// Where it stands: proposed, accepted, declined or withdrawn.
    #[schema(value_type = String)]
    pub state: SwapState,
    /// The proposing site.
    pub site: SiteRef,
    /// The week of its shift.
    pub week: NaiveDate,
    /// The site asked.
    pub other_site: SiteRef,
    /// The week of the other site's shift, for an exchange.
    pub other_week: Option<NaiveDate>,
    /// The note.
    pub note: Option<String>,
    /// When it was proposed.
    pub proposed_at: DateTime<Utc>,
    /// When it was decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// Whether it is still proposed but its first week is before the week
    /// in force: it can no longer be accepted, only declined or withdrawn.
    pub expired: bool,
}

impl SwapView {
    fn of(swap: &StoredSwap, sites: &[Site], in_force: NaiveDate) -> Self {
        let name = site_names(sites);
        let site_ref = |id| SiteRef { id, name: name(id) };
        let (kind, site, week, other, other_week) = match swap.proposal {
            SwapProposal::Exchange { a, a_week, b, b_week } => ("exchange", a, a_week, b, Some(b_week.start())),
            SwapProposal::GiveAway { from, week, to } => ("give_away", from, week, to, None),
        };
        Self {
            id: swap.id,
            kind,
            state: swap.state,
            site: site_ref(site),
            week: week.start(),
            other_site: site_ref(other),
            other_week,
            note: swap.note.clone(),
            proposed_at: swap.proposed_at,
            decided_at: swap.decided_at,
            expired: swap.state.is_open() && swap.proposal.first_week().start() < in_force,
        }
    }
}

/// The proposals, newest first; only the open ones if asked.
pub async fn list_swaps(ctx: &Context, actor: &Actor, open_only: bool) -> ServiceResult<Vec<SwapView>> {
    require_supporter(actor)?;
    let sites = ctx.store().sites().await?;
    let swaps = ctx.store().swaps(open_only).await?;
    let in_force = week_in_force(ctx).await?;
    Ok(swaps.iter().map(|s| SwapView::of(s, &sites, in_force)).collect())
}

/// `date` as a week of the rota: it must be a handover day.
fn week_of(date: NaiveDate, weekday: chrono::Weekday, field: &'static str) -> ServiceResult<Week> {
    if date.weekday() == weekday {
        Ok(Week(date))
    } else {
        Err(ServiceError::invalid(
            field,
            format!("{date} is not the start of a shift: shifts start on {weekday}s"),
        ))
    }
}

/// The rota around `proposal`, and what it becomes with it, or why not.
async fn swapped(ctx: &Context, proposal: &SwapProposal) -> ServiceResult<(Rota, Rota, Vec<Site>)> {
    let handover = handover(ctx).await?;
    let weeks = proposal.weeks();
    let years = year_of(weeks[0])..=year_of(weeks[weeks.len() - 1]);
    let (rota, _) = planned_rota(ctx, &handover, years).await.map_err(|e| match e {
        ServiceError::NotFound(_) => ServiceError::invalid("week", "the rota of that week is not generated yet"),
        other => other,
    })?;
    let (sites, available) = availability(ctx).await?;
    let after =
        apply_swap(&rota, &available, proposal, today(ctx, &handover)).map_err(|refusal| ServiceError::Refused {
            field: "swap",
            message: name_sites(&refusal.to_string(), &sites),
        })?;
    Ok((rota, after, sites))
}

/// The proposal `body` makes, with its note, if `actor` may make it.
async fn proposal_of(ctx: &Context, actor: &Actor, body: &SwapBody) -> ServiceResult<(SwapProposal, Option<String>)> {
    require_site_or_coordinator(ctx, actor, body.site, "propose a swap of its shifts").await?;
    ctx.store().site(body.other_site).await?;
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(ServiceError::invalid("note", format!("at most {MAX_NOTE} characters")));
    }
    let weekday = handover(ctx).await?.weekday;
    let week = week_of(body.week, weekday, "week")?;
    let proposal = match body.other_week {
        Some(other) => SwapProposal::Exchange {
            a: body.site,
            a_week: week,
            b: body.other_site,
            b_week: week_of(other, weekday, "other_week")?,
        },
        None => SwapProposal::GiveAway {
            from: body.site,
            week,
            to: body.other_site,
        },
    };
    Ok((proposal, note))
}

/// Whether `actor` may propose `body` and the rota would keep its rules
/// with it, without proposing it: the refusal `propose_swap` would give.
pub async fn check_swap(ctx: &Context, actor: &Actor, body: &SwapBody) -> ServiceResult<()> {
    let (proposal, _) = proposal_of(ctx, actor, body).await?;
    swapped(ctx, &proposal).await.map(|_| ())
}

/// Proposes a swap for `body.site`, as one of its people or a coordinator.
pub async fn propose_swap(ctx: &Context, actor: &Actor, body: SwapBody) -> ServiceResult<SwapView> {
    let (proposal, note) = proposal_of(ctx, actor, &body).await?;
    let (_, _, sites) = swapped(ctx, &proposal).await?;
    let author = actor.author();
    let mut change = Change::new(ctx);
    change.rota_entry(NewRotaEntry {
        author: author.clone(),
        action: "swap.proposed".into(),
        week: Some(proposal.first_week()),
        detail: describe(&proposal, &sites),
    });
    change.propose_swap(NewSwap {
        proposal,
        proposed_by: author,
        note,
    });
    let committed = ctx.store().commit(change.into_set()).await?;
    let id = *committed.swaps.first().ok_or(ServiceError::NotFound("swap"))?;
    let in_force = week_in_force(ctx).await?;
    Ok(SwapView::of(&ctx.store().swap(id).await?, &sites, in_force))
}

/// A proposal in words, with the sites by name.
fn describe(proposal: &SwapProposal, sites: &[Site]) -> String {
    let name = site_names(sites);
    match *proposal {
        SwapProposal::Exchange { a, a_week, b, b_week } => format!(
            "{} gives its shift of {a_week} to {} and takes theirs of {b_week}",
            name(a),
            name(b)
        ),
        SwapProposal::GiveAway { from, week, to } => {
            format!("{} gives its shift of {week} to {}", name(from), name(to))
        }
    }
}

/// What becomes of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The site asked agrees: the swap is applied.
    Accept,
    /// The site asked refuses.
    Decline,
    /// The proposing site takes it back.
    Withdraw,
}

impl Decision {
    /// Parses `accept`, `decline` or `withdraw`.
    pub fn parse(text: &str) -> ServiceResult<Self> {
        match text {
            "accept" => Ok(Self::Accept),
            "decline" => Ok(Self::Decline),
            "withdraw" => Ok(Self::Withdraw),
            _ => Err(ServiceError::invalid(
                "decision",
                "expected accept, decline or withdraw",
            )),
        }
    }
}

/// Decides proposal `id`: the site asked accepts or declines, the
/// proposing site withdraws, a coordinator may do any of these.
pub async fn decide_swap(ctx: &Context, actor: &Actor, id: SwapId, decision: Decision) -> ServiceResult<SwapView> {
    let swap = ctx.store().swap(id).await?;
    if !swap.state.is_open() {
        return Err(ServiceError::Conflict(format!(
            "this proposal is already {}",
            swap.state
        )));
    }
    let proposal = swap.proposal;
    let (deciding_site, state) = match decision {
        Decision::Accept => (proposal.responder(), SwapState::Accepted),
        Decision::Decline => (proposal.responder(), SwapState::Declined),
        Decision::Withdraw => (proposal.proposer(), SwapState::Withdrawn),
    };
    if !coordinates(actor) && !speaks_for(ctx, actor, deciding_site).await? {
        return Err(ServiceError::Forbidden(match decision {
            Decision::Withdraw => "only the proposing site or a coordinator may withdraw a proposal".into(),
            _ => "only the site asked or a coordinator may decide on a proposal".into(),
        }));
    }
    let author = actor.author();
    let mut change = Change::new(ctx);
    let sites = if state == SwapState::Accepted {
        let (before, after, sites) = swapped(ctx, &proposal).await?;
        let weeks = proposal.weeks();
        for week in &weeks {
            let (Some(old), Some(new)) = (before.shift(*week), after.shift(*week)) else {
                continue;
            };
            change.write_shift(ShiftWrite {
                before: Some(*old),
                after: *new,
                kept: true,
            });
        }
        change.rota_changed(&author, "swap", &weeks, &proposal.sites());
        sites
    } else {
        ctx.store().sites().await?
    };
    change.rota_entry(NewRotaEntry {
        author: author.clone(),
        action: format!("swap.{state}"),
        week: Some(proposal.first_week()),
        detail: describe(&proposal, &sites),
    });
    change.decide_swap(id, &proposal, state, &author);
    ctx.store().commit(change.into_set()).await?;
    let in_force = week_in_force(ctx).await?;
    Ok(SwapView::of(&ctx.store().swap(id).await?, &sites, in_force))
}

/// A coordinator's setting of one week.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OverrideBody {
    /// The primary site.
    #[schema(value_type = i64)]
    pub primary: SiteId,
    /// The backup site.
    #[schema(value_type = i64)]
    pub backup: SiteId,
}

/// Sets the shift of `week` outright, as a coordinator: kept when the year
/// is regenerated, refused if it breaks a rule the rota did not already
/// break, or if the week is past.
pub async fn override_week(ctx: &Context, actor: &Actor, week: NaiveDate, body: OverrideBody) -> ServiceResult<Shift> {
    require_coordinator(actor, "set a week of the rota")?;
    let handover = handover(ctx).await?;
    let week = week_of(week, handover.weekday, "week")?;
    if week < handover.week_at(ctx.now()) {
        return Err(ServiceError::Refused {
            field: "week",
            message: format!("the week of {week} is past: only this week and later ones can be changed"),
        });
    }
    ctx.store().site(body.primary).await?;
    ctx.store().site(body.backup).await?;
    let (rota, _) = planned_rota(ctx, &handover, year_of(week)..=year_of(week)).await?;
    let (sites, available) = availability(ctx).await?;
    let old = *rota.shift(week).ok_or(ServiceError::NotFound("week"))?;
    let new = Shift {
        week_start: week,
        primary: body.primary,
        backup: body.backup,
    };
    let shifts: Vec<Shift> = rota
        .shifts()
        .iter()
        .map(|s| if s.week_start == week { new } else { *s })
        .collect();
    let changed = Rota::new(shifts).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let before = check_without_balance(&rota, &available);
    let broken: Vec<String> = check_without_balance(&changed, &available)
        .into_iter()
        .filter(|v| !before.contains(v))
        .map(|v| name_sites(&v.to_string(), &sites))
        .collect();
    if !broken.is_empty() {
        return Err(ServiceError::Refused {
            field: "rota",
            message: format!("the change would break the rota's rules: {}", broken.join("; ")),
        });
    }
    let author = actor.author();
    let name = site_names(&sites);
    let mut change = Change::new(ctx);
    change.write_shift(ShiftWrite {
        before: Some(old),
        after: new,
        kept: true,
    });
    change.rota_entry(NewRotaEntry {
        author: author.clone(),
        action: "override".into(),
        week: Some(week),
        detail: format!(
            "{}/{} instead of {}/{}",
            name(new.primary),
            name(new.backup),
            name(old.primary),
            name(old.backup)
        ),
    });
    let mut concerned = vec![old.primary, old.backup, new.primary, new.backup];
    concerned.sort();
    concerned.dedup();
    change.rota_changed(&author, "override", &[week], &concerned);
    ctx.store().commit(change.into_set()).await?;
    Ok(new)
}
