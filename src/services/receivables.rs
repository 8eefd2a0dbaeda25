//! Receivables: who owes what and how late (aging by the shop-local date), taking a
//! customer's payment oldest debt first, and a customer's statement of account. The
//! use cases are written once in `debts`; this is the customers' side of them.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::Connection;

use super::debts::{self, Allocation, OpenDebt, Party, PartyDebts, Payment, Side, applied_summary};
use super::shifts::drawer_shift;
use super::{Actor, Result, ServiceError, Shop, Thing, Tx};
use crate::clock::local_date;
use crate::domain::receivable::DebtSide;
use crate::domain::{Money, PaymentMethod};
use crate::store::customers;
use crate::store::debts::PaymentLink;
use crate::store::receivables::{self, EntryKind, LedgerEntry, OpenRow};

/// What the list of who owes shows of a customer besides the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDetails {
    pub code: String,
    /// Normalised digits (`628…`), if known.
    pub phone: Option<String>,
}

/// One customer's open receivables, aged.
pub type CustomerReceivable = PartyDebts<CustomerDetails>;

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

/// A customer's account between two shop-local dates, both inclusive.
pub type Statement = debts::Statement<EntryKind>;

/// Customers owe the shop for credit sales.
pub(super) struct Receivables;

impl Side for Receivables {
    const SIDE: DebtSide = DebtSide::Receivable;
    type Row = OpenRow;
    type Details = CustomerDetails;
    type Document = CreditSaleRef;
    type Kind = EntryKind;

    fn party(conn: &Connection, id: i64) -> Result<Party> {
        let customer = customers::get(conn, id)?.ok_or_else(|| ServiceError::Missing(Thing::Customer.key(id)))?;
        Ok(Party { name: customer.data.name, code: Some(customer.code.clone()), audit_id: customer.code })
    }

    fn details(row: OpenRow) -> CustomerDetails {
        CustomerDetails { code: row.customer_code, phone: row.customer_phone }
    }

    fn document(row: OpenRow, tz: &TimeZone) -> CreditSaleRef {
        CreditSaleRef { sale_date: local_date(row.sale_at, tz), invoice: row.invoice, sale_at: row.sale_at }
    }

    fn ledger(conn: &Connection, party_id: i64) -> crate::store::Result<Vec<LedgerEntry>> {
        receivables::ledger(conn, party_id)
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

    fn payment_link(tx: &Tx<'_>, actor: &Actor) -> Result<PaymentLink> {
        Ok(PaymentLink::Shift(drawer_shift(tx, actor, None)?))
    }

    fn audit_after(payment: &Payment<'_>, owed: Money, applied: &[Allocation]) -> String {
        let Payment { amount, method, reference } = payment;
        format!(
            "paid {} by {method}{}: {}; owed {}",
            amount.rupiah(),
            if reference.is_empty() { String::new() } else { format!(" ({reference})") },
            applied_summary(applied),
            owed.rupiah() - amount.rupiah()
        )
    }
}

impl Shop {
    /// Every customer who owes something, with aging buckets, by name. `as_of` (a
    /// shop-local date, default today) ages the debts as they stood at the end of
    /// that day: later sales are left out, later payments and cuts not yet applied.
    pub fn receivables(&self, as_of: Option<Date>) -> Result<Vec<CustomerReceivable>> {
        self.aged_debts::<Receivables>(as_of)
    }

    /// A customer's open receivables, oldest first (by due date, then sale time).
    pub fn customer_receivables(&self, customer_id: i64) -> Result<Vec<OpenReceivable>> {
        self.open_items::<Receivables>(customer_id)
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
        self.pay_debts::<Receivables>(actor, customer_id, None, Payment { amount, method, reference })
    }

    /// A customer's statement between two shop-local dates (inclusive): what they
    /// owed before, each credit sale, payment, return and void, and what they owe after.
    pub fn customer_statement(&self, customer_id: i64, from: Date, to: Date) -> Result<Statement> {
        self.statement::<Receivables>(customer_id, from, to)
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
    use crate::services::testkit::{DAY_MS, kit};

    #[test]
    fn aging_buckets_by_days_past_due() {
        let mut k = kit();
        let cashier = k.cashier.clone();
        // Default credit term: 14 days, so due 2026-12-07.
        k.credit_sale(&cashier, k.darto, &[("A", 1)]);
        let due = date(2026, 12, 7);
        // The bucket boundaries are the domain's (tested there); here the days past
        // due counted from `as_of` must land the debt in the bucket they name.
        for days in [0, 1, 30, 31, 60, 61, 90, 91] {
            let as_of = due.checked_add(days.days()).unwrap();
            let aging = k.shop.receivables(Some(as_of)).unwrap()[0].aging;
            let got = AgingBucket::ALL
                .into_iter()
                .zip([aging.current, aging.d1_30, aging.d31_60, aging.d61_90, aging.over_90])
                .find(|(_, m)| *m == Money::new(1_000))
                .map(|(b, _)| b);
            assert_eq!(got, Some(AgingBucket::of(days)), "{days} days past due");
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
                    l.document.as_str(),
                    l.description.as_str(),
                    l.added.rupiah(),
                    l.taken.rupiah(),
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
