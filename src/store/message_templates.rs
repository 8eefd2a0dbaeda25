//! Message templates (WhatsApp/SMS) by key; the shipped ones are seeded by migrations 0009
//! and 0016 (refill).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageTemplateRow {
    pub key: String,
    pub kind: String,
    pub body: String,
    pub wa_name: String,
    pub wa_language: String,
    /// JSON array of variable names.
    pub wa_params: String,
    pub updated_at: i64,
}

const SELECT: &str = "SELECT key, kind, body, wa_name, wa_language, wa_params, updated_at FROM message_templates";

fn map(r: &Row<'_>) -> rusqlite::Result<MessageTemplateRow> {
    Ok(MessageTemplateRow {
        key: r.get(0)?,
        kind: r.get(1)?,
        body: r.get(2)?,
        wa_name: r.get(3)?,
        wa_language: r.get(4)?,
        wa_params: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub fn get(conn: &Connection, key: &str) -> Result<Option<MessageTemplateRow>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE key = ?1"))?.query_row([key], map).optional()?)
}

/// The template of `kind` in `language`, else the Indonesian one, else any.
pub fn for_kind(conn: &Connection, kind: &str, language: &str) -> Result<Option<MessageTemplateRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE kind = ?1 ORDER BY wa_language = ?2 DESC, wa_language = 'id' DESC, key LIMIT 1"
        ))?
        .query_row([kind, language], map)
        .optional()?)
}

/// Every template, by kind then key; the assistant's texts after the others.
pub fn list(conn: &Connection) -> Result<Vec<MessageTemplateRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY kind LIKE 'assistant%', kind, key"))?;
    let rows = stmt.query_map([], map)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Insert or replace the template `row.key`.
pub fn save(conn: &Connection, row: &MessageTemplateRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO message_templates (key, kind, body, wa_name, wa_language, wa_params, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, body = excluded.body, wa_name = excluded.wa_name,
             wa_language = excluded.wa_language, wa_params = excluded.wa_params, updated_at = excluded.updated_at",
    )?
    .execute(params![row.key, row.kind, row.body, row.wa_name, row.wa_language, row.wa_params, row.updated_at])?;
    Ok(())
}

/// A template's state on the WhatsApp Business Account, as last reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlatformState {
    /// Meta's id of the template (after the first push).
    pub id: Option<String>,
    /// APPROVED, PENDING, REJECTED, PAUSED, DISABLED, …
    pub status: Option<String>,
    /// GREEN, YELLOW, RED or UNKNOWN.
    pub quality: Option<String>,
    /// Why it was rejected or paused.
    pub reason: Option<String>,
}

fn platform(r: &Row<'_>, at: usize) -> rusqlite::Result<PlatformState> {
    Ok(PlatformState { id: r.get(at)?, status: r.get(at + 1)?, quality: r.get(at + 2)?, reason: r.get(at + 3)? })
}

/// Every template's platform state, by key.
pub fn platform_states(conn: &Connection) -> Result<Vec<(String, PlatformState)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, platform_id, platform_status, platform_quality, platform_reason FROM message_templates ORDER BY key",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, platform(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn platform_state(conn: &Connection, key: &str) -> Result<Option<PlatformState>> {
    Ok(conn
        .prepare_cached(
            "SELECT platform_id, platform_status, platform_quality, platform_reason FROM message_templates WHERE key = ?1",
        )?
        .query_row([key], |r| platform(r, 0))
        .optional()?)
}

/// Record what the platform says; a field it did not mention (None) keeps its value.
pub fn set_platform(conn: &Connection, key: &str, state: &PlatformState) -> Result<()> {
    conn.prepare_cached(
        "UPDATE message_templates SET platform_id = COALESCE(?2, platform_id),
                platform_status = COALESCE(?3, platform_status), platform_quality = COALESCE(?4, platform_quality),
                platform_reason = COALESCE(?5, platform_reason)
         WHERE key = ?1",
    )?
    .execute(params![key, state.id, state.status, state.quality, state.reason])?;
    Ok(())
}

/// The templates the platform means by its id, or else by name and language.
pub fn keys_on_platform(conn: &Connection, id: Option<&str>, name: &str, language: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key FROM message_templates
          WHERE (?1 IS NOT NULL AND platform_id = ?1) OR (wa_name = ?2 AND wa_language = ?3) ORDER BY key",
    )?;
    let rows = stmt.query_map(params![id, name, language], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_indonesian_defaults_are_seeded_and_save_replaces() {
        let store = Store::open_in_memory().unwrap();
        let keys: Vec<String> = list(store.conn()).unwrap().into_iter().map(|t| t.key).collect();
        assert_eq!(keys[..6], ["birthday", "promo", "receipt", "refill", "payment_reminder", "winback"]);
        assert_eq!(keys[6..8], ["assistant_address", "assistant_address_en"], "the assistant's texts after the others");
        assert_eq!(keys.len(), 6 + 2 * 17, "the assistant's texts in Indonesian and English");
        let english = for_kind(store.conn(), "assistant_price", "en").unwrap().unwrap();
        assert_eq!((english.key.as_str(), english.wa_language.as_str()), ("assistant_price_en", "en"));
        let other = for_kind(store.conn(), "assistant_price", "jv").unwrap().unwrap();
        assert_eq!(other.key, "assistant_price", "a language without its own template gets the Indonesian one");
        let mut promo = get(store.conn(), "promo").unwrap().unwrap();
        promo.body = "Diskon!".into();
        promo.updated_at = 5;
        save(store.conn(), &promo).unwrap();
        assert_eq!(get(store.conn(), "promo").unwrap().unwrap(), promo);
        assert_eq!(get(store.conn(), "nope").unwrap(), None);
    }
}
