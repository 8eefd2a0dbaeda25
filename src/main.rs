//! The warung binary: parse the command line and hand over; nothing else.

use std::process::ExitCode;

use clap::Parser;
use warung::lang::Lang;

fn main() -> ExitCode {
    let cli = warung::cli::Cli::parse();
    let lang = warung::cli::lang(&cli);
    match warung::cli::run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        // `warung export items | head` closing the pipe early is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warung: {}", warung::domain::text::strip_controls(&one_sentence(&e, lang), true));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, leaving out a cause whose text (or its last part, as
/// in "Error code 5: database is locked") is already said: "database is locked:
/// database is locked" becomes "database is locked". The shop's own errors speak
/// `lang` and already say their causes, so the chain ends at the first of them.
fn one_sentence(error: &anyhow::Error, lang: Lang) -> String {
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
    if let Some(e) = cause.downcast_ref::<warung::services::ServiceError>() {
        return Some(e.text(lang));
    }
    if let Some(e) = cause.downcast_ref::<warung::store::StoreError>() {
        return Some(e.text(lang));
    }
    if let Some(e) = cause.downcast_ref::<warung::services::import::ImportError>() {
        return Some(e.text(lang));
    }
    if let Some(e) = cause.downcast_ref::<warung::cli::CannotOpen>() {
        return Some(e.text(lang));
    }
    cause.downcast_ref::<warung::hub::HubError>().map(|e| e.text(lang))
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

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<warung::services::ServiceError>().is_some_and(
                |e| matches!(e, warung::services::ServiceError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}
