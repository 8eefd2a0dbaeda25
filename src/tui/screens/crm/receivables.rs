//! Receivables (Alt+7, second tab): who owes what, aged; Enter opens a customer's
//! open invoices, `p` takes a payment (applied oldest first), `s` shows a statement.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::domain::receivable::DebtSide;
use crate::services::receivables::{CreditSaleRef, CustomerDetails, CustomerReceivable, OpenReceivable, Statement};
use crate::tui::action::{Action, CrmAction, ReceivablesAction};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, MOVE, Press, UP_DOWN, chr, help, key, lookup, press};
use crate::tui::widgets::debts::{DebtColumns, DebtHints, DebtLists, PAY_KEYS, PAY_METHODS, PayForm, render_statement};
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::{Column, blank_zero, col, flex, num};

/// Then the age buckets, as many as fit ([`AgingTable`]).
const SUMMARY_COLUMNS: &[Column] =
    &[col("Code", "Kode", 7, 6), flex("Customer", "Pelanggan", 14, 10), num("Owes", "Piutang", 10, 9)];

const DETAIL_COLUMNS: &[Column] = &[
    flex("Invoice", "Nota", 15, 10),
    col("Date", "Tanggal", 10, 4),
    col("Due", "Jatuh tempo", 11, 7),
    num("Amount", "Jumlah", 10, 5),
    num("Paid", "Dibayar", 10, 3),
    num("Balance", "Sisa", 10, 9),
    num("Late", "Telat", 5, 8),
];

const COLUMNS: DebtColumns<CustomerDetails, CreditSaleRef> = DebtColumns {
    side: DebtSide::Receivable,
    parties: SUMMARY_COLUMNS,
    lead: |r| vec![r.details.code.clone(), r.name.clone()],
    items: DETAIL_COLUMNS,
    first: |sale| [sale.invoice.clone(), sale.sale_date.to_string()],
};

/// What the keys of the receivables tab do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DebtKey {
    Move,
    /// A customer's open invoices.
    Open,
    Pay,
    Statement,
    /// Back to everyone; in the statement or the payment, close it.
    Back,
}

const ESC: &[Press] = &[press(KeyCode::Esc)];

const PAY: Key<DebtKey> =
    key("p", &[chr('p')], DebtKey::Pay, "take a payment (oldest first)", "terima pembayaran (terlama dulu)")
        .hint("pay", "bayar");

const STATEMENT: Key<DebtKey> =
    key("s", &[chr('s')], DebtKey::Statement, "statement (last 90 days)", "rekening koran (90 hari)");

/// Everyone who owes; the hints end the list's header.
const CUSTOMERS_KEYS: &[Key<DebtKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, DebtKey::Move, "choose a customer", "pilih pelanggan"),
    key("Enter", &[press(KeyCode::Enter)], DebtKey::Open, "a customer's open invoices", "nota terbuka pelanggan")
        .hint("detail", "rincian"),
    PAY,
    STATEMENT,
];

/// One customer's open invoices; the hints end their header.
const INVOICE_KEYS: &[Key<DebtKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, DebtKey::Move, "choose an invoice", "pilih nota"),
    PAY,
    STATEMENT.hint("statement", "rekening"),
    key("Esc", ESC, DebtKey::Back, "back to all customers", "kembali ke semua pelanggan"),
];

/// The payment form has its own keys ([`PAY_KEYS`]) besides.
const PAYMENT_KEYS: &[Key<DebtKey>] = &[key("Esc", ESC, DebtKey::Back, "cancel", "batal")];

/// Said in the statement's title.
const STATEMENT_KEYS: &[Key<DebtKey>] = &[
    key("↑/↓", UP_DOWN, DebtKey::Move, "scroll", "gulir").hint("", ""),
    key("Esc", ESC, DebtKey::Back, "close", "tutup").hint("", ""),
];

#[derive(Default)]
pub struct ReceivablesScreen {
    lists: DebtLists<CustomerDetails, CreditSaleRef>,
    pay: Option<PayForm>,
    statement: Option<(Vec<String>, u16)>,
    notice: Option<(Notice, String)>,
}

impl ReceivablesScreen {
    pub fn set_rows(&mut self, rows: Vec<CustomerReceivable>) {
        self.lists.set_parties(rows);
    }

    pub fn set_detail(&mut self, customer_id: i64, name: String, rows: Vec<OpenReceivable>) {
        self.lists.open(customer_id, name, rows);
    }

    pub fn set_statement(&mut self, statement: &Statement, lang: Lang) {
        let mut lines = vec![
            format!(
                "{} {} · {} – {}",
                statement.code.as_deref().unwrap_or_default(),
                statement.name,
                statement.from,
                statement.to
            ),
            format!("{:<34}{:>12}", lang.pick("Opening balance", "Saldo awal"), statement.opening_balance.grouped()),
        ];
        for l in &statement.lines {
            let (debit, credit) = (blank_zero(l.added), blank_zero(l.taken));
            lines.push(format!(
                "{} {:<20.20} {:>10} {:>10} {:>10}",
                l.date,
                format!("{} {}", l.document, l.description),
                debit,
                credit,
                l.balance.grouped()
            ));
        }
        lines.push(format!(
            "{:<34}{:>12}",
            lang.pick("Closing balance", "Saldo akhir"),
            statement.closing_balance.grouped()
        ));
        self.statement = Some((lines, 0));
    }

