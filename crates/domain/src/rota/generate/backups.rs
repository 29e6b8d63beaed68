//! The matching of backups.

use super::*;

/// Weeks from `i` to the nearest primary shift of `s`: sites far from
/// their primary shifts are tried first, so a site's backup shifts fall
/// between its primary ones.
fn distance(primary: &[usize], s: usize, i: usize) -> usize {
    primary
        .iter()
        .enumerate()
        .filter(|&(_, &p)| p == s)
        .map(|(j, _)| j.abs_diff(i))
        .min()
        .unwrap_or(usize::MAX)
}

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
            candidates[i].sort_by_key(|&s| std::cmp::Reverse(distance(primary, s, i)));
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
