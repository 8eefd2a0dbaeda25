//! Where the Purchases screen (Alt+3) meets the services.

use jiff::ToSpan;

use super::PurchasesScreen;
use crate::clock::local_date;
use crate::domain::master::{ItemForm, SupplierForm};
use crate::domain::{Permission, Qty};
use crate::services::{Actor, Shop};
use crate::store::items::ItemFilter;
use crate::tui::action::{Action, LabelsAction, PurchasesAction};
use crate::tui::i18n::Lang;
use crate::tui::screens::{Context, Controller, View};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::label_dialog;
use crate::tui::widgets::records::Notice;

fn reload(shop: &Shop, actor: &Actor, screen: &mut PurchasesScreen, lang: Lang) {
    match shop.payables(actor, None).and_then(|owed| Ok((owed, shop.recent_purchases(100)?))) {
        Ok((owed, history)) => screen.set_lists(owed, history),
        Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
    }
}

fn open_payables(shop: &Shop, actor: &Actor, screen: &mut PurchasesScreen, supplier_id: i64, lang: Lang) {
    match shop.supplier(supplier_id).and_then(|s| Ok((s.data.name, shop.supplier_payables(actor, supplier_id)?))) {
        Ok((_, rows)) if rows.is_empty() => {
            screen.close_detail();
            reload(shop, actor, screen, lang);
        }
        Ok((name, rows)) => screen.set_detail(supplier_id, name, rows),
        Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
    }
}

/// Digits only (what a scanner sends): an unknown one is a new item, not a name.
fn is_scanned(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_ascii_digit())
}

impl Controller for PurchasesScreen {
    fn enter(&mut self, ctx: &mut Context) {
        let today = local_date(ctx.shop.now_ms(), &ctx.shop.time_zone());
        let denied = !ctx.actor.role.can(Permission::Purchase);
        self.open(today, denied);
        if !denied {
            reload(ctx.shop, ctx.actor, self, ctx.lang);
        }
    }

    fn run(&mut self, action: Action, ctx: &mut Context) {
        let lang = ctx.lang;
        let (shop, actor, screen) = (&mut *ctx.shop, ctx.actor, self);
        let action = match action {
            Action::Purchases(action) => action,
            Action::Labels(action) => return labels(shop, actor, screen, action, lang),
            _ => return,
        };
        match action {
            PurchasesAction::Load => reload(shop, actor, screen, lang),
            PurchasesAction::FindSuppliers(text) => match shop.suppliers(&text, false) {
                Ok(rows) => screen.suppliers_found(rows),
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            },
            PurchasesAction::QuickCreateSupplier(name) => {
                let form = SupplierForm { name: name.clone(), ..Default::default() };
                match shop.create_supplier(actor, &form) {
                    Ok(id) => screen.set_supplier(id, name),
                    Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
                }
            }
            PurchasesAction::Scan { code, packs } => match shop.lookup_code(&code) {
                Ok(Some((item, factor))) => screen.item_found(item, factor, packs),
                Ok(None) if is_scanned(&code) => screen.unknown_code(&code, lang),
                Ok(None) => match shop.items(&ItemFilter { text: code.clone(), include_archived: false, limit: 20 }) {
                    Ok(rows) => screen.items_found(rows, packs, &code, lang),
                    Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
                },
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            },
            PurchasesAction::QuickCreateItem { code, name, price } => {
                let form = ItemForm {
                    sku: code.clone(),
                    name,
                    price,
                    barcode: if is_scanned(&code) { code.clone() } else { String::new() },
                    ..Default::default()
                };
                match shop.create_item(actor, &form).and_then(|id| shop.cart_item(id)) {
                    Ok(item) => screen.item_found(item, Qty::ONE, Qty::ONE),
                    Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
                }
            }
            PurchasesAction::Receive(request) => match shop.receive_purchase(actor, &request) {
                Ok(done) => {
                    screen.received(&done, lang);
                    reload(shop, actor, screen, lang);
                }
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            },
            PurchasesAction::OpenPayables(id) => open_payables(shop, actor, screen, id, lang),
            PurchasesAction::Pay { supplier_id, payable_id, amount, method, reference } => {
                match shop.pay_supplier(actor, supplier_id, payable_id, amount, method, &reference) {
                    Ok(allocations) => {
                        let applied: Vec<String> =
                            allocations.iter().map(|a| format!("{} {}", a.document, a.applied.grouped())).collect();
                        reload(shop, actor, screen, lang);
                        if screen.supplier_in_view().is_some() {
                            open_payables(shop, actor, screen, supplier_id, lang);
                        }
                        screen.paid(format!("{} {amount}: {}", lang.pick("Paid", "Dibayar"), applied.join(", ")));
                    }
                    Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
                }
            }
            PurchasesAction::Statement(id) => {
                let today = local_date(shop.now_ms(), &shop.time_zone());
                let from = today.checked_sub(90.days()).unwrap_or(today);
                match shop.supplier_statement(actor, id, from, today) {
                    Ok(statement) => screen.set_statement(&statement, lang),
                    Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
                }
            }
            PurchasesAction::LoadReturnable(number) => match shop.returnable_purchase(&number) {
                Ok((purchase, lines)) => screen.returnable_loaded(purchase.number, lines),
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            },
            PurchasesAction::Return { number, lines, reason } => {
                match shop.return_to_supplier(actor, &number, &lines, &reason) {
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
                        reload(shop, actor, screen, lang);
                    }
                    Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
                }
            }
        }
    }
}

/// Print labels for what a purchase received.
fn labels(shop: &mut Shop, actor: &Actor, screen: &mut PurchasesScreen, action: LabelsAction, lang: Lang) {
    match action {
        LabelsAction::Ask(source) => screen.ask_labels(source, &shop.label_layout_name().unwrap_or_default(), lang),
        LabelsAction::Print { source, copies, kind, layout } => {
            match label_dialog::print(shop, actor, &source, &copies, &kind, &layout, lang) {
                Ok(text) => screen.show(Notice::Info, text),
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            }
        }
    }
}
