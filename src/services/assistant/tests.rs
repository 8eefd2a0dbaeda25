use super::*;
use crate::domain::Qty;
use crate::domain::master::{CustomerForm, ItemForm};
use crate::domain::purchase::AdjustReason;
use crate::services::testkit::{Kit, kit};

const SRI: &str = "6281234567890";
const DARTO: &str = "6285611112222";
const STRANGER: &str = "6281299990000";
const OWNER: &str = "6281300001111";

/// The kit with WhatsApp numbers: Bu Sri (retail) owes money, Pak Darto buys
/// wholesale; rice is plenty, sugar low, oil sold out; the owner has a phone.
fn shop() -> Kit {
    let mut k = kit();
    let owner = k.owner.clone();
    let items = [
        ("BRS5", "Beras Pandan Wangi 5kg", "65000", "63000", "5", "10", "30"),
        ("GLK1", "Gulaku 1kg", "17500", "17000", "10", "5", "3"),
        ("BML2", "Bimoli 2L", "38500", "", "", "2", "0"),
        ("IDMG", "Indomie Goreng 85g", "3500", "3300", "40", "20", "100"),
    ];
    for (sku, name, price, w1, min1, reorder, stock) in items {
        let form = ItemForm {
            sku: sku.into(),
            name: name.into(),
            price: price.into(),
            price_wholesale1: w1.into(),
            min_qty_wholesale1: min1.into(),
            reorder_level: reorder.into(),
            ..Default::default()
        };
        let id = k.shop.create_item(&owner, &form).unwrap();
        if stock != "0" {
            let qty = Qty::parse(stock).unwrap();
            k.shop.adjust_stock(&owner, id, qty, AdjustReason::Correction, "opening").unwrap();
        }
    }
    for (id, phone, tier) in [(k.sri, SRI, "retail"), (k.darto, DARTO, "wholesale1")] {
        let name = if id == k.sri { "Bu Sri" } else { "Warung Pak Darto" };
        let form = CustomerForm {
            name: name.into(),
            phone: phone.into(),
            tier: tier.into(),
            credit_limit: "10000000".into(),
            ..Default::default()
        };
        k.shop.update_customer(&owner, id, &form).unwrap();
    }
    k.credit_sale(&owner, k.sri, &[("C", 2)]);
    for (key, value) in [("assistant.enabled", "yes"), ("store.name", "Toko Maju"), ("assistant.hours", "07.00–21.00")]
    {
        k.shop.set_setting(&owner, key, value).unwrap();
    }
    k.shop.write(|tx| Ok(store::assistant::set_user_phone(tx, "pemilik", Some(OWNER))?)).unwrap();
    k
}

