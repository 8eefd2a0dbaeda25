//! Receivables: who owes what and how late (aging by the shop-local date), taking a
//! customer's payment oldest debt first, and a customer's statement of account.

use jiff::civil::Date;

use super::debts::{Allocation, OpenDebt, applied_summary, check_payment, check_period, pay_oldest_first};
use super::shifts::drawer_shift;
use super::{Actor, Result, ServiceError, Shop, Thing};
use crate::clock::local_date;
use crate::domain::receivable::{Aging, DebtSide};
use crate::domain::{Money, PaymentMethod, Permission};
use crate::store::customers::{self, CustomerRow};
use crate::store::receivables::{self, EntryKind, LedgerEntry, NewPayment};

/// One customer's open receivables, aged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerReceivable {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    /// Normalised digits (`628…`), if known.
    pub phone: Option<String>,
    pub total: Money,
    /// Balances by days past due: current, 1–30, 31–60, 61–90, over 90.
    pub aging: Aging,
    pub oldest_due: Date,
    pub invoices: usize,
}

/// The credit sale a receivable comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditSaleRef {
    pub invoice: String,
    pub sale_at: i64,
    /// Shop-local date of the sale.
    pub sale_date: Date,
}

/// One open receivable of a customer.
pub type OpenReceivable = OpenDebt<CreditSaleRef>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub at: i64,
    /// Shop-local date.
    pub date: Date,
    pub kind: EntryKind,
    /// The invoice the line concerns.
    pub reference: String,
    pub description: String,
    /// Added to what the customer owes.
    pub debit: Money,
    /// Taken off what the customer owes.
    pub credit: Money,
    /// Owed after this line.
    pub balance: Money,
}

/// A customer's account between two shop-local dates, both inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub from: Date,
    pub to: Date,
    pub opening_balance: Money,
    pub lines: Vec<StatementLine>,
    pub closing_balance: Money,
}

fn describe(entry: &LedgerEntry) -> String {
    match entry.kind {
        EntryKind::CreditSale => "credit sale".to_string(),
        EntryKind::Payment => {
            let method = entry.method.as_deref().unwrap_or("payment");
            if entry.note.is_empty() {
                format!("payment ({method})")
            } else {
                format!("payment ({method}) {}", entry.note)
            }
        }
        EntryKind::Return => format!("return {}", entry.note),
        EntryKind::Void => format!("void: {}", entry.note),
    }
}

impl Shop {
    /// Every customer who owes something, with aging buckets, by name. `as_of` (a
    /// shop-local date, default today) ages the debts as they stood at the end of
    /// that day: later sales are left out, later payments and cuts not yet applied.
    pub fn receivables(&self, as_of: Option<Date>) -> Result<Vec<CustomerReceivable>> {
        let mut out: Vec<CustomerReceivable> = self
            .debts_by_party(as_of, |conn, before| receivables::open(conn, None, before))?
            .into_iter()
            .map(|(row, t)| CustomerReceivable {
                customer_id: row.customer_id,
                code: row.customer_code,
                name: row.customer_name,
                phone: row.customer_phone,
                total: t.total,
                aging: t.aging,
                oldest_due: t.oldest_due,
                invoices: t.invoices,
            })
            .collect();
        out.sort_by_cached_key(|c| (c.name.to_lowercase(), c.customer_id));
        Ok(out)
    }

    /// A customer's open receivables, oldest first (by due date, then sale time).
    pub fn customer_receivables(&self, customer_id: i64) -> Result<Vec<OpenReceivable>> {
        self.customer_row(customer_id)?;
        let tz = self.time_zone();
        let open = receivables::open(self.store.conn(), Some(customer_id), None)?;
        Ok(self.open_debts(open, |row| CreditSaleRef {
            sale_date: local_date(row.sale_at, &tz),
            invoice: row.invoice,
            sale_at: row.sale_at,
        }))
    }

    fn customer_row(&self, customer_id: i64) -> Result<CustomerRow> {
        customers::get(self.store.conn(), customer_id)?
            .ok_or_else(|| ServiceError::Missing(Thing::Customer.key(customer_id)))
    }

