//! Drawing the Purchases screen: a pure function of its state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::dialogs::{ITEM_KEYS, STATEMENT_KEYS};
use super::{
    Dialog, HISTORY_KEYS, OPEN_INVOICE_KEYS, PAY_KEY, PAY_ON_RECEIPT, PurchasesScreen, RECEIVE_KEYS,
    SUPPLIERS_OWED_KEYS, SWITCH_KEYS, View,
};
use crate::domain::receivable::DebtSide;
use crate::services::payables::PurchaseRef;
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::debts::{DebtColumns, DebtHints, PAY_KEYS, PAY_METHODS, render_statement};
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::payment::method_label;
use crate::tui::widgets::popup;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::{Column, TableView, col, flex, num, or_too_large};

const LINE_COLUMNS: &[Column] = &[
    col("SKU", "SKU", 10, 3),
    flex("Item", "Barang", 14, 10),
    num("Qty", "Jml", 6, 9),
    num("Pack", "Isi", 5, 4),
    num("Cost/pack", "Harga/kmsn", 11, 7),
    num("Total", "Total", 12, 8),
];

/// Then the age buckets, as many as fit ([`AgingTable`]).
const OWED_COLUMNS: &[Column] = &[flex("Supplier", "Pemasok", 14, 10), num("Owed", "Utang", 10, 9)];

const OPEN_COLUMNS: &[Column] = &[
    col("Number", "Nomor", 9, 6),
    flex("Invoice", "Faktur", 10, 3),
    col("Due", "Jatuh tempo", 11, 7),
    num("Amount", "Jumlah", 11, 5),
    num("Paid", "Dibayar", 11, 4),
    num("Balance", "Sisa", 11, 9),
    num("Late", "Telat", 5, 8),
];

const PAYABLES: DebtColumns<(), PurchaseRef> = DebtColumns {
    side: DebtSide::Payable,
    parties: OWED_COLUMNS,
    lead: |r| vec![r.name.clone()],
    items: OPEN_COLUMNS,
    first: |purchase| [purchase.number.clone(), purchase.supplier_invoice.clone()],
};

const HISTORY_COLUMNS: &[Column] = &[
    col("Number", "Nomor", 9, 9),
    col("Date", "Tanggal", 10, 6),
    flex("Supplier", "Pemasok", 12, 8),
    col("Invoice", "Faktur", 10, 3),
    num("Total", "Total", 12, 7),
    col("Paid by", "Bayar", 10, 4),
];

