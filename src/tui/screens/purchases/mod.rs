//! Purchases (Alt+3): receive a supplier's invoice, see and pay what is owed to
//! suppliers, and send goods back. Three views, `Tab` cycles them:
//!
//! - Receive: `F2` picks (or quick-creates) the supplier; scan or type a code
//!   (`2*CODE` for two packs) or a name, then confirm quantity and cost per pack;
//!   an unknown code offers to create the item. `Enter` on an empty input edits the
//!   selected line, `Del` removes it, `F12` finishes: supplier invoice, date, cash /
//!   transfer / credit (with a due date).
//! - Payables: suppliers owed, aged; `Enter` their open invoices, `p` pay (all or
//!   part, the selected invoice or oldest first), `s` statement.
//! - History: recent purchases; `r` returns goods of the selected one.

mod action;
pub use action::PurchasesAction;

mod controller;
mod dialogs;
mod render;

use crossterm::event::{KeyCode, KeyEvent};
use jiff::civil::Date;

use crate::domain::cart::CartItem;
use crate::domain::{Money, MoneyError, PaymentMethod, Qty};
use crate::services::payables::{OpenPayable, PurchaseRef, SupplierPayable, SupplierStatement};
use crate::services::purchases::ReceivedPurchase;
use crate::store::items::ItemRow;
use crate::store::purchases::{PurchaseRow, ReceivedLine};
use crate::store::suppliers::SupplierRow;
use crate::tui::action::{Action, LabelSource, LabelsAction};
use crate::tui::i18n::Lang;
use crate::tui::screens::View as ScreenView;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, MOVE, Press, SWITCH_TAB, chr, help, key, lookup, press, typed};
use crate::tui::widgets::debts::{DebtLists, PAY_KEYS, PayForm};
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::input::split_quantity;
use crate::tui::widgets::label_dialog::{self, LabelDialog};
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::move_selection;
use dialogs::Dialog;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Receive,
    Payables,
    History,
}

const PAY_ON_RECEIPT: [PaymentMethod; 3] = [PaymentMethod::Cash, PaymentMethod::Transfer, PaymentMethod::Credit];

/// What the keys of Purchases do, in its views and its dialogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PurchaseKey {
    /// The next view, or the previous one (Shift+Tab).
    SwitchView,
    Supplier,
    Finish,
    /// Labels for the purchase just received (Receive) or the selected one (History).
    Labels,
    Move,
    EditLine,
    RemoveLine,
    /// Add what is typed: a code, or a name to search.
    Add,
    /// A supplier's open invoices.
    Open,
    Pay,
    Statement,
    /// Back from a supplier's invoices to everyone.
    Back,
    Return,
    /// Take the item or supplier chosen in a dialog.
    Pick,
    /// A dialog's next (or other) field.
    Field,
    /// The finish dialog's way of paying.
    Method,
    /// Submit a dialog: the line, the new item, the purchase, the return.
    Submit,
    Close,
}

const ENTER: &[Press] = &[press(KeyCode::Enter)];
const ESC: &[Press] = &[press(KeyCode::Esc)];

/// Its label alone ends the view bar.
const SWITCH_KEYS: &[Key<PurchaseKey>] = &[key(
    "Tab / Shift+Tab",
    SWITCH_TAB,
    PurchaseKey::SwitchView,
    "receive · payables · history",
    "terima · utang · riwayat",
)
.hint("", "")];

const RECEIVE_KEYS: &[Key<PurchaseKey>] = &[
    typed("2*CODE", "two packs of a code; a name searches", "dua kemasan; nama untuk mencari"),
    key("F2", &[press(KeyCode::F(2))], PurchaseKey::Supplier, "pick or create the supplier", "pilih atau buat pemasok"),
    // Home and End move in what is typed.
    key(
        "↑/↓ PgUp/PgDn",
        &[press(KeyCode::Up), press(KeyCode::Down), press(KeyCode::PageUp), press(KeyCode::PageDown)],
        PurchaseKey::Move,
        "select a line",
        "pilih baris",
    ),
    key(
        "F12",
        &[press(KeyCode::F(12))],
        PurchaseKey::Finish,
        "finish: invoice, date, cash or credit",
        "selesai: faktur, tanggal, tunai atau kredit",
    )
    .hint("finish", "selesai"),
];

