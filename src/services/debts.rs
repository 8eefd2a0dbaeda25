//! What receivables and payables share as use cases, written once for either
//! [`Side`]: aging debts per customer or supplier, listing one party's open debts,
//! paying oldest first, and a statement with a running balance. `receivables.rs`
//! and `payables.rs` describe their side (tables, wording, what a payment records)
//! and keep their public entry points, which add the permissions.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::Connection;

use super::{Actor, Refusal, Result, Shop, Tx};
use crate::clock::{day_start_ms, local_date};
use crate::domain::receivable::{Aging, AgingBucket, DebtSide, allocate, days_overdue};
use crate::domain::{Money, PaymentMethod, Permission};
use crate::store::debts::{LedgerEntry, NewPayment, PaymentLink};
use crate::store::{payables, receivables};

/// An open debt row from the store, whichever side.
pub(super) trait DebtRow {
    fn id(&self) -> i64;
    /// The customer or supplier who owes or is owed.
    fn party_id(&self) -> i64;
    fn party_name(&self) -> &str;
    /// The sale's invoice or the purchase's number.
    fn document(&self) -> &str;
    fn due_date(&self) -> Date;
    /// The amount owed (as of when the row was read).
    fn amount(&self) -> Money;
    fn paid(&self) -> Money;
    fn balance(&self) -> Money {
        crate::store::debts::balance(self.amount(), self.paid())
    }
    /// Open debts of one party or all, oldest due first; with `before_ms`, as they
    /// stood just before that instant.
    fn open(conn: &Connection, party_id: Option<i64>, before_ms: Option<i64>) -> crate::store::Result<Vec<Self>>
    where
        Self: Sized;
}

/// Both store rows have the same fields but for who owes and what names the debt.
macro_rules! debt_row {
    ($side:ident, $party:ident, $party_name:ident, $document:ident) => {
        impl DebtRow for $side::OpenRow {
            fn id(&self) -> i64 {
                self.id
            }
            fn party_id(&self) -> i64 {
                self.$party
            }
            fn party_name(&self) -> &str {
                &self.$party_name
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
            fn open(
                conn: &Connection,
                party_id: Option<i64>,
                before_ms: Option<i64>,
            ) -> crate::store::Result<Vec<Self>> {
                $side::open(conn, party_id, before_ms)
            }
        }
    };
}

debt_row!(receivables, customer_id, customer_name, invoice);
debt_row!(payables, supplier_id, supplier_name, number);

/// One side of the shop's debts: customers who owe the shop, or suppliers the shop
/// owes. What the shared use cases need to know that differs by side.
pub(super) trait Side {
    const SIDE: DebtSide;
    /// An open debt as the store reads it.
    type Row: DebtRow;
    /// What the aged list shows of a party besides its name.
    type Details;
    /// What an open item keeps of the sale or purchase it comes from.
    type Document;
    /// The kinds of line of a party's account.
    type Kind;

    /// The party `id`, or that it is missing.
    fn party(conn: &Connection, id: i64) -> Result<Party>;
    fn details(row: Self::Row) -> Self::Details;
    fn document(row: Self::Row, tz: &TimeZone) -> Self::Document;
    /// Every line of a party's account, in time order.
    fn ledger(conn: &Connection, party_id: i64) -> crate::store::Result<Vec<LedgerEntry<Self::Kind>>>;
    fn describe(entry: &LedgerEntry<Self::Kind>) -> String;
    /// What a payment records besides its debt: a customer's, the drawer shift that
    /// took it; a supplier's, no return (it was paid, not sent back).
    fn payment_link(tx: &Tx<'_>, actor: &Actor) -> Result<PaymentLink>;
    /// The audit row's "after" of a payment that paid off `applied` of `owed`.
    fn audit_after(payment: &Payment<'_>, owed: Money, applied: &[Allocation]) -> String;
}

/// A customer or supplier as the debt use cases name them.
pub(super) struct Party {
    pub name: String,
    /// The customer's code; suppliers have none.
    pub code: Option<String>,
    /// How the audit trail names the party.
    pub audit_id: String,
}

/// A payment towards a party's debts.
pub(super) struct Payment<'a> {
    pub amount: Money,
    pub method: PaymentMethod,
    /// Trimmed before it is recorded.
    pub reference: &'a str,
}

/// One party's open debts, summed and aged. `P` is what else the side shows of
/// the party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyDebts<P> {
    /// The customer's or supplier's id.
    pub party_id: i64,
    pub name: String,
    pub details: P,
    pub total: Money,
    /// Balances by days past due: current, 1–30, 31–60, 61–90, over 90.
    pub aging: Aging,
    pub oldest_due: Date,
    pub invoices: usize,
}

/// A line of a party's statement. `K` is the side's kind of line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine<K> {
    pub at: i64,
    /// Shop-local date.
    pub date: Date,
    pub kind: K,
    /// The sale's invoice, or the purchase or return number, the line concerns.
    pub document: String,
    pub description: String,
    /// Added to what is owed.
    pub added: Money,
    /// Taken off what is owed.
    pub taken: Money,
    /// Owed after this line.
    pub balance: Money,
}

/// A customer's or supplier's account between two shop-local dates, both inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<K> {
    pub party_id: i64,
    /// The customer's code; suppliers have none.
    pub code: Option<String>,
    pub name: String,
    pub from: Date,
    pub to: Date,
    pub opening_balance: Money,
    pub lines: Vec<StatementLine<K>>,
    pub closing_balance: Money,
}

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
struct PartyTotals {
    pub total: Money,
    pub aging: Aging,
    pub oldest_due: Date,
    pub invoices: usize,
}

