-- What people choose and follow, and what keeps their sessions safe.

-- Each person's choices; a person without a row has the defaults (the
-- browser's language, UTC, "on solution"). Labels are stored as text: the
-- table is small and read once a request.
CREATE TABLE user_preferences (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    language TEXT,
    time_zone TEXT NOT NULL,
    notification_mode TEXT NOT NULL
);

-- Who follows a ticket they did not submit: subscribers hear about its
-- changes like its submitter does.
CREATE TABLE subscriptions (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX subscriptions_by_user ON subscriptions (user_id, ticket_id);

-- A session ends after a while without use, as well as at its absolute end.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);

-- Failed sign-ins, counted per account and per address in windows; the
-- database holds them so that every node sees the same counts.
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start INTEGER NOT NULL
);