/// Nothing typed, lines to receive: the selected one.
const LINE_KEYS: &[Key<PurchaseKey>] = &[
    key("Enter", ENTER, PurchaseKey::EditLine, "edit the selected line", "ubah baris terpilih"),
    key("Del", &[press(KeyCode::Delete)], PurchaseKey::RemoveLine, "remove the selected line", "hapus baris terpilih"),
];

/// Something typed.
const TYPING_KEYS: &[Key<PurchaseKey>] =
    &[key("Enter", ENTER, PurchaseKey::Add, "add the code, or search the name", "tambah kode, atau cari nama")];

/// No lines since a purchase was received. A function key: letters belong to the input.
const RECEIVED_KEYS: &[Key<PurchaseKey>] = &[key(
    "F9",
    &[press(KeyCode::F(9))],
    PurchaseKey::Labels,
    "labels for what was just received",
    "label untuk yang baru diterima",
)
.hint("print labels for it", "cetak label untuknya")];

const PAY_KEY: Key<PurchaseKey> = key(
    "p",
    &[chr('p')],
    PurchaseKey::Pay,
    "pay the supplier (all, oldest first; in their invoices: the selected one)",
    "bayar pemasok (semua, terlama dulu; di fakturnya: yang terpilih)",
)
.hint("pay", "bayar");

const STATEMENT_KEY: Key<PurchaseKey> =
    key("s", &[chr('s')], PurchaseKey::Statement, "the supplier's statement", "rekening koran pemasok");

/// Everyone owed; the hints end the list's header.
const SUPPLIERS_OWED_KEYS: &[Key<PurchaseKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, PurchaseKey::Move, "choose a supplier", "pilih pemasok"),
    key("Enter", ENTER, PurchaseKey::Open, "the supplier's open invoices", "faktur terbuka pemasok")
        .hint("detail", "rincian"),
    PAY_KEY,
    STATEMENT_KEY,
];

/// One supplier's open invoices; the hints end their header.
const OPEN_INVOICE_KEYS: &[Key<PurchaseKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, PurchaseKey::Move, "choose an invoice", "pilih faktur"),
    PAY_KEY,
    STATEMENT_KEY.hint("statement", "rekening"),
    key("Esc", ESC, PurchaseKey::Back, "back to all suppliers", "kembali ke semua pemasok"),
];

const HISTORY_KEYS: &[Key<PurchaseKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, PurchaseKey::Move, "choose a purchase", "pilih pembelian"),
    key("r", &[chr('r')], PurchaseKey::Return, "return goods of the purchase", "retur barang pembelian")
        .hint("return goods", "retur barang"),
    STATEMENT_KEY.hint("supplier statement", "rekening pemasok"),
    key("l", &[chr('l')], PurchaseKey::Labels, "labels for the purchase", "label untuk pembelian"),
];

/// A line of the purchase being received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLine {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub packs: Qty,
    /// Base units per pack (1 for a single unit).
    pub factor: Qty,
    pub pack_cost: Money,
}

impl DraftLine {
    fn total(&self) -> Money {
        self.pack_cost.times_qty(self.packs).unwrap_or(Money::ZERO)
    }
}

#[derive(Default)]
pub struct PurchasesScreen {
    /// The user may not buy stock: the screen says so and does nothing.
    pub denied: bool,
    view: View,
    today: Option<Date>,
    supplier: Option<(i64, String)>,
    input: TextInput,
    lines: Vec<DraftLine>,
    selected: usize,
    dialog: Option<Dialog>,
    payables: DebtLists<(), PurchaseRef>,
    history: Vec<PurchaseRow>,
    history_selected: usize,
    notice: Option<(Notice, String)>,
    /// The purchase just received: `l` prints labels for what came in.
    last_received: Option<String>,
    labels: Option<LabelDialog>,
}

fn load() -> Option<Action> {
    Some(Action::Purchases(PurchasesAction::Load))
}

impl PurchasesScreen {
    pub fn open(&mut self, today: Date, denied: bool) {
        self.today = Some(today);
        self.denied = denied;
    }

    pub fn view(&self) -> View {
        self.view
    }

    pub fn set_lists(&mut self, owed: Vec<SupplierPayable>, history: Vec<PurchaseRow>) {
        self.payables.set_parties(owed);
        self.history = history;
        self.history_selected = self.history_selected.min(self.history.len().saturating_sub(1));
    }

