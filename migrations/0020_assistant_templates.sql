-- The WhatsApp assistant's texts become message templates (issue 16): one kind per
-- text (`assistant_price`, …), shipped in Indonesian (key = kind) and English (key +
-- `_en`, language en), edited and checked on the Messages screen like the others. They
-- are free text inside the 24-hour window, never pushed to Meta: no WhatsApp parameters.
--
-- The kind CHECK gains them; SQLite cannot change a CHECK in place, so the table is
-- rebuilt with every column it has after 0016.
CREATE TABLE message_templates_new (
    key              TEXT PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN (
        'receipt', 'reminder', 'winback', 'birthday',
        'campaign', 'refill', 'assistant_menu', 'assistant_price',
        'assistant_stock', 'assistant_balance', 'assistant_order', 'assistant_confirm',
        'assistant_cancel', 'assistant_hours', 'assistant_address', 'assistant_info',
        'assistant_start', 'assistant_stop', 'assistant_report', 'assistant_low_stock',
        'assistant_overdue', 'assistant_digest', 'assistant_alert')),
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
('assistant_menu', 'assistant_menu',
'Halo! Ini asisten WhatsApp {{ store_name }}. Balas dengan:
{% if price_on %}
• HARGA gula — cek harga
{% endif %}
{% if stock_on %}
• STOK beras — cek stok
{% endif %}
{% if balance_on %}
• SALDO — tagihan Anda
{% endif %}
{% if order_on %}
• PESAN 2 indomie, 1 gula — pesan barang
{% endif %}
{% if info_on %}
• JAM, ALAMAT, INFO — jam buka, alamat
{% endif %}
{% if owner_on %}
• LAPORAN, STOK MENIPIS, PIUTANG — untuk pemilik
{% endif %}
• BERHENTI — berhenti terima promo',
 'assistant_menu', 'id', '[]', 0),
('assistant_menu_en', 'assistant_menu',
'Hello! This is the WhatsApp assistant of {{ store_name }}. Reply with:
{% if price_on %}
• PRICE sugar — prices
{% endif %}
{% if stock_on %}
• STOCK rice — stock
{% endif %}
{% if balance_on %}
• BALANCE — your open bills
{% endif %}
{% if order_on %}
• ORDER 2 indomie, 1 sugar — order
{% endif %}
{% if info_on %}
• HOURS, ADDRESS, INFO — opening hours, address
{% endif %}
{% if owner_on %}
• REPORT, LOW STOCK, RECEIVABLES — for the owner
{% endif %}
• STOP — no more promotions',
 'assistant_menu_en', 'en', '[]', 0),
('assistant_price', 'assistant_price',
'{% if not query %}
Tulis HARGA lalu nama barang, misalnya: HARGA gula
{% elif not items %}
Maaf, kami tidak menemukan "{{ query }}".
{% if suggestions %}
Mungkin maksud Anda: {{ suggestions|join(", ") }}
{% endif %}
{% else %}
Harga:
{% for i in items %}
• {{ i.name }}: {{ i.price|rupiah }} /{{ i.unit }}
{% if i.own_price %}
  Harga grosir Anda: {{ i.own_price|rupiah }}
{% endif %}
{% for s in i.steps %}
  mulai {{ s.min|qty }} {{ i.unit }}: {{ s.price|rupiah }}
{% endfor %}
{% endfor %}
{% endif %}',
 'assistant_price', 'id', '[]', 0),
('assistant_price_en', 'assistant_price',
'{% if not query %}
Write PRICE and an item, e.g. PRICE sugar
{% elif not items %}
Sorry, we could not find "{{ query }}".
{% if suggestions %}
Did you mean: {{ suggestions|join(", ") }}
{% endif %}
{% else %}
Prices:
{% for i in items %}
• {{ i.name }}: {{ i.price|rupiah }} /{{ i.unit }}
{% if i.own_price %}
  Your wholesale price: {{ i.own_price|rupiah }}
{% endif %}
{% for s in i.steps %}
  from {{ s.min|qty }} {{ i.unit }}: {{ s.price|rupiah }}
{% endfor %}
{% endfor %}
{% endif %}',
 'assistant_price_en', 'en', '[]', 0),
