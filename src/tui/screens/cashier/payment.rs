//! F12: take payment. The amount starts at what is left to pay; Tab cycles
//! cash / transfer / QRIS / credit; Enter takes the payment, and completes the sale
//! once the total is covered. Transfer and QRIS may be part payments (split); cash
//! may not be less than what is left, and shows the change when it is more.
//! With the shop's QRIS set, choosing QRIS shows a dynamic QR for the amount: the
//! customer scans it, and Enter confirms the money came (QRIS has no callback
//! without a payment provider); the reference is optional.

use crate::tui::widgets::payment::method_label;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::domain::points::PointsRules;
use crate::domain::qris::{self, Payload};
use crate::domain::{Money, PaymentMethod};
use crate::services::checkout::Tender;
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::input::TextInput;
use crate::tui::keymap::{Key, KeyHelp, UP_DOWN, help, key, lookup, press, typed};
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::qr;

/// Cash may give at most this much change: more is a mistyped or scanned amount.
const MAX_CHANGE: Money = Money::new(1_000_000);

/// What the payment dialog's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PaymentKey {
    /// Tab / Shift+Tab: the next or previous way to pay.
    Method,
    Take,
    Approve,
    Back,
    /// Between the amount and the reference (transfer, QRIS).
    Reference,
    /// Erase a digit; on an empty amount, the last part payment.
    Erase,
}

/// The payment dialog's keys, as README names them.
pub(super) const KEYS: &[Key<PaymentKey>] = &[
    key(
        "Tab",
        &[press(KeyCode::Tab), press(KeyCode::BackTab)],
        PaymentKey::Method,
        "cash / transfer / QRIS / credit / points",
        "tunai / transfer / QRIS / kredit / poin",
    )
    .hint("method", "cara"),
    key(
        "Enter",
        &[press(KeyCode::Enter)],
        PaymentKey::Take,
        "pay the amount; exactly the rest finishes the sale",
        "bayar jumlahnya; pas sisa menyelesaikan nota",
    )
    .hint("pay", "bayar"),
    key("F9", &[press(KeyCode::F(9))], PaymentKey::Approve, "manager PIN (credit)", "PIN manajer (kredit)")
        .hint("PIN", "PIN"),
    key("Esc", &[press(KeyCode::Esc)], PaymentKey::Back, "back to the sale", "kembali ke nota").hint("back", "kembali"),
    typed("digits", "the amount", "jumlah uang"),
    key("↑/↓", UP_DOWN, PaymentKey::Reference, "amount / reference (transfer, QRIS)", "jumlah / referensi (transfer, QRIS)"),
    key(
        "Backspace",
        &[press(KeyCode::Backspace)],
        PaymentKey::Erase,
        "erase; on an empty amount: undo the last part payment",
        "hapus; jumlah kosong: batalkan bayar sebagian terakhir",
    ),
];

pub struct PaymentDialog {
    total: Money,
    method: PaymentMethod,
    amount: TextInput,
    reference: TextInput,
    on_reference: bool,
    tenders: Vec<Tender>,
    has_customer: bool,
    /// The shop's static QRIS, shown as a QR for the amount when QRIS is chosen.
    qris: Option<Payload>,
    /// The member's points and the rules, when points may pay for this sale.
    points: Option<(PointsRules, i64)>,
    pub error: Option<String>,
}

pub enum PaymentOutcome {
    Continue,
    Cancel,
    /// F9: a manager's PIN for this sale (credit above the limit), then back here.
    Approve,
    /// The payments cover the total: complete the sale with them.
    Complete(Vec<Tender>),
}

impl PaymentDialog {
    pub fn new(total: Money, has_customer: bool, qris: Option<Payload>) -> PaymentDialog {
        let mut dialog = PaymentDialog {
            total,
            method: PaymentMethod::Cash,
            amount: TextInput::default(),
            reference: TextInput::default(),
            on_reference: false,
            tenders: Vec::new(),
            has_customer,
            qris,
            points: None,
            error: None,
        };
        dialog.prefill();
        dialog
    }

    /// Points may pay: `balance` points of a member, by `rules` (offered after the
    /// other methods when at least the minimum may pay).
    pub fn with_points(mut self, rules: PointsRules, balance: i64) -> PaymentDialog {
        if rules.redeemable(balance, self.total) > 0 {
            self.points = Some((rules, balance));
        }
        self
    }

    /// Cash, transfer, QRIS, credit, and points for a member who has them.
    fn methods(&self) -> Vec<PaymentMethod> {
        let points = self.points.as_ref().map(|_| PaymentMethod::Points);
        PaymentMethod::ALL.into_iter().chain(points).collect()
    }

