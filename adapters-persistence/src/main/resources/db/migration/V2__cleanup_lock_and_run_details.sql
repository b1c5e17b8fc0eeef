-- Cleanup: the lock shared by every instance, and more detail on each recorded cycle.

-- The cleanup lock is a lease row, not a session advisory lock: it holds no session state, so it works through
-- a transaction-pooling proxy (PgBouncer) and a pooled connection, and a holder that dies leaves a lease that
-- simply runs out. The holder renews expires_at while its cycle runs (see docs/adr/0007).
CREATE TABLE dsar_cleanup_lock (
    name         varchar(40)  PRIMARY KEY,
    holder       varchar(300) NOT NULL,
    instance_id  varchar(200) NOT NULL,
    acquired_at  timestamptz  NOT NULL,
    expires_at   timestamptz  NOT NULL
);

-- Who triggered a cycle (system:cleanup, operator:cli, admin:7), and abandoned exports it marked failed.
ALTER TABLE dsar_cleanup_runs
    ADD COLUMN actor        varchar(100),
    ADD COLUMN stale_failed integer NOT NULL DEFAULT 0;

-- Failed exports that still name a file are rare: cleanup finds them without reading every failed row.
CREATE INDEX dsar_requests_failed_with_file ON dsar_requests (failed_at, id)
    WHERE status = 'failed' AND export_storage_path IS NOT NULL;
