use super::*;
use crate::lang::Lang;
use crate::services::testkit::{Kit, kit};

fn stocked() -> Kit {
    let mut k = kit();
    let supplier = k.add_supplier("UD Tani");
    k.receive(supplier, &[("A", 10, 700), ("B", 5, 2_000), ("C", 2, 8_000)], false);
    k
}

fn count_moves(k: &Kit) -> Vec<(String, i64, String)> {
    let mut stmt = k
        .shop
        .store
        .conn()
        .prepare(
            "SELECT i.sku, m.qty, m.reference FROM stock_moves m JOIN items i ON i.id = m.item_id
              WHERE m.kind = 'count' ORDER BY m.id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn counting_sessions_add_up_and_approval_posts_the_differences() {
    let mut k = stocked();
    let (owner, cashier, cashier2) = (k.owner.clone(), k.cashier.clone(), k.cashier2.clone());
    let id = k.shop.start_count(&owner, None).unwrap();
    // Two people count A: each scan adds one, a typed quantity adds that many.
    for _ in 0..3 {
        k.shop.count_code(&cashier, "A", Qty::ONE, false).unwrap().unwrap();
    }
    let a = k.shop.count_code(&cashier2, "A", Qty::from_units(5), false).unwrap().unwrap();
    assert_eq!(a.counted, Qty::from_units(8));
    // B typed over (replace), C counted as it should be.
    k.shop.count_code(&cashier, "B", Qty::from_units(9), false).unwrap();
    k.shop.count_code(&cashier, "B", Qty::from_units(6), true).unwrap();
    k.shop.count_code(&cashier, "C", Qty::from_units(2), false).unwrap();
    assert!(k.shop.count_code(&cashier, "NOPE", Qty::ONE, false).unwrap().is_none());
    let status = k.shop.current_count().unwrap().unwrap();
    assert_eq!((status.id, status.counted_items, status.items_in_scope), (id, 3, 4));

    let view = k.shop.count_variance(&owner).unwrap();
    let lines: Vec<(&str, i64, i64, i64, i64)> = view
        .lines
        .iter()
        .map(|l| {
            let v = l.variance;
            (
                l.sku.as_str(),
                v.system.thousandths(),
                v.counted.thousandths(),
                v.difference().thousandths(),
                l.value.rupiah(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [("A", 10_000, 8_000, -2_000, -1_400), ("B", 5_000, 6_000, 1_000, 2_000), ("C", 2_000, 2_000, 0, 0)]
    );
    assert_eq!(view.total_value, Money::new(600));
    // Cashiers count but do not see the variance or approve.
    assert!(matches!(k.shop.count_variance(&cashier), Err(ServiceError::Denied { .. })));
    assert!(matches!(k.shop.approve_count(&cashier, view.stamp), Err(ServiceError::Denied { .. })));

    let done = k.shop.approve_count(&owner, view.stamp).unwrap();
    assert_eq!((done.adjusted, done.value), (2, Money::new(600)));
    assert_eq!(
        (k.on_hand("A"), k.on_hand("B"), k.on_hand("C")),
        (Qty::from_units(8), Qty::from_units(6), Qty::from_units(2))
    );
    let reference = format!("stock count #{id}");
    assert_eq!(count_moves(&k), [("A".into(), -2_000, reference.clone()), ("B".into(), 1_000, reference)]);
    assert!(k.shop.current_count().unwrap().is_none());
    assert!(k.shop.recent_audit(3).unwrap().iter().any(|a| a.action == "stock.count_approve"));
    k.assert_healthy();
}

#[test]
fn approving_a_variance_that_changed_since_it_was_shown_asks_again() {
    let mut k = stocked();
    let (owner, cashier) = (k.owner.clone(), k.cashier.clone());
    k.shop.start_count(&owner, None).unwrap();
    k.shop.count_code(&cashier, "A", Qty::from_units(7), false).unwrap();
    let shown = k.shop.count_variance(&owner).unwrap();
    // Someone else counts more after the variance was shown.
    k.shop.count_code(&cashier, "A", Qty::ONE, false).unwrap();
    let err = k.shop.approve_count(&owner, shown.stamp).unwrap_err();
    assert_eq!(err.to_string(), Refusal::CountChangedSince.to_string());
    assert_eq!(k.on_hand("A"), Qty::from_units(10));
    // A sale of a counted item moves the stock: asked again too.
    let again = k.shop.count_variance(&owner).unwrap();
    k.cash_sale(&cashier, &[("A", 1)], 1_000);
    assert_eq!(
        k.shop.approve_count(&owner, again.stamp).unwrap_err().to_string(),
        Refusal::CountChangedSince.to_string()
    );
    let fresh = k.shop.count_variance(&owner).unwrap();
    assert_eq!(fresh.lines[0].variance.system, Qty::from_units(9));
    k.shop.approve_count(&owner, fresh.stamp).unwrap();
    assert_eq!(k.on_hand("A"), Qty::from_units(8));
    k.assert_healthy();
}

#[test]
fn a_count_of_one_category_refuses_other_items_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let clock = std::sync::Arc::new(crate::clock::FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23)));
    let mut shop = Shop::open(&path, clock.clone()).unwrap();
    let owner = Actor::command_line();
    for (sku, category) in [("MIE", "Mie"), ("SABUN", "Sabun"), ("SAMPO", "Sampo")] {
        let form = crate::domain::master::ItemForm {
            sku: sku.into(),
            name: sku.into(),
            price: "1000".into(),
            category: category.into(),
            ..Default::default()
        };
        shop.create_item(&owner, &form).unwrap();
    }
    // A name no category has lists them all; a start several share lists those.
    let err = shop.start_count(&owner, Some("Minuman")).unwrap_err();
    assert_eq!(err.text(Lang::Id), "kategori 'Minuman' tidak ditemukan (yang ada: Mie, Sabun, Sampo)");
    let err = shop.start_count(&owner, Some("sa")).unwrap_err();
    assert_eq!(err.text(Lang::En), "category 'sa' could be any of Sabun, Sampo: write more of the name");
    // A start only one has is that one ("sab" is Sabun), counted and then dropped.
    let sabun = shop.start_count(&owner, Some("sab")).unwrap();
    assert_eq!(shop.current_count().unwrap().unwrap().category.as_deref(), Some("Sabun"));
    assert_eq!(sabun, shop.current_count().unwrap().unwrap().id);
    shop.cancel_count(&owner).unwrap();
    shop.start_count(&owner, Some("mie")).unwrap();
    assert!(shop.start_count(&owner, None).unwrap_err().to_string().contains("already in progress"));
    shop.count_code(&owner, "MIE", Qty::from_units(4), false).unwrap();
    let err = shop.count_code(&owner, "SABUN", Qty::ONE, false).unwrap_err().to_string();
    assert!(err.contains("not in Mie"), "{err}");
    assert!(shop.count_code(&owner, "MIE", Qty::from_units(-1), false).is_err());
    drop(shop);
    let mut shop = Shop::open(&path, clock).unwrap();
    let status = shop.current_count().unwrap().unwrap();
    assert_eq!((status.category.as_deref(), status.counted_items, status.items_in_scope), (Some("Mie"), 1, 1));
    shop.cancel_count(&owner).unwrap();
    assert!(shop.current_count().unwrap().is_none());
    assert!(shop.count_code(&owner, "MIE", Qty::ONE, false).unwrap_err().to_string().contains("no stock count"));
}

#[test]
fn manual_adjustments_need_a_reason_and_are_audited() {
    let mut k = stocked();
    let (owner, cashier) = (k.owner.clone(), k.cashier.clone());
    let a = k.item_id("A");
    let after = k.shop.adjust_stock(&owner, a, Qty::from_units(-2), AdjustReason::Damaged, "dus basah").unwrap();
    assert_eq!((after, k.on_hand("A")), (Qty::from_units(8), Qty::from_units(8)));
    let err = k.shop.adjust_stock(&owner, a, Qty::ONE, AdjustReason::Expired, "").unwrap_err();
    assert!(err.to_string().contains("can only be taken away"));
    assert!(k.shop.adjust_stock(&owner, a, Qty::ZERO, AdjustReason::Correction, "").is_err());
    assert!(matches!(
        k.shop.adjust_stock(&cashier, a, Qty::ONE, AdjustReason::Correction, ""),
        Err(ServiceError::Denied { .. })
    ));
    k.shop.adjust_stock(&owner, a, Qty::ONE, AdjustReason::Correction, "").unwrap();
    let audit = k.shop.recent_audit(5).unwrap();
    let row = audit.iter().find(|r| r.action == "stock.adjust").unwrap();
    assert_eq!(row.after.as_deref(), Some("on hand 9 (+1) correction"));
    let damaged = audit.iter().rfind(|r| r.action == "stock.adjust").unwrap();
    assert_eq!(damaged.before.as_deref(), Some("on hand 10"));
    assert_eq!(damaged.after.as_deref(), Some("on hand 8 (-2) damaged: dus basah"));
    k.assert_healthy();
}

#[test]
fn a_category_asked_of_a_shop_without_any_says_so() {
    let mut k = kit();
    let owner = k.owner.clone();
    k.shop.store.conn().execute("UPDATE items SET category_id = NULL", []).unwrap();
    k.shop.store.conn().execute("DELETE FROM categories", []).unwrap();
    let err = k.shop.start_count(&owner, Some("Minuman")).unwrap_err();
    assert_eq!(err.text(Lang::Id), "kategori 'Minuman' tidak ditemukan (toko belum punya kategori)");
}
