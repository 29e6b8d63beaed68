-- Guichet core schema, SQLite dialect. Moments are INTEGER microseconds since
-- 1970-01-01 UTC (see src/stamp.rs). Indexes are ascending: SQLite walks them
-- backwards for the newest-first lists, and ascending ones stay fuller under
-- inserts (measured: a million-ticket file 5% smaller).
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    dn TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    qos_level TEXT NOT NULL,
    email TEXT
);

CREATE TABLE unit_members (
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (unit_id, user_id)
);

CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    ngi TEXT,
    unit_id INTEGER NOT NULL UNIQUE REFERENCES units(id)
);

CREATE TABLE vos (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE issue_types (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE routing_rules (
    id INTEGER PRIMARY KEY,
    issue_type_id INTEGER NOT NULL UNIQUE REFERENCES issue_types(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    submitter_id INTEGER NOT NULL REFERENCES users(id),
    issue_type_id INTEGER REFERENCES issue_types(id),
    site_id INTEGER REFERENCES sites(id),
    vo_id INTEGER REFERENCES vos(id),
    occurred_at INTEGER,
    priority TEXT NOT NULL,
    original_priority TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    assignee_id INTEGER REFERENCES users(id),
    notification_mode TEXT NOT NULL,
    visibility TEXT NOT NULL,
    status TEXT NOT NULL,
    qualifier TEXT,
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    status_changed_at INTEGER NOT NULL,
    assigned_at INTEGER NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX tickets_updated ON tickets (updated_at, id);
CREATE INDEX tickets_status ON tickets (status, updated_at);
CREATE INDEX tickets_unit ON tickets (unit_id, status, updated_at);
CREATE INDEX tickets_site ON tickets (site_id, updated_at);
CREATE INDEX tickets_vo ON tickets (vo_id, updated_at);
CREATE INDEX tickets_submitter ON tickets (submitter_id, updated_at);
CREATE INDEX tickets_priority ON tickets (priority, status, updated_at);

CREATE TABLE ticket_involved_units (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (ticket_id, unit_id)
);

CREATE TABLE ticket_involved_users (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (ticket_id, user_id)
);

CREATE TABLE ticket_cc (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    email TEXT NOT NULL,
    PRIMARY KEY (ticket_id, email)
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX articles_ticket ON articles (ticket_id, id);

CREATE TABLE ticket_history (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    actor_id INTEGER REFERENCES users(id),
    at INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id, id);

CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    from_ticket INTEGER NOT NULL REFERENCES tickets(id),
    to_ticket INTEGER NOT NULL REFERENCES tickets(id),
    created_at INTEGER NOT NULL,
    UNIQUE (kind, from_ticket, to_ticket)
);
CREATE INDEX relations_to ON relations (to_ticket);

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    article_id INTEGER REFERENCES articles(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    uploader_id INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ticket_id INTEGER NOT NULL,
    actor_id INTEGER,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE event_cursors (
    consumer TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
