//! Where the Stock-taking screen (Alt+5) meets the services.

use super::StockTakeScreen;
use crate::domain::Permission;
use crate::services::Shop;
use crate::tui::action::{Action, StockTakeAction};
use crate::tui::screens::{Context, Controller, View};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::records::Notice;

impl Controller for StockTakeScreen {
    fn enter(&mut self, ctx: &mut Context) {
        self.may_manage = ctx.actor.role.can(Permission::AdjustStock);
        self.run(Action::StockTake(StockTakeAction::Load), ctx);
    }

    fn run(&mut self, action: Action, ctx: &mut Context) {
        let Action::StockTake(action) = action else { return };
        let lang = ctx.lang;
        let (shop, actor, screen) = (&mut *ctx.shop, ctx.actor, self);
        let status = |shop: &Shop, screen: &mut StockTakeScreen| match shop.current_count() {
            Ok(status) => screen.set_status(status),
            Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
        };
        match action {
            StockTakeAction::Load => status(shop, screen),
            StockTakeAction::Start(category) => match shop.start_count(actor, category.as_deref()) {
                Ok(id) => {
                    status(shop, screen);
                    screen.done(format!("{} #{id}", lang.pick("Count started", "Hitungan dimulai")));
                }
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            },
            StockTakeAction::Count { code, qty } => match shop.count_code(actor, &code, qty, false) {
                Ok(Some(counted)) => {
                    screen.counted(counted);
                    status(shop, screen);
                }
                Ok(None) => {
                    screen.show(Notice::Error, format!("{} '{code}'", lang.pick("Unknown code", "Kode tidak dikenal")))
                }
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            },
            StockTakeAction::Variance => match shop.count_variance(actor) {
                Ok(view) => screen.set_variance(view),
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            },
            StockTakeAction::Approve(stamp) => match shop.approve_count(actor, stamp) {
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
                    if let Ok(view) = shop.count_variance(actor) {
                        screen.set_variance(view);
                    }
                    screen.show(Notice::Error, error_text(&e, lang));
                }
            },
            StockTakeAction::Cancel => match shop.cancel_count(actor) {
                Ok(()) => {
                    status(shop, screen);
                    screen.done(lang.pick("Count cancelled", "Hitungan dibatalkan").into());
                }
                Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
            },
            StockTakeAction::Adjust { code, delta, reason, note } => {
                let adjusted = shop.lookup_code(&code).and_then(|found| match found {
                    Some((item, factor)) => {
                        let delta = delta.times(factor).unwrap_or(delta);
                        shop.adjust_stock(actor, item.item_id, delta, reason, &note).map(|after| (item.name, after))
                    }
                    None => {
                        Err(crate::services::ServiceError::Missing(crate::services::Thing::Code.key(code.as_str())))
                    }
                });
                match adjusted {
                    Ok((name, after)) => {
                        screen.done(format!("{name}: {} {after}", lang.pick("on hand now", "stok sekarang")))
                    }
                    Err(e) => screen.show(Notice::Error, error_text(&e, lang)),
                }
            }
        }
    }
}
