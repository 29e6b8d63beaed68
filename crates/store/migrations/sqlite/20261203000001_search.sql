-- The search index: one document per ticket (rowid 2 * id) and one for a
-- ticket's internal notes (2 * id + 1), as tokens the application makes
-- (folded and stemmed), which the ascii tokeniser splits at spaces.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);

-- What the application did to the index once: `backfilled` when every
-- ticket stored before the index existed was indexed.
CREATE TABLE search_state (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
