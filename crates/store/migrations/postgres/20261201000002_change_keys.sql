-- Keys that make a change happen once: a web form's submission key, or
-- (for the mail gateway) a message's Message-ID. A change that carries a
-- key already taken is refused whole, and the first one's ticket is found
-- by its key.
CREATE TABLE change_keys (
    key TEXT PRIMARY KEY,
    change_id BIGINT NOT NULL,
    ticket_id BIGINT REFERENCES tickets(id),
    created_at TIMESTAMPTZ NOT NULL
);
