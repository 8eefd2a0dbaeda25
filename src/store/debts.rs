//! What receivables and payables share in the store. Each debt row caches what has
//! been paid on it (`paid`), its payments table backs that cache, and `warung doctor`
//! checks the two agree. The side decides the tables; the SQL is written once.

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::Money;
use crate::domain::receivable::DebtSide;

/// The tables and columns of one side.
struct Tables {
    debts: &'static str,
    payments: &'static str,
    /// The payments' column pointing at their debt.
    debt_id: &'static str,
    /// The sales or purchases the debts come from.
    documents: &'static str,
    /// The debts' column pointing at their document.
    document_id: &'static str,
    /// The document's number people know it by.
    number: &'static str,
    /// The debts' column pointing at the customer or supplier.
    party_id: &'static str,
    /// The payments' column tying a payment further: the drawer shift that took
    /// a customer's payment, the purchase return that settled a payable.
    link: &'static str,
}

impl Tables {
    /// `template` with `{debts}`, `{payments}`, `{debt_id}`, `{documents}`,
    /// `{document_id}`, `{number}`, `{party_id}` and `{link}` filled in.
    fn fill(&self, template: &str) -> String {
        [
            ("{debts}", self.debts),
            ("{payments}", self.payments),
            ("{debt_id}", self.debt_id),
            ("{documents}", self.documents),
            ("{document_id}", self.document_id),
            ("{number}", self.number),
            ("{party_id}", self.party_id),
            ("{link}", self.link),
        ]
        .into_iter()
        .fold(template.to_string(), |sql, (name, value)| sql.replace(name, value))
    }
}

fn tables(side: DebtSide) -> Tables {
    match side {
        DebtSide::Receivable => Tables {
            debts: "receivables",
            payments: "receivable_payments",
            debt_id: "receivable_id",
            documents: "sales",
            document_id: "sale_id",
            number: "invoice",
            party_id: "customer_id",
            link: "shift_id",
        },
        DebtSide::Payable => Tables {
            debts: "payables",
            payments: "payable_payments",
            debt_id: "payable_id",
            documents: "purchases",
            document_id: "purchase_id",
            number: "number",
            party_id: "supplier_id",
            link: "return_id",
        },
    }
}

