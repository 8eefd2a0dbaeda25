//! Customer analytics through the real binary: import a sales history, segment it,
//! export the segments cell by cell.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::warung;
use predicates::prelude::*;

struct Shop {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// Three items and a first quarter of history: Bu Sri buys three times (last on
/// 28 March), Ani twice (last 15 March), Pak Budi once in January, and a walk-in.
fn shop_with_history() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    warung(&db).args(["init", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
    let items = write(dir.path(), "items.csv", "sku,name,price\nA,Air,1000\nB,Beras,5000\nC,Cat,20000\n");
    warung(&db).args(["import", "items"]).arg(&items).assert().success();
    let history = write(
        dir.path(),
        "sales.csv",
        "\
invoice,date,sku,qty,price,customer_code,customer_phone,customer_name,payment
H-1,2026-01-05 10:00,A,1,1000,C002,,Pak Budi,cash
H-2,2026-01-10,A,2,1000,C001,0812-1111-2222,Bu Sri,cash
H-3,2026-02-20,B,1,5000,C001,0812-1111-2222,Bu Sri,qris
H-4,2026-03-01,B,2,5000,C003,,Ani,cash
H-5,2026-03-15,A,1,1000,C003,,Ani,credit
H-6,2026-03-20,C,1,20000,,,,cash
H-7,2026-03-28 19:30,C,1,20000,C001,,,cash
",
    );
    warung(&db)
        .args(["import", "sales"])
        .arg(&history)
        .assert()
        .success()
        .stderr(predicate::str::contains("7 rows: 7 sales, 3 new customers, 1 receivable"));
    Shop { _dir: dir, db }
}

#[test]
fn import_segment_and_export_cell_by_cell() {
    let shop = shop_with_history();
    let summary = stdout_of(warung(&shop.db).args(["segment", "--as-of", "2026-03-31"]));
    assert!(summary.starts_with("Segmented 3 customers as of 2026-03-31 into k = 3 clusters (run 1)."), "{summary}");
    assert!(summary.contains("0       Regulars               1"), "{summary}");
    // In Indonesian: the segments' Indonesian names, decimal commas, money grouped with dots.
    let ringkasan = stdout_of(warung(&shop.db).args(["--lang", "id", "segment", "--as-of", "2026-03-31"]));
    assert!(ringkasan.contains("0       Langganan              1"), "{ringkasan}");
    assert!(ringkasan.contains("3,0      3,00       27.000    69,2%"), "{ringkasan}");
    assert!(!ringkasan.contains("Regulars") && !ringkasan.contains(".0%"), "{ringkasan}");
    let csv = stdout_of(warung(&shop.db).args(["report", "segments", "--to", "2026-03-31"]));
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows,
        [
            "code,name,phone,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_segment,cluster,cluster_label,as_of",
            "C001,Bu Sri,6281211112222,3,3,27000,4,4,4,Loyal,0,Regulars,2026-03-31",
            "C002,Pak Budi,,85,1,1000,1,1,1,Lost,2,Gone,2026-03-31",
            "C003,Ani,,16,2,11000,2,2,2,Hibernating,1,Drifting,2026-03-31",
        ]
        .map(|l| l.split(',').collect::<Vec<_>>())
    );
    // Before any run as of that day, the report is only its header.
    let before = stdout_of(warung(&shop.db).args(["report", "segments", "--to", "2026-03-30"]));
    assert_eq!(before.lines().count(), 1);
    // The same history gives the same clusters; auto shows the silhouette and elbow.
    let auto = stdout_of(warung(&shop.db).args(["segment", "--as-of", "2026-03-31", "--k", "auto"]));
    assert!(auto.contains("best silhouette: k = ") && auto.contains("elbow: k = "), "{auto}");
    warung(&shop.db).args(["segment", "--k", "x"]).assert().failure().stderr(predicate::str::contains("--k:"));
}

#[test]
fn a_bad_history_file_lists_every_problem_and_imports_nothing() {
    let shop = shop_with_history();
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.csv",
        "invoice,date,sku,qty,price,payment\nH-1,2026-04-01,A,1,1000,cash\nH-9,01/04/2026,Z,1,1000,cash\nH-10,2026-04-01,A,-1,1000,credit\n",
    );
    warung(&shop.db)
        .args(["import", "sales"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("nothing was changed"))
        .stderr(predicate::str::contains("row 2, column invoice: H-1 is already a sale in this shop"))
        .stderr(predicate::str::contains("row 3, column date: '01/04/2026' is not a date"))
        .stderr(predicate::str::contains("row 3, column sku: no item has SKU Z"))
        .stderr(predicate::str::contains("row 4, column qty: must be more than 0"))
        .stderr(predicate::str::contains("row 4, column payment: a sale on credit needs a customer"));
    let lines =
        stdout_of(warung(&shop.db).args(["report", "sales-lines", "--from", "2026-01-01", "--to", "2026-12-31"]));
    assert_eq!(lines.lines().count(), 8, "header + the 7 lines of the first import");
    warung(&shop.db)
        .args(["import", "items", "--affect-stock"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("only to `warung import sales`"));
}

#[test]
fn retention_peak_times_and_health_reports() {
    let shop = shop_with_history();
    let q1 = ["--from", "2026-01-01", "--to", "2026-03-31"];
    let retention = stdout_of(warung(&shop.db).args(["report", "retention"]).args(q1));
    // January: Budi and Bu Sri (Sri came back in February and March); March: Ani.
    assert_eq!(
        retention.lines().collect::<Vec<_>>(),
        [
            "cohort,months_since,customers,active,active_pct",
            "2026-01-01,0,2,2,100",
            "2026-01-01,1,2,1,50",
            "2026-01-01,2,2,1,50",
            "2026-03-01,0,1,1,100",
        ]
    );
    let monthly = stdout_of(warung(&shop.db).args(["report", "customer-health"]).args(q1));
    let march: Vec<&str> = monthly.lines().nth(3).unwrap().split(',').collect();
    // March: Ani (new) and Bu Sri (returning); four sales with the walk-in; revenue 10.000 + 1.000 + 20.000 + 20.000.
    assert_eq!(march, ["2026-03-01", "2", "1", "1", "50", "4", "51000", "0", "0", "0", "0", "0"]);
    let peak = stdout_of(warung(&shop.db).args(["report", "peak-times"]).args(q1));
    assert_eq!(peak.lines().count(), 1 + 7 * 24);
    // H-7 was on Saturday 28 March at 19:30.
    assert!(peak.lines().any(|l| l == "6,Saturday,19,1,20000"), "{peak}");
    let health = stdout_of(warung(&shop.db).args(["report", "health", "--from", "2026-03-01", "--to", "2026-03-31"]));
    let after: Vec<&str> = health.lines().nth(2).unwrap().split(',').collect();
    // Before (30 Jan – 28 Feb) only Bu Sri bought; she came back in March.
    assert_eq!(&after[..8], ["after", "2026-03-01", "2026-03-31", "1", "1", "100", "2", "51000"]);
    let campaigns = stdout_of(warung(&shop.db).args(["report", "campaigns"]).args(q1));
    assert_eq!(campaigns.lines().count(), 1, "no campaign was sent");
}
