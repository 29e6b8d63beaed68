//! Working-hours calendars: the deployment's and the units' overrides.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use guichet_domain::calendar::{CalendarSpec, Holiday, parse_hours, parse_zone};
use guichet_domain::ids::UnitId;

use super::first_level;
use crate::testing::TestStore;
use crate::{StoreError, StoredCalendar};

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0).unwrap()
}

fn paris(hours: &str, holidays: &[(u32, u32, &str)]) -> CalendarSpec {
    let holidays = holidays
        .iter()
        .map(|&(m, d, name)| Holiday::new(NaiveDate::from_ymd_opt(2026, m, d).unwrap(), name))
        .collect();
    CalendarSpec::new(
        parse_zone("Europe/Paris").unwrap(),
        parse_hours(hours).unwrap(),
        holidays,
    )
    .unwrap()
}

/// Nothing is stored at first; the deployment's and a unit's calendars
/// are set, replaced in place (one row each), read back whole, and a
/// unit's override is deleted, or goes with its unit.
pub async fn calendars_are_set_replaced_and_removed(t: TestStore) {
    let s = t.store.as_ref();
    assert_eq!(s.calendars().await.unwrap(), []);
    let unit = first_level(s).await;
    let office = paris(
        "mon-fri 09:00-12:00,13:00-17:00",
        &[(12, 25, "Noël"), (1, 1, "Jour de l'an")],
    );
    let nights = paris("mon-thu 22:00-24:00; sun 00:00-06:00", &[]);
    let unit_calendar = s.set_calendar(Some(unit), &nights, at(8)).await.unwrap();
    let deployment = s.set_calendar(None, &office, at(9)).await.unwrap();
    assert_eq!(
        deployment,
        StoredCalendar {
            unit: None,
            spec: office.clone(),
            updated_at: at(9)
        }
    );
    assert_eq!(s.calendars().await.unwrap(), [deployment.clone(), unit_calendar]);

    let colours = CalendarSpec::colours();
    s.set_calendar(None, &colours, at(10)).await.unwrap();
    let replaced = s.set_calendar(Some(unit), &office, at(11)).await.unwrap();
    let stored = s.calendars().await.unwrap();
    assert_eq!(stored.len(), 2, "replaced, not added: {stored:?}");
    assert_eq!(
        (stored[0].unit, &stored[0].spec, stored[0].updated_at),
        (None, &colours, at(10))
    );
    assert_eq!(stored[1], replaced);
    assert_eq!(stored[1].spec.holidays()[0].name, "Jour de l'an");

    assert!(s.delete_calendar(unit).await.unwrap());
    assert!(!s.delete_calendar(unit).await.unwrap(), "already gone");
    assert_eq!(s.calendars().await.unwrap().len(), 1);
    let missing = s
        .set_calendar(Some(UnitId(987_654)), &office, at(12))
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound("unit")), "{missing:?}");

    s.set_calendar(Some(unit), &nights, at(12)).await.unwrap();
    s.delete_unit(unit).await.unwrap();
    let left: Vec<Option<UnitId>> = s.calendars().await.unwrap().into_iter().map(|c| c.unit).collect();
    assert_eq!(left, [None], "a unit's calendar goes with it");
}
