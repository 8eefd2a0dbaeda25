//! The one CSV reader every import kind uses: BOM, separator detection, header
//! matching (case-insensitive, any order, unknown and missing columns), spreadsheet
//! row numbers, UTF-8 checks and `'` formula guards. It knows nothing of items or
//! customers: a kind gives its column list and gets rows of named cells back.

use csv::{ByteRecord, ReaderBuilder};

use super::problem::{ImportProblem, Problem};

use crate::reports::csv_safe;

/// One column an import kind accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

/// A data row: its spreadsheet row number and the cells of the columns the file has,
/// trimmed and with formula guards removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub number: usize,
    cells: Vec<(&'static str, String)>,
}

impl Row {
    /// The cell under `column`, or `None` when the file has no such column.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.cells.iter().find(|(name, _)| *name == column).map(|(_, value)| value.as_str())
    }

    /// The cell under `column`; empty when the file has no such column.
    pub fn text(&self, column: &str) -> &str {
        self.get(column).unwrap_or("")
    }

    /// Every cell the file has, as (column, value).
    pub fn cells(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.cells.iter().map(|(name, value)| (*name, value.as_str()))
    }
}

/// The readable rows of a file, plus problems found in rows that could not be read
/// (those rows are left out).
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

/// Read `input` against `columns`. A header that cannot be used (unknown, missing
/// or repeated columns, no header at all) is an `Err` listing every problem with it.
pub(crate) fn read(input: &[u8], columns: &'static [Column]) -> Result<Table, Vec<Problem>> {
    let input = strip_bom(input)?;
    let mut reader =
        ReaderBuilder::new().has_headers(false).flexible(true).delimiter(detect_separator(input)).from_reader(input);
    let mut record = ByteRecord::new();
    let mut rows = RowNumbers::default();
    let header = match reader.read_byte_record(&mut record) {
        Ok(true) => {
            rows.number(input, &record);
            parse_header(&record, columns)?
        }
        Ok(false) => return Err(vec![Problem::row(1, expected_header(columns, false))]),
        Err(e) => return Err(vec![Problem::row(1, unreadable(&e))]),
    };
    let mut table = Table::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                let number = rows.number(input, &record);
                if let Some(row) = read_row(number, &record, &header, &mut table.problems) {
                    table.rows.push(row);
                }
            }
            Ok(false) => break,
            Err(e) => {
                table.problems.push(Problem::row(rows.next_guess(), unreadable(&e)));
                break;
            }
        }
    }
    Ok(table)
}

fn strip_bom(input: &[u8]) -> Result<&[u8], Vec<Problem>> {
    if input.starts_with(&[0xFF, 0xFE]) || input.starts_with(&[0xFE, 0xFF]) {
        return Err(vec![Problem::row(1, ImportProblem::Utf16)]);
    }
    Ok(input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input))
}

