//! The print-labels dialog Master data and Purchases share: copies, kind and layout.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::form::{FieldSpec, Form, FormOutcome, choice, form_keys, option, text};
use crate::labels::LabelKind;
use crate::services::labels::{Copies, LabelRequest};
use crate::services::{Actor, ServiceError, Shop};
use crate::tui::action::{Action, LabelSource, LabelsAction};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;

const FIELDS: &[FieldSpec] = &[
    text("copies", "Copies per item", "Jumlah per barang"),
    choice("kind", "Kind", "Jenis", &[option("barcode", "barcode", "barcode"), option("shelf", "shelf", "rak")]),
    text("layout", "Layout (a4-…, roll-…)", "Tata letak (a4-…)"),
];

pub struct LabelDialog {
    source: LabelSource,
    form: Form,
}

/// Give `key` to the dialog in `slot` if one is open (None: none is), closing it when
/// it is done; the inner value is what to do (nothing while open or when cancelled).
pub fn handle_open(slot: &mut Option<LabelDialog>, key: &KeyEvent) -> Option<Option<Action>> {
    let dialog = slot.as_mut()?;
    let action = match dialog.form.handle_key(key) {
        FormOutcome::Continue => return Some(None),
        FormOutcome::Cancel => None,
        FormOutcome::Submit => Some(dialog.print_action()),
    };
    *slot = None;
    Some(action)
}

impl LabelDialog {
    /// Its keys for F1.
    pub fn keys(&self) -> Vec<crate::tui::keymap::KeyHelp> {
        self.form.keys()
    }

    /// A purchase starts with no copies, meaning one label per unit received.
    pub fn new(source: LabelSource, layout: &str, lang: Lang) -> LabelDialog {
        let (title, copies) = match &source {
            LabelSource::Items(ids) => (
                format!(
                    "{} ({} {})",
                    lang.pick("Print labels", "Cetak label"),
                    ids.len(),
                    lang.pick("items", "barang")
                ),
                "1",
            ),
            LabelSource::Purchase(number) => (
                format!(
                    "{} {number} ({})",
                    lang.pick("Labels for", "Label untuk"),
                    lang.pick("empty copies: one per unit", "jumlah kosong: satu per unit")
                ),
                "",
            ),
        };
        let form = Form::new(title, FIELDS, &[copies.to_string(), "barcode".to_string(), layout.to_string()])
            .with_keys(form_keys(("next", "lanjut"), Some(("print", "cetak")), ("cancel", "batal")));
        LabelDialog { source, form }
    }

    fn print_action(&self) -> Action {
        Action::Labels(LabelsAction::Print {
            source: self.source.clone(),
            copies: self.form.value("copies"),
            kind: self.form.value("kind"),
            layout: self.form.value("layout"),
        })
    }

    /// Centred in `area`, as wide as it may be up to 70 columns.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let width = area.width.min(70);
        let height = self.form.wanted_height(width).min(area.height);
        let x = area.x + (area.width - width) / 2;
        self.form.render(frame, Rect { x, y: area.y, width, height }, theme, lang);
    }
}

/// The request the dialog's answers stand for; a bad copies count is refused.
fn request(shop: &Shop, source: &LabelSource, copies: &str, kind: &str) -> Result<LabelRequest, ServiceError> {
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

/// Print what the dialog asked for (`copies`, `kind`, `layout` as typed); what to tell the user.
pub fn print(
    shop: &mut Shop,
    actor: &Actor,
    source: &LabelSource,
    copies: &str,
    kind: &str,
    layout: &str,
    lang: Lang,
) -> Result<String, ServiceError> {
    let request = request(shop, source, copies, kind)?;
    shop.print_labels(actor, &request, layout, lang)
}
