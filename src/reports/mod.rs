//! Reports: each is defined once in [`catalog`] as typed columns plus a streaming
//! row source, and any writer (CSV, JSON, xlsx, an aligned table, a page for a
//! screen) can take its rows. Sources read the store row by row and hand each row
//! on at once, so memory stays flat however long a report is.
//!
//! ```text
//! store::reports (SQL, streamed)  →  source (figures, folding)  →  RowSink (writer)
//! ```
//!
//! The use case that checks permissions and picks the range is
//! `Shop::run_report` in `services::reports`.

mod audit;
pub mod catalog;
pub mod csv_safe;
mod debts;
pub mod engagement;
pub mod ledger;
pub mod member_days;
mod messages;
mod orders;
pub mod period;
mod points;
mod purchasing;
pub mod recommend;
mod sales;
mod segments;
pub(crate) mod stock;
pub mod value;
pub mod writers;

use std::ops::ControlFlow;

use jiff::tz::TimeZone;
use rusqlite::Connection;

pub use catalog::{REPORTS, ReportDef, find, title_of};
pub use period::{DateRange, GroupBy};
pub use value::{Column, ColumnType, LocalTime, Value};
pub use writers::{Format, Page, PageSink};

use crate::lang::Lang;
use crate::store::StoreError;

/// What a sink says after a row: go on, or stop (a page is full).
pub type Flow = ControlFlow<()>;

pub const CONTINUE: Flow = ControlFlow::Continue(());

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not write the report: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the spreadsheet: {0}")]
    Xlsx(String),
    #[error("{0}")]
    Invalid(ReportProblem),
}

/// What is wrong with a report request, or a figure a report cannot show.
#[derive(Debug, Clone, PartialEq, Eq, Default, strum::EnumIter)]
pub enum ReportProblem {
    #[default]
    QtyTotalTooLarge,
    MoneyTotalTooLarge(crate::domain::MoneyError),
    UnknownReport {
        name: String,
    },
    /// `flag` given to `report`, which does not take it; `takers` are the reports that do.
    OptionNotHere {
        flag: String,
        report: String,
        takers: String,
    },
    Backwards {
        from: String,
        to: String,
    },
    NoCategory {
        name: String,
    },
    NoItemWithSku {
        sku: String,
    },
    ReadFromHub,
    NotADate {
        text: String,
    },
    NotARealDate {
        text: String,
    },
}

impl ReportProblem {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        use ReportProblem::*;
        match (lang, self) {
            (Lang::En, QtyTotalTooLarge) => "a quantity total does not fit".into(),
            (Lang::Id, QtyTotalTooLarge) => "total jumlah barang terlalu besar".into(),
            (Lang::En, MoneyTotalTooLarge(e)) => {
                format!("a total does not fit ({e}); check the amounts with `warung doctor`")
            }
            (Lang::Id, MoneyTotalTooLarge(e)) => {
                format!("total terlalu besar ({}); periksa jumlahnya dengan `warung doctor`", e.text(lang))
            }
            (Lang::En, UnknownReport { name }) => format!("unknown report '{name}' (see `warung report --list`)"),
            (Lang::Id, UnknownReport { name }) => {
                format!("laporan '{name}' tidak dikenal (lihat `warung report --list`)")
            }
            (Lang::En, OptionNotHere { flag, report, takers }) => {
                format!("{flag} does not apply to {report} (only to {takers})")
            }
            (Lang::Id, OptionNotHere { flag, report, takers }) => {
                format!("{flag} tidak berlaku untuk {report} (hanya untuk {takers})")
            }
            (Lang::En, Backwards { from, to }) => format!("--from {from} is after --to {to}"),
            (Lang::Id, Backwards { from, to }) => format!("--from {from} sesudah --to {to}"),
            (Lang::En, NoCategory { name }) => format!("no category is called '{name}'"),
            (Lang::Id, NoCategory { name }) => format!("tidak ada kategori bernama '{name}'"),
            (Lang::En, NoItemWithSku { sku }) => format!("--item: there is no item with SKU '{sku}'"),
            (Lang::Id, NoItemWithSku { sku }) => format!("--item: tidak ada barang dengan SKU '{sku}'"),
            (Lang::En, ReadFromHub) => "this report is read from the hub: `warung hub report`".into(),
            (Lang::Id, ReadFromHub) => "laporan ini dibaca dari hub: `warung hub report`".into(),
            (Lang::En, NotADate { text }) => format!("'{text}' is not a date; write it as YYYY-MM-DD"),
            (Lang::Id, NotADate { text }) => format!("'{text}' bukan tanggal; tulis sebagai YYYY-MM-DD"),
            (Lang::En, NotARealDate { text }) => format!("'{text}' is not a real date"),
            (Lang::Id, NotARealDate { text }) => format!("'{text}' bukan tanggal yang ada"),
        }
    }
}

