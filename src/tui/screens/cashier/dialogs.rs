//! The till's small dialogs: customer picker (F2), held sales (F4), one-line
//! prompts for discount (F8), price (F3) and manager PIN (F9).

use crossterm::event::{KeyCode, KeyEvent};

use super::payment::PaymentDialog;
use crate::domain::cart::Exception;
use crate::domain::master::CustomerForm;
use crate::services::checkout::HeldSale;
use crate::store::customers::CustomerRow;
use crate::tui::action::{Action, CashierAction};
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, KeyHelp, Press, UP_DOWN, help, key, lookup, press, typed};
use crate::tui::widgets::form::{FieldSpec, Form, FormOutcome, YES_NO, choice, text};
use crate::tui::widgets::input::TextInput;

const ENTER: &[Press] = &[press(KeyCode::Enter)];
const ESC: &[Press] = &[press(KeyCode::Esc)];

/// What the keys of the till's lists do (held sales, WhatsApp orders, customers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKey {
    Move,
    Pick,
    /// A new customer (the picker).
    New,
    Close,
}

pub const HELD_KEYS: &[Key<ListKey>] = &[
    key("↑/↓", UP_DOWN, ListKey::Move, "choose a held sale", "pilih penjualan"),
    key("Enter", ENTER, ListKey::Pick, "resume it", "lanjutkan").hint("resume", "lanjutkan"),
    key("Esc", ESC, ListKey::Close, "back", "kembali").hint("", ""),
];

pub const ORDER_KEYS: &[Key<ListKey>] = &[
    key("↑/↓", UP_DOWN, ListKey::Move, "choose an order", "pilih pesanan"),
    key("Enter", ENTER, ListKey::Pick, "ring it up at the till", "proses di kasir").hint("ring up", "proses"),
    key("Esc", ESC, ListKey::Close, "back", "kembali").hint("", ""),
];

pub const PICKER_KEYS: &[Key<ListKey>] = &[
    typed("", "Type name/phone/code", "Ketik nama/telp/kode").hint("Type name/phone/code", "Ketik nama/telp/kode"),
    key("↑/↓", UP_DOWN, ListKey::Move, "choose (the first: no customer)", "pilih (pertama: tanpa pelanggan)"),
    key("Enter", ENTER, ListKey::Pick, "attach to the sale", "pasang ke nota").hint("pick", "pilih"),
    key("Ins", &[press(KeyCode::Insert), press(KeyCode::F(2))], ListKey::New, "new customer", "pelanggan baru")
        .hint("new", "baru"),
    key("Esc", ESC, ListKey::Close, "back", "kembali").hint("", ""),
];

/// What the keys of a one-line prompt do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKey {
    Submit,
    Back,
    /// Discount: the selected line or the whole sale.
    Scope,
}

const DISCOUNT_KEYS: &[Key<PromptKey>] = &[
    typed("", "5000 or 10%", "5000 atau 10%").hint("5000 or 10%", "5000 atau 10%"),
    key("Tab", &[press(KeyCode::Tab)], PromptKey::Scope, "the line or the whole sale", "baris atau seluruh nota")
        .hint("line/sale", "baris/nota"),
    key("Enter", ENTER, PromptKey::Submit, "apply", "terapkan").hint("", ""),
    key("Esc", ESC, PromptKey::Back, "back", "kembali"),
];

const PRICE_KEYS: &[Key<PromptKey>] = &[
    typed("", "Needs a manager's PIN", "Perlu PIN manajer").hint("Needs a manager's PIN", "Perlu PIN manajer"),
    key("Enter", ENTER, PromptKey::Submit, "use the price", "pakai harga").hint("", ""),
    key("Esc", ESC, PromptKey::Back, "back", "kembali"),
];

const OPEN_SHIFT_KEYS: &[Key<PromptKey>] = &[
    typed("", "Opening float, e.g. 200000", "Uang awal, mis. 200000")
        .hint("Opening float, e.g. 200000", "Uang awal, mis. 200000"),
    key("Enter", ENTER, PromptKey::Submit, "open the shift", "buka shift").hint("", ""),
    key("Esc", ESC, PromptKey::Back, "back", "kembali"),
];

