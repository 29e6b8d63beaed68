-- Lists are ordered by (updated_at, id), the id breaking ties. An index
-- whose key stops at updated_at gives that order only up to ties, so
-- PostgreSQL sorted every match of a large list to take one page: a
-- person with 130,000 tickets waited 70 ms for "my tickets". With the id
-- in the key, a page walks the index in order and stops (SQLite's indexes
-- already end in the rowid, the id).
DROP INDEX tickets_status;
CREATE INDEX tickets_status ON tickets (status, updated_at DESC, id DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_unit;
CREATE INDEX tickets_unit ON tickets (unit_id, status, updated_at DESC, id DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_site;
CREATE INDEX tickets_site ON tickets (site_id, updated_at DESC, id DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_vo;
CREATE INDEX tickets_vo ON tickets (vo_id, updated_at DESC, id DESC) INCLUDE (visibility, submitter_id);
DROP INDEX tickets_submitter;
CREATE INDEX tickets_submitter ON tickets (submitter_id, updated_at DESC, id DESC) INCLUDE (visibility);
DROP INDEX tickets_priority;
CREATE INDEX tickets_priority ON tickets (priority, status, updated_at DESC, id DESC) INCLUDE (visibility, submitter_id);
