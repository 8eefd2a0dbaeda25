//! F11: today's and recent sales. Enter shows the receipt again (reprint), `p`
//! prints it, `v` voids the sale (owner or manager, with a reason), `r` takes back
//! some of its lines (a return: `+`/`-` per line, Tab chooses the refund).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::Qty;
use crate::domain::receipt::{SaleStatus, SaleSummary};
use crate::domain::refund::RefundMethod;
use crate::services::returns::ReturnableSale;
use crate::tui::action::{Action, CashierAction};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, UP_DOWN, chr, help, key, lookup, press, typed};
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::move_selection;

/// What the keys of the sales history (F11) do, in its list, a receipt, a void and a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HistoryKey {
    /// Back out of a receipt, void or return; from the list, close.
    Back,
    Move,
    Receipt,
    Print,
    Void,
    Return,
    /// A return's quantity on the line: `+` or `-`.
    Quantity,
    Refund,
    Up,
    /// The next line; after the last, the reason.
    Down,
    /// In a return: to the reason, and from there return; in a void: void.
    Submit,
}

const ESC: Key<HistoryKey> =
    key("Esc", &[press(KeyCode::Esc)], HistoryKey::Back, "back", "kembali").hint("", "");

/// The sales list, as README names its keys.
pub(super) const LIST_KEYS: &[Key<HistoryKey>] = &[
    key("↑/↓", UP_DOWN, HistoryKey::Move, "choose a sale", "pilih penjualan"),
    key("Enter", &[press(KeyCode::Enter)], HistoryKey::Receipt, "its receipt", "struknya").hint("receipt", "struk"),
    key("p", &[chr('p')], HistoryKey::Print, "print it again", "cetak ulang").hint("print", "cetak"),
    key("v", &[chr('v')], HistoryKey::Void, "void it (with a reason)", "batalkan (dengan alasan)").hint("void", "batal"),
    key("r", &[chr('r')], HistoryKey::Return, "return some of it", "retur sebagian").hint("return", "retur"),
    ESC,
];

const RECEIPT_KEYS: &[Key<HistoryKey>] = &[
    key("↑/↓", UP_DOWN, HistoryKey::Move, "scroll", "gulir").hint("scroll", "gulir"),
    key("p", &[chr('p')], HistoryKey::Print, "print it again", "cetak ulang").hint("print", "cetak"),
    key("Esc", &[press(KeyCode::Esc)], HistoryKey::Back, "back", "kembali").hint("back", "kembali"),
];

const VOID_KEYS: &[Key<HistoryKey>] = &[
    typed("", "Why? (at least 4 letters)", "Alasannya? (min. 4 huruf)")
        .hint("Why? (at least 4 letters)", "Alasannya? (min. 4 huruf)"),
    key("Enter", &[press(KeyCode::Enter)], HistoryKey::Submit, "void", "batalkan").hint("void", "batal"),
    ESC,
];

/// A return, as README names its keys; the reason takes typing.
pub(super) const RETURN_KEYS: &[Key<HistoryKey>] = &[
    key("+/-", &[chr('+'), chr('-')], HistoryKey::Quantity, "quantity returned", "jumlah diretur")
        .hint("qty", "jumlah"),
    key("Tab", &[press(KeyCode::Tab)], HistoryKey::Refund, "refund in cash or off the debt", "uang kembali atau potong utang")
        .hint("refund", "pengembalian"),
    key("↑", &[press(KeyCode::Up)], HistoryKey::Up, "previous line", "baris sebelumnya"),
    key("↓", &[press(KeyCode::Down)], HistoryKey::Down, "next line, then the reason", "baris berikut, lalu alasan")
        .hint("reason", "alasan"),
    key("Enter", &[press(KeyCode::Enter)], HistoryKey::Submit, "to the reason; there: return", "ke alasan; di sana: retur")
        .hint("return", "retur"),
    ESC,
];

