//! Generating a fair rota: every rule of [`super::rules`] holds, or the
//! error says which cannot and why.
//!
//! # How
//!
//! 1. **Checks first.** Too few sites, a week fewer than two sites can
//!    take, kept shifts that break a rule or take more than a site's share,
//!    a site whose blackouts leave it too few weeks for its share: each is
//!    refused with the week or the site at fault, before any search.
//! 2. **Primaries, week by week.** Each week that is not kept goes to an
//!    allowed site (not blacked out, not primary or backup next door, at
//!    least [`super::rules::min_gap`] weeks from its other primary shifts,
//!    below its share), the most *urgent* first: shifts still owed over the
//!    most it could still take (in the weeks it did not black out, spaced
//!    by the spread rule), then the longest since its last shift, then
//!    a draw from the seed. When the weeks left are just enough for the
//!    shifts still owed, only sites owed one may take the week.
//! 3. **Backups, as a matching.** Backups are assigned by augmenting
//!    paths, first up to every site's lower share, then up to the upper
//!    share, so the backup counts are balanced whenever the primaries
//!    allow it.
//! 4. **Check.** The result goes through [`super::rules::check`]. A search
//!    that gets stuck starts again, up to [`ATTEMPTS`] times, drawing
//!    more freely among the most urgent sites; the error names the week
//!    and the rule of the first attempt that got stuck.
//!
//! # Balance with kept shifts
//!
//! Kept shifts (the past weeks, accepted swaps) count: the counts are
//! balanced over all the weeks, so the weeks generated make up for a swap
//! that gave a site one shift more. Kept shifts that already give a site
//! more than its share cannot be balanced, and are refused.
//!
//! # Reproducible
//!
//! The same weeks, sites (in the same order), seed and kept shifts give
//! the same rota, with this version of `rand` (`StdRng` may change its
//! algorithm in a later version).

pub use joined::{Joined, generate_joined, seam_violations};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::model::{Role, Rota, RotaShapeError, Shift, SiteAvailability, Week};
use super::rules::{Violation, check, check_without_balance, min_gap};
use crate::ids::SiteId;

/// How many times a stuck search starts again.
pub const ATTEMPTS: usize = 40;

/// Why no fair rota could be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RotaError {
    /// Too few sites for the weeks.
    #[error(
        "{sites} sites cannot share {weeks} weeks fairly: at least {needed} are needed, since a week's backup \
         must differ from the primaries of that week and of the weeks around it"
    )]
    TooFewSites {
        /// The sites given.
        sites: usize,
        /// The weeks to staff.
        weeks: usize,
        /// The fewest sites that can.
        needed: usize,
    },
    /// A site is given twice.
    #[error("site {0} is given twice")]
    DuplicateSite(SiteId),
    /// The weeks do not follow each other.
    #[error(transparent)]
    Weeks(#[from] RotaShapeError),
    /// A kept shift is not one of the weeks.
    #[error("the kept shift of {0} is not one of the weeks to generate")]
    KeptOutside(Week),
    /// Two kept shifts for one week.
    #[error("two kept shifts for {0}")]
    KeptTwice(Week),
    /// Kept shifts that break a rule among themselves.
    #[error("the kept shifts break a rule: {0}")]
    KeptBreaks(Violation),
    /// Kept shifts give a site more than its share.
    #[error("the kept shifts give site {site} {kept} {role} shifts, more than the {most} a balanced rota allows")]
    TooManyKept {
        /// The site.
        site: SiteId,
        /// The role.
        role: Role,
        /// Its kept shifts in that role.
        kept: usize,
        /// The most a site may have.
        most: usize,
    },
    /// The kept shifts leave too few weeks for the sites still short.
    #[error(
        "the kept shifts leave {free} weeks, but the sites that have fewer than {share} {role} shifts need {needed}"
    )]
    KeptLeaveTooFew {
        /// The role.
        role: Role,
        /// The weeks not kept.
        free: usize,
        /// Every site's lower share.
        share: usize,
        /// The shifts the sites are still owed.
        needed: usize,
    },
    /// Fewer than two sites can take a week.
    #[error(
        "nobody can staff {week}: {} — a week needs a primary and a backup site",
        describe(available)
    )]
    WeekUncovered {
        /// The week.
        week: Week,
        /// The sites that did not black it out.
        available: Vec<SiteId>,
    },
    /// A site's blackouts leave it fewer weeks than its share.
    #[error(
        "site {site} must take {needed} shifts (primary and backup) for the rota to be balanced, \
         but its blackouts leave it only {available} of the weeks to generate"
    )]
    TooFewFreeWeeks {
        /// The site.
        site: SiteId,
        /// The shifts it must take among the weeks generated.
        needed: usize,
        /// The weeks it did not black out among them.
        available: usize,
    },
    /// No attempt met every rule.
    #[error("no fair rota found: {role} of {week}: {reason}")]
    Unsatisfiable {
        /// The week the search got stuck at.
        week: Week,
        /// The role it could not fill.
        role: Role,
        /// Why no site could take it.
        reason: String,
    },
}

