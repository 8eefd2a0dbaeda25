//! Payables: what the shop owes each supplier and how late (the same aging rules as
//! receivables, `domain::receivable`), paying a supplier in full or in part, and a
//! supplier's statement with a running balance.

use jiff::civil::Date;

use super::debts::{Allocation, OpenDebt, applied_summary, check_payment, check_period, pay_oldest_first};
use super::{Actor, Result, ServiceError, Shop, Thing};
use crate::clock::local_date;
use crate::domain::receivable::{Aging, DebtSide};
use crate::domain::{Money, PaymentMethod, Permission};
use crate::store::payables::{self, EntryKind, LedgerEntry, NewPayment, OpenRow};
use crate::store::suppliers::{self, SupplierRow};

/// One supplier's open payables, aged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierPayable {
    pub supplier_id: i64,
    pub name: String,
    pub total: Money,
    pub aging: Aging,
    pub oldest_due: Date,
    pub invoices: usize,
}

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierStatementLine {
    pub at: i64,
    pub date: Date,
    pub kind: EntryKind,
    pub number: String,
    pub description: String,
    /// Added to what the shop owes.
    pub credit: Money,
    /// Taken off what the shop owes.
    pub debit: Money,
    /// Owed after this line.
    pub balance: Money,
}

/// A supplier's account between two shop-local dates, both inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierStatement {
    pub supplier_id: i64,
    pub name: String,
    pub from: Date,
    pub to: Date,
    pub opening_balance: Money,
    pub lines: Vec<SupplierStatementLine>,
    pub closing_balance: Money,
}

fn describe(entry: &LedgerEntry) -> String {
    match entry.kind {
        EntryKind::Purchase if entry.note.is_empty() => "purchase".to_string(),
        EntryKind::Purchase => format!("purchase, invoice {}", entry.note),
        EntryKind::Payment => format!("payment ({})", entry.note),
        EntryKind::Return => format!("return: {}", entry.note),
        EntryKind::Refund => "cash refund for the return".to_string(),
    }
}

impl Shop {
    /// Every supplier the shop owes, with aging buckets, by name. `as_of` (a
    /// shop-local date, default today) ages the debts as they stood at its end.
    pub fn payables(&self, actor: &Actor, as_of: Option<Date>) -> Result<Vec<SupplierPayable>> {
        actor.require(Permission::Purchase, "see what is owed to suppliers")?;
        let mut out: Vec<SupplierPayable> = self
            .debts_by_party(as_of, |conn, before| payables::open(conn, None, before))?
            .into_iter()
            .map(|(row, t)| SupplierPayable {
                supplier_id: row.supplier_id,
                name: row.supplier_name,
                total: t.total,
                aging: t.aging,
                oldest_due: t.oldest_due,
                invoices: t.invoices,
            })
            .collect();
        out.sort_by_cached_key(|s| (s.name.to_lowercase(), s.supplier_id));
        Ok(out)
    }

    /// A supplier's open payables, oldest due first.
    pub fn supplier_payables(&self, actor: &Actor, supplier_id: i64) -> Result<Vec<OpenPayable>> {
        actor.require(Permission::Purchase, "see what is owed to suppliers")?;
        self.supplier_row(supplier_id)?;
        let open = payables::open(self.store.conn(), Some(supplier_id), None)?;
        Ok(self.open_debts(open, |row| PurchaseRef {
            number: row.number,
            supplier_invoice: row.supplier_invoice,
            invoice_date: row.invoice_date,
        }))
    }

    fn supplier_row(&self, supplier_id: i64) -> Result<SupplierRow> {
        suppliers::get(self.store.conn(), supplier_id)?
            .ok_or_else(|| ServiceError::Missing(Thing::Supplier.key(supplier_id)))
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
        actor.require(Permission::Purchase, "pay suppliers")?;
        check_payment(DebtSide::Payable, amount, method)?;
        let reference = reference.trim();
        self.write(|tx| {
            let supplier = suppliers::get(tx, supplier_id)?
                .ok_or_else(|| ServiceError::Missing(Thing::Supplier.key(supplier_id)))?;
            let open: Vec<OpenRow> = payables::open(tx, Some(supplier_id), None)?
                .into_iter()
                .filter(|row| payable_id.is_none_or(|id| id == row.id))
                .collect();
            let (owed, applied) =
                pay_oldest_first(DebtSide::Payable, &supplier.data.name, &open, amount, |row, applied| {
                    let payment = NewPayment {
                        payable_id: row.id,
                        amount: applied,
                        method: method.code(),
                        at: tx.now,
                        user_id: actor.user_id,
                        reference,
                        return_id: None,
                    };
                    Ok(payables::insert_payment(tx, &payment)?)
                })?;
            tx.audit(
                actor,
                "payable.payment",
                "supplier",
                supplier.id,
                Some(format!("owed {}", owed.rupiah())),
                Some(format!("paid {} by {method}: {}", amount.rupiah(), applied_summary(&applied))),
            )?;
            Ok(applied)
        })
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
        check_period(from, to)?;
        let supplier = self.supplier_row(supplier_id)?;
        let ledger = payables::ledger(self.store.conn(), supplier_id)?;
        let run = self.running_balance(ledger, from, to, |e| e.at, |e| (e.credit, e.debit))?;
        let tz = self.time_zone();
        let lines = run
            .lines
            .into_iter()
            .map(|(entry, balance)| SupplierStatementLine {
                at: entry.at,
                date: local_date(entry.at, &tz),
                kind: entry.kind,
                description: describe(&entry),
                number: entry.number,
                credit: entry.credit,
                debit: entry.debit,
                balance,
            })
            .collect();
        Ok(SupplierStatement {
            supplier_id,
            name: supplier.data.name,
            from,
            to,
            opening_balance: run.opening_balance,
            lines,
            closing_balance: run.closing_balance,
        })
    }
}
