//! Big imports beside other writers (issue 12, point 15), through the real binary:
//! an import checks its file without holding the write lock and publishes it in one
//! short transaction (all of it or none), or, when that would hold the lock too long,
//! in short parts recorded in its journal; another writer gets the lock within a
//! second while it runs, imports of different files side by side all succeed, a row
//! taken by another warung meanwhile makes it publish nothing, and a killed import
//! leaves nothing, or whole parts that `warung doctor` names and the same file finishes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{neutral_env, warung};

struct Shop {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Shop {
    /// A shop with `items` items (`S000000`…) and `customers` customers (`C000000`…).
    fn new(items: usize, customers: usize) -> Shop {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        warung(&db).args(["init", "--owner", "ani", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
        let shop = Shop { dir, db };
        if items > 0 {
            shop.import("items", &shop.file("items.csv", &items_csv('S', items))).assert().success();
        }
        if customers > 0 {
            shop.import("customers", &shop.file("customers.csv", &customers_csv('C', customers))).assert().success();
        }
        shop
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn import(&self, kind: &str, file: &Path) -> assert_cmd::Command {
        let mut cmd = warung(&self.db);
        cmd.args(["import", kind]).arg(file);
        cmd
    }

    /// `warung import KIND FILE` started in the background.
    fn spawn_import(&self, kind: &str, file: &Path) -> Child {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("warung"));
        cmd.arg("--db").arg(&self.db).args(["import", kind]).arg(file);
        neutral_env(&mut cmd);
        cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        rusqlite::Connection::open(&self.db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn assert_healthy(&self) {
        warung(&self.db).arg("doctor").assert().success();
    }

    /// `warung doctor` passes but for the unfinished run of `kind` of `file`, which
    /// it names with the command that finishes it.
    fn assert_healthy_but_unfinished(&self, kind: &str, file: &Path) {
        let output = warung(&self.db).arg("doctor").output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(!output.status.success());
        assert_eq!(stdout.lines().count(), 1, "{stdout}");
        let finish = format!("finish it with `warung import {kind} {}` (the same file)", file.display());
        assert!(stdout.starts_with("import run ") && stdout.contains(&finish), "{stdout}");
    }
}

/// `n` new items with skus `{prefix}000000`…, each with some opening stock.
fn items_csv(prefix: char, n: usize) -> String {
    let mut csv = String::from("sku,name,price,category,stock\n");
    for i in 0..n {
        csv.push_str(&format!("{prefix}{i:06},Barang {prefix} {i},{},Kat {},{}\n", 1000 + i % 500, i % 40, i % 20));
    }
    csv
}

fn customers_csv(prefix: char, n: usize) -> String {
    let mut csv = String::from("name,code,phone\n");
    for i in 0..n {
        let digit = prefix as u32 % 10;
        csv.push_str(&format!("Pelanggan {prefix} {i},{prefix}{i:06},0812{digit}{i:06}\n"));
    }
    csv
}

/// `sales` past sales of three lines each, of the items and customers of [`Shop::new`].
fn sales_csv(sales: usize, items: usize, customers: usize) -> String {
    let mut csv = String::from("invoice,date,sku,qty,price,customer_code\n");
    for line in 0..sales * 3 {
        let sale = line / 3;
        let date = format!("2026-{:02}-{:02} 10:00", 1 + sale % 10, 1 + sale % 28);
        let (sku, customer) = (line % items, sale % customers);
        csv.push_str(&format!("H{sale:06},{date},S{sku:06},1,{},C{customer:06}\n", 1000 + line % 500));
    }
    csv
}

/// Run `warung config set store.name …` over and over until `import` ends, each
/// followed by a write of its own that waits at most a second for the lock: every
/// write must succeed. Returns the import's exit and how many writes were made.
fn writes_while(shop: &Shop, mut import: Child) -> (std::process::Output, usize) {
    let impatient = rusqlite::Connection::open(&shop.db).unwrap();
    impatient.busy_timeout(Duration::from_secs(1)).unwrap();
    let mut writes = 0;
    loop {
        let name = format!("Toko {writes}");
        warung(&shop.db).args(["config", "set", "store.name", &name]).assert().success();
        impatient
            .execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE key = 'store.name'; COMMIT;")
            .unwrap_or_else(|e| panic!("write {writes} waited more than a second for the import: {e}"));
        writes += 1;
        if import.try_wait().unwrap().is_some() {
            break;
        }
    }
    let name: String =
        impatient.query_row("SELECT value FROM settings WHERE key = 'store.name'", [], |r| r.get(0)).unwrap();
    assert_eq!(name, format!("Toko {}", writes - 1), "the last write is kept");
    (import.wait_with_output().unwrap(), writes)
}

#[test]
fn other_writers_keep_working_while_big_files_are_imported() {
    let shop = Shop::new(2_000, 2_000);
    let items = shop.file("more-items.csv", &items_csv('T', 60_000));
    let (import, writes) = writes_while(&shop, shop.spawn_import("items", &items));
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    assert!(writes >= 1);
    assert_eq!(shop.count("SELECT COUNT(*) FROM items"), 62_000);

    let sales = shop.file("history.csv", &sales_csv(20_000, 2_000, 2_000));
    let (import, _) = writes_while(&shop, shop.spawn_import("sales", &sales));
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    assert_eq!(shop.count("SELECT COUNT(*) FROM sales WHERE source = 'import'"), 20_000);
    shop.assert_healthy();
}

#[test]
fn big_imports_of_different_files_side_by_side_all_succeed() {
    let shop = Shop::new(20_000, 20_000);
    let files = [
        ("items", shop.file("a.csv", &items_csv('A', 60_000))),
        ("items", shop.file("b.csv", &items_csv('B', 60_000))),
        ("customers", shop.file("d.csv", &customers_csv('D', 20_000))),
        ("sales", shop.file("h.csv", &sales_csv(50_000, 20_000, 20_000))),
    ];
    let imports: Vec<Child> = files.iter().map(|(kind, file)| shop.spawn_import(kind, file)).collect();
    for (import, (_, file)) in imports.into_iter().zip(&files) {
        let output = import.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{}: {stderr}", file.display());
    }
    assert_eq!(shop.count("SELECT COUNT(*) FROM items"), 140_000);
    assert_eq!(shop.count("SELECT COUNT(*) FROM customers"), 40_000);
    assert_eq!(shop.count("SELECT COUNT(*) FROM sales"), 50_000);
    assert_eq!(shop.count("SELECT COUNT(*) FROM sale_lines"), 150_000);
    shop.assert_healthy();
}

/// The journal's runs of `kind` of files of `total` units: (state, units done).
fn runs(shop: &Shop, kind: &str, total: i64) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let mut stmt = conn
        .prepare("SELECT state, units_done FROM import_runs WHERE kind = ?1 AND units_total = ?2 ORDER BY id")
        .unwrap();
    stmt.query_map(rusqlite::params![kind, total], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_killed_big_import_leaves_whole_parts_that_doctor_names_and_the_same_file_finishes() {
    let shop = Shop::new(2_000, 2_000);
    let cases = [
        ("items", items_csv('K', 40_000), "SELECT COUNT(*) FROM items WHERE sku LIKE 'K%'", 40_000),
        ("sales", sales_csv(15_000, 2_000, 2_000), "SELECT COUNT(*) FROM sales", 15_000),
    ];
    for (kind, csv, count, all) in cases {
        let file = shop.file(&format!("{kind}-big.csv"), &csv);
        // Killed (SIGKILL) at moments spread over the run: while reading, checking and
        // writing; each time the same file again resumes what the last one left.
        for delay_ms in [150, 400, 800, 1_300, 2_000, 3_000] {
            let mut import = shop.spawn_import(kind, &file);
            std::thread::sleep(Duration::from_millis(delay_ms));
            import.kill().unwrap();
            import.wait().unwrap();
            let written = shop.count(count);
            let expected = match runs(&shop, kind, all).as_slice() {
                [] => vec![],
                [(state, done)] if state == "publishing" => vec![("publishing".to_string(), written)],
                _ => vec![("done".to_string(), all)],
            };
            assert_eq!(
                runs(&shop, kind, all),
                expected,
                "{kind} killed after {delay_ms} ms: the journal counts what is in"
            );
            if expected.is_empty() {
                assert_eq!(written, 0, "{kind} killed after {delay_ms} ms wrote without a journal");
            }
            let lines: i64 = shop.count("SELECT COUNT(*) FROM sale_lines");
            assert_eq!(lines, 3 * shop.count("SELECT COUNT(*) FROM sales"), "every sale is whole");
            if (1..all).contains(&written) {
                shop.assert_healthy_but_unfinished(kind, &file);
            } else {
                shop.assert_healthy();
            }
            if written == all {
                break;
            }
        }
        if shop.count(count) < all {
            shop.import(kind, &file).assert().success();
        }
        assert_eq!(shop.count(count), all, "{kind}: the rerun imports everything");
        assert_eq!(runs(&shop, kind, all).last().unwrap(), &("done".to_string(), all));
        assert!(runs(&shop, kind, all).iter().all(|(state, _)| state == "done"));
    }
    shop.assert_healthy();
}

#[test]
fn a_file_published_at_once_is_all_in_or_none_whenever_the_import_is_killed() {
    let shop = Shop::new(2_000, 2_000);
    // 1,000 sales (3,000 lines) are written in well under half a second: one
    // transaction. (In parts, as before, a kill left the first parts in.)
    let file = shop.file("history.csv", &sales_csv(1_000, 2_000, 2_000));
    for delay_ms in [30, 60, 100, 150, 200, 300, 400, 600, 900] {
        let mut import = shop.spawn_import("sales", &file);
        std::thread::sleep(Duration::from_millis(delay_ms));
        import.kill().unwrap();
        import.wait().unwrap();
        let (sales, lines) = (shop.count("SELECT COUNT(*) FROM sales"), shop.count("SELECT COUNT(*) FROM sale_lines"));
        match runs(&shop, "sales", 1_000).as_slice() {
            [] => assert_eq!((sales, lines), (0, 0), "killed after {delay_ms} ms: nothing, or all"),
            [(state, 1_000)] if state == "done" => {
                assert_eq!((sales, lines), (1_000, 3_000), "killed after {delay_ms} ms: nothing, or all");
                break;
            }
            other => panic!("killed after {delay_ms} ms: the journal has {other:?}"),
        }
        shop.assert_healthy();
    }
    if shop.count("SELECT COUNT(*) FROM sales") == 0 {
        shop.import("sales", &file).assert().success();
    }
    assert_eq!(shop.count("SELECT COUNT(*) FROM sale_lines"), 3_000);
    assert_eq!(runs(&shop, "sales", 1_000), [("done".to_string(), 1_000)], "published in one transaction");
    shop.assert_healthy();
}

#[test]
fn a_barcode_taken_while_the_file_waits_to_be_published_stops_it_whole_naming_the_row() {
    let shop = Shop::new(2_000, 0);
    let mut csv = String::from("sku,name,price,barcode\n");
    // Small enough to be published at once; in parts, the first 100 would stay.
    for i in 0..250 {
        let barcode = if i == 200 { "8990000000013" } else { "" };
        csv.push_str(&format!("N{i:06},Barang N {i},1000,{barcode}\n"));
    }
    let file = shop.file("barcodes.csv", &csv);
    // Another warung gives the barcode to item S000001 and holds the write lock
    // while the import checks the file, which then waits for the lock.
    let other = rusqlite::Connection::open(&shop.db).unwrap();
    other
        .execute_batch(
            "BEGIN IMMEDIATE;
             INSERT INTO item_barcodes (code, item_id) SELECT '8990000000013', id FROM items WHERE sku = 'S000001';",
        )
        .unwrap();
    let import = shop.spawn_import("items", &file);
    std::thread::sleep(Duration::from_secs(2));
    other.execute_batch("COMMIT").unwrap();
    let output = import.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("row 202, column barcode: 8990000000013 already belongs to S000001 Barang S 1"),
        "{stderr}"
    );
    assert!(stderr.contains("was not imported, nothing was changed"), "{stderr}");
    assert_eq!(shop.count("SELECT COUNT(*) FROM items WHERE sku LIKE 'N%'"), 0);
    assert!(runs(&shop, "items", 250).is_empty());
    shop.assert_healthy();
}

#[test]
fn an_unfinished_run_can_be_given_up() {
    let shop = Shop::new(0, 0);
    warung(&shop.db)
        .args(["import", "--abandon", "7"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("no unfinished import has number 7; `warung doctor` lists"));
    warung(&shop.db)
        .args(["--lang", "id", "import", "--abandon", "7"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("tidak ada impor belum selesai bernomor 7"));
    // A run left unfinished (as a killed import of a big file leaves it).
    rusqlite::Connection::open(&shop.db)
        .unwrap()
        .execute_batch(
            "INSERT INTO import_runs (id, kind, fingerprint, source, flags, state, units_done, units_total, started_at, updated_at)
             VALUES (7, 'sales', 'abc', 'h.csv', '--affect-stock', 'publishing', 10, 40, 0, 0)",
        )
        .unwrap();
    shop.assert_healthy_but_unfinished("sales", Path::new("h.csv --affect-stock"));
    warung(&shop.db)
        .args(["import", "--abandon", "7"])
        .assert()
        .success()
        .stderr(predicates::str::contains("run 7 given up: 10 of 40 sales kept"));
    shop.assert_healthy();
}