/// Declares a side's `OpenRow`: what every debt row has (id; due date, amount
/// owed and paid, as of some instant; `balance()`) around the side's own fields,
/// which [`open`] reads in the order declared from the side's own columns.
macro_rules! open_row {
    ($(#[doc = $doc:literal])* { $($(#[doc = $field_doc:literal])* $field:ident: $ty:ty,)* }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct OpenRow {
            pub id: i64,
            $($(#[doc = $field_doc])* pub $field: $ty,)*
            pub due_date: jiff::civil::Date,
            pub amount: crate::domain::Money,
            pub paid: crate::domain::Money,
        }

        impl OpenRow {
            pub fn balance(&self) -> crate::domain::Money {
                super::debts::balance(self.amount, self.paid)
            }

            /// The row of an [`open`](super::debts::open) query.
            fn read(r: &rusqlite::Row<'_>, debt: super::debts::DebtColumns) -> rusqlite::Result<OpenRow> {
                let mut index = super::debts::OPEN_SIDE_COLUMNS;
                let mut next = || {
                    index += 1;
                    index - 1
                };
                Ok(OpenRow {
                    id: debt.id,
                    $($field: super::debts::Column::read(r, next())?,)*
                    due_date: debt.due_date,
                    amount: debt.amount,
                    paid: debt.paid,
                })
            }
        }
    };
}
pub(super) use open_row;

/// A value an [`open`] row holds in one of the side's own columns.
pub(super) trait Column: Sized {
    fn read(row: &Row<'_>, index: usize) -> rusqlite::Result<Self>;
}

/// The columns SQLite reads as they are.
macro_rules! plain_column {
    ($($ty:ty),*) => {$(
        impl Column for $ty {
            fn read(row: &Row<'_>, index: usize) -> rusqlite::Result<$ty> {
                row.get(index)
            }
        }
    )*};
}
plain_column!(i64, String, Option<String>);

impl Column for Date {
    fn read(row: &Row<'_>, index: usize) -> rusqlite::Result<Date> {
        date_column(row, index)
    }
}

/// What is still owed on a debt: never below zero.
pub fn balance(amount: Money, paid: Money) -> Money {
    amount.checked_sub(paid).unwrap_or(Money::ZERO)
}

/// A `YYYY-MM-DD` text column.
fn date_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Date> {
    let text: String = row.get(index)?;
    text.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

/// What a side's open-debts query adds to what every debt row has.
pub(super) struct OpenQuery {
    /// The side's own columns, read from index [`OPEN_SIDE_COLUMNS`] on. The debt
    /// is `y`, its sale or purchase `d`.
    pub columns: &'static str,
    /// The amount owed as of `?2` (or now, when `?2` is NULL).
    pub amount: &'static str,
    /// Joins bringing in the customer or supplier.
    pub joins: &'static str,
}

/// What every open debt row has, read by [`open`].
pub(super) struct DebtColumns {
    pub id: i64,
    pub due_date: Date,
    pub amount: Money,
    pub paid: Money,
}

/// Where a side's own columns start in an [`open`] row.
pub(super) const OPEN_SIDE_COLUMNS: usize = 5;

/// A side's debts with something still owed, of one party or all, oldest due
/// first, then by the time of their sale or purchase. With `before_ms`, as things
/// stood just before that instant: later debts are left out, later payments
/// ignored. `row` builds each from the common columns and the side's own.
pub(super) fn open<T>(
    conn: &Connection,
    side: DebtSide,
    query: &OpenQuery,
    (party_id, before_ms): (Option<i64>, Option<i64>),
    mut row: impl FnMut(&Row<'_>, DebtColumns) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let sql = tables(side)
        .fill(
            "SELECT * FROM (
            SELECT y.id, y.due_date, {amount} AS amount,
                   CASE WHEN ?2 IS NULL THEN y.paid
                        ELSE COALESCE((SELECT SUM(m.amount) FROM {payments} m
                                        WHERE m.{debt_id} = y.id AND m.at < ?2), 0) END AS paid,
                   d.at AS document_at, {columns}
              FROM {debts} y
              JOIN {documents} d ON d.id = y.{document_id}
              {joins}
             WHERE (?2 IS NULL OR y.created_at < ?2) AND (?1 IS NULL OR y.{party_id} = ?1))
          WHERE amount > paid
          ORDER BY due_date, document_at, id",
        )
        .replace("{columns}", query.columns)
        .replace("{amount}", query.amount)
        .replace("{joins}", query.joins);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![party_id, before_ms], |r| {
        let common = DebtColumns {
            id: r.get(0)?,
            due_date: date_column(r, 1)?,
            amount: Money::new(r.get(2)?),
            paid: Money::new(r.get(3)?),
        };
        row(r, common)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The debt of a sale or purchase: (id, amount, paid).
pub(super) fn of_document(conn: &Connection, side: DebtSide, document_id: i64) -> Result<Option<(i64, Money, Money)>> {
    let sql = tables(side).fill("SELECT id, amount, paid FROM {debts} WHERE {document_id} = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([document_id], |r| Ok((r.get(0)?, Money::new(r.get(1)?), Money::new(r.get(2)?))))
        .optional()?)
}

/// A payment on one debt, of either side.
#[derive(Debug, Clone)]
pub struct NewPayment<'a> {
    pub debt_id: i64,
    pub amount: Money,
    /// `cash`, `transfer` or `qris`; a payable may also be settled by `return`.
    pub method: &'a str,
    pub at: i64,
    pub user_id: Option<i64>,
    pub reference: &'a str,
}

/// What a payment is tied to besides its debt; it also says the debt's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentLink {
    /// A customer's payment on a receivable: the drawer shift that took it, if any.
    Shift(Option<i64>),
    /// A payment on a payable: the return to the supplier that settled it, if any.
    Return(Option<i64>),
}

/// Record a payment in its side's payments table and add it to the debt's `paid`.
pub fn insert_payment(conn: &Connection, p: &NewPayment<'_>, link: PaymentLink) -> Result<()> {
    let (side, link) = match link {
        PaymentLink::Shift(shift_id) => (DebtSide::Receivable, shift_id),
        PaymentLink::Return(return_id) => (DebtSide::Payable, return_id),
    };
    let t = tables(side);
    let sql = t.fill(
        "INSERT INTO {payments} ({debt_id}, amount, method, at, user_id, reference, {link})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    );
    conn.prepare_cached(&sql)?.execute(params![
        p.debt_id,
        p.amount.rupiah(),
        p.method,
        p.at,
        p.user_id,
        p.reference,
        link
    ])?;
    let sql = t.fill("UPDATE {debts} SET paid = paid + ?2 WHERE id = ?1");
    conn.prepare_cached(&sql)?.execute(params![p.debt_id, p.amount.rupiah()])?;
    Ok(())
}

/// A line of a customer's or supplier's account: what changed what is owed.
/// `K` is the side's kind of line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry<K> {
    pub at: i64,
    pub kind: K,
    /// The sale's invoice, or the purchase or return number.
    pub document: String,
    /// Payment method code, for payments.
    pub method: Option<String>,
    /// Payment reference, supplier invoice, return number or reason, void reason.
    pub note: String,
    /// Added to what is owed.
    pub added: Money,
    /// Taken off what is owed.
    pub taken: Money,
}

/// Run a side's ledger query for one party (`?1`). Its columns: at, ord, id, sub,
/// document, method, note, added, taken; `kind` names a line by its `ord` and `sub`.
pub(super) fn ledger<K>(
    conn: &Connection,
    sql: &str,
    party_id: i64,
    kind: fn(i64, i64) -> K,
) -> Result<Vec<LedgerEntry<K>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([party_id], |r| {
        Ok(LedgerEntry {
            at: r.get(0)?,
            kind: kind(r.get(1)?, r.get(3)?),
            document: r.get(4)?,
            method: r.get(5)?,
            note: r.get(6)?,
            added: Money::new(r.get(7)?),
            taken: Money::new(r.get(8)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// For `warung doctor`: debts of a side paid beyond their amount, or whose `paid`
/// differs from their payments.
pub fn problems(conn: &Connection, side: DebtSide) -> Result<Vec<crate::domain::doctor::Finding>> {
    use crate::domain::doctor::Finding;
    let t = tables(side);
    let sql = t.fill(
        "SELECT d.{number}, y.amount, y.paid, COALESCE((SELECT SUM(m.amount) FROM {payments} m
                                                       WHERE m.{debt_id} = y.id), 0) AS payments
           FROM {debts} y JOIN {documents} d ON d.id = y.{document_id}
          WHERE y.paid > y.amount OR y.paid <> payments
          ORDER BY y.id",
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        let (number, amount, paid, payments): (String, i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        Ok(if paid > amount {
            Finding::DebtOverpaid { side, number, paid, amount }
        } else {
            Finding::DebtPaymentsDiffer { side, number, paid, payments }
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