fn describe(sites: &[SiteId]) -> String {
    match sites {
        [] => "every site blacked it out".to_owned(),
        [one] => format!("only site {one} did not black it out"),
        _ => format!("only {} sites did not black it out", sites.len()),
    }
}

/// A fair rota of `weeks` with `sites`, drawn from `seed`, with `keep`'s
/// shifts as they are. See the module's documentation for how, and
/// [`RotaError`] for what it refuses.
pub fn generate(weeks: &[Week], sites: &[SiteAvailability], seed: u64, keep: &[Shift]) -> Result<Rota, RotaError> {
    let problem = Problem::new(weeks, sites, keep)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut first_stuck = None;
    for attempt in 0..ATTEMPTS {
        match problem.attempt(&mut rng, attempt > 0) {
            Ok(rota) => return Ok(rota),
            Err(stuck) => {
                first_stuck.get_or_insert(stuck);
            }
        }
    }
    let stuck = first_stuck.unwrap_or(Stuck {
        week: 0,
        role: Role::Primary,
        reason: String::new(),
    });
    Err(RotaError::Unsatisfiable {
        week: weeks[stuck.week],
        role: stuck.role,
        reason: stuck.reason,
    })
}

/// Where an attempt got stuck.
struct Stuck {
    week: usize,
    role: Role,
    reason: String,
}

/// The weeks, sites and kept shifts, as indices.
struct Problem<'a> {
    weeks: &'a [Week],
    sites: &'a [SiteAvailability],
    /// `blocked[site][week]`.
    blocked: Vec<Vec<bool>>,
    /// The kept (primary, backup) of each week.
    kept: Vec<Option<(usize, usize)>>,
    /// Every site's lower share, in each role.
    share: usize,
    /// The most shifts a site may have in each role.
    most: usize,
    min_gap: usize,
}

impl<'a> Problem<'a> {
    fn new(weeks: &'a [Week], sites: &'a [SiteAvailability], keep: &[Shift]) -> Result<Self, RotaError> {
        let needed = if weeks.len() > 1 { 4 } else { 3 };
        if sites.len() < needed {
            return Err(RotaError::TooFewSites {
                sites: sites.len(),
                weeks: weeks.len(),
                needed,
            });
        }
        checks::distinct(sites)?;
        let share = weeks.len() / sites.len();
        let problem = Problem {
            weeks,
            sites,
            blocked: sites
                .iter()
                .map(|site| weeks.iter().map(|&week| site.blacked_out(week)).collect())
                .collect(),
            kept: checks::kept(weeks, sites, keep)?,
            share,
            most: share + usize::from(!weeks.len().is_multiple_of(sites.len())),
            min_gap: usize::try_from(min_gap(sites.len())).unwrap_or(usize::MAX),
        };
        problem.check_kept(keep)?;
        problem.check_coverage()?;
        Ok(problem)
    }

    fn n(&self) -> usize {
        self.sites.len()
    }

    fn is_free(&self, week: usize) -> bool {
        self.kept[week].is_none()
    }

    fn kept_site(&self, week: Option<usize>, role: Role) -> Option<usize> {
        let (primary, backup) = self.kept.get(week?).copied().flatten()?;
        Some(match role {
            Role::Primary => primary,
            Role::Backup => backup,
        })
    }

    fn attempt(&self, rng: &mut StdRng, loosely: bool) -> Result<Rota, Stuck> {
        let primaries = self.primaries(rng, loosely)?;
        let backups = self.backups(&primaries, rng)?;
        let shifts = self
            .weeks
            .iter()
            .enumerate()
            .map(|(i, &week_start)| Shift {
                week_start,
                primary: self.sites[primaries[i]].site,
                backup: self.sites[backups[i]].site,
            })
            .collect();
        let rota = Rota::new(shifts).map_err(|error| self.stuck(0, Role::Primary, error.to_string()))?;
        match check(&rota, self.sites).into_iter().next() {
            None => Ok(rota),
            Some(violation) => Err(self.stuck(0, Role::Primary, violation.to_string())),
        }
    }

    fn stuck(&self, week: usize, role: Role, reason: String) -> Stuck {
        Stuck { week, role, reason }
    }
}

mod backups;
mod checks;
mod joined;
mod primaries;
#[cfg(test)]
mod tests;
