use super::*;
use crate::domain::master::{ItemForm, SupplierForm};
use crate::domain::{Money, PaymentMethod};
use crate::services::purchases::{PurchaseLineInput, PurchaseRequest};
use crate::services::testkit::{Kit, kit};

fn id(k: &Kit, sku: &str) -> i64 {
    items::id_by_sku(k.shop.store.conn(), sku).unwrap().unwrap()
}

fn edit(k: &mut Kit, sku: &str, change: impl FnOnce(&mut ItemForm)) {
    let item_id = id(k, sku);
    let mut form = ItemForm::from_data(&k.shop.item(item_id).unwrap().data);
    change(&mut form);
    k.shop.update_item(&k.owner.clone(), item_id, &form).unwrap();
}

fn request(skus: &[&str]) -> LabelRequest {
    LabelRequest { skus: skus.iter().map(|s| s.to_string()).collect(), ..Default::default() }
}

fn names(run: &LabelRun) -> Vec<String> {
    run.labels.iter().map(|l| l.name.clone()).collect()
}

#[test]
fn items_without_a_barcode_are_skipped_and_named_unless_generated() {
    let mut k = kit();
    edit(&mut k, "A", |f| f.barcode = "8998866200578".into());
    let owner = k.owner.clone();
    let run = k.shop.label_run(&owner, &request(&["A", "B"]), Lang::Id).unwrap();
    assert_eq!(names(&run), vec!["Item A"]);
    assert_eq!(run.skipped, vec!["B Item B"]);
    assert!(run.generated.is_empty());

    let generate = LabelRequest { generate: true, ..request(&["A", "B"]) };
    let run = k.shop.label_run(&owner, &generate, Lang::Id).unwrap();
    assert_eq!(names(&run), vec!["Item A", "Item B"]);
    assert_eq!(run.generated, vec![("B Item B".to_string(), "2000000000015".to_string())]);
    let code = run.labels[1].symbol.as_ref().unwrap();
    assert_eq!((code.kind, code.code.as_str()), (labels::SymbolKind::Ean13, "2000000000015"));
    assert_eq!(k.shop.item(id(&k, "B")).unwrap().data.barcodes[0].code, "2000000000015");
    assert_eq!(k.shop.recent_audit(1).unwrap()[0].action, "item.barcode");
}

#[test]
fn a_cashier_cannot_generate_barcodes() {
    let mut k = kit();
    let cashier = k.cashier.clone();
    let generate = LabelRequest { generate: true, ..request(&["B"]) };
    assert!(matches!(k.shop.label_run(&cashier, &generate, Lang::Id), Err(ServiceError::Denied { .. })));
}

#[test]
fn a_wrong_check_digit_is_refused_naming_the_item() {
    let mut k = kit();
    // Stored before validation existed, or by another tool.
    let item_id = id(&k, "C");
    items::add_barcode(k.shop.store.conn(), item_id, &BarcodeSpec { code: "4006381333932".into(), factor: Qty::ONE })
        .unwrap();
    let err = k.shop.label_run(&k.owner.clone(), &request(&["C"]), Lang::Id).unwrap_err().to_string();
    assert!(err.contains("C Item C") && err.contains("4006381333932") && err.contains("check digit"), "{err}");
}

#[test]
fn shelf_labels_show_tiers_and_need_no_barcode() {
    let mut k = kit();
    edit(&mut k, "B", |f| {
        f.price_wholesale1 = "2300".into();
        f.min_qty_wholesale1 = "12".into();
    });
    let shelf = LabelRequest { kind: LabelKind::Shelf, ..request(&["B"]) };
    let run = k.shop.label_run(&k.owner.clone(), &shelf, Lang::Id).unwrap();
    let label = &run.labels[0];
    assert_eq!(label.price, "Rp 2.500");
    assert_eq!(label.tiers, vec!["Grosir ≥ 12: Rp 2.300"]);
    assert_eq!(label.unit, "per PCS");
    assert_eq!(label.date_line, "Harga per 23/11/2026");
    let run = k.shop.label_run(&k.owner.clone(), &shelf, Lang::En).unwrap();
    assert_eq!(run.labels[0].tiers, vec!["Wholesale ≥ 12: Rp 2.300"]);
}

#[test]
fn changed_since_picks_items_whose_prices_moved() {
    let mut k = kit();
    k.advance_days(3);
    edit(&mut k, "B", |f| f.price = "2700".into());
    edit(&mut k, "C", |f| f.name = "Item C baru".into()); // a name change is no price change
    edit(&mut k, "A", |f| f.price_wholesale1 = "900".into());
    let since = LabelRequest {
        changed_since: Some(jiff::civil::date(2026, 11, 25)),
        kind: LabelKind::Shelf,
        ..Default::default()
    };
    let run = k.shop.label_run(&k.owner.clone(), &since, Lang::Id).unwrap();
    assert_eq!(names(&run), vec!["Item A", "Item B"]);
    // Created on the 23rd: everything counts from then.
    let earlier = LabelRequest { changed_since: Some(jiff::civil::date(2026, 11, 23)), ..since };
    assert_eq!(k.shop.label_run(&k.owner.clone(), &earlier, Lang::Id).unwrap().labels.len(), 4);
}

