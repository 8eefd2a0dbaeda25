//! Categories, units, items and their barcodes.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::master::{BarcodeSpec, ItemData};
use crate::domain::{Money, PriceList, Qty};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: i64,
    pub data: ItemData,
    pub on_hand: Qty,
    pub active: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    /// Matches sku or name (substring, any case) or a barcode exactly.
    pub text: String,
    pub include_archived: bool,
    pub limit: usize,
}

const SELECT_ITEM: &str = "
    SELECT i.id, i.sku, i.name, c.name, u.code, i.cost, i.price_retail,
           i.price_wholesale1, i.min_qty_wholesale1, i.price_wholesale2, i.min_qty_wholesale2,
           i.reorder_level, i.on_hand, i.active,
           (SELECT group_concat(b.factor || ':' || b.code, '|')
              FROM (SELECT * FROM item_barcodes WHERE item_id = i.id ORDER BY factor, code) b)
      FROM items i
      JOIN units u ON u.id = i.unit_id
      LEFT JOIN categories c ON c.id = i.category_id";

fn map_item(row: &Row<'_>) -> rusqlite::Result<ItemRow> {
    // `factor:code|factor:code`; codes never contain ':' or '|' (see barcode::validate).
    let barcode_text: Option<String> = row.get(14)?;
    let barcodes = barcode_text
        .iter()
        .flat_map(|t| t.split('|'))
        .filter_map(|pair| pair.split_once(':'))
        .map(|(factor, code)| BarcodeSpec {
            code: code.to_string(),
            factor: Qty::from_thousandths(factor.parse().unwrap_or(1000)),
        })
        .collect();
    Ok(ItemRow {
        id: row.get(0)?,
        data: ItemData {
            sku: row.get(1)?,
            name: row.get(2)?,
            category: row.get(3)?,
            unit: row.get(4)?,
            cost: Money::new(row.get(5)?),
            prices: PriceList {
                retail: Money::new(row.get(6)?),
                wholesale1: row.get::<_, Option<i64>>(7)?.map(Money::new),
                min_qty_wholesale1: row.get::<_, Option<i64>>(8)?.map(Qty::from_thousandths),
                wholesale2: row.get::<_, Option<i64>>(9)?.map(Money::new),
                min_qty_wholesale2: row.get::<_, Option<i64>>(10)?.map(Qty::from_thousandths),
            },
            reorder_level: Qty::from_thousandths(row.get(11)?),
            barcodes,
        },
        on_hand: Qty::from_thousandths(row.get(12)?),
        active: row.get(13)?,
    })
}

