-- Counting a caller's unfinished jobs (jobs.limits.max-unfinished): an index of those jobs alone, so that the count
-- reads the caller's unfinished jobs, never their history.
CREATE INDEX jobs_unfinished_by_owner ON jobs (owner) WHERE status IN ('NotStarted', 'Running');