    /// Take a payment from a customer and apply it to their debts oldest first (by
    /// due date, then sale time), all in one transaction. Refuses nothing or less,
    /// more than they owe, and "credit" as the way of paying.
    pub fn receive_payment(
        &mut self,
        actor: &Actor,
        customer_id: i64,
        amount: Money,
        method: PaymentMethod,
        reference: &str,
    ) -> Result<Vec<Allocation>> {
        actor.require(Permission::Sell, "take payments")?;
        check_payment(DebtSide::Receivable, amount, method)?;
        let reference = reference.trim();
        self.write(|tx| {
            let customer = customers::get(tx, customer_id)?
                .ok_or_else(|| ServiceError::Missing(Thing::Customer.key(customer_id)))?;
            let open = receivables::open(tx, Some(customer_id), None)?;
            let shift_id = drawer_shift(tx, actor, None)?;
            let (owed, applied) =
                pay_oldest_first(DebtSide::Receivable, &customer.data.name, &open, amount, |row, applied| {
                    let payment = NewPayment {
                        receivable_id: row.id,
                        amount: applied,
                        method,
                        at: tx.now,
                        user_id: actor.user_id,
                        shift_id,
                        reference,
                    };
                    Ok(receivables::insert_payment(tx, &payment)?)
                })?;
            tx.audit(
                actor,
                "receivable.payment",
                "customer",
                &customer.code,
                Some(format!("owed {}", owed.rupiah())),
                Some(format!(
                    "paid {} by {method}{}: {}; owed {}",
                    amount.rupiah(),
                    if reference.is_empty() { String::new() } else { format!(" ({reference})") },
                    applied_summary(&applied),
                    owed.rupiah() - amount.rupiah()
                )),
            )?;
            Ok(applied)
        })
    }

    /// A customer's statement between two shop-local dates (inclusive): what they
    /// owed before, each credit sale, payment, return and void, and what they owe after.
    pub fn customer_statement(&self, customer_id: i64, from: Date, to: Date) -> Result<Statement> {
        check_period(from, to)?;
        let customer = self.customer_row(customer_id)?;
        let ledger = receivables::ledger(self.store.conn(), customer_id)?;
        let run = self.running_balance(ledger, from, to, |e| e.at, |e| (e.debit, e.credit))?;
        let tz = self.time_zone();
        let lines = run
            .lines
            .into_iter()
            .map(|(entry, balance)| StatementLine {
                at: entry.at,
                date: local_date(entry.at, &tz),
                kind: entry.kind,
                description: describe(&entry),
                reference: entry.invoice,
                debit: entry.debit,
                credit: entry.credit,
                balance,
            })
            .collect();
        Ok(Statement {
            customer_id,
            code: customer.code,
            name: customer.data.name,
            from,
            to,
            opening_balance: run.opening_balance,
            lines,
            closing_balance: run.closing_balance,
        })
    }
}

#[cfg(test)]
mod tests {
    use jiff::ToSpan;
    use jiff::civil::date;

    use super::*;
    use crate::domain::Qty;
    use crate::domain::receivable::AgingBucket;
    use crate::domain::refund::RefundMethod;
    use crate::services::testkit::{DAY_MS, Kit, kit};

    #[test]
    fn aging_buckets_by_days_past_due() {
        let mut k = kit();
        let cashier = k.cashier.clone();
        // Default credit term: 14 days, so due 2026-12-07.
        k.credit_sale(&cashier, k.darto, &[("A", 1)]);
        let due = date(2026, 12, 7);
        let expect = |k: &Kit, days: i64, bucket: &str| {
            let as_of = due.checked_add(days.days()).unwrap();
            let rows = k.shop.receivables(Some(as_of)).unwrap();
            let aging = rows[0].aging;
            let got = AgingBucket::ALL
                .into_iter()
                .zip([aging.current, aging.d1_30, aging.d31_60, aging.d61_90, aging.over_90])
                .find(|(_, m)| *m == Money::new(1_000))
                .map(|(b, _)| b.code());
            assert_eq!(got, Some(bucket), "{days} days past due");
        };
        let boundaries = [
            (0, "current"),
            (1, "1-30"),
            (30, "1-30"),
            (31, "31-60"),
            (60, "31-60"),
            (61, "61-90"),
            (90, "61-90"),
            (91, "90+"),
        ];
        for (days, bucket) in boundaries {
            expect(&k, days, bucket);
        }
        // Today (the clock) is the default; moving it ages the debt.
        k.clock.advance_ms(14 * DAY_MS);
        assert_eq!(k.shop.customer_receivables(k.darto).unwrap()[0].days_overdue, 0);
        k.clock.advance_ms(DAY_MS);
        let open = k.shop.customer_receivables(k.darto).unwrap();
        assert_eq!((open[0].days_overdue, open[0].bucket), (1, AgingBucket::Days1To30));
        assert_eq!(k.shop.receivables(None).unwrap()[0].aging.d1_30, Money::new(1_000));
    }

