//! The Purchases screen's dialogs: what each key does in them, and turning what was
//! typed into a line or a purchase request.

use crossterm::event::{KeyCode, KeyEvent};
use jiff::civil::Date;

use super::{DraftLine, ENTER, ESC, PAY_ON_RECEIPT, PurchaseKey, PurchasesScreen};
use crate::domain::cart::CartItem;
use crate::domain::{Money, Qty};
use crate::services::purchases::{PurchaseLineInput, PurchaseRequest};
use crate::store::items::ItemRow;
use crate::store::purchases::ReceivedLine;
use crate::store::suppliers::SupplierRow;
use crate::tui::action::{Action, PurchasesAction};
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, MOVE, UP_DOWN, key, press, typed};
use crate::tui::screens::View;
use crate::tui::widgets::debts::PayForm;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::move_selection;

pub(super) enum Dialog {
    Supplier {
        filter: TextInput,
        rows: Vec<SupplierRow>,
        selected: usize,
    },
    Items {
        rows: Vec<ItemRow>,
        selected: usize,
        packs: Qty,
    },
    Line {
        line: DraftLine,
        editing: Option<usize>,
        qty: TextInput,
        cost: TextInput,
        on_cost: bool,
    },
    CreateItem {
        code: String,
        name: TextInput,
        price: TextInput,
        on_price: bool,
    },
    Finish {
        invoice: TextInput,
        date: TextInput,
        method: usize,
        due: TextInput,
        focus: usize,
    },
    Pay {
        supplier_id: i64,
        payable_id: Option<i64>,
        form: PayForm,
    },
    Statement {
        lines: Vec<String>,
        scroll: u16,
    },
    Return {
        number: String,
        lines: Vec<ReceivedLine>,
        selected: usize,
        qty: TextInput,
        reason: TextInput,
        on_reason: bool,
    },
}

const CLOSE: Key<PurchaseKey> = key("Esc", ESC, PurchaseKey::Close, "cancel", "batal");

const SUPPLIER_KEYS: &[Key<PurchaseKey>] = &[
    typed("", "type to filter", "ketik untuk menyaring").hint("type to filter", "ketik untuk menyaring"),
    key("↑/↓", UP_DOWN, PurchaseKey::Move, "choose (the last: a new supplier)", "pilih (terakhir: pemasok baru)")
        .hint("", ""),
    key("Enter", ENTER, PurchaseKey::Pick, "take it (or create the new one)", "ambil (atau buat yang baru)").hint("", ""),
    CLOSE,
];

/// Said in the dialog's title.
pub(super) const ITEM_KEYS: &[Key<PurchaseKey>] = &[
    key("↑/↓", UP_DOWN, PurchaseKey::Move, "choose an item", "pilih barang"),
    key("Enter", ENTER, PurchaseKey::Pick, "take it", "ambil").hint("", ""),
    CLOSE,
];

/// Between the two fields of a line or a new item.
const NEXT_FIELD: Key<PurchaseKey> =
    key("Tab", &[press(KeyCode::Tab)], PurchaseKey::Field, "next field", "kolom berikut").hint("next field", "kolom berikut");
const OTHER_FIELD: Key<PurchaseKey> = key("↑/↓", UP_DOWN, PurchaseKey::Field, "the other field", "kolom lain");

const LINE_DIALOG_KEYS: &[Key<PurchaseKey>] = &[
    NEXT_FIELD,
    OTHER_FIELD,
    key("Enter", ENTER, PurchaseKey::Submit, "add the line", "tambah baris").hint("add", "tambah"),
    CLOSE.hint("cancel", "batal"),
];

const CREATE_ITEM_KEYS: &[Key<PurchaseKey>] = &[
    NEXT_FIELD,
    OTHER_FIELD,
    key("Enter", ENTER, PurchaseKey::Submit, "create the item", "buat barang").hint("create", "buat"),
    CLOSE.hint("cancel", "batal"),
];