    pub fn suppliers_found(&mut self, found: Vec<SupplierRow>) {
        match &mut self.dialog {
            Some(Dialog::Supplier { rows, selected, .. }) => {
                *rows = found;
                *selected = 0;
            }
            _ => self.dialog = Some(Dialog::Supplier { filter: TextInput::default(), rows: found, selected: 0 }),
        }
    }

    pub fn set_supplier(&mut self, id: i64, name: String) {
        self.supplier = Some((id, name));
        self.dialog = None;
    }

    /// A code or pick resolved to an item: ask quantity and cost per pack, prefilled
    /// with `packs` and the item's cost times the pack size.
    pub fn item_found(&mut self, item: CartItem, factor: Qty, packs: Qty) {
        let pack_cost = item.cost.times_qty(factor).unwrap_or(item.cost);
        let line = DraftLine { item_id: item.item_id, sku: item.sku, name: item.name, packs, factor, pack_cost };
        self.input.clear();
        self.dialog = Some(Self::line_dialog(line, None));
    }

    fn line_dialog(line: DraftLine, editing: Option<usize>) -> Dialog {
        let (qty, cost) = (TextInput::new(&line.packs.decimal()), TextInput::new(&line.pack_cost.rupiah().to_string()));
        Dialog::Line { line, editing, qty, cost, on_cost: false }
    }

    pub fn items_found(&mut self, rows: Vec<ItemRow>, packs: Qty, code: &str, lang: Lang) {
        if rows.is_empty() {
            self.unknown_code(code, lang);
        } else {
            self.dialog = Some(Dialog::Items { rows, selected: 0, packs });
        }
    }

    /// No item has `code`: offer to create it right here.
    pub fn unknown_code(&mut self, code: &str, lang: Lang) {
        self.notice = Some((
            Notice::Error,
            format!(
                "{} '{code}' · {}",
                lang.pick("Unknown code", "Kode tidak dikenal"),
                lang.pick("create it?", "buat baru?")
            ),
        ));
        self.dialog = Some(Dialog::CreateItem {
            code: code.to_string(),
            name: TextInput::default(),
            price: TextInput::default(),
            on_price: false,
        });
    }

    pub fn received(&mut self, done: &ReceivedPurchase, lang: Lang) {
        self.lines.clear();
        self.selected = 0;
        self.dialog = None;
        let due = done.due_date.map(|d| format!(" · {} {d}", lang.pick("due", "jatuh tempo"))).unwrap_or_default();
        self.show(
            Notice::Info,
            format!(
                "{} {} · {}{due} · {}",
                lang.pick("Received", "Diterima"),
                done.number,
                done.total,
                hint_text(RECEIVED_KEYS, lang)
            ),
        );
        self.last_received = Some(done.number.clone());
    }

    /// Open the print-labels dialog with the remembered `layout`.
    pub fn ask_labels(&mut self, source: LabelSource, layout: &str, lang: Lang) {
        self.labels = Some(LabelDialog::new(source, layout, lang));
    }

    pub fn set_detail(&mut self, supplier_id: i64, name: String, rows: Vec<OpenPayable>) {
        self.payables.open(supplier_id, name, rows);
    }

    pub fn close_detail(&mut self) {
        self.payables.close();
    }

    pub fn supplier_in_view(&self) -> Option<i64> {
        self.payables.party_in_view()
    }

    pub fn paid(&mut self, text: String) {
        self.dialog = None;
        self.show(Notice::Info, text);
    }

    pub fn set_statement(&mut self, s: &SupplierStatement, lang: Lang) {
        let amount = |m: Money| if m == Money::ZERO { String::new() } else { m.grouped() };
        let mut lines = vec![
            format!("{} · {} – {}", s.name, s.from, s.to),
            format!(
                "{:<10} {:<32} {:>9} {:>9} {:>10}",
                lang.pick("Date", "Tanggal"),
                lang.pick("Number, what", "Nomor, keterangan"),
                lang.pick("Bought", "Beli"),
                lang.pick("Paid", "Bayar"),
                lang.pick("Owed", "Utang")
            ),
            format!("{:<43}{:>31}", lang.pick("Opening balance", "Saldo awal"), s.opening_balance.grouped()),
        ];
        for l in &s.lines {
            lines.push(format!(
                "{} {:<32.32} {:>9} {:>9} {:>10}",
                l.date,
                format!("{} {}", l.document, l.description),
                amount(l.added),
                amount(l.taken),
                l.balance.grouped()
            ));
        }
        lines.push(format!("{:<43}{:>31}", lang.pick("Closing balance", "Saldo akhir"), s.closing_balance.grouped()));
        self.dialog = Some(Dialog::Statement { lines, scroll: 0 });
    }

