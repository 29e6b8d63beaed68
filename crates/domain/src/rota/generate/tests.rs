//! Unit tests of the generator.

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