    #[test]
    fn aging_uses_the_shop_local_date() {
        let mut k = kit();
        let cashier = k.cashier.clone();
        k.credit_sale(&cashier, k.darto, &[("A", 1)]); // due 2026-12-07
        // 23:30 in Jakarta on the due date is 16:30 UTC: still not overdue.
        k.clock.advance_ms(14 * DAY_MS + 11 * 60 * 60 * 1000 + 30 * 60 * 1000);
        assert_eq!(k.shop.customer_receivables(k.darto).unwrap()[0].days_overdue, 0);
        k.clock.advance_ms(60 * 60 * 1000); // 00:30 the next day in Jakarta, still 17:30 UTC on the 7th
        assert_eq!(k.shop.customer_receivables(k.darto).unwrap()[0].days_overdue, 1);
    }

    #[test]
    fn customers_are_listed_with_totals_and_oldest_due() {
        let mut k = kit();
        let cashier = k.cashier.clone();
        k.credit_sale(&cashier, k.sri, &[("B", 1)]);
        k.advance_days(40);
        k.credit_sale(&cashier, k.sri, &[("A", 2)]);
        k.credit_sale(&cashier, k.darto, &[("C", 1)]);
        let rows = k.shop.receivables(None).unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Bu Sri", "Warung Pak Darto"]);
        let sri = &rows[0];
        assert_eq!((sri.total, sri.invoices, sri.oldest_due), (Money::new(4_500), 2, date(2026, 12, 7)));
        assert_eq!((sri.aging.d1_30, sri.aging.current), (Money::new(2_500), Money::new(2_000)));
        // As of the first day only the first debt existed.
        let then = k.shop.receivables(Some(date(2026, 11, 23))).unwrap();
        assert_eq!(then.len(), 1);
        assert_eq!((then[0].total, then[0].aging.current), (Money::new(2_500), Money::new(2_500)));
    }

    #[test]
    fn payment_goes_to_the_oldest_debts_first() {
        let mut k = kit();
        let cashier = k.cashier.clone();
        let first = k.credit_sale(&cashier, k.darto, &[("C", 1)]).invoice; // 10.000
        k.advance_days(1);
        let second = k.credit_sale(&cashier, k.darto, &[("B", 2)]).invoice; // 5.000
        let third = k.credit_sale(&cashier, k.darto, &[("A", 3)]).invoice; // 3.000, same day: by sale time
        let paid = k.shop.receive_payment(&cashier, k.darto, Money::new(12_000), PaymentMethod::Cash, "").unwrap();
        let got: Vec<(&str, i64, i64)> =
            paid.iter().map(|a| (a.document.as_str(), a.applied.rupiah(), a.balance.rupiah())).collect();
        assert_eq!(got, [(first.as_str(), 10_000, 0), (second.as_str(), 2_000, 3_000)]);
        let open = k.shop.customer_receivables(k.darto).unwrap();
        let left: Vec<(&str, i64)> = open.iter().map(|r| (r.document.invoice.as_str(), r.balance.rupiah())).collect();
        assert_eq!(left, [(second.as_str(), 3_000), (third.as_str(), 3_000)]);
        assert_eq!((open[0].amount, open[0].paid), (Money::new(5_000), Money::new(2_000)));

        // The rest clears both.
        let rest =
            k.shop.receive_payment(&cashier, k.darto, Money::new(6_000), PaymentMethod::Transfer, "BCA 77").unwrap();
        assert_eq!(rest.len(), 2);
        assert!(k.shop.customer_receivables(k.darto).unwrap().is_empty());
        let audit = k.shop.recent_audit(1).unwrap();
        assert_eq!(audit[0].action, "receivable.payment");
        assert_eq!(audit[0].before.as_deref(), Some("owed 6000"));
        assert!(audit[0].after.as_deref().unwrap().contains("(BCA 77)"), "{:?}", audit[0].after);
        k.assert_healthy();
    }

