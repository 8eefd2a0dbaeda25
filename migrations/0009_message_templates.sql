-- Message templates (WhatsApp/SMS), edited on the Messages screen. `kind` is the
-- trigger that fills the variables (and the outbox kind): receipt, reminder, winback,
-- birthday, campaign. receipt and reminder are utility messages; the rest marketing.
-- `wa_params` lists variable names in the order of the approved WhatsApp template's
-- {{1}}, {{2}}, … parameters.
CREATE TABLE message_templates (
    key         TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'reminder', 'winback', 'birthday', 'campaign')),
    body        TEXT NOT NULL,
    wa_name     TEXT NOT NULL,
    wa_language TEXT NOT NULL DEFAULT 'id',
    wa_params   TEXT NOT NULL DEFAULT '[]',
    updated_at  INTEGER NOT NULL
) STRICT;

INSERT INTO message_templates (key, kind, body, wa_name, wa_language, wa_params, updated_at) VALUES
('receipt', 'receipt',
 'Halo {{ customer_name }}, terima kasih sudah berbelanja di {{ store_name }}. Nota {{ invoice }}: total {{ total|rupiah }}.{% if credit %} Dicatat sebagai piutang: {{ credit|rupiah }}.{% endif %}',
 'receipt', 'id', '["customer_name","store_name","invoice","total"]', 0),
('payment_reminder', 'reminder',
 'Halo {{ customer_name }}, pengingat dari {{ store_name }}: nota {{ invoice }} sisa {{ balance|rupiah }}, jatuh tempo {{ due_date }}.{% if days_overdue > 0 %} Sudah lewat {{ days_overdue }} hari.{% endif %} Terima kasih.',
 'payment_reminder', 'id', '["customer_name","store_name","invoice","balance","due_date"]', 0),
('winback', 'winback',
 'Halo {{ customer_name }}, sudah {{ days_silent }} hari kami tidak bertemu. {{ store_name }} kangen! Mampir lagi ya, stok baru sudah datang.',
 'winback', 'id', '["customer_name","days_silent","store_name"]', 0),
('birthday', 'birthday',
 'Selamat ulang tahun, {{ customer_name }}! Semoga sehat dan bahagia selalu. Salam hangat dari {{ store_name }}.',
 'birthday', 'id', '["customer_name","store_name"]', 0),
('promo', 'campaign',
 'Halo {{ customer_name }}, ada promo spesial minggu ini di {{ store_name }}! Tunjukkan pesan ini di kasir.',
 'promo', 'id', '["customer_name","store_name"]', 0);

-- The Messages screen lists the outbox newest first; `report messages` reads a range.
CREATE INDEX outbox_created ON outbox (created_at);