    /// Points not yet used by the payments taken so far.
    fn points_left(&self) -> i64 {
        let Some((rules, balance)) = &self.points else { return 0 };
        let used: i64 = self
            .tenders
            .iter()
            .filter(|t| t.method == PaymentMethod::Points)
            .map(|t| t.amount.rupiah() / rules.point_value.rupiah().max(1))
            .sum();
        balance - used
    }

    /// The amount the field starts at: what is left, or as much as points may pay.
    fn starting_amount(&self) -> Money {
        match (&self.points, self.method) {
            (Some((rules, _)), PaymentMethod::Points) => {
                rules.value_of(rules.redeemable(self.points_left(), self.remaining()))
            }
            _ => self.remaining(),
        }
    }

    /// Reopened with the part payments taken before it was closed.
    pub fn with_tenders(mut self, tenders: Vec<Tender>) -> PaymentDialog {
        self.tenders = tenders;
        // Payments that already cover a changed (smaller) sale are started over.
        if self.paid() >= self.total {
            self.tenders.clear();
        }
        self.prefill();
        self
    }

    pub fn tenders(&self) -> &[Tender] {
        &self.tenders
    }

    fn paid(&self) -> Money {
        self.tenders.iter().fold(Money::ZERO, |sum, t| sum.checked_add(t.amount).unwrap_or(sum))
    }

    pub fn remaining(&self) -> Money {
        self.total.checked_sub(self.paid()).unwrap_or(Money::ZERO).max(Money::ZERO)
    }

    fn prefill(&mut self) {
        // Selected: the first digit typed replaces it.
        self.amount.prefill(&self.starting_amount().rupiah().to_string());
        self.reference.clear();
        self.on_reference = false;
    }

    /// The sale was refused: take back the payment that would have completed it,
    /// keep the part payments before it, and show why.
    pub fn failed(&mut self, message: String) {
        self.tenders.pop();
        self.prefill();
        self.error = Some(message);
    }

    fn typed_amount(&self, lang: Lang) -> Result<Money, String> {
        if self.amount.value().trim().is_empty() {
            return Ok(self.remaining());
        }
        let instead = lang.pick("Esc back to the till, then scan", "Esc kembali ke daftar, lalu scan");
        super::till_amount(self.amount.value(), instead, lang)
    }

    /// Change due if the typed cash were taken now.
    pub fn change_preview(&self) -> Option<Money> {
        let amount = self.typed_amount(Lang::En).ok()?;
        (self.method == PaymentMethod::Cash && amount > self.remaining())
            .then(|| amount.checked_sub(self.remaining()).unwrap_or(Money::ZERO))
    }

    fn take(&mut self, lang: Lang) -> Result<Option<Vec<Tender>>, String> {
        let amount = self.typed_amount(lang)?;
        let remaining = self.remaining();
        if amount == Money::ZERO {
            return Err(lang.pick("Type an amount", "Ketik jumlahnya").into());
        }
        match self.method {
            PaymentMethod::Cash if amount.checked_sub(remaining).is_ok_and(|change| change > MAX_CHANGE) => {
                return Err(format!(
                    "{} {amount}: {}",
                    lang.pick("Cash", "Tunai"),
                    lang.pick(
                        "change would be over Rp 1.000.000; type the cash received",
                        "kembalian lebih dari Rp 1.000.000; ketik uang yang diterima"
                    )
                ));
            }
            PaymentMethod::Cash if amount < remaining => {
                return Err(format!(
                    "{} {}; {}",
                    lang.pick("Cash is short by", "Uang tunai kurang"),
                    remaining.checked_sub(amount).unwrap_or(remaining),
                    lang.pick(
                        "Tab: pay part by transfer or QRIS first",
                        "Tab: bayar sebagian lewat transfer/QRIS dulu"
                    )
                ));
            }
            PaymentMethod::Qris if amount > qris::MAX_AMOUNT => {
                return Err(lang
                    .pick(
                        "QRIS takes at most Rp 10.000.000 in one payment: type less and pay the rest another way (Tab)",
                        "QRIS paling banyak Rp 10.000.000 sekali bayar: ketik lebih kecil, sisanya cara lain (Tab)",
                    )
                    .into());
            }
            PaymentMethod::Points => {
                let (rules, _) =
                    self.points.as_ref().ok_or_else(|| lang.pick("No points", "Tidak ada poin").to_string())?;
                if amount > remaining {
                    return Err(format!(
                        "{} {remaining}",
                        lang.pick("At most what is left:", "Paling banyak sisa tagihan:")
                    ));
                }
                rules
                    .points_for(amount, self.points_left())
                    .map_err(|e| format!("{} {}", lang.pick("Points:", "Poin:"), e.text(lang)))?;
            }
            PaymentMethod::Transfer | PaymentMethod::Qris | PaymentMethod::Credit if amount > remaining => {
                return Err(format!(
                    "{} {remaining}",
                    lang.pick("At most what is left:", "Paling banyak sisa tagihan:")
                ));
            }
            PaymentMethod::Credit if !self.has_customer => {
                return Err(lang
                    .pick("Credit needs a customer: Esc, then F2", "Kredit perlu pelanggan: Esc, lalu F2")
                    .into());
            }
            _ => {}
        }
        self.tenders.push(Tender { method: self.method, amount, reference: self.reference.value().trim().to_string() });
        if self.paid() >= self.total {
            return Ok(Some(self.tenders.clone()));
        }
        self.prefill();
        Ok(None)
    }

