//! Receivables (Alt+7, second tab): who owes what, aged; Enter opens a customer's
//! open invoices, `p` takes a payment (applied oldest first), `s` shows a statement.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::domain::receivable::DebtSide;
use crate::domain::{Money, PaymentMethod};
use crate::services::receivables::{CreditSaleRef, CustomerReceivable, OpenReceivable, Statement};
use crate::tui::action::{Action, CrmAction, ReceivablesAction};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::debts::{OpenItems, Parties, PartyRow, render_statement};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::{Column, blank_zero, col, flex, move_selection, num};

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

const PAY_METHODS: [PaymentMethod; 3] = [PaymentMethod::Cash, PaymentMethod::Transfer, PaymentMethod::Qris];

struct Detail {
    customer_id: i64,
    name: String,
    rows: Vec<OpenReceivable>,
    selected: usize,
}

struct PayPrompt {
    amount: TextInput,
    method: usize,
    reference: TextInput,
    on_reference: bool,
}

#[derive(Default)]
pub struct ReceivablesScreen {
    rows: Vec<CustomerReceivable>,
    selected: usize,
    detail: Option<Detail>,
    pay: Option<PayPrompt>,
    statement: Option<(Vec<String>, u16)>,
    notice: Option<(Notice, String)>,
}

impl ReceivablesScreen {
    pub fn set_rows(&mut self, rows: Vec<CustomerReceivable>) {
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn set_detail(&mut self, customer_id: i64, name: String, rows: Vec<OpenReceivable>) {
        self.detail = Some(Detail { customer_id, name, rows, selected: 0 });
    }

    pub fn set_statement(&mut self, statement: &Statement, lang: Lang) {
        let mut lines = vec![
            format!("{} {} · {} – {}", statement.code, statement.name, statement.from, statement.to),
            format!("{:<34}{:>12}", lang.pick("Opening balance", "Saldo awal"), statement.opening_balance.grouped()),
        ];
        for l in &statement.lines {
            let (debit, credit) = (blank_zero(l.debit), blank_zero(l.credit));
            lines.push(format!(
                "{} {:<20.20} {:>10} {:>10} {:>10}",
                l.date,
                format!("{} {}", l.reference, l.description),
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
        self.detail.as_ref().map(|d| d.customer_id)
    }

    fn selected_customer(&self) -> Option<(i64, Money)> {
        match &self.detail {
            Some(d) => {
                Some((d.customer_id, d.rows.iter().fold(Money::ZERO, |s, r| s.checked_add(r.balance).unwrap_or(s))))
            }
            None => self.rows.get(self.selected).map(|r| (r.customer_id, r.total)),
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        if let Some((_, scroll)) = &mut self.statement {
            match key.code {
                KeyCode::Up => *scroll = scroll.saturating_sub(1),
                KeyCode::Down => *scroll = scroll.saturating_add(1),
                KeyCode::Esc => self.statement = None,
                _ => {}
            }
            return None;
        }
        let customer = self.selected_customer();
        if let Some(pay) = &mut self.pay {
            match key.code {
                KeyCode::Esc => self.pay = None,
                KeyCode::Tab => pay.method = (pay.method + 1) % PAY_METHODS.len(),
                KeyCode::Down | KeyCode::Up => pay.on_reference = !pay.on_reference,
                KeyCode::Enter => {
                    let (customer_id, _) = customer?;
                    return match Money::parse_non_negative(pay.amount.value()) {
                        Ok(amount) => Some(Action::Crm(CrmAction::Receivables(ReceivablesAction::Pay {
                            customer_id,
                            amount,
                            method: PAY_METHODS[pay.method],
                            reference: pay.reference.value().to_string(),
                        }))),
                        Err(e) => {
                            self.notice = Some((Notice::Error, e.to_string()));
                            None
                        }
                    };
                }
                _ if pay.on_reference => {
                    pay.reference.handle(key);
                }
                _ => {
                    pay.amount.handle(key);
                }
            }
            return None;
        }
        self.notice = None;
        match key.code {
            KeyCode::Esc if self.detail.is_some() => {
                self.detail = None;
                return Some(Action::Crm(CrmAction::Receivables(ReceivablesAction::Load)));
            }
            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown | KeyCode::Home | KeyCode::End => {
                let (selected, len) = match &mut self.detail {
                    Some(d) => (&mut d.selected, d.rows.len()),
                    None => (&mut self.selected, self.rows.len()),
                };
                *selected = move_selection(*selected, len, key.code);
            }
            KeyCode::Enter if self.detail.is_none() => {
                let row = self.rows.get(self.selected)?;
                return Some(Action::Crm(CrmAction::Receivables(ReceivablesAction::Open(row.customer_id))));
            }
            KeyCode::Char('p') => {
                let (_, owed) = self.selected_customer()?;
                self.pay = Some(PayPrompt {
                    amount: TextInput::new(&owed.rupiah().to_string()),
                    method: 0,
                    reference: TextInput::default(),
                    on_reference: false,
                });
            }
            KeyCode::Char('s') => {
                let (customer_id, _) = self.selected_customer()?;
                return Some(Action::Crm(CrmAction::Receivables(ReceivablesAction::Statement(customer_id))));
            }
            _ => {}
        }
        None
    }

    pub fn help(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        vec![
            ("Enter", "a customer's open invoices", "nota terbuka pelanggan"),
            ("p", "take a payment (oldest first)", "terima pembayaran (terlama dulu)"),
            ("s", "statement (last 90 days)", "rekening koran (90 hari)"),
            ("Esc", "back to all customers", "kembali ke semua pelanggan"),
        ]
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [head, table, notice] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        match &self.detail {
            Some(d) => {
                let first = |sale: &CreditSaleRef| [sale.invoice.clone(), sale.sale_date.to_string()];
                let side = DebtSide::Receivable;
                OpenItems { side, name: &d.name, columns: DETAIL_COLUMNS, items: &d.rows, first, selected: d.selected }
                    .render(frame, [head, table], theme, lang);
            }
            None => {
                let rows: Vec<PartyRow> = self
                    .rows
                    .iter()
                    .map(|r| PartyRow { lead: vec![r.code.clone(), r.name.clone()], total: r.total, aging: &r.aging })
                    .collect();
                Parties { side: DebtSide::Receivable, lead: SUMMARY_COLUMNS, rows: &rows, selected: self.selected }
                    .render(frame, [head, table], theme, lang);
            }
        }
        if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), notice);
        }
        if let Some(pay) = &self.pay {
            self.render_pay(pay, frame, area, theme, lang);
        }
        if let Some((lines, scroll)) = &self.statement {
            let title = lang.pick(" Statement · ↑/↓ · Esc ", " Rekening koran · ↑/↓ · Esc ");
            render_statement(frame, area, theme, title, lines, *scroll);
        }
    }

    fn render_pay(&self, pay: &PayPrompt, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
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
            Line::from(Span::styled(
                lang.pick("Tab method · ↓ reference · Enter", "Tab cara · ↓ referensi · Enter"),
                theme.muted(),
            )),
        ];
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