('assistant_stock', 'assistant_stock',
'{% if not query %}
Tulis STOK lalu nama barang, misalnya: STOK beras
{% elif not items %}
Maaf, kami tidak menemukan "{{ query }}".
{% if suggestions %}
Mungkin maksud Anda: {{ suggestions|join(", ") }}
{% endif %}
{% else %}
Stok:
{% for i in items %}
• {{ i.name }}: {% if i.state == "out" %}habis{% elif i.state == "low" %}tinggal sedikit{% else %}ada{% endif %}{% if i.qty %} ({{ i.qty|qty }} {{ i.unit }}){% endif +%}
{% endfor %}
{% endif %}',
 'assistant_stock', 'id', '[]', 0),
('assistant_stock_en', 'assistant_stock',
'{% if not query %}
Write STOCK and an item, e.g. STOCK rice
{% elif not items %}
Sorry, we could not find "{{ query }}".
{% if suggestions %}
Did you mean: {{ suggestions|join(", ") }}
{% endif %}
{% else %}
Stock:
{% for i in items %}
• {{ i.name }}: {% if i.state == "out" %}sold out{% elif i.state == "low" %}only a few left{% else %}available{% endif %}{% if i.qty %} ({{ i.qty|qty }} {{ i.unit }}){% endif +%}
{% endfor %}
{% endif %}',
 'assistant_stock_en', 'en', '[]', 0),
('assistant_balance', 'assistant_balance',
'{% if not registered %}
Maaf, nomor ini belum terdaftar sebagai pelanggan {{ store_name }}. Silakan tanyakan langsung ke toko.
{% elif not bills %}
Tidak ada tagihan terbuka atas nama {{ customer_name }}.
{% else %}
Tagihan {{ customer_name }}:
{% for b in bills %}
• {{ b.invoice }}: sisa {{ b.balance|rupiah }} (jatuh tempo {{ b.due_date }})
{% endfor %}
Total: {{ total|rupiah }}
{% endif %}',
 'assistant_balance', 'id', '[]', 0),
('assistant_balance_en', 'assistant_balance',
'{% if not registered %}
Sorry, this number is not registered as a customer of {{ store_name }}. Please ask at the shop.
{% elif not bills %}
No open bills for {{ customer_name }}.
{% else %}
Open bills of {{ customer_name }}:
{% for b in bills %}
• {{ b.invoice }}: due {{ b.balance|rupiah }} (by {{ b.due_date }})
{% endfor %}
Total: {{ total|rupiah }}
{% endif %}',
 'assistant_balance_en', 'en', '[]', 0),
('assistant_order', 'assistant_order',
'{% if order_id %}
Pesanan #{{ order_id }}:
{% for l in lines %}
{{ loop.index }}. {{ l.qty|qty }} {{ l.unit }} {{ l.name }} × {{ l.price|rupiah }} = {{ l.total|rupiah }}
{% endfor %}
Perkiraan total: {{ total|rupiah }}
{% else %}
Maaf, pesanan belum bisa dibuat.
{% endif %}
{% if missing %}
Tidak ditemukan: {{ missing|join(", ") }}
{% endif %}
{% if cut %}
Hanya {{ max_lines }} baris pertama yang dibaca; {{ cut }} baris lainnya kirim di pesan terpisah.
{% endif %}
{% if order_id %}
Balas YA untuk konfirmasi, BATAL untuk batal.
{% endif %}',
 'assistant_order', 'id', '[]', 0),
('assistant_order_en', 'assistant_order',
'{% if order_id %}
Order #{{ order_id }}:
{% for l in lines %}
{{ loop.index }}. {{ l.qty|qty }} {{ l.unit }} {{ l.name }} × {{ l.price|rupiah }} = {{ l.total|rupiah }}
{% endfor %}
Estimated total: {{ total|rupiah }}
{% else %}
Sorry, no order could be made.
{% endif %}
{% if missing %}
Not found: {{ missing|join(", ") }}
{% endif %}
{% if cut %}
Only {{ max_lines }} first lines were read; send the other {{ cut }} in another message.
{% endif %}
{% if order_id %}
Reply YES to confirm, CANCEL to cancel.
{% endif %}',
 'assistant_order_en', 'en', '[]', 0),
('assistant_confirm', 'assistant_confirm',
'{% if order_id %}
Pesanan #{{ order_id }} dikonfirmasi. Terima kasih! Kami kabari bila sudah siap; bayar saat diambil.
{% else %}
Tidak ada pesanan yang menunggu konfirmasi. Tulis PESAN lalu barangnya, misalnya: PESAN 2 indomie, 1 gula
{% endif %}',
 'assistant_confirm', 'id', '[]', 0),
