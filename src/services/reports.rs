//! Reports as a use case: find the report, check the actor may see it (cost and
//! profit need SeeCost), turn `--from`/`--to` into shop-local days (default: the
//! last 30 days up to today), then stream its rows into a sink — a writer for the
//! command line, or [`PageSink`] for a screen paging through it.

use jiff::civil::Date;

use super::{Actor, Refusal, Result, ServiceError, Shop};
use crate::clock::local_date;
use crate::domain::Permission;
use crate::reports::{self, Context, DateRange, Options, Page, PageSink, ReportDef, ReportError, RowSink};

/// Which report, over which days, with which options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportRequest {
    pub name: String,
    /// Shop-local dates, both inclusive.
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub options: Options,
}

impl ReportRequest {
    pub fn new(name: &str) -> ReportRequest {
        ReportRequest { name: name.to_string(), ..Default::default() }
    }

    pub fn between(mut self, from: Date, to: Date) -> ReportRequest {
        (self.from, self.to) = (Some(from), Some(to));
        self
    }
}

fn service_error(e: ReportError) -> ServiceError {
    match e {
        ReportError::Store(e) => ServiceError::Store(e),
        ReportError::Io(e) => ServiceError::Io(e),
        ReportError::Xlsx(message) => ServiceError::Io(std::io::Error::other(message)),
        ReportError::Invalid(problem) => Refusal::Report(problem).into(),
    }
}

impl Shop {
    /// Every report, for `warung report --list` and the Reports screen.
    pub fn report_list(&self) -> &'static [ReportDef] {
        reports::REPORTS
    }

    /// The report asked for, if it exists and `actor` may see it, and its days.
    pub fn plan_report(&self, actor: &Actor, request: &ReportRequest) -> Result<(&'static ReportDef, DateRange)> {
        let report = reports::find(&request.name).map_err(Refusal::Report)?;
        if report.needs_cost {
            actor.require(Permission::SeeCost, "see reports with cost and profit")?;
        }
        // Customers' phone numbers leave the shop only with whoever may export them.
        if report.columns.iter().any(|c| c.name == "phone") {
            actor.require(Permission::ImportExport, "see customers' phone numbers")?;
        }
        // The audit trail watches managers too, so only the owner reads it.
        if report.name == "audit" {
            actor.require(Permission::SeeAudit, "read the audit trail")?;
        }
        report.check_options(&request.options).map_err(Refusal::Report)?;
        // An unknown --item is refused before any output.
        if let Some(sku) = &request.options.item {
            reports::recommend::item_id(self.store.conn(), sku).map_err(service_error)?;
        }
        let today = local_date(self.now_ms(), &self.time_zone());
        let range = DateRange::resolve(request.from, request.to, today).map_err(Refusal::Report)?;
        Ok((report, range))
    }

    /// Stream the report into `sink`; returns how many rows it took. Nothing
    /// reaches the sink unless the request is valid and allowed.
    pub fn run_report(&self, actor: &Actor, request: &ReportRequest, sink: &mut dyn RowSink) -> Result<u64> {
        let (report, range) = self.plan_report(actor, request)?;
        let mut ctx = Context::new(self.store.conn(), self.time_zone(), range, &request.options);
        ctx.costs = self.messaging_costs()?;
        ctx.refill_factor = self.refill_factor()?;
        reports::run(report, &ctx, sink).map_err(service_error)
    }

    /// Stops a report running on this shop's connection from another thread (it
    /// then fails as interrupted): how a screen cancels a report on its worker.
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.store.conn().get_interrupt_handle()
    }

    /// Rows `offset..offset + limit` of a report, for a screen; reading stops once
    /// the page is full.
    pub fn report_page(&self, actor: &Actor, request: &ReportRequest, offset: usize, limit: usize) -> Result<Page> {
        let mut sink = PageSink::new(offset, limit);
        self.run_report(actor, request, &mut sink)?;
        Ok(sink.into_page())
    }
}

#[cfg(test)]
mod tests;
