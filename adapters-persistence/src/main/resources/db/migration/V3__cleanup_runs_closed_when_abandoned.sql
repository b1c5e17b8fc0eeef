-- A cleanup cycle killed half-way leaves its run row open. The next cycle closes it: marked abandoned, ended at
-- the last sign of life it gave (progressed_at: when it last saved its counts, on the database's clock), and its
-- counts made up to what the audit trail shows it deleted.
ALTER TABLE dsar_cleanup_runs
    ADD COLUMN progressed_at timestamptz,
    ADD COLUMN abandoned     boolean NOT NULL DEFAULT false;

-- Open runs are few (the running cycle, and any killed one): found without reading the whole history.
CREATE INDEX dsar_cleanup_runs_open ON dsar_cleanup_runs (id) WHERE finished_at IS NULL;
-- The file deletions a run recorded, found by its id.
CREATE INDEX dsar_audit_events_cleanup_run ON dsar_audit_events ((details ->> 'cleanup_run'))
    WHERE action = 'file_deleted';
