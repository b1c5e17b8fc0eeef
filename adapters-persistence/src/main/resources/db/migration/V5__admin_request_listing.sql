-- Operators list every user's requests newest first, a page at a time (keyset on requested_at, id), over the
-- whole table or one status. A user's own list already has dsar_requests_user_newest.
CREATE INDEX dsar_requests_newest ON dsar_requests (requested_at DESC, id DESC);
CREATE INDEX dsar_requests_status_newest ON dsar_requests (status, requested_at DESC, id DESC);
