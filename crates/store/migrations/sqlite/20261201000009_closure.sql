-- Confirmed closure: the deployment's secrets and the submitters' ratings.

-- Secrets every node of a deployment shares, such as the key that signs
-- the verify and reopen links; made once, by whichever node needs one first.
CREATE TABLE deployment_secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- The submitter's satisfaction with a verified solution: one per ticket.
CREATE TABLE ticket_ratings (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT,
    rated_at INTEGER NOT NULL,
    rated_by INTEGER NOT NULL REFERENCES users(id)
);
