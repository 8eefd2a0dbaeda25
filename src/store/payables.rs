//! Payables: what the shop owes suppliers for purchases on credit, and what it paid.
//! `payables.paid` is a cache of its `payable_payments` (cash, transfer, or goods
//! returned to the supplier); `warung doctor` checks that they agree.

use jiff::civil::Date;
use rusqlite::{Connection, params};

use super::Result;
use super::debts::{self, OpenQuery, open_row};
use crate::domain::Money;
use crate::domain::receivable::DebtSide;

open_row! {
    /// A payable with its purchase and supplier, amounts as of some instant.
    {
        supplier_id: i64,
        supplier_name: String,
        purchase_id: i64,
        /// The shop's purchase number.
        number: String,
        supplier_invoice: String,
        invoice_date: Date,
    }
}

/// Payables with something still owed, of one supplier or all, oldest due first.
/// With `before_ms`, as things stood just before that instant.
pub fn open(conn: &Connection, supplier_id: Option<i64>, before_ms: Option<i64>) -> Result<Vec<OpenRow>> {
    const QUERY: OpenQuery = OpenQuery {
        columns: "y.supplier_id, s.name, y.purchase_id, d.number, d.supplier_invoice, d.invoice_date",
        amount: "y.amount",
        joins: "JOIN suppliers s ON s.id = y.supplier_id",
    };
    debts::open(conn, DebtSide::Payable, &QUERY, (supplier_id, before_ms), OpenRow::read)
}

pub fn insert(
    conn: &Connection,
    purchase_id: i64,
    supplier_id: i64,
    due: Date,
    amount: Money,
    now: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO payables (purchase_id, supplier_id, due_date, amount, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![purchase_id, supplier_id, due.to_string(), amount.rupiah(), now])?;
    Ok(conn.last_insert_rowid())
}

/// The payable of a purchase: (id, amount, paid).
pub fn of_purchase(conn: &Connection, purchase_id: i64) -> Result<Option<(i64, Money, Money)>> {
    debts::of_document(conn, DebtSide::Payable, purchase_id)
}

/// What a line of a supplier's account records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A purchase (paid at once or on credit).
    Purchase,
    /// Money paid: at receipt for a cash purchase, or later on a payable.
    Payment,
    /// Goods sent back.
    Return,
    /// Cash the supplier gave back for returned goods nothing was owed on.
    Refund,
}

pub type LedgerEntry = debts::LedgerEntry<EntryKind>;

/// Every purchase, payment and return with a supplier, in time order. A cash
/// purchase shows as the purchase and its payment at the same instant, so the
/// running balance is what is owed on credit.
pub fn ledger(conn: &Connection, supplier_id: i64) -> Result<Vec<LedgerEntry>> {
    const SQL: &str =
        "SELECT p.at AS at, 0 AS ord, p.id AS id, 0 AS sub, p.number, NULL, p.supplier_invoice, p.total, 0
           FROM purchases p WHERE p.supplier_id = ?1
         UNION ALL
         SELECT p.at, 0, p.id, 1, p.number, p.payment, '', 0, p.total
           FROM purchases p WHERE p.supplier_id = ?1 AND p.payment <> 'credit'
         UNION ALL
         SELECT m.at, 1, m.id, 0, p.number, m.method, m.reference, 0, m.amount
           FROM payable_payments m JOIN payables y ON y.id = m.payable_id JOIN purchases p ON p.id = y.purchase_id
          WHERE y.supplier_id = ?1 AND m.method <> 'return'
         UNION ALL
         SELECT r.at, 2, r.id, 0, r.number, NULL, r.reason, 0, r.total
           FROM purchase_returns r WHERE r.supplier_id = ?1
         UNION ALL
         SELECT r.at, 3, r.id, 0, r.number, NULL, 'refund', r.refunded, 0
           FROM purchase_returns r WHERE r.supplier_id = ?1 AND r.refunded > 0
         ORDER BY at, ord, id, sub";
    debts::ledger(conn, SQL, supplier_id, |ord, sub| match (ord, sub) {
        (0, 0) => EntryKind::Purchase,
        (0 | 1, _) => EntryKind::Payment,
        (2, _) => EntryKind::Return,
        _ => EntryKind::Refund,
    })
}
