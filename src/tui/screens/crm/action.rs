//! What Customers & CRM (Alt+7) asks of its controller.

use crate::domain::{Money, PaymentMethod};

/// The tabs' requests beyond the customer list (which is the shared record list's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrmAction {
    Receivables(ReceivablesAction),
    Segments(SegmentsAction),
    /// The Health tab's figures: before/after WhatsApp and the peak times.
    LoadHealth,
    /// The Recommendations tab's figures: what refill reminders and till suggestions earned.
    LoadRecommendations,
    /// The newest segment of the customer selected on Customers & CRM.
    CustomerSegment(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceivablesAction {
    Load,
    /// A customer's open invoices.
    Open(i64),
    Pay {
        customer_id: i64,
        amount: Money,
        method: PaymentMethod,
        reference: String,
    },
    Statement(i64),
}

/// What the Segments tab asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentsAction {
    /// The newest segmentation.
    Load,
    /// Segment the customers now (default k), on a worker.
    Run,
    /// The customers of a cluster label or RFM segment.
    Members(String),
    /// Stop the segmentation running in the background.
    Cancel,
}
