//! Where the print-labels dialog of Master data and Purchases meets the services.

use super::App;
use crate::labels::LabelKind;
use crate::services::ServiceError;
use crate::services::labels::{Copies, LabelRequest};
use crate::tui::action::{LabelSource, LabelsAction, Module};
use crate::tui::screens::records::Notice;

/// The request the dialog's answers stand for; a bad copies count is refused.
fn request(
    shop: &crate::services::Shop,
    source: &LabelSource,
    copies: &str,
    kind: &str,
) -> Result<LabelRequest, ServiceError> {
    let copies = match copies.trim() {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) => Some(Copies::Each(n)),
            _ => {
                return Err(ServiceError::Refused(crate::services::Refusal::CopiesOutOfRange { max: 1000 }));
            }
        },
    };
    let kind = if kind == "shelf" { LabelKind::Shelf } else { LabelKind::Barcode };
    let mut request = LabelRequest { copies, kind, ..Default::default() };
    match source {
        LabelSource::Items(ids) => {
            request.skus = ids.iter().map(|id| shop.item(*id).map(|i| i.data.sku)).collect::<Result<_, _>>()?;
        }
        LabelSource::Purchase(number) => request.purchase = Some(number.clone()),
    }
    Ok(request)
}

impl App {
    pub(super) fn labels_action(&mut self, action: LabelsAction) {
        let Some(actor) = self.actor.clone() else { return };
        let lang = self.lang;
        let on_master = self.module == Module::MasterData;
        let outcome = match action {
            LabelsAction::Ask(source) => {
                let layout = self.shop.label_layout_name().unwrap_or_default();
                if on_master {
                    self.master.ask_labels(source, &layout, lang);
                } else {
                    self.purchases.ask_labels(source, &layout, lang);
                }
                return;
            }
            LabelsAction::Print { source, copies, kind, layout } => request(&self.shop, &source, &copies, &kind)
                .and_then(|request| self.shop.print_labels(&actor, &request, &layout, lang)),
        };
        match (outcome, on_master) {
            (Ok(text), true) => {
                self.master.items.clear_marks();
                self.master.items.notify(Notice::Info, text);
            }
            (Err(e), true) => self.master.items.notify(Notice::Error, e.to_string()),
            (Ok(text), false) => self.purchases.info(text),
            (Err(e), false) => self.purchases.failed(e.to_string()),
        }
    }
}
