-- Selling: shifts, sales, lines, payments, receivables, held sales, message outbox.

CREATE TABLE shifts (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    opened_at     INTEGER NOT NULL,
    opening_float INTEGER NOT NULL DEFAULT 0,
    closed_at     INTEGER,
    expected_cash INTEGER,
    counted_cash  INTEGER
) STRICT;
CREATE INDEX shifts_user ON shifts (user_id, opened_at);

CREATE TABLE sales (
    id          INTEGER PRIMARY KEY,
    invoice     TEXT NOT NULL UNIQUE,
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    shift_id    INTEGER REFERENCES shifts (id),
    customer_id INTEGER REFERENCES customers (id),
    tier        TEXT NOT NULL DEFAULT 'retail',
    -- sum of line totals (after line discounts)
    subtotal    INTEGER NOT NULL,
    -- whole-sale discount
    discount    INTEGER NOT NULL DEFAULT 0,
    tax         INTEGER NOT NULL DEFAULT 0,
    total       INTEGER NOT NULL,
    change_due  INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'void')),
    void_reason TEXT,
    voided_at   INTEGER,
    voided_by   INTEGER REFERENCES users (id),
    source      TEXT NOT NULL DEFAULT 'pos' CHECK (source IN ('pos', 'import', 'demo'))
) STRICT;
CREATE INDEX sales_at ON sales (at);
CREATE INDEX sales_customer ON sales (customer_id, at);

CREATE TABLE sale_lines (
    id               INTEGER PRIMARY KEY,
    sale_id          INTEGER NOT NULL REFERENCES sales (id),
    line_no          INTEGER NOT NULL,
    item_id          INTEGER NOT NULL REFERENCES items (id),
    qty              INTEGER NOT NULL,
    unit_price       INTEGER NOT NULL,
    tier             TEXT NOT NULL,
    discount         INTEGER NOT NULL DEFAULT 0,
    line_total       INTEGER NOT NULL,
    -- item cost when sold, so profit reports survive later cost changes
    unit_cost        INTEGER NOT NULL,
    price_overridden INTEGER NOT NULL DEFAULT 0,
    returned_qty     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sale_lines_sale ON sale_lines (sale_id);
CREATE INDEX sale_lines_item ON sale_lines (item_id);

CREATE TABLE sale_payments (
    id        INTEGER PRIMARY KEY,
    sale_id   INTEGER NOT NULL REFERENCES sales (id),
    method    TEXT NOT NULL CHECK (method IN ('cash', 'transfer', 'qris', 'credit')),
    amount    INTEGER NOT NULL,
    reference TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sale_payments_sale ON sale_payments (sale_id);

CREATE TABLE receivables (
    id          INTEGER PRIMARY KEY,
    sale_id     INTEGER NOT NULL UNIQUE REFERENCES sales (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    paid        INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
    due_date    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX receivables_customer ON receivables (customer_id);

CREATE TABLE receivable_payments (
    id            INTEGER PRIMARY KEY,
    receivable_id INTEGER NOT NULL REFERENCES receivables (id),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    method        TEXT NOT NULL,
    at            INTEGER NOT NULL,
    user_id       INTEGER REFERENCES users (id),
    reference     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX receivable_payments_receivable ON receivable_payments (receivable_id);

-- Open sales parked with F4; JSON of the cart so they survive a restart.
CREATE TABLE held_sales (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER REFERENCES users (id),
    held_at   INTEGER NOT NULL,
    label     TEXT NOT NULL,
    cart_json TEXT NOT NULL
) STRICT;

-- Transactional outbox: written with the business event, sent by the dispatcher.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    channel         TEXT NOT NULL DEFAULT 'whatsapp',
    phone           TEXT NOT NULL,
    customer_id     INTEGER REFERENCES customers (id),
    template        TEXT NOT NULL,
    params_json     TEXT NOT NULL DEFAULT '{}',
    body            TEXT NOT NULL,
    dedupe_key      TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'dead',
                                      'unknown', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    provider_id     TEXT,
    last_error      TEXT,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
