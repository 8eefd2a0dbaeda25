//! The till (Alt+2). The input line always has focus: a code + Enter adds the item,
//! `3*CODE` adds three, other text searches names. With the input empty, `+`/`-`
//! change the selected line and Del removes it. Keys are a contract (DESIGN.md).

mod action;
pub use action::CashierAction;

mod controller;
mod dialogs;
mod history;
mod payment;
mod render;

use crossterm::event::{KeyCode, KeyEvent};

use self::dialogs::{CustomerPicker, Dialog, HELD_KEYS, ListKey, ORDER_KEYS, PromptKey, TextPrompt};
use self::history::{HistoryDialog, HistoryOutcome, ReturnDialog};
use self::payment::{PaymentDialog, PaymentOutcome};
use crate::domain::cart::{Cart, CartCustomer, CartItem, Discount, Exception};
use crate::domain::search::{NameIndex, SearchHit};
use crate::domain::{Money, PriceTier, Qty};
use crate::services::Actor;
use crate::services::checkout::{
    Approval, CheckoutRequest, CompletedSale, HeldApproval, HeldSale, OpenSale, Tender,
};
use crate::store::customers::CustomerRow;
use crate::store::recommend::Suggestion;
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::screens::View;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, UP_DOWN, chr, help, help_over, key, lookup, press, typed};
use crate::tui::widgets::table::move_selection;
use crate::tui::widgets::input::split_quantity;
use crate::tui::widgets::records::Notice;
use ratatui::Frame;
use ratatui::layout::Rect;

/// What the app hands the till when it opens.
pub struct TillSetup {
    pub tax_bp: i64,
    pub discount_limit_bp: i64,
    /// Cashiers need a manager's PIN for exceptions; managers approve themselves.
    pub needs_approval: bool,
    /// `stock.oversell = refuse`: a line may not go beyond what is in stock.
    pub refuse_oversell: bool,
    /// The shop's static QRIS (`qris.payload`), shown as a QR for each amount.
    pub qris: Option<crate::domain::qris::Payload>,
    /// Member points (`points.*`): shown with the customer, and a way to pay.
    pub points: crate::domain::points::PointsRules,
}

pub struct CashierScreen {
    cart: Cart,
    input: crate::tui::widgets::input::TextInput,
    selected: usize,
    index: Option<NameIndex>,
    results: Vec<SearchHit>,
    result_selected: usize,
    tax_bp: i64,
    discount_limit_bp: i64,
    needs_approval: bool,
    refuse_oversell: bool,
    qris: Option<crate::domain::qris::Payload>,
    points: crate::domain::points::PointsRules,
    /// The manager's approval (F9), for exactly what it names.
    approval: Option<Approval>,
    /// Payments entered before the payment dialog was closed; it reopens with them.
    tenders: Vec<Tender>,
    /// The payment dialog waiting under the PIN prompt (F9 while paying).
    paused_payment: Option<PaymentDialog>,
    dialog: Option<Dialog>,
    notice: Option<(Notice, String)>,
    /// Set when a key should ring the terminal bell (unknown code, refused input).
    pub bell: bool,
    last_sale: Option<(CompletedSale, String)>,
    /// First receipt line shown (↑/↓ scroll a long receipt).
    receipt_scroll: u16,
    /// No shift is open: paying asks to open one first.
    pub needs_shift: bool,
    catalog_stamp: (i64, i64),
    /// Items often bought with what is in the cart (the precomputed partners); F10
    /// adds the first.
    suggestions: Vec<Suggestion>,
}

const SEARCH_LIMIT: usize = 8;

impl Default for CashierScreen {
    fn default() -> Self {
        CashierScreen {
            cart: Cart::default(),
            input: Default::default(),
            selected: 0,
            index: None,
            results: Vec::new(),
            result_selected: 0,
            tax_bp: 0,
            discount_limit_bp: 1000,
            needs_approval: true,
            refuse_oversell: false,
            qris: None,
            points: Default::default(),
            approval: None,
            tenders: Vec::new(),
            paused_payment: None,
            dialog: None,
            notice: None,
            bell: false,
            last_sale: None,
            receipt_scroll: 0,
            needs_shift: false,
            catalog_stamp: (0, 0),
            suggestions: Vec::new(),
        }
    }
}

/// An amount typed at the till (opening float, counted cash, a price, a payment).
/// A barcode-shaped burst is never money: it is refused with `instead`, what to do.
pub(super) fn till_amount(text: &str, instead: &str, lang: Lang) -> Result<Money, String> {
    if crate::domain::barcode::looks_scanned(text) {
        let said = lang.pick("That was a scan, not an amount:", "Itu hasil scan, bukan jumlah uang:");
        return Err(format!("{said} {} · {instead}", text.trim()));
    }
    Money::parse_non_negative(text).map_err(|e| match e {
        crate::domain::MoneyError::AboveLimit => format!(
            "{}: {}",
            text.trim(),
            lang.pick(
                "above Rp 10.000.000.000, the most an amount may be",
                "di atas Rp 10.000.000.000, batas jumlah uang"
            )
        ),
        e => e.text(lang),
    })
}

