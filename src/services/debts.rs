//! What receivables and payables share as use cases: aging debts per customer or
//! supplier, listing one party's open debts, paying oldest first, and a statement
//! with a running balance. `receivables.rs` and `payables.rs` keep their public
//! entry points and types and say only what differs (permissions, wording, fields).

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Refusal, Result, Shop};
use crate::clock::{day_start_ms, local_date};
use crate::domain::receivable::{Aging, AgingBucket, DebtSide, allocate, days_overdue};
use crate::domain::{Money, PaymentMethod};
use crate::store::{payables, receivables};

/// An open debt row from the store, whichever side.
pub(super) trait DebtRow {
    fn id(&self) -> i64;
    /// The customer or supplier who owes or is owed.
    fn party_id(&self) -> i64;
    /// The sale's invoice or the purchase's number.
    fn document(&self) -> &str;
    fn due_date(&self) -> Date;
    /// The amount owed (as of when the row was read).
    fn amount(&self) -> Money;
    fn paid(&self) -> Money;
    fn balance(&self) -> Money {
        crate::store::debts::balance(self.amount(), self.paid())
    }
}

/// Both store rows have the same fields but for who owes and what names the debt.
macro_rules! debt_row {
    ($row:ty, $party:ident, $document:ident) => {
        impl DebtRow for $row {
            fn id(&self) -> i64 {
                self.id
            }
            fn party_id(&self) -> i64 {
                self.$party
            }
            fn document(&self) -> &str {
                &self.$document
            }
            fn due_date(&self) -> Date {
                self.due_date
            }
            fn amount(&self) -> Money {
                self.amount
            }
            fn paid(&self) -> Money {
                self.paid
            }
        }
    };
}

debt_row!(receivables::OpenRow, customer_id, invoice);
debt_row!(payables::OpenRow, supplier_id, number);

/// One open debt of a customer or supplier, as of today. `D` is what the side
/// knows of the sale or purchase the debt came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDebt<D> {
    pub id: i64,
    pub document: D,
    pub due_date: Date,
    pub amount: Money,
    pub paid: Money,
    pub balance: Money,
    /// Days past due today; 0 or less is not yet due.
    pub days_overdue: i64,
    pub bucket: AgingBucket,
}

/// What a payment paid off, one per debt it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub debt_id: i64,
    /// The sale's invoice or the purchase's number.
    pub document: String,
    pub applied: Money,
    /// Still owed on that debt afterwards.
    pub balance: Money,
}

/// One party's open debts summed and aged.
pub(super) struct PartyTotals {
    pub total: Money,
    pub aging: Aging,
    pub oldest_due: Date,
    pub invoices: usize,
}

/// The refusals of a payment that need no data: nothing or less, and "credit".
pub(super) fn check_payment(side: DebtSide, amount: Money, method: PaymentMethod) -> Result<()> {
    if amount <= Money::ZERO {
        return Err(Refusal::PaymentNotPositive.into());
    }
    if method == PaymentMethod::Credit {
        return Err(match side {
            DebtSide::Receivable => Refusal::ReceivableOnCredit,
            DebtSide::Payable => Refusal::PayableOnCredit,
        }
        .into());
    }
    Ok(())
}

/// Spread `amount` over `open` (already oldest first), calling `record` for each
/// debt it reaches. Refuses when nothing is owed or `amount` is more than is owed,
/// before recording anything. Returns what was owed and what each debt got.
pub(super) fn pay_oldest_first<R: DebtRow>(
    side: DebtSide,
    party: &str,
    open: &[R],
    amount: Money,
    mut record: impl FnMut(&R, Money) -> Result<()>,
) -> Result<(Money, Vec<Allocation>)> {
    let balances: Vec<Money> = open.iter().map(DebtRow::balance).collect();
    let owed = Money::checked_sum(balances.iter().copied())?;
    if owed == Money::ZERO {
        return Err(match side {
            DebtSide::Receivable => Refusal::CustomerOwesNothing { customer: party.into() },
            DebtSide::Payable => Refusal::NothingOwedToSupplier { supplier: party.into() },
        }
        .into());
    }
    if amount > owed {
        return Err(match side {
            DebtSide::Receivable => Refusal::PaymentAboveDebt { customer: party.into(), owed, amount },
            DebtSide::Payable => Refusal::PaymentAbovePayable { supplier: party.into(), owed, amount },
        }
        .into());
    }
    let mut out = Vec::new();
    for ((row, balance), applied) in open.iter().zip(&balances).zip(allocate(amount, &balances)) {
        if applied == Money::ZERO {
            continue;
        }
        record(row, applied)?;
        out.push(Allocation {
            debt_id: row.id(),
            document: row.document().to_string(),
            applied,
            balance: balance.checked_sub(applied).unwrap_or(Money::ZERO),
        });
    }
    Ok((owed, out))
}