const REASON_KEYS: &[Key<HistoryKey>] = &[
    typed("reason", "why it comes back", "alasan retur"),
    key("↑", &[press(KeyCode::Up)], HistoryKey::Up, "back to the lines", "kembali ke baris"),
    key("Enter", &[press(KeyCode::Enter)], HistoryKey::Submit, "return", "retur").hint("return", "retur"),
    ESC,
];

pub struct HistoryDialog {
    pub sales: Vec<SaleSummary>,
    pub selected: usize,
    /// A receipt being looked at, and its scroll.
    pub receipt: Option<(i64, String, u16)>,
    pub void_reason: Option<TextInput>,
    pub returning: Option<ReturnDialog>,
    pub message: Option<(bool, String)>,
    tz: jiff::tz::TimeZone,
}

pub struct ReturnDialog {
    pub sale: ReturnableSale,
    /// Quantity to take back per line, in the sale's line order.
    pub qty: Vec<Qty>,
    pub selected: usize,
    pub refund: RefundMethod,
    pub reason: TextInput,
    pub on_reason: bool,
}

impl ReturnDialog {
    pub fn new(sale: ReturnableSale) -> ReturnDialog {
        let refund = if sale.receivable_refundable.is_some() { RefundMethod::Receivable } else { RefundMethod::Cash };
        ReturnDialog {
            qty: vec![Qty::ZERO; sale.lines.len()],
            sale,
            selected: 0,
            refund,
            reason: TextInput::default(),
            on_reason: false,
        }
    }

    fn keys(&self) -> &'static [Key<HistoryKey>] {
        if self.on_reason { REASON_KEYS } else { RETURN_KEYS }
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        let command = lookup(self.keys(), key);
        if self.on_reason {
            match command {
                Some(HistoryKey::Up) => self.on_reason = false,
                Some(HistoryKey::Submit) => {
                    let lines: Vec<(i64, Qty)> = self
                        .sale
                        .lines
                        .iter()
                        .zip(&self.qty)
                        .filter(|(_, q)| q.is_positive())
                        .map(|(l, q)| (l.line_no, *q))
                        .collect();
                    return Some(Action::Cashier(CashierAction::Return {
                        invoice: self.sale.invoice.clone(),
                        lines,
                        refund: self.refund,
                        reason: self.reason.value().to_string(),
                    }));
                }
                _ => {
                    self.reason.handle(key);
                }
            }
            return None;
        }
        let line = self.sale.lines.get(self.selected)?;
        match command? {
            HistoryKey::Up => self.selected = self.selected.saturating_sub(1),
            HistoryKey::Down if self.selected + 1 < self.sale.lines.len() => self.selected += 1,
            HistoryKey::Down | HistoryKey::Submit => self.on_reason = true,
            HistoryKey::Quantity if key.code == KeyCode::Char('+') => {
                let q = self.qty[self.selected].checked_add(Qty::ONE).unwrap_or(Qty::ZERO);
                self.qty[self.selected] = q.min(line.returnable);
            }
            HistoryKey::Quantity => {
                let q = self.qty[self.selected].checked_sub(Qty::ONE).unwrap_or(Qty::ZERO);
                self.qty[self.selected] = q.max(Qty::ZERO);
            }
            HistoryKey::Refund if self.sale.receivable_refundable.is_some() => {
                self.refund = match self.refund {
                    RefundMethod::Cash => RefundMethod::Receivable,
                    RefundMethod::Receivable => RefundMethod::Cash,
                }
            }
            _ => {}
        }
        None
    }
}

pub enum HistoryOutcome {
    Stay(Option<Box<Action>>),
    Close,
}

impl HistoryDialog {
    pub fn new(sales: Vec<SaleSummary>, tz: jiff::tz::TimeZone) -> HistoryDialog {
        HistoryDialog { sales, selected: 0, receipt: None, void_reason: None, returning: None, message: None, tz }
    }

    /// A refused void or return: say why, and select the reason typed so that
    /// typing a better one replaces it.
    pub fn failed(&mut self, text: String) {
        for reason in [self.void_reason.as_mut(), self.returning.as_mut().map(|r| &mut r.reason)].into_iter().flatten()
        {
            let typed = reason.value().to_string();
            reason.prefill(&typed);
        }
        self.message = Some((true, text));
    }

