-- Queues list a unit's open tickets oldest first, by opening. Like the
-- lists by last change, each needs an index in its order, ending in the
-- columns a requester's visibility filter reads, so that a page walks the
-- index in order and sorts nothing.
CREATE INDEX tickets_unit_age ON tickets (unit_id, status, created_at, id, visibility, submitter_id);
CREATE INDEX tickets_status_age ON tickets (status, created_at, id, visibility, submitter_id);
CREATE INDEX tickets_age ON tickets (created_at, id, visibility, submitter_id);
