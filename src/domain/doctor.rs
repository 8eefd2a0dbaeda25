//! What `warung doctor` finds wrong, typed with its data, and its one sentence in
//! each language (the command prints them in the user's language).

use super::Qty;
use super::receivable::DebtSide;
use crate::lang::Lang;

/// One problem in the shop's file; an empty list of them means healthy.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum Finding {
    /// A line of SQLite's `PRAGMA integrity_check`, as SQLite says it.
    Integrity {
        line: String,
    },
    ForeignKey {
        table: String,
        row: i64,
        parent: String,
    },
    Stock {
        sku: String,
        cached: Qty,
        ledger: Qty,
    },
    Points {
        member: String,
        cached: i64,
        ledger: i64,
    },
    ItemAboveLimit {
        sku: String,
    },
    LineAboveLimit {
        invoice: String,
        line: i64,
    },
    SaleWithoutLines {
        invoice: String,
    },
    SaleLinesDiffer {
        invoice: String,
        lines: i64,
        subtotal: i64,
    },
    SaleTotalDiffers {
        invoice: String,
        total: i64,
        subtotal: i64,
        discount: i64,
        tax: i64,
    },
    SalePaymentsDiffer {
        invoice: String,
        paid: i64,
        total: i64,
    },
    DebtOverpaid {
        side: DebtSide,
        number: String,
        paid: i64,
        amount: i64,
    },
    DebtPaymentsDiffer {
        side: DebtSide,
        number: String,
        paid: i64,
        payments: i64,
    },
    ReturnAboveSold {
        invoice: String,
        line: i64,
        returned: Qty,
        sold: Qty,
    },
    ReturnsDiffer {
        invoice: String,
        line: i64,
        returned: Qty,
        recorded: Qty,
    },
    SummariesNotBuilt {
        until: String,
    },
    SummariesZone {
        days: String,
        shop: String,
    },
    /// A summary row that differs from the ledger; `key` names it ("day 2026-03-01, item 7").
    SummaryDiffers {
        table: String,
        key: String,
        ledger: String,
        kept: String,
    },
    MoreSummaryDifferences {
        count: usize,
    },
    RepairSummaries,
    UnfinishedImport(UnfinishedImport),
}

/// An import run that stopped half-way, as its journal knows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnfinishedImport {
    pub id: i64,
    /// `items`, `customers`, `suppliers` or `sales`.
    pub kind: String,
    /// The file as named on the command line; empty when not imported from one.
    pub source: String,
    pub fingerprint: String,
    /// The command-line options that change what is written.
    pub flags: String,
    pub done: usize,
    pub total: usize,
}

/// What an import writes whole: a row of master data, or a sale of sales history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    Rows,
    Sales,
}

impl Units {
    /// What the units of an import of `kind` (as the journal names it) are.
    pub fn of_kind(kind: &str) -> Units {
        if kind == "sales" { Units::Sales } else { Units::Rows }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Units::Rows => lang.pick("rows", "baris"),
            Units::Sales => lang.pick("sales", "penjualan"),
        }
    }
}

const REPAIR: &str = "warung doctor --repair-summaries";

