//! Queries behind the reports (`crate::reports`). Each streams its rows to a
//! callback, which may stop early, so memory stays flat however many rows there are.
//! Instants are UTC epoch milliseconds; ranges are half-open, `from <= at < to`.

use std::collections::HashMap;
use std::ops::ControlFlow;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use super::summaries::StockMonthSums;
use crate::domain::{Money, Qty};

/// What a row callback says: go on, or stop reading.
pub type Flow = ControlFlow<()>;

pub(super) fn db<E: From<StoreError>>(e: rusqlite::Error) -> E {
    E::from(StoreError::from(e))
}

fn money(row: &Row<'_>, index: usize) -> rusqlite::Result<Money> {
    Ok(Money::new(row.get(index)?))
}

fn qty(row: &Row<'_>, index: usize) -> rusqlite::Result<Qty> {
    Ok(Qty::from_thousandths(row.get(index)?))
}

pub(super) fn text<'a>(row: &'a Row<'_>, index: usize) -> rusqlite::Result<&'a str> {
    Ok(row.get_ref(index)?.as_str()?)
}

pub(super) fn opt_text<'a>(row: &'a Row<'_>, index: usize) -> rusqlite::Result<Option<&'a str>> {
    Ok(row.get_ref(index)?.as_str_or_null()?)
}

/// Run `sql` and hand each row, mapped by `map`, to `each` until it says stop.
pub(super) fn stream<E, P>(
    conn: &Connection,
    sql: &str,
    params: P,
    mut each: impl FnMut(&Row<'_>) -> Result<Flow, E>,
) -> Result<(), E>
where
    E: From<StoreError>,
    P: rusqlite::Params,
{
    let mut stmt = conn.prepare_cached(sql).map_err(db)?;
    let mut rows = stmt.query(params).map_err(db)?;
    while let Some(row) = rows.next().map_err(db)? {
        if each(row)?.is_break() {
            break;
        }
    }
    Ok(())
}

// ---- The sales ledger: sold lines and returned lines ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Sale,
    Return,
}

impl DocKind {
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Sale => "sale",
            DocKind::Return => "return",
        }
    }
}

/// One line of the sales ledger: a line of a completed sale (at the sale's time),
/// or a line of a return (at the return's time). Voided sales are not in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerLine<'a> {
    pub kind: DocKind,
    /// The sale's or the return's id; with `kind`, unique.
    pub doc_id: i64,
    /// A sale's invoice, or a return's number (`INV/261123/0001-R1`).
    pub number: &'a str,
    /// The sale's invoice (also for a return).
    pub invoice: &'a str,
    pub at: i64,
    /// Who rang up the sale, or took the return.
    pub user_id: Option<i64>,
    /// Their full name, else user name.
    pub cashier: Option<&'a str>,
    pub customer_id: Option<i64>,
    pub customer_code: Option<&'a str>,
    pub customer_name: Option<&'a str>,
    pub item_id: i64,
    pub sku: &'a str,
    pub item: &'a str,
    pub category: Option<&'a str>,
    pub line_no: i64,
    /// Sold, or returned: positive either way.
    pub qty: Qty,
    pub unit_price: Money,
    pub tier: &'a str,
    /// A sold line's `line_total` (after its discount), or the returned part of it.
    pub value: Money,
    pub unit_cost: Money,
    /// The sold line's quantity and discount (a return takes its share of them).
    pub sold_qty: Qty,
    pub sold_discount: Money,
    /// The sum of the document's line values: a sale's subtotal, a return's lines total.
    pub doc_value: Money,
    /// What changed hands for the document: a sale's total, a return's refund.
    pub doc_amount: Money,
    /// The sale's whole-sale discount, tax and total (for a return: of its sale).
    pub sale_discount: Money,
    pub sale_tax: Money,
    pub sale_total: Money,
}

/// The columns and joins of a sale's ledger lines (the `WHERE` follows). Names of
/// the cashier, customer, item and category are not joined in: [`Names`] reads each
/// once per run.
macro_rules! sale_ledger_lines {
    () => {
        "SELECT 0 AS kind, s.id AS doc, s.invoice, s.invoice, s.at AS at, s.user_id, s.customer_id,
           l.item_id, l.line_no AS line_no, l.qty, l.unit_price, l.tier, l.line_total,
           l.unit_cost, l.qty, l.discount, s.subtotal, s.total, s.discount, s.tax, s.total
      FROM sales s
      JOIN sale_lines l ON l.sale_id = s.id"
    };
}

