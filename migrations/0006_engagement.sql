-- Customer engagement, shared by messaging (dispatcher, webhooks, campaigns) and
-- analytics (segments, attribution). Each table has one writer:
--   inbox, channel_state           ← webhooks and the dispatcher
--   segment_runs, customer_segments ← `warung segment`
--   campaigns, campaign_recipients  ← `warung campaign` and the Messages screen

-- When the dispatcher handed a message to the provider (attribution counts from here).
ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
CREATE INDEX outbox_customer_sent ON outbox (customer_id, sent_at) WHERE sent_at IS NOT NULL;

-- Messages customers sent to the shop (webhooks). An inbound WhatsApp message opens
-- the 24-hour window in which free text may be sent.
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    provider    TEXT NOT NULL,           -- whatsapp_cloud | fonnte | twilio
    phone       TEXT NOT NULL,           -- normalised, 62…
    customer_id INTEGER REFERENCES customers (id),
    body        TEXT NOT NULL,
    provider_id TEXT UNIQUE,             -- e.g. the wamid; a repeated webhook is ignored
    read_at     INTEGER
) STRICT;
CREATE INDEX inbox_phone ON inbox (phone, received_at);

-- A provider whose credentials were refused is halted (not retried) until fixed.
CREATE TABLE channel_state (
    provider   TEXT PRIMARY KEY,
    halted_at  INTEGER,                  -- NULL = running
    reason     TEXT,
    updated_at INTEGER NOT NULL
) STRICT;

-- One segmentation of the customers as of a date; earlier runs are kept.
CREATE TABLE segment_runs (
    id         INTEGER PRIMARY KEY,
    as_of      TEXT NOT NULL,            -- YYYY-MM-DD in the shop's zone
    k          INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE customer_segments (
    run_id        INTEGER NOT NULL REFERENCES segment_runs (id) ON DELETE CASCADE,
    customer_id   INTEGER NOT NULL REFERENCES customers (id),
    recency_days  INTEGER NOT NULL,
    frequency     INTEGER NOT NULL,
    monetary      INTEGER NOT NULL,
    r_score       INTEGER NOT NULL CHECK (r_score BETWEEN 1 AND 5),
    f_score       INTEGER NOT NULL CHECK (f_score BETWEEN 1 AND 5),
    m_score       INTEGER NOT NULL CHECK (m_score BETWEEN 1 AND 5),
    rfm_segment   TEXT NOT NULL,         -- Champions, Loyal, …, Lost
    cluster       INTEGER NOT NULL,      -- 0 = most loyal
    cluster_label TEXT NOT NULL,
    PRIMARY KEY (run_id, customer_id)
) STRICT;
CREATE INDEX customer_segments_customer ON customer_segments (customer_id, run_id);

-- A campaign sends one template to an audience; a random holdout share of the
-- audience is kept unsent so the campaign's lift can be measured.
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    template    TEXT NOT NULL,
    segment     TEXT,                    -- cluster_label or rfm_segment of the latest run; NULL = all opted-in
    holdout_bp  INTEGER NOT NULL DEFAULT 0 CHECK (holdout_bp BETWEEN 0 AND 10000),
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER                  -- NULL while a draft
) STRICT;

CREATE TABLE campaign_recipients (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    holdout     INTEGER NOT NULL CHECK (holdout IN (0, 1)),
    outbox_id   INTEGER REFERENCES outbox (id),  -- NULL for the holdout
    PRIMARY KEY (campaign_id, customer_id)
) STRICT;
CREATE INDEX campaign_recipients_customer ON campaign_recipients (customer_id);
