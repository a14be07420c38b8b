-- The outbox of a job recorded without its message in the same transaction (the embedded store with Service Bus):
-- the message as JSON until the queue took it, then NULL. The requeue sweep reads only rows that still have one.
ALTER TABLE jobs ADD COLUMN message TEXT;

CREATE INDEX jobs_unqueued_by_created ON jobs (created_at) WHERE message IS NOT NULL;
