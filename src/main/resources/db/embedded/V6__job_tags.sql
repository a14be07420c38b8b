-- Listing a caller's jobs by tag (GET /api/jobs?tag=key:value): each tag of a job as its term key:value, with an index
-- in listing order, so that a page is read from the index, never by scanning the caller's jobs. A job's tags go with
-- it, whichever way it is deleted (retention, purge).
CREATE TABLE job_tags (
    owner      TEXT    NOT NULL,
    tag        TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    id         TEXT    NOT NULL,
    PRIMARY KEY (owner, tag, created_at DESC, id DESC)
) WITHOUT ROWID;

CREATE INDEX job_tags_by_job ON job_tags (id);

CREATE TRIGGER job_tags_go_with_their_job AFTER DELETE ON jobs
BEGIN
    DELETE FROM job_tags WHERE id = OLD.id;
END;
