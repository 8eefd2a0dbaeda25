//! What the Purchases screen (Alt+3) asks of its controller.

use crate::domain::{Money, PaymentMethod, Qty};
use crate::services::purchases::PurchaseRequest;

/// What the Purchases screen (Alt+3) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurchasesAction {
    /// Suppliers owed and recent purchases.
    Load,
    FindSuppliers(String),
    QuickCreateSupplier(String),
    /// A scanned or typed code, `packs` times; unknown codes offer to create the item.
    Scan {
        code: String,
        packs: Qty,
    },
    QuickCreateItem {
        code: String,
        name: String,
        price: String,
    },
    Receive(PurchaseRequest),
    /// A supplier's open payables.
    OpenPayables(i64),
    Pay {
        supplier_id: i64,
        payable_id: Option<i64>,
        amount: Money,
        method: PaymentMethod,
        reference: String,
    },
    Statement(i64),
    LoadReturnable(String),
    Return {
        number: String,
        lines: Vec<(i64, Qty)>,
        reason: String,
    },
}
