-- Member points: every change is a row in the points ledger; customers.points is the
-- cached balance, which `warung doctor` proves equal to the ledger.
CREATE TABLE point_moves (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    -- earn (+, on a sale), redeem (-, paid with points), unearn (-, a void or return
    -- takes earned points back), refund (+, a void gives redeemed points back),
    -- expire (-, points older than points.expiry_months)
    kind        TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'unearn', 'refund', 'expire')),
    points      INTEGER NOT NULL,
    sale_id     INTEGER REFERENCES sales (id),
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    -- earn, unearn and refund rows: when the points they add (or take back) expire
    expires_at  INTEGER
) STRICT;
CREATE INDEX point_moves_customer ON point_moves (customer_id, at);
CREATE INDEX point_moves_sale ON point_moves (sale_id);

ALTER TABLE customers ADD COLUMN points INTEGER NOT NULL DEFAULT 0;

-- Points pay like money: the payment method 'points' joins the others.
CREATE TABLE sale_payments_new (
    id        INTEGER PRIMARY KEY,
    sale_id   INTEGER NOT NULL REFERENCES sales (id),
    method    TEXT NOT NULL CHECK (method IN ('cash', 'transfer', 'qris', 'credit', 'points')),
    amount    INTEGER NOT NULL,
    reference TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO sale_payments_new (id, sale_id, method, amount, reference)
    SELECT id, sale_id, method, amount, reference FROM sale_payments;
DROP TABLE sale_payments;
ALTER TABLE sale_payments_new RENAME TO sale_payments;
CREATE INDEX sale_payments_sale ON sale_payments (sale_id);

-- The shipped WhatsApp receipt tells members their points (a template the shop has
-- edited is left as it is).
UPDATE message_templates
   SET body = body || '{% if points_balance is defined and points_balance %} Poin: +{{ points_earned }}, saldo {{ points_balance }}.{% endif %}'
 WHERE key = 'receipt'
   AND body = 'Halo {{ customer_name }}, terima kasih sudah berbelanja di {{ store_name }}. Nota {{ invoice }}: total {{ total|rupiah }}.{% if credit %} Dicatat sebagai piutang: {{ credit|rupiah }}.{% endif %}';