impl Finding {
    /// The one sentence in `lang`, led by what it is about (`stock:`, `sale:`, …).
    pub fn text(&self, lang: Lang) -> String {
        use Finding::*;
        let en = lang == Lang::En;
        match self {
            Integrity { line } => format!("{}: {line}", lang.pick("integrity", "integritas")),
            ForeignKey { table, row, parent } if en => {
                format!("foreign key: {table} row {row} points to a missing {parent}")
            }
            ForeignKey { table, row, parent } => {
                format!("kunci asing: {table} baris {row} menunjuk {parent} yang tidak ada")
            }
            Stock { sku, cached, ledger } if en => {
                format!("stock: item {sku} shows {cached} on hand but its ledger adds up to {ledger}")
            }
            Stock { sku, cached, ledger } => format!(
                "stok: barang {sku} tercatat {} di tangan tetapi buku stoknya berjumlah {}",
                cached.text_in(lang),
                ledger.text_in(lang)
            ),
            Points { member, cached, ledger } if en => {
                format!("points: member {member} shows {cached} points but the points ledger adds up to {ledger}")
            }
            Points { member, cached, ledger } => {
                format!("poin: member {member} tercatat {cached} poin tetapi buku poinnya berjumlah {ledger}")
            }
            ItemAboveLimit { sku } if en => {
                format!("amount: item {sku} has an amount above the limit of Rp 10.000.000.000")
            }
            ItemAboveLimit { sku } => format!("jumlah: barang {sku} punya jumlah di atas batas Rp 10.000.000.000"),
            LineAboveLimit { invoice, line } if en => {
                format!("amount: sale {invoice} line {line} has an amount above the limit of Rp 10.000.000.000")
            }
            LineAboveLimit { invoice, line } => {
                format!("jumlah: penjualan {invoice} baris {line} punya jumlah di atas batas Rp 10.000.000.000")
            }
            SaleWithoutLines { invoice } if en => format!("sale: {invoice} has no lines"),
            SaleWithoutLines { invoice } => format!("penjualan: {invoice} tidak punya baris"),
            SaleLinesDiffer { invoice, lines, subtotal } if en => {
                format!("sale: {invoice} has lines adding up to {lines} but a subtotal of {subtotal}")
            }
            SaleLinesDiffer { invoice, lines, subtotal } => {
                format!("penjualan: {invoice} barisnya berjumlah {lines} tetapi subtotalnya {subtotal}")
            }
            SaleTotalDiffers { invoice, total, subtotal, discount, tax } if en => {
                format!(
                    "sale: {invoice} has a total of {total}, not subtotal {subtotal} − discount {discount} + tax {tax}"
                )
            }
            SaleTotalDiffers { invoice, total, subtotal, discount, tax } => format!(
                "penjualan: {invoice} totalnya {total}, bukan subtotal {subtotal} − diskon {discount} + pajak {tax}"
            ),
            SalePaymentsDiffer { invoice, paid, total } if en => {
                format!("sale: {invoice} has payments adding up to {paid} but a total of {total}")
            }
            SalePaymentsDiffer { invoice, paid, total } => {
                format!("penjualan: {invoice} pembayarannya berjumlah {paid} tetapi totalnya {total}")
            }
            DebtOverpaid { side, number, paid, amount } if en => {
                format!("{}: {number} is paid {paid}, more than its amount {amount}", debt(*side, lang))
            }
            DebtOverpaid { side, number, paid, amount } => {
                format!("{}: {number} dibayar {paid}, lebih dari jumlahnya {amount}", debt(*side, lang))
            }
            DebtPaymentsDiffer { side, number, paid, payments } if en => {
                format!("{}: {number} shows {paid} paid but its payments add up to {payments}", debt(*side, lang))
            }
            DebtPaymentsDiffer { side, number, paid, payments } => {
                format!(
                    "{}: {number} tercatat dibayar {paid} tetapi pembayarannya berjumlah {payments}",
                    debt(*side, lang)
                )
            }
            ReturnAboveSold { invoice, line, returned, sold } if en => {
                format!("return: {invoice} line {line} shows {returned} returned of {sold} sold")
            }
            ReturnAboveSold { invoice, line, returned, sold } => format!(
                "retur: {invoice} baris {line} tercatat {} diretur dari {} terjual",
                returned.text_in(lang),
                sold.text_in(lang)
            ),
            ReturnsDiffer { invoice, line, returned, recorded } if en => {
                format!("return: {invoice} line {line} shows {returned} returned but its returns add up to {recorded}")
            }
            ReturnsDiffer { invoice, line, returned, recorded } => format!(
                "retur: {invoice} baris {line} tercatat {} diretur tetapi returnya berjumlah {}",
                returned.text_in(lang),
                recorded.text_in(lang)
            ),
            SummariesNotBuilt { until } if en => format!("summaries: not built past {until}; run `{REPAIR}`"),
            SummariesNotBuilt { until } => format!("ringkasan: belum dibangun lewat {until}; jalankan `{REPAIR}`"),
            SummariesZone { days, shop } if en => {
                format!("summaries: days are in {days} but the shop's time zone is {shop}; run `{REPAIR}`")
            }
            SummariesZone { days, shop } => {
                format!("ringkasan: harinya dalam {days} tetapi zona waktu toko {shop}; jalankan `{REPAIR}`")
            }
            SummaryDiffers { table, key, ledger, kept } if en => {
                format!("summaries: {table} {key}: ledger {ledger}, table {kept}")
            }
            SummaryDiffers { table, key, ledger, kept } => {
                format!("ringkasan: {table} {key}: buku besar {ledger}, tabel {kept}")
            }
            MoreSummaryDifferences { count } if en => format!("summaries: {count} more differences"),
            MoreSummaryDifferences { count } => format!("ringkasan: {count} perbedaan lagi"),
            RepairSummaries if en => format!("summaries: rebuild them with `{REPAIR}` (the ledger is untouched)"),
            RepairSummaries => format!("ringkasan: bangun ulang dengan `{REPAIR}` (buku besar tidak diubah)"),
            UnfinishedImport(run) => run.text(lang),
        }
    }
}

