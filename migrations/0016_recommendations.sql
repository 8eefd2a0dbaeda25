-- Recommendations: bought-together partners per item (precomputed, so the till never
-- reads sale lines on the scan path), refill reminders with their holdout, and the
-- message kind `refill`.

-- Each item's best partners (bought in the same baskets), best first. Rebuilt whole by
-- `warung recommend refresh` and by the dispatcher once a night (`partners_day` says
-- which shop day the last rebuild counted up to, so a dispatcher started from cron every
-- few minutes recounts once a day, not every time).
CREATE TABLE partners_refreshed (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    partners_day TEXT NOT NULL,
    at           INTEGER NOT NULL
) STRICT;

CREATE TABLE item_partners (
    item_id      INTEGER NOT NULL REFERENCES items (id),
    rank         INTEGER NOT NULL CHECK (rank >= 1),
    partner_id   INTEGER NOT NULL REFERENCES items (id),
    pairs        INTEGER NOT NULL,
    -- thousandths: 1500 = 1.5
    confidence   INTEGER NOT NULL,
    lift         INTEGER NOT NULL,
    PRIMARY KEY (item_id, rank)
) STRICT, WITHOUT ROWID;

-- One row per customer and day the refill trigger chose them: messaged (with the
-- outbox row) or held out (nothing sent), so the lift can be measured.
CREATE TABLE refill_reminders (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    day         TEXT NOT NULL,
    at          INTEGER NOT NULL,
    holdout     INTEGER NOT NULL CHECK (holdout IN (0, 1)),
    -- JSON list of the item ids that were due
    items       TEXT NOT NULL,
    outbox_id   INTEGER REFERENCES outbox (id),
    UNIQUE (customer_id, day)
) STRICT;
CREATE INDEX refill_reminders_at ON refill_reminders (at);

-- A suggested item added at the till (F10), by whom and when: the till row of
-- `report recommendations` finds it in that cashier's next completed sale.
CREATE TABLE suggestion_adds (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id INTEGER REFERENCES users (id),
    item_id INTEGER NOT NULL REFERENCES items (id)
) STRICT;
CREATE INDEX suggestion_adds_at ON suggestion_adds (at);

-- The kind CHECK of message_templates gains 'refill'. SQLite cannot change a CHECK in
-- place, so the table is rebuilt with every column it has after 0012.
CREATE TABLE message_templates_new (
    key              TEXT PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('receipt', 'reminder', 'winback', 'birthday', 'campaign', 'refill')),
    body             TEXT NOT NULL,
    wa_name          TEXT NOT NULL,
    wa_language      TEXT NOT NULL DEFAULT 'id',
    wa_params        TEXT NOT NULL DEFAULT '[]',
    updated_at       INTEGER NOT NULL,
    platform_id      TEXT,
    platform_status  TEXT,
    platform_quality TEXT,
    platform_reason  TEXT
) STRICT;

INSERT INTO message_templates_new (key, kind, body, wa_name, wa_language, wa_params, updated_at, platform_id,
                                   platform_status, platform_quality, platform_reason)
SELECT key, kind, body, wa_name, wa_language, wa_params, updated_at, platform_id, platform_status, platform_quality,
       platform_reason
FROM message_templates;

DROP TABLE message_templates;
ALTER TABLE message_templates_new RENAME TO message_templates;

INSERT INTO message_templates (key, kind, body, wa_name, wa_language, wa_params, updated_at) VALUES
('refill', 'refill',
 'Halo {{ customer_name }}, {{ items }} biasanya sudah waktunya beli lagi. Mau kami siapkan? Balas PESAN, nanti kami kabari kalau sudah siap diambil. Salam, {{ store_name }}.',
 'refill', 'id', '["customer_name","items","store_name"]', 0);
