//! Providers halted because they refused our credentials (`channel_state`).

use rusqlite::Connection;

use super::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HaltedChannel {
    pub provider: String,
    pub halted_at: i64,
    pub reason: String,
}

pub fn halt(conn: &Connection, provider: &str, reason: &str, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO channel_state (provider, halted_at, reason, updated_at) VALUES (?1, ?3, ?2, ?3)
         ON CONFLICT (provider) DO UPDATE SET halted_at = COALESCE(halted_at, ?3), reason = ?2, updated_at = ?3",
    )?
    .execute(rusqlite::params![provider, reason, now])?;
    Ok(())
}

/// Returns whether the provider was halted.
pub fn resume(conn: &Connection, provider: &str, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE channel_state SET halted_at = NULL, reason = NULL, updated_at = ?2
             WHERE provider = ?1 AND halted_at IS NOT NULL",
        )?
        .execute(rusqlite::params![provider, now])?;
    Ok(n == 1)
}

pub fn halted(conn: &Connection) -> Result<Vec<HaltedChannel>> {
    let mut stmt = conn.prepare_cached(
        "SELECT provider, halted_at, COALESCE(reason, '') FROM channel_state WHERE halted_at IS NOT NULL
         ORDER BY provider",
    )?;
    let rows =
        stmt.query_map([], |r| Ok(HaltedChannel { provider: r.get(0)?, halted_at: r.get(1)?, reason: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marketing on `provider` paused (Graph 131048, the spam rate limit) until `until`.
pub fn pause_marketing(conn: &Connection, provider: &str, until: i64, reason: &str, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO marketing_pauses (provider, paused_until, reason, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (provider) DO UPDATE SET paused_until = MAX(paused_until, ?2), reason = ?3, updated_at = ?4",
    )?
    .execute(rusqlite::params![provider, until, reason, now])?;
    Ok(())
}

/// A pause of marketing on one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketingPause {
    pub provider: String,
    pub until: i64,
    pub reason: String,
}

/// Pauses still running at `now`.
pub fn marketing_pauses(conn: &Connection, now: i64) -> Result<Vec<MarketingPause>> {
    let mut stmt = conn.prepare_cached(
        "SELECT provider, paused_until, reason FROM marketing_pauses WHERE paused_until > ?1 ORDER BY provider",
    )?;
    let rows =
        stmt.query_map([now], |r| Ok(MarketingPause { provider: r.get(0)?, until: r.get(1)?, reason: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn halted_providers_are_listed_until_resumed() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        conn.execute(
            "INSERT INTO channel_state VALUES ('fonnte', 10, 'token refused', 10), ('file', NULL, NULL, 1)",
            [],
        )
        .unwrap();
        let listed = halted(conn).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].reason, "token refused");
        assert!(resume(conn, "fonnte", 20).unwrap());
        assert!(!resume(conn, "fonnte", 20).unwrap());
        assert!(halted(conn).unwrap().is_empty());
    }
}
