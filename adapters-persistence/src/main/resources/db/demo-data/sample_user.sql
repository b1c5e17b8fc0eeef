-- The sample user of `bin/dsar demo`, with rows in every table of the demo schema. Inserted once: the user is
-- recognised by e-mail address, and the user and all their rows are inserted in this one statement or not at all.
WITH existing AS (
    SELECT id FROM users WHERE email = 'demo.user@example.org' ORDER BY id LIMIT 1
), new_user AS (
    INSERT INTO users (email, display_name, created_at)
    SELECT 'demo.user@example.org', 'Demo User', now() - interval '90 days'
    WHERE NOT EXISTS (SELECT 1 FROM existing)
    RETURNING id
), new_workflows AS (
    INSERT INTO workflows (user_id, name, definition, created_at)
    SELECT new_user.id, w.name, w.definition::jsonb, now() - w.age
    FROM new_user, (VALUES
        ('Weekly report', '{"trigger": {"cron": "0 8 * * MON"}, "steps": [{"kind": "query", "table": "orders"}, {"kind": "mail", "to": "demo.user@example.org"}]}', interval '60 days'),
        ('Backup notes', '{"trigger": {"on": "note_saved"}, "steps": [{"kind": "copy", "target": "archive"}], "enabled": false}', interval '20 days')
    ) AS w (name, definition, age)
    RETURNING id, user_id, name
), new_runs AS (
    INSERT INTO workflow_runs (workflow_id, user_id, status, started_at, finished_at)
    SELECT new_workflows.id, new_workflows.user_id, r.status, now() - r.age, now() - r.age + r.took
    FROM new_workflows, (VALUES
        ('succeeded', interval '14 days', interval '42 seconds'),
        ('failed', interval '7 days', interval '3 seconds'),
        ('succeeded', interval '1 day', interval '39 seconds')
    ) AS r (status, age, took)
    WHERE new_workflows.name = 'Weekly report'
    RETURNING id
), new_tokens AS (
    INSERT INTO api_tokens (user_id, name, token_hash, created_at, last_used_at)
    SELECT new_user.id, t.name, t.token_hash, now() - t.age, now() - t.used
    FROM new_user, (VALUES
        ('laptop', 'sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8', interval '80 days', interval '2 hours'),
        ('ci', 'sha256:6b86b273ff34fce19e6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b', interval '30 days', interval '3 days')
    ) AS t (name, token_hash, age, used)
    RETURNING id
), new_audit AS (
    INSERT INTO audit_logs (user_id, action, ip, details, created_at)
    SELECT new_user.id, a.action, a.ip, a.details::jsonb, now() - a.age
    FROM new_user, (VALUES
        ('login', '192.0.2.10', '{"method": "password", "user_agent": "Mozilla/5.0"}', interval '30 days'),
        ('workflow_created', '192.0.2.10', '{"workflow": "Weekly report"}', interval '60 days'),
        ('api_token_created', '198.51.100.7', '{"token": "ci"}', interval '30 days'),
        ('login', '2001:db8::1', '{"method": "sso"}', interval '1 day')
    ) AS a (action, ip, details, age)
    RETURNING id
)
SELECT id, false AS created FROM existing
UNION ALL
SELECT id, true AS created FROM new_user