/// `document amount` for each debt a payment reached, for the audit trail.
pub(super) fn applied_summary(allocations: &[Allocation]) -> String {
    allocations.iter().map(|a| format!("{} {}", a.document, a.applied.rupiah())).collect::<Vec<_>>().join(", ")
}

/// Refuse a statement period that ends before it starts.
pub(super) fn check_period(from: Date, to: Date) -> Result<()> {
    if from > to {
        return Err(Refusal::PeriodBackwards { from: from.to_string(), to: to.to_string() }.into());
    }
    Ok(())
}

/// Group open debts (oldest due first) by party, keeping each party's first
/// (oldest) row, aged on `as_of`. Parties come in the order first seen.
fn group_by_party<R: DebtRow>(rows: Vec<R>, as_of: Date) -> Result<Vec<(R, PartyTotals)>> {
    let mut out: Vec<(R, PartyTotals)> = Vec::new();
    let mut index_of: HashMap<i64, usize> = HashMap::new();
    for row in rows {
        let (balance, bucket) = (row.balance(), AgingBucket::of(days_overdue(row.due_date(), as_of)));
        let index = match index_of.get(&row.party_id()) {
            Some(index) => *index,
            None => {
                index_of.insert(row.party_id(), out.len());
                let totals = PartyTotals {
                    total: Money::ZERO,
                    aging: Aging::default(),
                    oldest_due: row.due_date(),
                    invoices: 0,
                };
                out.push((row, totals));
                out.len() - 1
            }
        };
        let totals = &mut out[index].1;
        totals.aging.add(bucket, balance)?;
        totals.total = totals.total.checked_add(balance)?;
        totals.invoices += 1;
    }
    Ok(out)
}

/// A statement's lines with what is owed after each.
pub(super) struct Running<E> {
    pub opening_balance: Money,
    /// Each entry in the period with the balance after it.
    pub lines: Vec<(E, Money)>,
    pub closing_balance: Money,
}

impl Shop {
    /// Open debt rows (oldest first) as of today, with what `document` keeps of each.
    pub(super) fn open_debts<R: DebtRow, D>(&self, rows: Vec<R>, document: impl Fn(R) -> D) -> Vec<OpenDebt<D>> {
        let today = local_date(self.now_ms(), &self.time_zone());
        rows.into_iter()
            .map(|row| {
                let days_overdue = days_overdue(row.due_date(), today);
                OpenDebt {
                    id: row.id(),
                    due_date: row.due_date(),
                    amount: row.amount(),
                    paid: row.paid(),
                    balance: row.balance(),
                    days_overdue,
                    bucket: AgingBucket::of(days_overdue),
                    document: document(row),
                }
            })
            .collect()
    }

    /// Every party's open debts (`open` reads them as of an instant, or now when
    /// given None), grouped and aged. `as_of` (a shop-local date, default today)
    /// reads and ages them as they stood at the end of that day.
    pub(super) fn debts_by_party<R: DebtRow>(
        &self,
        as_of: Option<Date>,
        open: impl FnOnce(&rusqlite::Connection, Option<i64>) -> crate::store::Result<Vec<R>>,
    ) -> Result<Vec<(R, PartyTotals)>> {
        let tz = self.time_zone();
        let (as_of, before) = match as_of {
            Some(date) => (date, Some(day_start_ms(date.saturating_add(1.day()), &tz))),
            None => (local_date(self.now_ms(), &tz), None),
        };
        group_by_party(open(self.store.conn(), before)?, as_of)
    }

    /// Run a balance through a party's ledger (time order) for the shop-local dates
    /// `from`..=`to` (see [`check_period`]): what came before is the opening
    /// balance, what came after is left out. `change` is what an entry adds to what is owed and takes off it.
    pub(super) fn running_balance<E>(
        &self,
        ledger: Vec<E>,
        from: Date,
        to: Date,
        at: impl Fn(&E) -> i64,
        change: impl Fn(&E) -> (Money, Money),
    ) -> Result<Running<E>> {
        let tz = self.time_zone();
        let (start, end) = (day_start_ms(from, &tz), day_start_ms(to.saturating_add(1.day()), &tz));
        let (mut opening_balance, mut balance) = (Money::ZERO, Money::ZERO);
        let mut lines = Vec::new();
        for entry in ledger {
            if at(&entry) >= end {
                break;
            }
            let (added, taken) = change(&entry);
            balance = balance.checked_add(added)?.checked_sub(taken)?;
            if at(&entry) < start {
                opening_balance = balance;
            } else {
                lines.push((entry, balance));
            }
        }
        Ok(Running { opening_balance, lines, closing_balance: balance })
    }
}
