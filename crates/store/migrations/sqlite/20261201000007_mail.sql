-- The mail gateway.

-- Every Message-ID Guichet stored (a mail that opened a ticket or became
-- an article) or sent (a notification), with its ticket: a reply's
-- In-Reply-To and References find the ticket here.
CREATE TABLE mail_message_ids (
    message_id TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    article_id INTEGER REFERENCES articles(id),
    -- A notification that showed internal notes: a supporter's answer to
    -- it is filed as an internal note, never as a public reply.
    internal BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_message_ids_ticket ON mail_message_ids (ticket_id);

-- The HTML of the mail that opened a ticket, verbatim; the pages show it
-- sanitised beside the plain description.
CREATE TABLE ticket_description_html (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    body_html TEXT NOT NULL
);

-- Notifications waiting to be sent, sent, or failed for good: one row per
-- change and recipient, so a change handled twice mails nobody twice.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    ticket_id INTEGER REFERENCES tickets(id),
    message_id TEXT NOT NULL,
    message BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER,
    UNIQUE (change_id, recipient)
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX mail_outbox_ticket ON mail_outbox (ticket_id);
