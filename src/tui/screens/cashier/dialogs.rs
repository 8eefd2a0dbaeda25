//! The till's small dialogs: customer picker (F2), held sales (F4), one-line
//! prompts for discount (F8), price (F3) and manager PIN (F9).

use crossterm::event::{KeyCode, KeyEvent};

use super::payment::PaymentDialog;
use crate::domain::master::CustomerForm;
use crate::services::checkout::HeldSale;
use crate::store::customers::CustomerRow;
use crate::tui::action::{Action, CashierAction};
use crate::tui::i18n::Lang;
use crate::tui::widgets::form::{FieldKind, FieldSpec, Form, FormOutcome, text};
use crate::tui::widgets::input::TextInput;

pub enum Dialog {
    Customer(CustomerPicker),
    Held {
        sales: Vec<HeldSale>,
        selected: usize,
    },
    /// WhatsApp orders (F10), with the instant they were listed (for their age).
    Orders {
        orders: Vec<crate::services::assistant::OpenOrder>,
        listed_at: i64,
        selected: usize,
    },
    Prompt(TextPrompt),
    Payment(PaymentDialog),
    History(super::history::HistoryDialog),
    /// The finished sale's receipt; the next key starts a new sale.
    Receipt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Discount,
    Price,
    Pin,
    OpenShift,
    CloseShift,
}

pub struct TextPrompt {
    pub kind: PromptKind,
    pub input: TextInput,
    /// Discount: the whole sale rather than the selected line.
    pub whole_sale: bool,
    pub title: &'static str,
    pub hint: &'static str,
    pub error: Option<String>,
    /// PIN: what the approval is asked for.
    pub covers: Vec<String>,
}

impl TextPrompt {
    pub fn discount(lang: Lang) -> TextPrompt {
        TextPrompt {
            kind: PromptKind::Discount,
            input: TextInput::default(),
            whole_sale: false,
            title: lang.pick(" Discount (F8) ", " Diskon (F8) "),
            hint: lang.pick("5000 or 10% · Tab line/sale · Enter", "5000 atau 10% · Tab baris/nota · Enter"),
            error: None,
            covers: Vec::new(),
        }
    }

    pub fn price(current: &str, lang: Lang) -> TextPrompt {
        TextPrompt {
            kind: PromptKind::Price,
            input: TextInput::new(current),
            whole_sale: false,
            title: lang.pick(" Price of the line (F3) ", " Harga baris (F3) "),
            hint: lang.pick("Needs a manager (F9) · Enter", "Perlu manajer (F9) · Enter"),
            error: None,
            covers: Vec::new(),
        }
    }

    pub fn open_shift(lang: Lang) -> TextPrompt {
        TextPrompt {
            kind: PromptKind::OpenShift,
            input: TextInput::default(),
            whole_sale: false,
            title: lang.pick(" Open shift: cash in the drawer ", " Buka shift: uang awal di laci "),
            hint: lang.pick("Opening float, e.g. 200000 · Enter", "Uang awal, mis. 200000 · Enter"),
            error: None,
            covers: Vec::new(),
        }
    }

    pub fn close_shift(lang: Lang) -> TextPrompt {
        TextPrompt {
            kind: PromptKind::CloseShift,
            input: TextInput::default(),
            whole_sale: false,
            title: lang.pick(" Close shift: count the cash ", " Tutup shift: hitung uang "),
            hint: lang.pick("Cash counted in the drawer · Enter", "Uang yang dihitung di laci · Enter"),
            error: None,
            covers: Vec::new(),
        }
    }

    pub fn pin(covers: Vec<String>, lang: Lang) -> TextPrompt {
        TextPrompt {
            kind: PromptKind::Pin,
            input: TextInput::masked(),
            whole_sale: false,
            title: lang.pick(" Manager approval (F9) ", " Persetujuan manajer (F9) "),
            hint: lang.pick("Manager or owner PIN · Enter", "PIN manajer/pemilik · Enter"),
            error: None,
            covers,
        }
    }
}

/// What an approval covers, as the cashier reads it.
pub fn covers_label(covers: &[String], lang: Lang) -> String {
    let shown: Vec<&str> =
        covers
            .iter()
            .map(|c| {
                if c == crate::services::checkout::RETURN_EXCEPTION {
                    lang.pick("a return", "retur")
                } else {
                    c.as_str()
                }
            })
            .collect();
    shown.join(", ")
}

const QUICK_CUSTOMER: &[FieldSpec] = &[
    text("name", "Name", "Nama"),
    text("phone", "Phone (08…)", "Telepon (08…)"),
    FieldSpec {
        name: "wa_opt_in",
        en: "WhatsApp receipts",
        id: "Struk via WhatsApp",
        kind: FieldKind::Choice(&["no", "yes"]),
    },
];

#[derive(Default)]
pub struct CustomerPicker {
    pub input: TextInput,
    pub results: Vec<CustomerRow>,
    /// 0 is "no customer"; 1.. are the results.
    pub selected: usize,
    pub creating: Option<Form>,
    pub error: Option<String>,
    pub closed: bool,
}

impl CustomerPicker {
    pub fn set_results(&mut self, rows: Vec<CustomerRow>) {
        self.results = rows;
        self.selected = if self.results.is_empty() || self.input.is_empty() { 0 } else { 1 };
    }

    pub fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        self.error = None;
        if let Some(form) = &mut self.creating {
            return match form.handle_key(key) {
                FormOutcome::Continue => None,
                FormOutcome::Cancel => {
                    self.creating = None;
                    None
                }
                FormOutcome::Submit => Some(Action::Cashier(CashierAction::QuickCreateCustomer(CustomerForm {
                    name: form.value("name"),
                    phone: form.value("phone"),
                    wa_opt_in: form.value("wa_opt_in"),
                    ..Default::default()
                }))),
            };
        }
        match key.code {
            KeyCode::Esc => self.closed = true,
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(self.results.len()),
            KeyCode::Enter => {
                let id = self.selected.checked_sub(1).and_then(|i| self.results.get(i)).map(|c| c.id);
                return Some(Action::Cashier(CashierAction::AttachCustomer(id)));
            }
            KeyCode::Insert | KeyCode::F(2) => {
                let title = lang.pick("New customer", "Pelanggan baru").to_string();
                let mut form = Form::new(title, QUICK_CUSTOMER, &[]);
                // What was typed is most likely the name (or the phone, if digits).
                let typed = self.input.value().trim();
                let field = if typed.chars().any(|c| c.is_ascii_alphabetic()) { 0 } else { 1 };
                form.set_value(field, typed);
                self.creating = Some(form);
            }
            _ => {
                if self.input.handle(key) {
                    return Some(Action::Cashier(CashierAction::FindCustomers(self.input.value().to_string())));
                }
            }
        }
        None
    }
}