/// The columns and joins of a return's ledger lines (the `WHERE` follows).
macro_rules! return_ledger_lines {
    () => {
        "SELECT 1, r.id, r.number, s.invoice, r.at, r.user_id, s.customer_id,
           rl.item_id, rl.line_no, rl.qty, l.unit_price, l.tier, rl.line_total,
           rl.unit_cost, l.qty, l.discount, r.lines_total, r.amount, s.discount, s.tax, s.total
      FROM sale_returns r
      JOIN sale_return_lines rl ON rl.return_id = r.id
      JOIN sale_lines l ON l.id = rl.sale_line_id
      JOIN sales s ON s.id = r.sale_id"
    };
}

/// The sales ledger's query (`?1` and `?2` are the instants); public for the benchmark.
pub const LEDGER_LINES: &str = concat!(
    sale_ledger_lines!(),
    "
     WHERE s.at >= ?1 AND s.at < ?2 AND s.status = 'completed'
    UNION ALL
    ",
    return_ledger_lines!(),
    "
     WHERE r.at >= ?1 AND r.at < ?2
     ORDER BY at, kind, doc, line_no"
);

/// The names a ledger line shows, each read the first time its id comes up and
/// kept for the rest of the run. Joining them into every line cost about half of
/// reading a year's million lines (a b-tree descent into `items` per line, and into
/// `customers`, `users` and `categories`), against one lookup per distinct id. A
/// line whose item does not exist (only possible with foreign keys off) now fails the
/// report instead of being left out by the join.
#[derive(Default)]
struct Names {
    items: HashMap<i64, ItemLabel>,
    /// A user's full name, else user name (`None`: no such user).
    cashiers: HashMap<i64, Option<String>>,
    /// A customer's code and name (`None`: no such customer).
    customers: HashMap<i64, Option<(String, String)>>,
}

fn cached<T>(
    map: &mut HashMap<i64, T>,
    id: i64,
    read: impl FnOnce(i64) -> Result<T, StoreError>,
) -> Result<&T, StoreError> {
    Ok(match map.entry(id) {
        std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
        std::collections::hash_map::Entry::Vacant(new) => new.insert(read(id)?),
    })
}

fn cashier_name(conn: &Connection, user_id: i64) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(NULLIF(full_name, ''), username) FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?)
}

fn customer_code_and_name(conn: &Connection, customer_id: i64) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT code, name FROM customers WHERE id = ?1")?
        .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

impl Names {
    /// The line of `r` (a row of the ledger's columns above), with its names.
    fn line<'a>(&'a mut self, conn: &Connection, r: &'a Row<'_>) -> Result<LedgerLine<'a>, StoreError> {
        let user_id: Option<i64> = r.get(5)?;
        let customer_id: Option<i64> = r.get(6)?;
        let item_id: i64 = r.get(7)?;
        let cashier = match user_id {
            Some(id) => cached(&mut self.cashiers, id, |id| cashier_name(conn, id))?.as_deref(),
            None => None,
        };
        let customer = match customer_id {
            Some(id) => cached(&mut self.customers, id, |id| customer_code_and_name(conn, id))?.as_ref(),
            None => None,
        };
        let item = cached(&mut self.items, item_id, |id| item_label(conn, id))?;
        Ok(LedgerLine {
            kind: if r.get::<_, i64>(0)? == 0 { DocKind::Sale } else { DocKind::Return },
            doc_id: r.get(1)?,
            number: text(r, 2)?,
            invoice: text(r, 3)?,
            at: r.get(4)?,
            user_id,
            cashier,
            customer_id,
            customer_code: customer.map(|(code, _)| code.as_str()),
            customer_name: customer.map(|(_, name)| name.as_str()),
            item_id,
            sku: &item.sku,
            item: &item.name,
            category: item.category.as_deref(),
            line_no: r.get(8)?,
            qty: qty(r, 9)?,
            unit_price: money(r, 10)?,
            tier: text(r, 11)?,
            value: money(r, 12)?,
            unit_cost: money(r, 13)?,
            sold_qty: qty(r, 14)?,
            sold_discount: money(r, 15)?,
            doc_value: money(r, 16)?,
            doc_amount: money(r, 17)?,
            sale_discount: money(r, 18)?,
            sale_tax: money(r, 19)?,
            sale_total: money(r, 20)?,
        })
    }
}

