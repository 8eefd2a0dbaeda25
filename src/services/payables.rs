//! Payables: what the shop owes each supplier and how late (the same aging rules as
//! receivables, `domain::receivable`), paying a supplier in full or in part, and a
//! supplier's statement with a running balance. The use cases are written once in
//! `debts`; this is the suppliers' side of them.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::Connection;

use super::debts::{self, Allocation, OpenDebt, Party, PartyDebts, Payment, Side, applied_summary};
use super::{Actor, Result, ServiceError, Shop, Thing, Tx};
use crate::domain::receivable::DebtSide;
use crate::domain::{Money, PaymentMethod, Permission};
use crate::store::debts::PaymentLink;
use crate::store::payables::{self, EntryKind, LedgerEntry, OpenRow};
use crate::store::suppliers;

/// One supplier's open payables, aged (the list shows a supplier by name only).
pub type SupplierPayable = PartyDebts<()>;

/// The purchase a payable comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseRef {
    /// The shop's purchase number.
    pub number: String,
    pub supplier_invoice: String,
    pub invoice_date: Date,
}

/// One open payable of a supplier.
pub type OpenPayable = OpenDebt<PurchaseRef>;

/// What a payment paid off, one row per payable it touched.
pub type PayableAllocation = Allocation;

/// A supplier's account between two shop-local dates, both inclusive.
pub type SupplierStatement = debts::Statement<EntryKind>;

/// The shop owes suppliers for purchases on credit.
pub(super) struct Payables;

impl Side for Payables {
    const SIDE: DebtSide = DebtSide::Payable;
    type Row = OpenRow;
    type Details = ();
    type Document = PurchaseRef;
    type Kind = EntryKind;

    fn party(conn: &Connection, id: i64) -> Result<Party> {
        let supplier = suppliers::get(conn, id)?.ok_or_else(|| ServiceError::Missing(Thing::Supplier.key(id)))?;
        Ok(Party { name: supplier.data.name, code: None, audit_id: supplier.id.to_string() })
    }

    fn details(_: OpenRow) {}

    fn document(row: OpenRow, _: &TimeZone) -> PurchaseRef {
        PurchaseRef { number: row.number, supplier_invoice: row.supplier_invoice, invoice_date: row.invoice_date }
    }

    fn ledger(conn: &Connection, party_id: i64) -> crate::store::Result<Vec<LedgerEntry>> {
        payables::ledger(conn, party_id)
    }

    fn describe(entry: &LedgerEntry) -> String {
        match entry.kind {
            EntryKind::Purchase if entry.note.is_empty() => "purchase".to_string(),
            EntryKind::Purchase => format!("purchase, invoice {}", entry.note),
            EntryKind::Payment => {
                let method = entry.method.as_deref().unwrap_or_default();
                if entry.note.is_empty() {
                    format!("payment ({method})")
                } else {
                    format!("payment ({method} {})", entry.note)
                }
            }
            EntryKind::Return => format!("return: {}", entry.note),
            EntryKind::Refund => "cash refund for the return".to_string(),
        }
    }

    fn payment_link(_: &Tx<'_>, _: &Actor) -> Result<PaymentLink> {
        Ok(PaymentLink::Return(None))
    }

    fn audit_after(payment: &Payment<'_>, _: Money, applied: &[Allocation]) -> String {
        format!("paid {} by {}: {}", payment.amount.rupiah(), payment.method, applied_summary(applied))
    }
}

impl Shop {
    /// Every supplier the shop owes, with aging buckets, by name. `as_of` (a
    /// shop-local date, default today) ages the debts as they stood at its end.
    pub fn payables(&self, actor: &Actor, as_of: Option<Date>) -> Result<Vec<SupplierPayable>> {
        actor.require(Permission::Purchase, "see what is owed to suppliers")?;
        self.aged_debts::<Payables>(as_of)
    }

    /// A supplier's open payables, oldest due first.
    pub fn supplier_payables(&self, actor: &Actor, supplier_id: i64) -> Result<Vec<OpenPayable>> {
        actor.require(Permission::Purchase, "see what is owed to suppliers")?;
        self.open_items::<Payables>(supplier_id)
    }

    /// Pay a supplier: one payable (`payable_id`) or their oldest first, in full or in
    /// part, in one transaction. Refuses nothing or less, more than is owed, and
    /// "credit" as the way of paying.
    pub fn pay_supplier(
        &mut self,
        actor: &Actor,
        supplier_id: i64,
        payable_id: Option<i64>,
        amount: Money,
        method: PaymentMethod,
        reference: &str,
    ) -> Result<Vec<PayableAllocation>> {
        self.pay_debts::<Payables>(actor, supplier_id, payable_id, Payment { amount, method, reference })
    }

    /// A supplier's statement between two shop-local dates (inclusive): purchases,
    /// payments, returns and refunds with what is owed after each.
    pub fn supplier_statement(
        &self,
        actor: &Actor,
        supplier_id: i64,
        from: Date,
        to: Date,
    ) -> Result<SupplierStatement> {
        actor.require(Permission::Purchase, "see supplier statements")?;
        self.statement::<Payables>(supplier_id, from, to)
    }
}
