//! Where Customers & CRM (Alt+7) meets the services: the customer list and each
//! customer's segment, receivables, segments, health and recommendations. A
//! segmentation runs on a worker with a connection of its own (Esc cancels it).

use jiff::ToSpan;

use super::CrmScreen;
use super::health::PEAK_DAYS;
use super::receivables::ReceivablesScreen;
use crate::clock::local_date;
use crate::domain::Permission;
use crate::reports::DateRange;
use crate::services::segments::{KRequest, Segmentation};
use crate::services::{Actor, Shop};
use crate::tui::action::{Action, CrmAction, ReceivablesAction, SegmentsAction};
use crate::tui::i18n::Lang;
use crate::tui::screens::{Context, Controller};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::records::controller::run_record_action;
use crate::tui::widgets::records::kinds::Customers;
use crate::tui::widgets::records::{LIST_LIMIT, Notice};
use crate::tui::worker::{Finished, Workers, not_started};

/// A segmentation run on a worker: what it made, or why not (empty: cancelled).
pub type SegmentsResult = Result<Segmentation, String>;

fn open_receivables(shop: &Shop, screen: &mut ReceivablesScreen, id: i64, lang: Lang) {
    match shop.customer(id).and_then(|c| Ok((c.data.name, shop.customer_receivables(id)?))) {
        Ok((name, rows)) => screen.set_detail(id, name, rows),
        Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
    }
}

fn receivables(shop: &mut Shop, actor: &Actor, screen: &mut ReceivablesScreen, action: ReceivablesAction, lang: Lang) {
    match action {
        ReceivablesAction::Load => match shop.receivables(None) {
            Ok(rows) => screen.set_rows(rows),
            Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
        },
        ReceivablesAction::Open(id) => open_receivables(shop, screen, id, lang),
        ReceivablesAction::Pay { customer_id, amount, method, reference } => {
            match shop.receive_payment(actor, customer_id, amount, method, &reference) {
                Ok(allocations) => {
                    let applied: Vec<String> =
                        allocations.iter().map(|a| format!("{} {}", a.document, a.applied.grouped())).collect();
                    if screen.customer_in_view().is_some() {
                        open_receivables(shop, screen, customer_id, lang);
                    } else if let Ok(rows) = shop.receivables(None) {
                        screen.set_rows(rows);
                    }
                    screen.paid(format!("{} {amount}: {}", lang.pick("Received", "Diterima"), applied.join(", ")));
                }
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            }
        }
        ReceivablesAction::Statement(id) => {
            let today = local_date(shop.now_ms(), &shop.time_zone());
            let from = today.checked_sub(90.days()).unwrap_or(today);
            match shop.customer_statement(id, from, today) {
                Ok(statement) => screen.set_statement(&statement, lang),
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            }
        }
    }
}

/// Segment the customers on a connection of the worker's own.
fn segment_on_own_connection(
    db: &std::path::Path,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
    actor: &Actor,
    cancel: &crate::tui::worker::Cancel,
    lang: Lang,
) -> SegmentsResult {
    match cancel.open_shop(db, clock) {
        Ok(Some(mut shop)) => shop
            .segment_unless(actor, KRequest::default(), None, &|| cancel.is_cancelled())
            .map_err(|e| error_text(&e, lang)),
        // Cancelled before it started: nobody waits for this answer.
        Ok(None) => Err(String::new()),
        Err(e) => Err(error_text(&e, lang)),
    }
}

impl CrmScreen {
    fn segments(&mut self, action: SegmentsAction, ctx: &mut Context) {
        let lang = ctx.lang;
        let screen = &mut self.segments;
        let result = match action {
            SegmentsAction::Load => ctx.shop.latest_segmentation().map(|run| screen.set_run(run)),
            SegmentsAction::Run => {
                let Some(db) = ctx.shop.db_path() else {
                    // An in-memory shop (tests) has no file for a second connection.
                    let result = ctx.shop.segment(ctx.actor, KRequest::default(), None);
                    return segmented(screen, result.map_err(|e| error_text(&e, lang)), lang);
                };
                screen.started(ctx.shop.now_ms(), lang);
                let (clock, actor) = (ctx.shop.clock().clone(), ctx.actor.clone());
                ctx.workers.segments.start(
                    "segments",
                    move |cancel| segment_on_own_connection(&db, clock, &actor, cancel, lang),
                    move |e| Err(not_started(lang.pick("the segmentation", "segmentasi"), &e, lang)),
                );
                Ok(())
            }
            SegmentsAction::Cancel => {
                ctx.workers.segments.cancel();
                screen.stopped();
                screen.notify(Notice::Info, lang.pick("Segmentation cancelled.", "Segmentasi dibatalkan.").into());
                Ok(())
            }
            SegmentsAction::Members(label) => {
                ctx.shop.segment_members(&label, LIST_LIMIT).map(|rows| screen.set_members(label, rows))
            }
        };
        if let Err(e) = result {
            screen.notify(Notice::Error, error_text(&e, lang));
        }
    }

