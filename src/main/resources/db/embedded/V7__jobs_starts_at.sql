-- When each job may start: its creation, or the later notBefore it was submitted with. The backlog's oldest unfinished
-- job is the one that has waited longest since its start: a job scheduled for next week is not a stuck one.
ALTER TABLE jobs ADD COLUMN starts_at INTEGER;

UPDATE jobs SET starts_at = created_at;
