//! Where the till (Alt+2) meets the services: scans, customers, held sales and
//! WhatsApp orders, approvals, shifts, history, returns and the checkout itself.

use super::{CashierScreen, TillSetup};
use crate::domain::Qty;
use crate::services::{Result as ServiceResult, Shop};
use crate::store::customers::CustomerFilter;
use crate::tui::action::{Action, CashierAction};
use crate::tui::screens::{Context, Controller, View};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::records::Notice;

/// What a code entered at the till is.
enum Scanned {
    /// An item, and how many units one scan of the code is (a carton's pack).
    Item(crate::domain::cart::CartItem, Qty),
    Member(crate::domain::cart::CartCustomer),
}

/// An item's code wins, then a member card, then the name search's highlighted
/// pick (a card code such as `M00001` also finds items by name, e.g. `MNM-00001`).
fn read_scan(shop: &Shop, code: &str, picked: Option<i64>) -> crate::services::Result<Option<Scanned>> {
    if let Some((item, factor)) = shop.lookup_code(code)? {
        return Ok(Some(Scanned::Item(item, factor)));
    }
    if let Some(member) = shop.member_by_code(code)? {
        return Ok(Some(Scanned::Member(member)));
    }
    picked.map(|id| shop.cart_item(id).map(|item| Scanned::Item(item, Qty::ONE))).transpose()
}

/// Refresh the till's "often bought together" line from the precomputed partners; a
/// failure only leaves the line empty (a suggestion is never worth a refused scan).
fn suggest(shop: &Shop, till: &mut CashierScreen) {
    let cart: Vec<i64> = till.cart().lines.iter().map(|l| l.item.item_id).collect();
    let found = shop.suggestions(&cart, 2).unwrap_or_else(|e| {
        tracing::warn!("no till suggestions: {e}");
        Vec::new()
    });
    till.set_suggestions(found);
}

impl Controller for CashierScreen {
    fn enter(&mut self, ctx: &mut Context) {
        let (shop, actor, lang) = (&*ctx.shop, ctx.actor, ctx.lang);
        let setup = (|| -> ServiceResult<TillSetup> {
            Ok(TillSetup {
                tax_bp: shop.tax_bp()?,
                discount_limit_bp: shop.discount_limit_bp()?,
                needs_approval: crate::services::checkout::needs_approval(actor.role),
                refuse_oversell: shop.refuses_oversell()?,
                qris: shop.qris_payload()?,
                points: shop.points_rules()?,
            })
        })();
        match setup {
            Ok(setup) => self.setup(setup),
            Err(e) => self.show(Notice::Error, error_text(&e, lang)),
        }
        // Entering the till, or another process writing, must not rebuild 100k names
        // unless the catalogue itself changed.
        let catalog = shop.catalog_stamp().and_then(|stamp| {
            if self.catalog_stamp() == Some(stamp) { Ok(None) } else { Ok(Some((shop.sellable_items()?, stamp))) }
        });
        match catalog {
            Ok(Some((items, stamp))) => self.set_catalog(items, stamp),
            Ok(None) => {}
            Err(e) => self.show(Notice::Error, error_text(&e, lang)),
        }
        // Each sale belongs to its cashier's shift: ask to open one first.
        if actor.user_id.is_some() && matches!(shop.current_shift(actor), Ok(None)) {
            self.needs_shift = true;
            self.ask_open_shift(lang);
        }
    }

