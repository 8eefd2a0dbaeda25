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
    /// What `warung doctor` calls a debt of this side.
    label: &'static str,
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
}

impl Tables {
    /// `template` with `{debts}`, `{payments}`, `{debt_id}`, `{documents}`,
    /// `{document_id}`, `{number}` and `{party_id}` filled in.
    fn fill(&self, template: &str) -> String {
        [
            ("{debts}", self.debts),
            ("{payments}", self.payments),
            ("{debt_id}", self.debt_id),
            ("{documents}", self.documents),
            ("{document_id}", self.document_id),
            ("{number}", self.number),
            ("{party_id}", self.party_id),
        ]
        .into_iter()
        .fold(template.to_string(), |sql, (name, value)| sql.replace(name, value))
    }
}

fn tables(side: DebtSide) -> Tables {
    match side {
        DebtSide::Receivable => Tables {
            label: "receivable",
            debts: "receivables",
            payments: "receivable_payments",
            debt_id: "receivable_id",
            documents: "sales",
            document_id: "sale_id",
            number: "invoice",
            party_id: "customer_id",
        },
        DebtSide::Payable => Tables {
            label: "payable",
            debts: "payables",
            payments: "payable_payments",
            debt_id: "payable_id",
            documents: "purchases",
            document_id: "purchase_id",
            number: "number",
            party_id: "supplier_id",
        },
    }
}

/// What is still owed on a debt: never below zero.
pub fn balance(amount: Money, paid: Money) -> Money {
    amount.checked_sub(paid).unwrap_or(Money::ZERO)
}

/// A `YYYY-MM-DD` text column.
pub(super) fn date_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Date> {
    let text: String = row.get(index)?;
    text.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

/// The query for a side's debts with something still owed, of one party (`?1`) or
/// all, oldest due first, then by document time. With `?2`, as things stood just
/// before that instant: later debts are left out, later payments ignored. The debt
/// is `y`, its document `d`; `columns` come first, then `amount` (the amount owed
/// as of `?2`) and `paid`; `joins` bring in the party.
pub(super) fn open_sql(side: DebtSide, columns: &str, amount: &str, joins: &str) -> String {
    tables(side)
        .fill(
            "SELECT * FROM (
            SELECT {columns}, {amount} AS amount,
                   CASE WHEN ?2 IS NULL THEN y.paid
                        ELSE COALESCE((SELECT SUM(m.amount) FROM {payments} m
                                        WHERE m.{debt_id} = y.id AND m.at < ?2), 0) END AS paid,
                   d.at AS document_at
              FROM {debts} y
              JOIN {documents} d ON d.id = y.{document_id}
              {joins}
             WHERE (?2 IS NULL OR y.created_at < ?2) AND (?1 IS NULL OR y.{party_id} = ?1))
          WHERE amount > paid
          ORDER BY due_date, document_at, id",
        )
        .replace("{columns}", columns)
        .replace("{amount}", amount)
        .replace("{joins}", joins)
}

/// The debt of a sale or purchase: (id, amount, paid).
pub(super) fn of_document(conn: &Connection, side: DebtSide, document_id: i64) -> Result<Option<(i64, Money, Money)>> {
    let sql = tables(side).fill("SELECT id, amount, paid FROM {debts} WHERE {document_id} = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([document_id], |r| Ok((r.get(0)?, Money::new(r.get(1)?), Money::new(r.get(2)?))))
        .optional()?)
}

/// Add a payment just recorded in the side's payments table to its debt's `paid`.
pub(super) fn add_paid(conn: &Connection, side: DebtSide, debt_id: i64, amount: Money) -> Result<()> {
    let sql = tables(side).fill("UPDATE {debts} SET paid = paid + ?2 WHERE id = ?1");
    conn.prepare_cached(&sql)?.execute(params![debt_id, amount.rupiah()])?;
    Ok(())
}

/// For `warung doctor`: debts of a side paid beyond their amount, or whose `paid`
/// differs from their payments.
pub fn problems(conn: &Connection, side: DebtSide) -> Result<Vec<String>> {
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
            format!("{}: {number} is paid {paid}, more than its amount {amount}", t.label)
        } else {
            format!("{}: {number} shows {paid} paid but its payments add up to {payments}", t.label)
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
