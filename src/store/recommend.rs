//! What recommendations read and keep: baskets of completed sales, each customer's
//! purchase days per item, the precomputed partners per item, and the refill
//! reminders (sent or held out). A line wholly returned is not in its basket; voided
//! sales never count.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

/// The items of each completed sale in `start <= at < end`, one basket at a time
/// (lines wholly returned left out; an item may repeat within a basket).
pub fn baskets(conn: &Connection, start: i64, end: i64, mut each: impl FnMut(&[i64])) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.sale_id, l.item_id FROM sales s JOIN sale_lines l ON l.sale_id = s.id
          WHERE s.status = 'completed' AND s.at >= ?1 AND s.at < ?2 AND l.qty > l.returned_qty
          ORDER BY l.sale_id",
    )?;
    let mut rows = stmt.query(params![start, end])?;
    let (mut current, mut basket) = (None, Vec::new());
    while let Some(r) = rows.next()? {
        let (sale, item): (i64, i64) = (r.get(0)?, r.get(1)?);
        if current != Some(sale) {
            if !basket.is_empty() {
                each(&basket);
            }
            basket.clear();
            current = Some(sale);
        }
        basket.push(item);
    }
    if !basket.is_empty() {
        each(&basket);
    }
    Ok(())
}

/// An item as reports and the till name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLabel {
    pub sku: String,
    pub name: String,
    pub active: bool,
}