    pub fn returnable_loaded(&mut self, number: String, lines: Vec<ReceivedLine>) {
        self.dialog = Some(Dialog::Return {
            number,
            lines,
            selected: 0,
            qty: TextInput::default(),
            reason: TextInput::default(),
            on_reason: false,
        });
    }

    pub fn returned(&mut self, text: String) {
        self.dialog = None;
        self.show(Notice::Info, text);
    }

    fn receive_key(&mut self, command: Option<PurchaseKey>, key: &KeyEvent, lang: Lang) -> Option<Action> {
        match command {
            Some(PurchaseKey::Supplier) => {
                self.dialog = Some(Dialog::Supplier { filter: TextInput::default(), rows: Vec::new(), selected: 0 });
                return Some(Action::Purchases(PurchasesAction::FindSuppliers(String::new())));
            }
            Some(PurchaseKey::Finish) => return self.open_finish(lang),
            Some(PurchaseKey::Labels) => {
                let number = self.last_received.clone()?;
                return Some(Action::Labels(LabelsAction::Ask(LabelSource::Purchase(number))));
            }
            Some(PurchaseKey::Move) => self.selected = move_selection(self.selected, self.lines.len(), key.code),
            Some(PurchaseKey::RemoveLine) => {
                self.lines.remove(self.selected);
                self.selected = self.selected.min(self.lines.len().saturating_sub(1));
            }
            Some(PurchaseKey::EditLine) => {
                let line = self.lines.get(self.selected)?.clone();
                self.dialog = Some(Self::line_dialog(line, Some(self.selected)));
            }
            Some(PurchaseKey::Add) => {
                let text = self.input.value().trim().to_string();
                return match split_quantity(&text) {
                    Ok((packs, _)) if packs <= Qty::ZERO => {
                        self.show(
                            Notice::Error,
                            lang.pick("Quantity must be more than 0", "Jumlah harus lebih dari 0").into(),
                        );
                        None
                    }
                    Ok((packs, _)) if crate::domain::cart::check_qty(packs).is_err() => {
                        self.show(Notice::Error, too_many(packs, lang));
                        None
                    }
                    Ok((packs, code)) => {
                        Some(Action::Purchases(PurchasesAction::Scan { code: code.to_string(), packs }))
                    }
                    Err(e) => {
                        self.show(Notice::Error, e.text(lang));
                        None
                    }
                };
            }
            Some(_) => {}
            // Typing dismisses what was said; other keys leave it.
            None => {
                if self.input.handle(key) {
                    self.notice = None;
                }
            }
        }
        None
    }

    fn open_finish(&mut self, lang: Lang) -> Option<Action> {
        if self.supplier.is_none() {
            self.show(Notice::Error, lang.pick("Pick the supplier first (F2)", "Pilih pemasok dulu (F2)").into());
        } else if self.lines.is_empty() {
            self.show(Notice::Error, lang.pick("Add at least one item", "Tambahkan minimal satu barang").into());
        } else {
            let today = self.today.map(|d| d.to_string()).unwrap_or_default();
            self.dialog = Some(Dialog::Finish {
                invoice: TextInput::default(),
                date: TextInput::new(&today),
                method: 0,
                due: TextInput::default(),
                focus: 0,
            });
        }
        None
    }

    fn payables_key(&mut self, command: Option<PurchaseKey>, key: &KeyEvent) -> Option<Action> {
        self.notice = None;
        match command? {
            PurchaseKey::Move => self.payables.move_selection(key.code),
            PurchaseKey::Open => {
                let supplier_id = self.payables.selected_party()?;
                return Some(Action::Purchases(PurchasesAction::OpenPayables(supplier_id)));
            }
            PurchaseKey::Back => {
                self.payables.close();
                return load();
            }
            PurchaseKey::Pay => {
                // A supplier's invoices open: the selected one; else all, oldest first.
                let (supplier_id, total) = self.payables.party()?;
                let (payable_id, owed) = match self.payables.party_in_view() {
                    Some(_) => self.payables.item().map(|row| (Some(row.id), row.balance))?,
                    None => (None, total),
                };
                self.dialog = Some(Dialog::Pay { supplier_id, payable_id, form: PayForm::new(owed) });
            }
            PurchaseKey::Statement => {
                let (supplier_id, _) = self.payables.party()?;
                return Some(Action::Purchases(PurchasesAction::Statement(supplier_id)));
            }
            _ => {}
        }
        None
    }

