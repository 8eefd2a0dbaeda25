-- Purchasing: supplier invoices received into stock, what the shop owes suppliers
-- (payables) and pays them, purchase returns, and stock counts.
-- Money is INTEGER rupiah, quantities INTEGER thousandths, instants INTEGER UTC ms.

CREATE TABLE purchases (
    id               INTEGER PRIMARY KEY,
    -- The shop's own number (PB-000001), unique.
    number           TEXT NOT NULL UNIQUE,
    supplier_id      INTEGER NOT NULL REFERENCES suppliers (id),
    -- The supplier's invoice number and date, as printed on their paper.
    supplier_invoice TEXT NOT NULL DEFAULT '',
    invoice_date     TEXT NOT NULL,
    total            INTEGER NOT NULL CHECK (total >= 0),
    -- 'cash', 'transfer' or 'qris' (paid on receipt) or 'credit' (a payable).
    payment          TEXT NOT NULL CHECK (payment IN ('cash', 'transfer', 'qris', 'credit')),
    at               INTEGER NOT NULL,
    user_id          INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX purchases_supplier ON purchases (supplier_id, at);
CREATE INDEX purchases_at ON purchases (at);

CREATE TABLE purchase_lines (
    id          INTEGER PRIMARY KEY,
    purchase_id INTEGER NOT NULL REFERENCES purchases (id),
    item_id     INTEGER NOT NULL REFERENCES items (id),
    -- As received: packs of `pack_factor` base units at `pack_cost` each.
    packs       INTEGER NOT NULL CHECK (packs > 0),
    pack_factor INTEGER NOT NULL CHECK (pack_factor > 0),
    pack_cost   INTEGER NOT NULL CHECK (pack_cost > 0),
    -- In base units: what the stock ledger got.
    qty         INTEGER NOT NULL CHECK (qty > 0),
    unit_cost   INTEGER NOT NULL CHECK (unit_cost >= 0),
    line_total  INTEGER NOT NULL CHECK (line_total >= 0)
) STRICT;
CREATE INDEX purchase_lines_purchase ON purchase_lines (purchase_id);
CREATE INDEX purchase_lines_item ON purchase_lines (item_id, purchase_id);

CREATE TABLE purchase_returns (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
    purchase_id INTEGER REFERENCES purchases (id),
    total       INTEGER NOT NULL CHECK (total >= 0),
    -- Taken off open payables; the rest the supplier refunded in cash.
    credited    INTEGER NOT NULL CHECK (credited >= 0),
    refunded    INTEGER NOT NULL CHECK (refunded >= 0),
    reason      TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX purchase_returns_supplier ON purchase_returns (supplier_id, at);

CREATE TABLE purchase_return_lines (
    id         INTEGER PRIMARY KEY,
    return_id  INTEGER NOT NULL REFERENCES purchase_returns (id),
    item_id    INTEGER NOT NULL REFERENCES items (id),
    qty        INTEGER NOT NULL CHECK (qty > 0),
    unit_cost  INTEGER NOT NULL CHECK (unit_cost >= 0),
    line_total INTEGER NOT NULL CHECK (line_total >= 0)
) STRICT;
CREATE INDEX purchase_return_lines_return ON purchase_return_lines (return_id);

CREATE TABLE payables (
    id          INTEGER PRIMARY KEY,
    purchase_id INTEGER NOT NULL UNIQUE REFERENCES purchases (id),
    supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
    due_date    TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    -- Cache of SUM(payable_payments.amount); `warung doctor` checks it.
    paid        INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX payables_supplier ON payables (supplier_id, due_date);

CREATE TABLE payable_payments (
    id         INTEGER PRIMARY KEY,
    payable_id INTEGER NOT NULL REFERENCES payables (id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    -- 'cash', 'transfer', 'qris', or 'return' (goods sent back settled it).
    method     TEXT NOT NULL CHECK (method IN ('cash', 'transfer', 'qris', 'return')),
    at         INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users (id),
    reference  TEXT NOT NULL DEFAULT '',
    return_id  INTEGER REFERENCES purchase_returns (id)
) STRICT;
CREATE INDEX payable_payments_payable ON payable_payments (payable_id, at);

CREATE TABLE stock_counts (
    id          INTEGER PRIMARY KEY,
    -- NULL: every item; else one category.
    category_id INTEGER REFERENCES categories (id),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'cancelled')),
    -- Bumped by every change to the counted quantities, so an approval can tell
    -- whether the variance it was shown is still the one it would post.
    revision    INTEGER NOT NULL DEFAULT 0,
    started_at  INTEGER NOT NULL,
    started_by  INTEGER REFERENCES users (id),
    closed_at   INTEGER,
    closed_by   INTEGER REFERENCES users (id)
) STRICT;
-- At most one count in progress.
CREATE UNIQUE INDEX stock_counts_one_open ON stock_counts (status) WHERE status = 'open';

CREATE TABLE stock_count_lines (
    count_id INTEGER NOT NULL REFERENCES stock_counts (id),
    item_id  INTEGER NOT NULL REFERENCES items (id),
    counted  INTEGER NOT NULL CHECK (counted >= 0),
    PRIMARY KEY (count_id, item_id)
) STRICT;
