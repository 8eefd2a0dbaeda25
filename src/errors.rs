//! An error and its causes as one sentence in the user's language: what the command
//! line prints after `warung:`, and what a screen shows for work that failed on the
//! way to a file.

use crate::lang::Lang;

/// The error and its causes, leaving out a cause whose text (or its last part, as
/// in "Error code 5: database is locked") is already said: "database is locked:
/// database is locked" becomes "database is locked". The shop's own errors speak
/// `lang` and already say their causes, so the chain ends at the first of them.
pub fn sentence(error: &anyhow::Error, lang: Lang) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let (text, whole) = match own_text(cause, lang) {
            Some(text) => (text, true),
            None => (cause.to_string(), false),
        };
        let last_part = text.rsplit(": ").next().unwrap_or(&text);
        if !message.contains(last_part) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
        if whole {
            break;
        }
    }
    if is_busy(error) {
        message.push_str(lang.pick(
            " (another warung held the shop for 5 seconds while writing: a till, an import, a backup or a restore; \
             wait a moment and try again; `warung doctor` shows an import that was stopped half-way)",
            " (warung lain menahan toko selama 5 detik saat menulis: kasir, impor, cadangan atau pemulihan; \
             tunggu sebentar lalu coba lagi; `warung doctor` menunjukkan impor yang terhenti di tengah jalan)",
        ));
    }
    message
}

/// The text of one of warung's own errors in `lang`, if `cause` is one.
fn own_text(cause: &(dyn std::error::Error + 'static), lang: Lang) -> Option<String> {
    if let Some(e) = cause.downcast_ref::<crate::services::ServiceError>() {
        return Some(e.text(lang));
    }
    if let Some(e) = cause.downcast_ref::<crate::store::StoreError>() {
        return Some(e.text(lang));
    }
    if let Some(e) = cause.downcast_ref::<crate::services::import::ImportError>() {
        return Some(e.text(lang));
    }
    if let Some(e) = cause.downcast_ref::<crate::cli::CannotOpen>() {
        return Some(e.text(lang));
    }
    cause.downcast_ref::<crate::hub::HubError>().map(|e| e.text(lang))
}

/// SQLite gave up waiting for another connection's lock.
fn is_busy(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
            .is_some_and(|code| matches!(code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
    })
}
