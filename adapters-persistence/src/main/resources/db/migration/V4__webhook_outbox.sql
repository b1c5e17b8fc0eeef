-- Notifications (contract §7.4): a transactional outbox of webhook events.
--
-- An event row is written by the same transaction as the state change that causes it: the trigger below fires
-- inside whatever statement moves a request to completed, failed or expired (an export's outcome, cleanup's
-- batches, expiry on access), so the row and the move commit or roll back together. Reminders
-- (export.expiring) and request.overdue are inserted by the dispatcher's periodic scan; the partial unique
-- index lets each be written once per request. Rows hold no personal data beyond the user id and reference.
CREATE TABLE dsar_webhook_events (
    id                bigserial    PRIMARY KEY,
    -- The Standard Webhooks message id: the same on every retry, so receivers can drop duplicates.
    webhook_id        varchar(64)  NOT NULL DEFAULT ('msg_' || replace(gen_random_uuid()::text, '-', '')),
    event_type        varchar(40)  NOT NULL CHECK (event_type IN
                          ('export.completed', 'export.failed', 'export.expiring', 'export.expired', 'request.overdue')),
    gdpr_reference_id varchar(64)  NOT NULL,
    user_id           bigint       NOT NULL,
    occurred_at       timestamptz  NOT NULL,
    state             varchar(16)  NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts          integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at   timestamptz  NOT NULL,
    -- Retries stop this long after retry_from (the event, or an operator's re-send of a dead one).
    retry_from        timestamptz  NOT NULL,
    -- A dispatcher holds the event while it delivers it; the lease is on the database's clock.
    lease_owner       varchar(200),
    lease_expires_at  timestamptz,
    -- Endpoints (of DSAR_WEBHOOK_URL) that acknowledged the event: a retry goes only to the others.
    delivered_to      text[]       NOT NULL DEFAULT '{}',
    last_http_status  integer,
    last_error        varchar(200),
    delivered_at      timestamptz,
    dead_at           timestamptz,
    CONSTRAINT dsar_webhook_events_webhook_id_unique UNIQUE (webhook_id)
);

-- The next due events, oldest first.
CREATE INDEX dsar_webhook_events_due ON dsar_webhook_events (next_attempt_at, id) WHERE state = 'pending';
-- Order per request: an event waits while an earlier one of the same request is pending.
CREATE INDEX dsar_webhook_events_pending_reference ON dsar_webhook_events (gdpr_reference_id, id) WHERE state = 'pending';
-- The operators' lists and the retention purge.
CREATE INDEX dsar_webhook_events_state ON dsar_webhook_events (state, id);
CREATE INDEX dsar_webhook_events_occurred_at ON dsar_webhook_events (occurred_at);
-- Reminders and overdue notices: once per request.
CREATE UNIQUE INDEX dsar_webhook_events_once ON dsar_webhook_events (gdpr_reference_id, event_type)
    WHERE event_type IN ('export.expiring', 'request.overdue');

CREATE FUNCTION dsar_webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text;
    happened timestamptz;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN
        RETURN NULL;
    END IF;
    IF NEW.status = 'completed' THEN
        kind := 'export.completed';
        happened := NEW.completed_at;
    ELSIF NEW.status = 'failed' THEN
        kind := 'export.failed';
        happened := NEW.failed_at;
    ELSIF NEW.status = 'expired' THEN
        kind := 'export.expired';
        happened := NEW.file_deleted_at;
    ELSE
        RETURN NULL;
    END IF;
    happened := coalesce(happened, clock_timestamp());
    INSERT INTO dsar_webhook_events (event_type, gdpr_reference_id, user_id, occurred_at, next_attempt_at, retry_from)
    VALUES (kind, NEW.gdpr_reference_id, NEW.user_id, happened, happened, happened);
    RETURN NULL;
END
$$;

CREATE TRIGGER dsar_requests_webhook_outbox
    AFTER INSERT OR UPDATE OF status ON dsar_requests
    FOR EACH ROW EXECUTE FUNCTION dsar_webhook_outbox();
