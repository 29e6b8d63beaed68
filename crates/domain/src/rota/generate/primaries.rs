//! The greedy choice of primaries.

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

/// The primaries placed so far.
struct Placed {
    /// The primary of each week, if placed (or kept).
    primary: Vec<Option<usize>>,
    /// The weeks of each site's primary shifts.
    taken: Vec<Vec<usize>>,
}

impl Problem<'_> {
    /// The primary of every week.
    pub(super) fn primaries(&self, rng: &mut StdRng, loosely: bool) -> Result<Vec<usize>, Stuck> {
        let (n, w) = (self.n(), self.weeks.len());
        let mut placed = Placed {
            primary: (0..w).map(|i| self.kept_site(Some(i), Role::Primary)).collect(),
            taken: vec![Vec::new(); n],
        };
        for i in 0..w {
            if let Some(s) = placed.primary[i] {
                placed.taken[s].push(i);
            }
        }
        let draws: Vec<u64> = (0..n).map(|_| rng.random()).collect();
        let mut free_left = (0..w).filter(|&i| self.is_free(i)).count();
        for i in (0..w).filter(|&i| self.is_free(i)) {
            let owed: usize = placed.taken.iter().map(|t| self.share.saturating_sub(t.len())).sum();
            let (mut standings, refusals) = self.standings(i, &placed, free_left <= owed, &draws);
            standings.sort_by(Standing::order);
            let pick = if loosely && rng.random_bool(0.25) {
                rng.random_range(0..standings.len().clamp(1, 3))
            } else {
                0
            };
            let Some(chosen) = standings.get(pick) else {
                return Err(self.stuck(i, Role::Primary, refusals.reason(self.min_gap, self.most)));
            };
            placed.primary[i] = Some(chosen.site);
            placed.taken[chosen.site].push(i);
            free_left -= 1;
        }
        Ok(placed.primary.into_iter().map(|s| s.unwrap_or(0)).collect())
    }

    /// The sites that may be primary in week `i`, and why the others may
    /// not; with `only_owed`, only sites short of their share may.
    fn standings(&self, i: usize, placed: &Placed, only_owed: bool, draws: &[u64]) -> (Vec<Standing>, Refusals) {
        let mut refusals = Refusals::default();
        let mut standings = Vec::new();
        for (s, taken) in placed.taken.iter().enumerate() {
            let count = taken.len();
            if self.blocked[s][i] {
                refusals.blacked_out += 1;
            } else if self.next_door(i, s, &placed.primary) {
                refusals.next_door += 1;
            } else if taken.iter().any(|&j| j.abs_diff(i) < self.min_gap) {
                refusals.too_soon += 1;
            } else if count >= self.most || (only_owed && count >= self.share) {
                refusals.share += 1;
            } else {
                standings.push(Standing {
                    site: s,
                    owed: self.share.saturating_sub(count),
                    available: self.capacity(s, i, taken),
                    since_last: taken
                        .iter()
                        .filter(|&&j| j < i)
                        .map(|&j| i - j)
                        .min()
                        .unwrap_or(usize::MAX),
                    draw: draws[s],
                });
            }
        }
        (standings, refusals)
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
