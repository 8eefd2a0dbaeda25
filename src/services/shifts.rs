//! Cashier shifts: open with a float, close with the counted cash, and see what the
//! drawer should hold. A sale belongs to its cashier's open shift (checkout links
//! it); receivable payments, returns and voids name the drawer their cash went through.

use rusqlite::Connection;

use super::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::domain::{Money, MoneyError, Permission};
use crate::store::shifts::{self, CashFlows, ShiftRow};

/// An open shift and what its drawer should hold so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftInfo {
    pub id: i64,
    pub user_id: i64,
    pub opened_at: i64,
    pub opening_float: Money,
    pub sales: i64,
    pub expected: Money,
}

/// A closed shift: expected against counted cash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftSummary {
    pub shift_id: i64,
    pub opened_at: i64,
    pub closed_at: i64,
    pub opening_float: Money,
    /// Sales rung up in the shift (including any voided later).
    pub sales: i64,
    /// Cash taken for those sales, net of change.
    pub cash_sales: Money,
    pub cash_received_on_receivables: Money,
    /// Cash handed back for returns.
    pub cash_refunds: Money,
    /// Cash handed back for sales voided during the shift.
    pub cash_voids: Money,
    /// Float + cash sales + cash received − refunds − voids.
    pub expected: Money,
    pub counted: Money,
    /// Counted − expected: positive is cash over, negative is cash short.
    pub difference: Money,
}

/// Fails, rather than saturate, when the drawer's figures do not fit.
fn expected_cash(opening_float: Money, flows: &CashFlows) -> Result<Money, MoneyError> {
    opening_float
        .checked_add(flows.cash_sales)?
        .checked_add(flows.cash_received)?
        .checked_sub(flows.cash_refunds)?
        .checked_sub(flows.cash_voids)
}

