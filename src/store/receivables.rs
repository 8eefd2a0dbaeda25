//! Receivables: what customers owe, what they paid, and what returns and voids took
//! off. `receivables.amount` is the amount owed now; the original is `amount` plus
//! its `receivable_adjustments`, and `paid` moves with `receivable_payments`.

use rusqlite::{Connection, params};

use super::Result;
use super::debts::{self, OpenQuery, open_row};
use crate::domain::Money;
use crate::domain::receivable::DebtSide;

open_row! {
    /// A receivable with its sale and customer, amounts as of some instant.
    {
        customer_id: i64,
        customer_code: String,
        customer_name: String,
        customer_phone: Option<String>,
        sale_id: i64,
        invoice: String,
        sale_at: i64,
    }
}

/// Receivables with something still owed, of one customer or all, oldest first (by
/// due date, then sale time). With `before_ms`, as things stood just before that
/// instant: later receivables are left out, later cuts added back, later payments ignored.
pub fn open(conn: &Connection, customer_id: Option<i64>, before_ms: Option<i64>) -> Result<Vec<OpenRow>> {
    const QUERY: OpenQuery = OpenQuery {
        columns: "y.customer_id, c.code, c.name, c.phone, y.sale_id, d.invoice, d.at",
        amount: "y.amount + COALESCE((SELECT SUM(a.amount) FROM receivable_adjustments a
                                       WHERE a.receivable_id = y.id AND a.at >= ?2), 0)",
        joins: "JOIN customers c ON c.id = y.customer_id",
    };
    debts::open(conn, DebtSide::Receivable, &QUERY, (customer_id, before_ms), OpenRow::read)
}

/// The receivable of a sale: (id, amount, paid).
pub fn of_sale(conn: &Connection, sale_id: i64) -> Result<Option<(i64, Money, Money)>> {
    debts::of_document(conn, DebtSide::Receivable, sale_id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentKind {
    Return,
    Void,
}

impl AdjustmentKind {
    pub fn code(self) -> &'static str {
        match self {
            AdjustmentKind::Return => "return",
            AdjustmentKind::Void => "void",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Adjustment<'a> {
    pub receivable_id: i64,
    pub kind: AdjustmentKind,
    pub amount: Money,
    pub at: i64,
    pub user_id: Option<i64>,
    pub return_id: Option<i64>,
    /// The return number, or the void reason.
    pub note: &'a str,
}

/// Take `amount` off what a receivable is owed, keeping the cut on record.
pub fn reduce(conn: &Connection, a: &Adjustment<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO receivable_adjustments (receivable_id, kind, amount, at, user_id, return_id, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![a.receivable_id, a.kind.code(), a.amount.rupiah(), a.at, a.user_id, a.return_id, a.note])?;
    conn.prepare_cached("UPDATE receivables SET amount = amount - ?2 WHERE id = ?1")?
        .execute(params![a.receivable_id, a.amount.rupiah()])?;
    Ok(())
}

/// What a line of a customer's account records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// The credit part of a sale (its original amount).
    CreditSale,
    Payment,
    Return,
    Void,
}

pub type LedgerEntry = debts::LedgerEntry<EntryKind>;

/// Every change to a customer's account, in time order (a sale before what
/// followed it at the same instant).
pub fn ledger(conn: &Connection, customer_id: i64) -> Result<Vec<LedgerEntry>> {
    const SQL: &str = "SELECT r.created_at AS at, 0 AS ord, r.id AS id, 0, s.invoice, NULL, '',
                r.amount + COALESCE((SELECT SUM(a.amount) FROM receivable_adjustments a WHERE a.receivable_id = r.id), 0),
                0
           FROM receivables r JOIN sales s ON s.id = r.sale_id
          WHERE r.customer_id = ?1
         UNION ALL
         SELECT p.at, 1, p.id, 0, s.invoice, p.method, p.reference, 0, p.amount
           FROM receivable_payments p JOIN receivables r ON r.id = p.receivable_id JOIN sales s ON s.id = r.sale_id
          WHERE r.customer_id = ?1
         UNION ALL
         SELECT a.at, CASE a.kind WHEN 'return' THEN 2 ELSE 3 END, a.id, 0, s.invoice, NULL, a.note, 0, a.amount
           FROM receivable_adjustments a JOIN receivables r ON r.id = a.receivable_id JOIN sales s ON s.id = r.sale_id
          WHERE r.customer_id = ?1
         ORDER BY at, ord, id";
    debts::ledger(conn, SQL, customer_id, |ord, _| match ord {
        0 => EntryKind::CreditSale,
        1 => EntryKind::Payment,
        2 => EntryKind::Return,
        _ => EntryKind::Void,
    })
}

/// Every receivable: (invoice, amount, paid), oldest first.
pub fn all(conn: &Connection) -> Result<Vec<(String, Money, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.invoice, r.amount, r.paid FROM receivables r JOIN sales s ON s.id = r.sale_id ORDER BY r.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, Money::new(r.get(1)?), Money::new(r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
