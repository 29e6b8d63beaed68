-- The first-level support rota: one shift a week, named by its start
-- date (the handover day), with a primary and a backup site. `kept`
-- shifts (accepted swaps, overrides) survive regenerating the year.
CREATE TABLE rota_shifts (
    week_start TEXT PRIMARY KEY,
    primary_site_id INTEGER NOT NULL REFERENCES sites(id),
    backup_site_id INTEGER NOT NULL REFERENCES sites(id),
    kept BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at INTEGER NOT NULL,
    CHECK (primary_site_id <> backup_site_id)
);

-- Swap proposals between sites: the proposal is the domain's JSON
-- (SwapProposal), its first week kept apart to expire the proposal.
CREATE TABLE rota_swaps (
    id INTEGER PRIMARY KEY,
    proposal TEXT NOT NULL,
    first_week TEXT NOT NULL,
    state TEXT NOT NULL,
    note TEXT,
    proposed_by INTEGER REFERENCES users(id),
    proposed_reason TEXT,
    proposed_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_reason TEXT,
    decided_at INTEGER
);
CREATE INDEX rota_swaps_open ON rota_swaps (id) WHERE state = 'proposed';

-- The rota's own history: who changed what, when.
CREATE TABLE rota_history (
    id INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL,
    author_id INTEGER REFERENCES users(id),
    author_reason TEXT,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    week_start TEXT,
    detail TEXT NOT NULL
);

-- The dates a site cannot take a shift: each blacks out its week.
CREATE TABLE site_blackouts (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    PRIMARY KEY (site_id, day)
);

-- The people who take a site's shifts, and until when they are away.
CREATE TABLE shift_contacts (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    away_until TEXT,
    PRIMARY KEY (site_id, user_id)
);
CREATE INDEX shift_contacts_user ON shift_contacts (user_id);

-- Calendar feeds behind secret addresses, stored as hashes; a feed is a
-- site's or a person's. A revoked feed answers 404.
CREATE TABLE rota_feeds (
    id INTEGER PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    site_id INTEGER REFERENCES sites(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    CHECK ((site_id IS NULL) <> (user_id IS NULL))
);
