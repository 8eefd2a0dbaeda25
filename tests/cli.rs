//! The command line through the real binary.

mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use common::warung;
use predicates::prelude::*;

struct Shop {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn new_shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    warung(&db).args(["init", "--owner", "ani", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
    Shop { db, _dir: dir }
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(output).unwrap()
}

#[test]
fn init_creates_a_private_database_with_its_owner() {
    let shop = new_shop();
    let users = stdout_of(warung(&shop.db).args(["user", "list"]));
    assert_eq!(users, "username,name,role,active,locked\nani,,owner,yes,no\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&shop.db).unwrap().permissions().mode() & 0o777, 0o600);
    }
    warung(&shop.db)
        .args(["init", "--password-stdin"])
        .write_stdin("x\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("already has a shop"));
}

#[test]
fn users_are_managed_without_passwords_on_the_command_line() {
    let shop = new_shop();
    warung(&shop.db)
        .args(["user", "add", "sari", "--role", "cashier", "--name", "Sari", "--password-stdin"])
        .write_stdin("kasir123\n")
        .assert()
        .success();
    warung(&shop.db)
        .args(["user", "add", "budi", "--password-stdin"])
        .write_stdin("123\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("at least 8"));
    warung(&shop.db).args(["user", "passwd", "sari", "--password-stdin"]).write_stdin("baru12345\n").assert().success();
    warung(&shop.db).args(["user", "disable", "sari"]).assert().success();
    let users = stdout_of(warung(&shop.db).args(["user", "list"]));
    assert!(users.contains("sari,Sari,cashier,no,no"), "{users}");
    warung(&shop.db)
        .args(["user", "disable", "ani"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("last active owner"));
}

#[test]
fn config_get_set_validates_and_masks_secrets() {
    let shop = new_shop();
    assert_eq!(stdout_of(warung(&shop.db).args(["config", "get", "receipt.width"])), "32\n");
    warung(&shop.db).args(["config", "set", "receipt.width", "48"]).assert().success();
    assert_eq!(stdout_of(warung(&shop.db).args(["config", "get", "receipt.width"])), "48\n");
    warung(&shop.db)
        .args(["config", "set", "receipt.width", "40"])
        .assert()
        .failure()
        .stderr("warung: receipt.width must be one of: 32, 48\n");
    warung(&shop.db).args(["config", "set", "fonnte.token", "sekret-123"]).assert().success();
    let all = stdout_of(warung(&shop.db).args(["config", "get"]));
    assert!(all.contains("fonnte.token=********") && !all.contains("sekret-123"), "{all}");
    assert_eq!(stdout_of(warung(&shop.db).args(["config", "get", "fonnte.token", "--reveal"])), "sekret-123\n");
    warung(&shop.db)
        .args(["config", "get", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown setting 'nope'"));
}

const ITEMS_CSV: &str = "\u{feff}sku;name;price;barcode;category;unit;stock;price_wholesale1;min_qty_wholesale1\n\
IDM-GRG;Indomie Goreng;3500;089686010947|40*2000000000015;Mi Instan;PCS;120;3300;10\n\
BRS-5;Beras Pandan Wangi;14500;;Sembako;KG;25.5;;\n";

#[test]
fn import_dry_run_then_real_then_export_round_trips_into_an_empty_shop() {
    let shop = new_shop();
    let dir = shop.db.parent().unwrap();
    let file = dir.join("items.csv");
    std::fs::write(&file, ITEMS_CSV).unwrap();
    warung(&shop.db)
        .args(["import", "items"])
        .arg(&file)
        .arg("--dry-run")
        .assert()
        .success()
        .stderr(predicate::str::contains("dry run"));
    assert_eq!(stdout_of(warung(&shop.db).args(["export", "items"])).lines().count(), 1, "dry run wrote nothing");
    warung(&shop.db)
        .args(["import", "items"])
        .arg(&file)
        .arg("--generate-barcodes")
        .assert()
        .success()
        .stderr(predicate::str::contains("2 rows: 2 created"));
    let exported = stdout_of(warung(&shop.db).args(["export", "items"]));
    assert!(exported.contains("Beras Pandan Wangi,14500,2000000000022,Sembako,KG,0,,,,,25.5,0"), "{exported}");
    assert!(exported.contains("089686010947|40*2000000000015"), "{exported}");

    let customers = dir.join("customers.csv");
    std::fs::write(&customers, "name,phone,tier,wa_opt_in,credit_limit\nBu Sri,0812-3456-789,retail,yes,0\nWarung Darto,+62 856 1111 2222,wholesale1,no,500000\n").unwrap();
    warung(&shop.db).args(["import", "customers"]).arg(&customers).assert().success();

    // Everything exported re-imports into an empty shop with the same data.
    let other = new_shop();
    for kind in ["items", "customers", "suppliers"] {
        let out = dir.join(format!("{kind}.export.csv"));
        warung(&shop.db).args(["export", kind, "--output"]).arg(&out).assert().success();
        warung(&other.db).args(["import", kind]).arg(&out).assert().success();
        let again = stdout_of(warung(&other.db).args(["export", kind]));
        assert_eq!(again, std::fs::read_to_string(&out).unwrap(), "{kind}");
    }
    warung(&other.db).arg("doctor").assert().success();
}

#[test]
fn a_bad_file_imports_nothing_and_lists_every_problem() {
    let shop = new_shop();
    let file = shop.db.parent().unwrap().join("bad.csv");
    std::fs::write(&file, "name,phone,tier\nBu Sri,0812-3456-789,retail\n,021-555,vip\nPak Budi,08abc,retail\n")
        .unwrap();
    let assert = warung(&shop.db).args(["import", "customers"]).arg(&file).assert().failure();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    for expected in ["row 3, column name", "row 3, column phone", "row 3, column tier", "row 4, column phone"] {
        assert!(stderr.contains(expected), "{expected} in {stderr}");
    }
    assert_eq!(stdout_of(warung(&shop.db).args(["export", "customers"])).lines().count(), 1);
    std::fs::write(&file, "name,colour\nX,red\n").unwrap();
    warung(&shop.db)
        .args(["import", "suppliers"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("colour"));
}

#[test]
fn export_json_has_typed_values() {
    let shop = new_shop();
    let file = shop.db.parent().unwrap().join("items.csv");
    std::fs::write(&file, ITEMS_CSV).unwrap();
    warung(&shop.db).args(["import", "items"]).arg(&file).assert().success();
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(warung(&shop.db).args(["export", "items", "--format", "json"]))).unwrap();
    let beras = json.as_array().unwrap().iter().find(|v| v["sku"] == "BRS-5").unwrap();
    assert_eq!(beras["price"], 14500);
    assert_eq!(beras["stock"], 25.5);
}

#[test]
fn export_to_an_unwritable_place_fails_without_a_partial_file() {
    let shop = new_shop();
    warung(&shop.db)
        .args(["export", "items", "--output", "/nonexistent-dir/items.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn doctor_migrate_and_version_guard() {
    let shop = new_shop();
    warung(&shop.db).arg("doctor").assert().success().stdout(predicate::str::starts_with("ok"));
    warung(&shop.db).arg("migrate").assert().success().stderr(predicate::str::contains("is up to date"));
    // Break the stock cache behind warung's back: doctor must say so and fail.
    let file = shop.db.parent().unwrap().join("items.csv");
    std::fs::write(&file, ITEMS_CSV).unwrap();
    warung(&shop.db).args(["import", "items"]).arg(&file).assert().success();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute("UPDATE items SET on_hand = on_hand + 1000 WHERE sku = 'IDM-GRG'", []).unwrap();
    warung(&shop.db)
        .arg("doctor")
        .assert()
        .failure()
        .stdout(predicate::str::contains("item IDM-GRG shows 121 on hand but its ledger adds up to 120"));
    conn.execute("UPDATE items SET on_hand = on_hand - 1000 WHERE sku = 'IDM-GRG'", []).unwrap();
    // A summary out of step (a restore, another tool): doctor lists it, the repair rebuilds it.
    warung(&shop.db).arg("doctor").assert().success();
    conn.execute("INSERT INTO sales_by_day (day, transactions, returns, items, gross, discount, net, tax, cost, sales_net, returns_net, sales_discount) VALUES (20261101, 1, 0, 1000, 500, 0, 500, 0, 300, 500, 0, 0)", []).unwrap();
    warung(&shop.db)
        .arg("doctor")
        .assert()
        .failure()
        .stdout(predicate::str::contains("summaries: sales_by_day day 20261101: ledger"))
        .stdout(predicate::str::contains("--repair-summaries"));
    let sales = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0)).unwrap()
    };
    let before = sales(&conn);
    warung(&shop.db)
        .args(["doctor", "--repair-summaries"])
        .assert()
        .success()
        .stderr(predicate::str::contains("report summaries: 100% (through "))
        .stderr(predicate::str::contains("report summaries rebuilt"))
        .stdout(predicate::str::starts_with("ok"));
    assert_eq!(sales(&conn), before, "the ledger is untouched");
    // Its progress is said in the user's language, as everything else.
    warung(&shop.db)
        .args(["--lang", "id", "doctor", "--repair-summaries"])
        .assert()
        .success()
        .stderr(predicate::str::contains("ringkasan laporan: 100% (sampai "))
        .stderr(predicate::str::contains("report summaries").not());
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    warung(&shop.db).arg("doctor").assert().failure().stderr(predicate::str::contains("schema version 99"));
}

#[test]
fn commands_on_a_missing_shop_say_how_to_create_one() {
    let dir = tempfile::tempdir().unwrap();
    warung(&dir.path().join("none.db"))
        .args(["export", "items"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("warung init"));
}

#[test]
fn unknown_commands_and_options_print_short_usage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    warung(&db).arg("frobnicate").assert().code(2).stderr(predicate::str::contains("Usage:"));
    warung(&db).args(["export", "items", "--colour"]).assert().code(2).stderr(predicate::str::contains("Usage:"));
    // In Indonesian, by --lang or LANG, the same mistakes are said in Indonesian.
    warung(&db)
        .args(["--lang", "id", "frobnicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("galat: perintah 'frobnicate' tidak dikenal"))
        .stderr(predicate::str::contains("Penggunaan: warung"));
    warung(&db)
        .args(["export", "items", "--colour"])
        .env("LANG", "id_ID.UTF-8")
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("galat: pilihan '--colour' tidak dikenal di sini"));
}

#[test]
fn help_follows_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let help = |args: &[&str], lang: &str| {
        let output = warung(&db).args(args).env("LANG", lang).assert().code(0).get_output().stdout.clone();
        String::from_utf8(output).unwrap()
    };
    let indonesian = help(&["--lang", "id", "--help"], "C");
    for said in [
        "Penggunaan: warung",
        "Aplikasi kasir untuk warung dan toko kecil di Indonesia",
        "Perintah:",
        "Buka TUI pada toko demo baru (login-nya tampil di layar)",
        "Pilihan:",
        "Berkas basis data",
        "Tampilkan bantuan",
    ] {
        assert!(indonesian.contains(said), "no '{said}' in:\n{indonesian}");
    }
    for english in ["Usage:", "Commands:", "Options:", "Keyboard-first point of sale", "Database file", "Print help"] {
        assert!(!indonesian.contains(english), "'{english}' in:\n{indonesian}");
    }
    let report = help(&["report", "--help"], "id_ID.UTF-8");
    assert!(report.starts_with("Tampilkan laporan: CSV (bawaan), JSON, xlsx atau tabel yang rapi"), "{report}");
    assert!(report.contains("Penggunaan: warung report [PILIHAN] [NAME]"), "{report}");
    assert!(report.contains("Hari terakhir, ikut dihitung [bawaan: hari ini]"), "{report}");
    assert!(!report.contains("Last day") && !report.contains("Usage:"), "{report}");
    // `--lang en` wins over LANG, and the English help is clap's own, as before.
    let english = help(&["--lang", "en", "--help"], "id_ID.UTF-8");
    assert!(
        english.starts_with("Keyboard-first point of sale for Indonesian small shops\n\nUsage: warung"),
        "{english}"
    );
    assert!(english.contains("\nCommands:\n") && english.contains("\nOptions:\n"), "{english}");
    assert!(english.contains("Database file [default: <data dir>/warung/warung.db]"), "{english}");
    assert!(!english.contains("Penggunaan") && !english.contains("Pilihan"), "{english}");
    assert_eq!(english, help(&["--help"], "C"));
    // clap's own `help` subcommand, in Indonesian.
    let backup = help(&["--lang", "id", "help", "backup"], "C");
    assert!(backup.starts_with("Buat cadangan toko di FILE selagi toko tetap buka"), "{backup}");
    assert!(backup.contains("Penggunaan: warung backup") && backup.contains("Argumen:"), "{backup}");
    assert!(backup.contains("Timpa FILE jika sudah ada"), "{backup}");
    assert!(help(&["--lang=id", "-V"], "C").starts_with("warung "));
}

#[test]
fn completions_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(warung(&dir.path().join("x.db")).args(["completions", "bash"]));
    assert!(out.contains("warung"));
}

#[test]
fn init_demo_builds_a_healthy_demo_shop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    warung(&db).args(["init", "--demo"]).assert().success().stderr(predicate::str::contains("kasir / demo123"));
    warung(&db).arg("doctor").assert().success();
    let items = stdout_of(warung(&db).args(["export", "items"]));
    assert!(items.lines().count() > 150);
}

fn demo_shop() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    warung(&db).args(["init", "--demo"]).assert().success();
    (dir, db)
}

#[test]
fn receipts_of_past_sales_and_a4_invoices() {
    let (dir, db) = demo_shop();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let invoice: String = conn.query_row("SELECT invoice FROM sales ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    let receipt = stdout_of(warung(&db).args(["receipt", &invoice, "--width", "48"]));
    assert!(receipt.contains(&invoice) && receipt.contains("Toko Sumber Rejeki"), "{receipt}");
    assert!(receipt.lines().all(|l| l.chars().count() <= 48));
    let a4 = dir.path().join("invoice.html");
    warung(&db).args(["receipt", &invoice, "--a4"]).arg(&a4).assert().success();
    // HTML escaping writes '/' as &#x2f;.
    let html = std::fs::read_to_string(&a4).unwrap();
    assert!(html.contains(&invoice.replace('/', "&#x2f;")) && html.contains("Toko Sumber Rejeki"), "{html}");
    warung(&db).args(["receipt", "INV/NOPE"]).assert().failure().stderr(predicate::str::contains("INV/NOPE"));
}

#[test]
fn templates_are_checked_before_they_are_saved() {
    let (dir, db) = demo_shop();
    let listed = stdout_of(warung(&db).args(["template", "list"]));
    assert!(listed.contains("receipt.txt\tshipped"), "{listed}");
    let bad = dir.path().join("bad.j2");
    std::fs::write(&bad, "{{ total|mony }}").unwrap();
    warung(&db)
        .args(["template", "set", "receipt.txt"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("mony"));
    let good = dir.path().join("good.j2");
    std::fs::write(&good, "{{ store.name }}\nTOTAL {{ total|money }}\n").unwrap();
    warung(&db).args(["template", "set", "receipt.txt"]).arg(&good).assert().success();
    assert!(stdout_of(warung(&db).args(["template", "list"])).contains("receipt.txt\tcustomised"));
    warung(&db).args(["template", "reset", "receipt.txt"]).assert().success();
}

#[test]
fn the_shops_qris_is_imported_from_the_banks_qr_image() {
    let shop = new_shop();
    let body = "00020101021126240014ID.CO.QRIS.WWW0102015204541153033605802ID5908TOKOMAJU6007JAKARTA6304";
    let payload = format!("{body}{:04X}", warung::domain::qris::crc16(body.as_bytes()));
    // The bank's QR as a PNG: 8 pixels a module, a white margin of four modules.
    let code = qrcode::QrCode::new(payload.as_bytes()).unwrap();
    let (width, colors) = (code.width() as u32, code.to_colors());
    let image = image::GrayImage::from_fn((width + 8) * 8, (width + 8) * 8, |x, y| {
        let (mx, my) = ((x / 8) as i64 - 4, (y / 8) as i64 - 4);
        let inside = (0..width as i64).contains(&mx) && (0..width as i64).contains(&my);
        let dark = inside && colors[(my as u32 * width + mx as u32) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let png = shop.db.with_file_name("qris.png");
    image.save(&png).unwrap();
    warung(&shop.db)
        .args(["config", "import-qris"])
        .arg(&png)
        .assert()
        .success()
        .stderr(predicate::str::contains("qris.payload saved (TOKOMAJU)"));
    let saved = stdout_of(warung(&shop.db).args(["config", "get", "qris.payload"]));
    assert_eq!(saved.trim(), payload);
    // A picture without a QR is refused, saying what to do.
    let blank = shop.db.with_file_name("blank.png");
    image::GrayImage::from_pixel(64, 64, image::Luma([255])).save(&blank).unwrap();
    warung(&shop.db)
        .args(["config", "import-qris"])
        .arg(&blank)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no QR code found"));
}