/// Digits only (what a scanner sends): never a name search.
fn looks_like_code(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

impl CashierScreen {
    pub fn setup(&mut self, setup: TillSetup) {
        self.tax_bp = setup.tax_bp;
        self.discount_limit_bp = setup.discount_limit_bp;
        self.needs_approval = setup.needs_approval;
        self.refuse_oversell = setup.refuse_oversell;
        self.qris = setup.qris;
        self.points = setup.points;
    }

    /// The catalogue stamp the name search was built from, if any.
    pub fn catalog_stamp(&self) -> Option<(i64, i64)> {
        self.index.as_ref().map(|_| self.catalog_stamp)
    }

    /// Build the name search from the items on sale (100k names take a while, so
    /// only when the catalogue changed).
    pub fn set_catalog(&mut self, items: Vec<(i64, String, String)>, stamp: (i64, i64)) {
        self.index = Some(NameIndex::new(items));
        self.catalog_stamp = stamp;
    }

    pub fn cart(&self) -> &Cart {
        &self.cart
    }

    fn notify(&mut self, kind: Notice, text: impl Into<String>) {
        if kind == Notice::Error {
            self.bell = true;
        }
        self.notice = Some((kind, text.into()));
    }

    /// Items often bought with the cart's, shown under it (at most two).
    pub fn set_suggestions(&mut self, suggestions: Vec<Suggestion>) {
        self.suggestions = suggestions;
    }

    /// The suggestions still worth showing: none of them already in the cart.
    fn open_suggestions(&self) -> impl Iterator<Item = &Suggestion> {
        self.suggestions.iter().filter(|s| !self.cart.lines.iter().any(|l| l.item.item_id == s.item_id)).take(2)
    }

    /// The code was found: add it and clear the input. Beyond what is in stock the
    /// till warns, or refuses when the shop says so (`stock.oversell`).
    pub fn add(&mut self, item: CartItem, qty: Qty, lang: Lang) {
        let (name, on_hand) = (item.name.clone(), item.on_hand);
        let before = self.cart.clone();
        match self.cart.add(item, qty) {
            Ok(line) => {
                self.input.clear();
                self.results.clear();
                let in_sale = self.cart.lines[line].qty;
                let left =
                    format!("{} {} {}", lang.pick("only", "stok hanya"), on_hand.text_in(lang), lang.pick("in stock", "tersisa"));
                if in_sale <= on_hand {
                    self.selected = line;
                    self.notice = Some((Notice::Info, format!("{name} × {in_sale}")));
                } else if self.refuse_oversell {
                    self.cart = before;
                    self.notify(
                        Notice::Error,
                        format!("{} {name}: {left}", lang.pick("Not added:", "Tidak ditambah:")),
                    );
                } else {
                    // Shown, not rung: the sale goes on.
                    self.selected = line;
                    self.notice = Some((
                        Notice::Error,
                        format!("{name} × {in_sale} · {} {left}", lang.pick("warning:", "awas:")),
                    ));
                }
            }
            Err(e) => {
                self.notify(Notice::Error, format!("{} {}", lang.pick("Not added:", "Tidak ditambah:"), e.text(lang)))
            }
        }
    }

    /// The code matched nothing: ring and say so with the code, and clear the input
    /// so that the next scan starts clean instead of being appended to this one.
    pub fn unknown_code(&mut self, code: &str, lang: Lang) {
        self.input.clear();
        self.results.clear();
        self.notify(Notice::Error, format!("{} {code}", lang.pick("Unknown code", "Kode tidak dikenal")));
    }

    /// A member card was scanned: the customer is attached, the input cleared.
    pub fn member_scanned(&mut self, member: CartCustomer, lang: Lang) {
        self.input.clear();
        self.results.clear();
        let text = format!("{} {} {}", lang.pick("Customer:", "Pelanggan:"), member.code, member.name);
        self.set_customer(Some(member));
        self.notify(Notice::Info, text);
    }

    pub fn set_customer(&mut self, customer: Option<CartCustomer>) {
        self.cart.set_customer(customer);
        self.dialog = None;
    }

    pub fn customers_found(&mut self, rows: Vec<CustomerRow>) {
        if let Some(Dialog::Customer(picker)) = &mut self.dialog {
            picker.set_results(rows);
        }
    }

    pub fn held_listed(&mut self, held: Vec<HeldSale>, lang: Lang) {
        if held.is_empty() {
            self.notify(Notice::Info, lang.pick("No held sales", "Tidak ada penjualan yang ditahan"));
        } else {
            self.dialog = Some(Dialog::Held { sales: held, selected: 0 });
        }
    }

    /// The open WhatsApp orders, listed at `now`.
    pub fn orders_listed(&mut self, orders: Vec<crate::services::assistant::OpenOrder>, now: i64, lang: Lang) {
        if orders.is_empty() {
            self.notify(Notice::Info, lang.pick("No WhatsApp orders waiting", "Tidak ada pesanan WhatsApp"));
        } else {
            self.dialog = Some(Dialog::Orders { orders, listed_at: now, selected: 0 });
        }
    }

    pub fn held(&mut self, label: &str, lang: Lang) {
        self.cart = Cart::default();
        self.approval = None;
        self.tenders.clear();
        self.suggestions.clear();
        self.selected = 0;
        self.notify(Notice::Info, format!("{} {label}", lang.pick("Held:", "Ditahan:")));
    }

    /// The open sale as it is parked: cart, approval and payments entered so far.
    pub fn open_sale(&self) -> OpenSale {
        OpenSale {
            cart: self.cart.clone(),
            approval: self
                .approval
                .as_ref()
                .and_then(|a| Some(HeldApproval { user_id: a.by.user_id?, covers: a.covers.clone() })),
            payments: self.tenders.clone(),
        }
    }

    pub fn resumed(&mut self, sale: OpenSale, approval: Option<Approval>) {
        self.cart = sale.cart;
        self.tenders = sale.payments;
        self.approval = approval;
        self.suggestions.clear();
        self.selected = 0;
        self.dialog = None;
    }

    /// The PIN was right: the approval covers what it was asked for; a payment
    /// that was waiting under the prompt comes back as it was.
    pub fn approved(&mut self, approval: Approval, lang: Lang) {
        self.dialog = self.paused_payment.take().map(Dialog::Payment);
        self.notify(
            Notice::Info,
            format!(
                "{} {}: {}",
                lang.pick("Approved by", "Disetujui oleh"),
                approval.by.username,
                dialogs::covers_label(&approval.covers, lang)
            ),
        );
        self.approval = Some(approval);
    }

    /// The sale went through: show the receipt; the next key starts a new sale.
    pub fn completed(&mut self, sale: CompletedSale, receipt: String) {
        self.cart = Cart::default();
        self.approval = None;
        self.tenders.clear();
        self.suggestions.clear();
        self.selected = 0;
        self.input.clear();
        self.dialog = Some(Dialog::Receipt);
        self.last_sale = Some((sale, receipt));
        self.receipt_scroll = 0;
    }

    /// No shift is open for this cashier: ask for the opening float.
    pub fn ask_open_shift(&mut self, lang: Lang) {
        if self.dialog.is_none() {
            self.dialog = Some(Dialog::Prompt(TextPrompt::open_shift(lang)));
        }
    }

    pub fn ask_close_shift(&mut self, lang: Lang) {
        self.dialog = Some(Dialog::Prompt(TextPrompt::close_shift(lang)));
    }

    /// A shift was opened or closed: close the prompt and say what happened.
    pub fn shift_done(&mut self, text: String) {
        self.dialog = None;
        self.notify(Notice::Info, text);
    }

    pub fn history_loaded(&mut self, sales: Vec<crate::domain::receipt::SaleSummary>, tz: jiff::tz::TimeZone) {
        self.dialog = Some(Dialog::History(HistoryDialog::new(sales, tz)));
    }

    pub fn history_receipt(&mut self, sale_id: i64, text: String) {
        if let Some(Dialog::History(history)) = &mut self.dialog {
            history.receipt = Some((sale_id, text, 0));
        }
    }

    pub fn returnable_loaded(&mut self, sale: crate::services::returns::ReturnableSale) {
        if let Some(Dialog::History(history)) = &mut self.dialog {
            history.returning = Some(ReturnDialog::new(sale));
        }
    }

    /// A void, return or print from the history: show the outcome there and
    /// refresh the list.
    pub fn history_done(&mut self, sales: Vec<crate::domain::receipt::SaleSummary>, text: String) {
        if let Some(Dialog::History(history)) = &mut self.dialog {
            history.sales = sales;
            history.void_reason = None;
            history.returning = None;
            history.message = Some((false, text));
        }
    }

    /// The manager who approved a return (F9 on an empty till), if any.
    pub fn return_approver(&self) -> Option<&Actor> {
        self.approval.as_ref().filter(|a| a.covers(&Exception::Return)).map(|a| &a.by)
    }

    /// A return went through: the approval asked for it is used up.
    pub fn return_approval_used(&mut self) {
        if self.return_approver().is_some() {
            self.approval = None;
        }
    }

    /// What F9 asks a manager to approve now: the sale's exceptions as they stand
    /// (with credit above the customer's limit, should the whole sale go on credit),
    /// or a return on an empty till.
    fn exceptions(&self) -> Vec<Exception> {
        if self.cart.is_empty() {
            return vec![Exception::Return];
        }
        let credit = self.cart.totals(self.tax_bp).map_or(Money::ZERO, |t| t.total);
        self.cart.exceptions(self.discount_limit_bp, credit)
    }

    /// Exceptions on the sale that no approval covers yet.
    fn unapproved(&self) -> Vec<Exception> {
        if !self.needs_approval || self.cart.is_empty() {
            return Vec::new();
        }
        let approved = |exception: &Exception| self.approval.as_ref().is_some_and(|a| a.covers(exception));
        self.cart.exceptions(self.discount_limit_bp, Money::ZERO).into_iter().filter(|e| !approved(e)).collect()
    }

    /// F9: ask for a PIN for what needs it now; nothing to approve, nothing asked.
    fn ask_approval(&mut self, lang: Lang) {
        let covers = self.exceptions();
        if covers.is_empty() {
            self.dialog = self.paused_payment.take().map(Dialog::Payment);
            let text = lang.pick("Nothing on this sale needs a manager", "Tidak ada yang perlu persetujuan manajer");
            return self.notify(Notice::Info, text);
        }
        self.dialog = Some(Dialog::Prompt(TextPrompt::pin(covers, lang)));
    }

    pub fn last_sale(&self) -> Option<&CompletedSale> {
        self.last_sale.as_ref().map(|(sale, _)| sale)
    }

    fn refresh_search(&mut self) {
        self.result_selected = 0;
        let text = self.input.value();
        let (_, query) = split_quantity(text).unwrap_or((Qty::ONE, text));
        self.results = match &mut self.index {
            Some(index) if !looks_like_code(query) => index.search(query, SEARCH_LIMIT),
            _ => Vec::new(),
        };
    }

    fn bump(&mut self, delta: Qty, lang: Lang) {
        if let Err(e) = self.cart.bump(self.selected, delta) {
            self.notify(Notice::Error, e.text(lang));
        }
        self.selected = self.selected.min(self.cart.lines.len().saturating_sub(1));
        self.start_over_if_empty(lang);
    }

    /// The last line is gone: the sale is gone with it, customer and all, so the
    /// next walk-in is never booked to the previous customer.
    fn start_over_if_empty(&mut self, lang: Lang) {
        if !self.cart.is_empty() || self.cart == Cart::default() {
            return;
        }
        if let Some(customer) = &self.cart.customer {
            let text = format!(
                "{} {}",
                lang.pick("Empty sale: customer cleared:", "Nota kosong: pelanggan dilepas:"),
                customer.name
            );
            self.notify(Notice::Info, text);
        }
        self.cart = Cart::default();
        self.approval = None;
        self.tenders.clear();
    }

    fn submit_input(&mut self, lang: Lang) -> Option<Action> {
        let text = self.input.value().to_string();
        let (qty, code) = match split_quantity(&text) {
            Ok(parsed) => parsed,
            Err(e) => {
                self.notify(Notice::Error, e.text(lang));
                return None;
            }
        };
        if crate::domain::cart::check_qty(qty).is_err() {
            self.notify(Notice::Error, format!("{} {}", lang.pick("Quantity not allowed:", "Jumlah tidak boleh:"), qty.text_in(lang)));
            return None;
        }
        // A code (barcode or SKU) that exists wins; else the highlighted search result.
        let picked = self.results.get(self.result_selected).filter(|_| !looks_like_code(code)).map(|hit| hit.item_id);
        Some(Action::Cashier(CashierAction::Scan { code: code.to_string(), qty, or_else: picked }))
    }

    fn handle_dialog_key(&mut self, dialog: Dialog, key: &KeyEvent, lang: Lang) -> Option<Action> {
        match dialog {
            Dialog::Receipt => match lookup(RECEIPT_KEYS, key) {
                Some(ReceiptKey::Scroll) => {
                    self.receipt_scroll = match key.code {
                        KeyCode::Up => self.receipt_scroll.saturating_sub(1),
                        KeyCode::PageUp => self.receipt_scroll.saturating_sub(10),
                        KeyCode::Down => self.receipt_scroll.saturating_add(1),
                        _ => self.receipt_scroll.saturating_add(10),
                    };
                    self.dialog = Some(Dialog::Receipt);
                    None
                }
                Some(ReceiptKey::Close) => None,
                // Any other key starts the next sale; a printable key also starts typing it.
                None => self.handle_key(key, lang),
            },
            Dialog::Payment(mut payment) => match payment.handle_key(key, lang) {
                PaymentOutcome::Continue => {
                    self.dialog = Some(Dialog::Payment(payment));
                    None
                }
                PaymentOutcome::Cancel => {
                    // Part payments already taken stay with the sale (and a held sale).
                    self.tenders = payment.tenders().to_vec();
                    None
                }
                PaymentOutcome::Approve => {
                    self.paused_payment = Some(payment);
                    self.ask_approval(lang);
                    None
                }
                PaymentOutcome::Complete(payments) => {
                    self.dialog = Some(Dialog::Payment(payment));
                    Some(Action::Cashier(CashierAction::Checkout(CheckoutRequest {
                        cart: self.cart.clone(),
                        payments,
                        due_date: None,
                        approval: self.approval.clone(),
                    })))
                }
            },
            Dialog::Customer(mut picker) => {
                // The picker stays open until the app attaches the customer.
                let action = picker.handle_key(key, lang);
                if !picker.closed {
                    self.dialog = Some(Dialog::Customer(picker));
                }
                action
            }
            Dialog::Held { sales, mut selected } => {
                match lookup(HELD_KEYS, key) {
                    Some(ListKey::Move) => selected = move_selection(selected, sales.len(), key.code),
                    Some(ListKey::Pick) => {
                        return sales.get(selected).map(|s| Action::Cashier(CashierAction::Resume(s.id)));
                    }
                    Some(ListKey::Close) => return None,
                    Some(ListKey::New) | None => {}
                }
                self.dialog = Some(Dialog::Held { sales, selected });
                None
            }
            Dialog::Orders { orders, listed_at, mut selected } => {
                match lookup(ORDER_KEYS, key) {
                    Some(ListKey::Move) => selected = move_selection(selected, orders.len(), key.code),
                    Some(ListKey::Pick) => {
                        return orders.get(selected).map(|o| Action::Cashier(CashierAction::LoadOrder(o.id)));
                    }
                    Some(ListKey::Close) => return None,
                    Some(ListKey::New) | None => {}
                }
                self.dialog = Some(Dialog::Orders { orders, listed_at, selected });
                None
            }
            Dialog::History(mut history) => match history.handle_key(key) {
                HistoryOutcome::Close => None,
                HistoryOutcome::Stay(action) => {
                    self.dialog = Some(Dialog::History(history));
                    action.map(|a| *a)
                }
            },
            Dialog::Prompt(mut prompt) => {
                match lookup(prompt.keys, key) {
                    Some(PromptKey::Back) => {
                        self.dialog = self.paused_payment.take().map(Dialog::Payment);
                        return None;
                    }
                    Some(PromptKey::Scope) => prompt.whole_sale = !prompt.whole_sale,
                    Some(PromptKey::Submit) => return self.submit_prompt(prompt, lang),
                    None => {
                        prompt.input.handle(key);
                    }
                }
                self.dialog = Some(Dialog::Prompt(prompt));
                None
            }
        }
    }

    fn submit_prompt(&mut self, mut prompt: TextPrompt, lang: Lang) -> Option<Action> {
        let text = prompt.input.value().to_string();
        let result = match prompt.kind {
            dialogs::PromptKind::Pin => {
                let covers = prompt.covers.clone();
                self.dialog = Some(Dialog::Prompt(prompt));
                return Some(Action::Cashier(CashierAction::Approve { pin: text, covers }));
            }
            dialogs::PromptKind::OpenShift | dialogs::PromptKind::CloseShift => {
                let kind = prompt.kind;
                let instead = match kind {
                    dialogs::PromptKind::OpenShift => lang.pick(
                        "open the shift first: type the opening float (e.g. 200000), then scan",
                        "buka shift dulu: isi kas awal (mis. 200000), lalu scan",
                    ),
                    _ => lang.pick("type the cash counted in the drawer", "ketik uang yang dihitung di laci"),
                };
                return match till_amount(&text, instead, lang) {
                    Ok(amount) => {
                        self.dialog = Some(Dialog::Prompt(prompt));
                        Some(Action::Cashier(if kind == dialogs::PromptKind::OpenShift {
                            CashierAction::OpenShift(amount)
                        } else {
                            CashierAction::CloseShift(amount)
                        }))
                    }
                    Err(e) => {
                        // Cleared, so that the next scan or amount starts clean.
                        prompt.input.clear();
                        prompt.error = Some(e);
                        self.dialog = Some(Dialog::Prompt(prompt));
                        None
                    }
                };
            }
            dialogs::PromptKind::Discount => Discount::parse(&text).and_then(|discount| {
                if prompt.whole_sale {
                    self.cart.set_sale_discount(discount)
                } else {
                    self.cart.set_line_discount(self.selected, discount)
                }
            }),
            dialogs::PromptKind::Price => match till_amount(&text, lang.pick("type the price", "ketik harganya"), lang)
            {
                Ok(price) => self.cart.set_price(self.selected, Some(price)),
                Err(e) => {
                    prompt.input.clear();
                    prompt.error = Some(e);
                    self.dialog = Some(Dialog::Prompt(prompt));
                    return None;
                }
            },
        };
        if let Err(e) = result {
            prompt.error = Some(e.text(lang));
            self.dialog = Some(Dialog::Prompt(prompt));
            return None;
        }
        self.warn_if_approval_needed(lang);
        None
    }

    fn warn_if_approval_needed(&mut self, lang: Lang) {
        if !self.unapproved().is_empty() {
            self.notify(
                Notice::Error,
                lang.pick(
                    "This needs a manager's approval before paying: F9",
                    "Perlu persetujuan manajer sebelum bayar: F9",
                ),
            );
        }
    }
}

/// What the till's own keys do (its dialogs have theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TillKey {
    Customer,
    Price,
    Hold,
    /// F5, F6, F7: the tier is the key's.
    Tier,
    Discount,
    Approve,
    Suggestion,
    History,
    Pay,
    /// The typed code or the picked name.
    Add,
    Move,
    /// `+` or `-` on the selected line.
    Quantity,
    Remove,
    Clear,
}