static NEXT_ID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// `from` writes `text` now; what the assistant answers (applied).
fn ask(k: &mut Kit, from: &str, text: &str) -> Answer {
    let id = format!("wamid.{}", NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    let at = k.shop.now_ms();
    let m = Inbound { provider: "whatsapp_cloud", from, body: text, message_id: Some(&id), at };
    k.shop.assistant_on_inbound(&m).unwrap()
}

fn reply(k: &mut Kit, from: &str, text: &str) -> String {
    match ask(k, from, text) {
        Answer::Reply { text, .. } => text,
        Answer::Silent(why) => panic!("no reply to {text:?}: {why}"),
    }
}

fn replies_queued(k: &Kit) -> i64 {
    k.shop.store.conn().query_row("SELECT COUNT(*) FROM outbox WHERE kind = 'reply'", [], |r| r.get(0)).unwrap()
}

#[test]
fn prices_with_the_wholesale_customers_own_tier() {
    let mut k = shop();
    let retail = reply(&mut k, STRANGER, "HARGA beras");
    assert_eq!(retail, "Harga:\n• Beras Pandan Wangi 5kg: Rp 65.000 /pcs");
    let wholesale = reply(&mut k, DARTO, "harga indomie");
    assert_eq!(wholesale, "Harga:\n• Indomie Goreng 85g: Rp 3.500 /pcs\n  Harga grosir Anda: Rp 3.300");
    let english = reply(&mut k, STRANGER, "price gulaku");
    assert_eq!(english, "Prices:\n• Gulaku 1kg: Rp 17.500 /pcs");
}

#[test]
fn typos_are_forgiven_and_no_match_suggests_close_names() {
    let mut k = shop();
    assert!(reply(&mut k, STRANGER, "harga indomi gorng").contains("Indomie Goreng 85g: Rp 3.500"));
    // Letters in order are not enough for a chat answer.
    assert_eq!(reply(&mut k, STRANGER, "harga ggrg"), "Maaf, kami tidak menemukan \"ggrg\".");
    let none = reply(&mut k, STRANGER, "harga beras merah delima");
    assert_eq!(none, "Maaf, kami tidak menemukan \"beras merah delima\".\nMungkin maksud Anda: Beras Pandan Wangi 5kg");
}

#[test]
fn stock_says_ada_sedikit_habis_and_quantities_only_when_allowed() {
    let mut k = shop();
    assert_eq!(reply(&mut k, STRANGER, "stok beras"), "Stok:\n• Beras Pandan Wangi 5kg: ada");
    assert_eq!(reply(&mut k, STRANGER, "stok gulaku"), "Stok:\n• Gulaku 1kg: tinggal sedikit");
    assert_eq!(reply(&mut k, STRANGER, "stok bimoli"), "Stok:\n• Bimoli 2L: habis");
    let owner = k.owner.clone();
    k.shop.set_setting(&owner, "assistant.show_stock_qty", "yes").unwrap();
    assert_eq!(reply(&mut k, SRI, "STOCK beras"), "Stock:\n• Beras Pandan Wangi 5kg: available (30 pcs)");
}

#[test]
fn balance_only_for_the_senders_own_number() {
    let mut k = shop();
    let own = reply(&mut k, SRI, "saldo");
    assert!(own.starts_with("Tagihan Bu Sri:\n• INV/"), "{own}");
    assert!(own.contains("sisa Rp 20.000") && own.ends_with("Total: Rp 20.000"), "{own}");
    let stranger = reply(&mut k, STRANGER, "utang");
    assert_eq!(
        stranger,
        "Maaf, nomor ini belum terdaftar sebagai pelanggan Toko Maju. Silakan tanyakan langsung ke toko."
    );
    assert!(!stranger.contains("Sri") && !stranger.contains("INV"));
    assert_eq!(reply(&mut k, DARTO, "bon"), "Tidak ada tagihan terbuka atas nama Warung Pak Darto.");
}

#[test]
fn an_order_is_read_back_confirmed_or_cancelled_and_moves_no_stock() {
    let mut k = shop();
    let stock_before = k.on_hand("BRS5");
    let read_back = reply(&mut k, DARTO, "PESAN 2 beras 5kg, 40 indomie goreng, 3 kopi luwak");
    assert_eq!(
        read_back,
        "Pesanan #1:\n\
         1. 2 pcs Beras Pandan Wangi 5kg × Rp 63.000 = Rp 126.000\n\
         2. 40 pcs Indomie Goreng 85g × Rp 3.300 = Rp 132.000\n\
         Perkiraan total: Rp 258.000\n\
         Tidak ditemukan: kopi luwak\n\
         Balas YA untuk konfirmasi, BATAL untuk batal."
    );
    k.clock.advance_ms(5_000);
    assert!(reply(&mut k, DARTO, "ya").starts_with("Pesanan #1 dikonfirmasi."));
    let status: String =
        k.shop.store.conn().query_row("SELECT status FROM orders WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(status, "confirmed");
    assert_eq!(k.on_hand("BRS5"), stock_before, "an order moves no stock");
    k.clock.advance_ms(61_000);
    assert_eq!(
        reply(&mut k, DARTO, "ya"),
        "Tidak ada pesanan yang menunggu konfirmasi. Tulis PESAN lalu barangnya, misalnya: PESAN 2 indomie, 1 gula"
    );
    assert_eq!(reply(&mut k, DARTO, "batal"), "Pesanan #1 dibatalkan.");
    // A stranger may order; the order keeps the number.
    assert!(reply(&mut k, STRANGER, "order 1 gulaku").starts_with("Order #2:"));
    let (phone, customer): (String, Option<i64>) = k
        .shop
        .store
        .conn()
        .query_row("SELECT phone, customer_id FROM orders WHERE id = 2", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((phone.as_str(), customer), (STRANGER, None));
}

#[test]
fn an_order_of_200_items_is_cut_with_a_note() {
    let mut k = shop();
    let text = format!("pesan {}", vec!["1 indomie"; 200].join(", "));
    let answer = reply(&mut k, STRANGER, &text);
    assert!(
        answer.contains("Hanya 20 baris pertama yang dibaca; 180 baris lainnya kirim di pesan terpisah."),
        "{answer}"
    );
    assert!(answer.chars().count() <= crate::domain::assistant::MAX_REPLY_CHARS);
}

#[test]
fn hours_address_info_and_the_menu() {
    let mut k = shop();
    assert_eq!(reply(&mut k, STRANGER, "jam"), "Jam buka: 07.00–21.00");
    assert_eq!(reply(&mut k, STRANGER, "alamat"), "Alamat belum diisi; silakan hubungi toko.");
    assert_eq!(reply(&mut k, STRANGER, "info"), "Toko Maju\nJam buka: 07.00–21.00");
    let menu = reply(&mut k, SRI, "Bu, gula ada? berapa?");
    assert!(menu.starts_with("Halo! Ini asisten WhatsApp Toko Maju. Balas dengan:\n• HARGA gula"), "{menu}");
    assert!(!menu.contains("LAPORAN"), "owner commands only for the owner");
}

#[test]
fn the_menu_goes_once_per_sender_per_period_then_silence() {
    let mut k = shop();
    assert!(matches!(ask(&mut k, SRI, "halo"), Answer::Reply { .. }));
    k.clock.advance_ms(3_600_000);
    assert!(matches!(ask(&mut k, SRI, "menu"), Answer::Silent(_)), "12 hours by default");
    assert!(matches!(ask(&mut k, DARTO, "🙏"), Answer::Reply { .. }), "per sender");
    k.clock.advance_ms(11 * 3_600_000 + 1_000);
    assert!(matches!(ask(&mut k, SRI, "??"), Answer::Reply { .. }));
}

#[test]
fn guards_repeats_per_hour_cap_and_replays() {
    let mut k = shop();
    let owner = k.owner.clone();
    k.shop.set_setting(&owner, "assistant.replies_per_hour", "3").unwrap();
    assert!(matches!(ask(&mut k, SRI, "harga beras"), Answer::Reply { .. }));
    assert!(
        matches!(ask(&mut k, SRI, "HARGA  beras"), Answer::Silent(why) if why.to_string().contains("less than a minute"))
    );
    k.clock.advance_ms(61_000);
    assert!(matches!(ask(&mut k, SRI, "harga beras"), Answer::Reply { .. }));
    assert!(matches!(ask(&mut k, SRI, "stok beras"), Answer::Reply { .. }));
    assert!(matches!(ask(&mut k, SRI, "jam"), Answer::Silent(why) if why.to_string().contains("replies_per_hour")));
    assert_eq!(replies_queued(&k), 3);
    // The same provider message twice: one answer.
    let m =
        Inbound { provider: "fonnte", from: DARTO, body: "jam", message_id: Some("fonnte-in-9"), at: k.shop.now_ms() };
    assert!(matches!(k.shop.assistant_on_inbound(&m).unwrap(), Answer::Reply { .. }));
    assert!(matches!(k.shop.assistant_on_inbound(&m).unwrap(), Answer::Silent(_)));
    assert_eq!(replies_queued(&k), 4);
}

#[test]
fn stop_then_only_mulai_is_answered_and_consent_is_recorded() {
    let mut k = shop();
    assert!(reply(&mut k, SRI, "BERHENTI").starts_with("Baik, Anda tidak akan menerima pesan promosi dari Toko Maju."));
    k.clock.advance_ms(120_000);
    assert!(matches!(ask(&mut k, SRI, "harga beras"), Answer::Silent(why) if why.to_string().contains("BERHENTI")));
    k.shop.write(|tx| Ok(tx.execute("UPDATE customers SET wa_opt_in = 0", [])?)).unwrap();
    assert!(reply(&mut k, SRI, "mulai").starts_with("Terima kasih! Anda akan menerima info dan promo dari Toko Maju."));
    let (opt_in, at): (bool, i64) = k
        .shop
        .store
        .conn()
        .query_row("SELECT wa_opt_in, wa_opt_in_at FROM customers WHERE id = ?1", [k.sri], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(opt_in);
    assert_eq!(at, k.shop.now_ms());
    assert_eq!(k.shop.recent_audit(1).unwrap()[0].action, "customer.opt_in");
    assert!(matches!(ask(&mut k, SRI, "harga beras"), Answer::Reply { .. }));
}

#[test]
fn off_switches_window_own_number_and_dry_runs() {
    let mut k = shop();
    let owner = k.owner.clone();
    k.shop.set_setting(&owner, "assistant.balance", "no").unwrap();
    assert!(matches!(ask(&mut k, SRI, "saldo"), Answer::Silent(why) if why.to_string().contains("assistant.balance")));
    k.shop.set_setting(&owner, "store.phone", "0812-9999-0000").unwrap();
    assert!(matches!(ask(&mut k, STRANGER, "jam"), Answer::Silent(why) if why.to_string().contains("own number")));
    let old = Inbound {
        provider: "fonnte",
        from: SRI,
        body: "jam",
        message_id: Some("old"),
        at: k.shop.now_ms() - WINDOW_MS - 1,
    };
    assert!(
        matches!(k.shop.assistant_on_inbound(&old).unwrap(), Answer::Silent(why) if why.to_string().contains("24-hour"))
    );
    let before = replies_queued(&k);
    let dry = Inbound { provider: "cli", from: DARTO, body: "pesan 1 beras", message_id: None, at: k.shop.now_ms() };
    let answer = k.shop.assistant_turn(&dry, false).unwrap();
    assert!(matches!(&answer, Answer::Reply { text, .. } if text.starts_with("Pesanan #1:")));
    assert_eq!(k.shop.assistant_turn(&dry, false).unwrap(), answer, "nothing was written");
    assert_eq!(replies_queued(&k), before);
    k.shop.set_setting(&owner, "assistant.enabled", "no").unwrap();
    assert!(matches!(ask(&mut k, DARTO, "jam"), Answer::Silent(_)));
}

#[test]
fn replies_are_queued_once_and_expire_with_the_window() {
    let mut k = shop();
    let Answer::Reply { outbox_id: Some(id), text } = ask(&mut k, SRI, "jam") else { panic!() };
    let (kind, body, expires, status): (String, String, i64, String) = k
        .shop
        .store
        .conn()
        .query_row("SELECT kind, body, expires_at, status FROM outbox WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!((kind.as_str(), body, status.as_str()), ("reply", text, "pending"));
    assert_eq!(expires, k.shop.now_ms() + WINDOW_MS);
}

#[test]
fn owner_commands_only_from_an_owner_or_manager_phone() {
    let mut k = shop();
    k.cash_sale(&k.cashier.clone(), &[("IDMG", 2)], 10_000);
    let report = reply(&mut k, OWNER, "laporan");
    assert!(report.starts_with("Laporan 2026-11-23\nPenjualan bersih: Rp 27.000\nTransaksi: 2"), "{report}");
    assert!(report.contains("Terlaris hari ini:\n1. Item C Rp 20.000\n2. Indomie Goreng 85g Rp 7.000"), "{report}");
    let low = reply(&mut k, OWNER, "stok menipis");
    assert_eq!(low, "Stok menipis (stok / batas pesan ulang):\n• Bimoli 2L: 0 / 2 pcs\n• Gulaku 1kg: 3 / 5 pcs");
    assert_eq!(reply(&mut k, OWNER, "piutang"), "Tidak ada piutang lewat tempo.");
    k.advance_days(30);
    let overdue = reply(&mut k, OWNER, "PIUTANG");
    assert!(overdue.starts_with("Piutang lewat tempo: Rp 20.000 (1 faktur)\n• Bu Sri INV/"), "{overdue}");
    // Anyone else gets the menu, without the owner's lines.
    let menu = reply(&mut k, SRI, "laporan");
    assert!(menu.starts_with("Halo!") && !menu.contains("LAPORAN"), "{menu}");
}

fn owner_messages(k: &Kit) -> Vec<(String, String, String)> {
    let conn = k.shop.store.conn();
    let mut stmt = conn.prepare("SELECT template, phone, body FROM outbox WHERE kind = 'digest' ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn the_digest_goes_once_at_the_set_time_and_alerts_once_per_subject_per_day() {
    let mut k = shop();
    k.cash_sale(&k.cashier.clone(), &[("IDMG", 2)], 10_000);
    // Noon: the alerts of the day (two items low), no digest yet.
    assert_eq!(k.shop.queue_owner_messages().unwrap(), OwnerQueued { digests: 0, alerts: 1 });
    let alerts = owner_messages(&k);
    assert_eq!(alerts[0].0, "assistant_alert");
    assert_eq!(alerts[0].1, OWNER);
    assert_eq!(alerts[0].2, "Peringatan:\n• Gulaku 1kg: stok menipis (3)\n• Bimoli 2L: stok menipis (0)");
    k.clock.advance_ms(ALERT_BATCH_MS);
    assert_eq!(k.shop.queue_owner_messages().unwrap(), OwnerQueued::default(), "each subject once a day");
    // 21:00 Jakarta: the digest, once, however often the dispatchers ask.
    k.clock.advance_ms(9 * 3_600_000 - ALERT_BATCH_MS);
    assert_eq!(k.shop.queue_owner_messages().unwrap().digests, 1);
    assert_eq!(k.shop.queue_owner_messages().unwrap().digests, 0);
    let digest = owner_messages(&k).pop().unwrap();
    assert_eq!(digest.0, "assistant_digest");
    assert!(digest.2.starts_with("Laporan 2026-11-23\nPenjualan bersih: Rp 27.000\nTransaksi: 2"), "{}", digest.2);
    assert!(
        digest.2.ends_with("Stok menipis: 2\nPiutang jatuh tempo besok: Rp 0 (0 faktur)\nPesan gagal hari ini: 0"),
        "{}",
        digest.2
    );
    // The next day: alerts again for what is still low; the digest waits for 21:00.
    k.advance_days(1);
    k.clock.advance_ms(-10 * 3_600_000);
    assert_eq!(k.shop.queue_owner_messages().unwrap(), OwnerQueued { digests: 0, alerts: 1 });
}

#[test]
fn no_owner_messages_without_an_owner_phone_or_with_the_assistant_off() {
    let mut k = shop();
    let owner = k.owner.clone();
    k.shop.set_setting(&owner, "assistant.owner", "no").unwrap();
    k.clock.advance_ms(10 * 3_600_000);
    assert_eq!(k.shop.queue_owner_messages().unwrap(), OwnerQueued::default());
    k.shop.set_setting(&owner, "assistant.owner", "yes").unwrap();
    k.shop.set_user_phone(&owner, "pemilik", None).unwrap();
    assert_eq!(k.shop.queue_owner_messages().unwrap(), OwnerQueued::default());
    assert!(owner_messages(&k).is_empty());
}

#[test]
fn a_size_in_the_name_finds_goods_sold_by_that_unit() {
    let mut k = shop();
    let owner = k.owner.clone();
    let form = ItemForm {
        sku: "BRSK".into(),
        name: "Beras Curah".into(),
        price: "14000".into(),
        unit: "KG".into(),
        ..Default::default()
    };
    k.shop.create_item(&owner, &form).unwrap();
    let read_back = reply(&mut k, STRANGER, "pesan 2 beras curah 5kg");
    assert!(read_back.starts_with("Pesanan #1:\n1. 10 kg Beras Curah × Rp 14.000 = Rp 140.000\n"), "{read_back}");
}

#[test]
fn a_confirmed_order_is_rung_up_at_the_till_and_linked_to_its_invoice() {
    let mut k = shop();
    reply(&mut k, DARTO, "pesan 2 beras, 40 indomie goreng");
    reply(&mut k, DARTO, "ya");
    let cashier = k.cashier.clone();
    let open = k.shop.open_orders(&cashier).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].status.as_str(), open[0].customer_name.as_deref()), ("confirmed", Some("Warung Pak Darto")));
    assert_eq!(open[0].total(), Ok(crate::domain::Money::new(2 * 63_000 + 40 * 3_300)));
    let cart = k.shop.order_cart(&cashier, open[0].id).unwrap();
    assert_eq!((cart.order_id, cart.tier), (Some(open[0].id), crate::domain::PriceTier::Wholesale1));
    assert_eq!(cart.lines.len(), 2);
    let rice_before = k.on_hand("BRS5");
    let total = k.shop.cart_totals(&cart).unwrap().total;
    let sale = k.checkout(
        &cashier,
        cart.clone(),
        vec![crate::services::testkit::tender(crate::domain::PaymentMethod::Cash, total.rupiah())],
    );
    assert_eq!(k.on_hand("BRS5"), rice_before.checked_sub(Qty::from_units(2)).unwrap(), "the sale moves the stock");
    let (status, sale_id): (String, i64) = k
        .shop
        .store
        .conn()
        .query_row("SELECT status, sale_id FROM orders WHERE id = ?1", [open[0].id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((status.as_str(), sale_id), ("completed", sale.sale_id));
    assert!(k.shop.open_orders(&cashier).unwrap().is_empty());
    // Ringing it up twice is refused, whole.
    let request = crate::services::checkout::CheckoutRequest {
        cart,
        payments: vec![crate::services::testkit::tender(crate::domain::PaymentMethod::Cash, total.rupiah())],
        ..Default::default()
    };
    let err = k.shop.checkout(&cashier, &request).unwrap_err().to_string();
    assert!(err.contains("is no longer open"), "{err}");
    assert!(k.shop.order_cart(&cashier, open[0].id).unwrap_err().to_string().contains("completed, not open"));
}

#[test]
fn the_conversation_threads_both_ways_and_the_owner_replies_inside_the_window() {
    let mut k = shop();
    let owner = k.owner.clone();
    k.shop.record_inbound("whatsapp_cloud", SRI, "harga beras", Some("wamid.c1"), k.shop.now_ms()).unwrap();
    reply(&mut k, SRI, "harga beras");
    k.clock.advance_ms(60_000);
    let id = k.shop.reply_by_hand(&owner, "0812-3456-7890", "Beras datang sore ini, Bu.").unwrap();
    let thread = k.shop.conversation(&owner, SRI).unwrap();
    let texts: Vec<(bool, &str)> = thread.iter().map(|e| (e.inbound, e.text.as_str())).collect();
    assert_eq!(
        texts,
        [
            (true, "harga beras"),
            (false, "Harga:\n• Beras Pandan Wangi 5kg: Rp 65.000 /pcs"),
            (false, "Beras datang sore ini, Bu.")
        ]
    );
    assert_eq!(thread[2].status, "pending");
    assert_eq!(k.shop.recent_audit(1).unwrap()[0].action, "message.reply");
    let expires: i64 =
        k.shop.store.conn().query_row("SELECT expires_at FROM outbox WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(expires, thread[0].at + WINDOW_MS);
    k.advance_days(2);
    let err = k.shop.reply_by_hand(&owner, SRI, "halo?").unwrap_err().to_string();
    assert!(err.contains("only templates"), "{err}");
    assert!(k.shop.reply_by_hand(&k.cashier.clone(), SRI, "x").is_err(), "cashiers do not answer customers");
}

#[test]
fn every_shipped_assistant_text_is_a_template_in_both_languages_that_passes_its_check() {
    let k = shop();
    for text in crate::domain::assistant::AssistantText::ALL {
        for (key, language) in [(text.code().to_string(), "id"), (format!("{}_en", text.code()), "en")] {
            let template = k.shop.message_template(&key).unwrap();
            assert_eq!(template.kind, crate::services::messages::MessageKind::Assistant(text), "{key}");
            assert_eq!(template.wa_language, language, "{key}");
            let sample = template.kind.sample("Bu Sri", "C0001", "Toko Maju");
            let shown = crate::services::messages::templates::preview(&template, &sample).unwrap();
            assert!(!shown.body.is_empty() && shown.wa_params.is_empty(), "{key}");
        }
    }
}

#[test]
fn an_edited_reply_template_changes_the_answer_and_a_broken_one_is_refused() {
    let mut k = shop();
    let owner = k.owner.clone();
    let mut hours = k.shop.message_template("assistant_hours").unwrap();
    hours.body = "{% if hours %}Buka {{ hours }}, {{ store_name }} siap melayani{% if customer_name %} {{ customer_name }}{% endif %}!{% else %}Tanya langsung ya.{% endif %}".into();
    k.shop.save_message_template(&owner, &hours).unwrap();
    assert_eq!(reply(&mut k, SRI, "jam"), "Buka 07.00–21.00, Toko Maju siap melayani Bu Sri!");
    assert_eq!(reply(&mut k, STRANGER, "jam"), "Buka 07.00–21.00, Toko Maju siap melayani!");
    // English is its own template, left as shipped.
    assert_eq!(reply(&mut k, DARTO, "hours"), "Opening hours: 07.00–21.00");
    let outbox: String =
        k.shop.store.conn().query_row("SELECT template FROM outbox ORDER BY id DESC", [], |r| r.get(0)).unwrap();
    assert_eq!(outbox, "assistant_hours_en");

    let refused = |k: &mut Kit, body: &str, params: &[&str]| {
        let mut broken = hours.clone();
        broken.body = body.into();
        broken.wa_params = params.iter().map(|p| p.to_string()).collect();
        k.shop.save_message_template(&owner, &broken).unwrap_err().to_string()
    };
    // Another text's variable, even in the branch for a shop without opening hours.
    let err = refused(&mut k, "{% if hours %}Buka {{ hours }}{% else %}{{ address }}{% endif %}", &[]);
    assert!(err.contains("undefined"), "{err}");
    let err = refused(&mut k, "{% if hours %}Buka {{ hours }}", &[]);
    assert!(err.contains("endif"), "{err}");
    let err = refused(&mut k, "Buka {{ hours }}", &["hours"]);
    assert!(err.contains("free text"), "{err}");
    let err = refused(&mut k, &"x".repeat(crate::domain::assistant::MAX_REPLY_CHARS + 1), &[]);
    assert!(err.contains("4096 characters"), "{err}");
    let err = refused(&mut k, "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", &[]);
    assert!(err.contains("too much work"), "{err}");
    assert_eq!(k.shop.message_template("assistant_hours").unwrap().body, hours.body, "nothing refused was saved");
}

#[test]
fn a_template_that_writes_too_much_is_cut_to_whatsapps_limit() {
    let mut k = shop();
    let owner = k.owner.clone();
    let mut info = k.shop.message_template("assistant_info").unwrap();
    info.body = "{% for n in range(600) %}{{ store_name }} {{ n }}\n{% endfor %}".into();
    k.shop.save_message_template(&owner, &info).unwrap();
    let answer = reply(&mut k, SRI, "info");
    assert!(answer.chars().count() <= crate::domain::assistant::MAX_REPLY_CHARS, "{}", answer.len());
    assert!(answer.starts_with("Toko Maju 0\nToko Maju 1\n") && answer.ends_with("(pesan dipotong)"), "{answer}");
}

#[test]
fn a_void_and_a_discount_above_the_limit_are_alerted_once() {
    let mut k = shop();
    let owner = k.owner.clone();
    // Noon: the stock alerts go first, so the sales below make a batch of their own.
    assert_eq!(k.shop.queue_owner_messages().unwrap().alerts, 1);
    let voided = k.cash_sale(&owner, &[("IDMG", 2)], 10_000);
    k.shop.void_sale(&owner, &voided.invoice, "salah input").unwrap();
    let mut cart = k.cart(&[("BRS5", 1000)], None);
    cart.set_sale_discount(crate::domain::cart::Discount::Percent(2500)).unwrap();
    let discounted =
        k.checkout(&owner, cart, vec![crate::services::testkit::tender(crate::domain::PaymentMethod::Cash, 50_000)]);
    let mut small = k.cart(&[("BRS5", 1000)], None);
    small.set_sale_discount(crate::domain::cart::Discount::Percent(1000)).unwrap();
    k.checkout(&owner, small, vec![crate::services::testkit::tender(crate::domain::PaymentMethod::Cash, 60_000)]);
    k.clock.advance_ms(ALERT_BATCH_MS);
    assert_eq!(k.shop.queue_owner_messages().unwrap().alerts, 1);
    let alert = owner_messages(&k).pop().unwrap().2;
    assert_eq!(
        alert,
        format!(
            "Peringatan:\n• {}: diskon Rp 16.250\n• {}: dibatalkan (void) Rp 7.000",
            discounted.invoice, voided.invoice
        ),
        "10% is within assistant.alert_discount_pct (20)"
    );
    k.clock.advance_ms(ALERT_BATCH_MS);
    assert_eq!(k.shop.queue_owner_messages().unwrap().alerts, 0, "each subject once a day");
}

#[test]
fn a_wholesale_customer_sees_the_cheaper_quantity_steps_a_retail_one_does_not() {
    let mut k = shop();
    let owner = k.owner.clone();
    let form = ItemForm {
        sku: "KPA".into(),
        name: "Kopi Kapal Api 165g".into(),
        price: "15000".into(),
        price_wholesale1: "14500".into(),
        min_qty_wholesale1: "6".into(),
        price_wholesale2: "14000".into(),
        min_qty_wholesale2: "24".into(),
        ..Default::default()
    };
    k.shop.create_item(&owner, &form).unwrap();
    assert_eq!(
        reply(&mut k, DARTO, "harga kopi kapal api"),
        "Harga:\n• Kopi Kapal Api 165g: Rp 15.000 /pcs\n  Harga grosir Anda: Rp 14.500\n  mulai 24 pcs: Rp 14.000"
    );
    assert_eq!(reply(&mut k, STRANGER, "harga kopi kapal api"), "Harga:\n• Kopi Kapal Api 165g: Rp 15.000 /pcs");
}

#[test]
fn each_command_switched_off_is_silent_and_left_out_of_the_menu() {
    let mut k = shop();
    let owner = k.owner.clone();
    let switches = [
        ("price", "harga beras", "HARGA"),
        ("stock", "stok beras", "STOK beras"),
        ("balance", "saldo", "SALDO"),
        ("order", "pesan 1 beras", "PESAN"),
        ("info", "alamat", "JAM, ALAMAT"),
        ("owner", "piutang", "LAPORAN"),
    ];
    assert!(reply(&mut k, OWNER, "menu").contains("LAPORAN"), "all on: the owner's menu lists everything");
    for (setting, _, _) in switches {
        k.shop.set_setting(&owner, &format!("assistant.{setting}"), "no").unwrap();
    }
    for (setting, asked, _) in switches {
        let answer = ask(&mut k, OWNER, asked);
        assert!(
            matches!(&answer, Answer::Silent(why) if why.to_string().contains(&format!("assistant.{setting}"))),
            "{asked}: {answer:?}"
        );
    }
    // YA and BATAL belong to PESAN.
    assert!(matches!(ask(&mut k, OWNER, "ya"), Answer::Silent(why) if why.to_string().contains("assistant.order")));
    k.clock.advance_ms(13 * 3_600_000);
    let menu = reply(&mut k, OWNER, "menu");
    for (_, _, line) in switches {
        assert!(!menu.contains(line), "{line} in {menu}");
    }
    assert!(menu.ends_with("Balas dengan:\n• BERHENTI — berhenti terima promo"), "{menu}");
}

#[test]
fn every_silence_speaks_both_languages() {
    use strum::IntoEnumIterator;
    for silence in Silence::iter() {
        let (en, id) = (silence.text(Lang::En), silence.text(Lang::Id));
        assert!(!id.trim().is_empty(), "{silence:?} has no Indonesian text");
        assert_ne!(en, id, "{silence:?} says the same in both languages");
    }
}