impl PurchasesScreen {
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        if self.denied {
            let text = lang.pick(
                "Purchasing is for owners and managers. Alt+2 cashier · Ctrl+P commands",
                "Pembelian hanya untuk pemilik dan manajer. Alt+2 kasir · Ctrl+P perintah",
            );
            frame.render_widget(Paragraph::new(Span::styled(text, theme.warning())).wrap(Default::default()), area);
            return;
        }
        let [tabs, body, notice] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let names = [
            (View::Receive, lang.pick("Receive", "Terima barang")),
            (View::Payables, lang.pick("Payables", "Utang")),
            (View::History, lang.pick("History", "Riwayat")),
        ];
        let mut spans: Vec<Span> = names
            .iter()
            .map(|(v, name)| {
                let style = if *v == self.view { theme.selection() } else { theme.muted() };
                Span::styled(format!(" {name} "), style)
            })
            .collect();
        spans.push(Span::styled(format!(" {}", hint_text(SWITCH_KEYS, lang)), theme.muted()));
        frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
        match self.view {
            View::Receive => self.render_receive(frame, body, theme, lang),
            View::Payables => self.render_payables(frame, body, theme, lang),
            View::History => self.render_history(frame, body, theme, lang),
        }
        if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), notice);
        }
        if let Some(dialog) = &self.dialog {
            self.render_dialog(dialog, frame, body, theme, lang);
        }
        if let Some(dialog) = &self.labels {
            dialog.render(frame, body, theme, lang);
        }
    }

    fn render_receive(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [head, input, table, total] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)])
                .areas(area);
        let supplier = match &self.supplier {
            Some((_, name)) => Span::styled(name.clone(), theme.accent()),
            None => Span::styled(lang.pick("(F2 pick supplier)", "(F2 pilih pemasok)"), theme.warning()),
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::raw(lang.pick("Supplier: ", "Pemasok: ")), supplier])),
            head,
        );
        let (text, _) = self.input.view((input.width as usize).saturating_sub(3));
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::styled("> ", theme.accent()), Span::raw(text), Span::raw("▏")])),
            input,
        );
        let rows: Vec<Vec<String>> = self
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.sku.clone(),
                    l.name.clone(),
                    l.packs.text_in(lang),
                    if l.factor == crate::domain::Qty::ONE { String::new() } else { format!("×{}", l.factor.text_in(lang)) },
                    l.pack_cost.grouped(),
                    l.total().grouped(),
                ]
            })
            .collect();
        if rows.is_empty() {
            let hint = format!(
                "{} · {}",
                lang.pick(
                    "Scan or type a code (2*CODE for 2 packs) or a name",
                    "Scan atau ketik kode (2*KODE untuk 2 kemasan) atau nama"
                ),
                hint_text(RECEIVE_KEYS, lang)
            );
            frame.render_widget(Paragraph::new(Span::styled(hint, theme.muted())).wrap(Default::default()), table);
        } else {
            TableView { columns: LINE_COLUMNS, rows: &rows, dimmed: &[], selected: Some(self.selected) }
                .render(frame, table, theme, lang);
        }
        let text = format!(
            "{} {} · {} {}",
            self.lines.len(),
            lang.pick("lines", "baris"),
            lang.pick("Total", "Total"),
            or_too_large(self.total(), lang, |m| m.to_string())
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.title())), total);
    }

    fn render_payables(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let areas = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let hints = DebtHints {
            parties: hint_text(SUPPLIERS_OWED_KEYS, lang),
            parties_narrow: hint_text(&[PAY_KEY], lang),
            items: hint_text(OPEN_INVOICE_KEYS, lang),
        };
        self.payables.render(&PAYABLES, &hints, frame, areas, theme, lang);
    }

    fn render_history(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(Span::styled(hint_text(HISTORY_KEYS, lang), theme.muted())), head);
        let rows: Vec<Vec<String>> = self
            .history
            .iter()
            .map(|p| {
                vec![
                    p.number.clone(),
                    p.invoice_date.to_string(),
                    p.supplier_name.clone(),
                    p.supplier_invoice.clone(),
                    p.total.grouped(),
                    p.payment.parse().map_or_else(|_| p.payment.clone(), |m| method_label(m, lang).to_string()),
                ]
            })
            .collect();
        TableView { columns: HISTORY_COLUMNS, rows: &rows, dimmed: &[], selected: Some(self.history_selected) }
            .render(frame, table, theme, lang);
    }

    fn render_dialog(&self, dialog: &Dialog, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let w = area.width.min(60).saturating_sub(2);
        match dialog {
            Dialog::Supplier { filter, rows, selected } => {
                let mut lines = vec![popup::field(lang.pick("Find", "Cari"), filter, true, w, theme)];
                let shown = (area.height as usize).saturating_sub(6).max(1);
                let start = selected.saturating_sub(shown - 1);
                for (i, row) in rows.iter().enumerate().skip(start).take(shown) {
                    let style = if i == *selected { theme.selection() } else { theme.base() };
                    lines.push(Line::from(Span::styled(format!(" {}", row.data.name), style)));
                }
                let create = format!(" + {} '{}'", lang.pick("New supplier", "Pemasok baru"), filter.value().trim());
                let style = if *selected == rows.len() { theme.selection() } else { theme.muted() };
                if !filter.value().trim().is_empty() {
                    lines.push(Line::from(Span::styled(create, style)));
                }
                lines.push(popup::hint(&hint_text(&dialog.keys(), lang), theme));
                popup::render(frame, area, lang.pick("Supplier", "Pemasok"), lines, theme);
            }
            Dialog::Items { rows, selected, .. } => {
                let mut lines = Vec::new();
                for (i, row) in rows.iter().enumerate().take((area.height as usize).saturating_sub(3)) {
                    let style = if i == *selected { theme.selection() } else { theme.base() };
                    lines.push(Line::from(Span::styled(format!(" {:<8} {}", row.data.sku, row.data.name), style)));
                }
                let title = format!("{} · {}", lang.pick("Pick an item", "Pilih barang"), hint_text(ITEM_KEYS, lang));
                popup::render(frame, area, &title, lines, theme);
            }
            Dialog::Line { line, qty, cost, on_cost, .. } => {
                let pack = if line.factor == crate::domain::Qty::ONE {
                    String::new()
                } else {
                    format!(" ({} {})", lang.pick("pack of", "isi"), line.factor)
                };
                let lines = vec![
                    Line::from(Span::styled(format!("{} {}{pack}", line.sku, line.name), theme.accent())),
                    popup::field(lang.pick("Quantity", "Jumlah"), qty, !on_cost, w, theme),
                    popup::field(lang.pick("Cost/pack", "Harga/kemasan"), cost, *on_cost, w, theme),
                    popup::hint(&hint_text(&dialog.keys(), lang), theme),
                ];
                popup::render(frame, area, lang.pick("Line", "Baris"), lines, theme);
            }
            Dialog::CreateItem { code, name, price, on_price } => {
                let lines = vec![
                    Line::from(Span::styled(
                        format!("{} {code}", lang.pick("New item with code", "Barang baru dengan kode")),
                        theme.warning(),
                    )),
                    popup::field(lang.pick("Name", "Nama"), name, !on_price, w, theme),
                    popup::field(lang.pick("Sell price", "Harga jual"), price, *on_price, w, theme),
                    popup::hint(&hint_text(&dialog.keys(), lang), theme),
                ];
                popup::render(frame, area, lang.pick("Unknown code", "Kode tidak dikenal"), lines, theme);
            }
            Dialog::Finish { invoice, date, method, due, focus } => {
                let methods: Vec<&str> = PAY_ON_RECEIPT.iter().map(|m| method_label(*m, lang)).collect();
                let credit = PAY_ON_RECEIPT[*method] == crate::domain::PaymentMethod::Credit;
                let mut lines = vec![
                    Line::from(Span::styled(
                        format!(
                            "{} · {}",
                            self.supplier.as_ref().map(|s| s.1.as_str()).unwrap_or(""),
                            or_too_large(self.total(), lang, |m| m.to_string())
                        ),
                        theme.accent(),
                    )),
                    popup::field(lang.pick("Invoice no.", "No. faktur"), invoice, *focus == 0, w, theme),
                    popup::field(lang.pick("Invoice date", "Tgl faktur"), date, *focus == 1, w, theme),
                    popup::choices(lang.pick("Payment", "Pembayaran"), &methods, *method, w, theme),
                ];
                if credit {
                    lines.push(popup::field(lang.pick("Due date", "Jatuh tempo"), due, *focus == 2, w, theme));
                    lines.push(popup::hint(
                        lang.pick("  empty: 30 days after the invoice", "  kosong: 30 hari setelah faktur"),
                        theme,
                    ));
                }
                lines.push(popup::hint(&hint_text(&dialog.keys(), lang), theme));
                popup::render(frame, area, lang.pick("Finish purchase", "Selesaikan pembelian"), lines, theme);
            }
            Dialog::Pay { form, payable_id, .. } => {
                let methods: Vec<&str> = PAY_METHODS.iter().map(|m| method_label(*m, lang)).collect();
                let what = match payable_id {
                    Some(_) => lang.pick("this invoice", "faktur ini"),
                    None => lang.pick("oldest first", "terlama dulu"),
                };
                let lines = vec![
                    Line::from(Span::styled(what, theme.muted())),
                    popup::choices(lang.pick("Method", "Cara"), &methods, form.method, w, theme),
                    popup::field(lang.pick("Amount", "Jumlah"), &form.amount, !form.on_reference, w, theme),
                    popup::field(lang.pick("Reference", "Referensi"), &form.reference, form.on_reference, w, theme),
                    popup::hint(&hint_text(PAY_KEYS, lang), theme),
                ];
                popup::render(frame, area, lang.pick("Pay supplier", "Bayar pemasok"), lines, theme);
            }
            Dialog::Statement { lines, scroll } => {
                let title =
                    format!(" {} · {} ", lang.pick("Statement", "Rekening koran"), hint_text(STATEMENT_KEYS, lang));
                render_statement(frame, area, theme, &title, lines, *scroll);
            }
            Dialog::Return { number, lines: received, selected, qty, reason, on_reason } => {
                let mut lines = vec![Line::from(Span::styled(number.clone(), theme.accent()))];
                for (i, l) in received.iter().enumerate() {
                    let style = if i == *selected { theme.selection() } else { theme.base() };
                    let left = l.qty.checked_sub(l.returned).unwrap_or_default();
                    lines.push(Line::from(Span::styled(
                        format!(" {:<8} {:<20.20} {:>6} {}", l.sku, l.name, left, lang.pick("left", "sisa")),
                        style,
                    )));
                }
                lines.push(popup::field(lang.pick("Quantity", "Jumlah"), qty, !on_reason, w, theme));
                lines.push(popup::field(lang.pick("Reason", "Alasan"), reason, *on_reason, w, theme));
                lines.push(popup::hint(&hint_text(&dialog.keys(), lang), theme));
                popup::render(frame, area, lang.pick("Return to supplier", "Retur ke pemasok"), lines, theme);
            }
        }
    }
}
