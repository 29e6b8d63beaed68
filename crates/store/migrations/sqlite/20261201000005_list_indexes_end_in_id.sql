-- PostgreSQL's list indexes gain the ticket id at the end of their key in
-- this migration, so that pages ordered by (updated_at, id) need no sort.
-- SQLite's already end in the id (see 20261129000001), so nothing changes
-- here; the file keeps both backends' migrations in step.
SELECT 1;
