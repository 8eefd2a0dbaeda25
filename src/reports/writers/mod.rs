//! Writers turn rows into a format; [`PageSink`] keeps one page of rows for a screen.
//!
//! | type | csv / table | json | xlsx |
//! |---|---|---|---|
//! | text | as is (csv: formula-safe) | string | string |
//! | int, money | `12500` (table: `12.500`) | number | number |
//! | qty | `1.5` | number | number |
//! | date | `2026-11-23` | string | date |
//! | datetime | `2026-11-23 14:05:09` (shop-local) | `"2026-11-23T14:05:09+07:00"` | date and time |
//! | code | as is (table: its word in the reader's language) | string | string |
//! | bool | `yes` / `no` (table: `ya` / `tidak` in Indonesian) | true / false | TRUE / FALSE |
//! | empty | empty | null | empty |

mod csv;
mod json;
mod page;
mod table;
mod xlsx;

use std::io::Write;
use std::str::FromStr;

pub use self::csv::CsvSink;
pub use self::json::JsonSink;
pub use self::page::{Page, PageSink};
pub use self::table::{TableSink, shown};
pub use self::xlsx::XlsxSink;
use super::RowSink;
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Csv,
    Json,
    Xlsx,
    Table,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Csv, Format::Json, Format::Xlsx, Format::Table];

    pub fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Table => "table",
        }
    }

    /// A sink writing this format to `out`; a table speaks `lang` (headers, codes,
    /// yes/no), the machine formats keep the column names and codes.
    pub fn sink<'w, W: Write + 'w>(self, out: W, lang: Lang) -> Box<dyn RowSink + 'w> {
        match self {
            Format::Csv => Box::new(CsvSink::new(out)),
            Format::Json => Box::new(JsonSink::new(out)),
            Format::Xlsx => Box::new(XlsxSink::new(out)),
            Format::Table => Box::new(TableSink::new(out, lang)),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("'{s}' is not a format (use csv, json, xlsx or table)"))
    }
}

/// Append `n` in decimal without allocating.
pub(crate) fn push_int(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Append a quantity as a plain decimal (`1.5`, `-0.25`, `24`), as `Qty::decimal` does.
pub(crate) fn push_qty(out: &mut String, q: crate::domain::Qty) {
    let t = q.thousandths();
    if t < 0 {
        out.push('-');
    }
    let abs = t.unsigned_abs();
    out.push_str(itoa::Buffer::new().format(abs / 1000));
    let frac = abs % 1000;
    if frac != 0 {
        out.push('.');
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        // Trailing zeros are dropped: 1.5, not 1.500.
        let shown = 3 - usize::from(digits[2] == 0) - usize::from(digits[2] == 0 && digits[1] == 0);
        for digit in &digits[..shown] {
            out.push(char::from(b'0' + *digit as u8));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Qty;

    #[test]
    fn quantities_print_like_qty_decimal() {
        for t in [0, 1, 10, 100, 250, 1500, 1230, 24_000, -1005, -250, -7, 999_999_999, i64::MIN, i64::MAX] {
            let mut out = String::new();
            push_qty(&mut out, Qty::from_thousandths(t));
            assert_eq!(out, Qty::from_thousandths(t).decimal(), "{t}");
        }
        assert_eq!("XLSX".parse::<Format>(), Ok(Format::Xlsx));
        assert!("pdf".parse::<Format>().unwrap_err().contains("csv, json, xlsx or table"));
    }
}