('assistant_confirm_en', 'assistant_confirm',
'{% if order_id %}
Order #{{ order_id }} is confirmed. Thank you! We will tell you when it is ready; pay when you collect it.
{% else %}
No order is waiting for confirmation. Write ORDER and the items, e.g. ORDER 2 indomie, 1 sugar
{% endif %}',
 'assistant_confirm_en', 'en', '[]', 0),
('assistant_cancel', 'assistant_cancel',
'{% if order_id %}
Pesanan #{{ order_id }} dibatalkan.
{% else %}
Tidak ada pesanan untuk dibatalkan.
{% endif %}',
 'assistant_cancel', 'id', '[]', 0),
('assistant_cancel_en', 'assistant_cancel',
'{% if order_id %}
Order #{{ order_id }} is cancelled.
{% else %}
There is no order to cancel.
{% endif %}',
 'assistant_cancel_en', 'en', '[]', 0),
('assistant_hours', 'assistant_hours',
'{% if hours %}
Jam buka: {{ hours }}
{% else %}
Jam buka belum diisi; silakan hubungi toko.
{% endif %}',
 'assistant_hours', 'id', '[]', 0),
('assistant_hours_en', 'assistant_hours',
'{% if hours %}
Opening hours: {{ hours }}
{% else %}
Opening hours are not set; please ask the shop.
{% endif %}',
 'assistant_hours_en', 'en', '[]', 0),
('assistant_address', 'assistant_address',
'{% if address %}
Alamat: {{ address }}
{% else %}
Alamat belum diisi; silakan hubungi toko.
{% endif %}',
 'assistant_address', 'id', '[]', 0),
('assistant_address_en', 'assistant_address',
'{% if address %}
Address: {{ address }}
{% else %}
The address is not set; please ask the shop.
{% endif %}',
 'assistant_address_en', 'en', '[]', 0),
('assistant_info', 'assistant_info',
'{{ store_name }}
{% if address %}
Alamat: {{ address }}
{% endif %}
{% if phone %}
Telepon: {{ phone }}
{% endif %}
{% if hours %}
Jam buka: {{ hours }}
{% endif %}',
 'assistant_info', 'id', '[]', 0),
('assistant_info_en', 'assistant_info',
'{{ store_name }}
{% if address %}
Address: {{ address }}
{% endif %}
{% if phone %}
Phone: {{ phone }}
{% endif %}
{% if hours %}
Opening hours: {{ hours }}
{% endif %}',
 'assistant_info_en', 'en', '[]', 0),
('assistant_start', 'assistant_start',
'Terima kasih! Anda akan menerima info dan promo dari {{ store_name }}. Balas BERHENTI kapan saja untuk berhenti.',
 'assistant_start', 'id', '[]', 0),
('assistant_start_en', 'assistant_start',
'Thank you! You will get news and offers from {{ store_name }}. Reply STOP at any time to stop.',
 'assistant_start_en', 'en', '[]', 0),
('assistant_stop', 'assistant_stop',
'Baik, Anda tidak akan menerima pesan promosi dari {{ store_name }}. Balas MULAI untuk berlangganan lagi.',
 'assistant_stop', 'id', '[]', 0),
('assistant_stop_en', 'assistant_stop',
'Done: no more promotions from {{ store_name }}. Reply START to subscribe again.',
 'assistant_stop_en', 'en', '[]', 0),
('assistant_report', 'assistant_report',
'Laporan {{ date }}
Penjualan bersih: {{ net|rupiah }}{% if change_pct is not none %} ({% if change_pct >= 0 %}+{% endif %}{{ change_pct }}%){% endif +%}
Transaksi: {{ transactions }}
Minggu lalu (hari yang sama): {{ last_week_net|rupiah }} / {{ last_week_transactions }} transaksi
{% if top %}
Terlaris hari ini:
{% for p in top %}
{{ loop.index }}. {{ p.name }} {{ p.revenue|rupiah }}
{% endfor %}
{% endif %}',
 'assistant_report', 'id', '[]', 0),
('assistant_report_en', 'assistant_report',
'Report {{ date }}
Net sales: {{ net|rupiah }}{% if change_pct is not none %} ({% if change_pct >= 0 %}+{% endif %}{{ change_pct }}%){% endif +%}
Transactions: {{ transactions }}
Same day last week: {{ last_week_net|rupiah }} / {{ last_week_transactions }} transactions
{% if top %}
Top today:
{% for p in top %}
{{ loop.index }}. {{ p.name }} {{ p.revenue|rupiah }}
{% endfor %}
{% endif %}',
 'assistant_report_en', 'en', '[]', 0),
