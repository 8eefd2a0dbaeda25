//! Report budget (DESIGN.md): `warung report sales-lines` as CSV over the scale
//! shop's 1M sale lines takes at most 1.5 × what `sqlite3 -csv` takes to produce
//! the same rows (benches/sql/report_sales_lines.sql).
//!
//! ```text
//! cargo run --release --example scale_shop -- /tmp/scale.db --today 2026-11-23
//! WARUNG_BENCH_DB=/tmp/scale.db cargo bench --bench reports
//! ```
//!
//! Both sides are whole processes writing to /dev/null. Before timing, each writes
//! the report once and the two CSVs are compared row by row (sqlite3 quotes more and
//! ends lines with CRLF, so the parsed rows are compared), and sqlite3 is timed once
//! running the report's plain query (no formatting, no discount shares) for reference.
//! Needs `sqlite3` on the PATH (`apt-get install sqlite3`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

const FROM: &str = "1970-01-02";
const TO: &str = "2099-12-31";
/// The same days as epoch milliseconds (the scale shop is in Asia/Jakarta, UTC+7).
const FROM_MS: &str = "0";
const TO_MS: &str = "4102444800000";

fn database() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var("WARUNG_BENCH_DB").unwrap_or_else(|_| "/tmp/scale.db".into()));
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "{} is missing; build it with `cargo run --release --example scale_shop -- {} --today 2026-11-23`",
            path.display(),
            path.display()
        );
        None
    }
}

fn warung(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_warung"));
    cmd.arg("--db").arg(db).args(["report", "sales-lines", "--from", FROM, "--to", TO]);
    cmd
}

fn same_rows_sql() -> String {
    include_str!("sql/report_sales_lines.sql").replace(":from", FROM_MS).replace(":to", TO_MS)
}

/// SQL for sqlite3, kept in a file fed to its standard input (an argument that starts
/// with `--` would be taken for an option).
struct Script(tempfile::NamedTempFile);

impl Script {
    fn new(sql: &str) -> Script {
        let mut file = tempfile::NamedTempFile::new().expect("temporary file");
        std::io::Write::write_all(&mut file, sql.as_bytes()).expect("write the SQL");
        Script(file)
    }
}

fn sqlite3(db: &Path, script: &Script) -> Command {
    let mut cmd = Command::new("sqlite3");
    cmd.args(["-readonly", "-csv", "-header"]).arg(db);
    cmd.stdin(std::fs::File::open(script.0.path()).expect("open the SQL"));
    cmd
}

/// Run to /dev/null, failing loudly.
fn run_quietly(cmd: &mut Command) {
    let status = cmd.stdout(Stdio::null()).status().expect("run");
    assert!(status.success(), "{cmd:?} failed");
}

fn rows(cmd: &mut Command) -> Vec<csv::StringRecord> {
    let output = cmd.stderr(Stdio::inherit()).output().expect("run");
    assert!(output.status.success(), "{cmd:?} failed");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(output.stdout.as_slice())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn check_same_rows(db: &Path) {
    let ours = rows(&mut warung(db));
    let theirs = rows(&mut sqlite3(db, &Script::new(&same_rows_sql())));
    assert_eq!(ours.len(), theirs.len(), "row counts");
    if let Some(i) = (0..ours.len()).find(|&i| ours[i] != theirs[i]) {
        panic!("row {i} differs:\n warung:  {:?}\n sqlite3: {:?}", ours[i], theirs[i]);
    }
    eprintln!("sales-lines: {} rows, identical from warung and sqlite3", ours.len() - 1);
}

/// The report's plain query, as the store runs it, for reference.
fn time_plain_query(db: &Path) {
    let sql = warung::store::reports::LEDGER_LINES.replace("?1", FROM_MS).replace("?2", TO_MS);
    let script = Script::new(&format!("{sql};"));
    let started = Instant::now();
    run_quietly(&mut sqlite3(db, &script));
    eprintln!("sqlite3 -csv, plain query (no formatting): {:.2} s", started.elapsed().as_secs_f64());
}

fn sales_lines_csv(c: &mut Criterion) {
    let Some(db) = database() else { return };
    let have_sqlite3 =
        Command::new("sqlite3").arg("-version").stdout(Stdio::null()).status().is_ok_and(|s| s.success());
    if have_sqlite3 {
        check_same_rows(&db);
        time_plain_query(&db);
    } else {
        eprintln!("sqlite3 is not installed: timing warung alone");
    }
    let mut group = c.benchmark_group("report_sales_lines_csv_1m");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("warung", |b| b.iter(|| run_quietly(&mut warung(&db))));
    if have_sqlite3 {
        let script = Script::new(&same_rows_sql());
        group.bench_function("sqlite3_same_rows", |b| b.iter(|| run_quietly(&mut sqlite3(&db, &script))));
    }
    group.finish();
}

criterion_group!(benches, sales_lines_csv);
criterion_main!(benches);