/// The refusals of a payment that need no data: nothing or less, and "credit".
fn check_payment(side: DebtSide, amount: Money, method: PaymentMethod) -> Result<()> {
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
fn pay_oldest_first<R: DebtRow>(
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
fn check_period(from: Date, to: Date) -> Result<()> {
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

impl Shop {
    /// Every party of side `S` with something owed, aged, by name. `as_of` (a
    /// shop-local date, default today) reads and ages the debts as they stood at
    /// the end of that day.
    pub(super) fn aged_debts<S: Side>(&self, as_of: Option<Date>) -> Result<Vec<PartyDebts<S::Details>>> {
        let tz = self.time_zone();
        let (as_of, before) = match as_of {
            Some(date) => (date, Some(day_start_ms(date.saturating_add(1.day()), &tz))),
            None => (local_date(self.now_ms(), &tz), None),
        };
        let mut parties = group_by_party(S::Row::open(self.store.conn(), None, before)?, as_of)?;
        parties.sort_by_cached_key(|(row, _)| (row.party_name().to_lowercase(), row.party_id()));
        Ok(parties
            .into_iter()
            .map(|(row, t)| PartyDebts {
                party_id: row.party_id(),
                name: row.party_name().to_string(),
                details: S::details(row),
                total: t.total,
                aging: t.aging,
                oldest_due: t.oldest_due,
                invoices: t.invoices,
            })
            .collect())
    }

    /// One party's open debts as of today, oldest due first.
    pub(super) fn open_items<S: Side>(&self, party_id: i64) -> Result<Vec<OpenDebt<S::Document>>> {
        let conn = self.store.conn();
        S::party(conn, party_id)?;
        let (tz, today) = (self.time_zone(), local_date(self.now_ms(), &self.time_zone()));
        Ok(S::Row::open(conn, Some(party_id), None)?
            .into_iter()
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
                    document: S::document(row, &tz),
                }
            })
            .collect())
    }

    /// Pay a party's open debts (only debt `only`, when given) oldest first, in
    /// full or in part, in one transaction with its audit row. Refuses who may not
    /// (cashiers take customers' payments, buyers pay suppliers), nothing or less,
    /// more than is owed, and "credit" as the way of paying.
    pub(super) fn pay_debts<S: Side>(
        &mut self,
        actor: &Actor,
        party_id: i64,
        only: Option<i64>,
        payment: Payment<'_>,
    ) -> Result<Vec<Allocation>> {
        let (permission, doing) = match S::SIDE {
            DebtSide::Receivable => (Permission::Sell, "take payments"),
            DebtSide::Payable => (Permission::Purchase, "pay suppliers"),
        };
        actor.require(permission, doing)?;
        check_payment(S::SIDE, payment.amount, payment.method)?;
        let payment = Payment { reference: payment.reference.trim(), ..payment };
        let payment = &payment;
        self.write(|tx| {
            let party = S::party(tx, party_id)?;
            let open: Vec<S::Row> = S::Row::open(tx, Some(party_id), None)?
                .into_iter()
                .filter(|row| only.is_none_or(|id| id == row.id()))
                .collect();
            let (owed, applied) = pay_oldest_first(S::SIDE, &party.name, &open, payment.amount, |row, applied| {
                let new = NewPayment {
                    debt_id: row.id(),
                    amount: applied,
                    method: payment.method.code(),
                    at: tx.now,
                    user_id: actor.user_id,
                    reference: payment.reference,
                };
                Ok(crate::store::debts::insert_payment(tx, &new, S::payment_link(tx, actor)?)?)
            })?;
            let (action, entity) = match S::SIDE {
                DebtSide::Receivable => ("receivable.payment", "customer"),
                DebtSide::Payable => ("payable.payment", "supplier"),
            };
            tx.audit(
                actor,
                action,
                entity,
                party.audit_id,
                Some(format!("owed {}", owed.rupiah())),
                Some(S::audit_after(payment, owed, &applied)),
            )?;
            Ok(applied)
        })
    }

    /// A party's statement between two shop-local dates (inclusive): what was owed
    /// before, each line of the account with what is owed after it, and what is
    /// owed at the end. Later lines are left out.
    pub(super) fn statement<S: Side>(&self, party_id: i64, from: Date, to: Date) -> Result<Statement<S::Kind>> {
        check_period(from, to)?;
        let conn = self.store.conn();
        let party = S::party(conn, party_id)?;
        let tz = self.time_zone();
        let (start, end) = (day_start_ms(from, &tz), day_start_ms(to.saturating_add(1.day()), &tz));
        let (mut opening_balance, mut balance) = (Money::ZERO, Money::ZERO);
        let mut lines = Vec::new();
        for entry in S::ledger(conn, party_id)? {
            if entry.at >= end {
                break;
            }
            balance = balance.checked_add(entry.added)?.checked_sub(entry.taken)?;
            if entry.at < start {
                opening_balance = balance;
                continue;
            }
            lines.push(StatementLine {
                at: entry.at,
                date: local_date(entry.at, &tz),
                description: S::describe(&entry),
                kind: entry.kind,
                document: entry.document,
                added: entry.added,
                taken: entry.taken,
                balance,
            });
        }
        Ok(Statement {
            party_id,
            code: party.code,
            name: party.name,
            from,
            to,
            opening_balance,
            lines,
            closing_balance: balance,
        })
    }
}
