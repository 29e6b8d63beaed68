//! Generating a year next to years already planned: the weeks where two
//! years meet keep the rules too (no site primary in the last week of one
//! and the first of the next, a backup apart from the primaries next door,
//! shifts spread across the turn of the year).

use super::{ATTEMPTS, RotaError, generate};
use crate::rota::model::{Rota, Shift, SiteAvailability, Week};
use crate::rota::rules::{Violation, check_without_balance, min_gap};

/// A rota generated next to its neighbours, and the seed that drew it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    /// The rota of the weeks asked.
    pub rota: Rota,
    /// The seed that drew it: generating with it again gives the same rota.
    pub seed: u64,
    /// The rules still broken where the years meet, if no draw kept them
    /// all (the neighbours' own shifts may leave no choice).
    pub seams: Vec<Violation>,
}

/// The `attempt`-th seed derived from `seed` (the first is `seed`).
fn derived(seed: u64, attempt: u64) -> u64 {
    seed.wrapping_add(attempt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Like [`generate`], with `before` the planned shifts of the weeks just
/// before `weeks` and `after` those just after (either may be empty): the
/// seed is `seed` unless its rota breaks a rule across a seam, when seeds
/// derived from it are tried in turn, up to [`ATTEMPTS`] in all; the first
/// rota keeping every seam wins, else the first one drawn.
pub fn generate_joined(
    weeks: &[Week],
    sites: &[SiteAvailability],
    seed: u64,
    keep: &[Shift],
    (before, after): (&[Shift], &[Shift]),
) -> Result<Joined, RotaError> {
    let draw = |seed: u64| -> Result<Joined, RotaError> {
        let rota = generate(weeks, sites, seed, keep)?;
        let seams = seam_violations(&rota, sites, before, after);
        Ok(Joined { rota, seed, seams })
    };
    let first = draw(seed)?;
    if first.seams.is_empty() {
        return Ok(first);
    }
    for attempt in 1..ATTEMPTS as u64 {
        let joined = draw(derived(seed, attempt))?;
        if joined.seams.is_empty() {
            return Ok(joined);
        }
    }
    Ok(first)
}

/// The rules broken across the seams of `rota` with its neighbours, and
/// not already within the neighbours alone.
pub fn seam_violations(rota: &Rota, sites: &[SiteAvailability], before: &[Shift], after: &[Shift]) -> Vec<Violation> {
    let reach = usize::try_from(min_gap(sites.len())).unwrap_or(usize::MAX);
    let shifts = rota.shifts();
    let head = &shifts[..reach.min(shifts.len())];
    let tail = &shifts[shifts.len().saturating_sub(reach)..];
    let before = &before[before.len().saturating_sub(reach)..];
    let after = &after[..reach.min(after.len())];
    let mut found = seam(sites, before, head);
    found.extend(seam(sites, tail, after));
    found
}

/// The rules broken by `left` followed by `right`, not by either alone.
fn seam(sites: &[SiteAvailability], left: &[Shift], right: &[Shift]) -> Vec<Violation> {
    let (Some(last), Some(next)) = (left.last(), right.first()) else {
        return Vec::new();
    };
    if last.week_start.next() != next.week_start {
        return Vec::new();
    }
    let broken = |shifts: Vec<Shift>| {
        Rota::new(shifts)
            .map(|r| check_without_balance(&r, sites))
            .unwrap_or_default()
    };
    let alone = [broken(left.to_vec()), broken(right.to_vec())].concat();
    broken([left, right].concat())
        .into_iter()
        .filter(|v| !alone.contains(v))
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;
    use crate::ids::SiteId;
    use crate::rota::model::year_weeks;

    fn sites(n: i64) -> Vec<SiteAvailability> {
        (1..=n).map(|id| SiteAvailability::free(SiteId(id))).collect()
    }

    #[test]
    fn consecutive_years_keep_the_rules_where_they_meet() {
        let sites = sites(4);
        let first = generate(&year_weeks(2027, Weekday::Mon), &sites, 1, &[]).unwrap();
        let weeks = year_weeks(2028, Weekday::Mon);
        let mut joined_some = false;
        for seed in 0..30 {
            let joined = generate_joined(&weeks, &sites, seed, &[], (first.shifts(), &[])).unwrap();
            assert_eq!(joined.seams, []);
            let both = Rota::new([first.shifts(), joined.rota.shifts()].concat()).unwrap();
            assert_eq!(check_without_balance(&both, &sites), [], "seed {seed}");
            joined_some |= joined.seed != seed;
        }
        assert!(joined_some, "with four sites, some first draws break the seam");
    }

    #[test]
    fn the_seed_that_drew_a_joined_rota_draws_it_again() {
        let sites = sites(5);
        let before = generate(&year_weeks(2027, Weekday::Mon), &sites, 9, &[]).unwrap();
        let weeks = year_weeks(2028, Weekday::Mon);
        let joined = generate_joined(&weeks, &sites, 3, &[], (before.shifts(), &[])).unwrap();
        let again = generate_joined(&weeks, &sites, joined.seed, &[], (before.shifts(), &[])).unwrap();
        assert_eq!((again.rota, again.seed), (joined.rota, joined.seed));
    }

    #[test]
    fn a_seam_is_checked_only_between_adjacent_weeks() {
        let sites = sites(4);
        let rota = generate(&year_weeks(2028, Weekday::Mon), &sites, 1, &[]).unwrap();
        let far = generate(&year_weeks(2026, Weekday::Mon), &sites, 1, &[]).unwrap();
        assert_eq!(seam_violations(&rota, &sites, far.shifts(), &[]), []);
    }
}
