//! Reversing sales. A void cancels a whole sale as if it never happened (owners
//! and managers, with a reason): its stock comes back and its receivable is
//! cancelled. A return takes back some lines of a past sale by invoice number and
//! refunds them in cash or off the sale's receivable; a cashier needs a manager's PIN.

use std::collections::HashSet;

use rusqlite::Connection;

use super::shifts::drawer_shift;
use super::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::domain::refund::{self, RefundMethod, SoldLine};
use crate::domain::{Money, Permission, Qty};
use crate::store::receivables::{self, Adjustment, AdjustmentKind};
use crate::store::returns::{self, LineToReverse, NewReturn, SaleToReverse, VoidMark};
use crate::store::stock::{self, MoveKind, StockMove};

#[cfg(test)]
mod properties;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoidResult {
    pub invoice: String,
    /// The sale's cash, to hand back from the drawer.
    pub cash_refund: Money,
    /// Taken off the sale's receivable.
    pub receivable_cancelled: Money,
}

/// A line of a past sale and how much of it can still come back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnableLine {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub qty: Qty,
    pub returned: Qty,
    pub returnable: Qty,
    pub line_total: Money,
}

/// A past sale as the return screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnableSale {
    pub invoice: String,
    pub at: i64,
    pub customer_id: Option<i64>,
    pub total: Money,
    pub void: bool,
    pub lines: Vec<ReturnableLine>,
    /// At most this can be refunded in cash (what was paid in money, less cash
    /// refunded).
    pub cash_refundable: Money,
    /// At most this can come off the receivable (what is still owed); `None` if
    /// the sale was not on credit.
    pub receivable_refundable: Option<Money>,
    /// What member points paid of it: that part of a refund goes back as points.
    pub paid_points: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnedLine {
    pub line_no: i64,
    pub sku: String,
    pub qty: Qty,
    /// The returned part of the line total (before the sale-level share).
    pub value: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnResult {
    pub return_id: i64,
    /// `invoice-R1`, `invoice-R2`, …
    pub number: String,
    pub invoice: String,
    pub refund_method: RefundMethod,
    /// Handed back in cash or taken off the receivable.
    pub refund_amount: Money,
    /// Member points given back: the part of the refund that points had paid.
    pub points_back: i64,
    pub lines: Vec<ReturnedLine>,
    /// Still owed on the sale afterwards, for credit sales.
    pub receivable_balance: Option<Money>,
}

fn rejected<T>(refusal: Refusal) -> Result<T> {
    Err(refusal.into())
}

/// The fewest letters a void or return reason may have: "v" or "x" says nothing
/// to whoever reads the audit trail later.
pub const MIN_REASON_CHARS: usize = 4;

/// `too_short` says which reason it was.
fn required_reason(reason: &str, too_short: fn(String) -> Refusal) -> Result<String> {
    let reason = reason.trim();
    if reason.chars().count() < MIN_REASON_CHARS {
        rejected(too_short(reason.to_string()))
    } else {
        Ok(reason.to_string())
    }
}

fn sale(conn: &Connection, invoice: &str) -> Result<SaleToReverse> {
    returns::sale_by_invoice(conn, invoice)?.ok_or_else(|| ServiceError::Missing(Thing::Sale.key(invoice.trim())))
}

fn sold(line: &LineToReverse) -> SoldLine {
    SoldLine { qty: line.qty, line_total: line.line_total, returned: line.returned }
}

/// The most a return may refund each way: (cash, receivable).
fn refund_limits(sale: &SaleToReverse, receivable: Option<(i64, Money, Money)>) -> (Money, Option<Money>) {
    let paid_on_credit = receivable.map_or(Money::ZERO, |(_, _, paid)| paid);
    let cash =
        sale.paid_upfront.rupiah().saturating_add(paid_on_credit.rupiah()).saturating_sub(sale.cash_refunded.rupiah());
    let owed = receivable.map(|(_, amount, paid)| amount.checked_sub(paid).unwrap_or(Money::ZERO));
    (Money::new(cash.max(0)), owed)
}

impl Shop {
    /// Void a completed sale: stock back with `void` moves at the cost it left at,
    /// its receivable cancelled, the drawer's cash out recorded; audited. Refused
    /// for a sale already void, one with returns, or one whose debt was partly paid.
    pub fn void_sale(&mut self, actor: &Actor, invoice: &str, reason: &str) -> Result<VoidResult> {
        actor.require(Permission::VoidSale, "void sales")?;
        let reason = required_reason(reason, |reason| Refusal::VoidReasonTooShort { reason })?;
        let (rules, tz) = (self.points_rules()?, self.time_zone());
        self.write(|tx| {
            let sale = sale(tx, invoice)?;
            let invoice = sale.invoice.as_str();
            if sale.void {
                return rejected(Refusal::AlreadyVoid { invoice: invoice.into() });
            }
            if sale.returns > 0 {
                return rejected(Refusal::VoidAfterReturns { invoice: invoice.into() });
            }
            let receivable = receivables::of_sale(tx, sale.id)?;
            if let Some((_, _, paid)) = receivable.filter(|(_, _, paid)| *paid > Money::ZERO) {
                return rejected(Refusal::VoidAfterPayment { invoice: invoice.into(), paid });
            }
            let shift_id = drawer_shift(tx, actor, sale.user_id)?;
            let mark = VoidMark { sale_id: sale.id, reason: &reason, at: tx.now, user_id: actor.user_id, shift_id };
            super::summaries::voiding(tx, sale.id, sale.at)?;
            returns::mark_void(tx, &mark)?;
            crate::services::points::void_points(tx, &rules, &tz, actor, sale.id)?;
            for (item_id, qty, unit_cost) in returns::stock_taken(tx, sale.id, invoice)? {
                stock::record(
                    tx,
                    &StockMove {
                        item_id,
                        kind: MoveKind::Void,
                        qty,
                        unit_cost,
                        user_id: actor.user_id,
                        at: tx.now,
                        reference: invoice,
                    },
                )?;
            }
            let cancelled = match receivable {
                Some((receivable_id, amount, _)) if amount > Money::ZERO => {
                    receivables::reduce(
                        tx,
                        &Adjustment {
                            receivable_id,
                            kind: AdjustmentKind::Void,
                            amount,
                            at: tx.now,
                            user_id: actor.user_id,
                            return_id: None,
                            note: &reason,
                        },
                    )?;
                    amount
                }
                _ => Money::ZERO,
            };
            let owed = if cancelled > Money::ZERO { format!(", owed {}", cancelled.rupiah()) } else { String::new() };
            tx.audit(
                actor,
                "sale.void",
                "sale",
                invoice,
                Some(format!("completed, total {}{owed}", sale.total.rupiah())),
                Some(format!("void: {reason}")),
            )?;
            Ok(VoidResult {
                invoice: sale.invoice.clone(),
                cash_refund: sale.paid_cash,
                receivable_cancelled: cancelled,
            })
        })
    }

    /// A past sale's lines and what can still be returned and refunded.
    pub fn returnable(&self, invoice: &str) -> Result<ReturnableSale> {
        let conn = self.store.conn();
        let sale = sale(conn, invoice)?;
        let receivable = receivables::of_sale(conn, sale.id)?;
        let (cash_refundable, receivable_refundable) = refund_limits(&sale, receivable);
        let lines = returns::lines(conn, sale.id)?
            .into_iter()
            .map(|l| ReturnableLine {
                line_no: l.line_no,
                returnable: sold(&l).returnable(),
                sku: l.sku,
                name: l.name,
                qty: l.qty,
                returned: l.returned,
                line_total: l.line_total,
            })
            .collect();
        Ok(ReturnableSale {
            invoice: sale.invoice,
            at: sale.at,
            customer_id: sale.customer_id,
            total: sale.total,
            void: sale.void,
            lines,
            cash_refundable,
            receivable_refundable,
            paid_points: sale.paid_points,
        })
    }

    /// Take back `lines` (line number, quantity) of the sale `invoice`. Each line's
    /// part is worth `line_total × qty / line qty`, and the refund is that worth's
    /// share of what the sale was paid (see [`crate::domain::refund`]); what points
    /// paid of it goes back as points, the rest as money. Stock comes
    /// back with `sale_return` moves at the line's cost. Refunding to the receivable
    /// needs a credit sale and never cuts it below what was already paid; a cash
    /// refund never exceeds what was paid. Cashiers need `approved_by` (a PIN).
    pub fn return_lines(
        &mut self,
        actor: &Actor,
        approved_by: Option<&Actor>,
        invoice: &str,
        lines: &[(i64, Qty)],
        refund_method: RefundMethod,
        reason: &str,
    ) -> Result<ReturnResult> {
        actor.require(Permission::Sell, "take returns")?;
        let approver = self.approver(actor, approved_by).ok_or(Refusal::ReturnNeedsApproval)?;
        let reason = required_reason(reason, |reason| Refusal::ReturnReasonTooShort { reason })?;
        check_request(lines)?;
        let (rules, tz) = (self.points_rules()?, self.time_zone());
        self.write(|tx| {
            let sale = sale(tx, invoice)?;
            let invoice = sale.invoice.as_str();
            if sale.void {
                return rejected(Refusal::ReturnOfVoid { invoice: invoice.into() });
            }
            let sold_lines = returns::lines(tx, sale.id)?;
            let picked = pick_lines(invoice, &sold_lines, lines)?;
            let value_before = Money::checked_sum(sold_lines.iter().map(|l| sold(l).returned_value()))?;
            let value_now = Money::checked_sum(picked.iter().map(|(_, _, value)| *value))?;
            let refunded = refund::refund(sale.subtotal, sale.total, value_before, value_now);
            let split = crate::services::points::return_points(tx, &rules, &tz, actor, &sale, refunded)?;
            let amount = split.money;

            let receivable = receivables::of_sale(tx, sale.id)?;
            let (cash_limit, owed) = refund_limits(&sale, receivable);
            match (refund_method, owed) {
                (RefundMethod::Receivable, None) => {
                    return rejected(Refusal::NotOnCredit { invoice: invoice.into() });
                }
                (RefundMethod::Receivable, Some(owed)) if amount > owed => {
                    return rejected(Refusal::RefundAboveOwed { invoice: invoice.into(), owed, refund: amount });
                }
                (RefundMethod::Cash, _) if amount > cash_limit => {
                    return rejected(Refusal::RefundAbovePaid {
                        invoice: invoice.into(),
                        paid: cash_limit,
                        refund: amount,
                    });
                }
                _ => {}
            }

            let number = format!("{invoice}-R{}", sale.returns + 1);
            let return_id = returns::insert_return(
                tx,
                &NewReturn {
                    number: &number,
                    sale_id: sale.id,
                    at: tx.now,
                    user_id: actor.user_id,
                    approved_by: approver.user_id,
                    shift_id: drawer_shift(tx, actor, sale.user_id)?,
                    refund_method,
                    lines_total: value_now,
                    amount: refunded,
                    points_amount: refunded.checked_sub(amount).unwrap_or(Money::ZERO),
                    reason: &reason,
                },
            )?;
            let mut returned = Vec::new();
            for (line, qty, value) in picked {
                returns::insert_return_line(tx, return_id, line, qty, value)?;
                stock::record(
                    tx,
                    &StockMove {
                        item_id: line.item_id,
                        kind: MoveKind::SaleReturn,
                        qty,
                        unit_cost: line.unit_cost,
                        user_id: actor.user_id,
                        at: tx.now,
                        reference: &number,
                    },
                )?;
                returned.push(ReturnedLine { line_no: line.line_no, sku: line.sku.clone(), qty, value });
            }
            super::summaries::return_written(tx, return_id, tx.now)?;
            let mut receivable_balance = owed;
            if let (RefundMethod::Receivable, Some((receivable_id, _, _))) = (refund_method, receivable)
                && amount > Money::ZERO
            {
                receivables::reduce(
                    tx,
                    &Adjustment {
                        receivable_id,
                        kind: AdjustmentKind::Return,
                        amount,
                        at: tx.now,
                        user_id: actor.user_id,
                        return_id: Some(return_id),
                        note: &number,
                    },
                )?;
                receivable_balance = owed.map(|o| o.checked_sub(amount).unwrap_or(Money::ZERO));
            }
            let what: Vec<String> = returned.iter().map(|l| format!("{} × {}", l.qty, l.sku)).collect();
            let points_back = if split.points > 0 { format!(", {} points back", split.points) } else { String::new() };
            tx.audit(
                actor,
                "sale.return",
                "sale",
                invoice,
                None,
                Some(format!(
                    "{number}: {}; refund {} by {refund_method}{points_back}; approved by {}; {reason}",
                    what.join(", "),
                    amount.rupiah(),
                    approver.username
                )),
            )?;
            Ok(ReturnResult {
                return_id,
                number,
                invoice: sale.invoice.clone(),
                refund_method,
                refund_amount: amount,
                points_back: split.points,
                lines: returned,
                receivable_balance,
            })
        })
    }
}

/// Something to return, each line once, each quantity more than 0.
fn check_request(lines: &[(i64, Qty)]) -> Result<()> {
    if lines.is_empty() {
        return rejected(Refusal::ChooseReturnLines);
    }
    let mut seen = HashSet::new();
    for (line_no, qty) in lines {
        if !seen.insert(*line_no) {
            return rejected(Refusal::LineListedTwice { line: *line_no });
        }
        if !qty.is_positive() {
            return rejected(Refusal::ReturnQuantityNotPositive { line: *line_no });
        }
    }
    Ok(())
}

/// The sold lines asked for, with the quantity and what it is worth; refuses a
/// line the sale does not have and more than is left to return.
fn pick_lines<'a>(
    invoice: &str,
    sold_lines: &'a [LineToReverse],
    wanted: &[(i64, Qty)],
) -> Result<Vec<(&'a LineToReverse, Qty, Money)>> {
    wanted
        .iter()
        .map(|&(line_no, qty)| {
            let line = sold_lines
                .iter()
                .find(|l| l.line_no == line_no)
                .ok_or_else(|| Refusal::SaleHasNoLine { invoice: invoice.into(), line: line_no })?;
            let left = sold(line).returnable();
            if qty > left {
                return rejected(Refusal::ReturnMoreThanSold {
                    line: line_no,
                    sku: line.sku.clone(),
                    asked: qty,
                    left,
                    sold: line.qty,
                });
            }
            Ok((line, qty, sold(line).value_of_return(qty)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PaymentMethod;
    use crate::domain::cart::Discount;
    use crate::services::testkit::{Kit, kit, tender};

    fn units(n: i64) -> Qty {
        Qty::from_units(n)
    }

    #[test]
    fn void_puts_stock_back_and_cancels_the_debt() {
        let mut k = kit();
        let (cashier, manager) = (k.cashier.clone(), k.manager.clone());
        let sale = k.credit_sale(&cashier, k.darto, &[("A", 3), ("C", 1)]);
        assert_eq!(k.on_hand("A"), units(-3));
        let voided = k.shop.void_sale(&manager, &sale.invoice, "salah input").unwrap();
        let cancelled = Money::new(13_000);
        let expected =
            VoidResult { invoice: sale.invoice.clone(), cash_refund: Money::ZERO, receivable_cancelled: cancelled };
        assert_eq!(voided, expected);
        assert_eq!((k.on_hand("A"), k.on_hand("C")), (Qty::ZERO, Qty::ZERO));
        assert!(k.shop.customer_receivables(k.darto).unwrap().is_empty());
        assert_eq!(k.shop.cart_customer(k.darto).unwrap().receivable, Money::ZERO);
        let audit = k.shop.recent_audit(1).unwrap();
        assert_eq!((audit[0].action.as_str(), audit[0].entity_id.as_str()), ("sale.void", sale.invoice.as_str()));
        assert_eq!(audit[0].before.as_deref(), Some("completed, total 13000, owed 13000"));
        assert_eq!(audit[0].after.as_deref(), Some("void: salah input"));
        k.assert_healthy();
    }

    #[test]
    fn who_may_void_and_what_cannot_be_voided() {
        let mut k = kit();
        let (cashier, manager, owner) = (k.cashier.clone(), k.manager.clone(), k.owner.clone());
        let sale = k.cash_sale(&cashier, &[("A", 1)], 1_000).invoice;
        assert!(matches!(k.shop.void_sale(&cashier, &sale, "rusak"), Err(ServiceError::Denied { .. })));
        assert!(k.shop.void_sale(&manager, &sale, "  ").unwrap_err().to_string().contains("reason"));
        assert!(matches!(k.shop.void_sale(&manager, "INV/000000/9999", "rusak"), Err(ServiceError::Missing(_))));
        k.shop.void_sale(&owner, &sale, "dobel").unwrap();
        assert!(k.shop.void_sale(&owner, &sale, "dobel").unwrap_err().to_string().contains("already void"));
        assert_eq!(k.on_hand("A"), Qty::ZERO, "stock came back once");

        let paid = k.credit_sale(&cashier, k.darto, &[("C", 1)]).invoice;
        k.shop.receive_payment(&cashier, k.darto, Money::new(1_000), PaymentMethod::Cash, "").unwrap();
        let err = k.shop.void_sale(&owner, &paid, "rusak").unwrap_err().to_string();
        assert!(err.contains("take a return"), "{err}");

        let returned = k.cash_sale(&cashier, &[("A", 2)], 2_000).invoice;
        k.shop.return_lines(&owner, None, &returned, &[(1, units(1))], RefundMethod::Cash, "rusak").unwrap();
        assert!(k.shop.void_sale(&owner, &returned, "rusak").unwrap_err().to_string().contains("has returns"));
        k.assert_healthy();
    }

    #[test]
    fn partial_returns_then_too_many_is_refused() {
        let mut k = kit();
        let (cashier, manager) = (k.cashier.clone(), k.manager.clone());
        let sale = k.cash_sale(&cashier, &[("A", 2), ("B", 3)], 10_000).invoice; // 2.000 + 7.500
        let first = k.shop.return_lines(&manager, None, &sale, &[(2, units(1))], RefundMethod::Cash, "rusak").unwrap();
        assert_eq!((first.number.as_str(), first.refund_amount), (format!("{sale}-R1").as_str(), Money::new(2_500)));
        let second = k
            .shop
            .return_lines(&manager, None, &sale, &[(2, units(1)), (1, units(2))], RefundMethod::Cash, "rusak")
            .unwrap();
        assert_eq!((second.number, second.refund_amount), (format!("{sale}-R2"), Money::new(4_500)));
        let err =
            k.shop.return_lines(&manager, None, &sale, &[(2, units(2))], RefundMethod::Cash, "rusak").unwrap_err();
        assert!(err.to_string().contains("only 1 of 3 is left"), "{err}");
        let err = k
            .shop
            .return_lines(&manager, None, &sale, &[(1, Qty::from_thousandths(1))], RefundMethod::Cash, "rusak")
            .unwrap_err();
        assert!(err.to_string().contains("only 0 of 2"), "{err}");
        let err =
            k.shop.return_lines(&manager, None, &sale, &[(9, units(1))], RefundMethod::Cash, "rusak").unwrap_err();
        assert!(err.to_string().contains("no line 9"), "{err}");
        assert!(
            k.shop
                .return_lines(&manager, None, &sale, &[(2, units(1)), (2, units(1))], RefundMethod::Cash, "rusak")
                .is_err()
        );
        assert!(k.shop.return_lines(&manager, None, &sale, &[(2, Qty::ZERO)], RefundMethod::Cash, "rusak").is_err());
        assert_eq!((k.on_hand("A"), k.on_hand("B")), (Qty::ZERO, units(-1)));
        let left = k.shop.returnable(&sale).unwrap();
        assert_eq!((left.lines[0].returnable, left.lines[1].returnable), (Qty::ZERO, units(1)));
        assert_eq!(left.cash_refundable, Money::new(2_500));
        k.assert_healthy();
    }

    #[test]
    fn refund_rounds_and_shares_the_sale_discount() {
        let mut k = kit();
        let owner = k.owner.clone();
        // 1,5 kg of rice = 22.498,5 → 22.499, plus 3 × A = 3.000; Rp 2.550 off the whole sale.
        let mut cart = k.cart(&[("K", 1_500), ("A", 3_000)], None);
        cart.set_sale_discount(Discount::Amount(Money::new(2_550))).unwrap(); // subtotal 25.499 → 22.949
        let sale = k.checkout(&owner, cart, vec![tender(PaymentMethod::Cash, 22_949)]).invoice;
        // 1 of 3 A: line worth 1.000 → share 1.000 × 22.949 / 25.499 = 899,99… → 900
        let a = k.shop.return_lines(&owner, None, &sale, &[(2, units(1))], RefundMethod::Cash, "rusak").unwrap();
        assert_eq!((a.lines[0].value, a.refund_amount), (Money::new(1_000), Money::new(900)));
        // 0,5 kg of rice: 22.499 / 3 = 7.499,67 → 7.500
        let k1 = k
            .shop
            .return_lines(&owner, None, &sale, &[(1, Qty::from_thousandths(500))], RefundMethod::Cash, "rusak")
            .unwrap();
        assert_eq!(k1.lines[0].value, Money::new(7_500));
        // Everything else: the refunds add up to exactly what was paid.
        let everything = [(1, Qty::from_thousandths(1_000)), (2, units(2))];
        let rest = k.shop.return_lines(&owner, None, &sale, &everything, RefundMethod::Cash, "rusak").unwrap();
        assert_eq!(a.refund_amount.rupiah() + k1.refund_amount.rupiah() + rest.refund_amount.rupiah(), 22_949);
        k.assert_healthy();
    }

    #[test]
    fn cashier_needs_an_approver_for_returns() {
        let mut k = kit();
        let (cashier, cashier2, manager) = (k.cashier.clone(), k.cashier2.clone(), k.manager.clone());
        let sale = k.cash_sale(&cashier, &[("A", 2)], 2_000).invoice;
        let ask = |k: &mut Kit, approver: Option<&Actor>| {
            k.shop.return_lines(&cashier, approver, &sale, &[(1, units(1))], RefundMethod::Cash, "rusak")
        };
        assert!(ask(&mut k, None).unwrap_err().to_string().contains("approval"));
        assert!(ask(&mut k, Some(&cashier2)).is_err(), "another cashier cannot approve");
        let done = ask(&mut k, Some(&manager)).unwrap();
        assert_eq!(done.refund_amount, Money::new(1_000));
        let audit = k.shop.recent_audit(1).unwrap();
        assert_eq!(audit[0].action, "sale.return");
        assert!(audit[0].after.as_deref().unwrap().contains("approved by manajer"), "{:?}", audit[0].after);
    }

    #[test]
    fn refund_to_the_receivable_cuts_the_debt_but_not_below_what_was_paid() {
        let mut k = kit();
        let (cashier, owner) = (k.cashier.clone(), k.owner.clone());
        let sale = k.credit_sale(&cashier, k.darto, &[("C", 2), ("A", 5)]).invoice; // 20.000 + 5.000
        let r = k.shop.return_lines(&owner, None, &sale, &[(2, units(2))], RefundMethod::Receivable, "rusak").unwrap();
        assert_eq!((r.refund_amount, r.receivable_balance), (Money::new(2_000), Some(Money::new(23_000))));
        assert_eq!(k.shop.customer_receivables(k.darto).unwrap()[0].amount, Money::new(23_000));
        // Nothing was paid yet: no cash back for goods on credit.
        let err = k.shop.return_lines(&owner, None, &sale, &[(2, units(1))], RefundMethod::Cash, "rusak").unwrap_err();
        assert!(err.to_string().contains("refund to the receivable"), "{err}");

        k.shop.receive_payment(&cashier, k.darto, Money::new(15_000), PaymentMethod::Cash, "").unwrap();
        // Owed 8.000; a 10.000 item cannot come off it, but can be refunded in cash.
        let err =
            k.shop.return_lines(&owner, None, &sale, &[(1, units(1))], RefundMethod::Receivable, "rusak").unwrap_err();
        assert!(err.to_string().contains("only Rp 8.000 is still owed"), "{err}");
        k.shop.return_lines(&owner, None, &sale, &[(1, units(1))], RefundMethod::Cash, "rusak").unwrap();
        let open = &k.shop.customer_receivables(k.darto).unwrap()[0];
        assert_eq!((open.amount, open.paid, open.balance), (Money::new(23_000), Money::new(15_000), Money::new(8_000)));

        let cash = k.cash_sale(&cashier, &[("A", 1)], 1_000).invoice;
        let err =
            k.shop.return_lines(&owner, None, &cash, &[(1, units(1))], RefundMethod::Receivable, "rusak").unwrap_err();
        assert!(err.to_string().contains("not on credit"), "{err}");
        k.assert_healthy();
    }

    #[test]
    fn void_sale_cannot_be_returned() {
        let mut k = kit();
        let owner = k.owner.clone();
        let sale = k.cash_sale(&owner, &[("A", 1)], 1_000).invoice;
        k.shop.void_sale(&owner, &sale, "rusak").unwrap();
        let err = k.shop.return_lines(&owner, None, &sale, &[(1, units(1))], RefundMethod::Cash, "rusak").unwrap_err();
        assert!(err.to_string().contains("is void"), "{err}");
        assert!(k.shop.returnable(&sale).unwrap().void);
    }

    #[test]
    fn a_return_of_a_sale_paid_partly_with_points_gives_that_part_back_as_points() {
        let mut k = kit();
        let (owner, manager, sri) = (k.owner.clone(), k.manager.clone(), k.sri);
        for (key, value) in [("points.enabled", "yes"), ("points.rupiah_per_point", "1000")] {
            k.shop.set_setting(&owner, key, value).unwrap();
        }
        k.shop.open_shift(&manager, Money::ZERO).unwrap();
        let cart = k.cart(&[("C", 2_000)], Some(sri));
        k.checkout(&manager, cart, vec![tender(PaymentMethod::Cash, 20_000)]); // earns 20
        // 2 × C + 4 × B = 30.000: 20 points pay Rp 2.000, cash the other 28.000.
        let cart = k.cart(&[("C", 2_000), ("B", 4_000)], Some(sri));
        let paid = vec![tender(PaymentMethod::Points, 2_000), tender(PaymentMethod::Cash, 28_000)];
        let sale = k.checkout(&manager, cart, paid).invoice;
        assert_eq!(k.shop.member_points(sri).unwrap(), 0);
        let give_back = |k: &mut Kit, lines: &[(i64, Qty)]| {
            k.shop.return_lines(&manager, None, &sale, lines, RefundMethod::Cash, "rusak").unwrap()
        };
        // One B (2.500): 28/30 of it in cash, 2.333; the 167 points paid are 1,67 → 2 points.
        let first = give_back(&mut k, &[(2, units(1))]);
        assert_eq!((first.refund_amount, first.points_back), (Money::new(2_333), 2));
        assert_eq!(k.shop.member_points(sri).unwrap(), 2);
        assert_eq!(k.shop.returnable(&sale).unwrap().cash_refundable, Money::new(28_000 - 2_333));
        // One C (10.000): cash up to 11.667 of the 12.500 returned so far; points 9 in all.
        let second = give_back(&mut k, &[(1, units(1))]);
        assert_eq!((second.refund_amount, second.points_back), (Money::new(9_334), 7));
        // The rest: the cash adds up to the 28.000 paid, the points to the 20 redeemed.
        let rest = give_back(&mut k, &[(1, units(1)), (2, units(3))]);
        assert_eq!((rest.refund_amount, rest.points_back), (Money::new(16_333), 11));
        assert_eq!(k.shop.member_points(sri).unwrap(), 20);
        assert_eq!(k.shop.returnable(&sale).unwrap().cash_refundable, Money::ZERO);
        let audit = k.shop.recent_audit(1).unwrap();
        assert!(audit[0].after.as_deref().unwrap().contains("refund 16333 by cash, 11 points back"), "{audit:?}");
        // The ledger (the `points` report) lists each return's points.
        let refunds: Vec<i64> = crate::store::points::moves(k.shop.store.conn(), 0, i64::MAX)
            .unwrap()
            .into_iter()
            .filter(|m| m.kind == "refund")
            .map(|m| m.points)
            .collect();
        assert_eq!(refunds, [2, 7, 11]);
        // The drawer paid out only the cash part: 20.000 + 28.000 in, 28.000 out.
        let shift = k.shop.close_shift(&manager, Money::new(20_000)).unwrap();
        assert_eq!((shift.cash_refunds, shift.difference), (Money::new(28_000), Money::ZERO));
        k.assert_healthy();
    }

    #[test]
    fn a_credit_sale_paid_partly_with_points_takes_only_the_money_part_off_the_debt() {
        let mut k = kit();
        let (owner, sri) = (k.owner.clone(), k.sri);
        for (key, value) in [("points.enabled", "yes"), ("points.rupiah_per_point", "1000")] {
            k.shop.set_setting(&owner, key, value).unwrap();
        }
        let cart = k.cart(&[("C", 1_000)], Some(sri));
        k.checkout(&owner, cart, vec![tender(PaymentMethod::Cash, 10_000)]); // earns 10
        let cart = k.cart(&[("C", 1_000)], Some(sri));
        let paid = vec![tender(PaymentMethod::Points, 1_000), tender(PaymentMethod::Credit, 9_000)];
        let sale = k.checkout(&owner, cart, paid).invoice;
        let back =
            k.shop.return_lines(&owner, None, &sale, &[(1, units(1))], RefundMethod::Receivable, "rusak").unwrap();
        assert_eq!(
            (back.refund_amount, back.points_back, back.receivable_balance),
            (Money::new(9_000), 10, Some(Money::ZERO))
        );
        assert_eq!(k.shop.member_points(sri).unwrap(), 10);
        k.assert_healthy();
    }
}
