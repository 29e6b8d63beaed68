//! Who is on shift at an instant, and who comes next.

use chrono::{DateTime, Utc};

use super::model::{Handover, Rota, Shift};

/// The shift in force and the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnShift<'a> {
    /// The shift whose handover has passed and whose week is not over:
    /// none before the rota's first handover or after its last week.
    pub current: Option<&'a Shift>,
    /// The shift after it, or the rota's first one before it starts.
    pub next: Option<&'a Shift>,
}

/// Who is on shift at `at` in `rota`, whose weeks start on `handover`'s
/// weekday.
pub fn on_shift<'a>(rota: &'a Rota, handover: &Handover, at: DateTime<Utc>) -> OnShift<'a> {
    let week = handover.week_at(at);
    let current = rota.shift(week);
    let next = match (current, rota.shifts().first()) {
        (Some(_), _) => rota.shift(week.next()),
        (None, Some(first)) if at < handover.starts(first.week_start) => Some(first),
        (None, _) => None,
    };
    OnShift { current, next }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate, Weekday};

    use super::*;
    use crate::ids::SiteId;
    use crate::rota::model::{Week, year_weeks};

    fn rota() -> Rota {
        let shifts = year_weeks(2026, Weekday::Mon)
            .into_iter()
            .take(3)
            .zip(1..)
            .map(|(week_start, i)| Shift {
                week_start,
                primary: SiteId(i),
                backup: SiteId(i + 10),
            })
            .collect();
        Rota::new(shifts).unwrap()
    }

    fn handover() -> Handover {
        Handover::monday_morning(chrono_tz::Europe::Paris)
    }

    #[test]
    fn the_shift_changes_at_the_handover() {
        let rota = rota();
        let second = Week(NaiveDate::from_ymd_opt(2026, 1, 12).unwrap());
        let handover_at = handover().starts(second);
        let before = on_shift(&rota, &handover(), handover_at - Duration::seconds(1));
        assert_eq!(before.current.map(|s| s.primary), Some(SiteId(1)));
        assert_eq!(before.next.map(|s| s.primary), Some(SiteId(2)));
        let after = on_shift(&rota, &handover(), handover_at);
        assert_eq!(after.current.map(|s| s.primary), Some(SiteId(2)));
        assert_eq!(after.next.map(|s| s.primary), Some(SiteId(3)));
    }

    #[test]
    fn before_the_rota_only_the_next_and_after_it_nobody() {
        let rota = rota();
        let first = rota.shifts()[0].week_start;
        let early = on_shift(&rota, &handover(), handover().starts(first) - Duration::hours(1));
        assert_eq!(early.current, None);
        assert_eq!(early.next.map(|s| s.primary), Some(SiteId(1)));
        let last = on_shift(&rota, &handover(), handover().starts(first) + Duration::days(15));
        assert_eq!(last.current.map(|s| s.primary), Some(SiteId(3)));
        assert_eq!(last.next, None);
        let late = on_shift(&rota, &handover(), handover().starts(first) + Duration::days(22));
        assert_eq!(
            late,
            OnShift {
                current: None,
                next: None
            }
        );
    }
}