impl std::fmt::Display for ReportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// A total that does not fit: the report fails rather than show a saturated figure.
impl From<crate::domain::MoneyError> for ReportError {
    fn from(e: crate::domain::MoneyError) -> Self {
        ReportError::Invalid(ReportProblem::MoneyTotalTooLarge(e))
    }
}

impl From<rusqlite::Error> for ReportError {
    fn from(e: rusqlite::Error) -> Self {
        ReportError::Store(StoreError::Sqlite(e))
    }
}

impl From<rust_xlsxwriter::XlsxError> for ReportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::IoError(io) => ReportError::Io(io),
            other => ReportError::Xlsx(other.to_string()),
        }
    }
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// Where a report's rows go: a writer, or a page for a screen.
pub trait RowSink {
    /// Called once, before any row.
    fn begin(&mut self, report: &ReportDef) -> Result<()>;
    /// One row, a value per column in order. `Break` stops the report early.
    fn row(&mut self, row: &[Value<'_>]) -> Result<Flow>;
    /// Called once after the last row (also after an early stop).
    fn finish(&mut self) -> Result<()>;
}

impl<S: RowSink + ?Sized> RowSink for Box<S> {
    fn begin(&mut self, report: &ReportDef) -> Result<()> {
        (**self).begin(report)
    }
    fn row(&mut self, row: &[Value<'_>]) -> Result<Flow> {
        (**self).row(row)
    }
    fn finish(&mut self) -> Result<()> {
        (**self).finish()
    }
}

/// Which best-sellers come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    #[default]
    Qty,
    Revenue,
}

impl RankBy {
    pub fn code(self) -> &'static str {
        match self {
            RankBy::Qty => "qty",
            RankBy::Revenue => "revenue",
        }
    }
}

impl std::str::FromStr for RankBy {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "qty" => Ok(RankBy::Qty),
            "revenue" => Ok(RankBy::Revenue),
            _ => Err(format!("'{s}' is not a ranking (use qty or revenue)")),
        }
    }
}

/// Best-sellers shown when no `--limit` is given.
pub const DEFAULT_LIMIT: usize = 20;

/// Options some reports take; [`ReportDef::options`] says which.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub group_by: Option<GroupBy>,
    pub by: Option<RankBy>,
    pub limit: Option<usize>,
    pub category: Option<String>,
    /// audit: only this user's actions.
    pub user: Option<String>,
    /// audit: only this action, or actions under it (`sale` → `sale.void`, …).
    pub action: Option<String>,
    /// bought-together: pairs seen in fewer baskets are left out.
    pub min_pairs: Option<u64>,
    /// bought-together: only pairs starting from this SKU.
    pub item: Option<String>,
}

/// Everything a source needs: the connection, the shop's zone and the range.
pub struct Context<'c> {
    pub conn: &'c Connection,
    pub tz: TimeZone,
    pub range: DateRange,
    /// The range as instants: `start <= at < end`.
    pub start: i64,
    pub end: i64,
    pub options: &'c Options,
    /// Message costs and the attribution window (the shop's settings).
    pub costs: engagement::MessagingCosts,
    /// `recommend.refill_factor` (refill-due).
    pub refill_factor: crate::domain::recommend::RefillFactor,
}

impl<'c> Context<'c> {
    pub fn new(conn: &'c Connection, tz: TimeZone, range: DateRange, options: &'c Options) -> Context<'c> {
        let (start, end) = range.bounds_ms(&tz);
        Context { conn, tz, range, start, end, options, costs: Default::default(), refill_factor: Default::default() }
    }
}

/// The callback a source hands its rows to.
pub type Emit<'e> = dyn FnMut(&[Value<'_>]) -> Result<Flow> + 'e;

/// Run `report` into `sink`: begin, every row (until the sink stops), finish.
/// Returns the number of rows the sink took.
pub fn run(report: &ReportDef, ctx: &Context<'_>, sink: &mut dyn RowSink) -> Result<u64> {
    report.check_options(ctx.options).map_err(ReportError::Invalid)?;
    sink.begin(report)?;
    let mut rows = 0u64;
    let width = report.columns.len();
    (report.source)(ctx, &mut |row: &[Value<'_>]| {
        debug_assert_eq!(row.len(), width, "{}: row width", report.name);
        rows += 1;
        sink.row(row)
    })?;
    sink.finish()?;
    Ok(rows)
}
