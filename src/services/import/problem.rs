//! What an import finds wrong with a file, typed with its data, and its one
//! sentence in each language: `row N, column C: what is wrong` /
//! `baris N, kolom C: apa yang salah`. A new kind of problem is a variant here plus
//! its two texts; `every_problem_speaks_both_languages` checks they differ.

use std::fmt;

use crate::domain::master::FieldError;
use crate::domain::{MoneyError, QtyError};
use crate::lang::Lang;

/// One thing wrong with the file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Spreadsheet row number; the header is row 1.
    pub row: usize,
    pub column: Option<String>,
    pub what: ImportProblem,
}

impl Problem {
    pub fn at(row: usize, column: &str, what: ImportProblem) -> Problem {
        Problem { row, column: Some(column.to_string()), what }
    }

    pub fn row(row: usize, what: ImportProblem) -> Problem {
        Problem { row, column: None, what }
    }

    /// `row N, column C: …` in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let row = lang.pick("row", "baris");
        match &self.column {
            Some(column) => {
                format!("{row} {}, {} {column}: {}", self.row, lang.pick("column", "kolom"), self.what.text(lang))
            }
            None => format!("{row} {}: {}", self.row, self.what.text(lang)),
        }
    }
}

/// English, for logs and tests; users read [`Problem::text`].
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// What is wrong at a row or cell.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum ImportProblem {
    // The file and its header row
    Utf16,
    Unreadable {
        detail: String,
    },
    Empty {
        required: String,
        optional: String,
    },
    NoHeader {
        required: String,
        optional: String,
    },
    HeaderNotUtf8,
    ColumnTwice,
    UnknownColumn {
        accepted: String,
    },
    RequiredColumnMissing,
    // Cells
    CellNotUtf8,
    CellWithoutColumn {
        cell: usize,
    },
    Required,
    /// What a form, quantity or amount check says of the cell, in each language.
    Value {
        en: String,
        id: String,
    },
    AlsoOnRow {
        key: String,
        first: usize,
    },
    // Items
    OpeningStockNegative {
        qty: String,
    },
    StockDiffers {
        sku: String,
        on_hand: String,
        qty: String,
    },
    BarcodeTaken {
        code: String,
        sku: String,
        name: String,
    },
    // Sales history
    NotADate {
        text: String,
    },
    YearOutside {
        date: String,
        first: i16,
        last: i16,
    },
    NoItemWithSku {
        sku: String,
    },
    QtyNotPositive,
    NameAloneNoCustomer,
    NoUser {
        name: String,
    },
    NotAPaymentMethod {
        text: String,
    },
    CreditNeedsCustomer,
    LineAboveLimit {
        price: String,
    },
    DiscountAboveLine {
        discount: String,
        line: String,
    },
    DiffersFromRow {
        row: usize,
        invoice: String,
    },
    InvoiceExists {
        invoice: String,
    },
}

