//! Where the Dashboard (Alt+1) meets the services: loaded on entry, on `r`, and
//! when another process writes.

use super::DashboardScreen;
use crate::services::ServiceError;
use crate::tui::action::Action;
use crate::tui::screens::{Context, Controller, View};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::records::Notice;

impl Controller for DashboardScreen {
    fn enter(&mut self, ctx: &mut Context) {
        match ctx.shop.dashboard(ctx.actor) {
            Ok(dashboard) => self.set(dashboard),
            Err(ServiceError::Denied { .. }) => *self = DashboardScreen::Denied,
            Err(e) => self.show(Notice::Error, error_text(&e, ctx.lang)),
        }
    }

    /// Its only action, `r`, opens it again.
    fn run(&mut self, _action: Action, _ctx: &mut Context) {}
}