/// Run a ledger query, handing each line with its names to `each`.
fn stream_ledger<E: From<StoreError>>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    mut each: impl FnMut(&LedgerLine<'_>) -> Result<Flow, E>,
) -> Result<(), E> {
    let mut names = Names::default();
    stream(conn, sql, params, |row| each(&names.line(conn, row)?))
}

/// The sales ledger between two instants, in time order; a document's lines are
/// together and in line order.
pub fn ledger_lines<E: From<StoreError>>(
    conn: &Connection,
    from: i64,
    to: i64,
    each: impl FnMut(&LedgerLine<'_>) -> Result<Flow, E>,
) -> Result<(), E> {
    stream_ledger(conn, LEDGER_LINES, params![from, to], each)
}

/// One document's ledger lines in line order: a sale's (whatever its status) or a return's.
pub fn document_lines<E: From<StoreError>>(
    conn: &Connection,
    kind: DocKind,
    doc_id: i64,
    each: impl FnMut(&LedgerLine<'_>) -> Result<Flow, E>,
) -> Result<(), E> {
    const SALE: &str = concat!(sale_ledger_lines!(), " WHERE s.id = ?1 ORDER BY l.line_no");
    const RETURN: &str = concat!(return_ledger_lines!(), " WHERE r.id = ?1 ORDER BY rl.line_no");
    let sql = match kind {
        DocKind::Sale => SALE,
        DocKind::Return => RETURN,
    };
    stream_ledger(conn, sql, params![doc_id], each)
}

/// An item's SKU, name and category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLabel {
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
}

pub fn item_label(conn: &Connection, item_id: i64) -> Result<ItemLabel, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT i.sku, i.name, c.name FROM items i LEFT JOIN categories c ON c.id = i.category_id WHERE i.id = ?1",
        )?
        .query_row([item_id], |r| Ok(ItemLabel { sku: r.get(0)?, name: r.get(1)?, category: r.get(2)? }))?)
}

/// Shifts closed between two instants, by user: (user, how many, counted − expected).
pub fn shift_differences(conn: &Connection, from: i64, to: i64) -> Result<Vec<(i64, i64, Money)>, StoreError> {
    let mut out = Vec::new();
    stream(
        conn,
        "SELECT user_id, COUNT(*), COALESCE(SUM(counted_cash - expected_cash), 0) FROM shifts
          WHERE closed_at >= ?1 AND closed_at < ?2 GROUP BY user_id",
        params![from, to],
        |r| {
            out.push((r.get(0)?, r.get(1)?, money(r, 2)?));
            Ok::<_, StoreError>(Flow::Continue(()))
        },
    )?;
    Ok(out)
}

// ---- Customers ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerLine<'a> {
    pub id: i64,
    pub code: &'a str,
    pub name: &'a str,
    /// Normalised digits (`628…`).
    pub phone: Option<&'a str>,
    pub active: bool,
    /// The days (summary day numbers) of their first and last completed sale up to
    /// the last day asked for.
    pub first_purchase: Option<i64>,
    pub last_purchase: Option<i64>,
}

/// Every customer by code, with the days of their first and last completed purchase
/// up to `last_day` (from the per-customer summary).
pub fn customers<E: From<StoreError>>(
    conn: &Connection,
    last_day: i64,
    mut each: impl FnMut(&CustomerLine<'_>) -> Result<Flow, E>,
) -> Result<(), E> {
    const SQL: &str = "
        SELECT c.id, c.code, c.name, c.phone, c.active,
               (SELECT MIN(d.day) FROM sales_by_customer_day d
                 WHERE d.customer_id = c.id AND d.transactions > 0 AND d.day <= ?1),
               (SELECT MAX(d.day) FROM sales_by_customer_day d
                 WHERE d.customer_id = c.id AND d.transactions > 0 AND d.day <= ?1)
          FROM customers c
         ORDER BY c.code";
    stream(conn, SQL, params![last_day], |r| {
        let line = (|| {
            Ok::<_, rusqlite::Error>(CustomerLine {
                id: r.get(0)?,
                code: text(r, 1)?,
                name: text(r, 2)?,
                phone: opt_text(r, 3)?,
                active: r.get(4)?,
                first_purchase: r.get(5)?,
                last_purchase: r.get(6)?,
            })
        })()
        .map_err(db)?;
        each(&line)
    })
}

// ---- Stock ----

/// One item's stock ledger over a range: what it held before, each kind of change
/// during, and what it held at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockLine<'a> {
    pub sku: &'a str,
    pub name: &'a str,
    pub category: Option<&'a str>,
    pub unit: &'a str,
    pub cost: Money,
    pub reorder_level: Qty,
    pub active: bool,
    /// Sum of every move before the range.
    pub opening: Qty,
    /// Purchases less purchase returns.
    pub purchases: Qty,
    /// Sold (positive: stock out).
    pub sales: Qty,
    /// Sale returns and voided sales (stock back).
    pub returns: Qty,
    /// Adjustments, and opening stock entered during the range.
    pub adjustments: Qty,
    /// Stock-count corrections.
    pub counts: Qty,
    /// Sum of every move before the end: `opening + purchases − sales + returns +
    /// adjustments + counts`.
    pub closing: Qty,
}