    #[test]
    fn bad_payments_are_refused_writing_nothing() {
        let mut k = kit();
        let cashier = k.cashier.clone();
        k.credit_sale(&cashier, k.darto, &[("C", 1)]);
        let mut pay = |amount: i64, method| {
            k.shop.receive_payment(&cashier, k.darto, Money::new(amount), method, "").unwrap_err().to_string()
        };
        assert!(pay(0, PaymentMethod::Cash).contains("more than 0"));
        assert!(pay(-5, PaymentMethod::Cash).contains("more than 0"));
        assert!(pay(10_001, PaymentMethod::Cash).contains("owes Rp 10.000"));
        assert!(pay(100, PaymentMethod::Credit).contains("on credit"));
        let nobody = k.shop.receive_payment(&cashier, k.sri, Money::new(1), PaymentMethod::Cash, "");
        assert!(nobody.unwrap_err().to_string().contains("owes nothing"));
        assert!(matches!(
            k.shop.receive_payment(&cashier, 999, Money::new(1), PaymentMethod::Cash, ""),
            Err(ServiceError::Missing(_))
        ));
        assert_eq!(k.shop.customer_receivables(k.darto).unwrap()[0].paid, Money::ZERO);
    }

    #[test]
    fn statement_runs_a_balance() {
        let mut k = kit();
        let cashier = k.cashier.clone();
        let owner = k.owner.clone();
        let before = k.credit_sale(&cashier, k.darto, &[("C", 1)]).invoice; // 10.000 on 23 Nov
        k.advance_days(2);
        let during = k.credit_sale(&cashier, k.darto, &[("B", 2)]).invoice; // 5.000 on 25 Nov
        k.advance_days(1);
        k.shop.receive_payment(&cashier, k.darto, Money::new(12_000), PaymentMethod::Cash, "").unwrap(); // 26 Nov
        k.shop.return_lines(&owner, None, &during, &[(1, Qty::ONE)], RefundMethod::Receivable, "rusak").unwrap();
        k.advance_days(10);
        k.credit_sale(&cashier, k.darto, &[("A", 1)]); // 6 Dec, after the statement

        let s = k.shop.customer_statement(k.darto, date(2026, 11, 24), date(2026, 11, 30)).unwrap();
        assert_eq!(s.opening_balance, Money::new(10_000));
        let lines: Vec<(Date, &str, &str, i64, i64, i64)> = s
            .lines
            .iter()
            .map(|l| {
                (
                    l.date,
                    l.reference.as_str(),
                    l.description.as_str(),
                    l.debit.rupiah(),
                    l.credit.rupiah(),
                    l.balance.rupiah(),
                )
            })
            .collect();
        let ret = format!("return {during}-R1");
        assert_eq!(
            lines,
            [
                (date(2026, 11, 25), during.as_str(), "credit sale", 5_000, 0, 15_000),
                (date(2026, 11, 26), before.as_str(), "payment (cash)", 0, 10_000, 5_000),
                (date(2026, 11, 26), during.as_str(), "payment (cash)", 0, 2_000, 3_000),
                (date(2026, 11, 26), during.as_str(), ret.as_str(), 0, 2_500, 500),
            ]
        );
        assert_eq!(s.closing_balance, Money::new(500));
        let whole = k.shop.customer_statement(k.darto, date(2026, 11, 1), date(2026, 12, 31)).unwrap();
        assert_eq!((whole.opening_balance, whole.closing_balance), (Money::ZERO, Money::new(1_500)));
        assert!(k.shop.customer_statement(k.darto, date(2026, 12, 1), date(2026, 11, 1)).is_err());
    }
}
