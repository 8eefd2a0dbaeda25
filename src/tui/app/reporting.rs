//! Where the Reports screen (Alt+6) meets the services. A report runs on a worker
//! thread with a connection of its own, so a year's figures on a big shop never
//! hold up a key; the screen shows how long it has been running, and Esc cancels
//! it (its query is interrupted). The answer comes back on the app's background channel.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::InterruptHandle;

use super::App;
use crate::clock::Clock;
use crate::reports::Page;
use crate::services::reports::ReportRequest;
use crate::services::{Actor, Shop};
use crate::tui::action::ReportsAction;
use crate::tui::i18n::Lang;
use crate::tui::screens::reports::PAGE_ROWS;

/// What a report run gave the screen.
#[derive(Debug)]
pub enum ReportResult {
    /// The first page of `request` (`offset` 0), or a further one.
    Page(Box<(ReportRequest, Page)>),
    /// The whole report went to a file: what to tell the user.
    Exported(String),
    Failed(String),
}

/// Cancels a report on its worker: before its query starts, or by interrupting it.
#[derive(Clone, Default)]
pub struct Cancel {
    cancelled: Arc<AtomicBool>,
    running: Arc<Mutex<Option<InterruptHandle>>>,
}

impl Cancel {
    /// The worker's connection is open; false if the report was cancelled meanwhile.
    fn attach(&self, handle: InterruptHandle) -> bool {
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
        !self.cancelled.load(Ordering::SeqCst)
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        if let Some(handle) = self.running.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            handle.interrupt();
        }
    }
}

/// Run `action` on `shop` (not Cancel: the app handles that).
fn run(shop: &Shop, actor: &Actor, action: ReportsAction, lang: Lang) -> ReportResult {
    let page = |request: ReportRequest, offset| match shop.report_page(actor, &request, offset, PAGE_ROWS) {
        Ok(page) => ReportResult::Page(Box::new((request, page))),
        Err(e) => ReportResult::Failed(e.to_string()),
    };
    match action {
        ReportsAction::Run(request) => page(request, 0),
        ReportsAction::More { request, offset } => page(request, offset),
        ReportsAction::Export { request, format, path } => {
            let path = PathBuf::from(path);
            // Refuse a request the service will not run before any file is made.
            let written = shop.plan_report(actor, &request).map_err(anyhow::Error::from).and_then(|_| {
                // The screen asks for the file name itself, so it may replace a file.
                crate::files::write_atomically(&path, true, |out| {
                    let mut sink = format.sink(out);
                    Ok(shop.run_report(actor, &request, &mut sink)? as usize)
                })
            });
            match written {
                Ok(rows) => {
                    let shown = std::fs::canonicalize(&path).unwrap_or(path);
                    ReportResult::Exported(format!(
                        "{} {rows} {} {}",
                        lang.pick("Wrote", "Ditulis"),
                        lang.pick("rows to", "baris ke"),
                        shown.display()
                    ))
                }
                Err(e) => ReportResult::Failed(format!("{}: {e:#}", path.display())),
            }
        }
        ReportsAction::Cancel => ReportResult::Failed(String::new()),
    }
}

/// [`run`] on a connection of the worker's own to the shop's file.
fn run_on_own_connection(
    db: &Path,
    clock: Arc<dyn Clock>,
    actor: &Actor,
    action: ReportsAction,
    lang: Lang,
    cancel: &Cancel,
) -> ReportResult {
    match Shop::open(db, clock) {
        Ok(shop) if cancel.attach(shop.interrupt_handle()) => run(&shop, actor, action, lang),
        // Cancelled before it started: nobody waits for this answer.
        Ok(_) => ReportResult::Failed(String::new()),
        Err(e) => ReportResult::Failed(e.to_string()),
    }
}

impl App {
    pub(super) fn reports_action(&mut self, action: ReportsAction) {
        let Some(actor) = self.actor.clone() else { return };
        let lang = self.lang;
        match &action {
            ReportsAction::Cancel => {
                if let Some(cancel) = self.report_cancel.take() {
                    cancel.cancel();
                }
                self.report_worker.forget();
                return self.reports.cancelled(lang);
            }
            ReportsAction::Export { path, .. } if path.is_empty() => {
                return self.reports.failed(lang.pick("Give a file name", "Isi nama berkas").to_string());
            }
            _ => {}
        }
        let Some(db) = self.shop.db_path() else {
            // An in-memory shop (tests) has no file for a second connection.
            let result = run(&self.shop, &actor, action, lang);
            return self.reports.finished(result);
        };
        let name = match &action {
            ReportsAction::Run(request)
            | ReportsAction::More { request, .. }
            | ReportsAction::Export { request, .. } => request.name.clone(),
            ReportsAction::Cancel => String::new(),
        };
        self.reports.started(&name, self.shop.now_ms());
        let (clock, cancel) = (self.shop.clock().clone(), Cancel::default());
        let on_worker = cancel.clone();
        self.report_worker.start(
            "report",
            move || run_on_own_connection(&db, clock, &actor, action, lang, &on_worker),
            |e| ReportResult::Failed(format!("the report could not start: {e}")),
        );
        self.report_cancel = Some(cancel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_cancelled_before_its_connection_opens_never_starts() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let cancel = Cancel::default();
        assert!(cancel.clone().attach(conn.get_interrupt_handle()), "not cancelled yet");
        cancel.cancel();
        assert!(!cancel.attach(conn.get_interrupt_handle()), "cancelled");
    }

    #[test]
    fn cancel_interrupts_the_running_query() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let cancel = Cancel::default();
        assert!(cancel.attach(conn.get_interrupt_handle()));
        let stopper = cancel.clone();
        let stop = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            stopper.cancel();
        });
        // Counts for ever unless interrupted.
        let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n";
        let result = conn.query_row(endless, [], |r| r.get::<_, i64>(0));
        stop.join().unwrap();
        let error = result.unwrap_err();
        assert_eq!(error.sqlite_error_code(), Some(rusqlite::ErrorCode::OperationInterrupted), "{error}");
    }
}
