package dev.dsar.bootstrap.testing;

import dev.dsar.adapters.persistence.testing.PostgresDatabase;

/**
 * Rows in the demo application's tables: Alice (42) has a bit of everything, with awkward values; Bob (7)
 * has rows marked {@link #BOB_MARKER} that must never appear in anyone else's export; user 5 has nothing.
 */
public final class DemoData {

    public static final long ALICE = 42;
    public static final long BOB = 7;
    public static final long NOBODY = 5;
    public static final String BOB_MARKER = "bob-private-marker";

    private DemoData() {
    }

    public static void insert(PostgresDatabase db) {
        db.execute("""
                INSERT INTO users (id, email, display_name, created_at) VALUES
                  (42, 'alice@example.org', 'Ålice "Ally" <b>O''Brien</b> 😀 \\ back', '2026-01-02 03:04:05.123456+02'),
                  (7, 'bob-private-marker@example.org', 'bob-private-marker', '2025-12-31 23:59:59+00');
                INSERT INTO workflows (id, user_id, name, definition, created_at) VALUES
                  (1, 42, 'Morning ☀ report', '{"steps": [{"kind": "fetch", "url": "https://example.org/ü"}, {"kind": "mail", "to": null}], "enabled": true, "retries": 3, "ratio": 0.25}', '2026-01-03T10:00:00Z'),
                  (2, 42, 'Empty', NULL, NULL),
                  (3, 7, 'bob-private-marker', '{"secret": "bob-private-marker"}', '2026-01-03T10:00:00Z');
                INSERT INTO workflow_runs (id, workflow_id, user_id, status, started_at, finished_at) VALUES
                  (1, 3, 7, 'bob-private-marker', '2026-01-04T00:00:00Z', NULL);
                INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, last_used_at) VALUES
                  (1, 42, 'laptop', 'alice-secret-hash-1', '2026-01-05T00:00:00Z', '2026-01-06T00:00:00.5Z'),
                  (2, 42, 'phone', NULL, '2026-01-05T00:00:01Z', NULL),
                  (3, 7, 'bob-private-marker', 'bob-private-marker', '2026-01-05T00:00:00Z', NULL);
                INSERT INTO audit_logs (user_id, action, ip, details, created_at)
                  SELECT 42, 'action ' || i, '192.0.2.' || i, jsonb_build_object('n', i, 'tags', jsonb_build_array('a', i)),
                         '2026-02-01T00:00:00Z'::timestamptz + i * interval '1 second'
                  FROM generate_series(1, 2500) i;
                INSERT INTO audit_logs (user_id, action, ip, details, created_at)
                  VALUES (42, 'null details', NULL, NULL, NULL), (42, 'scalar details', '::1', '"just a string"', now()),
                         (7, 'bob-private-marker', '203.0.113.7', '{"who": "bob-private-marker"}', now());
                -- Rows inserted later (the demo's sample user, who gets id 1) take ids after the explicit ones.
                SELECT setval(pg_get_serial_sequence('workflows', 'id'), 100),
                       setval(pg_get_serial_sequence('workflow_runs', 'id'), 100),
                       setval(pg_get_serial_sequence('api_tokens', 'id'), 100);
                """);
    }
}
