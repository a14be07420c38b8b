-- A manager's listing of every caller's jobs in their tenant, newest first (GET /api/jobs?scope=tenant): the owner's
-- tenant, computed from owner ('<tenant id>/<object id>', '' on an open service), with an index in listing order.
ALTER TABLE jobs ADD COLUMN tenant TEXT GENERATED ALWAYS AS (substr(owner, 1, instr(owner, '/') - 1)) VIRTUAL;

CREATE INDEX jobs_by_tenant_newest ON jobs (tenant, created_at DESC, id DESC);
