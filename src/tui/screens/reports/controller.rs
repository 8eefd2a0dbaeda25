//! Where the Reports screen (Alt+6) meets the services. A report or an export runs
//! on a worker with a connection of its own, so a year's figures on a big shop never
//! hold up a key; the screen shows how long it has been running, and Esc cancels it
//! (its query is interrupted, and an export leaves no file). The answer comes back
//! on the app's background channel.

use std::path::PathBuf;

use super::{PAGE_ROWS, ReportsScreen};
use crate::reports::Page;
use crate::services::reports::ReportRequest;
use crate::services::{Actor, Shop};
use crate::tui::action::{Action, ReportsAction};
use crate::tui::i18n::Lang;
use crate::tui::screens::{Context, Controller, View};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::records::Notice;
use crate::tui::worker::{Cancel, Finished, Workers, not_started};

/// What a report run gave the screen.
#[derive(Debug)]
pub enum ReportResult {
    /// The first page of `request` (`offset` 0), or a further one.
    Page(Box<(ReportRequest, Page)>),
    /// The whole report went to a file: what to tell the user.
    Exported(String),
    Failed(String),
}

/// Run `action` on `shop` (not Cancel: the controller handles that).
fn run(shop: &Shop, actor: &Actor, action: ReportsAction, lang: Lang) -> ReportResult {
    let page = |request: ReportRequest, offset| match shop.report_page(actor, &request, offset, PAGE_ROWS) {
        Ok(page) => ReportResult::Page(Box::new((request, page))),
        Err(e) => ReportResult::Failed(error_text(&e, lang)),
    };
    match action {
        ReportsAction::Run(request) => page(request, 0),
        ReportsAction::More { request, offset } => page(request, offset),
        ReportsAction::Export { request, format, path } => {
            let path = PathBuf::from(path);
            // Refuse a request the service will not run before any file is made.
            let written = shop.plan_report(actor, &request).map_err(anyhow::Error::from).and_then(|_| {
                // The screen asks for the file name itself, so it may replace a file.
                // Written to a temporary file beside it and renamed at the end, so a
                // cancelled or failed export leaves nothing behind.
                crate::files::write_atomically(&path, true, |out| {
                    let mut sink = format.sink(out, lang);
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
                Err(e) => ReportResult::Failed(format!("{}: {}", path.display(), crate::errors::sentence(&e, lang))),
            }
        }
        ReportsAction::Cancel => ReportResult::Failed(String::new()),
    }
}

/// [`run`] on a connection of the worker's own to the shop's file.
fn run_on_own_connection(
    db: &std::path::Path,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
    actor: &Actor,
    action: ReportsAction,
    lang: Lang,
    cancel: &Cancel,
) -> ReportResult {
    match cancel.open_shop(db, clock) {
        Ok(Some(shop)) => run(&shop, actor, action, lang),
        // Cancelled before it started: nobody waits for this answer.
        Ok(None) => ReportResult::Failed(String::new()),
        Err(e) => ReportResult::Failed(error_text(&e, lang)),
    }
}

impl Controller for ReportsScreen {
    fn enter(&mut self, ctx: &mut Context) {
        let today = crate::clock::local_date(ctx.shop.now_ms(), &ctx.shop.time_zone());
        self.open(ctx.shop.report_list(), today);
    }

    fn run(&mut self, action: Action, ctx: &mut Context) {
        let Action::Reports(action) = action else { return };
        let lang = ctx.lang;
        match &action {
            ReportsAction::Cancel => {
                ctx.workers.reports.cancel();
                return self.cancelled(lang);
            }
            ReportsAction::Export { path, .. } if path.is_empty() => {
                return self.show(Notice::Error, lang.pick("Give a file name", "Isi nama berkas").to_string());
            }
            _ => {}
        }
        let Some(db) = ctx.shop.db_path() else {
            // An in-memory shop (tests) has no file for a second connection.
            let result = run(ctx.shop, ctx.actor, action, lang);
            return self.report_done(result, lang);
        };
        let name = match &action {
            ReportsAction::Run(request)
            | ReportsAction::More { request, .. }
            | ReportsAction::Export { request, .. } => crate::reports::title_of(&request.name, lang).to_string(),
            ReportsAction::Cancel => String::new(),
        };
        self.started(&name, ctx.shop.now_ms());
        let (clock, actor) = (ctx.shop.clock().clone(), ctx.actor.clone());
        ctx.workers.reports.start(
            "report",
            move |cancel| run_on_own_connection(&db, clock, &actor, action, lang, cancel),
            move |e| ReportResult::Failed(not_started(lang.pick("the report", "laporan"), &e, lang)),
        );
    }

    fn finished(&mut self, done: Finished, workers: &mut Workers, lang: Lang) -> bool {
        let Finished::Report(done) = done else { return false };
        match workers.reports.accept(done) {
            Some(result) => {
                self.report_done(result, lang);
                true
            }
            None => false,
        }
    }
}
