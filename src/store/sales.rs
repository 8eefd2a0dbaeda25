//! Sales, their lines and payments, receivables and what was paid on them.
//!
//! Money model: a sale's payments add up to its `total`; `change_due` is the cash
//! handed back on top, so the cash tendered was the cash payment plus `change_due`.
//! A credit payment is the part of the total owed later, recorded as a receivable.

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, sequences};
use crate::domain::invoice_number::InvoiceFormat;
use crate::domain::receipt::{ReceiptLine, ReceiptPayment, SaleStatus, SaleSummary};
use crate::domain::{Money, PaymentMethod, PriceTier, Qty};

/// Where a sale came from: the till, a history import, or the demo generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaleSource {
    Pos,
    Import,
    Demo,
}

impl SaleSource {
    pub fn code(self) -> &'static str {
        match self {
            SaleSource::Pos => "pos",
            SaleSource::Import => "import",
            SaleSource::Demo => "demo",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewSale<'a> {
    pub invoice: &'a str,
    pub at: i64,
    pub user_id: Option<i64>,
    pub shift_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub tier: PriceTier,
    /// Sum of line totals (after line discounts).
    pub subtotal: Money,
    /// Whole-sale discount.
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
    pub change_due: Money,
    pub source: SaleSource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSaleLine {
    pub line_no: i64,
    pub item_id: i64,
    /// In the item's base unit (a carton of 40 scanned once is 40).
    pub qty: Qty,
    pub unit_price: Money,
    /// The tier that priced this line (a quantity break can beat the sale's tier).
    pub tier: PriceTier,
    pub discount: Money,
    pub line_total: Money,
    /// The item's cost when sold, so profit survives later cost changes.
    pub unit_cost: Money,
    pub price_overridden: bool,
}

/// The next invoice number for a sale on the shop-local `date`. The counter is named
/// `invoice:` + the format's scope, so `INV/{YYMMDD}/{SEQ:4}` restarts every day.
pub fn next_invoice(conn: &Connection, format: &InvoiceFormat, date: Date) -> Result<String> {
    let seq = sequences::next(conn, &format!("invoice:{}", format.sequence_scope(date)))?;
    Ok(format.render(date, seq.max(0) as u64))
}

pub fn insert_sale(conn: &Connection, sale: &NewSale<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO sales (invoice, at, user_id, shift_id, customer_id, tier, subtotal, discount, tax, total,
                            change_due, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        sale.invoice,
        sale.at,
        sale.user_id,
        sale.shift_id,
        sale.customer_id,
        sale.tier.code(),
        sale.subtotal.rupiah(),
        sale.discount.rupiah(),
        sale.tax.rupiah(),
        sale.total.rupiah(),
        sale.change_due.rupiah(),
        sale.source.code(),
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_line(conn: &Connection, sale_id: i64, line: &NewSaleLine) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sale_lines (sale_id, line_no, item_id, qty, unit_price, tier, discount, line_total, unit_cost,
                                 price_overridden)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        sale_id,
        line.line_no,
        line.item_id,
        line.qty.thousandths(),
        line.unit_price.rupiah(),
        line.tier.code(),
        line.discount.rupiah(),
        line.line_total.rupiah(),
        line.unit_cost.rupiah(),
        line.price_overridden,
    ])?;
    Ok(())
}

pub fn insert_payment(
    conn: &Connection,
    sale_id: i64,
    method: PaymentMethod,
    amount: Money,
    reference: &str,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO sale_payments (sale_id, method, amount, reference) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![sale_id, method.code(), amount.rupiah(), reference])?;
    Ok(())
}

/// The unpaid (credit) part of a sale; returns the receivable's id.
pub fn insert_receivable(
    conn: &Connection,
    sale_id: i64,
    customer_id: i64,
    amount: Money,
    due_date: Date,
    created_at: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO receivables (sale_id, customer_id, amount, due_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![sale_id, customer_id, amount.rupiah(), due_date.to_string(), created_at])?;
    Ok(conn.last_insert_rowid())
}

