//! The invariants of a fair rota, and the check naming each one broken.
//!
//! - **Two sites.** A shift's primary and backup are different sites.
//! - **Backup apart.** The backup of a week is not the primary of the week
//!   before or the week after.
//! - **Rested.** No site is primary two weeks in a row.
//! - **Blackouts.** No site holds a shift, primary or backup, in a week it
//!   blacked out.
//! - **Balanced.** Over the rota's weeks, the primary counts of two sites
//!   differ by at most one, and so do the backup counts; a site of the list
//!   without any shift counts zero.
//! - **Spread.** Two primary shifts of one site are at least
//!   [`min_gap`] weeks apart (start to start): half the period a site would
//!   come back with if the sites took turns, so a site is never back on
//!   shift soon after its last one. Two weeks in a row are reported as
//!   *rested*, not also as *spread*.
//!
//! The rules hold inside the rota: its first week has no week before.

use std::collections::BTreeMap;

use super::model::{Role, Rota, SiteAvailability, Week};
use crate::ids::SiteId;

/// The fewest weeks between two primary shifts of one site, with `sites`
/// sites in the rota: half of `sites`, and at least two.
pub fn min_gap(sites: usize) -> i64 {
    i64::try_from(sites / 2).unwrap_or(i64::MAX).max(2)
}

/// One broken rule, with the week and the sites that break it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    /// A site is primary and backup of one week.
    #[error("week {week}: site {site} is both primary and backup")]
    SameSite {
        /// The week.
        week: Week,
        /// The site.
        site: SiteId,
    },
    /// The backup of a week is primary the week before or after.
    #[error("week {week}: the backup, site {site}, is primary in the neighbouring week {primary_week}")]
    BackupNextToPrimary {
        /// The week of the backup shift.
        week: Week,
        /// The site.
        site: SiteId,
        /// The week before or after, where it is primary.
        primary_week: Week,
    },
    /// A site is primary two weeks in a row.
    #[error("week {week}: site {site} is primary two weeks in a row")]
    PrimaryTwiceInARow {
        /// The second of the two weeks.
        week: Week,
        /// The site.
        site: SiteId,
    },
    /// A site holds a shift in a week it blacked out.
    #[error("week {week}: site {site} is {role} in a week it blacked out")]
    Blackout {
        /// The week.
        week: Week,
        /// The site.
        site: SiteId,
        /// Its role that week.
        role: Role,
    },
    /// A site holds a shift but is not one of the rota's sites.
    #[error("week {week}: site {site}, {role}, is not one of the rota's sites")]
    UnknownSite {
        /// The week.
        week: Week,
        /// The site.
        site: SiteId,
        /// Its role that week.
        role: Role,
    },
    /// Two sites' counts of shifts in one role differ by more than one.
    #[error("{role} shifts are unbalanced: site {most} has {most_count}, site {least} has {least_count}")]
    Unbalanced {
        /// The role counted.
        role: Role,
        /// The site with the most shifts in that role.
        most: SiteId,
        /// Its count.
        most_count: usize,
        /// The site with the fewest.
        least: SiteId,
        /// Its count.
        least_count: usize,
    },
    /// Two primary shifts of a site are too close.
    #[error("site {site} is primary in {first} and again in {second}, fewer than {min_gap} weeks later")]
    TooClose {
        /// The site.
        site: SiteId,
        /// Its earlier shift.
        first: Week,
        /// Its next shift.
        second: Week,
        /// The fewest weeks allowed between them.
        min_gap: i64,
    },
}

/// Every rule `rota` breaks with `sites`, in the order of the module's list.
pub fn check(rota: &Rota, sites: &[SiteAvailability]) -> Vec<Violation> {
    let mut violations = check_without_balance(rota, sites);
    violations.extend(balance(rota, sites));
    violations
}

/// Every rule but balance that `rota` breaks with `sites`: what a swap must
/// not break.
pub fn check_without_balance(rota: &Rota, sites: &[SiteAvailability]) -> Vec<Violation> {
    let mut violations = weekly(rota, sites);
    violations.extend(spread(rota, sites.len()));
    violations
}

fn weekly(rota: &Rota, sites: &[SiteAvailability]) -> Vec<Violation> {
    let by_site: BTreeMap<SiteId, &SiteAvailability> = sites.iter().map(|site| (site.site, site)).collect();
    let shifts = rota.shifts();
    let mut violations = Vec::new();
    for (index, shift) in shifts.iter().enumerate() {
        let week = shift.week_start;
        if shift.primary == shift.backup {
            violations.push(Violation::SameSite {
                week,
                site: shift.primary,
            });
        }
        let neighbours = [index.checked_sub(1), Some(index + 1)];
        for other in neighbours.into_iter().flatten().filter_map(|i| shifts.get(i)) {
            if other.primary == shift.backup {
                violations.push(Violation::BackupNextToPrimary {
                    week,
                    site: shift.backup,
                    primary_week: other.week_start,
                });
            }
        }
        if index > 0 && shifts[index - 1].primary == shift.primary {
            violations.push(Violation::PrimaryTwiceInARow {
                week,
                site: shift.primary,
            });
        }
        for role in [Role::Primary, Role::Backup] {
            let site = shift.site(role);
            match by_site.get(&site) {
                None => violations.push(Violation::UnknownSite { week, site, role }),
                Some(availability) if availability.blacked_out(week) => {
                    violations.push(Violation::Blackout { week, site, role });
                }
                Some(_) => {}
            }
        }
    }
    violations
}

