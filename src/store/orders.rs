//! WhatsApp orders and their lines. An order is no sale: it moves no stock until the
//! cashier completes it at the till.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use super::reports::{Flow, db, opt_text, stream, text};
use crate::domain::{Money, Qty};

pub struct NewOrder<'a> {
    pub at: i64,
    pub phone: &'a str,
    pub customer_id: Option<i64>,
    pub note: &'a str,
}

pub struct NewOrderLine<'a> {
    pub item_id: i64,
    pub qty: Qty,
    pub unit_price: Money,
    pub tier: &'a str,
    pub asked: &'a str,
}

/// Store a new order with its lines; returns its id.
pub fn insert(conn: &Connection, order: &NewOrder<'_>, lines: &[NewOrderLine<'_>]) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO orders (created_at, phone, customer_id, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?1)",
    )?
    .execute(params![order.at, order.phone, order.customer_id, order.note])?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, line_no, item_id, qty, unit_price, tier, asked)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (n, line) in lines.iter().enumerate() {
        stmt.execute(params![
            id,
            n as i64 + 1,
            line.item_id,
            line.qty.thousandths(),
            line.unit_price.rupiah(),
            line.tier,
            line.asked
        ])?;
    }
    Ok(id)
}

/// The newest order of `phone` created since `since` in one of `statuses`: (id, status).
pub fn latest_of(conn: &Connection, phone: &str, statuses: &[&str], since: i64) -> Result<Option<(i64, String)>> {
    let wanted = statuses.join(",");
    Ok(conn
        .prepare_cached(
            "SELECT id, status FROM orders
              WHERE phone = ?1 AND created_at >= ?3 AND instr(',' || ?2 || ',', ',' || status || ',') > 0
              ORDER BY created_at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![phone, wanted, since], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Move order `id` from `from` to `to`; false if it was not in `from`.
pub fn set_status(conn: &Connection, id: i64, from: &str, to: &str, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE orders SET status = ?3, updated_at = ?4,
                    confirmed_at = CASE WHEN ?3 = 'confirmed' THEN ?4 ELSE confirmed_at END,
                    closed_at = CASE WHEN ?3 IN ('completed', 'cancelled') THEN ?4 ELSE closed_at END
              WHERE id = ?1 AND status = ?2",
        )?
        .execute(params![id, from, to, now])?;
    Ok(n == 1)
}

/// An open order is completed by the sale that rang it up; false if it was not open.
pub fn complete(conn: &Connection, id: i64, sale_id: i64, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE orders SET status = 'completed', sale_id = ?2, closed_at = ?3, updated_at = ?3
              WHERE id = ?1 AND status IN ('new', 'confirmed')",
        )?
        .execute(params![id, sale_id, now])?;
    Ok(n == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineRow {
    pub item_id: i64,
    pub name: String,
    pub unit: String,
    pub qty: Qty,
    pub unit_price: Money,
    pub asked: String,
}

impl OrderLineRow {
    pub fn total(&self) -> Money {
        self.unit_price.times_qty(self.qty).unwrap_or(Money::ZERO)
    }
}

pub fn lines(conn: &Connection, order_id: i64) -> Result<Vec<OrderLineRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.item_id, i.name, u.code, l.qty, l.unit_price, l.asked
           FROM order_lines l JOIN items i ON i.id = l.item_id JOIN units u ON u.id = i.unit_id
          WHERE l.order_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = stmt.query_map([order_id], |r| {
        Ok(OrderLineRow {
            item_id: r.get(0)?,
            name: r.get(1)?,
            unit: r.get(2)?,
            qty: Qty::from_thousandths(r.get(3)?),
            unit_price: Money::new(r.get(4)?),
            asked: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One order as the `orders` report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine<'a> {
    pub id: i64,
    pub created_at: i64,
    pub phone: &'a str,
    pub customer_code: Option<&'a str>,
    pub customer_name: Option<&'a str>,
    pub status: &'a str,
    pub lines: i64,
    pub total: Money,
    pub invoice: Option<&'a str>,
}

/// Orders created in `from <= created_at < to`, oldest first.
pub fn report_lines<E: From<super::StoreError>>(
    conn: &Connection,
    from: i64,
    to: i64,
    mut each: impl FnMut(&ReportLine<'_>) -> std::result::Result<Flow, E>,
) -> std::result::Result<(), E> {
    const SQL: &str = "
        SELECT o.id, o.created_at, o.phone, c.code, c.name, o.status,
               (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id),
               (SELECT COALESCE(SUM((l.unit_price * l.qty + 500) / 1000), 0) FROM order_lines l WHERE l.order_id = o.id),
               s.invoice
          FROM orders o
          LEFT JOIN customers c ON c.id = o.customer_id
          LEFT JOIN sales s ON s.id = o.sale_id
         WHERE o.created_at >= ?1 AND o.created_at < ?2
         ORDER BY o.created_at, o.id";
    stream(conn, SQL, params![from, to], |r: &Row<'_>| {
        let line = (|| {
            Ok::<_, rusqlite::Error>(ReportLine {
                id: r.get(0)?,
                created_at: r.get(1)?,
                phone: text(r, 2)?,
                customer_code: opt_text(r, 3)?,
                customer_name: opt_text(r, 4)?,
                status: text(r, 5)?,
                lines: r.get(6)?,
                total: Money::new(r.get(7)?),
                invoice: opt_text(r, 8)?,
            })
        })()
        .map_err(db)?;
        each(&line)
    })
}

/// (status, customer id) of order `id`.
pub fn status_of(conn: &Connection, id: i64) -> Result<Option<(String, Option<i64>)>> {
    Ok(conn
        .prepare_cached("SELECT status, customer_id FROM orders WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// An order the cashier may ring up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRow {
    pub id: i64,
    pub created_at: i64,
    pub phone: String,
    pub customer_name: Option<String>,
    pub status: String,
}

/// New and confirmed orders, oldest first.
pub fn open(conn: &Connection) -> Result<Vec<OpenRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.created_at, o.phone, c.name, o.status
           FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
          WHERE o.status IN ('new', 'confirmed') ORDER BY o.created_at, o.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(OpenRow {
            id: r.get(0)?,
            created_at: r.get(1)?,
            phone: r.get(2)?,
            customer_name: r.get(3)?,
            status: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
