-- The knowledge base and the portal. Answers are Markdown articles with an
-- English and a French version (either may be empty, not both titles);
-- their search document has id 2^50 + the answer's id in search_index.
CREATE TABLE kb_categories (
    id INTEGER PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE kb_answers (
    id INTEGER PRIMARY KEY,
    category_id INTEGER REFERENCES kb_categories(id) ON DELETE SET NULL,
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    visibility TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_en TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    body_fr TEXT NOT NULL,
    source_ticket_id INTEGER REFERENCES tickets(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX kb_answers_unit ON kb_answers (unit_id);
CREATE INDEX kb_answers_category ON kb_answers (category_id);

-- The portal's configurable links: FAQs, forums and documentation.
CREATE TABLE portal_links (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    label_en TEXT NOT NULL,
    label_fr TEXT NOT NULL,
    position INTEGER NOT NULL
);

-- What a ticket cites: an answer or a portal link, exactly one of them.
CREATE TABLE ticket_citations (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    answer_id INTEGER REFERENCES kb_answers(id) ON DELETE CASCADE,
    portal_link_id INTEGER REFERENCES portal_links(id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    CHECK ((answer_id IS NULL) <> (portal_link_id IS NULL)),
    UNIQUE (ticket_id, answer_id),
    UNIQUE (ticket_id, portal_link_id)
);
CREATE INDEX ticket_citations_answer ON ticket_citations (answer_id);
CREATE INDEX ticket_citations_link ON ticket_citations (portal_link_id);