const TILL_KEYS: &[Key<TillKey>] = &[
    typed("CODE Enter", "add item (scan or type)", "tambah barang (scan/ketik)"),
    typed("3*CODE", "add 3 (1.5*CODE for weight)", "tambah 3 (1.5*KODE untuk timbangan)"),
    typed("letters ↑/↓ Enter", "search names and pick", "cari nama lalu pilih"),
    key("↑/↓", UP_DOWN, TillKey::Move, "select a line", "pilih baris"),
    key("F2", &[press(KeyCode::F(2))], TillKey::Customer, "customer", "pelanggan").hint("cust", "plg"),
    key("F3", &[press(KeyCode::F(3))], TillKey::Price, "type a price for the line", "ubah harga baris"),
    key("F4", &[press(KeyCode::F(4))], TillKey::Hold, "hold / resume sale", "tahan / lanjutkan").hint("hold", "tahan"),
    key(
        "F5 F6 F7",
        &[press(KeyCode::F(5)), press(KeyCode::F(6)), press(KeyCode::F(7))],
        TillKey::Tier,
        "retail / wholesale 1 / 2",
        "eceran / grosir 1 / 2",
    ),
    key("F8", &[press(KeyCode::F(8))], TillKey::Discount, "discount (line or sale)", "diskon (baris/nota)")
        .hint("disc", "disk"),
    key(
        "F9",
        &[press(KeyCode::F(9))],
        TillKey::Approve,
        "manager PIN for what the sale needs now (empty till: for one return)",
        "PIN manajer untuk yang perlu sekarang (kasir kosong: untuk satu retur)",
    ),
    key(
        "F10",
        &[press(KeyCode::F(10))],
        TillKey::Suggestion,
        "add the item often bought with these (empty till: WhatsApp orders)",
        "tambah barang yang sering dibeli bersama (kasir kosong: pesanan WhatsApp)",
    ),
    key(
        "F11",
        &[press(KeyCode::F(11))],
        TillKey::History,
        "sales history: reprint, void, return",
        "riwayat: cetak ulang, batal, retur",
    ),
    key("F12", &[press(KeyCode::F(12))], TillKey::Pay, "pay (F1 there: its keys)", "bayar (F1 di sana: tombolnya)")
        .hint("pay", "bayar"),
    typed("member card", "scan it: the customer and points", "scan: pelanggan dan poin"),
    typed("Ctrl+P → shift", "close the shift", "tutup shift"),
];

