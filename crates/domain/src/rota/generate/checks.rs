//! The checks made before any search, each with its explanation.

use super::*;

/// Refuses a site given twice.
pub(super) fn distinct(sites: &[SiteAvailability]) -> Result<(), RotaError> {
    let mut seen = std::collections::BTreeSet::new();
    match sites.iter().find(|site| !seen.insert(site.site)) {
        Some(twice) => Err(RotaError::DuplicateSite(twice.site)),
        None => Ok(()),
    }
}

/// The kept (primary, backup) site indices of each week, refused when a
/// kept shift is outside the weeks, twice for a week or of an unknown site.
pub(super) fn kept(
    weeks: &[Week],
    sites: &[SiteAvailability],
    keep: &[Shift],
) -> Result<Vec<Option<(usize, usize)>>, RotaError> {
    let frame = Rota::new(weeks.iter().map(|&week| placeholder(week, 0)).collect())?;
    let mut kept = vec![None; weeks.len()];
    for shift in keep {
        let week = frame
            .index_of(shift.week_start)
            .ok_or(RotaError::KeptOutside(shift.week_start))?;
        if kept[week].is_some() {
            return Err(RotaError::KeptTwice(shift.week_start));
        }
        let index = |site: SiteId, role| {
            sites
                .iter()
                .position(|s| s.site == site)
                .ok_or(RotaError::KeptBreaks(Violation::UnknownSite {
                    week: shift.week_start,
                    site,
                    role,
                }))
        };
        kept[week] = Some((index(shift.primary, Role::Primary)?, index(shift.backup, Role::Backup)?));
    }
    Ok(kept)
}

impl Problem<'_> {
    pub(super) fn check_kept(&self, keep: &[Shift]) -> Result<(), RotaError> {
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
    pub(super) fn check_coverage(&self) -> Result<(), RotaError> {
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
}

/// A shift no real site can conflict with: placeholder sites have negative
/// ids of their own.
pub(super) fn placeholder(week: Week, index: usize) -> Shift {
    let id = -2 * i64::try_from(index).unwrap_or(0);
    Shift {
        week_start: week,
        primary: SiteId(id - 1),
        backup: SiteId(id - 2),
    }
}
