//! What the Stock-taking screen (Alt+5) asks of its controller.

use crate::domain::Qty;
use crate::domain::purchase::AdjustReason;

/// What the Stock-taking screen (Alt+5) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockTakeAction {
    Load,
    /// Start a count of every item, or of one category.
    Start(Option<String>),
    /// Count a scanned or typed code `qty` times (a pack code counts its pack).
    Count {
        code: String,
        qty: Qty,
    },
    Variance,
    Approve((i64, i64)),
    Cancel,
    Adjust {
        code: String,
        delta: Qty,
        reason: AdjustReason,
        note: String,
    },
}
