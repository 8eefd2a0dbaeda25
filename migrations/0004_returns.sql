-- Reversing sales: returns of some lines, cuts to a receivable, and the shift that
-- paid cash out for a void or took cash in for a receivable payment.

-- A return of some lines of a past sale. `amount` is what was refunded: in cash
-- from the drawer, or taken off the sale's receivable.
CREATE TABLE sale_returns (
    id            INTEGER PRIMARY KEY,
    -- invoice + '-R' + n, e.g. INV/261123/0001-R1
    number        TEXT NOT NULL UNIQUE,
    sale_id       INTEGER NOT NULL REFERENCES sales (id),
    at            INTEGER NOT NULL,
    user_id       INTEGER REFERENCES users (id),
    -- the manager or owner who approved (the user themselves when they may)
    approved_by   INTEGER REFERENCES users (id),
    shift_id      INTEGER REFERENCES shifts (id),
    refund_method TEXT NOT NULL CHECK (refund_method IN ('cash', 'receivable')),
    -- sum of the returned lines' line_total below, before the sale-level share
    lines_total   INTEGER NOT NULL CHECK (lines_total >= 0),
    -- refunded: lines_total with its share of the whole-sale discount and tax
    amount        INTEGER NOT NULL CHECK (amount >= 0),
    reason        TEXT NOT NULL
) STRICT;
CREATE INDEX sale_returns_sale ON sale_returns (sale_id);
CREATE INDEX sale_returns_at ON sale_returns (at);
CREATE INDEX sale_returns_shift ON sale_returns (shift_id);

CREATE TABLE sale_return_lines (
    id           INTEGER PRIMARY KEY,
    return_id    INTEGER NOT NULL REFERENCES sale_returns (id),
    sale_line_id INTEGER NOT NULL REFERENCES sale_lines (id),
    line_no      INTEGER NOT NULL,
    item_id      INTEGER NOT NULL REFERENCES items (id),
    qty          INTEGER NOT NULL CHECK (qty > 0),
    -- the returned part of the sale line's line_total (after the line discount)
    line_total   INTEGER NOT NULL CHECK (line_total >= 0),
    -- the sale line's unit cost, at which the stock came back
    unit_cost    INTEGER NOT NULL
) STRICT;
CREATE INDEX sale_return_lines_return ON sale_return_lines (return_id);
CREATE INDEX sale_return_lines_sale_line ON sale_return_lines (sale_line_id);

-- What was taken off a receivable's `amount` (a return refunded to it, or a void).
-- receivables.amount is the current amount owed; amount + SUM(these) is the original.
CREATE TABLE receivable_adjustments (
    id            INTEGER PRIMARY KEY,
    receivable_id INTEGER NOT NULL REFERENCES receivables (id),
    kind          TEXT NOT NULL CHECK (kind IN ('return', 'void')),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    at            INTEGER NOT NULL,
    user_id       INTEGER REFERENCES users (id),
    return_id     INTEGER REFERENCES sale_returns (id),
    -- the return number, or the void reason
    note          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX receivable_adjustments_receivable ON receivable_adjustments (receivable_id);

-- The shift whose drawer took the cash of a receivable payment.
ALTER TABLE receivable_payments ADD COLUMN shift_id INTEGER REFERENCES shifts (id);
CREATE INDEX receivable_payments_shift ON receivable_payments (shift_id);

-- The shift whose drawer paid back the cash of a voided sale.
ALTER TABLE sales ADD COLUMN void_shift_id INTEGER REFERENCES shifts (id);
CREATE INDEX sales_void_shift ON sales (void_shift_id) WHERE void_shift_id IS NOT NULL;
CREATE INDEX sales_shift ON sales (shift_id);
