//! Where the Purchases (Alt+3) and Stock-taking (Alt+5) screens meet the services.

use jiff::ToSpan;

use super::App;
use crate::clock::local_date;
use crate::domain::Qty;
use crate::domain::master::{ItemForm, SupplierForm};
use crate::services::{Actor, Shop};
use crate::store::items::ItemFilter;
use crate::tui::action::{PurchasesAction, StockTakeAction};
use crate::tui::screens::purchases::PurchasesScreen;
use crate::tui::screens::stocktake::StockTakeScreen;

fn reload(shop: &Shop, actor: &Actor, screen: &mut PurchasesScreen) {
    match shop.payables(actor, None).and_then(|owed| Ok((owed, shop.recent_purchases(100)?))) {
        Ok((owed, history)) => screen.set_lists(owed, history),
        Err(e) => screen.failed(e.to_string()),
    }
}

fn open_payables(shop: &Shop, actor: &Actor, screen: &mut PurchasesScreen, supplier_id: i64) {
    match shop.supplier(supplier_id).and_then(|s| Ok((s.data.name, shop.supplier_payables(actor, supplier_id)?))) {
        Ok((_, rows)) if rows.is_empty() => {
            screen.close_detail();
            reload(shop, actor, screen);
        }
        Ok((name, rows)) => screen.set_detail(supplier_id, name, rows),
        Err(e) => screen.failed(e.to_string()),
    }
}

/// Digits only (what a scanner sends): an unknown one is a new item, not a name.
fn is_scanned(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_ascii_digit())
}

impl App {
    pub(super) fn purchases_action(&mut self, action: PurchasesAction) {
        let Some(actor) = self.actor.clone() else { return };
        let lang = self.lang;
        let (shop, screen) = (&mut self.shop, &mut self.purchases);
        match action {
            PurchasesAction::Load => reload(shop, &actor, screen),
            PurchasesAction::FindSuppliers(text) => match shop.suppliers(&text, false) {
                Ok(rows) => screen.suppliers_found(rows),
                Err(e) => screen.failed(e.to_string()),
            },
            PurchasesAction::QuickCreateSupplier(name) => {
                let form = SupplierForm { name: name.clone(), ..Default::default() };
                match shop.create_supplier(&actor, &form) {
                    Ok(id) => screen.set_supplier(id, name),
                    Err(e) => screen.failed(e.to_string()),
                }
            }
            PurchasesAction::Scan { code, packs } => match shop.lookup_code(&code) {
                Ok(Some((item, factor))) => screen.item_found(item, factor, packs),
                Ok(None) if is_scanned(&code) => screen.unknown_code(&code, lang),
                Ok(None) => match shop.items(&ItemFilter { text: code.clone(), include_archived: false, limit: 20 }) {
                    Ok(rows) => screen.items_found(rows, packs, &code, lang),
                    Err(e) => screen.failed(e.to_string()),
                },
                Err(e) => screen.failed(e.to_string()),
            },
            PurchasesAction::QuickCreateItem { code, name, price } => {
                let form = ItemForm {
                    sku: code.clone(),
                    name,
                    price,
                    barcode: if is_scanned(&code) { code.clone() } else { String::new() },
                    ..Default::default()
                };
                match shop.create_item(&actor, &form).and_then(|id| shop.cart_item(id)) {
                    Ok(item) => screen.item_found(item, Qty::ONE, Qty::ONE),
                    Err(e) => screen.failed(e.to_string()),
                }
            }
            PurchasesAction::Receive(request) => match shop.receive_purchase(&actor, &request) {
                Ok(done) => {
                    screen.received(&done, lang);
                    reload(shop, &actor, screen);
                }
                Err(e) => screen.failed(e.to_string()),
            },
            PurchasesAction::OpenPayables(id) => open_payables(shop, &actor, screen, id),
            PurchasesAction::Pay { supplier_id, payable_id, amount, method, reference } => {
                match shop.pay_supplier(&actor, supplier_id, payable_id, amount, method, &reference) {
                    Ok(allocations) => {
                        let applied: Vec<String> =
                            allocations.iter().map(|a| format!("{} {}", a.document, a.applied.grouped())).collect();
                        reload(shop, &actor, screen);
                        if screen.supplier_in_view().is_some() {
                            open_payables(shop, &actor, screen, supplier_id);
                        }
                        screen.paid(format!("{} {amount}: {}", lang.pick("Paid", "Dibayar"), applied.join(", ")));
                    }
                    Err(e) => screen.failed(e.to_string()),
                }
            }
            PurchasesAction::Statement(id) => {
                let today = local_date(shop.now_ms(), &shop.time_zone());
                let from = today.checked_sub(90.days()).unwrap_or(today);
                match shop.supplier_statement(&actor, id, from, today) {
                    Ok(statement) => screen.set_statement(&statement, lang),
                    Err(e) => screen.failed(e.to_string()),
                }
            }
            PurchasesAction::LoadReturnable(number) => match shop.returnable_purchase(&number) {
                Ok((purchase, lines)) => screen.returnable_loaded(purchase.number, lines),
                Err(e) => screen.failed(e.to_string()),
            },
            PurchasesAction::Return { number, lines, reason } => {
                match shop.return_to_supplier(&actor, &number, &lines, &reason) {
                    Ok(done) => {
                        screen.returned(format!(
                            "{} {} · {} {} · {} {}",
                            lang.pick("Returned", "Retur"),
                            done.number,
                            lang.pick("off the debt", "potong utang"),
                            done.credited,
                            lang.pick("cash back", "uang kembali"),
                            done.refunded
                        ));
                        reload(shop, &actor, screen);
                    }
                    Err(e) => screen.failed(e.to_string()),
                }
            }
        }
    }
}

