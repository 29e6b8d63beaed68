-- The platform for the channels: events that are never lost and delivered
-- once across nodes, the system as an actor, and leased background jobs.
--
-- Events: a ticket is optional (accounts, the rota and the knowledge base
-- have events too); every event names its change, so a consumer can act
-- once per change, and, when the system acted, its reason. SQLite cannot
-- drop a NOT NULL, so the table is rebuilt. Events written before get a
-- change of their own each. SQLite has one writer at a time, so ids follow
-- the order of commits and a consumer's cursor is the last id it handled;
-- AUTOINCREMENT keeps an id from being taken again should the latest
-- events ever be deleted.
CREATE TABLE events_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    ticket_id INTEGER,
    actor_id INTEGER,
    actor_reason TEXT,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO events_new (id, change_id, kind, ticket_id, actor_id, actor_reason, payload, created_at)
    SELECT id, id, kind, ticket_id, actor_id, NULL, payload, created_at FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;

-- Why the system made a change (the actor is then NULL).
ALTER TABLE ticket_history ADD COLUMN actor_reason TEXT;

-- One row per consumer: its cursor (the last event id it handled), the
-- lease of the node that runs it, and the change it is retrying.
CREATE TABLE event_consumers (
    name TEXT PRIMARY KEY,
    cursor_id INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER,
    failing_change INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at INTEGER,
    last_error TEXT
);
INSERT INTO event_consumers (name, cursor_id) SELECT consumer, position FROM event_cursors;
DROP TABLE event_cursors;

-- Changes a consumer gave up on after its retries, for operators
-- (`guichet events failed`, `guichet events retry ID`). The events are
-- those of change_id from first_id to last_id.
CREATE TABLE parked_events (
    id INTEGER PRIMARY KEY,
    consumer TEXT NOT NULL,
    change_id INTEGER NOT NULL,
    first_id INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    kinds TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NOT NULL,
    parked_at INTEGER NOT NULL,
    retry_requested BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX parked_events_consumer ON parked_events (consumer, id);

-- Periodic jobs: when each is next due (by the worker's clock; grid_at is
-- its first slot, which later slots are counted from, so that a late or
-- retried run does not shift them), and the lease of the node running it
-- (by the database's clock).
CREATE TABLE jobs (
    name TEXT PRIMARY KEY,
    grid_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    runs INTEGER NOT NULL DEFAULT 0,
    last_started_at INTEGER,
    last_finished_at INTEGER,
    last_error TEXT
);

-- The session purge looks sessions up by expiry.
CREATE INDEX sessions_expiry ON sessions (expires_at);
