//! One page of a report for a screen: rows `offset..offset + limit`, owned, and
//! whether more follow. The source stops as soon as the page is full.

use crate::reports::{CONTINUE, Column, Flow, ReportDef, Result, RowSink, Value};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub columns: Vec<Column>,
    pub offset: usize,
    pub rows: Vec<Vec<Value<'static>>>,
    /// At least one more row follows this page.
    pub more: bool,
}

pub struct PageSink {
    page: Page,
    limit: usize,
    seen: usize,
}

impl PageSink {
    pub fn new(offset: usize, limit: usize) -> PageSink {
        PageSink { page: Page { offset, ..Page::default() }, limit, seen: 0 }
    }

    pub fn into_page(self) -> Page {
        self.page
    }
}

impl RowSink for PageSink {
    fn begin(&mut self, report: &ReportDef) -> Result<()> {
        self.page.columns = report.columns.to_vec();
        Ok(())
    }

    fn row(&mut self, row: &[Value<'_>]) -> Result<Flow> {
        let index = self.seen;
        self.seen += 1;
        if index < self.page.offset {
            return Ok(CONTINUE);
        }
        if self.page.rows.len() == self.limit {
            self.page.more = true;
            return Ok(Flow::Break(()));
        }
        self.page.rows.push(row.iter().cloned().map(Value::into_owned).collect());
        Ok(CONTINUE)
    }

    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}
