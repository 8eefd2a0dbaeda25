//! Purchasing from the command line: the demo shop's payables, purchases and
//! suggested reorder list as reports.

mod common;

use common::warung;

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn demo_purchases_payables_and_reorder_list_export_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    warung(&db).args(["init", "--demo"]).assert().success();
    warung(&db).arg("doctor").assert().success();

    let reorder = stdout_of(warung(&db).args(["report", "reorder"]));
    let mut reader = csv::Reader::from_reader(reorder.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header.join(","), "supplier,sku,item,on_hand,reorder_level,suggested_qty,last_cost");
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        let (on_hand, level, suggested): (f64, f64, f64) =
            (row[3].parse().unwrap(), row[4].parse().unwrap(), row[5].parse().unwrap());
        assert!(on_hand <= level && suggested == (level - on_hand).max(1.0), "{row:?}");
    }
    // Grouped by supplier: each supplier's rows are together.
    let suppliers: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let mut seen: Vec<&str> = suppliers.clone();
    seen.dedup();
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(seen.len(), unique.len(), "{suppliers:?}");

    let payables = stdout_of(warung(&db).args(["report", "payables"]));
    assert!(payables.starts_with("code,name,invoice,date,due_date,amount,paid,balance,days_overdue,bucket\n"));
    assert!(payables.lines().count() > 5, "{payables}");
    let summary =
        stdout_of(warung(&db).args(["report", "purchase-summary", "--group-by", "month", "--format", "json"]));
    let months: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert!(months.as_array().unwrap().iter().any(|m| m["purchases"].as_i64().unwrap() > 0), "{summary}");
}