/// Record a payment on a receivable and add it to the receivable's `paid`.
pub fn insert_receivable_payment(
    conn: &Connection,
    receivable_id: i64,
    amount: Money,
    method: PaymentMethod,
    at: i64,
    user_id: Option<i64>,
    reference: &str,
) -> Result<()> {
    let payment =
        super::debts::NewPayment { debt_id: receivable_id, amount, method: method.code(), at, user_id, reference };
    super::debts::insert_payment(conn, &payment, super::debts::PaymentLink::Shift(None))
}

/// Counts and sums over every completed sale: a cheap fingerprint of the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SalesTotals {
    pub sales: i64,
    pub lines: i64,
    pub total: Money,
    pub receivables: i64,
    /// Still owed on all receivables.
    pub receivable_balance: Money,
}

pub fn totals(conn: &Connection) -> Result<SalesTotals> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM sales WHERE status = 'completed'),
                (SELECT COUNT(*) FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.status = 'completed'),
                (SELECT COALESCE(SUM(total), 0) FROM sales WHERE status = 'completed'),
                (SELECT COUNT(*) FROM receivables),
                (SELECT COALESCE(SUM(amount - paid), 0) FROM receivables)",
        )?
        .query_row([], |r| {
            Ok(SalesTotals {
                sales: r.get(0)?,
                lines: r.get(1)?,
                total: Money::new(r.get(2)?),
                receivables: r.get(3)?,
                receivable_balance: Money::new(r.get(4)?),
            })
        })?)
}

/// Completed sales with `from <= at < to` (UTC epoch milliseconds).
pub fn count_between(conn: &Connection, from: i64, to: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM sales WHERE at >= ?1 AND at < ?2 AND status = 'completed'")?
        .query_row([from, to], |r| r.get(0))?)
}

// ---- Reading sales back: receipts, reprints, sales history ----

/// A sale's header as stored, with the cashier's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleHeader {
    pub id: i64,
    pub invoice: String,
    pub at: i64,
    /// Full name, else user name; `None` for sales made from the command line.
    pub cashier: Option<String>,
    pub customer_id: Option<i64>,
    pub tier: PriceTier,
    pub subtotal: Money,
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
    pub change_due: Money,
    pub status: SaleStatus,
    pub void_reason: Option<String>,
}

pub fn sale_header(conn: &Connection, sale_id: i64) -> Result<Option<SaleHeader>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.id, s.invoice, s.at, COALESCE(NULLIF(u.full_name, ''), u.username), s.customer_id, s.tier,
                    s.subtotal, s.discount, s.tax, s.total, s.change_due, s.status, s.void_reason
               FROM sales s LEFT JOIN users u ON u.id = s.user_id
              WHERE s.id = ?1",
        )?
        .query_row([sale_id], |r| {
            let tier: String = r.get(5)?;
            let status: String = r.get(11)?;
            Ok(SaleHeader {
                id: r.get(0)?,
                invoice: r.get(1)?,
                at: r.get(2)?,
                cashier: r.get(3)?,
                customer_id: r.get(4)?,
                tier: tier.parse().unwrap_or_default(),
                subtotal: Money::new(r.get(6)?),
                discount: Money::new(r.get(7)?),
                tax: Money::new(r.get(8)?),
                total: Money::new(r.get(9)?),
                change_due: Money::new(r.get(10)?),
                status: status.parse().unwrap_or(SaleStatus::Completed),
                void_reason: r.get(12)?,
            })
        })
        .optional()?)
}

pub fn sale_id_by_invoice(conn: &Connection, invoice: &str) -> Result<Option<i64>> {
    Ok(conn.prepare_cached("SELECT id FROM sales WHERE invoice = ?1")?.query_row([invoice], |r| r.get(0)).optional()?)
}

