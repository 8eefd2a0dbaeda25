//! Random sequences of every kind of stock change — sales, sale returns, voids,
//! purchases, purchase returns, adjustments and approved counts: after each one the
//! cached on-hand of every item equals the sum of its ledger rows.

use proptest::prelude::*;
use proptest::sample::Index;

use crate::domain::purchase::AdjustReason;
use crate::domain::refund::RefundMethod;
use crate::domain::{Money, Qty};
use crate::services::ServiceError;
use crate::services::testkit::{Kit, kit};
use crate::store::stock;

const SKUS: [&str; 4] = ["A", "B", "C", "K"];

#[derive(Debug, Clone)]
enum Op {
    Sale { item: usize, units: i64 },
    SaleReturn { sale: Index, units: i64 },
    Void { sale: Index },
    Purchase { item: usize, units: i64, cost: i64, credit: bool },
    PurchaseReturn { purchase: Index, units: i64 },
    Adjust { item: usize, units: i64 },
    Count { counts: Vec<(usize, i64)> },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..4usize, 1..5i64).prop_map(|(item, units)| Op::Sale { item, units }),
        2 => (any::<Index>(), 1..3i64).prop_map(|(sale, units)| Op::SaleReturn { sale, units }),
        1 => any::<Index>().prop_map(|sale| Op::Void { sale }),
        3 => (0..4usize, 1..20i64, 1..20_000i64, any::<bool>())
            .prop_map(|(item, units, cost, credit)| Op::Purchase { item, units, cost, credit }),
        2 => (any::<Index>(), 1..6i64).prop_map(|(purchase, units)| Op::PurchaseReturn { purchase, units }),
        2 => (0..4usize, -5..5i64).prop_map(|(item, units)| Op::Adjust { item, units }),
        1 => prop::collection::vec((0..4usize, 0..15i64), 1..4).prop_map(|counts| Op::Count { counts }),
    ]
}

struct Run {
    k: Kit,
    supplier: i64,
    sales: Vec<String>,
    purchases: Vec<(String, i64)>,
}

impl Run {
    fn apply(&mut self, op: &Op) -> Result<(), ServiceError> {
        let owner = self.k.owner.clone();
        match op {
            Op::Sale { item, units } => {
                let cashier = self.k.cashier.clone();
                let sale = self.k.cash_sale(&cashier, &[(SKUS[*item], *units)], 1_000_000);
                self.sales.push(sale.invoice);
            }
            Op::SaleReturn { sale, units } => {
                let Some(invoice) = pick(&self.sales, sale) else { return Ok(()) };
                let line = self.k.shop.returnable(&invoice)?.lines[0].line_no;
                let qty = Qty::from_units(*units);
                self.k.shop.return_lines(&owner, None, &invoice, &[(line, qty)], RefundMethod::Cash, "rusak")?;
            }
            Op::Void { sale } => {
                let Some(invoice) = pick(&self.sales, sale) else { return Ok(()) };
                self.k.shop.void_sale(&owner, &invoice, "salah")?;
            }
            Op::Purchase { item, units, cost, credit } => {
                let got = self.k.receive(self.supplier, &[(SKUS[*item], *units, *cost)], *credit);
                self.purchases.push((got.number, self.k.item_id(SKUS[*item])));
            }
            Op::PurchaseReturn { purchase, units } => {
                if self.purchases.is_empty() {
                    return Ok(());
                }
                let (number, item_id) = self.purchases[purchase.index(self.purchases.len())].clone();
                self.k.shop.return_to_supplier(&owner, &number, &[(item_id, Qty::from_units(*units))], "retur")?;
            }
            Op::Adjust { item, units } => {
                let reason = if *units > 0 { AdjustReason::Correction } else { AdjustReason::Lost };
                let item_id = self.k.item_id(SKUS[*item]);
                self.k.shop.adjust_stock(&owner, item_id, Qty::from_units(*units), reason, "")?;
            }
            Op::Count { counts } => {
                self.k.shop.start_count(&owner, None)?;
                for (item, units) in counts {
                    self.k.shop.count_code(&owner, SKUS[*item], Qty::from_units(*units), true)?;
                }
                let view = self.k.shop.count_variance(&owner)?;
                self.k.shop.approve_count(&owner, view.stamp)?;
                for (item, _) in counts {
                    let counted = view.lines.iter().find(|l| l.sku == SKUS[*item]).unwrap().variance.counted;
                    assert_eq!(self.k.on_hand(SKUS[*item]), counted, "after the count");
                }
            }
        }
        Ok(())
    }
}

fn pick(list: &[String], index: &Index) -> Option<String> {
    (!list.is_empty()).then(|| list[index.index(list.len())].clone())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn cached_on_hand_always_equals_the_ledger(ops in prop::collection::vec(op(), 1..30)) {
        let mut k = kit();
        let supplier = k.add_supplier("UD Tani");
        let mut run = Run { k, supplier, sales: Vec::new(), purchases: Vec::new() };
        for op in &ops {
            match run.apply(op) {
                Ok(()) | Err(ServiceError::Refused(_)) => {}
                Err(other) => panic!("{op:?} failed: {other}"),
            }
            let mismatches = stock::mismatches(run.k.shop.store.conn()).unwrap();
            prop_assert!(mismatches.is_empty(), "after {op:?}: {mismatches:?}");
            let open_costs = run.k.shop.items(&Default::default()).unwrap();
            prop_assert!(open_costs.iter().all(|i| i.data.cost >= Money::ZERO));
        }
        run.k.assert_healthy();
    }
}
