//! Swapping shifts between sites, or giving one away.
//!
//! A swap is refused when it touches a week before today's, names a site
//! that is not on the shift it gives, or breaks a rule of
//! [`super::rules`] that the rota did not already break.
//!
//! **Balance is not checked.** A give-away moves one shift from a site to
//! another, and an exchange of a primary shift for a backup shift moves one
//! of each, so two sites' counts may end up two apart: that is what sites
//! agree to when they swap. Regenerating the year keeps the accepted swaps
//! and balances the weeks generated around them
//! ([`super::generate`](mod@super::generate)).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::{Rota, SiteAvailability, Week};
use super::rules::{Violation, check_without_balance};
use crate::ids::SiteId;

/// What a site proposes to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SwapProposal {
    /// Site `a` gives its shift of `a_week` to site `b`, and takes `b`'s
    /// shift of `b_week`. Each shift keeps its role: if `a` is primary in
    /// `a_week`, `b` becomes primary there. One week for both exchanges the
    /// primary and backup of that week.
    Exchange {
        /// The proposing site.
        a: SiteId,
        /// The week of its shift.
        a_week: Week,
        /// The other site.
        b: SiteId,
        /// The week of the other site's shift.
        b_week: Week,
    },
    /// Site `from` gives its shift of `week` to site `to`, in the same role.
    GiveAway {
        /// The site giving the shift.
        from: SiteId,
        /// The week.
        week: Week,
        /// The site taking it.
        to: SiteId,
    },
}

impl SwapProposal {
    /// The proposing site, then the site asked: both hear of the swap.
    pub fn sites(&self) -> [SiteId; 2] {
        [self.proposer(), self.responder()]
    }

    /// The site that proposes.
    pub fn proposer(&self) -> SiteId {
        match *self {
            SwapProposal::Exchange { a, .. } => a,
            SwapProposal::GiveAway { from, .. } => from,
        }
    }

    /// The site asked, which accepts or declines.
    pub fn responder(&self) -> SiteId {
        match *self {
            SwapProposal::Exchange { b, .. } => b,
            SwapProposal::GiveAway { to, .. } => to,
        }
    }

    /// The weeks the swap changes, in order, once each.
    pub fn weeks(&self) -> Vec<Week> {
        match *self {
            SwapProposal::Exchange { a_week, b_week, .. } if a_week == b_week => vec![a_week],
            SwapProposal::Exchange { a_week, b_week, .. } => vec![a_week.min(b_week), a_week.max(b_week)],
            SwapProposal::GiveAway { week, .. } => vec![week],
        }
    }

    /// The first week the swap changes: once it is past, the swap is too.
    pub fn first_week(&self) -> Week {
        self.weeks()[0]
    }
}

crate::label::labelled_enum! {
    /// Where a swap proposal stands.
    SwapState, field = "state" {
        /// Waiting for the site asked.
        Proposed => "proposed",
        /// Accepted, and applied to the rota.
        Accepted => "accepted",
        /// Declined by the site asked (or a coordinator).
        Declined => "declined",
        /// Withdrawn by the proposing site, or dropped because the rota
        /// changed under it.
        Withdrawn => "withdrawn",
    }
}

impl SwapState {
    /// Whether the proposal still waits for a decision.
    pub fn is_open(self) -> bool {
        self == SwapState::Proposed
    }
}

/// Why a swap is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SwapRefusal {
    /// The week is before today's.
    #[error("the week of {week} is past: only this week and later ones can be swapped")]
    Past {
        /// The week.
        week: Week,
    },
    /// The week is not in the rota.
    #[error("the week of {week} is not in the rota")]
    NotInRota {
        /// The week.
        week: Week,
    },
    /// The site gives a shift it does not hold.
    #[error("site {site} is not on shift in the week of {week}")]
    NotOnShift {
        /// The site.
        site: SiteId,
        /// The week.
        week: Week,
    },
    /// A site would swap with itself.
    #[error("site {0} cannot swap a shift with itself")]
    SameSite(SiteId),
    /// The swap breaks rules; each is named.
    #[error("the swap would break the rota's rules: {}", list(.0))]
    Breaks(Vec<Violation>),
}