    fn run(&mut self, action: Action, ctx: &mut Context) {
        let Action::Cashier(action) = action else { return };
        let (lang, actor) = (ctx.lang, ctx.actor);
        let (till, shop) = (self, &mut *ctx.shop);
        match action {
            CashierAction::Scan { code, qty, or_else } => match read_scan(shop, &code, or_else) {
                Ok(Some(Scanned::Item(item, factor))) => match qty.times(factor) {
                    Some(qty) => {
                        till.add(item, qty, lang);
                        suggest(shop, till);
                    }
                    None => till.show(Notice::Error, lang.pick("Quantity too large", "Jumlah terlalu besar").into()),
                },
                Ok(Some(Scanned::Member(member))) => till.member_scanned(member, lang),
                Ok(None) => till.unknown_code(&code, lang),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::AddSuggestion(item_id) => match shop.cart_item(item_id) {
                Ok(item) => {
                    till.add(item, Qty::ONE, lang);
                    if let Err(e) = shop.suggestion_added(actor, item_id) {
                        tracing::warn!("the added suggestion was not noted: {e}");
                    }
                    suggest(shop, till);
                }
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::FindCustomers(text) => {
                match shop.customers(&CustomerFilter { text, include_archived: false, limit: 50 }) {
                    Ok(rows) => till.customers_found(rows),
                    Err(e) => till.show(Notice::Error, error_text(&e, lang)),
                }
            }
            CashierAction::AttachCustomer(None) => till.set_customer(None),
            CashierAction::AttachCustomer(Some(id)) => match shop.cart_customer(id) {
                Ok(customer) => till.set_customer(Some(customer)),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::QuickCreateCustomer(form) => {
                match shop.create_customer(actor, &form).and_then(|id| shop.cart_customer(id)) {
                    Ok(customer) => till.set_customer(Some(customer)),
                    Err(e) => till.show(Notice::Error, error_text(&e, lang)),
                }
            }
            CashierAction::Hold { sale, label } => match shop.hold_sale(actor, &sale, &label) {
                Ok(_) => till.held(&label, lang),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::ListHeld => match shop.held_sales() {
                Ok(held) => till.held_listed(held, lang),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::Resume(id) => match shop.resume_sale(actor, id) {
                Ok((sale, approval)) => till.resumed(sale, approval),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::ListOrders => match shop.open_orders(actor) {
                Ok(orders) => till.orders_listed(orders, shop.now_ms(), lang),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::LoadOrder(id) => match shop.order_cart(actor, id) {
                Ok(cart) => till.resumed(crate::services::checkout::OpenSale { cart, ..Default::default() }, None),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::Approve { pin, covers } => match shop.approve_with_pin(actor, &pin) {
                Ok(by) => till.approved(crate::services::checkout::Approval { by, covers }, lang),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::OpenShift(float) => match shop.open_shift(actor, float) {
                Ok(shift) => {
                    till.needs_shift = false;
                    till.shift_done(format!(
                        "{} {}",
                        lang.pick("Shift open with", "Shift dibuka dengan"),
                        shift.opening_float
                    ));
                }
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::CloseShift(counted) => match shop.close_shift(actor, counted) {
                Ok(summary) => {
                    till.needs_shift = true;
                    till.shift_done(format!(
                        "{} {} · {} {} · {} {}",
                        lang.pick("Shift closed. Expected", "Shift ditutup. Seharusnya"),
                        summary.expected,
                        lang.pick("counted", "dihitung"),
                        summary.counted,
                        lang.pick("difference", "selisih"),
                        summary.difference
                    ));
                }
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::LoadHistory => match shop.recent_sales(100) {
                Ok(sales) => till.history_loaded(sales, shop.time_zone()),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::ShowReceipt(sale_id) => match shop.render_receipt(sale_id, None) {
                Ok(text) => till.history_receipt(sale_id, text),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::Print(sale_id) => match shop.print_receipt(sale_id) {
                Ok(()) => till
                    .history_done(shop.recent_sales(100).unwrap_or_default(), lang.pick("Printed", "Dicetak").into()),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::Void { invoice, reason } => match shop.void_sale(actor, &invoice, &reason) {
                Ok(result) => {
                    let text = format!(
                        "{} {} · {} {}",
                        lang.pick("Voided", "Dibatalkan"),
                        result.invoice,
                        lang.pick("cash back", "uang kembali"),
                        result.cash_refund
                    );
                    till.history_done(shop.recent_sales(100).unwrap_or_default(), text);
                }
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::LoadReturnable(invoice) => match shop.returnable(&invoice) {
                Ok(sale) => till.returnable_loaded(sale),
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
            CashierAction::Return { invoice, lines, refund, reason } => {
                let approver = till.return_approver().cloned();
                match shop.return_lines(actor, approver.as_ref(), &invoice, &lines, refund, &reason) {
                    Ok(result) => {
                        till.return_approval_used();
                        let mut text = format!(
                            "{} {} · {} {}",
                            lang.pick("Returned", "Retur"),
                            result.number,
                            lang.pick("refund", "dikembalikan"),
                            result.refund_amount
                        );
                        if result.points_back > 0 {
                            text.push_str(&format!(
                                " · {} {}",
                                lang.pick("points back", "poin kembali"),
                                result.points_back
                            ));
                        }
                        till.history_done(shop.recent_sales(100).unwrap_or_default(), text);
                    }
                    Err(e) => till.show(Notice::Error, error_text(&e, lang)),
                }
            }
            CashierAction::Checkout(request) => match shop.checkout(actor, &request) {
                Ok(sale) => {
                    let receipt = shop.render_receipt(sale.sale_id, None).unwrap_or_else(|e| error_text(&e, lang));
                    let sale_id = sale.sale_id;
                    till.completed(sale, receipt);
                    // With a printer set, the receipt prints at once; a printer problem
                    // never undoes the sale, it is only reported.
                    if shop.setting("printer.target").is_ok_and(|t| !t.is_empty())
                        && let Err(e) = shop.print_receipt(sale_id)
                    {
                        till.show(Notice::Error, error_text(&e, lang));
                    }
                    ctx.then.refresh_status = true;
                }
                Err(e) => till.show(Notice::Error, error_text(&e, lang)),
            },
        }
    }
}
