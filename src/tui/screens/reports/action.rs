//! What the Reports screen (Alt+6) asks of its controller.

use crate::reports::Format;
use crate::services::reports::ReportRequest;

/// What the Reports screen asks for: pages of a report, or the whole of it in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportsAction {
    /// The first page.
    Run(ReportRequest),
    /// The page after the rows already loaded.
    More {
        request: ReportRequest,
        offset: usize,
    },
    Export {
        request: ReportRequest,
        format: Format,
        path: String,
    },
    /// Stop the report running in the background.
    Cancel,
}
