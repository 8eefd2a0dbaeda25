//! Health checks for `warung doctor`.

use rusqlite::Connection;

use super::{Result, debts, points, returns, sales, stock};
use crate::domain::doctor::Finding;
use crate::domain::receivable::DebtSide;

/// Every problem found; empty means healthy.
pub fn check(conn: &Connection) -> Result<Vec<Finding>> {
    let mut findings = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let integrity: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if integrity != ["ok"] {
        findings.extend(integrity.into_iter().map(|line| Finding::Integrity { line }));
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk = stmt.query_map([], |r| {
        let table: String = r.get(0)?;
        let rowid: Option<i64> = r.get(1)?;
        let parent: String = r.get(2)?;
        Ok(Finding::ForeignKey { table, row: rowid.unwrap_or_default(), parent })
    })?;
    for line in fk {
        findings.push(line?);
    }
    for (sku, cached, ledger) in stock::mismatches(conn)? {
        findings.push(Finding::Stock { sku, cached, ledger });
    }
    for (code, cached, ledger) in points::mismatches(conn)? {
        findings.push(Finding::Points { member: code, cached, ledger });
    }
    findings.extend(amounts_above_limit(conn)?);
    findings.extend(sales::problems(conn)?);
    findings.extend(debts::problems(conn, DebtSide::Receivable)?);
    findings.extend(returns::problems(conn)?);
    findings.extend(debts::problems(conn, DebtSide::Payable)?);
    Ok(findings)
}

/// Prices and lines stored before amounts had a ceiling (or by another tool): above
/// it, totals in reports could overflow.
fn amounts_above_limit(conn: &Connection) -> Result<Vec<Finding>> {
    let max = crate::domain::money::MAX_AMOUNT.rupiah();
    // An item has no line number (NULL); a sale line has one.
    let mut stmt = conn.prepare(
        "SELECT sku, NULL FROM items
          WHERE max(abs(price_retail), abs(cost), abs(coalesce(price_wholesale1, 0)),
                    abs(coalesce(price_wholesale2, 0))) > ?1
         UNION ALL
         SELECT s.invoice, l.line_no FROM sale_lines l JOIN sales s ON s.id = l.sale_id
          WHERE max(abs(l.unit_price), abs(l.line_total)) > ?1",
    )?;
    let found = stmt.query_map([max], |r| {
        let (key, line): (String, Option<i64>) = (r.get(0)?, r.get(1)?);
        Ok(match line {
            None => Finding::ItemAboveLimit { sku: key },
            Some(line) => Finding::LineAboveLimit { invoice: key, line },
        })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}
