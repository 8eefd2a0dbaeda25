-- The WhatsApp assistant (issue 16).
--
-- orders: what customers order by WhatsApp. An order moves no stock and is no sale:
-- new (read back to the customer) → confirmed (they answered YA) → completed (the
-- cashier rang it up; `sale_id` links the invoice) | cancelled.
CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    created_at   INTEGER NOT NULL,
    phone        TEXT NOT NULL,
    customer_id  INTEGER REFERENCES customers (id),
    status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'confirmed', 'completed', 'cancelled')),
    -- What could not be matched or was cut, as told to the customer.
    note         TEXT NOT NULL DEFAULT '',
    confirmed_at INTEGER,
    closed_at    INTEGER,
    sale_id      INTEGER REFERENCES sales (id),
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX orders_phone ON orders (phone, created_at);
CREATE INDEX orders_open ON orders (status, created_at) WHERE status IN ('new', 'confirmed');
CREATE INDEX orders_created ON orders (created_at);

CREATE TABLE order_lines (
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    line_no    INTEGER NOT NULL,
    item_id    INTEGER NOT NULL REFERENCES items (id),
    qty        INTEGER NOT NULL CHECK (qty > 0),          -- thousandths
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),  -- the estimate the customer was told
    tier       TEXT NOT NULL,
    asked      TEXT NOT NULL,                             -- the line as the customer wrote it
    PRIMARY KEY (order_id, line_no)
) STRICT;

-- One row per inbound message the assistant looked at: what it was, and whether it
-- answered (and with which outbox row) or kept silent and why. The guards read it:
-- one answer per provider message id, replies per sender per hour, the same text
-- within a minute, the menu once per sender per `assistant.menu_every_hours`, and a
-- sender's own BERHENTI/MULAI.
CREATE TABLE assistant_turns (
    id          INTEGER PRIMARY KEY,
    inbound_key TEXT NOT NULL UNIQUE,
    phone       TEXT NOT NULL,
    at          INTEGER NOT NULL,
    text        TEXT NOT NULL,             -- the message folded (lower case, first 200 characters)
    command     TEXT NOT NULL,
    replied     INTEGER NOT NULL CHECK (replied IN (0, 1)),
    reason      TEXT,                      -- why not, when silent
    outbox_id   INTEGER REFERENCES outbox (id)
) STRICT;
CREATE INDEX assistant_turns_phone ON assistant_turns (phone, at);

-- Owners and managers get their commands, digest and alerts on this number.
ALTER TABLE users ADD COLUMN phone TEXT;
CREATE INDEX users_phone ON users (phone) WHERE phone IS NOT NULL;

-- Subjects the owner was alerted about (`stock:<item id>`, `void:<invoice>`,
-- `discount:<invoice>`), once per shop day each.
CREATE TABLE assistant_alerts (
    day     TEXT NOT NULL,                -- YYYY-MM-DD in the shop's zone
    subject TEXT NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (day, subject)
) STRICT;
CREATE INDEX assistant_alerts_at ON assistant_alerts (at);