fn balance(rota: &Rota, sites: &[SiteAvailability]) -> Vec<Violation> {
    [Role::Primary, Role::Backup]
        .into_iter()
        .filter_map(|role| {
            let counts = sites.iter().map(|site| (site.site, rota.count(site.site, role)));
            let most = counts.clone().max_by_key(|&(_, count)| count)?;
            let least = counts.min_by_key(|&(_, count)| count)?;
            (most.1 > least.1 + 1).then_some(Violation::Unbalanced {
                role,
                most: most.0,
                most_count: most.1,
                least: least.0,
                least_count: least.1,
            })
        })
        .collect()
}

fn spread(rota: &Rota, sites: usize) -> Vec<Violation> {
    let min_gap = min_gap(sites);
    let mut last: BTreeMap<SiteId, Week> = BTreeMap::new();
    let mut violations = Vec::new();
    for shift in rota.shifts() {
        let week = shift.week_start;
        if let Some(previous) = last.insert(shift.primary, week) {
            let gap = previous.weeks_until(week);
            if gap > 1 && gap < min_gap {
                violations.push(Violation::TooClose {
                    site: shift.primary,
                    first: previous,
                    second: week,
                    min_gap,
                });
            }
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::rota::model::Shift;

    fn rota(pairs: &[(i64, i64)]) -> Rota {
        let first = Week(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
        let shifts = std::iter::successors(Some(first), |week| Some(week.next()))
            .zip(pairs)
            .map(|(week_start, &(primary, backup))| Shift {
                week_start,
                primary: SiteId(primary),
                backup: SiteId(backup),
            })
            .collect();
        Rota::new(shifts).unwrap()
    }

    fn sites(count: i64) -> Vec<SiteAvailability> {
        (1..=count).map(|id| SiteAvailability::free(SiteId(id))).collect()
    }

    #[test]
    fn four_sites_in_turn_break_no_rule() {
        let rota = rota(&[(1, 3), (2, 4), (3, 1), (4, 2), (1, 3), (2, 4), (3, 1), (4, 2)]);
        assert_eq!(check(&rota, &sites(4)), vec![]);
    }

    #[test]
    fn each_broken_rule_is_named() {
        let rota = rota(&[(1, 1), (2, 1), (2, 3)]);
        let found = check(&rota, &sites(3));
        let week = |i: usize| rota.shifts()[i].week_start;
        assert!(found.contains(&Violation::SameSite {
            week: week(0),
            site: SiteId(1)
        }));
        assert!(found.contains(&Violation::BackupNextToPrimary {
            week: week(1),
            site: SiteId(1),
            primary_week: week(0)
        }));
        assert!(found.contains(&Violation::PrimaryTwiceInARow {
            week: week(2),
            site: SiteId(2)
        }));
        assert!(found.contains(&Violation::Unbalanced {
            role: Role::Primary,
            most: SiteId(2),
            most_count: 2,
            least: SiteId(3),
            least_count: 0
        }));
    }

    #[test]
    fn a_blackout_or_an_unknown_site_is_named() {
        let rota = rota(&[(1, 3), (2, 9)]);
        let mut sites = sites(3);
        sites[2]
            .blackout_weeks
            .insert(NaiveDate::from_ymd_opt(2026, 1, 7).unwrap());
        let found = check_without_balance(&rota, &sites);
        assert_eq!(
            found,
            vec![
                Violation::Blackout {
                    week: rota.shifts()[0].week_start,
                    site: SiteId(3),
                    role: Role::Backup
                },
                Violation::UnknownSite {
                    week: rota.shifts()[1].week_start,
                    site: SiteId(9),
                    role: Role::Backup
                },
            ]
        );
    }

    #[test]
    fn primary_shifts_closer_than_half_the_sites_are_too_close() {
        // Eight sites: at least four weeks between two primary shifts.
        assert_eq!(min_gap(8), 4);
        let close = rota(&[(1, 5), (2, 6), (3, 7), (1, 8)]);
        let found = spread(&close, 8);
        assert_eq!(found.len(), 1);
        assert!(matches!(
            found[0],
            Violation::TooClose {
                site: SiteId(1),
                min_gap: 4,
                ..
            }
        ));
        let apart = rota(&[(1, 5), (2, 6), (3, 7), (4, 8), (1, 5)]);
        assert_eq!(spread(&apart, 8), vec![]);
    }

    #[test]
    fn a_site_without_shifts_counts_zero_in_the_balance() {
        let rota = rota(&[(1, 3), (2, 4), (1, 3)]);
        let found = balance(&rota, &sites(5));
        assert_eq!(found.len(), 2, "{found:?}");
    }
}