    fn selected_sale(&self) -> Option<&SaleSummary> {
        self.sales.get(self.selected)
    }

    /// The keys of what is open: a return, a void, a receipt or the list.
    fn table(&self) -> &'static [Key<HistoryKey>] {
        match (&self.returning, &self.void_reason, &self.receipt) {
            (Some(dialog), _, _) => dialog.keys(),
            (None, Some(_), _) => VOID_KEYS,
            (None, None, Some(_)) => RECEIPT_KEYS,
            (None, None, None) => LIST_KEYS,
        }
    }

    /// Its keys as they stand, for F1.
    pub fn keys(&self) -> Vec<KeyHelp> {
        help(self.table())
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> HistoryOutcome {
        let command = lookup(self.table(), key);
        if command == Some(HistoryKey::Back) {
            if self.receipt.take().is_some() || self.void_reason.take().is_some() || self.returning.take().is_some() {
                return HistoryOutcome::Stay(None);
            }
            return HistoryOutcome::Close;
        }
        self.message = None;
        if let Some(dialog) = &mut self.returning {
            return HistoryOutcome::Stay(dialog.handle_key(key).map(Box::new));
        }
        if let Some(reason) = &mut self.void_reason {
            if command == Some(HistoryKey::Submit) {
                let invoice = self.sales.get(self.selected).map(|s| s.invoice.clone()).unwrap_or_default();
                let reason = reason.value().to_string();
                return HistoryOutcome::Stay(Some(Box::new(Action::Cashier(CashierAction::Void { invoice, reason }))));
            }
            reason.handle(key);
            return HistoryOutcome::Stay(None);
        }
        if let Some((sale_id, _, scroll)) = &mut self.receipt {
            match command {
                Some(HistoryKey::Move) if key.code == KeyCode::Up => *scroll = scroll.saturating_sub(1),
                Some(HistoryKey::Move) => *scroll = scroll.saturating_add(1),
                Some(HistoryKey::Print) => {
                    return HistoryOutcome::Stay(Some(Box::new(Action::Cashier(CashierAction::Print(*sale_id)))));
                }
                _ => {}
            }
            return HistoryOutcome::Stay(None);
        }
        let action = match command {
            Some(HistoryKey::Move) => {
                self.selected = move_selection(self.selected, self.sales.len(), key.code);
                None
            }
            Some(HistoryKey::Receipt) => self.selected_sale().map(|s| Action::Cashier(CashierAction::ShowReceipt(s.id))),
            Some(HistoryKey::Print) => self.selected_sale().map(|s| Action::Cashier(CashierAction::Print(s.id))),
            Some(HistoryKey::Void) => {
                if self.selected_sale().is_some_and(|s| s.status == SaleStatus::Completed) {
                    self.void_reason = Some(TextInput::default());
                }
                None
            }
            Some(HistoryKey::Return) => {
                self.selected_sale().map(|s| Action::Cashier(CashierAction::LoadReturnable(s.invoice.clone())))
            }
            _ => None,
        };
        HistoryOutcome::Stay(action.map(Box::new))
    }

    pub fn render(&self, frame: &mut Frame, inner: Rect, theme: &Theme, lang: Lang) {
        let width = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        let footer;
        if let Some((_, text, scroll)) = &self.receipt {
            lines.extend(text.lines().skip(*scroll as usize).map(|l| Line::from(l.to_string())));
            footer = hint_text(RECEIPT_KEYS, lang);
        } else if let Some(dialog) = &self.returning {
            let mut refund = match dialog.refund {
                RefundMethod::Cash => lang.pick("cash", "tunai"),
                RefundMethod::Receivable => lang.pick("reduce receivable", "kurangi piutang"),
            }
            .to_string();
            if dialog.sale.paid_points > crate::domain::Money::ZERO {
                refund.push_str(lang.pick(" + points", " + poin"));
            }
            lines.push(Line::from(Span::styled(
                format!(
                    "{} {} · {} {refund}",
                    lang.pick("Return", "Retur"),
                    dialog.sale.invoice,
                    lang.pick("refund:", "dikembalikan:")
                ),
                theme.title(),
            )));
            for (i, (line, qty)) in dialog.sale.lines.iter().zip(&dialog.qty).enumerate() {
                let text = format!(
                    "{:>3} × {:<w$} {:>5}/{}",
                    qty.text_in(lang),
                    line.name,
                    line.returnable.text_in(lang),
                    line.qty.text_in(lang),
                    w = width.saturating_sub(20)
                );
                let style = if i == dialog.selected && !dialog.on_reason { theme.selection() } else { theme.base() };
                lines.push(Line::from(Span::styled(text, style)));
            }
            let (reason, _) = dialog.reason.view(width.saturating_sub(10));
            let style = if dialog.on_reason { theme.selection() } else { theme.base() };
            lines.push(Line::from(vec![Span::raw(lang.pick("Reason: ", "Alasan: ")), Span::styled(reason, style)]));
            footer = hint_text(RETURN_KEYS, lang);
        } else {
            for (i, sale) in self.sales.iter().enumerate() {
                let time =
                    crate::clock::timestamp(sale.at).to_zoned(self.tz.clone()).strftime("%d/%m %H:%M").to_string();
                let void = if sale.status == SaleStatus::Void { " VOID" } else { "" };
                let who = sale.customer_name.clone().unwrap_or_default();
                let text = format!("{} {time} {:>10}{void} {who}", sale.invoice, sale.total.grouped());
                let style = if i == self.selected { theme.selection() } else { theme.base() };
                lines.push(Line::from(Span::styled(format!("{text:<width$}"), style)));
            }
            footer = hint_text(LIST_KEYS, lang);
        }
        let footer_line = match &self.message {
            Some((true, text)) => Span::styled(text.clone(), theme.error()),
            Some((false, text)) => Span::styled(text.clone(), theme.success()),
            None => Span::styled(footer, theme.muted()),
        };
        // A message longer than the box (a return with points back at 48 columns)
        // wraps onto more rows rather than losing its end.
        let footer_rows = footer_line.content.chars().count().div_ceil(width.max(1)).clamp(1, 3) as u16;
        let height = inner.height.saturating_sub(footer_rows) as usize;
        let start = if self.receipt.is_none() && self.returning.is_none() {
            (self.selected + 1).saturating_sub(height)
        } else {
            0
        };
        let shown: Vec<Line> = lines.into_iter().skip(start).take(height).collect();
        frame.render_widget(Paragraph::new(shown), Rect { height: height as u16, ..inner });
        let last = Rect { y: inner.y + height as u16, height: inner.height.saturating_sub(height as u16), ..inner };
        frame.render_widget(Paragraph::new(footer_line).wrap(ratatui::widgets::Wrap { trim: true }), last);
        if let (Some(reason), Some(sale)) = (&self.void_reason, self.selected_sale()) {
            self.render_void(reason, sale, frame, inner, theme, lang);
        }
    }

    /// The void asks for its reason in a box of its own, over the list, so what is
    /// typed is always in view.
    fn render_void(
        &self,
        reason: &TextInput,
        sale: &SaleSummary,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        lang: Lang,
    ) {
        let title = format!(" {} {} ", lang.pick("Void", "Batalkan"), sale.invoice);
        let inner = super::render::boxed(frame, super::render::centered(area, 46, 6), &title, theme);
        let (text, x) = reason.view(inner.width.saturating_sub(3) as usize);
        let hint = match &self.message {
            Some((true, error)) => Span::styled(error.clone(), theme.error()),
            _ => Span::styled(hint_text(VOID_KEYS, lang), theme.muted()),
        };
        let lines = vec![
            Line::from(Span::styled(format!("{} {}", lang.pick("Total", "Total"), sale.total), theme.warning())),
            Line::from(vec![Span::styled("> ", theme.accent()), Span::styled(text, theme.selection())]),
            Line::from(hint),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), inner);
        frame.set_cursor_position((inner.x + 2 + x as u16, inner.y + 1));
    }
}
