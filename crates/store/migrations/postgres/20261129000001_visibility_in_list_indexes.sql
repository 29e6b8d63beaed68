-- A requester's lists are filtered on (visibility = 'public' OR submitter_id = $N).
-- With both columns included in each list index, PostgreSQL can answer that
-- filter with an index-only scan instead of visiting every matching row.
DROP INDEX tickets_updated;
CREATE INDEX tickets_updated ON tickets (updated_at DESC, id DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_status;
CREATE INDEX tickets_status ON tickets (status, updated_at DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_unit;
CREATE INDEX tickets_unit ON tickets (unit_id, status, updated_at DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_site;
CREATE INDEX tickets_site ON tickets (site_id, updated_at DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_vo;
CREATE INDEX tickets_vo ON tickets (vo_id, updated_at DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_submitter;
CREATE INDEX tickets_submitter ON tickets (submitter_id, updated_at DESC) INCLUDE (visibility);
DROP INDEX tickets_priority;
CREATE INDEX tickets_priority ON tickets (priority, status, updated_at DESC) INCLUDE (visibility, submitter_id);
