-- Foundation: settings, users, master data, stock ledger, audit.
-- Money is INTEGER rupiah, quantities INTEGER thousandths, instants INTEGER UTC ms.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name     TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'cashier')),
    password_hash TEXT NOT NULL,
    pin_hash      TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE categories (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE units (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name   TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE items (
    id                 INTEGER PRIMARY KEY,
    sku                TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name               TEXT NOT NULL,
    category_id        INTEGER REFERENCES categories (id),
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    cost               INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
    price_retail       INTEGER NOT NULL CHECK (price_retail >= 0),
    price_wholesale1   INTEGER CHECK (price_wholesale1 >= 0),
    min_qty_wholesale1 INTEGER CHECK (min_qty_wholesale1 >= 0),
    price_wholesale2   INTEGER CHECK (price_wholesale2 >= 0),
    min_qty_wholesale2 INTEGER CHECK (min_qty_wholesale2 >= 0),
    reorder_level      INTEGER NOT NULL DEFAULT 0,
    -- Cache of SUM(stock_moves.qty); `warung doctor` proves they agree.
    on_hand            INTEGER NOT NULL DEFAULT 0,
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX items_name ON items (name COLLATE NOCASE);
CREATE INDEX items_category ON items (category_id);

CREATE TABLE item_barcodes (
    code    TEXT PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    -- base units per scan, in thousandths (1000 = one unit, 24000 = carton of 24)
    factor  INTEGER NOT NULL DEFAULT 1000 CHECK (factor > 0)
) STRICT;
CREATE INDEX item_barcodes_item ON item_barcodes (item_id);

-- Named counters: generated barcodes, member codes, invoice numbers.
CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

CREATE TABLE suppliers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX suppliers_name ON suppliers (name COLLATE NOCASE);

CREATE TABLE customers (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name         TEXT NOT NULL,
    phone        TEXT,
    address      TEXT NOT NULL DEFAULT '',
    tier         TEXT NOT NULL DEFAULT 'retail' CHECK (tier IN ('retail', 'wholesale1', 'wholesale2')),
    credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    birthday     TEXT,
    wa_opt_in    INTEGER NOT NULL DEFAULT 0 CHECK (wa_opt_in IN (0, 1)),
    wa_opt_in_at INTEGER,
    notes        TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX customers_phone ON customers (phone);
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

CREATE TABLE stock_moves (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items (id),
    kind      TEXT NOT NULL CHECK (kind IN ('opening', 'sale', 'sale_return', 'void', 'purchase',
                                            'purchase_return', 'adjustment', 'count')),
    qty       INTEGER NOT NULL,
    unit_cost INTEGER NOT NULL DEFAULT 0,
    user_id   INTEGER REFERENCES users (id),
    at        INTEGER NOT NULL,
    reference TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX stock_moves_item_at ON stock_moves (item_id, at);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER REFERENCES users (id),
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    before    TEXT,
    after     TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);

-- The app offers no way to change history.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;
