//! Customers, with their open receivable alongside.

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::master::CustomerData;
use crate::domain::{Money, Phone, PriceTier};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: i64,
    pub code: String,
    pub data: CustomerData,
    pub wa_opt_in_at: Option<i64>,
    pub active: bool,
    /// Unpaid balance of their credit sales.
    pub receivable: Money,
}

#[derive(Debug, Clone, Default)]
pub struct CustomerFilter {
    /// Matches code, name, or phone digits (any input form of the number).
    pub text: String,
    pub include_archived: bool,
    pub limit: usize,
}

const SELECT_CUSTOMER: &str = "
    SELECT c.id, c.code, c.name, c.phone, c.address, c.tier, c.credit_limit, c.birthday,
           c.wa_opt_in, c.wa_opt_in_at, c.notes, c.active,
           COALESCE((SELECT SUM(r.amount - r.paid) FROM receivables r WHERE r.customer_id = c.id), 0)
      FROM customers c";

fn map_customer(row: &Row<'_>) -> rusqlite::Result<CustomerRow> {
    let code: String = row.get(1)?;
    let phone: Option<String> = row.get(3)?;
    let tier: String = row.get(5)?;
    let birthday: Option<String> = row.get(7)?;
    Ok(CustomerRow {
        id: row.get(0)?,
        code: code.clone(),
        data: CustomerData {
            code: Some(code),
            name: row.get(2)?,
            // Stored phones were normalised on the way in, so they parse again.
            phone: phone.and_then(|p| Phone::parse(&p).ok()),
            address: row.get(4)?,
            tier: tier.parse().unwrap_or(PriceTier::Retail),
            credit_limit: Money::new(row.get(6)?),
            birthday: birthday.and_then(|b| b.parse::<Date>().ok()),
            wa_opt_in: row.get(8)?,
            notes: row.get(10)?,
        },
        wa_opt_in_at: row.get(9)?,
        active: row.get(11)?,
        receivable: Money::new(row.get(12)?),
    })
}

pub fn list(conn: &Connection, filter: &CustomerFilter) -> Result<Vec<CustomerRow>> {
    let text = filter.text.trim();
    let pattern = super::contains_pattern(text);
    // Search phones by their national digits so 0812…, +62 812… and 812… all match.
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = digits.strip_prefix("62").or_else(|| digits.strip_prefix('0')).unwrap_or(&digits).to_string();
    let phone_pattern = if national.len() >= 3 { format!("%{national}%") } else { String::new() };
    let sql = format!(
        "{SELECT_CUSTOMER}
         WHERE (?1 OR c.active = 1)
           AND (?2 = '%%' OR c.code LIKE ?2 ESCAPE '\\' OR c.name LIKE ?2 ESCAPE '\\'
                OR (?3 <> '' AND c.phone LIKE ?3))
         ORDER BY c.name COLLATE NOCASE, c.id
         LIMIT ?4"
    );
    let limit = if filter.limit == 0 { i64::MAX } else { filter.limit as i64 };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![filter.include_archived, pattern, phone_pattern, limit], map_customer)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<CustomerRow>> {
    let sql = format!("{SELECT_CUSTOMER} WHERE c.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], map_customer).optional()?)
}

pub fn id_by_code(conn: &Connection, code: &str) -> Result<Option<i64>> {
    Ok(conn.prepare_cached("SELECT id FROM customers WHERE code = ?1")?.query_row([code], |r| r.get(0)).optional()?)
}

/// (id, code, name) of the customer with this normalised phone.
pub fn by_phone(conn: &Connection, phone: &Phone) -> Result<Option<(i64, String, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, code, name FROM customers WHERE phone = ?1 ORDER BY id LIMIT 1")?
        .query_row([phone.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

pub fn insert(conn: &Connection, code: &str, data: &CustomerData, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO customers (code, name, phone, address, tier, credit_limit, birthday, wa_opt_in,
                                wa_opt_in_at, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?8 THEN ?10 END, ?9, ?10, ?10)",
    )?
    .execute(params![
        code,
        data.name,
        data.phone.as_ref().map(Phone::as_str),
        data.address,
        data.tier.code(),
        data.credit_limit.rupiah(),
        data.birthday.map(|d| d.to_string()),
        data.wa_opt_in,
        data.notes,
        now,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Update every field; the opt-in timestamp is set when consent is newly given and
/// cleared when it is withdrawn.
pub fn update(conn: &Connection, id: i64, code: &str, data: &CustomerData, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE customers SET code = ?2, name = ?3, phone = ?4, address = ?5, tier = ?6, credit_limit = ?7,
                birthday = ?8,
                wa_opt_in_at = CASE WHEN ?9 AND wa_opt_in = 0 THEN ?11 WHEN ?9 THEN wa_opt_in_at END,
                wa_opt_in = ?9, notes = ?10, updated_at = ?11
          WHERE id = ?1",
    )?
    .execute(params![
        id,
        code,
        data.name,
        data.phone.as_ref().map(Phone::as_str),
        data.address,
        data.tier.code(),
        data.credit_limit.rupiah(),
        data.birthday.map(|d| d.to_string()),
        data.wa_opt_in,
        data.notes,
        now,
    ])?;
    Ok(())
}

pub fn set_active(conn: &Connection, id: i64, active: bool, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE customers SET active = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, active, now])?;
    Ok(n == 1)
}
