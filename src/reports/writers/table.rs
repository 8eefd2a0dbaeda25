//! An aligned table for people, in their language: numbers right-aligned, money
//! grouped (`12.500`), headers and codes in words.
//! Column widths come from the header and the first rows (held back until then);
//! later rows use those widths, and a longer cell just pushes its line wider.

use std::borrow::Cow;
use std::io::Write;

use crate::lang::Lang;
use crate::reports::value::{iso_date, iso_datetime};
use crate::reports::{CONTINUE, ColumnType, Flow, ReportDef, Result, RowSink, Value};

/// Rows held back to size the columns.
const SIZING_ROWS: usize = 200;

pub struct TableSink<W: Write> {
    out: std::io::BufWriter<W>,
    lang: Lang,
    types: Vec<ColumnType>,
    header: Vec<String>,
    right: Vec<bool>,
    widths: Vec<usize>,
    held: Vec<Vec<String>>,
    sized: bool,
    line: String,
}

impl<W: Write> TableSink<W> {
    /// A table in `lang`: its headers, codes and yes/no in the reader's language.
    pub fn new(out: W, lang: Lang) -> TableSink<W> {
        TableSink {
            out: std::io::BufWriter::new(out),
            lang,
            types: Vec::new(),
            header: Vec::new(),
            right: Vec::new(),
            widths: Vec::new(),
            held: Vec::new(),
            sized: false,
            line: String::new(),
        }
    }

    fn write_line(&mut self, cells: &[String]) -> Result<()> {
        let line = &mut self.line;
        line.clear();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = self.widths[i].saturating_sub(cell.chars().count());
            let (before, after) = if self.right[i] { (pad, 0) } else { (0, pad) };
            line.extend(std::iter::repeat_n(' ', before));
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', after));
        }
        let trimmed = line.trim_end();
        self.out.write_all(trimmed.as_bytes())?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    /// Fix the widths and write the header, the rule and the rows held so far.
    fn size_and_flush(&mut self) -> Result<()> {
        self.sized = true;
        for row in self.held.iter().chain(std::iter::once(&self.header)) {
            for (width, cell) in self.widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let header = std::mem::take(&mut self.header);
        self.write_line(&header)?;
        let rule: Vec<String> = self.widths.iter().map(|w| "-".repeat(*w)).collect();
        self.write_line(&rule)?;
        for row in std::mem::take(&mut self.held) {
            self.write_line(&row)?;
        }
        Ok(())
    }
}

/// How a value of a column of type `ty` reads in a terminal, in `lang`: codes as
/// their words, booleans as yes / ya. Control characters become spaces so a name can
/// never move the cursor or change colours. The Reports screen shows the same.
pub fn shown(value: &Value<'_>, ty: ColumnType, lang: Lang) -> String {
    match value {
        Value::Null => String::new(),
        Value::Text(text) => {
            let text = match ty {
                ColumnType::Code(vocabulary) => vocabulary.word(text, lang),
                _ => Cow::Borrowed(&**text),
            };
            text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
        }
        Value::Int(n) => n.to_string(),
        Value::Money(m) => m.grouped(),
        Value::Qty(q) => q.text_in(lang),
        Value::Date(d) => iso_date(*d),
        Value::DateTime(t) => iso_datetime(t),
        Value::Bool(b) => (if *b { lang.pick("yes", "ya") } else { lang.pick("no", "tidak") }).to_string(),
    }
}

impl<W: Write> RowSink for TableSink<W> {
    fn begin(&mut self, report: &ReportDef) -> Result<()> {
        self.header = report.columns.iter().map(|c| self.lang.pick(c.name, c.header_id).to_string()).collect();
        self.types = report.columns.iter().map(|c| c.ty).collect();
        self.right = report.columns.iter().map(|c| c.ty.is_numeric()).collect();
        self.widths = vec![0; report.columns.len()];
        Ok(())
    }

    fn row(&mut self, row: &[Value<'_>]) -> Result<Flow> {
        let cells: Vec<String> = row.iter().zip(&self.types).map(|(v, ty)| shown(v, *ty, self.lang)).collect();
        if self.sized {
            self.write_line(&cells)?;
        } else {
            self.held.push(cells);
            if self.held.len() == SIZING_ROWS {
                self.size_and_flush()?;
            }
        }
        Ok(CONTINUE)
    }

    fn finish(&mut self) -> Result<()> {
        if !self.sized {
            self.size_and_flush()?;
        }
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Qty;

    #[test]
    fn quantities_read_with_the_decimal_mark_of_the_users_language() {
        let half = Value::Qty(Qty::from_thousandths(1_500));
        assert_eq!(shown(&half, ColumnType::Qty, Lang::Id), "1,5");
        assert_eq!(shown(&half, ColumnType::Qty, Lang::En), "1.5");
        assert_eq!(shown(&Value::Qty(Qty::from_units(12)), ColumnType::Qty, Lang::Id), "12");
    }
}