('assistant_low_stock', 'assistant_low_stock',
'{% if items %}
Stok menipis (stok / batas pesan ulang):
{% for i in items %}
• {{ i.name }}: {{ i.on_hand|qty }} / {{ i.level|qty }} {{ i.unit }}
{% endfor %}
{% else %}
Tidak ada stok yang menipis.
{% endif %}',
 'assistant_low_stock', 'id', '[]', 0),
('assistant_low_stock_en', 'assistant_low_stock',
'{% if items %}
Low stock (on hand / reorder level):
{% for i in items %}
• {{ i.name }}: {{ i.on_hand|qty }} / {{ i.level|qty }} {{ i.unit }}
{% endfor %}
{% else %}
Nothing is running low.
{% endif %}',
 'assistant_low_stock_en', 'en', '[]', 0),
('assistant_overdue', 'assistant_overdue',
'{% if count %}
Piutang lewat tempo: {{ total|rupiah }} ({{ count }} faktur)
{% for r in largest %}
• {{ r.customer_name }} {{ r.invoice }}: {{ r.balance|rupiah }} (tempo {{ r.due_date }})
{% endfor %}
{% else %}
Tidak ada piutang lewat tempo.
{% endif %}',
 'assistant_overdue', 'id', '[]', 0),
('assistant_overdue_en', 'assistant_overdue',
'{% if count %}
Overdue receivables: {{ total|rupiah }} ({{ count }} invoices)
{% for r in largest %}
• {{ r.customer_name }} {{ r.invoice }}: {{ r.balance|rupiah }} (due {{ r.due_date }})
{% endfor %}
{% else %}
No receivables are overdue.
{% endif %}',
 'assistant_overdue_en', 'en', '[]', 0),
('assistant_digest', 'assistant_digest',
'Laporan {{ date }}
Penjualan bersih: {{ net|rupiah }}{% if change_pct is not none %} ({% if change_pct >= 0 %}+{% endif %}{{ change_pct }}%){% endif +%}
Transaksi: {{ transactions }}
Minggu lalu (hari yang sama): {{ last_week_net|rupiah }} / {{ last_week_transactions }} transaksi
{% if top %}
Terlaris hari ini:
{% for p in top %}
{{ loop.index }}. {{ p.name }} {{ p.revenue|rupiah }}
{% endfor %}
{% endif %}
Stok menipis: {{ low_stock }}
Piutang jatuh tempo besok: {{ due_tomorrow|rupiah }} ({{ due_tomorrow_count }} faktur)
Pesan gagal hari ini: {{ failed }}',
 'assistant_digest', 'id', '[]', 0),
('assistant_digest_en', 'assistant_digest',
'Report {{ date }}
Net sales: {{ net|rupiah }}{% if change_pct is not none %} ({% if change_pct >= 0 %}+{% endif %}{{ change_pct }}%){% endif +%}
Transactions: {{ transactions }}
Same day last week: {{ last_week_net|rupiah }} / {{ last_week_transactions }} transactions
{% if top %}
Top today:
{% for p in top %}
{{ loop.index }}. {{ p.name }} {{ p.revenue|rupiah }}
{% endfor %}
{% endif %}
Low stock: {{ low_stock }}
Receivables due tomorrow: {{ due_tomorrow|rupiah }} ({{ due_tomorrow_count }} invoices)
Messages failed today: {{ failed }}',
 'assistant_digest_en', 'en', '[]', 0),
('assistant_alert', 'assistant_alert',
'Peringatan:
{% for a in alerts %}
{% if a.kind == "stock" %}
• {{ a.name }}: stok menipis ({{ a.qty|qty }})
{% elif a.kind == "void" %}
• {{ a.name }}: dibatalkan (void) {{ a.amount|rupiah }}
{% else %}
• {{ a.name }}: diskon {{ a.amount|rupiah }}
{% endif %}
{% endfor %}',
 'assistant_alert', 'id', '[]', 0),
('assistant_alert_en', 'assistant_alert',
'Alerts:
{% for a in alerts %}
{% if a.kind == "stock" %}
• {{ a.name }}: low stock ({{ a.qty|qty }})
{% elif a.kind == "void" %}
• {{ a.name }}: voided {{ a.amount|rupiah }}
{% else %}
• {{ a.name }}: discount {{ a.amount|rupiah }}
{% endif %}
{% endfor %}',
 'assistant_alert_en', 'en', '[]', 0);