/// The drawer cash moves through: the actor's open shift, else the open shift of
/// the cashier who made the sale (a manager voiding at the cashier's till).
pub(crate) fn drawer_shift(conn: &Connection, actor: &Actor, sale_cashier: Option<i64>) -> Result<Option<i64>> {
    for user_id in [actor.user_id, sale_cashier].into_iter().flatten() {
        if let Some(id) = shifts::open_shift_id(conn, user_id)? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

fn shift_user(actor: &Actor) -> Result<i64> {
    actor.require(Permission::Sell, "work a shift")?;
    actor.user_id.ok_or_else(|| Refusal::ShiftNeedsUser.into())
}

fn non_negative(amount: Money, refusal: Refusal) -> Result<()> {
    if amount.is_negative() { Err(refusal.into()) } else { Ok(()) }
}

impl Shop {
    /// Start a shift for the signed-in user with `opening_float` in the drawer.
    pub fn open_shift(&mut self, actor: &Actor, opening_float: Money) -> Result<ShiftInfo> {
        let user_id = shift_user(actor)?;
        non_negative(opening_float, Refusal::OpeningFloatNegative)?;
        let id = self.write(|tx| {
            if shifts::open_shift_id(tx, user_id)?.is_some() {
                return Err(Refusal::ShiftAlreadyOpen { user: actor.username.clone() }.into());
            }
            let id = shifts::open(tx, user_id, tx.now, opening_float)?;
            tx.audit(actor, "shift.open", "shift", id, None, Some(format!("float {}", opening_float.rupiah())))?;
            Ok(id)
        })?;
        self.shift_info(id)
    }

    /// The signed-in user's open shift with its running expected cash, if any.
    pub fn current_shift(&self, actor: &Actor) -> Result<Option<ShiftInfo>> {
        let Some(user_id) = actor.user_id else { return Ok(None) };
        match shifts::open_shift_id(self.store.conn(), user_id)? {
            Some(id) => self.shift_info(id).map(Some),
            None => Ok(None),
        }
    }

    fn shift_info(&self, id: i64) -> Result<ShiftInfo> {
        let conn = self.store.conn();
        let row = shifts::get(conn, id)?.ok_or_else(|| ServiceError::Missing(Thing::Shift.key(id)))?;
        let flows = shifts::cash_flows(conn, id)?;
        Ok(ShiftInfo {
            id,
            user_id: row.user_id,
            opened_at: row.opened_at,
            opening_float: row.opening_float,
            sales: flows.sales,
            expected: expected_cash(row.opening_float, &flows)?,
        })
    }

    /// Close the signed-in user's open shift with the cash counted in the drawer.
    pub fn close_shift(&mut self, actor: &Actor, counted: Money) -> Result<ShiftSummary> {
        let user_id = shift_user(actor)?;
        non_negative(counted, Refusal::CountedCashNegative)?;
        self.write(|tx| {
            let id = shifts::open_shift_id(tx, user_id)?
                .ok_or_else(|| Refusal::NoOpenShift { user: actor.username.clone() })?;
            let row = shifts::get(tx, id)?.ok_or_else(|| ServiceError::Missing(Thing::Shift.key(id)))?;
            let flows = shifts::cash_flows(tx, id)?;
            let summary = summarize(&row, &flows, tx.now, counted)?;
            shifts::close(tx, id, tx.now, summary.expected, counted)?;
            tx.audit(
                actor,
                "shift.close",
                "shift",
                id,
                Some(format!("expected {}", summary.expected.rupiah())),
                Some(format!("counted {}, difference {}", counted.rupiah(), summary.difference.rupiah())),
            )?;
            Ok(summary)
        })
    }
}

fn summarize(row: &ShiftRow, flows: &CashFlows, closed_at: i64, counted: Money) -> Result<ShiftSummary, MoneyError> {
    let expected = expected_cash(row.opening_float, flows)?;
    Ok(ShiftSummary {
        shift_id: row.id,
        opened_at: row.opened_at,
        closed_at,
        opening_float: row.opening_float,
        sales: flows.sales,
        cash_sales: flows.cash_sales,
        cash_received_on_receivables: flows.cash_received,
        cash_refunds: flows.cash_refunds,
        cash_voids: flows.cash_voids,
        expected,
        counted,
        difference: counted.checked_sub(expected)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::refund::RefundMethod;
    use crate::domain::{PaymentMethod, Qty};
    use crate::services::testkit::{kit, tender};

    #[test]
    fn one_open_shift_per_user_and_none_to_close() {
        let mut k = kit();
        let cashier = k.cashier.clone();
        assert!(k.shop.current_shift(&cashier).unwrap().is_none());
        let err = k.shop.close_shift(&cashier, Money::ZERO).unwrap_err().to_string();
        assert!(err.contains("no open shift"), "{err}");
        let opened = k.shop.open_shift(&cashier, Money::new(200_000)).unwrap();
        assert_eq!(
            (opened.opening_float, opened.expected, opened.sales),
            (Money::new(200_000), Money::new(200_000), 0)
        );
        assert!(
            k.shop.open_shift(&cashier, Money::ZERO).unwrap_err().to_string().contains("already has an open shift")
        );
        assert!(k.shop.open_shift(&k.cashier2.clone(), Money::new(-1)).is_err());
        assert!(k.shop.open_shift(&Actor::command_line(), Money::ZERO).is_err());
        assert_eq!(k.shop.current_shift(&cashier).unwrap().map(|s| s.id), Some(opened.id));
        let audit = k.shop.recent_audit(1).unwrap();
        assert_eq!((audit[0].action.as_str(), audit[0].after.as_deref()), ("shift.open", Some("float 200000")));
    }

    #[test]
    fn expected_cash_counts_every_way_cash_moved() {
        let mut k = kit();
        let (cashier, cashier2, manager) = (k.cashier.clone(), k.cashier2.clone(), k.manager.clone());
        // Sales before the shift, and by another cashier, are not in this drawer.
        k.credit_sale(&cashier, k.darto, &[("C", 2)]); // 20.000 owed
        k.shop.open_shift(&cashier, Money::new(100_000)).unwrap();
        k.shop.open_shift(&cashier2, Money::new(50_000)).unwrap();
        k.cash_sale(&cashier2, &[("C", 1)], 10_000);

        let sale = k.cash_sale(&cashier, &[("B", 3)], 10_000); // 7.500, change 2.500
        assert_eq!(sale.change, Money::new(2_500));
        let split = k.cart(&[("C", 1_000)], None);
        k.checkout(&cashier, split, vec![tender(PaymentMethod::Qris, 6_000), tender(PaymentMethod::Cash, 5_000)]); // 4.000 cash kept
        k.credit_sale(&cashier, k.sri, &[("A", 1)]); // no cash
        k.shop.receive_payment(&cashier, k.darto, Money::new(12_000), PaymentMethod::Cash, "").unwrap();
        k.shop.receive_payment(&cashier, k.darto, Money::new(3_000), PaymentMethod::Transfer, "BRI").unwrap();
        k.shop
            .return_lines(&cashier, Some(&manager), &sale.invoice, &[(1, Qty::ONE)], RefundMethod::Cash, "rusak")
            .unwrap(); // 2.500
        let voided = k.cash_sale(&cashier, &[("A", 2)], 2_000).invoice;
        k.shop.void_sale(&manager, &voided, "salah").unwrap(); // manager has no shift: the cashier's drawer pays

        let running = k.shop.current_shift(&cashier).unwrap().unwrap();
        assert_eq!(running.sales, 4);
        let summary = k.shop.close_shift(&cashier, Money::new(120_000)).unwrap();
        assert_eq!(summary.cash_sales, Money::new(7_500 + 4_000 + 2_000));
        assert_eq!(summary.cash_received_on_receivables, Money::new(12_000));
        assert_eq!((summary.cash_refunds, summary.cash_voids), (Money::new(2_500), Money::new(2_000)));
        let expected = 100_000 + 13_500 + 12_000 - 2_500 - 2_000;
        assert_eq!(summary.expected, Money::new(expected));
        assert_eq!(running.expected, summary.expected);
        assert_eq!((summary.counted, summary.difference), (Money::new(120_000), Money::new(-1_000)), "short by 1.000");
        assert!(k.shop.current_shift(&cashier).unwrap().is_none());
        let audit = k.shop.recent_audit(1).unwrap();
        assert_eq!(audit[0].after.as_deref(), Some("counted 120000, difference -1000"));

        let other = k.shop.close_shift(&cashier2, Money::new(60_500)).unwrap();
        assert_eq!((other.expected, other.difference), (Money::new(60_000), Money::new(500)), "over by 500");
        k.assert_healthy();
    }
}
