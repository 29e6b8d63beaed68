-- The open tickets, in id order, for the deadline scheduler's pages: open
-- statuses are the codes below 6 (new … reopened; solved, unsolved,
-- verified and closed come after them, and new labels only at the end of
-- terminal ones' set, as a store test checks).
CREATE INDEX tickets_open ON tickets (id) WHERE status < 6;
