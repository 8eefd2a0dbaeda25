//! Build the scale shop that DESIGN.md's performance budgets are measured on:
//! 100k items, 20k customers, 200k sales with 1M sale lines and their stock moves,
//! one owner (`owner` / `owner123`).
//!
//! ```text
//! cargo run --release --example scale_shop -- PATH [--today YYYY-MM-DD] [--lines N]
//! ```
//!
//! The data comes from a fixed seed, so the same "today" always gives the same shop.
//! Without `--today` it is the real today; with it, the clock reads noon of that day
//! in Jakarta. `--lines` makes a smaller or bigger year (default 1,000,000 lines, a
//! fifth as many sales; the same items and customers), to see how costs grow. PATH
//! must not exist yet. Progress and timing go to stderr.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use warung::clock::{Clock, FixedClock, SystemClock};
use warung::services::Shop;
use warung::services::demo::ScaleSpec;

const USAGE: &str = "usage: scale_shop PATH [--today YYYY-MM-DD] [--lines N]";

fn main() -> anyhow::Result<()> {
    let (path, clock, lines) = parse_args()?;
    if path.exists() {
        bail!("{} already exists; give the path of a new file", path.display());
    }
    let started = Instant::now();
    let elapsed = || started.elapsed().as_secs_f64();
    let mut shop = Shop::open(&path, clock)?;
    let default = ScaleSpec::default();
    let lines = lines.unwrap_or(default.lines);
    let spec = ScaleSpec { lines, sales: lines / 5, ..default };
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

fn parse_args() -> anyhow::Result<(PathBuf, Arc<dyn Clock>, Option<u64>)> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().context(USAGE)?);
    let (mut clock, mut lines): (Arc<dyn Clock>, _) = (Arc::new(SystemClock), None);
    while let Some(flag) = args.next() {
        let value = args.next().context(USAGE)?;
        match flag.as_str() {
            "--today" => {
                let date = value.parse().with_context(|| format!("--today {value}: expected YYYY-MM-DD"))?;
                clock = Arc::new(FixedClock::jakarta_noon(date));
            }
            "--lines" => lines = Some(value.parse().with_context(|| format!("--lines {value}: expected a number"))?),
            _ => bail!(USAGE),
        }
    }
    Ok((path, clock, lines))
}
