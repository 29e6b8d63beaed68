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
        let frame = Rota::new(weeks.iter().map(|&week| placeholder(week, 0)).collect())?;
        let needed = if weeks.len() > 1 { 4 } else { 3 };
        if sites.len() < needed {
            return Err(RotaError::TooFewSites {
                sites: sites.len(),
                weeks: weeks.len(),
                needed,
            });
        }
        let index = |site: SiteId| sites.iter().position(|s| s.site == site);
        for (i, site) in sites.iter().enumerate() {
            if index(site.site) != Some(i) {
                return Err(RotaError::DuplicateSite(site.site));
            }
        }
        let blocked = sites
            .iter()
            .map(|site| weeks.iter().map(|&week| site.blacked_out(week)).collect())
            .collect();
        let mut kept = vec![None; weeks.len()];
        for shift in keep {
            let week = frame
                .index_of(shift.week_start)
                .ok_or(RotaError::KeptOutside(shift.week_start))?;
            if kept[week].is_some() {
                return Err(RotaError::KeptTwice(shift.week_start));
            }
            let unknown = |site, role| {
                RotaError::KeptBreaks(Violation::UnknownSite {
                    week: shift.week_start,
                    site,
                    role,
                })
            };
            let primary = index(shift.primary).ok_or_else(|| unknown(shift.primary, Role::Primary))?;
            let backup = index(shift.backup).ok_or_else(|| unknown(shift.backup, Role::Backup))?;
            kept[week] = Some((primary, backup));
        }
        let share = weeks.len() / sites.len();
        let most = share + usize::from(!weeks.len().is_multiple_of(sites.len()));
        let problem = Problem {
            weeks,
            sites,
            blocked,
            kept,
            share,
            most,
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

    /// Kept shifts that break a rule among themselves, or the balance.
    fn check_kept(&self, keep: &[Shift]) -> Result<(), RotaError> {
        let mut shifts: Vec<Shift> = self.weeks.iter().enumerate().map(|(i, &w)| placeholder(w, i)).collect();
        for shift in keep {
            if let Some(i) = self.weeks.iter().position(|&w| w == shift.week_start) {
                shifts[i] = *shift;
            }
        }
        let partial = Rota::new(shifts)?;
        let broken = check_without_balance(&partial, self.sites)
            .into_iter()
            .find(|v| !matches!(v, Violation::UnknownSite { site, .. } if site.0 < 0));
        if let Some(violation) = broken {
            return Err(RotaError::KeptBreaks(violation));
        }
        let free = self.kept.iter().filter(|k| k.is_none()).count();
        for role in [Role::Primary, Role::Backup] {
            let mut needed = 0;
            for site in self.sites {
                let kept = partial.count(site.site, role);
                if kept > self.most {
                    return Err(RotaError::TooManyKept {
                        site: site.site,
                        role,
                        kept,
                        most: self.most,
                    });
                }
                needed += self.share.saturating_sub(kept);
            }
            if needed > free {
                return Err(RotaError::KeptLeaveTooFew {
                    role,
                    free,
                    share: self.share,
                    needed,
                });
            }
        }
        Ok(())
    }

    /// Every week can have two sites, and every site has weeks for its share.
    fn check_coverage(&self) -> Result<(), RotaError> {
        for (i, &week) in self.weeks.iter().enumerate().filter(|&(i, _)| self.is_free(i)) {
            let available: Vec<SiteId> = (0..self.n())
                .filter(|&s| !self.blocked[s][i])
                .map(|s| self.sites[s].site)
                .collect();
            if available.len() < 2 {
                return Err(RotaError::WeekUncovered { week, available });
            }
        }
        for (s, site) in self.sites.iter().enumerate() {
            let kept = |role| {
                (0..self.weeks.len())
                    .filter(|&i| self.kept_site(Some(i), role) == Some(s))
                    .count()
            };
            let needed = self.share.saturating_sub(kept(Role::Primary)) + self.share.saturating_sub(kept(Role::Backup));
            let available = (0..self.weeks.len())
                .filter(|&i| self.is_free(i) && !self.blocked[s][i])
                .count();
            if available < needed {
                return Err(RotaError::TooFewFreeWeeks {
                    site: site.site,
                    needed,
                    available,
                });
            }
        }
        Ok(())
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

/// A shift no real site can conflict with: placeholder sites have negative
/// ids of their own.
fn placeholder(week: Week, index: usize) -> Shift {
    let id = -2 * i64::try_from(index).unwrap_or(0);
    Shift {
        week_start: week,
        primary: SiteId(id - 1),
        backup: SiteId(id - 2),
    }
}

/// The greedy choice of primaries.
mod primaries {
    use std::cmp::Ordering;

    use super::*;

    /// What a site is, for one week's choice.
    struct Standing {
        site: usize,
        owed: usize,
        available: usize,
        since_last: usize,
        draw: u64,
    }

    impl Standing {
        /// The more urgent first.
        fn order(&self, other: &Self) -> Ordering {
            let urgency = (other.owed * self.available).cmp(&(self.owed * other.available));
            (other.owed > 0)
                .cmp(&(self.owed > 0))
                .then(urgency)
                .then(other.since_last.cmp(&self.since_last))
                .then(self.draw.cmp(&other.draw))
        }
    }

    /// Why the sites could not take a week.
    #[derive(Default)]
    struct Refusals {
        blacked_out: usize,
        next_door: usize,
        too_soon: usize,
        share: usize,
    }

    impl Refusals {
        fn reason(&self, gap: usize, most: usize) -> String {
            format!(
                "of the sites, {} blacked it out, {} are primary or backup the week before or after, \
                 {} are primary fewer than {gap} weeks before or after, and {} have their share ({most} at most, \
                 or every site short of its share needs the weeks left)",
                self.blacked_out, self.next_door, self.too_soon, self.share
            )
        }
    }

    impl Problem<'_> {
        /// The primary of every week.
        pub(super) fn primaries(&self, rng: &mut StdRng, loosely: bool) -> Result<Vec<usize>, Stuck> {
            let (n, w) = (self.n(), self.weeks.len());
            let mut primary: Vec<Option<usize>> = (0..w).map(|i| self.kept_site(Some(i), Role::Primary)).collect();
            let mut count = vec![0; n];
            let mut taken: Vec<Vec<usize>> = vec![Vec::new(); n];
            for (i, site) in primary.iter().enumerate() {
                if let &Some(s) = site {
                    count[s] += 1;
                    taken[s].push(i);
                }
            }
            let draws: Vec<u64> = (0..n).map(|_| rng.random()).collect();
            let mut free_left = (0..w).filter(|&i| self.is_free(i)).count();
            for i in (0..w).filter(|&i| self.is_free(i)) {
                let owed: usize = count.iter().map(|&c| self.share.saturating_sub(c)).sum();
                let only_owed = free_left <= owed;
                let mut refusals = Refusals::default();
                let mut standings = Vec::new();
                for s in 0..n {
                    if self.blocked[s][i] {
                        refusals.blacked_out += 1;
                    } else if self.next_door(i, s, &primary) {
                        refusals.next_door += 1;
                    } else if taken[s].iter().any(|&j| j.abs_diff(i) < self.min_gap) {
                        refusals.too_soon += 1;
                    } else if count[s] >= self.most || (only_owed && count[s] >= self.share) {
                        refusals.share += 1;
                    } else {
                        standings.push(Standing {
                            site: s,
                            owed: self.share.saturating_sub(count[s]),
                            available: self.capacity(s, i, &taken[s]),
                            since_last: taken[s]
                                .iter()
                                .filter(|&&j| j < i)
                                .map(|&j| i - j)
                                .min()
                                .unwrap_or(usize::MAX),
                            draw: draws[s],
                        });
                    }
                }
                standings.sort_by(Standing::order);
                let pick = if loosely && rng.random_bool(0.25) {
                    rng.random_range(0..standings.len().clamp(1, 3))
                } else {
                    0
                };
                let Some(chosen) = standings.get(pick) else {
                    return Err(self.stuck(i, Role::Primary, refusals.reason(self.min_gap, self.most)));
                };
                let s = chosen.site;
                primary[i] = Some(s);
                count[s] += 1;
                taken[s].push(i);
                free_left -= 1;
            }
            Ok(primary.into_iter().map(|s| s.unwrap_or(0)).collect())
        }

        /// The most primary shifts `s` could still take from week `i` on:
        /// the weeks it did not black out, spaced by the spread rule from
        /// each other and from the shifts it has (placed as early as
        /// possible, which places the most).
        fn capacity(&self, s: usize, i: usize, taken: &[usize]) -> usize {
            let mut last: Option<usize> = None;
            let mut count = 0;
            for j in (i..self.weeks.len()).filter(|&j| self.is_free(j) && !self.blocked[s][j]) {
                let spaced = |t: usize| t.abs_diff(j) >= self.min_gap;
                if taken.iter().copied().all(spaced) && last.is_none_or(spaced) {
                    count += 1;
                    last = Some(j);
                }
            }
            count
        }

        /// Whether `s` is primary the week before or after, or backup of a
        /// kept week next door.
        fn next_door(&self, i: usize, s: usize, primary: &[Option<usize>]) -> bool {
            let before = i.checked_sub(1);
            let after = Some(i + 1).filter(|&j| j < primary.len());
            [before, after]
                .into_iter()
                .flatten()
                .any(|j| primary[j] == Some(s) || self.kept_site(Some(j), Role::Backup) == Some(s))
        }
    }
}

/// The matching of backups.
mod backups {
    use super::*;

    /// Backups assigned so far.
    struct Matching {
        site_of: Vec<Option<usize>>,
        weeks_of: Vec<Vec<usize>>,
    }

    impl Matching {
        /// Finds a site for `week`, moving others along a path if needed.
        fn augment(&mut self, week: usize, candidates: &[Vec<usize>], caps: &[usize], seen: &mut [bool]) -> bool {
            for &s in &candidates[week] {
                if seen[s] {
                    continue;
                }
                seen[s] = true;
                if self.weeks_of[s].len() < caps[s] {
                    self.take(week, s);
                    return true;
                }
                for other in self.weeks_of[s].clone() {
                    if self.augment(other, candidates, caps, seen) {
                        self.weeks_of[s].retain(|&j| j != other);
                        self.take(week, s);
                        return true;
                    }
                }
            }
            false
        }

        fn take(&mut self, week: usize, s: usize) {
            self.site_of[week] = Some(s);
            self.weeks_of[s].push(week);
        }
    }

    impl Problem<'_> {
        /// The backup of every week, given the primaries.
        pub(super) fn backups(&self, primary: &[usize], rng: &mut StdRng) -> Result<Vec<usize>, Stuck> {
            let (n, w) = (self.n(), self.weeks.len());
            let mut kept = vec![0; n];
            let mut candidates = vec![Vec::new(); w];
            for i in 0..w {
                if let Some(s) = self.kept_site(Some(i), Role::Backup) {
                    kept[s] += 1;
                    continue;
                }
                let next_door =
                    |s: usize| primary[i] == s || (i > 0 && primary[i - 1] == s) || primary.get(i + 1) == Some(&s);
                candidates[i] = (0..n).filter(|&s| !self.blocked[s][i] && !next_door(s)).collect();
                candidates[i].shuffle(rng);
            }
            let mut matching = Matching {
                site_of: vec![None; w],
                weeks_of: vec![Vec::new(); n],
            };
            let lower: Vec<usize> = kept.iter().map(|&k| self.share.saturating_sub(k)).collect();
            let upper: Vec<usize> = kept.iter().map(|&k| self.most.saturating_sub(k)).collect();
            for i in (0..w).filter(|&i| self.is_free(i)) {
                matching.augment(i, &candidates, &lower, &mut vec![false; n]);
            }
            if let Some(s) = (0..n).find(|&s| matching.weeks_of[s].len() < lower[s]) {
                let reason = format!(
                    "site {} can be backup in too few weeks for its share of {}: the others are blacked out or next \
                     to its primary shifts",
                    self.sites[s].site, self.share
                );
                let week = (0..w)
                    .find(|&i| self.is_free(i) && matching.site_of[i].is_none())
                    .unwrap_or(0);
                return Err(self.stuck(week, Role::Backup, reason));
            }
            let left: Vec<usize> = (0..w)
                .filter(|&i| self.is_free(i) && matching.site_of[i].is_none())
                .collect();
            for i in left {
                if !matching.augment(i, &candidates, &upper, &mut vec![false; n]) {
                    let reason = "every site that may be backup is blacked out, primary that week or the week \
                                  before or after, or has its share"
                        .to_owned();
                    return Err(self.stuck(i, Role::Backup, reason));
                }
            }
            Ok((0..w)
                .map(|i| {
                    matching.site_of[i]
                        .or(self.kept_site(Some(i), Role::Backup))
                        .unwrap_or(0)
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate, Weekday};

    use super::*;
    use crate::rota::model::year_weeks;

    fn sites(count: i64) -> Vec<SiteAvailability> {
        (1..=count).map(|id| SiteAvailability::free(SiteId(id))).collect()
    }

    fn weeks() -> Vec<Week> {
        year_weeks(2026, Weekday::Mon)
    }

    #[test]
    fn seventeen_sites_share_a_year_fairly() {
        let sites = sites(17);
        let rota = generate(&weeks(), &sites, 7, &[]).unwrap();
        assert_eq!(rota.shifts().len(), 52);
        assert_eq!(check(&rota, &sites), vec![]);
        let counts: Vec<usize> = sites.iter().map(|s| rota.count(s.site, Role::Primary)).collect();
        assert_eq!(counts.iter().sum::<usize>(), 52);
        assert!(counts.iter().all(|&c| c == 3 || c == 4), "{counts:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_rota_and_another_seed_another() {
        let sites = sites(17);
        let first = generate(&weeks(), &sites, 42, &[]).unwrap();
        assert_eq!(generate(&weeks(), &sites, 42, &[]).unwrap(), first);
        assert_ne!(generate(&weeks(), &sites, 43, &[]).unwrap(), first);
    }

    #[test]
    fn fewer_than_three_sites_or_three_for_a_year_are_refused() {
        let two = generate(&weeks(), &sites(2), 1, &[]).unwrap_err();
        assert!(
            matches!(
                two,
                RotaError::TooFewSites {
                    sites: 2,
                    needed: 4,
                    ..
                }
            ),
            "{two}"
        );
        let three = generate(&weeks(), &sites(3), 1, &[]).unwrap_err();
        assert!(
            matches!(
                three,
                RotaError::TooFewSites {
                    sites: 3,
                    needed: 4,
                    ..
                }
            ),
            "{three}"
        );
        assert!(three.to_string().contains("backup"), "{three}");
        let one_week = generate(&weeks()[..1], &sites(3), 1, &[]).unwrap();
        assert_eq!(check(&one_week, &sites(3)), vec![]);
        assert!(generate(&weeks(), &sites(4), 1, &[]).is_ok());
    }

    #[test]
    fn a_week_every_site_blacked_out_is_named() {
        let mut sites = sites(5);
        let week = weeks()[10];
        for site in &mut sites[1..] {
            site.blackout_weeks.insert(week.start() + Days::new(2));
        }
        let error = generate(&weeks(), &sites, 1, &[]).unwrap_err();
        assert_eq!(
            error,
            RotaError::WeekUncovered {
                week,
                available: vec![SiteId(1)]
            }
        );
        assert!(error.to_string().contains("2026-03-16"), "{error}");
    }

    #[test]
    fn blackouts_that_leave_a_site_too_few_weeks_are_explained() {
        let mut sites = sites(5);
        sites[0].blackout_weeks = weeks()[..45].iter().map(|w| w.start()).collect();
        // 52 weeks, 5 sites: 10 primary and 10 backup shifts each, 7 weeks free.
        let error = generate(&weeks(), &sites, 1, &[]).unwrap_err();
        assert_eq!(
            error,
            RotaError::TooFewFreeWeeks {
                site: SiteId(1),
                needed: 20,
                available: 7
            }
        );
    }

    #[test]
    fn blackouts_are_respected() {
        let mut sites = sites(8);
        for (i, site) in sites.iter_mut().enumerate() {
            site.blackout_weeks = weeks().iter().skip(i).step_by(6).map(|w| w.start()).collect();
        }
        let rota = generate(&weeks(), &sites, 3, &[]).unwrap();
        assert_eq!(check(&rota, &sites), vec![]);
    }

    #[test]
    fn kept_shifts_stay_and_the_rest_is_balanced_around_them() {
        let sites = sites(10);
        let first = generate(&weeks(), &sites, 5, &[]).unwrap();
        let mut keep: Vec<Shift> = first.shifts()[..20].to_vec();
        let regenerated = generate(&weeks(), &sites, 6, &keep).unwrap();
        assert_eq!(&regenerated.shifts()[..20], &keep[..]);
        assert_eq!(check(&regenerated, &sites), vec![]);
        // A shift later in the year is kept too, as an accepted swap is.
        keep.push(regenerated.shifts()[40]);
        let again = generate(&weeks(), &sites, 7, &keep).unwrap();
        assert_eq!(again.shifts()[40], keep[20]);
        assert_eq!(check(&again, &sites), vec![]);
    }

    #[test]
    fn kept_shifts_that_break_a_rule_or_the_share_are_refused() {
        let sites = sites(10);
        let shift = |i: usize, primary, backup| Shift {
            week_start: weeks()[i],
            primary: SiteId(primary),
            backup: SiteId(backup),
        };
        let twice = generate(&weeks(), &sites, 1, &[shift(0, 1, 2), shift(1, 1, 3)]).unwrap_err();
        assert!(
            matches!(twice, RotaError::KeptBreaks(Violation::PrimaryTwiceInARow { .. })),
            "{twice}"
        );
        let many: Vec<Shift> = (0..7).map(|k| shift(k * 7, 1, 2 + (k % 2) as i64 * 3)).collect();
        let error = generate(&weeks(), &sites, 1, &many).unwrap_err();
        assert_eq!(
            error,
            RotaError::TooManyKept {
                site: SiteId(1),
                role: Role::Primary,
                kept: 7,
                most: 6
            }
        );
        let outside = Shift {
            week_start: Week(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()),
            ..shift(0, 1, 2)
        };
        assert_eq!(
            generate(&weeks(), &sites, 1, &[outside]).unwrap_err(),
            RotaError::KeptOutside(outside.week_start)
        );
    }

    #[test]
    fn sixty_sites_fill_a_year_quickly() {
        let sites = sites(60);
        let started = std::time::Instant::now();
        let rota = generate(&weeks(), &sites, 9, &[]).unwrap();
        assert_eq!(check(&rota, &sites), vec![]);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
    }
}