/// English, for logs and tests; users read [`Finding::text`].
impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

fn debt(side: DebtSide, lang: Lang) -> &'static str {
    match side {
        DebtSide::Receivable => lang.pick("receivable", "piutang"),
        DebtSide::Payable => lang.pick("payable", "utang"),
    }
}

impl UnfinishedImport {
    /// `import run 3 (sales from h.csv, …) stopped with 120 of 500 sales written; finish it with …`.
    fn text(&self, lang: Lang) -> String {
        let file = match self.source.as_str() {
            "" => lang.pick("FILE", "BERKAS").to_string(),
            name if name.contains(|c: char| c.is_whitespace() || c == '\'') => format!("\"{name}\""),
            name => name.to_string(),
        };
        let command = [format!("warung import {} {file}", self.kind), self.flags.clone()].join(" ");
        let command = command.trim_end();
        let from = match self.source.as_str() {
            "" => lang.pick("a file without a name", "berkas tanpa nama"),
            name => name,
        };
        let Self { id, kind, done, total, .. } = self;
        let short = &self.fingerprint[..12.min(self.fingerprint.len())];
        let units = Units::of_kind(kind).name(lang);
        match lang {
            Lang::En => format!(
                "import run {id} ({kind} from {from}, fingerprint {short}) stopped with {done} of {total} {units} \
                 written; finish it with `{command}` (the same file), or give it up with \
                 `warung import --abandon {id}` (what it wrote stays)"
            ),
            Lang::Id => format!(
                "impor {id} ({kind} dari {from}, sidik {short}) berhenti setelah {done} dari {total} {units} \
                 ditulis; selesaikan dengan `{command}` (berkas yang sama), atau batalkan dengan \
                 `warung import --abandon {id}` (yang sudah ditulis tetap ada)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn every_finding_speaks_both_languages() {
        let sides = [DebtSide::Receivable, DebtSide::Payable];
        let mut all: Vec<Finding> = Finding::iter().collect();
        all.extend(sides.map(|side| Finding::DebtOverpaid { side, number: "B1".into(), paid: 2, amount: 1 }));
        for finding in all {
            let (en, id) = (finding.text(Lang::En), finding.text(Lang::Id));
            assert!(!id.trim().is_empty(), "{finding:?} has no Indonesian text");
            assert_ne!(en, id, "{finding:?} says the same in both languages");
            assert_eq!(finding.to_string(), en, "Display is the English text");
        }
    }

    /// Indonesian groups thousands with `.`, so its quantities take a decimal comma.
    #[test]
    fn quantities_take_the_languages_decimal_mark() {
        let stock = Finding::Stock {
            sku: "BRS".into(),
            cached: Qty::from_thousandths(1_500),
            ledger: Qty::from_thousandths(250),
        };
        assert_eq!(stock.text(Lang::Id), "stok: barang BRS tercatat 1,5 di tangan tetapi buku stoknya berjumlah 0,25");
        assert_eq!(stock.text(Lang::En), "stock: item BRS shows 1.5 on hand but its ledger adds up to 0.25");
        let (returned, sold) = (Qty::from_thousandths(2_750), Qty::from_thousandths(2_000));
        let over = Finding::ReturnAboveSold { invoice: "INV/1".into(), line: 1, returned, sold };
        assert_eq!(over.text(Lang::Id), "retur: INV/1 baris 1 tercatat 2,75 diretur dari 2 terjual");
        let differ = Finding::ReturnsDiffer { invoice: "INV/1".into(), line: 1, returned, recorded: -sold };
        assert!(differ.text(Lang::Id).ends_with("tercatat 2,75 diretur tetapi returnya berjumlah -2"));
    }

    #[test]
    fn an_unfinished_import_says_how_to_finish_it_in_each_language() {
        let run = Finding::UnfinishedImport(UnfinishedImport {
            id: 3,
            kind: "sales".into(),
            source: "old sales.csv".into(),
            fingerprint: "0123456789abcdef".into(),
            flags: "--affect-stock".into(),
            done: 120,
            total: 500,
        });
        assert_eq!(
            run.text(Lang::Id),
            "impor 3 (sales dari old sales.csv, sidik 0123456789ab) berhenti setelah 120 dari 500 penjualan ditulis; \
             selesaikan dengan `warung import sales \"old sales.csv\" --affect-stock` (berkas yang sama), atau \
             batalkan dengan `warung import --abandon 3` (yang sudah ditulis tetap ada)"
        );
        assert!(run.text(Lang::En).starts_with("import run 3 (sales from old sales.csv"));
    }
}