pub fn list(conn: &Connection, filter: &ItemFilter) -> Result<Vec<ItemRow>> {
    let pattern = super::contains_pattern(&filter.text);
    let sql = format!(
        "{SELECT_ITEM}
         WHERE (?1 OR i.active = 1)
           AND (?2 = '%%' OR i.sku LIKE ?2 ESCAPE '\\' OR i.name LIKE ?2 ESCAPE '\\'
                OR i.id IN (SELECT item_id FROM item_barcodes WHERE code = ?3))
         ORDER BY i.name COLLATE NOCASE, i.id
         LIMIT ?4"
    );
    let limit = if filter.limit == 0 { i64::MAX } else { filter.limit as i64 };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![filter.include_archived, pattern, filter.text.trim(), limit], map_item)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<ItemRow>> {
    let sql = format!("{SELECT_ITEM} WHERE i.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], map_item).optional()?)
}

pub fn id_by_sku(conn: &Connection, sku: &str) -> Result<Option<i64>> {
    Ok(conn.prepare_cached("SELECT id FROM items WHERE sku = ?1")?.query_row([sku], |r| r.get(0)).optional()?)
}

/// The item that already carries `code`: (item id, sku, name).
pub fn barcode_owner(conn: &Connection, code: &str) -> Result<Option<(i64, String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT i.id, i.sku, i.name FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE b.code = ?1",
        )?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Scan lookup: the item and how many base units one scan of `code` is.
pub fn lookup_barcode(conn: &Connection, code: &str) -> Result<Option<(i64, Qty)>> {
    Ok(conn
        .prepare_cached("SELECT item_id, factor FROM item_barcodes WHERE code = ?1")?
        .query_row([code], |r| Ok((r.get(0)?, Qty::from_thousandths(r.get(1)?))))
        .optional()?)
}

pub fn category_id_or_create(conn: &Connection, name: &str) -> Result<i64> {
    conn.prepare_cached("INSERT INTO categories (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?.execute([name])?;
    Ok(conn.prepare_cached("SELECT id FROM categories WHERE name = ?1")?.query_row([name], |r| r.get(0))?)
}

pub fn unit_id_or_create(conn: &Connection, code: &str) -> Result<i64> {
    conn.prepare_cached("INSERT INTO units (code, name) VALUES (?1, ?1) ON CONFLICT (code) DO NOTHING")?
        .execute([code])?;
    Ok(conn.prepare_cached("SELECT id FROM units WHERE code = ?1")?.query_row([code], |r| r.get(0))?)
}

/// (name, number of active items) for every category.
pub fn categories(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.name, (SELECT COUNT(*) FROM items i WHERE i.category_id = c.id AND i.active = 1)
           FROM categories c ORDER BY c.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn units(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT code FROM units ORDER BY code")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn write_fields(conn: &Connection, sql: &str, id_or_now: (Option<i64>, i64), data: &ItemData) -> Result<i64> {
    let category_id = data.category.as_deref().map(|c| category_id_or_create(conn, c)).transpose()?;
    let unit_id = unit_id_or_create(conn, &data.unit)?;
    let p = &data.prices;
    conn.prepare_cached(sql)?.execute(params![
        id_or_now.0,
        data.sku,
        data.name,
        category_id,
        unit_id,
        data.cost.rupiah(),
        p.retail.rupiah(),
        p.wholesale1.map(Money::rupiah),
        p.min_qty_wholesale1.map(Qty::thousandths),
        p.wholesale2.map(Money::rupiah),
        p.min_qty_wholesale2.map(Qty::thousandths),
        data.reorder_level.thousandths(),
        id_or_now.1,
    ])?;
    Ok(id_or_now.0.unwrap_or_else(|| conn.last_insert_rowid()))
}

/// Insert an item without barcodes (see [`replace_barcodes`]); returns its id.
pub fn insert(conn: &Connection, data: &ItemData, now: i64) -> Result<i64> {
    write_fields(
        conn,
        "INSERT INTO items (id, sku, name, category_id, unit_id, cost, price_retail, price_wholesale1,
                            min_qty_wholesale1, price_wholesale2, min_qty_wholesale2, reorder_level,
                            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        (None, now),
        data,
    )
}

pub fn update(conn: &Connection, id: i64, data: &ItemData, now: i64) -> Result<()> {
    write_fields(
        conn,
        "UPDATE items SET sku = ?2, name = ?3, category_id = ?4, unit_id = ?5, cost = ?6, price_retail = ?7,
                          price_wholesale1 = ?8, min_qty_wholesale1 = ?9, price_wholesale2 = ?10,
                          min_qty_wholesale2 = ?11, reorder_level = ?12, updated_at = ?13
          WHERE id = ?1",
        (Some(id), now),
        data,
    )?;
    Ok(())
}

pub fn replace_barcodes(conn: &Connection, item_id: i64, barcodes: &[BarcodeSpec]) -> Result<()> {
    conn.prepare_cached("DELETE FROM item_barcodes WHERE item_id = ?1")?.execute([item_id])?;
    let mut stmt = conn.prepare_cached("INSERT INTO item_barcodes (code, item_id, factor) VALUES (?1, ?2, ?3)")?;
    for b in barcodes {
        stmt.execute(params![b.code, item_id, b.factor.thousandths()])?;
    }
    Ok(())
}

pub fn add_barcode(conn: &Connection, item_id: i64, barcode: &BarcodeSpec) -> Result<()> {
    conn.prepare_cached("INSERT INTO item_barcodes (code, item_id, factor) VALUES (?1, ?2, ?3)")?.execute(params![
        barcode.code,
        item_id,
        barcode.factor.thousandths()
    ])?;
    Ok(())
}

pub fn set_active(conn: &Connection, id: i64, active: bool, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE items SET active = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, active, now])?;
    Ok(n == 1)
}

pub fn count(conn: &Connection, include_archived: bool) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM items WHERE ?1 OR active = 1", [include_archived], |r| r.get(0))?)
}