/// Sku, name and whether it is still sold, of each of `ids` that exists.
pub fn item_labels(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, ItemLabel>> {
    let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut stmt =
        conn.prepare_cached("SELECT id, sku, name, active FROM items WHERE id IN (SELECT value FROM json_each(?1))")?;
    let rows = stmt.query_map([json], |r| {
        Ok((r.get(0)?, ItemLabel { sku: r.get(1)?, name: r.get(2)?, active: r.get::<_, i64>(3)? == 1 }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every completed purchase before `end` by a customer of an item still sold:
/// (customer, item, instant), by customer, item and time.
pub fn customer_item_purchases(conn: &Connection, end: i64, mut each: impl FnMut(i64, i64, i64)) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.customer_id, l.item_id, s.at FROM sales s
           JOIN sale_lines l ON l.sale_id = s.id
           JOIN items i ON i.id = l.item_id AND i.active = 1
          WHERE s.status = 'completed' AND s.customer_id IS NOT NULL AND s.at < ?1 AND l.qty > l.returned_qty
          ORDER BY s.customer_id, l.item_id, s.at",
    )?;
    let mut rows = stmt.query([end])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?, r.get(2)?);
    }
    Ok(())
}

/// A customer as the refill report shows them, and whether marketing may reach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerContact {
    pub code: String,
    pub name: String,
    pub phone: Option<String>,
    pub reachable: bool,
}

pub fn customer_contacts(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, CustomerContact>> {
    let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let sql = format!(
        "SELECT c.id, c.code, c.name, NULLIF(c.phone, ''), {} FROM customers c
          WHERE c.id IN (SELECT value FROM json_each(?1))",
        super::campaigns::REACHABLE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([json], |r| {
        Ok((r.get(0)?, CustomerContact { code: r.get(1)?, name: r.get(2)?, phone: r.get(3)?, reachable: r.get(4)? }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One precomputed partner of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartnerRow {
    pub item_id: i64,
    pub rank: i64,
    pub partner_id: i64,
    pub pairs: i64,
    pub confidence: i64,
    pub lift: i64,
}

/// Replace every item's partners with `rows`, counted up to shop day `day`
/// (`YYYY-MM-DD`), in the caller's transaction.
pub fn replace_partners(conn: &Connection, rows: &[PartnerRow], day: &str, at: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM item_partners")?.execute([])?;
    conn.prepare_cached(
        "INSERT INTO partners_refreshed (id, partners_day, at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET partners_day = excluded.partners_day, at = excluded.at",
    )?
    .execute(params![day, at])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO item_partners (item_id, rank, partner_id, pairs, confidence, lift)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in rows {
        insert.execute(params![p.item_id, p.rank, p.partner_id, p.pairs, p.confidence, p.lift])?;
    }
    Ok(())
}

/// A suggestion: an item often bought with another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
}

/// The stored partners of `item_id` that are still sold, best first (an indexed read
/// of a few rows: the till calls it when an item is added).
pub fn partners_of(conn: &Connection, item_id: i64) -> Result<Vec<Suggestion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.sku, i.name FROM item_partners p JOIN items i ON i.id = p.partner_id AND i.active = 1
          WHERE p.item_id = ?1 ORDER BY p.rank",
    )?;
    let rows = stmt.query_map([item_id], |r| Ok(Suggestion { item_id: r.get(0)?, sku: r.get(1)?, name: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Up to `limit` items for `customer_id`: stored partners of what they bought since
/// `usual_since`, not bought by them since `recent_since`, still sold; best lift first.
pub fn recommended_for(
    conn: &Connection,
    customer_id: i64,
    usual_since: i64,
    recent_since: i64,
    limit: usize,
) -> Result<Vec<Suggestion>> {
    let mut stmt = conn.prepare_cached(
        "WITH bought AS (
             SELECT l.item_id, MAX(s.at) AS last_at FROM sales s JOIN sale_lines l ON l.sale_id = s.id
              WHERE s.customer_id = ?1 AND s.status = 'completed' AND s.at >= ?2 AND l.qty > l.returned_qty
              GROUP BY l.item_id)
         SELECT i.id, i.sku, i.name FROM item_partners p
           JOIN items i ON i.id = p.partner_id AND i.active = 1
          WHERE p.item_id IN (SELECT item_id FROM bought)
            AND p.partner_id NOT IN (SELECT item_id FROM bought WHERE last_at >= ?3)
          GROUP BY i.id
          ORDER BY MAX(p.lift) DESC, SUM(p.pairs) DESC, i.id
          LIMIT ?4",
    )?;
    let rows = stmt.query_map(params![customer_id, usual_since, recent_since, limit as i64], |r| {
        Ok(Suggestion { item_id: r.get(0)?, sku: r.get(1)?, name: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The shop day (`YYYY-MM-DD`) the partners were last counted up to, if ever.
pub fn partners_day(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT partners_day FROM partners_refreshed WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// The last day (`YYYY-MM-DD`) the refill trigger chose `customer_id`, sent or held out.
pub fn last_refill_day(conn: &Connection, customer_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT MAX(day) FROM refill_reminders WHERE customer_id = ?1")?
        .query_row([customer_id], |r| r.get(0))?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRefill<'a> {
    pub customer_id: i64,
    pub day: &'a str,
    pub at: i64,
    pub holdout: bool,
    pub items_json: &'a str,
    pub outbox_id: Option<i64>,
}

/// Record the trigger's choice; false if this customer was chosen on this day already.
pub fn insert_refill(conn: &Connection, r: &NewRefill<'_>) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO refill_reminders (customer_id, day, at, holdout, items, outbox_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (customer_id, day) DO NOTHING",
        )?
        .execute(params![r.customer_id, r.day, r.at, r.holdout, r.items_json, r.outbox_id])?;
    Ok(n == 1)
}

/// One refill reminder as its results are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefillEvent {
    pub customer_id: i64,
    pub holdout: bool,
    pub at: i64,
    /// When its message was handed to the provider (None: held out, or not sent).
    pub sent_at: Option<i64>,
}

/// Refill reminders chosen in `start <= at < end`, by customer then time.
pub fn refill_events(conn: &Connection, start: i64, end: i64) -> Result<Vec<RefillEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.customer_id, r.holdout, r.at, o.sent_at FROM refill_reminders r
           LEFT JOIN outbox o ON o.id = r.outbox_id
          WHERE r.at >= ?1 AND r.at < ?2 ORDER BY r.customer_id, r.at",
    )?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok(RefillEvent { customer_id: r.get(0)?, holdout: r.get::<_, i64>(1)? == 1, at: r.get(2)?, sent_at: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Note that a suggested item was added at the till.
pub fn insert_suggestion_add(conn: &Connection, user_id: Option<i64>, item_id: i64, at: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO suggestion_adds (at, user_id, item_id) VALUES (?1, ?2, ?3)")?
        .execute(params![at, user_id, item_id])?;
    Ok(())
}

/// Each suggested item added in `start <= at < end`: the net of that item's lines in
/// the same cashier's next completed sale within `within_ms` (None: not sold).
pub fn suggestion_outcomes(conn: &Connection, start: i64, end: i64, within_ms: i64) -> Result<Vec<Option<i64>>> {
    let mut stmt = conn.prepare_cached(
        "WITH adds AS (
             SELECT a.id, a.item_id,
                    (SELECT s.id FROM sales s
                      WHERE s.user_id IS a.user_id AND s.at >= a.at AND s.at < a.at + ?3
                      ORDER BY s.at, s.id LIMIT 1) AS sale_id
               FROM suggestion_adds a WHERE a.at >= ?1 AND a.at < ?2)
         SELECT (SELECT SUM(l.line_total) FROM sale_lines l JOIN sales s ON s.id = l.sale_id
                  WHERE l.sale_id = adds.sale_id AND s.status = 'completed' AND l.item_id = adds.item_id
                    AND l.qty > l.returned_qty)
           FROM adds ORDER BY adds.id",
    )?;
    let rows = stmt.query_map(params![start, end, within_ms], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use rusqlite_migration::{M, Migrations};

    use super::*;
    use crate::store::{MIGRATION_SQL, Store};

    /// 0016 rebuilds message_templates for the kind `refill`: a shop's edited templates
    /// and their WhatsApp states survive it.
    #[test]
    fn upgrading_keeps_edited_templates_and_adds_refill() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let mut conn = Connection::open(&path).unwrap();
        let before: Vec<M<'_>> = MIGRATION_SQL[..MIGRATION_SQL.len() - 1].iter().map(|sql| M::up(sql)).collect();
        Migrations::new(before).to_latest(&mut conn).unwrap();
        conn.execute(
            "UPDATE message_templates SET body = 'Diskon!', platform_status = 'APPROVED', platform_id = '77'
              WHERE key = 'promo'",
            [],
        )
        .unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        let promo: (String, String, String) = store
            .conn()
            .query_row(
                "SELECT body, platform_status, platform_id FROM message_templates WHERE key = 'promo'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(promo, ("Diskon!".into(), "APPROVED".into(), "77".into()));
        let refill = crate::store::message_templates::get(store.conn(), "refill").unwrap().unwrap();
        assert_eq!(
            (refill.kind.as_str(), refill.wa_params.as_str()),
            ("refill", r#"["customer_name","items","store_name"]"#)
        );
        let bogus = store.conn().execute(
            "INSERT INTO message_templates (key, kind, body, wa_name, updated_at) VALUES ('x', 'bogus', 'x', 'x', 0)",
            [],
        );
        assert!(bogus.is_err(), "the kind is still checked");
    }
}
