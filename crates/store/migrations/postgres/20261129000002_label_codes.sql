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
    code smallint NOT NULL,
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

-- Each label column becomes a smallint in place; PostgreSQL rebuilds the
-- indexes on it. A label without a code stops the migration, which is then
-- rolled back as a whole.
CREATE FUNCTION pg_temp.code_of(wanted_set text, given text) RETURNS smallint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    found smallint;
BEGIN
    IF given IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT code INTO found FROM label_codes WHERE label_set = wanted_set AND label = given;
    IF found IS NULL THEN
        RAISE EXCEPTION 'no code for the label % in %', quote_literal(given), wanted_set;
    END IF;
    RETURN found;
END
$$;

ALTER TABLE tickets
    ALTER COLUMN priority TYPE smallint USING pg_temp.code_of('tickets.priority', priority),
    ALTER COLUMN original_priority TYPE smallint USING pg_temp.code_of('tickets.priority', original_priority),
    ALTER COLUMN notification_mode TYPE smallint USING pg_temp.code_of('tickets.notification_mode', notification_mode),
    ALTER COLUMN visibility TYPE smallint USING pg_temp.code_of('tickets.visibility', visibility),
    ALTER COLUMN status TYPE smallint USING pg_temp.code_of('tickets.status', status),
    ALTER COLUMN qualifier TYPE smallint USING pg_temp.code_of('tickets.qualifier', qualifier);

ALTER TABLE articles
    ALTER COLUMN kind TYPE smallint USING pg_temp.code_of('articles.kind', kind);