    fn history_key(&mut self, command: Option<PurchaseKey>, key: &KeyEvent) -> Option<Action> {
        self.notice = None;
        let purchase = self.history.get(self.history_selected);
        match command? {
            PurchaseKey::Move => {
                self.history_selected = move_selection(self.history_selected, self.history.len(), key.code);
            }
            PurchaseKey::Return => {
                return Some(Action::Purchases(PurchasesAction::LoadReturnable(purchase?.number.clone())));
            }
            PurchaseKey::Statement => {
                return Some(Action::Purchases(PurchasesAction::Statement(purchase?.supplier_id)));
            }
            PurchaseKey::Labels => {
                return Some(Action::Labels(LabelsAction::Ask(LabelSource::Purchase(purchase?.number.clone()))));
            }
            _ => {}
        }
        None
    }

    /// The keys of what shows: a dialog's, else the view's as it stands.
    fn table(&self) -> Vec<Key<PurchaseKey>> {
        if self.denied {
            return Vec::new();
        }
        if let Some(dialog) = &self.dialog {
            return dialog.keys();
        }
        let view: &[&[Key<PurchaseKey>]] = match self.view {
            View::Receive => {
                let selected = match (self.input.is_empty(), self.lines.is_empty()) {
                    (false, _) => TYPING_KEYS,
                    (true, false) => LINE_KEYS,
                    (true, true) => &[],
                };
                let received = if self.lines.is_empty() && self.last_received.is_some() { RECEIVED_KEYS } else { &[] };
                &[RECEIVE_KEYS, selected, received]
            }
            View::Payables if self.payables.party_in_view().is_some() => &[OPEN_INVOICE_KEYS],
            View::Payables => &[SUPPLIERS_OWED_KEYS],
            View::History => &[HISTORY_KEYS],
        };
        SWITCH_KEYS.iter().chain(view.iter().flat_map(|part| part.iter())).copied().collect()
    }

    fn total(&self) -> Result<Money, MoneyError> {
        Money::checked_sum(self.lines.iter().map(DraftLine::total))
    }
}

/// A quantity above a line's bound, said with the bound.
fn too_many(packs: Qty, lang: Lang) -> String {
    let most = crate::domain::qty::MAX_LINE_QTY_UNITS;
    format!(
        "{} {packs} ({} {most})",
        lang.pick("Quantity not allowed:", "Jumlah tidak boleh:"),
        lang.pick("at most", "paling banyak")
    )
}

impl ScreenView for PurchasesScreen {
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        if self.denied {
            return None;
        }
        if let Some(outcome) = label_dialog::handle_open(&mut self.labels, key) {
            return outcome;
        }
        let command = lookup(&self.table(), key);
        if let Some(dialog) = self.dialog.take() {
            return self.dialog_key(dialog, command, key, lang);
        }
        if command == Some(PurchaseKey::SwitchView) {
            const VIEWS: [View; 3] = [View::Receive, View::Payables, View::History];
            let at = VIEWS.iter().position(|v| *v == self.view).unwrap_or(0);
            let step = if key.code == KeyCode::BackTab { VIEWS.len() - 1 } else { 1 };
            self.view = VIEWS[(at + step) % VIEWS.len()];
            self.notice = None;
            return load();
        }
        match self.view {
            View::Receive => self.receive_key(command, key, lang),
            View::Payables => self.payables_key(command, key),
            View::History => self.history_key(command, key),
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        if let Some(dialog) = &self.labels {
            return dialog.keys();
        }
        let form = match &self.dialog {
            Some(Dialog::Pay { .. }) => help(PAY_KEYS),
            _ => Vec::new(),
        };
        form.into_iter().chain(help(&self.table())).collect()
    }

    /// Typing somewhere: the app must not reload under it.
    fn is_editing(&self) -> bool {
        self.labels.is_some() || self.dialog.is_some() || !self.lines.is_empty() || !self.input.is_empty()
    }

    /// Nothing open: `Esc` leaves the module.
    fn at_rest(&self) -> bool {
        self.labels.is_none()
            && self.dialog.is_none()
            && self.payables.party_in_view().is_none()
            && self.input.is_empty()
    }

    fn show(&mut self, notice: Notice, text: String) {
        self.notice = Some((notice, text));
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        self.draw(frame, area, theme, lang);
    }
}
