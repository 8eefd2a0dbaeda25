//! xlsx through `rust_xlsxwriter` in constant-memory mode: rows go to the crate's
//! temporary file as they come. Numbers are number cells, dates and times date
//! cells; the header is bold and frozen; columns are sized to what was written.
//! A report longer than a sheet (1,048,575 rows) continues on another sheet.

use std::io::{Seek, SeekFrom, Write};

use rust_xlsxwriter::{ColNum, ExcelDateTime, Format as CellFormat, RowNum, Workbook, Worksheet};

use crate::reports::{CONTINUE, Flow, ReportDef, Result, RowSink, Value};

/// Rows per sheet, the header included (Excel's limit).
const SHEET_ROWS: RowNum = 1_048_576;
/// Excel keeps at most this many characters in a cell.
const MAX_CELL_CHARS: usize = 32_767;

struct Formats {
    header: CellFormat,
    money: CellFormat,
    date: CellFormat,
    datetime: CellFormat,
}

pub struct XlsxSink<W: Write> {
    out: W,
    workbook: Workbook,
    formats: Formats,
    name: String,
    header: Vec<&'static str>,
    sheet: usize,
    row: RowNum,
    /// Widest cell per column (characters), per sheet.
    widths: Vec<Vec<usize>>,
}

impl<W: Write> XlsxSink<W> {
    pub fn new(out: W) -> XlsxSink<W> {
        XlsxSink {
            out,
            workbook: Workbook::new(),
            formats: Formats {
                header: CellFormat::new().set_bold(),
                money: CellFormat::new().set_num_format("#,##0"),
                date: CellFormat::new().set_num_format("yyyy-mm-dd"),
                datetime: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            },
            name: String::new(),
            header: Vec::new(),
            sheet: 0,
            row: 0,
            widths: Vec::new(),
        }
    }

    /// A new sheet with the bold, frozen header row.
    fn add_sheet(&mut self) -> Result<()> {
        let name = match self.widths.len() {
            0 => self.name.clone(),
            n => format!("{} ({})", self.name, n + 1),
        };
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        for (col, title) in self.header.iter().enumerate() {
            sheet.write_string_with_format(0, col as ColNum, *title, &self.formats.header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        self.sheet = self.widths.len();
        self.widths.push(self.header.iter().map(|h| h.chars().count()).collect());
        self.row = 1;
        Ok(())
    }
}

/// Characters a value takes on screen, roughly as the cell's format shows it.
fn width_of(value: &Value<'_>) -> usize {
    match value {
        Value::Null => 0,
        Value::Text(t) => t.chars().count(),
        Value::Int(n) => n.to_string().len(),
        Value::Money(m) => m.grouped().len(),
        Value::Qty(q) => q.decimal().len(),
        Value::Date(_) => 10,
        Value::DateTime(_) => 19,
        Value::Bool(_) => 5,
    }
}

fn write_cell(sheet: &mut Worksheet, formats: &Formats, row: RowNum, col: ColNum, value: &Value<'_>) -> Result<()> {
    match value {
        Value::Null => {}
        Value::Text(text) => {
            let text: &str = text;
            let cut = text.char_indices().nth(MAX_CELL_CHARS).map_or(text, |(i, _)| &text[..i]);
            sheet.write_string(row, col, cut)?;
        }
        Value::Int(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Value::Money(m) => {
            sheet.write_number_with_format(row, col, m.rupiah() as f64, &formats.money)?;
        }
        Value::Qty(q) => {
            sheet.write_number(row, col, q.thousandths() as f64 / 1000.0)?;
        }
        Value::Date(d) => {
            let cell = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            sheet.write_datetime_with_format(row, col, &cell, &formats.date)?;
        }
        Value::DateTime(t) => {
            let d = t.datetime;
            let cell = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?.and_hms(
                d.hour() as u16,
                d.minute() as u8,
                d.second() as u8,
            )?;
            sheet.write_datetime_with_format(row, col, &cell, &formats.datetime)?;
        }
        Value::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

impl<W: Write> RowSink for XlsxSink<W> {
    fn begin(&mut self, report: &ReportDef) -> Result<()> {
        self.name = report.name.to_string();
        self.header = report.column_names();
        self.add_sheet()
    }

    fn row(&mut self, row: &[Value<'_>]) -> Result<Flow> {
        if self.row == SHEET_ROWS {
            self.add_sheet()?;
        }
        let sheet = self.workbook.worksheet_from_index(self.sheet)?;
        let widths = &mut self.widths[self.sheet];
        for (col, value) in row.iter().enumerate() {
            write_cell(sheet, &self.formats, self.row, col as ColNum, value)?;
            widths[col] = widths[col].max(width_of(value));
        }
        self.row += 1;
        Ok(CONTINUE)
    }

    fn finish(&mut self) -> Result<()> {
        for (index, widths) in self.widths.iter().enumerate() {
            let sheet = self.workbook.worksheet_from_index(index)?;
            for (col, width) in widths.iter().enumerate() {
                sheet.set_column_width(col as ColNum, (*width).clamp(6, 60) as f64 + 2.0)?;
            }
        }
        // The zip needs a file it can seek in; then it is copied to the output.
        let mut file = tempfile::tempfile()?;
        self.workbook.save_to_writer(&mut file)?;
        file.seek(SeekFrom::Start(0))?;
        std::io::copy(&mut file, &mut self.out)?;
        self.out.flush()?;
        Ok(())
    }
}