/// A sale's lines in order, with each item's SKU, name and unit.
pub fn sale_lines(conn: &Connection, sale_id: i64) -> Result<Vec<ReceiptLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_no, i.sku, i.name, u.code, l.qty, l.unit_price, l.tier, l.discount, l.line_total
           FROM sale_lines l JOIN items i ON i.id = l.item_id JOIN units u ON u.id = i.unit_id
          WHERE l.sale_id = ?1
          ORDER BY l.line_no",
    )?;
    let rows = stmt.query_map([sale_id], |r| {
        let tier: String = r.get(6)?;
        let discount = Money::new(r.get(7)?);
        let total = Money::new(r.get(8)?);
        Ok(ReceiptLine {
            line_no: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            qty: Qty::from_thousandths(r.get(4)?),
            unit_price: Money::new(r.get(5)?),
            tier: tier.parse().unwrap_or_default(),
            gross: total.checked_add(discount).unwrap_or(total),
            discount,
            total,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A sale's payments as stored (cash net of change), in the order they were given.
pub fn sale_payments(conn: &Connection, sale_id: i64) -> Result<Vec<ReceiptPayment>> {
    let mut stmt =
        conn.prepare_cached("SELECT method, amount, reference FROM sale_payments WHERE sale_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([sale_id], |r| {
        let method: String = r.get(0)?;
        Ok(ReceiptPayment {
            method: method.parse().unwrap_or(PaymentMethod::Cash),
            amount: Money::new(r.get(1)?),
            reference: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The due date of a sale's credit part, if it had one.
pub fn receivable_due_date(conn: &Connection, sale_id: i64) -> Result<Option<Date>> {
    let due: Option<String> = conn
        .prepare_cached("SELECT due_date FROM receivables WHERE sale_id = ?1")?
        .query_row([sale_id], |r| r.get(0))
        .optional()?;
    Ok(due.and_then(|d| d.parse().ok()))
}

/// What the customer owed right after the sale `sale_id` made at `at`: the credit of
/// their completed sales up to and including it, less what they had paid back by then.
pub fn customer_balance_after(conn: &Connection, customer_id: i64, sale_id: i64, at: i64) -> Result<Money> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(r.amount - COALESCE((SELECT SUM(p.amount) FROM receivable_payments p
                                                      WHERE p.receivable_id = r.id AND p.at <= ?3), 0)), 0)
               FROM receivables r JOIN sales s ON s.id = r.sale_id
              WHERE r.customer_id = ?1 AND s.status = 'completed'
                AND (s.at < ?3 OR (s.at = ?3 AND s.id <= ?2))",
        )?
        .query_row(params![customer_id, sale_id, at], |r| Ok(Money::new(r.get(0)?)))?)
}

/// The newest sales first (completed and void), for the sales history.
pub fn recent_sales(conn: &Connection, limit: usize) -> Result<Vec<SaleSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.invoice, s.at, c.name, s.total, s.status
           FROM sales s LEFT JOIN customers c ON c.id = s.customer_id
          ORDER BY s.at DESC, s.id DESC
          LIMIT ?1",
    )?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
        let status: String = r.get(5)?;
        Ok(SaleSummary {
            id: r.get(0)?,
            invoice: r.get(1)?,
            at: r.get(2)?,
            customer_name: r.get(3)?,
            total: Money::new(r.get(4)?),
            status: status.parse().unwrap_or(SaleStatus::Completed),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sales that do not add up, one line each (for `warung doctor`): a sale without
/// lines, lines that do not sum to the subtotal, a total that is not subtotal −
/// discount + tax, or kept payments (stored net of change) that differ from the total.
pub fn problems(conn: &Connection) -> Result<Vec<crate::domain::doctor::Finding>> {
    use crate::domain::doctor::Finding;
    let mut stmt = conn.prepare(
        "SELECT s.invoice, s.subtotal, s.discount, s.tax, s.total,
                COALESCE(l.n, 0), COALESCE(l.sum, 0), COALESCE(p.sum, 0)
           FROM sales s
           LEFT JOIN (SELECT sale_id, COUNT(*) AS n, SUM(line_total) AS sum FROM sale_lines GROUP BY sale_id) l
                  ON l.sale_id = s.id
           LEFT JOIN (SELECT sale_id, SUM(amount) AS sum FROM sale_payments GROUP BY sale_id) p ON p.sale_id = s.id
          WHERE COALESCE(l.n, 0) = 0
             OR COALESCE(l.sum, 0) <> s.subtotal
             OR s.total <> s.subtotal - s.discount + s.tax
             OR COALESCE(p.sum, 0) <> s.total
          ORDER BY s.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let invoice: String = r.get(0)?;
        let [subtotal, discount, tax, total, lines, line_sum, paid]: [i64; 7] =
            [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?];
        Ok(if lines == 0 {
            Finding::SaleWithoutLines { invoice }
        } else if line_sum != subtotal {
            Finding::SaleLinesDiffer { invoice, lines: line_sum, subtotal }
        } else if total != subtotal - discount + tax {
            Finding::SaleTotalDiffers { invoice, total, subtotal, discount, tax }
        } else {
            Finding::SalePaymentsDiffer { invoice, paid, total }
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn store_with_item_and_customer() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write(|tx| -> Result<()> {
                tx.execute("INSERT INTO units (code) VALUES ('PCS')", [])?;
                tx.execute(
                    "INSERT INTO items (id, sku, name, unit_id, price_retail, created_at, updated_at)
                     VALUES (1, 'IDM', 'Indomie Goreng', 1, 3500, 0, 0)",
                    [],
                )?;
                tx.execute(
                    "INSERT INTO customers (id, code, name, created_at, updated_at) VALUES (1, 'M1', 'Bu Sri', 0, 0)",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        store
    }

    #[test]
    fn writes_a_credit_sale_and_its_repayment() {
        let mut store = store_with_item_and_customer();
        let format = InvoiceFormat::parse("INV/{YYMMDD}/{SEQ:4}").unwrap();
        let day = jiff::civil::date(2026, 11, 23);
        store
            .write(|tx| -> Result<()> {
                let invoice = next_invoice(tx, &format, day)?;
                assert_eq!(invoice, "INV/261123/0001");
                let sale = NewSale {
                    invoice: &invoice,
                    at: 1_000,
                    user_id: None,
                    shift_id: None,
                    customer_id: Some(1),
                    tier: PriceTier::Retail,
                    subtotal: Money::new(7_000),
                    discount: Money::ZERO,
                    tax: Money::ZERO,
                    total: Money::new(7_000),
                    change_due: Money::ZERO,
                    source: SaleSource::Pos,
                };
                let id = insert_sale(tx, &sale)?;
                let line = NewSaleLine {
                    line_no: 1,
                    item_id: 1,
                    qty: Qty::from_units(2),
                    unit_price: Money::new(3_500),
                    tier: PriceTier::Retail,
                    discount: Money::ZERO,
                    line_total: Money::new(7_000),
                    unit_cost: Money::new(2_900),
                    price_overridden: false,
                };
                insert_line(tx, id, &line)?;
                insert_payment(tx, id, PaymentMethod::Credit, Money::new(7_000), "")?;
                let receivable = insert_receivable(tx, id, 1, Money::new(7_000), day, 1_000)?;
                insert_receivable_payment(tx, receivable, Money::new(5_000), PaymentMethod::Cash, 2_000, None, "")?;
                assert_eq!(next_invoice(tx, &format, day)?, "INV/261123/0002");
                Ok(())
            })
            .unwrap();
        let totals = totals(store.conn()).unwrap();
        assert_eq!(
            totals,
            SalesTotals {
                sales: 1,
                lines: 1,
                total: Money::new(7_000),
                receivables: 1,
                receivable_balance: Money::new(2_000)
            }
        );
        assert_eq!(count_between(store.conn(), 0, 1_001).unwrap(), 1);
        assert_eq!(count_between(store.conn(), 1_001, 5_000).unwrap(), 0);
    }
}
