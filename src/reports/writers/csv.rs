//! CSV: a header row, then one record per row. Text cells go through
//! [`crate::reports::csv_safe`]; numbers and dates are never altered.

use std::io::Write;

use super::{push_int, push_qty};
use crate::reports::csv_safe::neutralise;
use crate::reports::value::{push_iso_date, push_iso_datetime};
use crate::reports::{CONTINUE, Flow, ReportDef, Result, RowSink, Value};

pub struct CsvSink<W: Write> {
    out: csv::Writer<W>,
    cell: String,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> CsvSink<W> {
        CsvSink { out: csv::WriterBuilder::new().buffer_capacity(64 * 1024).from_writer(out), cell: String::new() }
    }
}

fn csv_error(e: csv::Error) -> crate::reports::ReportError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => std::io::Error::other(format!("{other:?}")).into(),
    }
}

impl<W: Write> RowSink for CsvSink<W> {
    fn begin(&mut self, report: &ReportDef) -> Result<()> {
        self.out.write_record(report.columns.iter().map(|c| c.name)).map_err(csv_error)
    }

    fn row(&mut self, row: &[Value<'_>]) -> Result<Flow> {
        for value in row {
            let cell = &mut self.cell;
            cell.clear();
            match value {
                Value::Null => {}
                Value::Text(text) => cell.push_str(&neutralise(text)),
                Value::Int(n) => push_int(cell, *n),
                Value::Money(m) => push_int(cell, m.rupiah()),
                Value::Qty(q) => push_qty(cell, *q),
                Value::Date(d) => push_iso_date(cell, *d),
                Value::DateTime(t) => push_iso_datetime(cell, t),
                Value::Bool(b) => cell.push_str(if *b { "yes" } else { "no" }),
            }
            self.out.write_field(cell.as_bytes()).map_err(csv_error)?;
        }
        self.out.write_record(None::<&[u8]>).map_err(csv_error)?;
        Ok(CONTINUE)
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