const FINISH_KEYS: &[Key<PurchaseKey>] = &[
    key("↑/↓", UP_DOWN, PurchaseKey::Field, "field", "kolom").hint("field", "kolom"),
    key("Tab", &[press(KeyCode::Tab)], PurchaseKey::Method, "cash, transfer or credit", "tunai, transfer atau kredit")
        .hint("payment", "pembayaran"),
    key("Enter", ENTER, PurchaseKey::Submit, "receive the goods", "terima barang").hint("receive", "terima"),
    CLOSE,
];

/// Statement's title.
pub(super) const STATEMENT_KEYS: &[Key<PurchaseKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, PurchaseKey::Move, "scroll", "gulir").hint("", ""),
    key("Esc", ESC, PurchaseKey::Close, "close", "tutup").hint("", ""),
];

/// A return with the quantity in focus: the arrows choose the item.
const RETURN_ITEM_KEYS: &[Key<PurchaseKey>] =
    &[key("↑/↓", UP_DOWN, PurchaseKey::Move, "choose the item", "pilih barang").hint("item", "barang")];

const RETURN_KEYS: &[Key<PurchaseKey>] = &[
    key("Tab", &[press(KeyCode::Tab)], PurchaseKey::Field, "quantity or reason", "jumlah atau alasan")
        .hint("reason", "alasan"),
    key("Enter", ENTER, PurchaseKey::Submit, "return it to the supplier", "retur ke pemasok").hint("return", "retur"),
    CLOSE,
];

impl Dialog {
    /// Its keys as it stands; the pay dialog's form has its own (`PAY_KEYS`).
    pub(super) fn keys(&self) -> Vec<Key<PurchaseKey>> {
        let parts: &[&[Key<PurchaseKey>]] = match self {
            Dialog::Supplier { .. } => &[SUPPLIER_KEYS],
            Dialog::Items { .. } => &[ITEM_KEYS],
            Dialog::Line { .. } => &[LINE_DIALOG_KEYS],
            Dialog::CreateItem { .. } => &[CREATE_ITEM_KEYS],
            Dialog::Finish { .. } => &[FINISH_KEYS],
            Dialog::Pay { .. } => &[&[CLOSE]],
            Dialog::Statement { .. } => &[STATEMENT_KEYS],
            Dialog::Return { on_reason: false, .. } => &[RETURN_ITEM_KEYS, RETURN_KEYS],
            Dialog::Return { on_reason: true, .. } => &[RETURN_KEYS],
        };
        parts.iter().flat_map(|part| part.iter()).copied().collect()
    }
}

