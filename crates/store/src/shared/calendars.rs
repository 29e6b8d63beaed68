//! Working-hours calendars: the deployment's and the units' overrides, one
//! row each, the week and holidays as the domain's JSON text.

use chrono::{DateTime, Utc};

use guichet_domain::calendar::CalendarSpec;
use guichet_domain::ids::UnitId;

use super::SqlStore;
use crate::{Stamp, StoreError, StoreResult, StoredCalendar};

const COLUMNS: &str = "unit_id, zone, week, holidays, updated_at";

#[derive(sqlx::FromRow)]
struct CalendarRow {
    unit_id: Option<i64>,
    zone: String,
    week: String,
    holidays: String,
    updated_at: Stamp,
}

impl CalendarRow {
    fn into_calendar(self) -> StoreResult<StoredCalendar> {
        let spec = CalendarSpec::from_stored(&self.zone, &self.week, &self.holidays)
            .map_err(|e| StoreError::Corrupt(format!("calendar of unit {:?}: {e}", self.unit_id)))?;
        Ok(StoredCalendar {
            unit: self.unit_id.map(UnitId),
            spec,
            updated_at: self.updated_at.0,
        })
    }
}

pub async fn calendars(db: &SqlStore) -> StoreResult<Vec<StoredCalendar>> {
    let rows: Vec<CalendarRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM calendars ORDER BY COALESCE(unit_id, 0)"
    ))
    .fetch_all(&db.read)
    .await?;
    rows.into_iter().map(CalendarRow::into_calendar).collect()
}

/// Creates or replaces the calendar of `unit` (the deployment's for none),
/// in one statement: the conflict target is the index on the scope.
pub async fn set_calendar(
    db: &SqlStore,
    unit: Option<UnitId>,
    spec: &CalendarSpec,
    at: DateTime<Utc>,
) -> StoreResult<StoredCalendar> {
    let row: CalendarRow = sqlx::query_as(&format!(
        "INSERT INTO calendars ({COLUMNS}) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT ((COALESCE(unit_id, 0))) DO UPDATE SET zone = excluded.zone, week = excluded.week, \
         holidays = excluded.holidays, updated_at = excluded.updated_at \
         RETURNING {COLUMNS}"
    ))
    .bind(unit.map(|u| u.0))
    .bind(spec.zone().name())
    .bind(spec.week_json())
    .bind(spec.holidays_json())
    .bind(Stamp(at))
    .fetch_one(&db.write)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::NotFound("unit"),
        other => other,
    })?;
    row.into_calendar()
}

pub async fn delete_calendar(db: &SqlStore, unit: UnitId) -> StoreResult<bool> {
    let deleted = sqlx::query("DELETE FROM calendars WHERE unit_id = $1")
        .bind(unit.0)
        .execute(&db.write)
        .await?;
    Ok(deleted.rows_affected() == 1)
}
