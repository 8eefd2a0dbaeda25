//! The demo shop's purchase history. The trading simulation already moved stock in
//! with `purchase` ledger rows (deliveries before opening, quick runs to the
//! wholesaler); this turns them into the supplier invoices they came on: one
//! purchase per delivery and supplier, paid in cash or bought on 30 days' credit.
//! Older credit was mostly paid on time by transfer; recent invoices are still
//! open, some paid in part, a few overdue — so the payables screen and reports have
//! something to show. The ledger rows keep their quantities and costs (only their
//! reference becomes the purchase number), so stock still equals the ledger.

use std::collections::BTreeMap;

use jiff::ToSpan;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use super::history::ShopTime;
use crate::clock::local_date;
use crate::domain::{Money, PaymentMethod, Qty};
use crate::services::Result;
use crate::services::purchases::DEFAULT_TERM_DAYS;
use crate::store::debts::{self, NewPayment, PaymentLink};
use crate::store::payables;
use crate::store::purchases::{self, NewLine, NewPurchase};
use crate::store::stock::{self, PurchaseMove};
use crate::store::{self, sequences};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Which supplier (by its place in `people::SUPPLIERS`) delivers a category.
fn supplier_index(category: &str, item_id: i64) -> usize {
    match category {
        "Mi Instan" | "Bumbu Dapur" => 0,
        "Snack" | "Kopi & Teh" => 1,
        "Sabun & Deterjen" | "Perawatan Diri" => 2,
        "Sembako" if item_id % 2 == 0 => 4,
        "Gas & Galon" => 6,
        "Rokok" => 7,
        _ if item_id % 2 == 0 => 3,
        _ => 5,
    }
}

/// Write the purchase documents, payables and payments behind the simulated deliveries.
pub fn document_deliveries(conn: &Connection, time: &ShopTime, seed: u64) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let suppliers = store::suppliers::ids(conn)?;
    if suppliers.is_empty() {
        return Ok(());
    }
    // (delivery instant, reference, supplier) → its ledger rows, in time order.
    let mut deliveries: BTreeMap<(i64, String, i64), Vec<PurchaseMove>> = BTreeMap::new();
    for m in stock::purchase_moves(conn)? {
        let supplier = suppliers[supplier_index(&m.category, m.item_id) % suppliers.len()];
        deliveries.entry((m.at, m.reference.clone(), supplier)).or_default().push(m);
    }
    for ((at, reference, supplier_id), moves) in deliveries {
        let number = format!("PB-{:06}", sequences::next(conn, "purchase")?);
        let invoice_date = local_date(at, &time.tz);
        // Quick runs to the wholesaler are paid at the counter; deliveries mostly on credit.
        let payment = if reference == "beli cepat" || rng.random_bool(0.25) {
            if rng.random_bool(0.7) { PaymentMethod::Cash } else { PaymentMethod::Transfer }
        } else {
            PaymentMethod::Credit
        };
        let costs = moves.iter().map(|m| m.unit_cost.times_qty(m.qty));
        let total = Money::checked_sum(costs.collect::<Result<Vec<_>, _>>()?)?;
        let supplier_invoice = format!("F{}-{:04}", invoice_date.strftime("%y%m"), rng.random_range(1..10_000));
        let purchase_id = purchases::insert(
            conn,
            &NewPurchase {
                number: &number,
                supplier_id,
                supplier_invoice: &supplier_invoice,
                invoice_date,
                total,
                payment,
                at,
                user_id: moves[0].user_id,
            },
        )?;
        for m in &moves {
            let (qty, unit_cost) = (m.qty, m.unit_cost);
            let line = NewLine {
                item_id: m.item_id,
                packs: qty,
                pack_factor: Qty::ONE,
                pack_cost: unit_cost,
                qty,
                unit_cost,
                line_total: unit_cost.times_qty(qty).unwrap_or(Money::ZERO),
            };
            purchases::insert_line(conn, purchase_id, &line)?;
            stock::set_reference(conn, m.id, &number)?;
        }
        if payment != PaymentMethod::Credit || total == Money::ZERO {
            continue;
        }
        let due = invoice_date.checked_add(DEFAULT_TERM_DAYS.days()).unwrap_or(invoice_date);
        let payable_id = payables::insert(conn, purchase_id, supplier_id, due, total, at)?;
        let due_at = time.instant(due, 10, 0)?;
        let pay = |amount: Money, when: i64, method: &str| {
            debts::insert_payment(
                conn,
                &NewPayment { debt_id: payable_id, amount, method, at: when, user_id: moves[0].user_id, reference: "" },
                PaymentLink::Return(None),
            )
        };
        let paid_on = due_at - rng.random_range(0..6) * DAY_MS;
        if paid_on <= time.now && rng.random_bool(0.85) {
            // Paid in full around the due date.
            pay(total, paid_on.max(at), if rng.random_bool(0.8) { "transfer" } else { "cash" })?;
        } else if rng.random_bool(0.3) {
            // Half paid a few days after delivery; the rest still owed.
            let when = (at + rng.random_range(1..5) * DAY_MS).min(time.now);
            pay(Money::new(total.rupiah() / 2), when, "transfer")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::clock::FixedClock;
    use crate::domain::Money;
    use crate::services::{Actor, Shop};
    use crate::store::Store;

    fn count(shop: &Shop, sql: &str) -> i64 {
        shop.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn the_demo_shop_has_paid_part_paid_and_overdue_supplier_invoices() {
        let clock = FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23));
        let mut shop = Shop::new(Store::open_in_memory().unwrap(), Arc::new(clock));
        shop.build_demo().unwrap();
        assert_eq!(shop.doctor().unwrap(), []);
        assert!(count(&shop, "SELECT COUNT(*) FROM purchases") > 50);
        assert!(count(&shop, "SELECT COUNT(DISTINCT supplier_id) FROM purchases") >= 6);
        // Every purchase ledger row belongs to a purchase, and each purchase adds up.
        assert_eq!(
            count(
                &shop,
                "SELECT COUNT(*) FROM stock_moves m WHERE m.kind = 'purchase'
                    AND m.reference NOT IN (SELECT number FROM purchases)"
            ),
            0
        );
        assert_eq!(
            count(
                &shop,
                "SELECT COUNT(*) FROM purchases p
                  WHERE p.total <> (SELECT SUM(line_total) FROM purchase_lines l WHERE l.purchase_id = p.id)"
            ),
            0
        );
        assert!(count(&shop, "SELECT COUNT(*) FROM payables WHERE paid = amount") > 10, "paid invoices");
        assert!(count(&shop, "SELECT COUNT(*) FROM payables WHERE paid > 0 AND paid < amount") > 0, "part paid");
        let owner = Actor::command_line();
        let owed = shop.payables(&owner, None).unwrap();
        assert!(owed.len() >= 3, "{} suppliers owed", owed.len());
        assert!(owed.iter().any(|s| s.aging.d1_30 > Money::ZERO || s.aging.d31_60 > Money::ZERO), "something overdue");
        assert!(count(&shop, "SELECT MAX(at) FROM payable_payments") <= shop.now_ms());
        assert!(!shop.reorder_list(&owner).unwrap().is_empty());
    }
}