    /// Its keys, for F1.
    pub fn keys(&self) -> Vec<KeyHelp> {
        help(KEYS)
    }

    /// A key that is no command: typed into the reference, or digits into the amount.
    fn type_into(&mut self, key: &KeyEvent) {
        if self.on_reference {
            self.reference.handle(key);
            return;
        }
        match key.code {
            // Amounts are digits (dots allowed as thousands separators).
            KeyCode::Char(c) if key.modifiers.is_empty() || key.modifiers == KeyModifiers::SHIFT => {
                if c.is_ascii_digit() || c == '.' {
                    self.amount.handle(key);
                }
            }
            _ => {
                self.amount.handle(key);
            }
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> PaymentOutcome {
        self.error = None;
        match lookup(KEYS, key) {
            Some(PaymentKey::Back) => return PaymentOutcome::Cancel,
            Some(PaymentKey::Approve) => return PaymentOutcome::Approve,
            Some(PaymentKey::Method) => {
                let all = self.methods();
                let i = all.iter().position(|m| *m == self.method).unwrap_or(0);
                let step = if key.code == KeyCode::BackTab { all.len() - 1 } else { 1 };
                let was = self.method;
                self.method = all[(i + step) % all.len()];
                self.on_reference = false;
                // Into or out of points: the amount starts at what points may pay, or back at the rest.
                if (was == PaymentMethod::Points) != (self.method == PaymentMethod::Points) {
                    self.amount.prefill(&self.starting_amount().rupiah().to_string());
                }
            }
            Some(PaymentKey::Reference) if matches!(self.method, PaymentMethod::Transfer | PaymentMethod::Qris) => {
                self.on_reference = !self.on_reference;
            }
            Some(PaymentKey::Reference) => {}
            Some(PaymentKey::Take) => match self.take(lang) {
                Ok(Some(tenders)) => return PaymentOutcome::Complete(tenders),
                Ok(None) => {}
                Err(message) => {
                    // Back to where it started, selected: a refused amount (a scan) never lingers.
                    self.amount.prefill(&self.starting_amount().rupiah().to_string());
                    self.error = Some(message);
                }
            },
            Some(PaymentKey::Erase) if !self.on_reference && self.amount.is_empty() => {
                // Undo the last part payment.
                if self.tenders.pop().is_some() {
                    self.prefill();
                }
            }
            Some(PaymentKey::Erase) | None => self.type_into(key),
        }
        PaymentOutcome::Continue
    }

    /// The dynamic QR for the amount, if QRIS is chosen and the shop has one: its
    /// rows, or why it cannot be shown here.
    fn qr_rows(&self, area: Rect, lang: Lang) -> Option<Result<Vec<String>, String>> {
        let payload = self.qris.as_ref().filter(|_| self.method == PaymentMethod::Qris)?;
        let amount = self.typed_amount(lang).ok()?;
        let rows = payload.for_amount(amount).map_err(|e| e.text(lang)).and_then(|text| qr::half_blocks(&text));
        Some(rows.and_then(|rows| {
            let (w, h) = (rows.first().map_or(0, |r| r.chars().count()) as u16, rows.len() as u16 + 1);
            if w <= area.width && h <= area.height {
                Ok(rows)
            } else {
                Err(format!(
                    "{} {w}×{h}, {} {}×{}: {}",
                    lang.pick("The QR needs", "QR perlu"),
                    lang.pick("the window is", "jendela"),
                    area.width,
                    area.height,
                    lang.pick("make it bigger (or use the printed receipt)", "perbesar (atau pakai struk cetak)")
                ))
            }
        }))
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let qr_note = match self.qr_rows(area, lang) {
            Some(Ok(rows)) => return self.render_qr(&rows, frame, area, theme, lang),
            Some(Err(why)) => Some(why),
            None => None,
        };
        let width = area.width.min(50);
        let error_rows = self.error.as_ref().map_or(1, |e| textwrap::wrap(e, 46).len()) as u16;
        let note_rows = if self.qris.is_some() && self.method == PaymentMethod::Qris { 3 } else { 0 }
            + u16::from(self.points.is_some());
        let height = (9 + error_rows + note_rows + self.tenders.len() as u16).min(area.height);
        let popup =
            Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent())
            .title(Span::styled(lang.pick(" Payment (F12) ", " Pembayaran (F12) "), theme.title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let w = inner.width as usize;
        let row = |label: &str, value: String| format!("{label:<14}{value:>v$}", v = w.saturating_sub(14));
        let mut lines = vec![Line::from(Span::styled(row("TOTAL", self.total.to_string()), theme.title()))];
        for t in &self.tenders {
            let label = format!("  {}", method_label(t.method, lang));
            lines.push(Line::from(Span::styled(row(&label, t.amount.to_string()), theme.muted())));
        }
        lines.push(Line::from(row(lang.pick("Left to pay", "Sisa"), self.remaining().to_string())));
        let methods: Vec<Span> = self
            .methods()
            .iter()
            .map(|m| {
                let style = if *m == self.method { theme.selection() } else { theme.muted() };
                Span::styled(format!(" {} ", method_label(*m, lang)), style)
            })
            .collect();
        lines.push(Line::from(methods));
        if let Some((rules, _)) = self.points.as_ref().filter(|_| self.method == PaymentMethod::Points) {
            let left = self.points_left();
            let text = format!("{} ({})", left, rules.value_of(left));
            lines.push(Line::from(Span::styled(row(lang.pick("Points", "Poin"), text), theme.accent())));
        }
        let (amount_text, amount_x) = self.amount.view(w.saturating_sub(15));
        let amount_style = if self.on_reference { theme.base() } else { theme.selection() };
        lines.push(Line::from(vec![
            Span::raw(format!("{:<14}", lang.pick("Amount", "Jumlah"))),
            Span::styled(format!("{amount_text:<v$}", v = w.saturating_sub(15)), amount_style),
        ]));
        let mut cursor = (14 + amount_x, lines.len() - 1);
        if matches!(self.method, PaymentMethod::Transfer | PaymentMethod::Qris) {
            let (text, x) = self.reference.view(w.saturating_sub(15));
            let style = if self.on_reference { theme.selection() } else { theme.base() };
            lines.push(Line::from(vec![
                Span::raw(format!("{:<14}", lang.pick("Reference", "Referensi"))),
                Span::styled(format!("{text:<v$}", v = w.saturating_sub(15)), style),
            ]));
            if self.on_reference {
                cursor = (14 + x, lines.len() - 1);
            }
        }
        if let Some(change) = self.change_preview() {
            lines.push(Line::from(Span::styled(
                row(lang.pick("Change", "Kembalian"), change.to_string()),
                theme.success(),
            )));
        }
        for part in qr_note.iter().flat_map(|note| textwrap::wrap(note, w.max(8))) {
            lines.push(Line::from(Span::styled(part.into_owned(), theme.warning())));
        }
        match &self.error {
            Some(error) => {
                for part in textwrap::wrap(error, w.max(8)) {
                    lines.push(Line::from(Span::styled(part.into_owned(), theme.error())));
                }
            }
            None => lines.push(Line::from(Span::styled(hint_text(KEYS, lang), theme.muted()))),
        }
        frame.render_widget(Paragraph::new(lines), inner);
        frame.set_cursor_position((inner.x + cursor.0 as u16, inner.y + cursor.1 as u16));
    }
}

impl PaymentDialog {
    /// QRIS chosen: the QR for the amount fills the screen (a phone needs it big),
    /// with one line under it saying what is asked and what the keys do.
    fn render_qr(&self, rows: &[String], frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        frame.render_widget(Clear, area);
        let width = rows.first().map_or(0, |r| r.chars().count()) as u16;
        let x = area.x + (area.width - width) / 2;
        let top = area.y + (area.height - rows.len() as u16 - 1) / 2;
        for (i, row) in rows.iter().enumerate() {
            let line = Rect { x, y: top + i as u16, width, height: 1 };
            frame.render_widget(Paragraph::new(row.as_str()).style(qr::style()), line);
        }
        let amount = self.typed_amount(lang).unwrap_or(self.remaining());
        let reference = if self.on_reference {
            format!(" · {} {}", lang.pick("ref", "ref"), self.reference.value())
        } else {
            String::new()
        };
        let caption = format!("QRIS {amount}{reference} · {}", hint_text(KEYS, lang));
        let caption: String = caption.chars().take(area.width as usize).collect();
        let line = Rect { x: area.x, y: top + rows.len() as u16, width: area.width, height: 1 };
        frame.render_widget(Paragraph::new(Span::styled(caption, theme.title())).centered(), line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    fn type_text(d: &mut PaymentDialog, text: &str) {
        for c in text.chars() {
            d.handle_key(&key(KeyCode::Char(c)), Lang::En);
        }
    }

    #[test]
    fn exact_cash_completes_with_the_prefilled_total() {
        let mut d = PaymentDialog::new(Money::new(14_000), false, None);
        match d.handle_key(&key(KeyCode::Enter), Lang::En) {
            PaymentOutcome::Complete(t) => assert_eq!(t[0].amount, Money::new(14_000)),
            _ => panic!("should complete"),
        }
    }

    #[test]
    fn cash_over_shows_change_and_under_is_refused() {
        let mut d = PaymentDialog::new(Money::new(14_000), false, None);
        d.amount.clear();
        type_text(&mut d, "20000");
        assert_eq!(d.change_preview(), Some(Money::new(6_000)));
        d.amount.clear();
        type_text(&mut d, "10000");
        assert!(matches!(d.handle_key(&key(KeyCode::Enter), Lang::En), PaymentOutcome::Continue));
        assert!(d.error.as_deref().unwrap().contains("short by Rp 4.000"));
    }

    #[test]
    fn split_qris_then_cash() {
        let mut d = PaymentDialog::new(Money::new(14_000), false, None);
        d.handle_key(&key(KeyCode::Tab), Lang::En);
        d.handle_key(&key(KeyCode::Tab), Lang::En); // QRIS
        d.amount.clear();
        type_text(&mut d, "10000");
        d.handle_key(&key(KeyCode::Down), Lang::En);
        type_text(&mut d, "QR-77");
        assert!(matches!(d.handle_key(&key(KeyCode::Enter), Lang::En), PaymentOutcome::Continue));
        assert_eq!(d.remaining(), Money::new(4_000));
        d.handle_key(&key(KeyCode::Tab), Lang::En);
        d.handle_key(&key(KeyCode::Tab), Lang::En); // QRIS → credit → cash
        d.amount.clear();
        type_text(&mut d, "5000");
        match d.handle_key(&key(KeyCode::Enter), Lang::En) {
            PaymentOutcome::Complete(t) => {
                assert_eq!(
                    t[0],
                    Tender { method: PaymentMethod::Qris, amount: Money::new(10_000), reference: "QR-77".into() }
                );
                assert_eq!(t[1].amount, Money::new(5_000));
            }
            _ => panic!("should complete"),
        }
    }

    #[test]
    fn qris_above_its_per_payment_limit_is_refused_and_the_rest_may_go_another_way() {
        let mut d = PaymentDialog::new(Money::new(12_000_000), false, None);
        d.handle_key(&key(KeyCode::Tab), Lang::En);
        d.handle_key(&key(KeyCode::Tab), Lang::En); // QRIS, prefilled with the whole 12.000.000
        assert!(matches!(d.handle_key(&key(KeyCode::Enter), Lang::En), PaymentOutcome::Continue));
        assert!(d.error.as_deref().unwrap().contains("QRIS takes at most Rp 10.000.000"), "{:?}", d.error);
        assert_eq!(d.remaining(), Money::new(12_000_000), "nothing was taken");
        type_text(&mut d, "10000000");
        assert!(matches!(d.handle_key(&key(KeyCode::Enter), Lang::En), PaymentOutcome::Continue));
        assert_eq!(d.remaining(), Money::new(2_000_000));
    }

    #[test]
    fn credit_needs_a_customer() {
        let mut d = PaymentDialog::new(Money::new(5_000), false, None);
        for _ in 0..3 {
            d.handle_key(&key(KeyCode::Tab), Lang::En);
        }
        d.handle_key(&key(KeyCode::Enter), Lang::En);
        assert!(d.error.as_deref().unwrap().contains("needs a customer"));
        let mut d = PaymentDialog::new(Money::new(5_000), true, None);
        for _ in 0..3 {
            d.handle_key(&key(KeyCode::Tab), Lang::En);
        }
        assert!(matches!(d.handle_key(&key(KeyCode::Enter), Lang::En), PaymentOutcome::Complete(_)));
    }
}