#[test]
fn a_purchase_gives_one_label_per_unit_received_and_copies_override() {
    let mut k = kit();
    let owner = k.owner.clone();
    let supplier =
        k.shop.create_supplier(&owner, &SupplierForm { name: "CV Sumber".into(), ..Default::default() }).unwrap();
    let line = |item_id: i64, packs: i64| PurchaseLineInput {
        item_id,
        packs: Qty::from_units(packs),
        pack_factor: Qty::ONE,
        pack_cost: Money::new(500),
    };
    let received = k
        .shop
        .receive_purchase(
            &owner,
            &PurchaseRequest {
                supplier_id: supplier,
                supplier_invoice: "F-1".into(),
                invoice_date: jiff::civil::date(2026, 11, 23),
                lines: vec![line(id(&k, "A"), 3), line(id(&k, "C"), 2)],
                payment: PaymentMethod::Cash,
                due_date: None,
            },
        )
        .unwrap();
    let by_purchase =
        LabelRequest { purchase: Some(received.number.clone()), kind: LabelKind::Shelf, ..Default::default() };
    let run = k.shop.label_run(&owner, &by_purchase, Lang::Id).unwrap();
    assert_eq!(names(&run), vec!["Item A", "Item A", "Item A", "Item C", "Item C"]);
    let two = LabelRequest { copies: Some(Copies::Each(1)), ..by_purchase.clone() };
    assert_eq!(k.shop.label_run(&owner, &two, Lang::Id).unwrap().labels.len(), 2);
    // Per stock: A and C now have 3 and 2 on hand.
    let per_stock = LabelRequest { copies: Some(Copies::PerStock), ..by_purchase };
    assert_eq!(k.shop.label_run(&owner, &per_stock, Lang::Id).unwrap().labels.len(), 5);
}

#[test]
fn selections_are_required_and_unknown_names_are_errors() {
    let mut k = kit();
    let owner = k.owner.clone();
    let err = k.shop.label_run(&owner, &LabelRequest::default(), Lang::Id).unwrap_err().to_string();
    assert!(err.contains("--category"), "{err}");
    assert!(matches!(k.shop.label_run(&owner, &request(&["NOPE"]), Lang::Id), Err(ServiceError::Missing(_))));
    let category = LabelRequest { category: Some("Nothing".into()), ..Default::default() };
    assert!(matches!(k.shop.label_run(&owner, &category, Lang::Id), Err(ServiceError::Missing(_))));
    let missing = LabelRequest { missing_barcode: true, generate: true, ..Default::default() };
    let run = k.shop.label_run(&owner, &missing, Lang::Id).unwrap();
    assert_eq!(run.generated.len(), 4);
    assert_eq!(run.labels.len(), 4);
    // Weighed rice says what its price is for; pieces need not.
    let prices: Vec<&str> = run.labels.iter().map(|l| l.price.as_str()).collect();
    assert_eq!(prices, vec!["Rp 1.000", "Rp 2.500", "Rp 10.000", "Rp 14.999/KG"]);
}

#[test]
fn the_layout_is_remembered_and_fits_the_format() {
    let mut k = kit();
    let owner = k.owner.clone();
    assert_eq!(k.shop.label_layout(None, LabelFormat::Pdf).unwrap().0, "a4-3x10");
    assert_eq!(k.shop.label_layout(None, LabelFormat::Escpos).unwrap().0, "roll-58");
    k.shop.remember_label_layout(&owner, "a4-5x13").unwrap();
    assert_eq!(k.shop.label_layout(None, LabelFormat::Svg).unwrap().0, "a4-5x13");
    assert_eq!(k.shop.label_layout(None, LabelFormat::Escpos).unwrap().0, "roll-58");
    let err = k.shop.label_layout(Some("custom:cols=3,rows=10,label=72x29.7"), LabelFormat::Pdf).unwrap_err();
    assert!(err.to_string().contains("210 mm wide"), "{err}");
    // A cashier prints with it but does not change it.
    k.shop.remember_label_layout(&k.cashier.clone(), "a4-2x7").unwrap();
    assert_eq!(k.shop.label_layout_name().unwrap(), "a4-5x13");
}

#[test]
fn outputs_refuse_the_wrong_kind_of_layout() {
    let run = LabelRun::default();
    let roll: Layout = "roll-58".parse().unwrap();
    let sheet: Layout = "a4-3x10".parse().unwrap();
    assert!(render_pdf(&run, &roll).is_err());
    assert!(render_svgs(&run, &roll).is_err());
    assert!(render_escpos(&run, &sheet).is_err());
}
