//! Payables: what the shop owes each supplier and how late (the same aging rules as
//! receivables, `domain::receivable`), paying a supplier in full or in part, and a
//! supplier's statement with a running balance.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Actor, Result, ServiceError, Shop};
use crate::clock::{day_start_ms, local_date};
use crate::domain::receivable::{Aging, AgingBucket, allocate, days_overdue};
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

/// One open payable of a supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenPayable {
    pub id: i64,
    pub number: String,
    pub supplier_invoice: String,
    pub invoice_date: Date,
    pub due_date: Date,
    pub amount: Money,
    pub paid: Money,
    pub balance: Money,
    pub days_overdue: i64,
    pub bucket: AgingBucket,
}

/// What a payment paid off, one row per payable it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayableAllocation {
    pub payable_id: i64,
    pub number: String,
    pub applied: Money,
    pub balance: Money,
}

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
        let tz = self.time_zone();
        let (as_of, before) = match as_of {
            Some(date) => (date, Some(day_start_ms(date.saturating_add(1.day()), &tz))),
            None => (local_date(self.now_ms(), &tz), None),
        };
        let mut out: Vec<SupplierPayable> = Vec::new();
        let mut index_of: HashMap<i64, usize> = HashMap::new();
        for row in payables::open(self.store.conn(), None, before)? {
            let index = *index_of.entry(row.supplier_id).or_insert_with(|| {
                out.push(SupplierPayable {
                    supplier_id: row.supplier_id,
                    name: row.supplier_name.clone(),
                    total: Money::ZERO,
                    aging: Aging::default(),
                    // Rows come oldest due first.
                    oldest_due: row.due_date,
                    invoices: 0,
                });
                out.len() - 1
            });
            let supplier = &mut out[index];
            supplier.aging.add(AgingBucket::of(days_overdue(row.due_date, as_of)), row.balance())?;
            supplier.total = supplier.total.checked_add(row.balance())?;
            supplier.invoices += 1;
        }
        out.sort_by_cached_key(|s| (s.name.to_lowercase(), s.supplier_id));
        Ok(out)
    }

    /// A supplier's open payables, oldest due first.
    pub fn supplier_payables(&self, actor: &Actor, supplier_id: i64) -> Result<Vec<OpenPayable>> {
        actor.require(Permission::Purchase, "see what is owed to suppliers")?;
        self.supplier_row(supplier_id)?;
        let today = local_date(self.now_ms(), &self.time_zone());
        Ok(payables::open(self.store.conn(), Some(supplier_id), None)?
            .into_iter()
            .map(|row| {
                let days = days_overdue(row.due_date, today);
                OpenPayable {
                    id: row.id,
                    balance: row.balance(),
                    number: row.number,
                    supplier_invoice: row.supplier_invoice,
                    invoice_date: row.invoice_date,
                    due_date: row.due_date,
                    amount: row.amount,
                    paid: row.paid,
                    days_overdue: days,
                    bucket: AgingBucket::of(days),
                }
            })
            .collect())
    }

    fn supplier_row(&self, supplier_id: i64) -> Result<SupplierRow> {
        suppliers::get(self.store.conn(), supplier_id)?
            .ok_or_else(|| ServiceError::NotFound(format!("supplier {supplier_id}")))
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
        if amount <= Money::ZERO {
            return Err(ServiceError::Rejected("amount: a payment must be more than 0".into()));
        }
        if method == PaymentMethod::Credit {
            return Err(ServiceError::Rejected("a debt cannot be paid on credit; pay cash, transfer or QRIS".into()));
        }
        let reference = reference.trim();
        self.write(|tx| {
            let supplier = suppliers::get(tx, supplier_id)?
                .ok_or_else(|| ServiceError::NotFound(format!("supplier {supplier_id}")))?;
            let open: Vec<OpenRow> = payables::open(tx, Some(supplier_id), None)?
                .into_iter()
                .filter(|row| payable_id.is_none_or(|id| id == row.id))
                .collect();
            let balances: Vec<Money> = open.iter().map(OpenRow::balance).collect();
            let owed = Money::checked_sum(balances.iter().copied())?;
            if owed == Money::ZERO {
                return Err(ServiceError::Rejected(format!("nothing is owed to {} there", supplier.data.name)));
            }
            if amount > owed {
                return Err(ServiceError::Rejected(format!(
                    "amount: {amount} is more than the {owed} owed to {}",
                    supplier.data.name
                )));
            }
            let mut allocations = Vec::new();
            for ((row, balance), applied) in open.iter().zip(&balances).zip(allocate(amount, &balances)) {
                if applied == Money::ZERO {
                    continue;
                }
                payables::insert_payment(
                    tx,
                    &NewPayment {
                        payable_id: row.id,
                        amount: applied,
                        method: method.code(),
                        at: tx.now,
                        user_id: actor.user_id,
                        reference,
                        return_id: None,
                    },
                )?;
                let balance = balance.checked_sub(applied).unwrap_or(Money::ZERO);
                allocations.push(PayableAllocation {
                    payable_id: row.id,
                    number: row.number.clone(),
                    applied,
                    balance,
                });
            }
            let applied: Vec<String> =
                allocations.iter().map(|a| format!("{} {}", a.number, a.applied.rupiah())).collect();
            tx.audit(
                actor,
                "payable.payment",
                "supplier",
                supplier.id,
                Some(format!("owed {}", owed.rupiah())),
                Some(format!("paid {} by {method}: {}", amount.rupiah(), applied.join(", "))),
            )?;
            Ok(allocations)
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
        if from > to {
            return Err(ServiceError::Rejected(format!("the statement starts ({from}) after it ends ({to})")));
        }
        let supplier = self.supplier_row(supplier_id)?;
        let tz = self.time_zone();
        let (start, end) = (day_start_ms(from, &tz), day_start_ms(to.saturating_add(1.day()), &tz));
        let (mut opening_balance, mut balance) = (Money::ZERO, Money::ZERO);
        let mut lines = Vec::new();
        for entry in payables::ledger(self.store.conn(), supplier_id)? {
            if entry.at >= end {
                break;
            }
            balance = balance.checked_add(entry.credit)?.checked_sub(entry.debit)?;
            if entry.at < start {
                opening_balance = balance;
                continue;
            }
            lines.push(SupplierStatementLine {
                at: entry.at,
                date: local_date(entry.at, &tz),
                kind: entry.kind,
                description: describe(&entry),
                number: entry.number,
                credit: entry.credit,
                debit: entry.debit,
                balance,
            });
        }
        Ok(SupplierStatement {
            supplier_id,
            name: supplier.data.name,
            from,
            to,
            opening_balance,
            lines,
            closing_balance: balance,
        })
    }
}
