-- A small host application whose users' data the built-in sections export (contract section 6).

CREATE TABLE IF NOT EXISTS users (
    id           bigserial PRIMARY KEY,
    email        text,
    display_name text,
    created_at   timestamptz
);

CREATE TABLE IF NOT EXISTS workflows (
    id         bigserial PRIMARY KEY,
    user_id    bigint,
    name       text,
    definition jsonb,
    created_at timestamptz
);
CREATE INDEX IF NOT EXISTS workflows_user_id ON workflows (user_id, id);

CREATE TABLE IF NOT EXISTS workflow_runs (
    id          bigserial PRIMARY KEY,
    workflow_id bigint,
    user_id     bigint,
    status      text,
    started_at  timestamptz,
    finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS workflow_runs_user_id ON workflow_runs (user_id, id);

CREATE TABLE IF NOT EXISTS api_tokens (
    id           bigserial PRIMARY KEY,
    user_id      bigint,
    name         text,
    token_hash   text,
    created_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX IF NOT EXISTS api_tokens_user_id ON api_tokens (user_id, id);

CREATE TABLE IF NOT EXISTS audit_logs (
    id         bigserial PRIMARY KEY,
    user_id    bigint,
    action     text,
    ip         text,
    details    jsonb,
    created_at timestamptz
);
CREATE INDEX IF NOT EXISTS audit_logs_user_id ON audit_logs (user_id, id);
