//! Property tests of the rota: with 3 to 60 sites and random blackouts,
//! every generated rota is fair, reproducible, keeps what it is told to,
//! and swaps that are accepted keep it fair.

use std::collections::BTreeSet;

use chrono::{Days, Weekday};
use proptest::prelude::*;

use super::*;
use crate::ids::SiteId;

/// Sites with blackouts: for each site, (week index, day in the week) pairs.
fn sites(most_blackouts: usize) -> impl Strategy<Value = Vec<Vec<(usize, u64)>>> {
    prop::collection::vec(prop::collection::vec((0usize..53, 0u64..7), 0..=most_blackouts), 3..=60)
}

fn availability(weeks: &[Week], blackouts: &[Vec<(usize, u64)>]) -> Vec<SiteAvailability> {
    blackouts
        .iter()
        .enumerate()
        .map(|(i, dates)| SiteAvailability {
            site: SiteId(i64::try_from(i).unwrap() + 100),
            blackout_weeks: dates
                .iter()
                .map(|&(week, day)| weeks[week % weeks.len()].start() + Days::new(day))
                .collect::<BTreeSet<_>>(),
        })
        .collect()
}

/// An error is one the documentation promises, and true of the input. A
/// search that found nothing is accepted from few sites, or from heavy
/// blackouts (`heavy`), if it names a week and a reason.
fn explained(error: &RotaError, weeks: &[Week], sites: &[SiteAvailability], heavy: bool) {
    match error {
        RotaError::TooFewSites { sites: count, .. } => assert!(*count < 4, "{error}"),
        RotaError::WeekUncovered { week, available } => {
            let free: Vec<SiteId> = sites.iter().filter(|s| !s.blacked_out(*week)).map(|s| s.site).collect();
            assert_eq!(&free, available);
            assert!(free.len() < 2);
        }
        RotaError::TooFewFreeWeeks { site, available, .. } => {
            let site = sites.iter().find(|s| s.site == *site).unwrap();
            assert_eq!(weeks.iter().filter(|&&w| !site.blacked_out(w)).count(), *available);
        }
        RotaError::Unsatisfiable { week, reason, .. } if heavy || sites.len() <= 5 => {
            assert!(weeks.contains(week));
            assert!(!reason.is_empty());
        }
        other => panic!("unexpected refusal with {} sites: {other}", sites.len()),
    }
}

proptest! {
    #[test]
    fn a_generated_rota_keeps_every_rule(blackouts in sites(4), seed in any::<u64>(), year in 2025i32..2031) {
        let weeks = year_weeks(year, Weekday::Mon);
        let sites = availability(&weeks, &blackouts);
        match generate(&weeks, &sites, seed, &[]) {
            Ok(rota) => {
                prop_assert_eq!(rota.weeks().collect::<Vec<_>>(), weeks.clone());
                prop_assert_eq!(check(&rota, &sites), vec![]);
                prop_assert_eq!(generate(&weeks, &sites, seed, &[]).unwrap(), rota);
            }
            Err(error) => explained(&error, &weeks, &sites, false),
        }
    }

    #[test]
    fn heavy_blackouts_give_a_fair_rota_or_an_explanation(
        blackouts in sites(30), seed in any::<u64>(),
    ) {
        let weeks = year_weeks(2027, Weekday::Mon);
        let sites = availability(&weeks, &blackouts);
        match generate(&weeks, &sites, seed, &[]) {
            Ok(rota) => prop_assert_eq!(check(&rota, &sites), vec![]),
            Err(error) => explained(&error, &weeks, &sites, true),
        }
    }

    #[test]
    fn regenerating_keeps_the_past_and_a_later_shift(
        blackouts in sites(3), seed in any::<u64>(), past in 0usize..52, later in 0usize..52,
    ) {
        let weeks = year_weeks(2026, Weekday::Mon);
        let sites = availability(&weeks, &blackouts);
        let Ok(first) = generate(&weeks, &sites, seed, &[]) else { return Ok(()) };
        let mut keep = first.shifts()[..past].to_vec();
        if later > past {
            keep.push(first.shifts()[later]);
        }
        match generate(&weeks, &sites, seed.wrapping_add(1), &keep) {
            Ok(again) => {
                for shift in &keep {
                    prop_assert_eq!(again.shift(shift.week_start), Some(shift));
                }
                prop_assert_eq!(check(&again, &sites), vec![]);
            }
            Err(error) => explained(&error, &weeks, &sites, false),
        }
    }

    #[test]
    fn an_accepted_swap_keeps_every_rule_but_balance(
        blackouts in sites(3), seed in any::<u64>(), today in 0usize..52,
        first in (0usize..52, any::<bool>()), second in (0usize..52, any::<bool>()),
        give in any::<bool>(), taker in any::<prop::sample::Index>(),
    ) {
        let weeks = year_weeks(2026, Weekday::Mon);
        let sites = availability(&weeks, &blackouts);
        let Ok(rota) = generate(&weeks, &sites, seed, &[]) else { return Ok(()) };
        let holder = |(week, primary): (usize, bool)| {
            let shift = rota.shifts()[week];
            (if primary { shift.primary } else { shift.backup }, shift.week_start)
        };
        let (a, a_week) = holder(first);
        let proposal = if give {
            SwapProposal::GiveAway { from: a, week: a_week, to: sites[taker.index(sites.len())].site }
        } else {
            let (b, b_week) = holder(second);
            SwapProposal::Exchange { a, a_week, b, b_week }
        };
        let today = weeks[today].start() + Days::new(2);
        match apply_swap(&rota, &sites, &proposal, today) {
            Ok(swapped) => {
                prop_assert!(a_week.start() + Days::new(7) > today);
                prop_assert_eq!(check_without_balance(&swapped, &sites), vec![]);
                prop_assert_ne!(swapped, rota);
            }
            Err(SwapRefusal::Past { week }) => prop_assert!(week.start() + Days::new(7) <= today),
            Err(SwapRefusal::Breaks(broken)) => prop_assert!(!broken.is_empty()),
            Err(SwapRefusal::SameSite(_)) => {}
            Err(other) => prop_assert!(false, "{}", other),
        }
    }
}
