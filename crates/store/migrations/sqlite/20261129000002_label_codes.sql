-- Labels of closed sets (a ticket's status, qualifier, priorities,
-- notification mode and visibility; an article's kind) are stored as small
-- integer codes instead of their text: five of them sit in every list index,
-- and comparing and copying them was about a tenth of a bulk load (measured
-- in docs/performance.md). A code is the label's position in its set in
-- the domain crate (`Labelled`); `label_codes` spells each one out, for
-- people reading the database with SQL, and a storage test checks that it
-- agrees with the code. Sets may grow at their end; codes never change.
CREATE TABLE label_codes (
    label_set TEXT NOT NULL,
    code INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (label_set, code),
    UNIQUE (label_set, label)
);
INSERT INTO label_codes (label_set, code, label) VALUES
    ('tickets.status', 0, 'new'),
    ('tickets.status', 1, 'assigned'),
    ('tickets.status', 2, 'in progress'),
    ('tickets.status', 3, 'waiting for reply'),
    ('tickets.status', 4, 'on hold'),
    ('tickets.status', 5, 'reopened'),
    ('tickets.status', 6, 'solved'),
    ('tickets.status', 7, 'unsolved'),
    ('tickets.status', 8, 'verified'),
    ('tickets.status', 9, 'closed'),
    ('tickets.qualifier', 0, 'fixed'),
    ('tickets.qualifier', 1, 'fixed (workaround)'),
    ('tickets.qualifier', 2, 'works as designed'),
    ('tickets.qualifier', 3, 'other'),
    ('tickets.qualifier', 4, 'duplicate'),
    ('tickets.qualifier', 5, 'invalid'),
    ('tickets.qualifier', 6, 'won''t fix'),
    ('tickets.priority', 0, 'less urgent'),
    ('tickets.priority', 1, 'urgent'),
    ('tickets.priority', 2, 'very urgent'),
    ('tickets.priority', 3, 'top priority'),
    ('tickets.notification_mode', 0, 'on solution'),
    ('tickets.notification_mode', 1, 'on every change'),
    ('tickets.visibility', 0, 'public'),
    ('tickets.visibility', 1, 'private'),
    ('articles.kind', 0, 'public reply'),
    ('articles.kind', 1, 'internal note'),
    ('articles.kind', 2, 'solution');

-- SQLite cannot change a column's type: each label column is renamed, a
-- code column added (with a default, which ADD COLUMN requires of NOT NULL
-- columns; every insert gives the code), filled, and the old one dropped.
-- A label without a code leaves a NULL in a NOT NULL column, or breaks the
-- check below for the one nullable column, and the whole migration is
-- rolled back.
DROP INDEX tickets_updated;
DROP INDEX tickets_status;
DROP INDEX tickets_unit;
DROP INDEX tickets_site;
DROP INDEX tickets_vo;
DROP INDEX tickets_submitter;
DROP INDEX tickets_priority;

ALTER TABLE tickets RENAME COLUMN priority TO priority_label;
ALTER TABLE tickets RENAME COLUMN original_priority TO original_priority_label;
ALTER TABLE tickets RENAME COLUMN notification_mode TO notification_mode_label;
ALTER TABLE tickets RENAME COLUMN visibility TO visibility_label;
ALTER TABLE tickets RENAME COLUMN status TO status_label;
ALTER TABLE tickets RENAME COLUMN qualifier TO qualifier_label;
ALTER TABLE tickets ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN original_priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN notification_mode INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN visibility INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN status INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN qualifier INTEGER;
UPDATE tickets SET
    priority = (SELECT code FROM label_codes WHERE label_set = 'tickets.priority' AND label = priority_label),
    original_priority = (SELECT code FROM label_codes WHERE label_set = 'tickets.priority' AND label = original_priority_label),
    notification_mode = (SELECT code FROM label_codes WHERE label_set = 'tickets.notification_mode' AND label = notification_mode_label),
    visibility = (SELECT code FROM label_codes WHERE label_set = 'tickets.visibility' AND label = visibility_label),
    status = (SELECT code FROM label_codes WHERE label_set = 'tickets.status' AND label = status_label),
    qualifier = (SELECT code FROM label_codes WHERE label_set = 'tickets.qualifier' AND label = qualifier_label);
CREATE TEMP TABLE unknown_labels (label TEXT, CONSTRAINT every_stored_qualifier_has_a_code CHECK (label IS NULL));
INSERT INTO unknown_labels SELECT qualifier_label FROM tickets WHERE qualifier_label IS NOT NULL AND qualifier IS NULL;
DROP TABLE unknown_labels;
ALTER TABLE tickets DROP COLUMN priority_label;
ALTER TABLE tickets DROP COLUMN original_priority_label;
ALTER TABLE tickets DROP COLUMN notification_mode_label;
ALTER TABLE tickets DROP COLUMN visibility_label;
ALTER TABLE tickets DROP COLUMN status_label;
ALTER TABLE tickets DROP COLUMN qualifier_label;

CREATE INDEX tickets_updated ON tickets (updated_at, id, visibility, submitter_id);
CREATE INDEX tickets_status ON tickets (status, updated_at, id, visibility, submitter_id);
CREATE INDEX tickets_unit ON tickets (unit_id, status, updated_at, id, visibility, submitter_id);
CREATE INDEX tickets_site ON tickets (site_id, updated_at, id, visibility, submitter_id);
CREATE INDEX tickets_vo ON tickets (vo_id, updated_at, id, visibility, submitter_id);
CREATE INDEX tickets_submitter ON tickets (submitter_id, updated_at, id, visibility);
CREATE INDEX tickets_priority ON tickets (priority, status, updated_at, id, visibility, submitter_id);

ALTER TABLE articles RENAME COLUMN kind TO kind_label;
ALTER TABLE articles ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET kind = (SELECT code FROM label_codes WHERE label_set = 'articles.kind' AND label = kind_label);
ALTER TABLE articles DROP COLUMN kind_label;
