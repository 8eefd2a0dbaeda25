//! What the till asks of its controller.

use crate::domain::cart::Exception;
use crate::domain::master::CustomerForm;
use crate::domain::refund::RefundMethod;
use crate::domain::{Money, Qty};
use crate::services::checkout::{CheckoutRequest, OpenSale};

/// What the till asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CashierAction {
    /// A scanned or typed code, `qty` times (a pack barcode multiplies it); when no
    /// item has that code, the item picked in the name search, if any.
    Scan {
        code: String,
        qty: Qty,
        or_else: Option<i64>,
    },
    /// F10: add the suggested item (often bought with the cart's).
    AddSuggestion(i64),
    FindCustomers(String),
    /// None detaches the customer.
    AttachCustomer(Option<i64>),
    QuickCreateCustomer(CustomerForm),
    Hold {
        sale: OpenSale,
        label: String,
    },
    ListHeld,
    Resume(i64),
    /// F10 on an empty till: WhatsApp orders waiting for the till.
    ListOrders,
    /// Load a WhatsApp order into the till.
    LoadOrder(i64),
    /// A manager's PIN approving exactly `covers` (the sale's exceptions as they
    /// stand, or a return).
    Approve {
        pin: String,
        covers: Vec<Exception>,
    },
    Checkout(CheckoutRequest),
    OpenShift(Money),
    CloseShift(Money),
    /// F11: recent sales.
    LoadHistory,
    ShowReceipt(i64),
    Print(i64),
    Void {
        invoice: String,
        reason: String,
    },
    LoadReturnable(String),
    Return {
        invoice: String,
        lines: Vec<(i64, Qty)>,
        refund: RefundMethod,
        reason: String,
    },
}