    fn load_customer_segment(&mut self, customer_id: i64, ctx: &mut Context) {
        match ctx.shop.customer_segment(customer_id) {
            Ok(segment) => self.set_customer_segment(customer_id, segment),
            Err(e) => self.customers.notify(Notice::Error, error_text(&e, ctx.lang)),
        }
    }

    fn load_health(&mut self, ctx: &mut Context) {
        let shop = &ctx.shop;
        // Revenue and costs: for whoever may see the dashboard.
        if let Err(e) = ctx.actor.require(Permission::SeeCost, "see the shop's health") {
            return self.health.failed(error_text(&e, ctx.lang));
        }
        let today = local_date(shop.now_ms(), &shop.time_zone());
        let peak_range = DateRange { from: today.saturating_sub((PEAK_DAYS - 1).days()), to: today };
        let loaded = shop.health_periods().and_then(|[before, after]| {
            Ok(([shop.period_health(before)?, shop.period_health(after)?], shop.peak_times(&peak_range)?))
        });
        match loaded {
            Ok((periods, peak)) => self.health.set(periods, peak),
            Err(e) => self.health.failed(error_text(&e, ctx.lang)),
        }
    }

    /// What recommendations earned over the reports' default range (the last 30 days).
    fn load_recommendations(&mut self, ctx: &mut Context) {
        let today = local_date(ctx.shop.now_ms(), &ctx.shop.time_zone());
        let results = DateRange::resolve(None, None, today)
            .map_err(|problem| problem.text(ctx.lang))
            .and_then(|range| ctx.shop.recommendation_results(ctx.actor, range).map_err(|e| error_text(&e, ctx.lang)));
        match results {
            Ok(results) => self.recommendations.set(results),
            Err(e) => self.recommendations.failed(e),
        }
    }
}

/// Show a segmentation that ended (an empty error: it was cancelled, already said).
fn segmented(screen: &mut super::segments::SegmentsScreen, result: SegmentsResult, lang: Lang) {
    screen.stopped();
    match result {
        Ok(run) => {
            let text = format!(
                "{} {} {}",
                lang.pick("Segmented", "Tersegmentasi"),
                run.customers,
                lang.pick("customers", "pelanggan")
            );
            screen.set_run(Some(run));
            screen.notify(Notice::Info, text);
        }
        Err(text) if text.is_empty() => {}
        Err(text) => screen.notify(Notice::Error, text),
    }
}

impl Controller for CrmScreen {
    fn enter(&mut self, ctx: &mut Context) {
        self.run(self.load_action(), ctx);
    }

    fn run(&mut self, action: Action, ctx: &mut Context) {
        match action {
            Action::Customers(action) => {
                run_record_action::<Customers>(ctx.shop, ctx.actor, &mut self.customers, action, ctx.lang);
                if let Some(id) = self.selected_customer() {
                    self.load_customer_segment(id, ctx);
                }
            }
            Action::Crm(CrmAction::CustomerSegment(id)) => self.load_customer_segment(id, ctx),
            Action::Crm(CrmAction::Receivables(action)) => receivables(ctx.shop, ctx.actor, &mut self.receivables, action, ctx.lang),
            Action::Crm(CrmAction::Segments(action)) => self.segments(action, ctx),
            Action::Crm(CrmAction::LoadHealth) => self.load_health(ctx),
            Action::Crm(CrmAction::LoadRecommendations) => self.load_recommendations(ctx),
            _ => {}
        }
    }

    fn finished(&mut self, done: Finished, workers: &mut Workers, lang: Lang) -> bool {
        let Finished::Segments(done) = done else { return false };
        match workers.segments.accept(done) {
            Some(result) => {
                segmented(&mut self.segments, result, lang);
                true
            }
            None => false,
        }
    }
}
