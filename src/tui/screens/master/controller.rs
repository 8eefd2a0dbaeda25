//! Where Master data (Alt+4) meets the services: its three record lists, new
//! barcodes, categories, and printing labels for marked items.

use super::MasterScreen;
use crate::tui::action::{Action, LabelsAction, MasterAction};
use crate::tui::screens::{Context, Controller};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::label_dialog;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::records::controller::run_record_action;
use crate::tui::widgets::records::kinds::{Customers, Items, Suppliers};

impl Controller for MasterScreen {
    fn enter(&mut self, ctx: &mut Context) {
        self.run(self.load_action(), ctx);
    }

    fn run(&mut self, action: Action, ctx: &mut Context) {
        let (lang, actor) = (ctx.lang, ctx.actor);
        match action {
            Action::Items(action) => run_record_action::<Items>(ctx.shop, actor, &mut self.items, action, lang),
            Action::Customers(action) => {
                run_record_action::<Customers>(ctx.shop, actor, &mut self.customers, action, lang)
            }
            Action::Suppliers(action) => {
                run_record_action::<Suppliers>(ctx.shop, actor, &mut self.suppliers, action, lang)
            }
            Action::GenerateBarcode(id) => match ctx.shop.generate_barcode(actor, id) {
                Ok(code) => {
                    self.run(self.items.load_action(), ctx);
                    self.items.notify(Notice::Info, format!("{} {code}", lang.pick("New barcode", "Barcode baru")));
                }
                Err(e) => self.items.notify(Notice::Error, error_text(&e, lang)),
            },
            Action::Master(MasterAction::LoadCategories) => match ctx.shop.categories() {
                Ok(list) => self.categories = list,
                Err(e) => self.items.notify(Notice::Error, error_text(&e, lang)),
            },
            Action::Labels(LabelsAction::Ask(source)) => {
                self.ask_labels(source, &ctx.shop.label_layout_name().unwrap_or_default(), lang)
            }
            Action::Labels(LabelsAction::Print { source, copies, kind, layout }) => {
                match label_dialog::print(ctx.shop, actor, &source, &copies, &kind, &layout, lang) {
                    Ok(text) => {
                        self.items.clear_marks();
                        self.items.notify(Notice::Info, text);
                    }
                    Err(e) => self.items.notify(Notice::Error, error_text(&e, lang)),
                }
            }
            _ => {}
        }
    }
}
