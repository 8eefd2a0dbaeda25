//! Build the scale shop that DESIGN.md's performance budgets are measured on:
//! 100k items, 20k customers, 200k sales with 1M sale lines and their stock moves,
//! one owner (`owner` / `owner123`).
//!
//! ```text
//! cargo run --release --example scale_shop -- PATH [--today YYYY-MM-DD]
//! ```
//!
//! The data comes from a fixed seed, so the same "today" always gives the same shop.
//! Without `--today` it is the real today; with it, the clock reads noon of that day
//! in Jakarta. PATH must not exist yet. Progress and timing go to stderr.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use warung::clock::{Clock, FixedClock, SystemClock};
use warung::services::Shop;
use warung::services::demo::ScaleSpec;

const USAGE: &str = "usage: scale_shop PATH [--today YYYY-MM-DD]";

fn main() -> anyhow::Result<()> {
    let (path, clock) = parse_args()?;
    if path.exists() {
        bail!("{} already exists; give the path of a new file", path.display());
    }
    let started = Instant::now();
    let elapsed = || started.elapsed().as_secs_f64();
    let mut shop = Shop::open(&path, clock)?;
    let spec = ScaleSpec::default();
    let totals = shop.build_scale(&spec, &mut |stage| eprintln!("[{:6.1}s] {stage}", elapsed()))?;
    drop(shop);
    let megabytes = std::fs::metadata(&path)?.len() as f64 / 1_048_576.0;
    eprintln!(
        "[{:6.1}s] done: {} items, {} customers, {} sales, {} lines; {} is {megabytes:.0} MB",
        elapsed(),
        spec.items,
        spec.customers,
        totals.sales,
        totals.lines,
        path.display()
    );
    Ok(())
}

fn parse_args() -> anyhow::Result<(PathBuf, Arc<dyn Clock>)> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [path] => Ok((PathBuf::from(path), Arc::new(SystemClock))),
        [path, flag, date] if flag == "--today" => {
            let date = date.parse().with_context(|| format!("--today {date}: expected YYYY-MM-DD"))?;
            Ok((PathBuf::from(path), Arc::new(FixedClock::jakarta_noon(date))))
        }
        _ => bail!(USAGE),
    }
}
