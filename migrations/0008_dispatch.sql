-- The dispatcher marks a message just before its request leaves. A message found
-- 'sending' with an expired lease (its dispatcher died) is sent again only if this
-- marker is empty (the request provably never left); otherwise it becomes 'unknown'
-- and is reconciled from webhooks, never blindly resent.
ALTER TABLE outbox ADD COLUMN attempt_started_at INTEGER;
CREATE INDEX outbox_provider_id ON outbox (provider_id) WHERE provider_id IS NOT NULL;
