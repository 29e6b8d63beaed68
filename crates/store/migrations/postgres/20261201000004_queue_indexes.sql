-- Queues list a unit's open tickets oldest first, by opening: an index in
-- that order, so that a page walks it and sorts nothing. Queues are for
-- supporters, who see every ticket, so the index carries no visibility
-- columns. Other lists by opening (the API's ?order=oldest without a
-- unit) sort their matches instead.
CREATE INDEX tickets_unit_age ON tickets (unit_id, status, created_at, id);