const CLOSE_SHIFT_KEYS: &[Key<PromptKey>] = &[
    typed("", "Cash counted in the drawer", "Uang yang dihitung di laci")
        .hint("Cash counted in the drawer", "Uang yang dihitung di laci"),
    key("Enter", ENTER, PromptKey::Submit, "close the shift", "tutup shift").hint("", ""),
    key("Esc", ESC, PromptKey::Back, "back", "kembali"),
];

const PIN_KEYS: &[Key<PromptKey>] = &[
    typed("", "Manager or owner PIN", "PIN manajer/pemilik").hint("Manager or owner PIN", "PIN manajer/pemilik"),
    key("Enter", ENTER, PromptKey::Submit, "approve", "setujui").hint("", ""),
    key("Esc", ESC, PromptKey::Back, "back", "kembali"),
];

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
    /// Its keys; the hint under the input is drawn from them.
    pub keys: &'static [Key<PromptKey>],
    pub error: Option<String>,
    /// PIN: what the approval is asked for.
    pub covers: Vec<Exception>,
}

impl TextPrompt {
    pub fn discount(lang: Lang) -> TextPrompt {
        TextPrompt {
            kind: PromptKind::Discount,
            input: TextInput::default(),
            whole_sale: false,
            title: lang.pick(" Discount (F8) ", " Diskon (F8) "),
            keys: DISCOUNT_KEYS,
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
            keys: PRICE_KEYS,
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
            keys: OPEN_SHIFT_KEYS,
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
            keys: CLOSE_SHIFT_KEYS,
            error: None,
            covers: Vec::new(),
        }
    }

    pub fn pin(covers: Vec<Exception>, lang: Lang) -> TextPrompt {
        TextPrompt {
            kind: PromptKind::Pin,
            input: TextInput::masked(),
            whole_sale: false,
            title: lang.pick(" Manager approval (F9) ", " Persetujuan manajer (F9) "),
            keys: PIN_KEYS,
            error: None,
            covers,
        }
    }
}

/// What an approval covers, as the cashier reads it.
pub fn covers_label(covers: &[Exception], lang: Lang) -> String {
    covers.iter().map(|c| c.text(lang)).collect::<Vec<_>>().join(", ")
}

const QUICK_CUSTOMER: &[FieldSpec] = &[
    text("name", "Name", "Nama"),
    text("phone", "Phone (08…)", "Telepon (08…)"),
    choice("wa_opt_in", "WhatsApp receipts", "Struk via WhatsApp", YES_NO),
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
    /// Its keys as they stand, for F1.
    pub fn keys(&self) -> Vec<KeyHelp> {
        match &self.creating {
            Some(form) => form.keys(),
            None => help(PICKER_KEYS),
        }
    }

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
        match lookup(PICKER_KEYS, key) {
            Some(ListKey::Close) => self.closed = true,
            Some(ListKey::Move) if key.code == KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            Some(ListKey::Move) => self.selected = (self.selected + 1).min(self.results.len()),
            Some(ListKey::Pick) => {
                let id = self.selected.checked_sub(1).and_then(|i| self.results.get(i)).map(|c| c.id);
                return Some(Action::Cashier(CashierAction::AttachCustomer(id)));
            }
            Some(ListKey::New) => {
                let title = lang.pick("New customer", "Pelanggan baru").to_string();
                let mut form = Form::new(title, QUICK_CUSTOMER, &[]);
                // What was typed is most likely the name (or the phone, if digits).
                let typed = self.input.value().trim();
                let field = if typed.chars().any(|c| c.is_ascii_alphabetic()) { 0 } else { 1 };
                form.set_value(field, typed);
                self.creating = Some(form);
            }
            None => {
                if self.input.handle(key) {
                    return Some(Action::Cashier(CashierAction::FindCustomers(self.input.value().to_string())));
                }
            }
        }
        None
    }
}
