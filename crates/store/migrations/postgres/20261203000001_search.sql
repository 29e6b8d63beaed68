-- The search index: one document per ticket (id 2 * ticket id) and one for
-- a ticket's internal notes (2 * ticket id + 1), as tokens the application
-- makes (folded and stemmed), which the simple configuration keeps as
-- they are. The title's tokens weigh A, the body's D.
CREATE TABLE search_docs (
    id BIGINT PRIMARY KEY,
    tsv TSVECTOR NOT NULL
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

-- What the application did to the index once: `backfilled` when every
-- ticket stored before the index existed was indexed.
CREATE TABLE search_state (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