impl PurchasesScreen {
    /// Keys while a dialog is open (`command`: what its table says the key does); the
    /// dialog was taken out and is put back unless the key closed it.
    pub(super) fn dialog_key(
        &mut self,
        mut dialog: Dialog,
        command: Option<PurchaseKey>,
        key: &KeyEvent,
        lang: Lang,
    ) -> Option<Action> {
        if command == Some(PurchaseKey::Close) {
            return None;
        }
        let mut action = None;
        match &mut dialog {
            Dialog::Supplier { filter, rows, selected } => match command {
                Some(PurchaseKey::Move) => *selected = move_selection(*selected, rows.len() + 1, key.code),
                Some(PurchaseKey::Pick) => match rows.get(*selected) {
                    Some(row) => {
                        self.supplier = Some((row.id, row.data.name.clone()));
                        return None;
                    }
                    None if !filter.value().trim().is_empty() => {
                        action = Some(PurchasesAction::QuickCreateSupplier(filter.value().trim().to_string()));
                    }
                    None => {}
                },
                Some(_) => {}
                None => {
                    if filter.handle(key) {
                        action = Some(PurchasesAction::FindSuppliers(filter.value().to_string()));
                    }
                }
            },
            Dialog::Items { rows, selected, packs } => match command {
                Some(PurchaseKey::Move) => *selected = move_selection(*selected, rows.len(), key.code),
                Some(PurchaseKey::Pick) => {
                    let row = rows.get(*selected)?;
                    let item = CartItem {
                        item_id: row.id,
                        sku: row.data.sku.clone(),
                        name: row.data.name.clone(),
                        unit: row.data.unit.clone(),
                        prices: row.data.prices,
                        cost: row.data.cost,
                        on_hand: row.on_hand,
                    };
                    self.item_found(item, Qty::ONE, *packs);
                    return None;
                }
                _ => {}
            },
            Dialog::Line { line, editing, qty, cost, on_cost } => match command {
                Some(PurchaseKey::Field) => *on_cost = !*on_cost,
                Some(PurchaseKey::Submit) => match read_line(qty.value(), cost.value(), lang) {
                    Ok((packs, pack_cost)) => {
                        let line = DraftLine { packs, pack_cost, ..line.clone() };
                        match editing {
                            Some(index) if *index < self.lines.len() => self.lines[*index] = line,
                            _ => {
                                self.lines.push(line);
                                self.selected = self.lines.len() - 1;
                            }
                        }
                        self.notice = None;
                        return None;
                    }
                    Err(e) => {
                        // What was refused stays in view, selected: the next scan or
                        // number replaces it instead of being appended.
                        let field = if *on_cost { cost } else { qty };
                        let typed = field.value().to_string();
                        field.prefill(&typed);
                        self.show(Notice::Error, e)
                    }
                },
                Some(_) => {}
                None if *on_cost => {
                    cost.handle(key);
                }
                None => {
                    qty.handle(key);
                }
            },
            Dialog::CreateItem { code, name, price, on_price } => match command {
                Some(PurchaseKey::Field) => *on_price = !*on_price,
                Some(PurchaseKey::Submit) => {
                    action = Some(PurchasesAction::QuickCreateItem {
                        code: code.clone(),
                        name: name.value().to_string(),
                        price: price.value().to_string(),
                    })
                }
                Some(_) => {}
                None if *on_price => {
                    price.handle(key);
                }
                None => {
                    name.handle(key);
                }
            },
            Dialog::Finish { invoice, date, method, due, focus } => match command {
                Some(PurchaseKey::Method) => {
                    *method = (*method + 1) % PAY_ON_RECEIPT.len();
                    *focus = (*focus).min(finish_fields(*method) - 1);
                }
                Some(PurchaseKey::Field) if key.code == KeyCode::Down => *focus = (*focus + 1) % finish_fields(*method),
                Some(PurchaseKey::Field) => *focus = (*focus + finish_fields(*method) - 1) % finish_fields(*method),
                Some(PurchaseKey::Submit) => match self.request(invoice.value(), date.value(), *method, due.value(), lang) {
                    Ok(request) => action = Some(PurchasesAction::Receive(request)),
                    Err(e) => self.show(Notice::Error, e),
                },
                Some(_) => {}
                None => {
                    [invoice, date, due][*focus].handle(key);
                }
            },
            Dialog::Pay { supplier_id, payable_id, form } => match form.handle_key(key) {
                Some(Ok(paid)) => {
                    action = Some(PurchasesAction::Pay {
                        supplier_id: *supplier_id,
                        payable_id: *payable_id,
                        amount: paid.amount,
                        method: paid.method,
                        reference: paid.reference,
                    })
                }
                Some(Err(e)) => {
                    self.show(Notice::Error, format!("{}: {}", lang.pick("Amount", "Jumlah"), e.text(lang)))
                }
                None => {}
            },
            Dialog::Statement { lines, scroll } => {
                let last = lines.len().saturating_sub(1) as u16;
                *scroll = match key.code {
                    KeyCode::Up => scroll.saturating_sub(1),
                    KeyCode::Down => scroll.saturating_add(1).min(last),
                    KeyCode::PageUp => scroll.saturating_sub(10),
                    KeyCode::PageDown => scroll.saturating_add(10).min(last),
                    KeyCode::Home => 0,
                    KeyCode::End => last.saturating_sub(10),
                    _ => *scroll,
                };
            }
            Dialog::Return { number, lines, selected, qty, reason, on_reason } => match command {
                Some(PurchaseKey::Move) => *selected = move_selection(*selected, lines.len(), key.code),
                Some(PurchaseKey::Field) => *on_reason = !*on_reason,
                Some(PurchaseKey::Submit) => {
                    let line = lines.get(*selected)?;
                    match Qty::parse(qty.value()) {
                        Ok(q) if q > Qty::ZERO => {
                            action = Some(PurchasesAction::Return {
                                number: number.clone(),
                                lines: vec![(line.item_id, q)],
                                reason: reason.value().to_string(),
                            })
                        }
                        Ok(_) => self.show(
                            Notice::Error,
                            lang.pick("Quantity must be more than 0", "Jumlah harus lebih dari 0").into(),
                        ),
                        Err(e) => {
                            self.show(Notice::Error, format!("{}: {}", lang.pick("Quantity", "Jumlah"), e.text(lang)))
                        }
                    }
                }
                Some(_) => {}
                None if *on_reason => {
                    reason.handle(key);
                }
                None => {
                    qty.handle(key);
                }
            },
        }
        self.dialog = Some(dialog);
        action.map(Action::Purchases)
    }

