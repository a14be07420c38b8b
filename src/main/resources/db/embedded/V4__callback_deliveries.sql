-- Completion notifications (docs/api.md#completion-notifications): one row per job that asked for one, written in the
-- transaction that accepts the job, so that no crash between the job's end and its notification loses it. The record is
-- the JSON of io.github.asyncjobs.job.callback.CallbackDelivery; status and next_attempt_at are what the dispatcher
-- selects by. A row is replaced only if its record is still as its writer read it, which is how one attempt is claimed.
CREATE TABLE callback_deliveries (
    job_id          TEXT    NOT NULL PRIMARY KEY,
    status          TEXT    NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    record          TEXT    NOT NULL
) WITHOUT ROWID;

-- The dispatcher reads only deliveries still to be made, by when they are due; delivered and given-up ones stay until
-- retention deletes their job, for the status monitor.
CREATE INDEX callback_deliveries_due ON callback_deliveries (next_attempt_at) WHERE status = 'Pending';
