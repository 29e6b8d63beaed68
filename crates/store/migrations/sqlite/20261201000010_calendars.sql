-- Working-hours calendars: the deployment's (unit_id NULL) and at most one
-- per unit, which overrides it. The week and the holidays are JSON text
-- written and read by the domain (CalendarSpec): the week as
-- {"mon":[["07:00","15:00"]],...}, the holidays as
-- [{"date":"2026-01-01","name":"..."}]. A unit's calendar goes with it.
CREATE TABLE calendars (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
    zone TEXT NOT NULL,
    week TEXT NOT NULL,
    holidays TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One row per scope, the deployment's being unit 0 (no unit has that id):
-- the conflict target of the upsert.
CREATE UNIQUE INDEX calendars_scope ON calendars ((COALESCE(unit_id, 0)));