/// With the input empty: the selected line.
const LINE_KEYS: &[Key<TillKey>] = &[
    key("+ / -", &[chr('+'), chr('-')], TillKey::Quantity, "quantity of the line", "jumlah baris"),
    key("Del", &[press(KeyCode::Delete)], TillKey::Remove, "remove the line", "hapus baris"),
];

/// With something typed: add it, or clear it.
const TYPING_KEYS: &[Key<TillKey>] = &[
    key("Enter", &[press(KeyCode::Enter)], TillKey::Add, "add the code or the name picked", "tambah kode atau nama terpilih"),
    key("Esc", &[press(KeyCode::Esc)], TillKey::Clear, "clear what is typed", "hapus ketikan"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReceiptKey {
    Scroll,
    Close,
}

/// Over the finished sale's receipt; any other key is the till's (the next sale).
const RECEIPT_KEYS: &[Key<ReceiptKey>] = &[
    key(
        "↑/↓",
        &[press(KeyCode::Up), press(KeyCode::Down), press(KeyCode::PageUp), press(KeyCode::PageDown)],
        ReceiptKey::Scroll,
        "scroll the receipt",
        "gulir struk",
    )
    .hint("scroll", "gulir"),
    key("Esc/Enter", &[press(KeyCode::Esc), press(KeyCode::Enter)], ReceiptKey::Close, "next sale", "transaksi baru"),
    typed("", "any other key: next sale", "tombol lain: transaksi baru")
        .hint("any other key: next sale", "tombol lain: transaksi baru"),
];

impl CashierScreen {
    /// The till's keys as it stands: the line's with the input empty, else the typing's.
    fn till_keys(&self) -> Vec<Key<TillKey>> {
        let state = if self.input.is_empty() { LINE_KEYS } else { TYPING_KEYS };
        TILL_KEYS.iter().chain(state).copied().collect()
    }
}

impl View for CashierScreen {
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        if let Some(dialog) = self.dialog.take() {
            return self.handle_dialog_key(dialog, key, lang);
        }
        self.notice = None;
        let Some(command) = lookup(&self.till_keys(), key) else {
            if self.input.handle(key) {
                self.refresh_search();
            }
            return None;
        };
        match command {
            TillKey::Customer => {
                self.dialog = Some(Dialog::Customer(CustomerPicker::default()));
                return Some(Action::Cashier(CashierAction::FindCustomers(String::new())));
            }
            TillKey::Price => {
                let line = self.cart.lines.get(self.selected)?;
                let current = line.pricing(self.cart.tier).1.rupiah().to_string();
                self.dialog = Some(Dialog::Prompt(TextPrompt::price(&current, lang)));
            }
            TillKey::Hold if self.cart.is_empty() => return Some(Action::Cashier(CashierAction::ListHeld)),
            TillKey::Hold => {
                let label = match &self.cart.customer {
                    Some(c) => c.name.clone(),
                    None => format!("{} {}", lang.pick("Sale of", "Belanja"), self.cart.item_count()),
                };
                return Some(Action::Cashier(CashierAction::Hold { sale: self.open_sale(), label }));
            }
            TillKey::Tier => {
                self.cart.tier = match key.code {
                    KeyCode::F(5) => PriceTier::Retail,
                    KeyCode::F(6) => PriceTier::Wholesale1,
                    _ => PriceTier::Wholesale2,
                }
            }
            TillKey::Discount if !self.cart.is_empty() => {
                self.dialog = Some(Dialog::Prompt(TextPrompt::discount(lang)))
            }
            TillKey::Discount => {}
            TillKey::Approve => self.ask_approval(lang),
            // An empty till lists WhatsApp orders; a sale takes the suggested item.
            TillKey::Suggestion if self.cart.is_empty() => return Some(Action::Cashier(CashierAction::ListOrders)),
            TillKey::Suggestion => {
                let item = self.open_suggestions().next()?.item_id;
                return Some(Action::Cashier(CashierAction::AddSuggestion(item)));
            }
            TillKey::History => return Some(Action::Cashier(CashierAction::LoadHistory)),
            TillKey::Pay if self.cart.is_empty() => {}
            TillKey::Pay if self.needs_shift => {
                self.dialog = Some(Dialog::Prompt(TextPrompt::open_shift(lang)));
            }
            TillKey::Pay if !self.unapproved().is_empty() => {
                let missing = dialogs::covers_label(&self.unapproved(), lang);
                let ask = lang.pick(
                    "needs a manager's approval before paying: F9",
                    "perlu persetujuan manajer sebelum bayar: F9",
                );
                self.notify(Notice::Error, format!("{missing}: {ask}"));
            }
            TillKey::Pay => match self.cart.totals(self.tax_bp) {
                Ok(totals) => {
                    let has_customer = self.cart.customer.is_some();
                    let mut payment = PaymentDialog::new(totals.total, has_customer, self.qris.clone());
                    if let Some(member) = self.cart.customer.as_ref().filter(|_| self.points.enabled) {
                        payment = payment.with_points(self.points.clone(), member.points);
                    }
                    let payment = payment.with_tenders(self.tenders.clone());
                    self.dialog = Some(Dialog::Payment(payment));
                }
                Err(e) => self.notify(Notice::Error, e.text(lang)),
            },
            TillKey::Add => return self.submit_input(lang),
            TillKey::Move if !self.results.is_empty() => {
                self.result_selected = move_selection(self.result_selected, self.results.len(), key.code)
            }
            TillKey::Move => self.selected = move_selection(self.selected, self.cart.lines.len(), key.code),
            TillKey::Quantity if key.code == KeyCode::Char('+') => self.bump(Qty::ONE, lang),
            TillKey::Quantity => self.bump(Qty::from_units(-1), lang),
            TillKey::Remove => {
                if self.cart.remove(self.selected).is_ok() {
                    self.selected = self.selected.min(self.cart.lines.len().saturating_sub(1));
                    self.start_over_if_empty(lang);
                }
            }
            TillKey::Clear => {
                self.input.clear();
                self.results.clear();
            }
        }
        None
    }

    fn keys(&self) -> Vec<KeyHelp> {
        match &self.dialog {
            None => help(&self.till_keys()),
            Some(Dialog::Receipt) => help_over(RECEIPT_KEYS, &self.till_keys()),
            Some(Dialog::Payment(payment)) => payment.keys(),
            Some(Dialog::Customer(picker)) => picker.keys(),
            Some(Dialog::Held { .. }) => help(HELD_KEYS),
            Some(Dialog::Orders { .. }) => help(ORDER_KEYS),
            Some(Dialog::History(history)) => history.keys(),
            Some(Dialog::Prompt(prompt)) => help(prompt.keys),
        }
    }

    fn is_editing(&self) -> bool {
        self.dialog.is_some() || !self.input.is_empty() || !self.cart.is_empty()
    }

    /// An error goes to the open dialog, if any, and rings the bell.
    fn show(&mut self, notice: Notice, text: String) {
        if notice == Notice::Info {
            return self.notify(notice, text);
        }
        match &mut self.dialog {
            Some(Dialog::Payment(payment)) => payment.failed(text),
            Some(Dialog::Customer(picker)) => match &mut picker.creating {
                Some(form) => form.message = Some(text),
                None => picker.error = Some(text),
            },
            Some(Dialog::Prompt(prompt)) => prompt.error = Some(text),
            Some(Dialog::History(history)) => history.failed(text),
            _ => self.notify(Notice::Error, text),
        }
        self.bell = true;
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        self.draw(frame, area, theme, lang);
    }

    /// Esc at the till clears what is typed; it never leaves the till.
    fn at_rest(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::help::hint_text;

    /// The README paragraph that starts with `start`.
    fn readme_paragraph(start: &str) -> &'static str {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        let from = readme.find(start).unwrap_or_else(|| panic!("README has no paragraph {start:?}"));
        let text = &readme[from..];
        &text[..text.find("\n\n").unwrap_or(text.len())]
    }

    /// F-keys named in `text` (F1…F12), each once.
    fn f_keys(text: &str) -> std::collections::BTreeSet<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut keys = std::collections::BTreeSet::new();
        for (i, c) in chars.iter().enumerate() {
            let starts = *c == 'F' && (i == 0 || !chars[i - 1].is_alphanumeric());
            let digits: String = chars[i + 1..].iter().take_while(|d| d.is_ascii_digit()).collect();
            if starts && !digits.is_empty() {
                keys.insert(format!("F{digits}"));
            }
        }
        keys
    }

    #[test]
    fn readme_f1_help_and_hints_name_the_same_keys() {
        let cashier = readme_paragraph("Cashier (the input line always has focus)");
        let help_keys: String = CashierScreen::default().keys().iter().map(|k| format!("{} ", k.label)).collect();
        assert_eq!(f_keys(cashier), f_keys(&help_keys), "README's cashier keys and F1 help differ");
        let both = |hint: &dyn Fn(Lang) -> String| (hint(Lang::En), hint(Lang::Id));
        let hints = [
            (both(&|lang| hint_text(TILL_KEYS, lang)), cashier),
            (both(&|lang| hint_text(payment::KEYS, lang)), readme_paragraph("Payment: the amount starts")),
            (both(&|lang| hint_text(history::LIST_KEYS, lang)), readme_paragraph("Sales history (`F11`)")),
            (both(&|lang| hint_text(history::RETURN_KEYS, lang)), readme_paragraph("Sales history (`F11`)")),
        ];
        for ((english, indonesian), paragraph) in hints {
            for hint in [english.as_str(), indonesian.as_str()] {
                for part in hint.split('·') {
                    let key = part.split_whitespace().next().unwrap();
                    for single in key.split('/') {
                        assert!(
                            paragraph.contains(&format!("`{single}`")),
                            "hint key {single} ({hint}) is not in README"
                        );
                    }
                }
                assert!(f_keys(hint).is_subset(&f_keys(&help_keys)), "hint {hint} names a key F1 help does not");
            }
        }
    }
}