impl ImportProblem {
    /// (English, Indonesian).
    fn texts(&self) -> (String, String) {
        use ImportProblem::*;
        const CSV_UTF8: &str = "\"CSV UTF-8\"";
        match self {
            Utf16 => (
                format!("the file is UTF-16 text; save it as {CSV_UTF8}"),
                format!("berkasnya teks UTF-16; simpan sebagai {CSV_UTF8}"),
            ),
            Unreadable { detail } => {
                (format!("cannot read the CSV: {detail}"), format!("CSV tidak bisa dibaca: {detail}"))
            }
            Empty { required, optional } => (
                format!("the file is empty; {}", first_row(Lang::En, required, optional)),
                format!("berkasnya kosong; {}", first_row(Lang::Id, required, optional)),
            ),
            NoHeader { required, optional } => (
                format!("no header row found; {}", first_row(Lang::En, required, optional)),
                format!("tidak ada baris judul; {}", first_row(Lang::Id, required, optional)),
            ),
            HeaderNotUtf8 => (
                format!("the header row is not valid UTF-8 text; save the file as {CSV_UTF8}"),
                format!("baris judul bukan teks UTF-8 yang sah; simpan berkasnya sebagai {CSV_UTF8}"),
            ),
            ColumnTwice => ("appears more than once".into(), "muncul lebih dari sekali".into()),
            UnknownColumn { accepted } => (
                format!("unknown column; the accepted columns are {accepted}"),
                format!("kolom tidak dikenal; kolom yang diterima: {accepted}"),
            ),
            RequiredColumnMissing => ("required column is missing".into(), "kolom wajib tidak ada".into()),
            CellNotUtf8 => (
                format!("is not valid UTF-8 text; save the file as {CSV_UTF8}"),
                format!("bukan teks UTF-8 yang sah; simpan berkasnya sebagai {CSV_UTF8}"),
            ),
            CellWithoutColumn { cell } => (
                format!("cell {cell} has a value but its column has no name in the header row"),
                format!("sel {cell} berisi nilai tetapi kolomnya tidak bernama di baris judul"),
            ),
            Required => ("is required".into(), "wajib diisi".into()),
            Value { en, id } => (en.clone(), id.clone()),
            AlsoOnRow { key, first } => {
                (format!("{key} is also on row {first}"), format!("{key} juga ada di baris {first}"))
            }
            OpeningStockNegative { qty } => {
                (format!("opening stock {qty} must not be below 0"), format!("stok awal {qty} tidak boleh di bawah 0"))
            }
            StockDiffers { sku, on_hand, qty } => (
                format!("{sku} has {on_hand} on hand, not {qty}; change stock with a stock count, not an import"),
                format!("stok {sku} ada {on_hand}, bukan {qty}; ubah stok lewat stok opname, bukan impor"),
            ),
            BarcodeTaken { code, sku, name } => {
                (format!("{code} already belongs to {sku} {name}"), format!("{code} sudah milik {sku} {name}"))
            }
            NotADate { text } => (
                format!("'{text}' is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS])"),
                format!("'{text}' bukan tanggal (tulis YYYY-MM-DD atau YYYY-MM-DD HH:MM[:SS])"),
            ),
            YearOutside { date, first, last } => (
                format!("{date} is outside the years {first} to {last}"),
                format!("{date} di luar tahun {first} sampai {last}"),
            ),
            NoItemWithSku { sku } => (format!("no item has SKU {sku}"), format!("tidak ada barang dengan SKU {sku}")),
            QtyNotPositive => ("must be more than 0".into(), "harus lebih dari 0".into()),
            NameAloneNoCustomer => (
                "give customer_code or customer_phone too, so the customer is recognised again".into(),
                "isi juga customer_code atau customer_phone, agar pelanggannya dikenali lagi".into(),
            ),
            NoUser { name } => (format!("no user is called {name}"), format!("tidak ada pengguna bernama {name}")),
            NotAPaymentMethod { text } => (
                format!("'{text}' is not a payment method (use cash, transfer, qris or credit)"),
                format!("'{text}' bukan cara bayar (pakai cash, transfer, qris atau credit)"),
            ),
            CreditNeedsCustomer => (
                "a sale on credit needs a customer (customer_code or customer_phone)".into(),
                "penjualan kasbon perlu pelanggan (customer_code atau customer_phone)".into(),
            ),
            LineAboveLimit { price } => (
                format!("{price}: the line comes to more than the limit of Rp 10.000.000.000"),
                format!("{price}: baris ini melebihi batas Rp 10.000.000.000"),
            ),
            DiscountAboveLine { discount, line } => (
                format!("{discount} is more than the line's {line}"),
                format!("{discount} melebihi jumlah barisnya {line}"),
            ),
            DiffersFromRow { row, invoice } => (
                format!("differs from row {row} of the same invoice {invoice}"),
                format!("berbeda dengan baris {row} dari nota yang sama {invoice}"),
            ),
            InvoiceExists { invoice } => (
                format!("{invoice} is already a sale in this shop"),
                format!("{invoice} sudah menjadi penjualan di toko ini"),
            ),
        }
    }

    /// The one sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (en, id) = self.texts();
        match lang {
            Lang::En => en,
            Lang::Id => id,
        }
    }
}

impl From<&FieldError> for ImportProblem {
    fn from(e: &FieldError) -> ImportProblem {
        ImportProblem::Value { en: e.message(Lang::En).to_string(), id: e.message(Lang::Id).to_string() }
    }
}

impl From<QtyError> for ImportProblem {
    fn from(e: QtyError) -> ImportProblem {
        ImportProblem::Value { en: e.text(Lang::En), id: e.text(Lang::Id) }
    }
}

impl From<MoneyError> for ImportProblem {
    fn from(e: MoneyError) -> ImportProblem {
        ImportProblem::Value { en: e.text(Lang::En), id: e.text(Lang::Id) }
    }
}

/// What the header row must be, with the kind's columns.
fn first_row(lang: Lang, required: &str, optional: &str) -> String {
    match lang {
        Lang::En => format!("the first row must name the columns (required: {required}; optional: {optional})"),
        Lang::Id => format!("baris pertama harus berisi nama kolom (wajib: {required}; pilihan: {optional})"),
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn every_problem_speaks_both_languages() {
        for what in ImportProblem::iter().filter(|w| !matches!(w, ImportProblem::Value { .. })) {
            let (en, id) = (what.text(Lang::En), what.text(Lang::Id));
            assert!(!id.trim().is_empty(), "{what:?} has no Indonesian text");
            assert_ne!(en, id, "{what:?} says the same in both languages");
        }
    }

    #[test]
    fn a_problem_names_its_row_and_column_in_each_language() {
        let problem = Problem::at(3, "sku", ImportProblem::NoItemWithSku { sku: "X9".into() });
        assert_eq!(problem.text(Lang::En), "row 3, column sku: no item has SKU X9");
        assert_eq!(problem.text(Lang::Id), "baris 3, kolom sku: tidak ada barang dengan SKU X9");
        assert_eq!(
            Problem::row(2, ImportProblem::Utf16).to_string(),
            "row 2: the file is UTF-16 text; save it as \"CSV UTF-8\""
        );
    }
}
