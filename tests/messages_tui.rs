//! The Messages screen (Alt+8) driven by keys: the outbox with its filters, retry and
//! cancel, the inbox, the halted-channel alert, template editing with the live
//! preview, and creating and sending a campaign.

mod common;

use common::Harness;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::civil::date;
use warung::services::Actor;
use warung::tui::action::{Action, Module};
use warung::tui::i18n::Lang;

/// The fixture shop plus: a sent campaign to both customers (one message failed,
/// one delivered), Bu Sri's birthday greeting, a message from her, and Fonnte halted.
fn shop_with_messages(lang: Lang) -> Harness {
    let h = Harness::new(lang);
    let mut shop = h.other_process();
    let owner = Actor::command_line();
    let campaign = shop.create_campaign(&owner, "Promo Gajian", None, "promo", 0).unwrap();
    shop.send_campaign(&owner, campaign.id).unwrap();
    let db = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    db.execute("UPDATE customers SET birthday = '1985-11-23' WHERE name = 'Bu Sri'", []).unwrap();
    assert_eq!(shop.run_daily_triggers(date(2026, 11, 23)).unwrap().birthdays, 1);
    db.execute_batch(
        "UPDATE outbox SET status = 'failed', attempts = 2, last_error = 'HTTP 503 from fonnte' WHERE id = 1;
         UPDATE outbox SET status = 'delivered', attempts = 1, provider_id = 'wamid.1', sent_at = created_at WHERE id = 2;
         INSERT INTO inbox (received_at, provider, phone, customer_id, body, provider_id)
              SELECT created_at, 'fonnte', phone, customer_id, 'Stok beras masih ada?', 'in-1' FROM outbox WHERE id = 3;
         INSERT INTO channel_state VALUES ('fonnte', (SELECT created_at FROM outbox WHERE id = 1), 'token refused (401)', 0);",
    )
    .unwrap();
    h
}

fn on_messages(lang: Lang) -> Harness {
    let mut h = shop_with_messages(lang);
    h.login("pemilik", "rahasia1");
    h.alt('8');
    assert_eq!(h.app.module(), Module::Messages);
    h
}

fn status_of(h: &Harness, id: i64) -> String {
    let db = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    db.query_row("SELECT status FROM outbox WHERE id = ?1", [id], |r| r.get(0)).unwrap()
}

#[test]
fn outbox_shows_states_and_the_halted_channel() {
    let h = on_messages(Lang::En);
    h.snapshot_both("messages_outbox");
    let screen = h.screen(80, 24);
    assert!(screen.contains("fonnte halted (R resume) since 23/11 12:00: token refused (401)"), "{screen}");
}

#[test]
fn retry_cancel_filter_and_read_the_text() {
    let mut h = on_messages(Lang::En);
    // Newest first: the birthday greeting (3), then 2 (delivered), then 1 (failed).
    h.key(KeyCode::Char('r'));
    assert!(h.screen(80, 24).contains("message 3 is pending; only failed, dead, unknown"));
    h.key(KeyCode::End);
    h.key(KeyCode::Char('r'));
    assert_eq!(status_of(&h, 1), "pending");
    assert!(h.screen(80, 24).contains("#1 queued again"));
    h.key(KeyCode::Char('c'));
    assert_eq!(status_of(&h, 1), "cancelled");
    h.key(KeyCode::Home);
    h.key(KeyCode::Delete);
    assert_eq!(status_of(&h, 3), "cancelled");
    assert_eq!(status_of(&h, 2), "delivered");
    // s cycles the state filter: pending shows nothing left, then failed…
    h.key(KeyCode::Char('s'));
    assert!(h.screen(80, 24).contains("0 msgs · s pending · k all"));
    h.key(KeyCode::Char('k'));
    h.key(KeyCode::Char('k'));
    assert!(h.screen(80, 24).contains("s pending · k reminder"));
    for _ in 0..10 {
        h.key(KeyCode::Char('s'));
    }
    for _ in 0..7 {
        h.key(KeyCode::Char('k'));
    }
    assert!(h.screen(80, 24).contains("2 msgs · s cancelled · k all"), "{}", h.screen(80, 24));
    h.key(KeyCode::Enter);
    h.snapshot_both("messages_body");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.module(), Module::Dashboard, "Esc on the list leaves the module");
}

