-- Messaging as the platforms work in 2026.
--
-- outbox gains:
--   * the states `skipped` (the platform declined for reasons that are not the shop's
--     fault: marketing caps, Meta's marketing experiment) and `held` (its template is
--     not usable now: paused, disabled, missing or mismatched);
--   * `provider`: which provider took the attempt, so a status webhook of one
--     provider moves only its own messages and the file provider can reconcile its
--     `unknown` rows from its file;
--   * the per-message pricing a status webhook reports, and the cost in rupiah;
--   * `expires_at`: a message not handed over by then is skipped (campaign end date,
--     or the time to live of utility messages);
--   * `platform_retries` (waits for the per-user marketing limit) and `as_template`
--     (the platform refused it as free text: only its template may go).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt; foreign
-- keys pointing at it are checked at commit.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE outbox_new (
    id                 INTEGER PRIMARY KEY,
    created_at         INTEGER NOT NULL,
    kind               TEXT NOT NULL,
    channel            TEXT NOT NULL DEFAULT 'whatsapp',
    phone              TEXT NOT NULL,
    customer_id        INTEGER REFERENCES customers (id),
    template           TEXT NOT NULL,
    params_json        TEXT NOT NULL DEFAULT '{}',
    body               TEXT NOT NULL,
    dedupe_key         TEXT NOT NULL UNIQUE,
    status             TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'dead',
                                         'unknown', 'cancelled', 'skipped', 'held')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    INTEGER NOT NULL,
    lease_until        INTEGER,
    provider_id        TEXT,
    last_error         TEXT,
    updated_at         INTEGER NOT NULL,
    sent_at            INTEGER,
    attempt_started_at INTEGER,
    provider           TEXT,
    expires_at         INTEGER,
    platform_retries   INTEGER NOT NULL DEFAULT 0,  -- waits for the per-user marketing limit (131049)
    as_template        INTEGER NOT NULL DEFAULT 0 CHECK (as_template IN (0, 1)),  -- never as free text (131047)
    pricing_billable   INTEGER CHECK (pricing_billable IN (0, 1)),
    pricing_category   TEXT,
    pricing_model      TEXT,
    cost               INTEGER
) STRICT;

INSERT INTO outbox_new (id, created_at, kind, channel, phone, customer_id, template, params_json, body, dedupe_key,
                        status, attempts, next_attempt_at, lease_until, provider_id, last_error, updated_at, sent_at,
                        attempt_started_at, provider)
SELECT id, created_at, kind, channel, phone, customer_id, template, params_json, body, dedupe_key,
       status, attempts, next_attempt_at, lease_until, provider_id, last_error, updated_at, sent_at,
       attempt_started_at,
       CASE
           WHEN provider_id LIKE 'wamid.%' THEN 'whatsapp_cloud'
           WHEN provider_id LIKE 'file-%' THEN 'file'
           WHEN provider_id GLOB 'SM*' OR provider_id GLOB 'MM*' THEN 'twilio'
           WHEN provider_id GLOB '[0-9]*' THEN 'fonnte'
       END
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_customer_sent ON outbox (customer_id, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_provider_id ON outbox (provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX outbox_created ON outbox (created_at);
CREATE INDEX outbox_template_waiting ON outbox (template) WHERE status IN ('pending', 'failed', 'held');

-- Meta's marketing experiment (130472) holds a customer back from WhatsApp marketing
-- for a while; nothing is sent to them on that channel until then.
ALTER TABLE customers ADD COLUMN wa_marketing_paused_until INTEGER;

-- 131048 (spam rate limit) pauses marketing on a channel for a while.
CREATE TABLE marketing_pauses (
    provider     TEXT PRIMARY KEY,
    paused_until INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

-- A campaign's marketing is never delivered after its end (epoch ms, end of its last day).
ALTER TABLE campaigns ADD COLUMN ends_at INTEGER;

-- Each template's state on the WhatsApp Business Account, as `templates status` and
-- the template webhooks report it.
ALTER TABLE message_templates ADD COLUMN platform_id TEXT;
ALTER TABLE message_templates ADD COLUMN platform_status TEXT;
ALTER TABLE message_templates ADD COLUMN platform_quality TEXT;
ALTER TABLE message_templates ADD COLUMN platform_reason TEXT;
