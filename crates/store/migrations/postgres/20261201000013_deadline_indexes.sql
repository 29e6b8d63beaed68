-- What the deadline scheduler reads, each through a partial index, so that
-- a pass over a large database reads only the tickets it may act on:
-- the open tickets by the start of their clocks (those whose assignment or
-- last status change is recent enough for a reminder to be due; see
-- tickets_open for the codes of open statuses), and the solved (6) and
-- unsolved (7) ones by the time of their answer, for the closure (status
-- leads, so that SQLite, without statistics, prefers it to tickets_status).
CREATE INDEX tickets_open_assigned ON tickets (assigned_at) WHERE status < 6;
CREATE INDEX tickets_open_status_changed ON tickets (status_changed_at) WHERE status < 6;
CREATE INDEX tickets_answered ON tickets (status, status_changed_at) WHERE status IN (6, 7);
