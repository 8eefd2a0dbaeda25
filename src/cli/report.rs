//! `warung report NAME` and `warung report --list`. Rows go to standard output or
//! `--output` (written to a temporary file and renamed, so a failure leaves no
//! partial file); a progress line shows on standard error only when it is a
//! terminal and the report runs long.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::date_flag;
use super::setup::open_existing;
use crate::files::write_atomically;
use crate::lang::Lang;
use crate::reports::{Flow, Format, GroupBy, Options, RankBy, ReportDef, RowSink, Value};
use crate::services::reports::ReportRequest;
use crate::services::{Actor, Shop};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report (see --list)
    #[arg(required_unless_present = "list", value_name = "NAME")]
    pub name: Option<String>,
    /// List the reports, one line each
    #[arg(long, conflicts_with = "name")]
    pub list: bool,
    /// First day, YYYY-MM-DD in the shop's time zone [default: 29 days before --to]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive [default: today]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The day a stock-taking report (refill-due, stock-levels, …) is as of: the same as --to
    #[arg(long, value_name = "DATE", conflicts_with = "to")]
    pub as_of: Option<String>,
    /// csv, json and xlsx keep codes and plain numbers for other programs; table is for
    /// reading, in the user's language
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Csv)]
    pub format: ReportFormatArg,
    /// Write here instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
    /// sales-summary: one row per day, week or month [default: day]
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub group_by: Option<GroupByArg>,
    /// best-sellers: rank by quantity or revenue [default: qty]
    #[arg(long, value_enum)]
    pub by: Option<RankByArg>,
    /// best-sellers, bought-together: how many [best-sellers default: 20]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// best-sellers: only items of this category
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
    /// audit: only this user's actions
    #[arg(long, value_name = "USERNAME")]
    pub user: Option<String>,
    /// audit: only this action or the actions under it (`sale` covers `sale.void`, …)
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
    /// bought-together: leave out pairs seen in fewer sales than this [default: 5]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub min_pairs: Option<u64>,
    /// bought-together: only pairs starting from this item
    #[arg(long, value_name = "SKU")]
    pub item: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormatArg {
    Csv,
    Json,
    Xlsx,
    Table,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GroupByArg {
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RankByArg {
    Qty,
    Revenue,
}

impl ReportFormatArg {
    pub fn format(self) -> Format {
        match self {
            ReportFormatArg::Csv => Format::Csv,
            ReportFormatArg::Json => Format::Json,
            ReportFormatArg::Xlsx => Format::Xlsx,
            ReportFormatArg::Table => Format::Table,
        }
    }
}

impl ReportArgs {
    fn format(&self) -> Format {
        self.format.format()
    }

    fn request(&self, name: &str) -> anyhow::Result<ReportRequest> {
        let date = |flag: &str, text: &Option<String>| text.as_deref().map(|t| date_flag(flag, t)).transpose();
        Ok(ReportRequest {
            name: name.to_string(),
            from: date("--from", &self.from)?,
            to: match &self.as_of {
                Some(_) => date("--as-of", &self.as_of)?,
                None => date("--to", &self.to)?,
            },
            options: Options {
                group_by: self.group_by.map(|g| match g {
                    GroupByArg::Day => GroupBy::Day,
                    GroupByArg::Week => GroupBy::Week,
                    GroupByArg::Month => GroupBy::Month,
                }),
                by: self.by.map(|b| match b {
                    RankByArg::Qty => RankBy::Qty,
                    RankByArg::Revenue => RankBy::Revenue,
                }),
                limit: self.limit.map(|n| n as usize),
                category: self.category.clone(),
                user: self.user.clone(),
                action: self.action.clone(),
                min_pairs: self.min_pairs,
                item: self.item.clone(),
            },
        })
    }
}

pub fn run(db: &Path, args: &ReportArgs, lang: Lang) -> anyhow::Result<()> {
    let shop = open_existing(db, lang)?;
    let Some(name) = args.name.as_deref().filter(|_| !args.list) else {
        return list(&shop, lang);
    };
    let request = args.request(name)?;
    let actor = Actor::command_line();
    // Refuse a bad request before any output file is made.
    shop.plan_report(&actor, &request)?;
    if let Some(path) = &args.output {
        crate::files::check_replace(path, args.force)?;
    }
    let format = args.format();
    match &args.output {
        None => {
            let mut sink = Progress::new(format.sink(super::terminal::stdout(), lang));
            shop.run_report(&actor, &request, &mut sink)?;
        }
        Some(path) => write_atomically(path, args.force, |out| {
            let mut sink = Progress::new(format.sink(out, lang));
            let rows = shop.run_report(&actor, &request, &mut sink)?;
            Ok(rows as usize)
        })
        .map(drop)
        .with_context(|| format!("{} {}", path.display(), lang.pick("was not written", "tidak ditulis")))?,
    }
    Ok(())
}

fn list(shop: &Shop, lang: Lang) -> anyhow::Result<()> {
    let reports = shop.report_list();
    let width = reports.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for report in reports {
        writeln!(out, "{:width$}  {}", report.name, report.description(lang))?;
    }
    out.flush()?;
    Ok(())
}

/// After this long a report counts as long and shows its progress.
const PATIENCE: Duration = Duration::from_secs(1);

/// Passes rows on to a writer, and once the report has run for a while on a
/// terminal, shows how many rows were written on standard error.
struct Progress<S: RowSink> {
    inner: S,
    started: Instant,
    rows: u64,
    bar: Option<ProgressBar>,
    terminal: bool,
}

impl<S: RowSink> Progress<S> {
    fn new(inner: S) -> Progress<S> {
        Progress { inner, started: Instant::now(), rows: 0, bar: None, terminal: std::io::stderr().is_terminal() }
    }
}

impl<S: RowSink> RowSink for Progress<S> {
    fn begin(&mut self, report: &ReportDef) -> crate::reports::Result<()> {
        self.inner.begin(report)
    }

    fn row(&mut self, row: &[Value<'_>]) -> crate::reports::Result<Flow> {
        self.rows += 1;
        if self.terminal && self.rows.is_multiple_of(4096) {
            if self.bar.is_none() && self.started.elapsed() >= PATIENCE {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
                    .with_elapsed(self.started.elapsed())
                    .with_style(
                        ProgressStyle::with_template("{spinner} {human_pos} rows written ({elapsed})")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                self.bar = Some(bar);
            }
            if let Some(bar) = &self.bar {
                bar.set_position(self.rows);
            }
        }
        self.inner.row(row)
    }

    fn finish(&mut self) -> crate::reports::Result<()> {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.inner.finish()
    }
}

impl<S: RowSink> Drop for Progress<S> {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
