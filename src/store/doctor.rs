//! Health checks for `warung doctor`.

use rusqlite::Connection;

use super::{Result, payables, points, receivables, returns, sales, stock};

/// Every problem found, one line each; empty means healthy.
pub fn check(conn: &Connection) -> Result<Vec<String>> {
    let mut findings = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let integrity: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if integrity != ["ok"] {
        findings.extend(integrity.into_iter().map(|line| format!("integrity: {line}")));
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk = stmt.query_map([], |r| {
        let table: String = r.get(0)?;
        let rowid: Option<i64> = r.get(1)?;
        let parent: String = r.get(2)?;
        Ok(format!("foreign key: {table} row {} points to a missing {parent}", rowid.unwrap_or_default()))
    })?;
    for line in fk {
        findings.push(line?);
    }
    for (sku, cached, ledger) in stock::mismatches(conn)? {
        findings.push(format!("stock: item {sku} shows {cached} on hand but its ledger adds up to {ledger}"));
    }
    for (code, cached, ledger) in points::mismatches(conn)? {
        findings.push(format!("points: member {code} shows {cached} points but the points ledger adds up to {ledger}"));
    }
    findings.extend(sales::problems(conn)?);
    findings.extend(receivables::problems(conn)?);
    findings.extend(returns::problems(conn)?);
    findings.extend(payables::problems(conn)?);
    Ok(findings)
}