/// `;` when the header line has more semicolons than commas (outside quotes), else `,`.
fn detect_separator(input: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for &b in input {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Turns the reader's line positions into spreadsheet row numbers: blank lines are
/// rows (a spreadsheet shows them), but a cell spanning several lines is one row.
#[derive(Default)]
struct RowNumbers {
    /// Line breaks inside quoted cells seen so far.
    lines_inside_cells: u64,
    last: usize,
}

impl RowNumbers {
    fn number(&mut self, input: &[u8], record: &ByteRecord) -> usize {
        let Some(position) = record.position() else { return self.next_guess() };
        // The reader's position is where it began looking, before any blank lines.
        let skipped_breaks = input
            .get(position.byte() as usize..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count() as u64;
        let line = position.line() + skipped_breaks;
        self.last = line.saturating_sub(self.lines_inside_cells) as usize;
        self.lines_inside_cells +=
            record.iter().map(|cell| cell.iter().filter(|b| **b == b'\n').count() as u64).sum::<u64>();
        self.last
    }

    fn next_guess(&self) -> usize {
        self.last + 1
    }
}

/// For each cell of the header, the column it names (`None` for an empty header cell).
type Header = Vec<Option<&'static str>>;

fn parse_header(record: &ByteRecord, columns: &'static [Column]) -> Result<Header, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut header = Vec::with_capacity(record.len());
    let mut unknown = 0;
    for cell in record {
        let Ok(text) = std::str::from_utf8(cell) else {
            return Err(vec![Problem::row(1, ImportProblem::HeaderNotUtf8)]);
        };
        let name = text.trim().to_lowercase();
        if name.is_empty() {
            header.push(None);
            continue;
        }
        match columns.iter().find(|c| c.name == name) {
            Some(column) if header.contains(&Some(column.name)) => {
                problems.push(Problem::at(1, column.name, ImportProblem::ColumnTwice));
            }
            Some(column) => header.push(Some(column.name)),
            None => {
                unknown += 1;
                let accepted = names(columns, |_| true);
                problems.push(Problem::at(1, text.trim(), ImportProblem::UnknownColumn { accepted }));
                header.push(None);
            }
        }
    }
    if unknown > 0 && header.iter().all(Option::is_none) {
        return Err(vec![Problem::row(1, expected_header(columns, true))]);
    }
    for column in columns.iter().filter(|c| c.required && !header.contains(&Some(c.name))) {
        problems.push(Problem::at(1, column.name, ImportProblem::RequiredColumnMissing));
    }
    if problems.is_empty() { Ok(header) } else { Err(problems) }
}

fn names(columns: &[Column], filter: impl Fn(&Column) -> bool) -> String {
    columns.iter().filter(|c| filter(c)).map(|c| c.name).collect::<Vec<_>>().join(", ")
}

/// What the first row must be: `found` a row that is not a header, else an empty file.
fn expected_header(columns: &[Column], found: bool) -> ImportProblem {
    let (required, optional) = (names(columns, |c| c.required), names(columns, |c| !c.required));
    if found { ImportProblem::NoHeader { required, optional } } else { ImportProblem::Empty { required, optional } }
}

fn unreadable(e: &csv::Error) -> ImportProblem {
    ImportProblem::Unreadable { detail: e.to_string() }
}

/// The row's named cells; `None` when it is blank or cannot be read (the reason is
/// added to `problems`).
fn read_row(number: usize, record: &ByteRecord, header: &Header, problems: &mut Vec<Problem>) -> Option<Row> {
    let before = problems.len();
    let mut cells = Vec::with_capacity(header.len());
    // A short row (spreadsheets drop trailing empty cells) reads as empty cells.
    for index in 0..header.len().max(record.len()) {
        let raw = record.get(index).unwrap_or_default();
        match header.get(index).copied().flatten() {
            Some(column) => match std::str::from_utf8(raw) {
                Ok(text) => cells.push((column, csv_safe::restore(text.trim()).to_string())),
                Err(_) => problems.push(Problem::at(number, column, ImportProblem::CellNotUtf8)),
            },
            None if raw.iter().all(u8::is_ascii_whitespace) => {}
            None => problems.push(Problem::row(number, ImportProblem::CellWithoutColumn { cell: index + 1 })),
        }
    }
    let blank = cells.iter().all(|(_, value)| value.is_empty());
    (problems.len() == before && !blank).then_some(Row { number, cells })
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column { name: "sku", required: true },
        Column { name: "name", required: true },
        Column { name: "note", required: false },
    ];

    fn problems(result: Result<Table, Vec<Problem>>) -> Vec<String> {
        match result {
            Ok(table) => table.problems.iter().map(ToString::to_string).collect(),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn reads_named_cells_in_any_order_and_case() {
        let table = read(b" Name ,SKU\nIndomie, A1 \n", COLUMNS).unwrap();
        assert_eq!(table.rows.len(), 1);
        let row = &table.rows[0];
        assert_eq!(row.number, 2);
        assert_eq!(row.get("sku"), Some("A1"));
        assert_eq!(row.get("name"), Some("Indomie"));
        assert_eq!(row.get("note"), None);
        assert_eq!(row.text("note"), "");
    }

    #[test]
    fn bom_and_semicolons_are_understood() {
        let table = read("\u{feff}sku;name;note\nA1;Kopi, susu;x\n".as_bytes(), COLUMNS).unwrap();
        assert_eq!(table.rows[0].get("name"), Some("Kopi, susu"));
        assert_eq!(table.rows[0].get("note"), Some("x"));
    }

    #[test]
    fn separator_is_taken_from_the_header_line_only() {
        assert_eq!(detect_separator(b"sku,name\na;b;c;d"), b',');
        assert_eq!(detect_separator(b"sku;name;\"a,b,c\"\n"), b';');
        assert_eq!(detect_separator(b"sku"), b',');
    }

    #[test]
    fn row_numbers_count_blank_lines_but_not_lines_inside_cells() {
        let input = b"sku,name\r\nA,1\r\n\r\nB,\"two\nlines\"\r\nC,3\n,\n\nD,4";
        let table = read(input, COLUMNS).unwrap();
        let numbers: Vec<_> = table.rows.iter().map(|r| (r.text("sku").to_string(), r.number)).collect();
        assert_eq!(numbers, [("A".into(), 2), ("B".into(), 4), ("C".into(), 5), ("D".into(), 8)]);
    }

    #[test]
    fn unknown_duplicate_and_missing_columns_are_all_reported() {
        assert_eq!(
            problems(read(b"SKU,colour,sku\n", COLUMNS)),
            [
                "row 1, column colour: unknown column; the accepted columns are sku, name, note",
                "row 1, column sku: appears more than once",
                "row 1, column name: required column is missing",
            ]
        );
    }

    #[test]
    fn a_missing_header_or_empty_file_says_what_the_first_row_must_be() {
        let expected = "the first row must name the columns (required: sku, name; optional: note)";
        assert_eq!(problems(read(b"A1,Indomie\n", COLUMNS)), [format!("row 1: no header row found; {expected}")]);
        assert_eq!(problems(read(b"", COLUMNS)), [format!("row 1: the file is empty; {expected}")]);
        assert_eq!(problems(read(b"\xEF\xBB\xBF", COLUMNS)), [format!("row 1: the file is empty; {expected}")]);
    }

    #[test]
    fn invalid_utf8_is_reported_with_row_and_column() {
        let result = read(b"sku,name\nA1,Caf\xe9\nA2,ok\n", COLUMNS);
        assert_eq!(problems(result), ["row 2, column name: is not valid UTF-8 text; save the file as \"CSV UTF-8\""]);
        let table = read(b"sku,name\nA1,Caf\xe9\nA2,ok\n", COLUMNS).unwrap();
        assert_eq!(table.rows.len(), 1, "the unreadable row is left out");
        assert!(problems(read(b"\xff\xfes\x00k\x00u\x00", COLUMNS))[0].contains("UTF-16"));
    }

    #[test]
    fn blank_rows_are_skipped_and_stray_cells_reported() {
        let table = read(b"sku,name,\nA1,x,\n,,\nA2,y,oops\n", COLUMNS).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(
            table.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["row 4: cell 3 has a value but its column has no name in the header row"]
        );
    }

    #[test]
    fn short_rows_leave_the_rest_empty_and_guards_are_removed() {
        let table = read(b"sku,name,note\nA1\nA2,'=1+1,'plain\n", COLUMNS).unwrap();
        assert_eq!(table.rows[0].get("name"), Some(""));
        assert_eq!(table.rows[1].get("name"), Some("=1+1"));
        assert_eq!(table.rows[1].get("note"), Some("'plain"));
    }
}
