//! Drawing the till: customer and tier, the lines, totals, the input line with its
//! search results, and whichever dialog is open.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::CashierScreen;
use super::dialogs::{CustomerPicker, Dialog, TextPrompt};
use crate::domain::cart::CartCustomer;
use crate::domain::Money;
use crate::domain::words::Vocabulary;
use crate::services::checkout::HeldSale;
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::{Column, TableView, col, flex, num, or_too_large};

/// The columns of the sale's lines. When a line has a discount, its column
/// outranks the tier and the name gives up some room, so that at 48 columns every
/// row still adds up (qty × price − discount = amount).
fn line_columns(discounted: bool) -> [Column; 7] {
    let (item_width, tier_rank, discount_rank) = if discounted { (10, 5, 6) } else { (14, 6, 4) };
    [
        num("#", "#", 2, 3),
        flex("Item", "Barang", item_width, 10),
        num("Qty", "Qty", 6, 9),
        num("Price", "Harga", 9, 7),
        col("Tier", "Tk", 2, tier_rank),
        num("Disc.", "Disk.", 7, discount_rank),
        num("Amount", "Jumlah", 10, 8),
    ]
}


pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

pub(super) fn boxed(frame: &mut Frame, area: Rect, title: &str, theme: &Theme) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent())
        .title(Span::styled(title.to_string(), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

impl CashierScreen {
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let hint = self.suggestion_hint(lang);
        let width = area.width as usize;
        let head_height = 1 + u16::from(self.head_rows(width, lang).1.is_some());
        // A notice wider than the screen (a long item name in a stock warning) wraps
        // onto a second row rather than losing its end.
        let notice_height = match &self.notice {
            Some((_, text)) if text.chars().count() > width => 2,
            _ => 1,
        };
        let [head, lines_area, hint_area, totals_area, input_area, notice_area] = Layout::vertical([
            Constraint::Length(head_height),
            Constraint::Min(3),
            Constraint::Length(u16::from(hint.is_some())),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(notice_height),
        ])
        .areas(area);
        self.render_head(frame, head, theme, lang);
        self.render_lines(frame, lines_area, theme, lang);
        if let Some(hint) = hint {
            frame.render_widget(Paragraph::new(Span::styled(hint, theme.muted())), hint_area);
        }
        self.render_totals(frame, totals_area, theme, lang);
        self.render_input(frame, input_area, theme, lang);
        if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            let notice = Paragraph::new(Span::styled(text.as_str(), style)).wrap(ratatui::widgets::Wrap { trim: true });
            frame.render_widget(notice, notice_area);
        }
        if !self.results.is_empty() && self.dialog.is_none() {
            self.render_results(frame, lines_area, theme);
        }
        match &self.dialog {
            None => {}
            Some(Dialog::Payment(payment)) => payment.render(frame, area, theme, lang),
            Some(Dialog::Customer(picker)) => render_picker(picker, frame, area, theme, lang),
            Some(Dialog::Held { sales, selected }) => render_held(sales, *selected, frame, area, theme, lang),
            Some(Dialog::Orders { orders, listed_at, selected }) => {
                render_orders(orders, *listed_at, *selected, frame, area, theme, lang)
            }
            Some(Dialog::Prompt(prompt)) => render_prompt(prompt, frame, area, theme, lang),
            Some(Dialog::Receipt) => self.render_receipt(frame, area, theme, lang),
            Some(Dialog::History(history)) => {
                let popup = centered(area, 72, area.height);
                let inner = boxed(frame, popup, lang.pick(" Sales (F11) ", " Penjualan (F11) "), theme);
                history.render(frame, inner, theme, lang);
            }
        }
    }

    /// "Often bought together: Telur Ayam 1kg, Kecap Bango · F10 add", when there are any.
    fn suggestion_hint(&self, lang: Lang) -> Option<String> {
        let names: Vec<&str> = self.open_suggestions().map(|s| s.name.as_str()).collect();
        (!names.is_empty()).then(|| {
            format!(
                "{} {} · F10 {}",
                lang.pick("Often bought together:", "Sering dibeli bersama:"),
                names.join(", "),
                lang.pick("add", "tambah")
            )
        })
    }

    /// What the customer owes and their points, each figure whole: `long` points
    /// also say what they are worth.
    fn customer_figures(&self, c: &CartCustomer, long: bool, lang: Lang) -> Vec<String> {
        let mut figures = Vec::new();
        if c.receivable > Money::ZERO || c.credit_limit > Money::ZERO {
            let owes = lang.pick("owes", "piutang");
            figures.push(format!("{owes} {}/{}", c.receivable.grouped(), c.credit_limit.grouped()));
        }
        if self.points.enabled {
            let points = format!("{} {}", lang.pick("points", "poin"), c.points);
            figures.push(if long {
                format!("{points} (Rp {})", self.points.value_of(c.points).grouped())
            } else {
                points
            });
        }
        figures
    }

    /// The head: the customer on the left, the price tier on the right. The
    /// customer's figures are never cut: when they and a readable name do not fit
    /// on one row, they take a second row of their own.
    fn head_rows(&self, width: usize, lang: Lang) -> (String, Option<String>) {
        let Some(c) = &self.cart.customer else {
            return (lang.pick("No customer (F2)", "Tanpa pelanggan (F2)").to_string(), None);
        };
        let room = width.saturating_sub(self.head_right(lang).chars().count() + 1);
        let who = format!("{} {}", c.code, c.name);
        let long = self.customer_figures(c, true, lang).join(" · ");
        // At least 6 letters of the name stay readable beside the figures.
        let least_who = who.chars().count().min(c.code.chars().count() + 7);
        let fits = |figures: &str| figures.is_empty() || least_who + 3 + figures.chars().count() <= room;
        if fits(&long) {
            let name_room = room.saturating_sub(if long.is_empty() { 0 } else { long.chars().count() + 3 });
            let who: String = who.chars().take(name_room).collect();
            let line = if long.is_empty() { who } else { format!("{who} · {long}") };
            return (line, None);
        }
        let short = self.customer_figures(c, false, lang).join(" · ");
        let figures = if long.chars().count() <= width { long } else { short };
        (who.chars().take(room).collect(), Some(figures))
    }

    fn head_right(&self, lang: Lang) -> String {
        let approved = if self.approval.is_some() { " ✓" } else { "" };
        format!("{} {} {approved}", lang.pick("Price:", "Harga:"), self.cart.tier.label(lang))
    }

    fn render_head(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let width = area.width as usize;
        let right = self.head_right(lang);
        let (left, figures) = self.head_rows(width, lang);
        let pad = width.saturating_sub(left.chars().count() + right.chars().count());
        let mut lines = vec![Line::from(vec![
            Span::styled(left, theme.accent()),
            Span::raw(" ".repeat(pad)),
            Span::styled(right, theme.title()),
        ])];
        if let Some(figures) = figures {
            lines.push(Line::from(Span::styled(figures, theme.accent())));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn render_lines(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        if self.cart.is_empty() {
            let hint = lang.pick(
                "Scan or type a code and press Enter · letters search names · F1 help",
                "Scan atau ketik kode lalu Enter · huruf mencari nama · F1 bantuan",
            );
            frame.render_widget(
                Paragraph::new(Span::styled(hint, theme.muted())).wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        }
        let tier = self.cart.tier;
        let rows: Vec<Vec<String>> = self
            .cart
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let (line_tier, price) = line.pricing(tier);
                let typed = if line.price_override.is_some() { "*" } else { "" };
                vec![
                    (i + 1).to_string(),
                    line.item.name.clone(),
                    line.qty.text_in(lang),
                    format!("{}{typed}", price.grouped()),
                    line_tier.short(lang).to_string(),
                    line.discount_amount(tier)
                        .map(|d| if d == Money::ZERO { String::new() } else { d.grouped() })
                        .unwrap_or_default(),
                    line.total(tier).map(|t| t.grouped()).unwrap_or_else(|_| "!".into()),
                ]
            })
            .collect();
        let discounted = rows.iter().any(|row| !row[5].is_empty());
        TableView { columns: &line_columns(discounted), rows: &rows, dimmed: &[], selected: Some(self.selected) }
            .render(frame, area, theme, lang);
    }

    fn render_totals(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let Ok(t) = self.cart.totals(self.tax_bp) else { return };
        let mut left = Vec::new();
        if t.all_discounts > Money::ZERO {
            left.push(format!("{} {}", lang.pick("Disc.", "Disk."), t.all_discounts.grouped()));
        }
        if t.tax > Money::ZERO {
            left.push(format!("{} {}", lang.pick("Tax", "Pajak"), t.tax.grouped()));
        }
        left.push(format!("{} {}", lang.pick("Items", "Item"), self.cart.item_count().text_in(lang)));
        let left = left.join(" · ");
        let right = format!("TOTAL {} ", t.total);
        let pad = (area.width as usize).saturating_sub(left.chars().count() + right.chars().count());
        let line = Line::from(vec![
            Span::styled(left, theme.muted()),
            Span::raw(" ".repeat(pad)),
            Span::styled(right, theme.title()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
    }

    fn render_input(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let keys = format!(" {}", hint_text(super::TILL_KEYS, lang));
        let room = (area.width as usize).saturating_sub(2);
        let show_keys = room >= keys.len() + 24;
        let field = if show_keys { room - keys.len() } else { room };
        let (text, x) = self.input.view(field.saturating_sub(1));
        let mut spans =
            vec![Span::styled("> ", theme.accent()), Span::styled(format!("{text:<field$}"), theme.selection())];
        if show_keys {
            spans.push(Span::styled(keys, theme.muted()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        if self.dialog.is_none() {
            frame.set_cursor_position((area.x + 2 + x as u16, area.y));
        }
    }

    fn render_results(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let height = (self.results.len() as u16 + 2).min(area.height);
        let popup = Rect { x: area.x, y: area.y + area.height - height, width: area.width.min(60), height };
        let inner = boxed(frame, popup, " ↑/↓ Enter ", theme);
        let lines: Vec<Line> = self
            .results
            .iter()
            .enumerate()
            .map(|(i, hit)| {
                let style = if i == self.result_selected { theme.selection() } else { theme.base() };
                Line::from(Span::styled(format!("{:<w$}", hit.label, w = inner.width as usize), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_receipt(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let Some((sale, receipt)) = &self.last_sale else { return };
        let receipt_lines: Vec<&str> = receipt.lines().collect();
        let hint = hint_text(super::RECEIPT_KEYS, lang);
        let widest = receipt_lines.iter().map(|l| l.chars().count()).max().unwrap_or(20);
        let width = widest.max(hint.chars().count()) as u16 + 4;
        // The member's points stay in view under the change, however long the receipt.
        let points = sale.points_balance.map(|balance| {
            format!(
                "{} +{} -{} · {} {balance}",
                lang.pick("Points", "Poin"),
                sale.points_earned,
                sale.points_redeemed,
                lang.pick("balance", "saldo")
            )
        });
        let top = 1 + u16::from(points.is_some());
        let popup = centered(area, width, receipt_lines.len() as u16 + 3 + top);
        let title = format!(" {} ", sale.invoice);
        let inner = boxed(frame, popup, &title, theme);
        let [change_area, body, footer] =
            Layout::vertical([Constraint::Length(top), Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let change =
            Line::from(Span::styled(format!("{} {}", lang.pick("CHANGE", "KEMBALIAN"), sale.change), theme.success()));
        let points = points.map(|p| Line::from(Span::styled(p, theme.accent())));
        frame.render_widget(Paragraph::new(std::iter::once(change).chain(points).collect::<Vec<_>>()), change_area);
        let longest = receipt_lines.len().saturating_sub(body.height as usize) as u16;
        let lines: Vec<Line> = receipt_lines.iter().map(|l| Line::from(l.to_string())).collect();
        frame.render_widget(Paragraph::new(lines).scroll((self.receipt_scroll.min(longest), 0)), body);
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.muted())), footer);
    }
}

fn render_prompt(prompt: &TextPrompt, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
    // Tall enough for a wrapped error (a refused scan says what to do instead).
    let popup = centered(area, 46, 8);
    let inner = boxed(frame, popup, prompt.title, theme);
    let (text, x) = prompt.input.view(inner.width.saturating_sub(3) as usize);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.accent()),
        Span::styled(text, prompt.input.style(theme.selection())),
    ])];
    if prompt.kind == super::dialogs::PromptKind::Discount {
        let target = if prompt.whole_sale {
            lang.pick("whole sale", "seluruh nota")
        } else {
            lang.pick("selected line", "baris terpilih")
        };
        lines.push(Line::from(Span::styled(format!("{} {target}", lang.pick("For:", "Untuk:")), theme.accent())));
    }
    if prompt.kind == super::dialogs::PromptKind::Pin {
        let text = format!("{} {}", lang.pick("For:", "Untuk:"), super::dialogs::covers_label(&prompt.covers, lang));
        lines.push(Line::from(Span::styled(text, theme.accent())));
    }
    match &prompt.error {
        Some(error) => lines.push(Line::from(Span::styled(error.as_str(), theme.error()))),
        None => lines.push(Line::from(Span::styled(hint_text(prompt.keys, lang), theme.muted()))),
    }
    frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), inner);
    frame.set_cursor_position((inner.x + 2 + x as u16, inner.y));
}

fn render_picker(picker: &CustomerPicker, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
    let popup = centered(area, 64, area.height);
    if let Some(form) = &picker.creating {
        form.render(frame, centered(area, 64, form.wanted_height(64)), theme, lang);
        return;
    }
    let inner = boxed(frame, popup, lang.pick(" Customer (F2) ", " Pelanggan (F2) "), theme);
    let (text, x) = picker.input.view(inner.width.saturating_sub(3) as usize);
    let mut lines = vec![Line::from(vec![Span::styled("> ", theme.accent()), Span::raw(text)])];
    let none = lang.pick("(no customer)", "(tanpa pelanggan)").to_string();
    let mut entries = vec![none];
    entries.extend(picker.results.iter().map(|c| {
        let phone = c.data.phone.as_ref().map(|p| p.local()).unwrap_or_default();
        format!("{} {} {phone}", c.code, c.data.name)
    }));
    let visible = inner.height.saturating_sub(3) as usize;
    let start = (picker.selected + 1).saturating_sub(visible);
    for (i, entry) in entries.iter().enumerate().skip(start).take(visible) {
        let style = if i == picker.selected { theme.selection() } else { theme.base() };
        lines.push(Line::from(Span::styled(format!("{entry:<w$}", w = inner.width as usize), style)));
    }
    let footer = match &picker.error {
        Some(error) => Span::styled(error.clone(), theme.error()),
        None => Span::styled(hint_text(super::dialogs::PICKER_KEYS, lang), theme.muted()),
    };
    let footer_y = inner.y + inner.height.saturating_sub(1);
    frame.render_widget(Paragraph::new(lines), inner);
    frame.render_widget(Paragraph::new(footer), Rect { y: footer_y, height: 1, ..inner });
    frame.set_cursor_position((inner.x + 2 + x as u16, inner.y));
}

fn render_held(sales: &[HeldSale], selected: usize, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
    let popup = centered(area, 50, sales.len() as u16 + 4);
    let inner = boxed(frame, popup, lang.pick(" Held sales (F4) ", " Penjualan ditahan (F4) "), theme);
    let mut lines: Vec<Line> = sales
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = if i == selected { theme.selection() } else { theme.base() };
            let text = format!("{} · {} {}", s.label, s.lines, lang.pick("lines", "baris"));
            Line::from(Span::styled(format!("{text:<w$}", w = inner.width as usize), style))
        })
        .collect();
    lines.push(Line::from(Span::styled(hint_text(super::dialogs::HELD_KEYS, lang), theme.muted())));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// F10: WhatsApp orders, oldest first: number, who, lines, estimate, age.
fn render_orders(
    orders: &[crate::services::assistant::OpenOrder],
    listed_at: i64,
    selected: usize,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    lang: Lang,
) {
    let popup = centered(area, 70, orders.len() as u16 + 4);
    let inner = boxed(frame, popup, lang.pick(" WhatsApp orders (F10) ", " Pesanan WhatsApp (F10) "), theme);
    let mut lines: Vec<Line> = orders
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let style = if i == selected { theme.selection() } else { theme.base() };
            let who = o.customer_name.clone().unwrap_or_else(|| o.phone.clone());
            let minutes = (listed_at - o.created_at).max(0) / 60_000;
            let age = if minutes < 60 { format!("{minutes} min") } else { format!("{} h", minutes / 60) };
            let status = Vocabulary::OrderStatus.word(&o.status, lang);
            let text = format!(
                "#{} {who} · {} {} · {} · {status} · {age}",
                o.id,
                o.lines.len(),
                lang.pick("lines", "baris"),
                or_too_large(o.total(), lang, |m| m.to_string())
            );
            Line::from(Span::styled(format!("{text:<w$}", w = inner.width as usize), style))
        })
        .collect();
    lines.push(Line::from(Span::styled(hint_text(super::dialogs::ORDER_KEYS, lang), theme.muted())));
    frame.render_widget(Paragraph::new(lines), inner);
}
