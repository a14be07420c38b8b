-- Listing a caller's jobs, newest first (GET /api/jobs): who owns each job ('' on an open service) and its type, with
-- an index in listing order, so that a page is read from the index, never by scanning every job.
ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN type TEXT NOT NULL DEFAULT '';

UPDATE jobs SET type = json_extract(record, '$.type'),
                owner = COALESCE(json_extract(record, '$.owner.tenantId') || '/' || json_extract(record, '$.owner.objectId'), '');

CREATE INDEX jobs_by_owner_newest ON jobs (owner, created_at DESC, id DESC);
