-- Cleanup benchmark data: :rows requests, of which :expired are completed past their retention with a file on
-- disk (written by make-files.py), :recent are completed within retention with a file on disk, a few hundred
-- are failed or pending, and the rest expired long ago (no file). One audit event per request.
-- psql variables: rows, expired, recent, dir (the export directory, absolute, as the service resolves it).
\set ON_ERROR_STOP on

INSERT INTO dsar_requests (user_id, gdpr_reference_id, status, requested_by, requested_at, started_at,
                           completed_at, failed_at, file_deleted_at, attempts, export_storage_path,
                           export_bytes_size, export_sha256, last_error, version)
SELECT g,
       'BENCH-' || lpad(g::text, 7, '0'),
       s.status,
       'subject:' || g,
       s.completed_at - interval '1 minute',
       s.completed_at - interval '1 minute',
       CASE WHEN s.status IN ('completed', 'expired') THEN s.completed_at END,
       CASE WHEN s.status = 'failed' THEN s.completed_at END,
       CASE WHEN s.status = 'expired' THEN s.completed_at + interval '30 days' END,
       CASE WHEN s.status = 'pending' THEN 0 ELSE 1 END,
       CASE WHEN s.status = 'completed'
            THEN :'dir' || '/dsar_BENCH-' || lpad(g::text, 7, '0') || '_20260101_000000.zip' END,
       CASE WHEN s.status IN ('completed', 'expired') THEN 512 END,
       CASE WHEN s.status IN ('completed', 'expired') THEN repeat('ab', 32) END,
       CASE WHEN s.status = 'failed' THEN 'export failed: benchmark' END,
       CASE WHEN s.status = 'pending' THEN 0 ELSE 3 END
FROM generate_series(1, :rows) AS g,
LATERAL (SELECT CASE
                    WHEN g <= :expired THEN 'completed'
                    WHEN g <= :expired + :recent THEN 'completed'
                    WHEN g % 5000 = 0 THEN 'failed'
                    WHEN g % 7919 = 0 THEN 'pending'
                    ELSE 'expired'
                END AS status,
                CASE
                    WHEN g <= :expired THEN now() - interval '40 days' + g * interval '1 second'
                    WHEN g <= :expired + :recent THEN now() - interval '1 day' + (g - :expired) * interval '1 second'
                    ELSE now() - interval '400 days' + g * interval '1 second'
                END AS completed_at) AS s;

INSERT INTO dsar_audit_events (gdpr_reference_id, user_id, action, actor, occurred_at, details)
SELECT gdpr_reference_id, user_id, 'requested', requested_by, requested_at, '{}'::jsonb FROM dsar_requests;

VACUUM ANALYZE dsar_requests;
VACUUM ANALYZE dsar_audit_events;
