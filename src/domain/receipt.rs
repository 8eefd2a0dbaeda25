//! The receipt model: everything a receipt or an invoice shows about one sale, as
//! plain data. It is the context of the receipt and invoice templates, so field
//! names here are what template authors write (`{{ total|money }}`).
//!
//! In templates, money is whole rupiah (`12500`) and quantities are thousandths
//! (`1500` = 1.5): print them with the `money` and `qty` filters.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::{Money, PaymentMethod, PriceTier, Qty};

/// The shop as printed at the top.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct StoreInfo {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// NPWP.
    pub tax_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptCustomer {
    pub code: String,
    pub name: String,
    /// As written in Indonesia (`0812-3456-789`), empty when unknown.
    pub phone: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptLine {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty: Qty,
    pub unit_price: Money,
    /// The tier that priced the line (a quantity break can beat the sale's tier).
    pub tier: PriceTier,
    /// Quantity times unit price, before the line discount.
    pub gross: Money,
    pub discount: Money,
    /// After the line discount.
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptPayment {
    pub method: PaymentMethod,
    /// What the customer handed over: for cash, this includes the change.
    pub amount: Money,
    /// Transfer or QRIS reference.
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub store: StoreInfo,
    /// The `receipt.header` and `receipt.footer` settings.
    pub header: String,
    pub footer: String,
    pub invoice: String,
    /// Shop-local date and time of the sale: `23/11/2026`, `12:00`.
    pub date: String,
    pub time: String,
    /// Full name, else user name; empty for sales made from the command line.
    pub cashier: String,
    pub customer: Option<ReceiptCustomer>,
    /// The sale's price tier.
    pub tier: PriceTier,
    pub lines: Vec<ReceiptLine>,
    /// Sum of line totals (after line discounts).
    pub subtotal: Money,
    /// Whole-sale discount.
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
    pub payments: Vec<ReceiptPayment>,
    pub change: Money,
    /// The part of this sale put on the customer's account.
    pub credit: Money,
    /// When the credit part is due (`23/12/2026`), empty without credit.
    pub due_date: String,
    /// The customer's whole open balance right after this sale (zero without one).
    pub balance: Money,
    pub void: bool,
    pub void_reason: String,
    /// A member's points on this sale, when it moved any.
    pub points: Option<ReceiptPoints>,
}

/// What a sale did to its member's points, and the balance right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReceiptPoints {
    pub earned: i64,
    pub redeemed: i64,
    pub balance: i64,
}

/// Payments as stored keep cash net of change; a receipt shows what was handed
/// over, so the change goes back onto the first cash payment.
pub fn tendered(mut payments: Vec<ReceiptPayment>, change: Money) -> Vec<ReceiptPayment> {
    if let Some(cash) = payments.iter_mut().find(|p| p.method == PaymentMethod::Cash) {
        cash.amount = cash.amount.checked_add(change).unwrap_or(cash.amount);
    } else if change > Money::ZERO {
        payments.push(ReceiptPayment { method: PaymentMethod::Cash, amount: change, reference: String::new() });
    }
    payments
}

/// The part of the total put on account.
pub fn credit_part(payments: &[ReceiptPayment]) -> Money {
    payments
        .iter()
        .filter(|p| p.method == PaymentMethod::Credit)
        .fold(Money::ZERO, |sum, p| sum.checked_add(p.amount).unwrap_or(sum))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SaleStatus {
    Completed,
    Void,
}

impl SaleStatus {
    pub fn code(self) -> &'static str {
        match self {
            SaleStatus::Completed => "completed",
            SaleStatus::Void => "void",
        }
    }
}

impl fmt::Display for SaleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for SaleStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "completed" => Ok(SaleStatus::Completed),
            "void" => Ok(SaleStatus::Void),
            other => Err(format!("'{other}' is not a sale status")),
        }
    }
}

/// One row of the sales history (to find a sale and reprint it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleSummary {
    pub id: i64,
    pub invoice: String,
    /// UTC epoch milliseconds.
    pub at: i64,
    pub customer_name: Option<String>,
    pub total: Money,
    pub status: SaleStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(method: PaymentMethod, amount: i64) -> ReceiptPayment {
        ReceiptPayment { method, amount: Money::new(amount), reference: String::new() }
    }

    #[test]
    fn change_goes_back_onto_the_first_cash_payment() {
        let stored = vec![pay(PaymentMethod::Qris, 10_000), pay(PaymentMethod::Cash, 4_000)];
        let shown = tendered(stored, Money::new(1_000));
        assert_eq!(shown, vec![pay(PaymentMethod::Qris, 10_000), pay(PaymentMethod::Cash, 5_000)]);
        // All cash went back as change (settle dropped the empty cash payment).
        let shown = tendered(vec![pay(PaymentMethod::Transfer, 3_000)], Money::new(2_000));
        assert_eq!(shown, vec![pay(PaymentMethod::Transfer, 3_000), pay(PaymentMethod::Cash, 2_000)]);
        assert_eq!(
            tendered(vec![pay(PaymentMethod::Credit, 7_000)], Money::ZERO),
            vec![pay(PaymentMethod::Credit, 7_000)]
        );
    }

    #[test]
    fn credit_part_sums_credit_payments_only() {
        let payments = [pay(PaymentMethod::Cash, 5_000), pay(PaymentMethod::Credit, 7_000)];
        assert_eq!(credit_part(&payments), Money::new(7_000));
    }

    #[test]
    fn status_round_trips() {
        for s in [SaleStatus::Completed, SaleStatus::Void] {
            assert_eq!(s.code().parse::<SaleStatus>(), Ok(s));
        }
        assert!("open".parse::<SaleStatus>().is_err());
    }
}
