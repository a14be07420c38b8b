-- The embedded default's store and queue (docs/architecture.md). Times are epoch milliseconds.

-- One row per job; the record itself is the JSON of io.github.asyncjobs.job.Job, the columns beside it are what
-- queries select by.
CREATE TABLE jobs (
    id         TEXT    NOT NULL PRIMARY KEY,
    status     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    record     TEXT    NOT NULL
) WITHOUT ROWID;

-- Expiry and the backlog gauges read only unfinished jobs; retention reads only finished ones.
CREATE INDEX jobs_unfinished_by_created ON jobs (created_at) WHERE status IN ('NotStarted', 'Running');
CREATE INDEX jobs_finished_by_updated ON jobs (updated_at) WHERE status NOT IN ('NotStarted', 'Running');

-- An idempotency key bound to the job it created.
CREATE TABLE idempotency_keys (
    idempotency_key TEXT    NOT NULL PRIMARY KEY,
    job_id          TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);

-- Messages of the embedded queue until they are completed; seq is the order of arrival.
CREATE TABLE queue_messages (
    seq            INTEGER NOT NULL PRIMARY KEY,
    queue          TEXT    NOT NULL,
    message_id     TEXT    NOT NULL,
    content_type   TEXT,
    properties     TEXT    NOT NULL,
    body           BLOB    NOT NULL,
    enqueued_at    INTEGER NOT NULL,
    expires_at     INTEGER,
    delivery_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (queue, message_id)
);

-- Written by readiness probes: proves that a commit goes through.
CREATE TABLE store_probe (
    id       INTEGER NOT NULL PRIMARY KEY,
    probed_at INTEGER NOT NULL
);