impl App {
    pub(super) fn stocktake_action(&mut self, action: StockTakeAction) {
        let Some(actor) = self.actor.clone() else { return };
        let lang = self.lang;
        let (shop, screen) = (&mut self.shop, &mut self.stocktake);
        let status = |shop: &Shop, screen: &mut StockTakeScreen| match shop.current_count() {
            Ok(status) => screen.set_status(status),
            Err(e) => screen.failed(e.to_string()),
        };
        match action {
            StockTakeAction::Load => status(shop, screen),
            StockTakeAction::Start(category) => match shop.start_count(&actor, category.as_deref()) {
                Ok(id) => {
                    status(shop, screen);
                    screen.done(format!("{} #{id}", lang.pick("Count started", "Hitungan dimulai")));
                }
                Err(e) => screen.failed(e.to_string()),
            },
            StockTakeAction::Count { code, qty } => match shop.count_code(&actor, &code, qty, false) {
                Ok(Some(counted)) => {
                    screen.counted(counted);
                    status(shop, screen);
                }
                Ok(None) => screen.failed(format!("{} '{code}'", lang.pick("Unknown code", "Kode tidak dikenal"))),
                Err(e) => screen.failed(e.to_string()),
            },
            StockTakeAction::Variance => match shop.count_variance(&actor) {
                Ok(view) => screen.set_variance(view),
                Err(e) => screen.failed(e.to_string()),
            },
            StockTakeAction::Approve(stamp) => match shop.approve_count(&actor, stamp) {
                Ok(done) => {
                    status(shop, screen);
                    screen.done(format!(
                        "{} #{} · {} {} · {} {}",
                        lang.pick("Count approved", "Hitungan disetujui"),
                        done.count_id,
                        done.adjusted,
                        lang.pick("items adjusted", "barang disesuaikan"),
                        lang.pick("value", "nilai"),
                        done.value
                    ));
                }
                Err(e) => {
                    // Show what approval would post now, to look at and approve again.
                    if let Ok(view) = shop.count_variance(&actor) {
                        screen.set_variance(view);
                    }
                    screen.failed(e.to_string());
                }
            },
            StockTakeAction::Cancel => match shop.cancel_count(&actor) {
                Ok(()) => {
                    status(shop, screen);
                    screen.done(lang.pick("Count cancelled", "Hitungan dibatalkan").into());
                }
                Err(e) => screen.failed(e.to_string()),
            },
            StockTakeAction::Adjust { code, delta, reason, note } => {
                let adjusted = shop.lookup_code(&code).and_then(|found| match found {
                    Some((item, factor)) => {
                        let delta = delta.times(factor).unwrap_or(delta);
                        shop.adjust_stock(&actor, item.item_id, delta, reason, &note).map(|after| (item.name, after))
                    }
                    None => Err(crate::services::Thing::Code.key(format!("'{code}'")).into()),
                });
                match adjusted {
                    Ok((name, after)) => {
                        screen.done(format!("{name}: {} {after}", lang.pick("on hand now", "stok sekarang")))
                    }
                    Err(e) => screen.failed(e.to_string()),
                }
            }
        }
    }
}