#[test]
fn the_kind_filter_shows_the_assistants_replies_and_the_owners_digest() {
    let h = shop_with_messages(Lang::Id);
    let mut shop = h.other_process();
    let owner = Actor::command_line();
    for (key, value) in [("assistant.enabled", "yes"), ("assistant.digest_time", "11:00")] {
        shop.set_setting(&owner, key, value).unwrap();
    }
    shop.assistant_test("jam", "0812-3456-789", true).unwrap();
    shop.set_user_phone(&owner, "pemilik", Some("0813-0000-1111")).unwrap();
    assert_eq!(shop.queue_owner_messages().unwrap().digests, 1);
    let mut h = h;
    h.login("pemilik", "rahasia1");
    h.alt('8');
    for _ in 0..7 {
        h.key(KeyCode::Char('k'));
    }
    let screen = h.screen(80, 24);
    assert!(screen.contains("1 pesan · s semua · k asisten"), "{screen}");
    assert!(screen.contains(" asisten ") && !screen.contains("ke pemilik"), "{screen}");
    h.snapshot_both("messages_outbox_assistant_replies");
    h.key(KeyCode::Char('k'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("1 pesan · s semua · k ke pemilik"), "{screen}");
    assert!(screen.contains(" ke pemilik ") && !screen.contains(" asisten "), "{screen}");
    h.key(KeyCode::Char('k'));
    assert!(h.screen(80, 24).contains("· k semua"), "the filter comes round to all");
}

#[test]
fn inbox_and_resuming_the_channel() {
    let mut h = on_messages(Lang::Id);
    h.key(KeyCode::Tab);
    assert!(h.screen(80, 24).contains("1 diterima · 1 belum dibaca"));
    h.key(KeyCode::Enter);
    h.snapshot_both("messages_inbox_read");
    h.key(KeyCode::Esc);
    assert!(h.screen(80, 24).contains("1 diterima · 0 belum dibaca"));
    h.key(KeyCode::Char('R'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("fonnte dilanjutkan") && !screen.contains("berhenti (R"), "{screen}");
}

#[test]
fn editing_a_template_previews_it_for_a_customer_and_saves() {
    let mut h = on_messages(Lang::En);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.snapshot_both("messages_templates");
    h.key(KeyCode::Down); // birthday, then promo
    h.key(KeyCode::Enter);
    h.key(KeyCode::End);
    h.type_text(" Kode: {{ customer_code }}");
    h.app.wait_background();
    let screen = h.screen(80, 24);
    assert!(screen.contains("Preview for Bu Sri"), "{screen}");
    h.snapshot_both("messages_template_edit");
    h.key(KeyCode::F(2));
    h.app.wait_background();
    assert!(h.screen(80, 24).contains("Preview for Warung Pak Darto"));
    // A misspelt variable is shown in the preview and refused on saving.
    h.type_text(" {{ nama }}");
    h.app.wait_background();
    assert!(h.screen(80, 24).contains("undefined"));
    h.ctrl('s');
    assert!(h.screen(80, 24).contains("undefined"), "still editing");
    for _ in 0.." {{ nama }}".len() {
        h.key(KeyCode::Backspace);
    }
    h.ctrl('s');
    assert!(h.screen(80, 24).contains("Saved promo"));
    let promo = h.other_process().message_template("promo").unwrap();
    assert!(promo.body.ends_with("Tunjukkan pesan ini di kasir. Kode: {{ customer_code }}"), "{}", promo.body);
}

#[test]
fn an_assistant_reply_is_edited_on_the_templates_tab_with_its_own_variables() {
    let mut h = on_messages(Lang::Id);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    // The six triggered templates, then the assistant's: address, address_en, alert,
    // alert_en, balance (Indonesian).
    for _ in 0..10 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    h.app.wait_background();
    let screen = h.screen(80, 24);
    assert!(screen.contains("Template assistant_balance"), "{screen}");
    // The preview runs over lines, with the sample bills, and names the text's variables.
    assert!(
        screen.contains("\nTagihan Bu Sri:") && screen.contains("\n• INV/261109/0007: sisa Rp 100.000"),
        "{screen}"
    );
    assert!(
        screen.contains("Variabel: customer_name, customer_code, store_name, registered, bills[invoice"),
        "{screen}"
    );
    h.snapshot_both("messages_assistant_template_edit");
    // A variable of another text is refused, even in a branch the preview does not take.
    h.key(KeyCode::End);
    h.type_text("{% if not bills %}{{ hours }}{% endif %}");
    h.ctrl('s');
    assert!(h.screen(80, 24).contains("undefined"), "still editing");
    for _ in 0.."{% if not bills %}{{ hours }}{% endif %}".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("Salam, {{ store_name }}");
    // Alt+Enter starts a new line; the field shows it as ⏎ and the preview as a line.
    h.app.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    h.type_text("Terima kasih");
    h.app.wait_background();
    let screen = h.screen(80, 24);
    assert!(screen.contains("⏎Terima kasih") && screen.contains("\nTerima kasih"), "{screen}");
    h.ctrl('s');
    let balance = h.other_process().message_template("assistant_balance").unwrap();
    assert!(balance.body.ends_with("{% endif %}Salam, {{ store_name }}\nTerima kasih"), "{}", balance.body);
}

#[test]
fn creating_and_sending_a_campaign() {
    let mut h = on_messages(Lang::En);
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char('n'));
    h.type_text("Promo Akhir Tahun");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("50");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Recipients 2 · held out 1 · to send 1"), "{screen}");
    assert!(screen.contains("Estimated cost Rp 670"), "{screen}");
    h.snapshot_both("messages_campaign_plan");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Created campaign #2"));
    h.key(KeyCode::Char('s'));
    assert!(h.screen(80, 24).contains("Queue messages to 1 customers"));
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Campaign #2: 1 messages queued"));
    let campaign = h.other_process().campaign(2).unwrap();
    assert_eq!((campaign.recipients, campaign.holdout, campaign.queued), (2, 1, 1));
    h.snapshot_both("messages_campaigns");
}

#[test]
fn a_segment_starts_a_campaign_prefilled() {
    let mut h = on_messages(Lang::En);
    h.app.run(Action::StartCampaign { segment: Some("Champions".into()) });
    let screen = h.screen(80, 24);
    assert!(screen.contains("New campaign") && screen.contains("Champions"), "{screen}");
    h.ctrl('s');
    assert!(h.screen(80, 24).contains("run `warung segment` first"));
}

#[test]
fn a_template_that_does_too_much_is_previewed_off_the_ui_thread_and_refused() {
    let mut h = on_messages(Lang::En);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.key(KeyCode::End);
    // Every key returns at once; the previews render on a worker.
    h.type_text("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}");
    h.app.wait_background();
    let screen = h.screen(120, 40);
    assert!(screen.contains("too much work"), "{screen}");
    h.ctrl('s');
    let screen = h.screen(120, 40);
    assert!(screen.contains("too much work") && !screen.contains("Saved promo"), "{screen}");
}
