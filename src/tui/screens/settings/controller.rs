//! Where Settings (Alt+9) meets the services.

use super::SettingsScreen;
use crate::tui::action::{Action, SettingsAction};
use crate::tui::screens::{Context, Controller, View};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::records::Notice;

impl Controller for SettingsScreen {
    fn enter(&mut self, ctx: &mut Context) {
        match ctx.shop.settings(false) {
            Ok(entries) => self.set_entries(entries),
            Err(e) => self.show(Notice::Error, error_text(&e, ctx.lang)),
        }
    }

    fn run(&mut self, action: Action, ctx: &mut Context) {
        let Action::Settings(SettingsAction::Save { key, value }) = action else { return };
        match ctx.shop.set_setting(ctx.actor, &key, &value) {
            Ok(()) => {
                self.enter(ctx);
                self.saved(format!("{} {key}", ctx.lang.pick("Saved", "Tersimpan")));
                // Language and theme take effect at once.
                ctx.then.display_settings = true;
            }
            Err(e) => self.show(Notice::Error, error_text(&e, ctx.lang)),
        }
    }
}
