//! The French public holidays, Easter included.

use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate};

use super::Holiday;

/// Holidays on a fixed day of the year: (month, day, name).
const FIXED: [(u32, u32, &str); 8] = [
    (1, 1, "Jour de l'an"),
    (5, 1, "Fête du Travail"),
    (5, 8, "Victoire 1945"),
    (7, 14, "Fête nationale"),
    (8, 15, "Assomption"),
    (11, 1, "Toussaint"),
    (11, 11, "Armistice 1918"),
    (12, 25, "Noël"),
];

/// Holidays counted from Easter Sunday: (days after it, name).
const FROM_EASTER: [(u64, &str); 3] = [(1, "Lundi de Pâques"), (39, "Ascension"), (50, "Lundi de Pentecôte")];

/// Easter Sunday of `year` in the (proleptic) Gregorian calendar, by the
/// anonymous Gregorian algorithm (Meeus/Jones/Butcher); `None` out of the
/// range of dates.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let (b, c) = (year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    NaiveDate::from_ymd_opt(year, u32::try_from(n / 31).ok()?, u32::try_from(n % 31 + 1).ok()?)
}

/// The eleven French public holidays of each year in `years`, sorted by
/// date: 1 January, Easter Monday, 1 May, 8 May, Ascension Thursday, Whit
/// Monday, 14 July, 15 August, 1 November, 11 November and 25 December.
/// Today's list is applied to every year. When two fall on one day
/// (Ascension on 1 May, as in 2008), they make one holiday named after both.
/// Years beyond the range of dates are left out.
pub fn french_holidays(years: RangeInclusive<i32>) -> Vec<Holiday> {
    let first = (*years.start()).max(NaiveDate::MIN.year());
    let last = (*years.end()).min(NaiveDate::MAX.year());
    (first..=last).flat_map(year_holidays).collect()
}

fn year_holidays(year: i32) -> Vec<Holiday> {
    let fixed = FIXED
        .iter()
        .filter_map(|&(month, day, name)| Some(Holiday::new(NaiveDate::from_ymd_opt(year, month, day)?, name)));
    let easter = easter_sunday(year);
    let movable = FROM_EASTER
        .iter()
        .filter_map(|&(after, name)| Some(Holiday::new(easter?.checked_add_days(Days::new(after))?, name)));
    let mut all: Vec<Holiday> = fixed.chain(movable).collect();
    all.sort_by_key(|holiday| holiday.date);
    merge_same_day(all)
}

/// Joins holidays on the same date (the input is sorted by date) into one.
fn merge_same_day(sorted: Vec<Holiday>) -> Vec<Holiday> {
    let mut merged: Vec<Holiday> = Vec::with_capacity(sorted.len());
    for holiday in sorted {
        match merged.last_mut() {
            Some(previous) if previous.date == holiday.date => {
                previous.name = format!("{} / {}", previous.name, holiday.name);
            }
            _ => merged.push(holiday),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_falls_on_known_dates() {
        for (year, month, day) in [
            (1818, 3, 22),
            (1943, 4, 25),
            (2000, 4, 23),
            (2008, 3, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), Some(date(year, month, day)), "{year}");
        }
    }

    #[test]
    fn easter_is_a_sunday_between_22_march_and_25_april() {
        for year in 1583..=3000 {
            let easter = easter_sunday(year).unwrap();
            assert_eq!(easter.weekday(), chrono::Weekday::Sun, "{year}");
            assert!(easter >= date(year, 3, 22) && easter <= date(year, 4, 25), "{year}");
        }
    }

    #[test]
    fn the_2026_holidays() {
        let all = french_holidays(2026..=2026);
        let holidays: Vec<(NaiveDate, &str)> = all.iter().map(|h| (h.date, h.name.as_str())).collect();
        assert_eq!(
            holidays,
            [
                (date(2026, 1, 1), "Jour de l'an"),
                (date(2026, 4, 6), "Lundi de Pâques"),
                (date(2026, 5, 1), "Fête du Travail"),
                (date(2026, 5, 8), "Victoire 1945"),
                (date(2026, 5, 14), "Ascension"),
                (date(2026, 5, 25), "Lundi de Pentecôte"),
                (date(2026, 7, 14), "Fête nationale"),
                (date(2026, 8, 15), "Assomption"),
                (date(2026, 11, 1), "Toussaint"),
                (date(2026, 11, 11), "Armistice 1918"),
                (date(2026, 12, 25), "Noël"),
            ]
        );
    }

    #[test]
    fn holidays_on_one_day_are_merged() {
        let holidays = french_holidays(2008..=2008);
        assert_eq!(holidays.len(), 10);
        let may_day = holidays.iter().find(|h| h.date == date(2008, 5, 1)).unwrap();
        assert_eq!(may_day.name, "Fête du Travail / Ascension");
    }

    #[test]
    fn years_are_sorted_and_clamped() {
        let holidays = french_holidays(2025..=2027);
        assert_eq!(holidays.len(), 33);
        assert!(holidays.windows(2).all(|pair| pair[0].date < pair[1].date));
        let (first, last) = (2027, 2025);
        assert!(french_holidays(first..=last).is_empty());
        assert_eq!(french_holidays(i32::MAX - 1..=i32::MAX), []);
    }
}
