-- Where each deadline scheduler stopped: the end of its last pass's
-- window. The next pass tells what fell due after it.
CREATE TABLE deadline_passes (
    name TEXT PRIMARY KEY,
    reached_at INTEGER NOT NULL
);