    fn request(
        &self,
        invoice: &str,
        date: &str,
        method: usize,
        due: &str,
        lang: Lang,
    ) -> Result<PurchaseRequest, String> {
        let invoice_date = date
            .trim()
            .parse::<Date>()
            .map_err(|_| format!("{}: '{date}' (YYYY-MM-DD)", lang.pick("Invoice date", "Tanggal faktur")))?;
        let due_date = match due.trim() {
            "" => None,
            text => Some(
                text.parse::<Date>()
                    .map_err(|_| format!("{}: '{text}' (YYYY-MM-DD)", lang.pick("Due date", "Jatuh tempo")))?,
            ),
        };
        let (supplier_id, _) = self.supplier.clone().ok_or_else(|| lang.pick("Pick the supplier", "Pilih pemasok"))?;
        Ok(PurchaseRequest {
            supplier_id,
            supplier_invoice: invoice.trim().to_string(),
            invoice_date,
            lines: self
                .lines
                .iter()
                .map(|l| PurchaseLineInput {
                    item_id: l.item_id,
                    packs: l.packs,
                    pack_factor: l.factor,
                    pack_cost: l.pack_cost,
                })
                .collect(),
            payment: PAY_ON_RECEIPT[method],
            due_date,
        })
    }
}

/// The finish dialog's fields: invoice number and date, and the due date when bought
/// on credit (it is hidden otherwise).
fn finish_fields(method: usize) -> usize {
    if PAY_ON_RECEIPT[method] == crate::domain::PaymentMethod::Credit { 3 } else { 2 }
}

/// Quantity and cost of a line as typed: both must be more than 0, the quantity
/// within a line's bound, and a scanner's burst in the quantity is no quantity.
fn read_line(qty: &str, cost: &str, lang: Lang) -> Result<(Qty, Money), String> {
    if crate::domain::barcode::looks_scanned(qty) {
        let said = lang.pick("That was a scan, not a quantity:", "Itu hasil scan, bukan jumlah:");
        return Err(format!("{said} {} · {}", qty.trim(), lang.pick("type how many", "ketik jumlahnya")));
    }
    let packs = Qty::parse(qty).map_err(|e| format!("{}: {}", lang.pick("Quantity", "Jumlah"), e.text(lang)))?;
    if packs <= Qty::ZERO {
        return Err(lang.pick("Quantity must be more than 0", "Jumlah harus lebih dari 0").into());
    }
    if crate::domain::cart::check_qty(packs).is_err() {
        return Err(super::too_many(packs, lang));
    }
    let cost = Money::parse(cost).map_err(|e| format!("{}: {}", lang.pick("Cost", "Harga beli"), e.text(lang)))?;
    if cost <= Money::ZERO {
        return Err(lang.pick("Cost must be more than 0", "Harga beli harus lebih dari 0").into());
    }
    Ok((packs, cost))
}