/// The few fields the till needs, for an active item.
pub fn cart_item(conn: &Connection, id: i64) -> Result<Option<crate::domain::cart::CartItem>> {
    Ok(conn
        .prepare_cached(
            "SELECT i.id, i.sku, i.name, u.code, i.cost, i.price_retail, i.price_wholesale1, i.min_qty_wholesale1,
                    i.price_wholesale2, i.min_qty_wholesale2, i.on_hand
               FROM items i JOIN units u ON u.id = i.unit_id
              WHERE i.id = ?1 AND i.active = 1",
        )?
        .query_row([id], |r| {
            Ok(crate::domain::cart::CartItem {
                item_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                unit: r.get(3)?,
                cost: Money::new(r.get(4)?),
                prices: PriceList {
                    retail: Money::new(r.get(5)?),
                    wholesale1: r.get::<_, Option<i64>>(6)?.map(Money::new),
                    min_qty_wholesale1: r.get::<_, Option<i64>>(7)?.map(Qty::from_thousandths),
                    wholesale2: r.get::<_, Option<i64>>(8)?.map(Money::new),
                    min_qty_wholesale2: r.get::<_, Option<i64>>(9)?.map(Qty::from_thousandths),
                },
                on_hand: Qty::from_thousandths(r.get(10)?),
            })
        })
        .optional()?)
}

/// Current cost of an item (the cost snapshot a sale line keeps).
pub fn cost(conn: &Connection, id: i64) -> Result<Money> {
    Ok(Money::new(conn.prepare_cached("SELECT cost FROM items WHERE id = ?1")?.query_row([id], |r| r.get(0))?))
}

pub fn on_hand(conn: &Connection, id: i64) -> Result<Qty> {
    let thousandths = conn.prepare_cached("SELECT on_hand FROM items WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    Ok(Qty::from_thousandths(thousandths))
}

/// Changes whenever an item is added, edited, archived or restored: the till reloads
/// its name search only then.
pub fn catalog_stamp(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*), COALESCE(MAX(updated_at), 0) FROM items")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// (id, sku, name) of every active item, for the till's name search.
pub fn active_names(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare("SELECT id, sku, name FROM items WHERE active = 1 ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of the active items in category `name` (any case), by name.
pub fn ids_in_category(conn: &Connection, name: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id FROM items i JOIN categories c ON c.id = i.category_id
          WHERE c.name = ?1 COLLATE NOCASE AND i.active = 1
          ORDER BY i.name COLLATE NOCASE, i.id",
    )?;
    let rows = stmt.query_map([name.trim()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of the active items without any barcode, by name.
pub fn ids_without_barcode(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id FROM items i
          WHERE i.active = 1 AND NOT EXISTS (SELECT 1 FROM item_barcodes b WHERE b.item_id = i.id)
          ORDER BY i.name COLLATE NOCASE, i.id",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of the active items whose selling prices (retail, wholesale tiers or their
/// minimum quantities) were set or changed at or after `since` (UTC ms), from the
/// audit trail of item creations and edits; by name.
pub fn ids_with_price_change_since(conn: &Connection, since: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id FROM items i
          WHERE i.active = 1 AND EXISTS (
                SELECT 1 FROM audit_log a
                 WHERE a.entity = 'item' AND a.entity_id = CAST(i.id AS TEXT) AND a.at >= ?1
                   AND (a.action = 'item.create'
                        OR (a.action = 'item.update' AND (
                               json_extract(a.before, '$.price') IS NOT json_extract(a.after, '$.price')
                            OR json_extract(a.before, '$.price_wholesale1') IS NOT json_extract(a.after, '$.price_wholesale1')
                            OR json_extract(a.before, '$.min_qty_wholesale1') IS NOT json_extract(a.after, '$.min_qty_wholesale1')
                            OR json_extract(a.before, '$.price_wholesale2') IS NOT json_extract(a.after, '$.price_wholesale2')
                            OR json_extract(a.before, '$.min_qty_wholesale2') IS NOT json_extract(a.after, '$.min_qty_wholesale2')))))
          ORDER BY i.name COLLATE NOCASE, i.id",
    )?;
    let rows = stmt.query_map([since], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
