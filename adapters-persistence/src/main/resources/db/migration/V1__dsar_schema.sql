-- The service's own tables. dsar_requests rows are never deleted: they are the audit trail of every request.

CREATE TABLE dsar_requests (
    id                  bigserial    PRIMARY KEY,
    user_id             bigint       NOT NULL CHECK (user_id > 0),
    gdpr_reference_id   varchar(64)  NOT NULL,
    status              varchar(16)  NOT NULL
                        CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'expired')),
    requested_by        varchar(100) NOT NULL,
    requested_at        timestamptz  NOT NULL,
    started_at          timestamptz,
    completed_at        timestamptz,
    failed_at           timestamptz,
    file_deleted_at     timestamptz,
    attempts            integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     timestamptz,
    lease_owner         varchar(200),
    lease_expires_at    timestamptz,
    export_storage_path text,
    export_bytes_size   bigint       CHECK (export_bytes_size >= 0),
    export_sha256       char(64),
    last_error          varchar(500),
    download_count      bigint       NOT NULL DEFAULT 0,
    last_downloaded_at  timestamptz,
    version             bigint       NOT NULL DEFAULT 0,
    CONSTRAINT dsar_requests_reference_unique UNIQUE (gdpr_reference_id),
    CONSTRAINT dsar_requests_lease_while_processing
        CHECK ((status = 'processing') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CONSTRAINT dsar_requests_completed_has_file
        CHECK (status <> 'completed' OR (completed_at IS NOT NULL AND export_storage_path IS NOT NULL))
);

-- One pending or processing request per user, race-free across instances.
CREATE UNIQUE INDEX dsar_requests_one_active_per_user
    ON dsar_requests (user_id) WHERE status IN ('pending', 'processing');
-- A user's requests, newest first.
CREATE INDEX dsar_requests_user_newest ON dsar_requests (user_id, requested_at DESC, id DESC);
-- Next pending request for the worker, oldest first.
CREATE INDEX dsar_requests_next_pending ON dsar_requests (requested_at, id) WHERE status = 'pending';
-- Processing requests whose lease ran out.
CREATE INDEX dsar_requests_processing_lease ON dsar_requests (lease_expires_at) WHERE status = 'processing';
-- Completed exports past a cutoff (retention), in key order.
CREATE INDEX dsar_requests_completed_at ON dsar_requests (completed_at, id) WHERE status = 'completed';
-- Failed exports older than a cutoff.
CREATE INDEX dsar_requests_failed_at ON dsar_requests (failed_at, id) WHERE status = 'failed';
-- Which files on disk belong to a row (orphan detection).
CREATE INDEX dsar_requests_storage_path ON dsar_requests (export_storage_path) WHERE export_storage_path IS NOT NULL;

-- Who or what did what to which request, and when. details never hold personal data.
CREATE TABLE dsar_audit_events (
    id                bigserial    PRIMARY KEY,
    gdpr_reference_id varchar(64)  NOT NULL,
    user_id           bigint       NOT NULL,
    action            varchar(40)  NOT NULL,
    actor             varchar(100) NOT NULL,
    occurred_at       timestamptz  NOT NULL,
    details           jsonb        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX dsar_audit_events_reference ON dsar_audit_events (gdpr_reference_id, occurred_at);
CREATE INDEX dsar_audit_events_occurred_at ON dsar_audit_events (occurred_at);

-- One row per cleanup cycle, whichever instance ran it: the statistics sum over these.
CREATE TABLE dsar_cleanup_runs (
    id                     bigserial    PRIMARY KEY,
    instance_id            varchar(200) NOT NULL,
    trigger                varchar(20)  NOT NULL,
    dry_run                boolean      NOT NULL,
    retention_seconds      bigint       NOT NULL,
    started_at             timestamptz  NOT NULL,
    finished_at            timestamptz,
    checked                integer      NOT NULL DEFAULT 0,
    expired_files_deleted  integer      NOT NULL DEFAULT 0,
    failed_files_deleted   integer      NOT NULL DEFAULT 0,
    orphans_deleted        integer      NOT NULL DEFAULT 0,
    stale_requeued         integer      NOT NULL DEFAULT 0,
    audit_rows_purged      bigint       NOT NULL DEFAULT 0,
    errors                 integer      NOT NULL DEFAULT 0,
    bytes_freed            bigint       NOT NULL DEFAULT 0,
    duration_ms            bigint,
    error                  varchar(500)
);
CREATE INDEX dsar_cleanup_runs_started_at ON dsar_cleanup_runs (started_at DESC, id DESC);