fn list(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// `rota` with `proposal` applied on `today` (a date in the handover's
/// zone), or why not. `sites` are the rota's sites, for the blackouts and
/// the spread rule.
pub fn apply_swap(
    rota: &Rota,
    sites: &[SiteAvailability],
    proposal: &SwapProposal,
    today: NaiveDate,
) -> Result<Rota, SwapRefusal> {
    let mut swapped = rota.clone();
    match *proposal {
        SwapProposal::Exchange { a, a_week, b, b_week } => {
            if a == b {
                return Err(SwapRefusal::SameSite(a));
            }
            let (i, a_role) = holding(rota, a, a_week, today)?;
            let (j, b_role) = holding(rota, b, b_week, today)?;
            let shifts = swapped.shifts_mut();
            shifts[i] = shifts[i].with(a_role, b);
            shifts[j] = shifts[j].with(b_role, a);
        }
        SwapProposal::GiveAway { from, week, to } => {
            if from == to {
                return Err(SwapRefusal::SameSite(from));
            }
            let (i, role) = holding(rota, from, week, today)?;
            let shifts = swapped.shifts_mut();
            shifts[i] = shifts[i].with(role, to);
        }
    }
    let before = check_without_balance(rota, sites);
    let broken: Vec<Violation> = check_without_balance(&swapped, sites)
        .into_iter()
        .filter(|violation| !before.contains(violation))
        .collect();
    if broken.is_empty() {
        Ok(swapped)
    } else {
        Err(SwapRefusal::Breaks(broken))
    }
}

/// The index of `week` in `rota` and `site`'s role there, if `week` is not
/// past and `site` holds a shift in it.
fn holding(
    rota: &Rota,
    site: SiteId,
    week: Week,
    today: NaiveDate,
) -> Result<(usize, super::model::Role), SwapRefusal> {
    if week < Week::containing(today, week.start().weekday()) {
        return Err(SwapRefusal::Past { week });
    }
    let index = rota.index_of(week).ok_or(SwapRefusal::NotInRota { week })?;
    let role = rota.shifts()[index]
        .role_of(site)
        .ok_or(SwapRefusal::NotOnShift { site, week })?;
    Ok((index, role))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rota::model::{Role, Shift};
    use crate::rota::rules::check;

    fn week(i: u64) -> Week {
        Week(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(7 * i))
    }

    /// Eight sites in turn over sixteen weeks: primary i, backup i + 4.
    fn rota() -> Rota {
        let shifts = (0..16)
            .map(|i| Shift {
                week_start: week(i),
                primary: SiteId(1 + (i % 8) as i64),
                backup: SiteId(1 + ((i + 4) % 8) as i64),
            })
            .collect();
        Rota::new(shifts).unwrap()
    }

    fn sites() -> Vec<SiteAvailability> {
        (1..=8).map(|id| SiteAvailability::free(SiteId(id))).collect()
    }

    fn today() -> NaiveDate {
        week(2).start() + chrono::Days::new(3)
    }

    #[test]
    fn the_turns_break_no_rule() {
        assert_eq!(check(&rota(), &sites()), vec![]);
    }

    #[test]
    fn an_exchange_of_two_primary_shifts_swaps_the_sites() {
        let proposal = SwapProposal::Exchange {
            a: SiteId(4),
            a_week: week(3),
            b: SiteId(5),
            b_week: week(4),
        };
        let swapped = apply_swap(&rota(), &sites(), &proposal, today()).unwrap();
        assert_eq!(swapped.shift(week(3)).unwrap().primary, SiteId(5));
        assert_eq!(swapped.shift(week(4)).unwrap().primary, SiteId(4));
        assert_eq!(check(&swapped, &sites()), vec![]);
    }

    #[test]
    fn a_give_away_keeps_the_role_and_may_unbalance() {
        // Site 4 is backup in week 15; site 6 takes it.
        let proposal = SwapProposal::GiveAway {
            from: SiteId(4),
            week: week(15),
            to: SiteId(6),
        };
        let given = apply_swap(&rota(), &sites(), &proposal, today()).unwrap();
        let shift = given.shift(week(15)).unwrap();
        assert_eq!(shift.role_of(SiteId(6)), Some(Role::Backup));
        assert_eq!(given.count(SiteId(6), Role::Backup), 3);
        assert_eq!(given.count(SiteId(4), Role::Backup), 1);
        assert!(
            check(&given, &sites())
                .iter()
                .any(|v| matches!(v, Violation::Unbalanced { .. }))
        );
    }

    #[test]
    fn two_weeks_in_a_row_are_refused_with_the_reason() {
        let proposal = SwapProposal::GiveAway {
            from: SiteId(5),
            week: week(4),
            to: SiteId(4),
        };
        let refusal = apply_swap(&rota(), &sites(), &proposal, today()).unwrap_err();
        let SwapRefusal::Breaks(broken) = &refusal else {
            panic!("{refusal}")
        };
        assert!(broken.contains(&Violation::PrimaryTwiceInARow {
            week: week(4),
            site: SiteId(4)
        }));
        assert!(refusal.to_string().contains("two weeks in a row"), "{refusal}");
    }

    #[test]
    fn a_past_week_is_refused_and_this_week_is_not() {
        let past = SwapProposal::Exchange {
            a: SiteId(2),
            a_week: week(1),
            b: SiteId(5),
            b_week: week(12),
        };
        assert_eq!(
            apply_swap(&rota(), &sites(), &past, today()).unwrap_err(),
            SwapRefusal::Past { week: week(1) }
        );
        let this_week = SwapProposal::Exchange {
            a: SiteId(3),
            a_week: week(2),
            b: SiteId(7),
            b_week: week(2),
        };
        let swapped = apply_swap(&rota(), &sites(), &this_week, today()).unwrap();
        assert_eq!(swapped.shift(week(2)).unwrap().primary, SiteId(7));
        assert_eq!(swapped.shift(week(2)).unwrap().backup, SiteId(3));
    }

    #[test]
    fn a_site_not_on_the_shift_or_a_blackout_is_refused() {
        let not_on_shift = SwapProposal::GiveAway {
            from: SiteId(1),
            week: week(5),
            to: SiteId(2),
        };
        assert_eq!(
            apply_swap(&rota(), &sites(), &not_on_shift, today()).unwrap_err(),
            SwapRefusal::NotOnShift {
                site: SiteId(1),
                week: week(5)
            }
        );
        let mut sites = sites();
        sites[1].blackout_weeks.insert(week(3).start());
        let onto_blackout = SwapProposal::GiveAway {
            from: SiteId(8),
            week: week(3),
            to: SiteId(2),
        };
        let refusal = apply_swap(&rota(), &sites, &onto_blackout, today()).unwrap_err();
        assert_eq!(
            refusal,
            SwapRefusal::Breaks(vec![Violation::Blackout {
                week: week(3),
                site: SiteId(2),
                role: Role::Backup
            }])
        );
    }
}