    pub fn paid(&mut self, text: String) {
        self.pay = None;
        self.notice = Some((Notice::Info, text));
    }

    pub fn show(&mut self, notice: Notice, text: String) {
        self.notice = Some((notice, text));
    }

    pub fn is_editing(&self) -> bool {
        self.pay.is_some()
    }

    pub fn customer_in_view(&self) -> Option<i64> {
        self.lists.party_in_view()
    }

    /// The keys of what shows: the statement, the payment, one customer's invoices or everyone.
    fn table(&self) -> &'static [Key<DebtKey>] {
        match (&self.statement, &self.pay, self.lists.party_in_view()) {
            (Some(_), ..) => STATEMENT_KEYS,
            (None, Some(_), _) => PAYMENT_KEYS,
            (None, None, Some(_)) => INVOICE_KEYS,
            (None, None, None) => CUSTOMERS_KEYS,
        }
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        let form = if self.pay.is_some() { help(PAY_KEYS) } else { Vec::new() };
        form.into_iter().chain(help(self.table())).collect()
    }

    pub fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        let command = lookup(self.table(), key);
        if let Some((_, scroll)) = &mut self.statement {
            match command {
                Some(DebtKey::Move) if key.code == KeyCode::Up => *scroll = scroll.saturating_sub(1),
                Some(DebtKey::Move) => *scroll = scroll.saturating_add(1),
                Some(DebtKey::Back) => self.statement = None,
                _ => {}
            }
            return None;
        }
        let customer = self.lists.party();
        if let Some(pay) = &mut self.pay {
            if command == Some(DebtKey::Back) {
                self.pay = None;
                return None;
            }
            match pay.handle_key(key) {
                Some(Ok(paid)) => {
                    let (customer_id, _) = customer?;
                    let (amount, method, reference) = (paid.amount, paid.method, paid.reference);
                    return Some(Action::Crm(CrmAction::Receivables(ReceivablesAction::Pay {
                        customer_id,
                        amount,
                        method,
                        reference,
                    })));
                }
                Some(Err(e)) => self.notice = Some((Notice::Error, e.text(lang))),
                None => {}
            }
            return None;
        }
        self.notice = None;
        let receivables = |action| Some(Action::Crm(CrmAction::Receivables(action)));
        match command? {
            DebtKey::Move => self.lists.move_selection(key.code),
            DebtKey::Open => return receivables(ReceivablesAction::Open(self.lists.selected_party()?)),
            DebtKey::Back => {
                self.lists.close();
                return receivables(ReceivablesAction::Load);
            }
            DebtKey::Pay => {
                let (_, owed) = self.lists.party()?;
                self.pay = Some(PayForm::new(owed));
            }
            DebtKey::Statement => {
                let (customer_id, _) = self.lists.party()?;
                return receivables(ReceivablesAction::Statement(customer_id));
            }
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [head, table, notice] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let hints = DebtHints {
            parties: hint_text(CUSTOMERS_KEYS, lang),
            parties_narrow: hint_text(&[PAY], lang),
            items: hint_text(INVOICE_KEYS, lang),
        };
        self.lists.render(&COLUMNS, &hints, frame, [head, table], theme, lang);
        if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), notice);
        }
        if let Some(pay) = &self.pay {
            self.render_pay(pay, frame, area, theme, lang);
        }
        if let Some((lines, scroll)) = &self.statement {
            let title = format!(" {} · {} ", lang.pick("Statement", "Rekening koran"), hint_text(STATEMENT_KEYS, lang));
            render_statement(frame, area, theme, &title, lines, *scroll);
        }
    }

    fn render_pay(&self, pay: &PayForm, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let width = area.width.min(48);
        let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + 2, width, height: 7.min(area.height) };
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent())
            .title(Span::styled(lang.pick(" Payment received ", " Terima pembayaran "), theme.title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let methods: Vec<Span> = PAY_METHODS
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let style = if i == pay.method { theme.selection() } else { theme.muted() };
                Span::styled(format!(" {} ", crate::tui::widgets::payment::method_label(*m, lang)), style)
            })
            .collect();
        let field = |label: &str, input: &TextInput, focused: bool| {
            let (text, _) = input.view(inner.width.saturating_sub(13) as usize);
            let style = input.style(if focused { theme.selection() } else { theme.base() });
            Line::from(vec![Span::raw(format!("{label:<12}")), Span::styled(text, style)])
        };
        let lines = vec![
            Line::from(methods),
            field(lang.pick("Amount", "Jumlah"), &pay.amount, !pay.on_reference),
            field(lang.pick("Reference", "Referensi"), &pay.reference, pay.on_reference),
            Line::from(""),
            Line::from(Span::styled(hint_text(PAY_KEYS, lang), theme.muted())),
        ];
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
