//! JSON: one array of objects, one object per row, written as rows come (never
//! held in memory). Values keep their types: numbers are numbers, dates strings.

use std::io::Write;

use super::{push_int, push_qty};
use crate::reports::value::{iso_date, rfc3339};
use crate::reports::{CONTINUE, Flow, ReportDef, Result, RowSink, Value};

pub struct JsonSink<W: Write> {
    out: std::io::BufWriter<W>,
    /// Column names, already JSON-quoted, each followed by `:`.
    keys: Vec<String>,
    rows: u64,
    cell: String,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W) -> JsonSink<W> {
        JsonSink {
            out: std::io::BufWriter::with_capacity(64 * 1024, out),
            keys: Vec::new(),
            rows: 0,
            cell: String::new(),
        }
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

impl<W: Write> RowSink for JsonSink<W> {
    fn begin(&mut self, report: &ReportDef) -> Result<()> {
        self.keys = report.columns.iter().map(|c| format!("{}:", quoted(c.name))).collect();
        self.out.write_all(b"[")?;
        Ok(())
    }

    fn row(&mut self, row: &[Value<'_>]) -> Result<Flow> {
        let cell = &mut self.cell;
        cell.clear();
        cell.push_str(if self.rows == 0 { "\n{" } else { ",\n{" });
        for (i, (key, value)) in self.keys.iter().zip(row).enumerate() {
            if i > 0 {
                cell.push(',');
            }
            cell.push_str(key);
            match value {
                Value::Null => cell.push_str("null"),
                Value::Text(text) => cell.push_str(&quoted(text)),
                Value::Int(n) => push_int(cell, *n),
                Value::Money(m) => push_int(cell, m.rupiah()),
                Value::Qty(q) => push_qty(cell, *q),
                Value::Date(d) => cell.push_str(&quoted(&iso_date(*d))),
                Value::DateTime(t) => cell.push_str(&quoted(&rfc3339(t))),
                Value::Bool(b) => cell.push_str(if *b { "true" } else { "false" }),
            }
        }
        cell.push('}');
        self.out.write_all(cell.as_bytes())?;
        self.rows += 1;
        Ok(CONTINUE)
    }

    fn finish(&mut self) -> Result<()> {
        self.out.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        self.out.flush()?;
        Ok(())
    }
}