/// Every item by SKU with its stock: `moves` holds, per item id, the sum of its moves
/// before the range and its moves during it (thousandths; items without are zero).
pub fn stock_lines<E: From<StoreError>>(
    conn: &Connection,
    moves: &HashMap<i64, (i64, StockMonthSums)>,
    mut each: impl FnMut(&StockLine<'_>) -> Result<Flow, E>,
) -> Result<(), E> {
    const SQL: &str = "
        SELECT i.id, i.sku, i.name, c.name, u.code, i.cost, i.reorder_level, i.active
          FROM items i
          JOIN units u ON u.id = i.unit_id
          LEFT JOIN categories c ON c.id = i.category_id
         ORDER BY i.sku";
    stream(conn, SQL, [], |r| {
        let line = (|| {
            let (opening, during) = moves.get(&r.get(0)?).copied().unwrap_or_default();
            Ok::<_, rusqlite::Error>(StockLine {
                sku: text(r, 1)?,
                name: text(r, 2)?,
                category: opt_text(r, 3)?,
                unit: text(r, 4)?,
                cost: money(r, 5)?,
                reorder_level: qty(r, 6)?,
                active: r.get(7)?,
                opening: Qty::from_thousandths(opening),
                purchases: Qty::from_thousandths(during.purchases),
                sales: Qty::from_thousandths(-during.sales),
                returns: Qty::from_thousandths(during.returns),
                adjustments: Qty::from_thousandths(during.adjustments),
                counts: Qty::from_thousandths(during.counts),
                closing: Qty::from_thousandths(opening + during.total()),
            })
        })()
        .map_err(db)?;
        each(&line)
    })
}

/// Whether a category of that name exists (any case).
pub fn category_exists(conn: &Connection, name: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM categories WHERE name = ?1 COLLATE NOCASE)")?
        .query_row([name.trim()], |r| r.get(0))?)
}

// ---- Audit ----

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine<'a> {
    pub at: i64,
    pub username: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Audit rows with `from <= at < to`, oldest first; only `username`'s (any case) when
/// given, and only actions equal to `action` or starting with `action.` when given
/// (`sale` matches `sale.void` and `sale.price_override`).
pub fn audit_lines<E: From<StoreError>>(
    conn: &Connection,
    from: i64,
    to: i64,
    username: Option<&str>,
    action: Option<&str>,
    mut each: impl FnMut(&AuditLine<'_>) -> Result<Flow, E>,
) -> Result<(), E> {
    const SQL: &str = "
        SELECT a.at, u.username, a.action, a.entity, a.entity_id, a.before, a.after
          FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.at >= ?1 AND a.at < ?2
           AND (?3 IS NULL OR u.username = ?3 COLLATE NOCASE)
           AND (?4 IS NULL OR a.action = ?4 OR substr(a.action, 1, length(?4) + 1) = ?4 || '.')
         ORDER BY a.id";
    stream(conn, SQL, params![from, to, username, action], |r| {
        let line = (|| {
            Ok::<_, rusqlite::Error>(AuditLine {
                at: r.get(0)?,
                username: opt_text(r, 1)?,
                action: text(r, 2)?,
                entity: text(r, 3)?,
                entity_id: text(r, 4)?,
                before: opt_text(r, 5)?,
                after: opt_text(r, 6)?,
            })
        })()
        .map_err(db)?;
        each(&line)
    })
}
