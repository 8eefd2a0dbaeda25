//! Stock-taking (Alt+5): start a count of every item or one category (`n`), then scan
//! to count — each scan adds one (a pack code its pack), `5*CODE` adds five — as
//! many people and sessions as needed. `F9` shows the variance (system against
//! counted, value of the difference); `F12` there approves it, posting every
//! difference at once; if anything changed since, the new variance is shown to
//! approve again. `F8` cancels the count; `F6` adjusts an item's stock by hand.

mod action;
pub use action::StockTakeAction;

mod controller;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::Qty;
use crate::domain::purchase::AdjustReason;
use crate::services::stocktake::{CountStatus, Counted, VarianceView};
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::screens::View;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, MOVE, Press, UP_DOWN, chr, help, key, lookup, press, typed};
use crate::tui::widgets::help::{hint_text, with_hints};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::input::split_quantity;
use crate::tui::widgets::popup;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::{Column, TableView, col, flex, move_selection, num};

const COUNTED_COLUMNS: &[Column] = &[flex("Item", "Barang", 16, 9), num("Counted", "Terhitung", 10, 8)];

const VARIANCE_COLUMNS: &[Column] = &[
    col("SKU", "SKU", 10, 3),
    flex("Item", "Barang", 12, 10),
    num("System", "Sistem", 8, 7),
    num("Counted", "Hitung", 8, 8),
    num("Diff", "Selisih", 8, 9),
    num("Value", "Nilai", 12, 6),
];

enum Dialog {
    Start { category: TextInput },
    Adjust { code: TextInput, qty: TextInput, reason: usize, note: TextInput, focus: usize },
    ConfirmCancel,
}

#[derive(Default)]
pub struct StockTakeScreen {
    /// Counting is for everyone; starting, the variance, approving and adjusting
    /// are for owners and managers.
    pub may_manage: bool,
    status: Option<CountStatus>,
    input: TextInput,
    /// This session's scans, newest first: item and its counted total.
    scans: Vec<(String, Qty)>,
    variance: Option<(VarianceView, usize)>,
    dialog: Option<Dialog>,
    notice: Option<(Notice, String)>,
}

/// What the keys of Stock-taking do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StockKey {
    Adjust,
    Start,
    Variance,
    CancelCount,
    Count,
    Approve,
    Move,
    Close,
    Confirm,
    /// The adjustment's next or previous field (↑/↓).
    Field,
    Reason,
    Save,
}

const ESC: Key<StockKey> = key("Esc", &[press(KeyCode::Esc)], StockKey::Close, "back", "kembali");
const ENTER: &[Press] = &[press(KeyCode::Enter)];

/// For owners and managers, wherever no dialog is open.
const ADJUST_KEYS: &[Key<StockKey>] = &[key(
    "F6",
    &[press(KeyCode::F(6))],
    StockKey::Adjust,
    "adjust an item's stock with a reason",
    "sesuaikan stok dengan alasan",
)
.hint("adjust stock", "sesuaikan stok")];

const NO_COUNT_KEYS: &[Key<StockKey>] = &[
    typed("", "No count in progress", "Tidak ada hitungan").hint("No count in progress", "Tidak ada hitungan"),
    key("n", &[chr('n')], StockKey::Start, "start a count (all items or a category)", "mulai hitung (semua atau satu kategori)")
        .hint("start a count", "mulai hitung"),
];

const COUNTING_KEYS: &[Key<StockKey>] = &[
    typed("CODE / 5*CODE", "count one / five", "hitung satu / lima"),
    key("Enter", ENTER, StockKey::Count, "count what is typed", "hitung yang diketik"),
];

const MANAGING_KEYS: &[Key<StockKey>] = &[
    key("F9", &[press(KeyCode::F(9))], StockKey::Variance, "variance: system against counted", "selisih: sistem dibanding hitungan")
        .hint("variance", "selisih"),
    key("F8", &[press(KeyCode::F(8))], StockKey::CancelCount, "cancel the count", "batalkan hitungan")
        .hint("cancel", "batal"),
];

const VARIANCE_KEYS: &[Key<StockKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, StockKey::Move, "move", "pindah"),
    key("F12", &[press(KeyCode::F(12))], StockKey::Approve, "approve the variance shown", "setujui selisih yang tampil")
        .hint("approve", "setujui"),
    key("Esc", &[press(KeyCode::Esc)], StockKey::Close, "back to counting", "kembali menghitung")
        .hint("back", "kembali"),
];

const START_KEYS: &[Key<StockKey>] = &[
    typed("", "empty: every item; the start of a name will do", "kosong: semua barang; awal nama pun cukup")
        .hint("empty: every item, or the start of a name", "kosong: semua barang, atau awal nama"),
    key("Enter", ENTER, StockKey::Start, "start", "mulai").hint("start", "mulai"),
    ESC,
];

const CONFIRM_KEYS: &[Key<StockKey>] = &[
    typed("", "Drop this count without changing stock?", "Buang hitungan ini tanpa mengubah stok?")
        .hint("Drop this count without changing stock?", "Buang hitungan ini tanpa mengubah stok?"),
    key("y", &[chr('y'), chr('Y')], StockKey::Confirm, "drop it", "buang").hint("", ""),
    ESC.hint("", ""),
];

const ADJUST_DIALOG_KEYS: &[Key<StockKey>] = &[
    key("↑/↓", UP_DOWN, StockKey::Field, "field", "kolom").hint("field", "kolom"),
    key("Tab", &[press(KeyCode::Tab)], StockKey::Reason, "reason", "alasan").hint("reason", "alasan"),
    key("Enter", ENTER, StockKey::Save, "save", "simpan").hint("save", "simpan"),
    ESC,
];

fn act(action: StockTakeAction) -> Option<Action> {
    Some(Action::StockTake(action))
}

impl StockTakeScreen {
    pub fn set_status(&mut self, status: Option<CountStatus>) {
        if status.as_ref().map(|s| s.id) != self.status.as_ref().map(|s| s.id) {
            self.scans.clear();
            self.variance = None;
        }
        self.status = status;
    }

    pub fn counted(&mut self, counted: Counted) {
        self.input.clear();
        self.notice = None;
        self.scans.retain(|(name, _)| *name != counted.name);
        self.scans.insert(0, (counted.name, counted.counted));
    }

    pub fn set_variance(&mut self, view: VarianceView) {
        let selected = self.variance.as_ref().map_or(0, |(_, s)| *s).min(view.lines.len().saturating_sub(1));
        self.variance = Some((view, selected));
    }

    pub fn done(&mut self, text: String) {
        self.dialog = None;
        self.variance = None;
        self.notice = Some((Notice::Info, text));
    }

    /// The keys of what shows: a dialog, the variance, no count, or counting.
    fn table(&self) -> Vec<Key<StockKey>> {
        let parts: &[&[Key<StockKey>]] = match (&self.dialog, &self.variance, &self.status, self.may_manage) {
            (Some(Dialog::Start { .. }), ..) => &[START_KEYS],
            (Some(Dialog::ConfirmCancel), ..) => &[CONFIRM_KEYS],
            (Some(Dialog::Adjust { .. }), ..) => &[ADJUST_DIALOG_KEYS],
            (None, Some(_), _, true) => &[ADJUST_KEYS, VARIANCE_KEYS],
            (None, Some(_), _, false) => &[VARIANCE_KEYS],
            (None, None, None, true) => &[NO_COUNT_KEYS, ADJUST_KEYS],
            (None, None, None, false) => &[],
            (None, None, Some(_), true) => &[COUNTING_KEYS, MANAGING_KEYS, ADJUST_KEYS],
            (None, None, Some(_), false) => &[COUNTING_KEYS],
        };
        parts.iter().flat_map(|part| part.iter()).copied().collect()
    }

    fn dialog_key(&mut self, mut dialog: Dialog, command: Option<StockKey>, key: &KeyEvent, lang: Lang) -> Option<Action> {
        if command == Some(StockKey::Close) {
            return None;
        }
        match &mut dialog {
            Dialog::Start { category } => {
                if command == Some(StockKey::Start) {
                    let name = category.value().trim();
                    return act(StockTakeAction::Start((!name.is_empty()).then(|| name.to_string())));
                }
                category.handle(key);
            }
            Dialog::ConfirmCancel => {
                return (command == Some(StockKey::Confirm)).then_some(Action::StockTake(StockTakeAction::Cancel));
            }
            Dialog::Adjust { code, qty, reason, note, focus } => match command {
                Some(StockKey::Reason) => *reason = (*reason + 1) % AdjustReason::ALL.len(),
                Some(StockKey::Field) if key.code == KeyCode::Down => *focus = (*focus + 1) % 3,
                Some(StockKey::Field) => *focus = (*focus + 2) % 3,
                Some(StockKey::Save) => match Qty::parse(qty.value()) {
                    Ok(delta) => {
                        let action = StockTakeAction::Adjust {
                            code: code.value().trim().to_string(),
                            delta,
                            reason: AdjustReason::ALL[*reason],
                            note: note.value().to_string(),
                        };
                        self.dialog = Some(dialog);
                        return act(action);
                    }
                    Err(e) => {
                        self.show(Notice::Error, format!("{}: {}", lang.pick("Quantity", "Jumlah"), e.text(lang)))
                    }
                },
                _ => {
                    [code, qty, note][*focus].handle(key);
                }
            },
        }
        self.dialog = Some(dialog);
        None
    }
}

impl View for StockTakeScreen {
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        let command = lookup(&self.table(), key);
        if let Some(dialog) = self.dialog.take() {
            return self.dialog_key(dialog, command, key, lang);
        }
        if command == Some(StockKey::Adjust) {
            self.dialog = Some(Dialog::Adjust {
                code: TextInput::default(),
                qty: TextInput::default(),
                reason: 0,
                note: TextInput::default(),
                focus: 0,
            });
            return None;
        }
        if let Some((view, selected)) = &mut self.variance {
            match command {
                Some(StockKey::Close) => self.variance = None,
                Some(StockKey::Approve) => return act(StockTakeAction::Approve(view.stamp)),
                Some(StockKey::Move) => *selected = move_selection(*selected, view.lines.len(), key.code),
                _ => {}
            }
            return None;
        }
        match command {
            Some(StockKey::Start) => self.dialog = Some(Dialog::Start { category: TextInput::default() }),
            Some(StockKey::Variance) => return act(StockTakeAction::Variance),
            Some(StockKey::CancelCount) => self.dialog = Some(Dialog::ConfirmCancel),
            Some(StockKey::Count) if !self.input.is_empty() => {
                let text = self.input.value().trim().to_string();
                match split_quantity(&text) {
                    Ok((qty, _)) if qty <= Qty::ZERO => self.show(
                        Notice::Error,
                        lang.pick("Quantity must be more than 0", "Jumlah harus lebih dari 0").into(),
                    ),
                    Ok((qty, code)) => return act(StockTakeAction::Count { code: code.to_string(), qty }),
                    Err(e) => self.show(Notice::Error, e.text(lang)),
                }
            }
            Some(_) => {}
            None if self.status.is_some() => {
                self.input.handle(key);
            }
            None => {}
        }
        None
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [head, input, body, notice] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)])
                .areas(area);
        match (&self.status, &self.variance) {
            (None, _) => {
                let text = if self.may_manage {
                    &hint_text(NO_COUNT_KEYS.iter().chain(ADJUST_KEYS), lang)
                } else {
                    lang.pick(
                        "No count in progress; ask a manager to start one",
                        "Tidak ada hitungan; minta manajer memulai",
                    )
                };
                frame.render_widget(Paragraph::new(Span::styled(text, theme.muted())).wrap(Default::default()), head);
            }
            (Some(status), None) => {
                let scope =
                    status.category.clone().unwrap_or_else(|| lang.pick("all items", "semua barang").to_string());
                let mut text = format!(
                    "#{} {scope} · {}/{} {}",
                    status.id,
                    status.counted_items,
                    status.items_in_scope,
                    lang.pick("counted", "terhitung"),
                );
                if self.may_manage {
                    text.push_str(&format!(" · {}", hint_text(MANAGING_KEYS, lang)));
                }
                frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
                let (typed, _) = self.input.view((input.width as usize).saturating_sub(3));
                frame.render_widget(
                    Paragraph::new(Line::from(vec![
                        Span::styled("> ", theme.accent()),
                        Span::raw(typed),
                        Span::raw("▏"),
                    ])),
                    input,
                );
                let rows: Vec<Vec<String>> =
                    self.scans.iter().map(|(name, qty)| vec![name.clone(), qty.text_in(lang)]).collect();
                if rows.is_empty() {
                    let hint = lang.pick(
                        "Scan to count: each scan adds 1, 5*CODE adds 5",
                        "Scan untuk menghitung: tiap scan +1, 5*KODE +5",
                    );
                    frame.render_widget(
                        Paragraph::new(Span::styled(hint, theme.muted())).wrap(Default::default()),
                        body,
                    );
                } else {
                    TableView { columns: COUNTED_COLUMNS, rows: &rows, dimmed: &[], selected: Some(0) }
                        .render(frame, body, theme, lang);
                }
            }
            (Some(_), Some((view, selected))) => {
                let summary = format!(
                    "{} {} · {} {}",
                    lang.pick("Variance value", "Nilai selisih"),
                    view.total_value,
                    view.lines.iter().filter(|l| l.variance.difference() != Qty::ZERO).count(),
                    lang.pick("items differ", "barang berselisih"),
                );
                let text = with_hints(summary, VARIANCE_KEYS, lang, head.width as usize);
                frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
                let rows: Vec<Vec<String>> = view
                    .lines
                    .iter()
                    .map(|l| {
                        let diff = l.variance.difference();
                        vec![
                            l.sku.clone(),
                            l.name.clone(),
                            l.variance.system.text_in(lang),
                            l.variance.counted.text_in(lang),
                            if diff > Qty::ZERO { format!("+{}", diff.text_in(lang)) } else { diff.text_in(lang) },
                            l.value.grouped(),
                        ]
                    })
                    .collect();
                let table = Rect { y: input.y, height: input.height + body.height, ..body };
                TableView { columns: VARIANCE_COLUMNS, rows: &rows, dimmed: &[], selected: Some(*selected) }
                    .render(frame, table, theme, lang);
            }
        }
        if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), notice);
        }
        let w = area.width.min(60).saturating_sub(2);
        match &self.dialog {
            None => {}
            Some(Dialog::Start { category }) => {
                let lines = vec![
                    popup::field(lang.pick("Category", "Kategori"), category, true, w, theme),
                    popup::hint(&hint_text(START_KEYS, lang), theme),
                ];
                popup::render(frame, area, lang.pick("Start a count", "Mulai hitung stok"), lines, theme);
            }
            Some(Dialog::ConfirmCancel) => {
                let lines = vec![popup::hint(&hint_text(CONFIRM_KEYS, lang), theme)];
                popup::render(frame, area, lang.pick("Cancel count", "Batalkan hitungan"), lines, theme);
            }
            Some(Dialog::Adjust { code, qty, reason, note, focus }) => {
                let reasons: Vec<&str> =
                    AdjustReason::ALL.iter().map(|r| lang.pick(r.label().0, r.label().1)).collect();
                let lines = vec![
                    popup::field(lang.pick("Code", "Kode"), code, *focus == 0, w, theme),
                    popup::field(lang.pick("Quantity (±)", "Jumlah (±)"), qty, *focus == 1, w, theme),
                    popup::choices(lang.pick("Reason", "Alasan"), &reasons, *reason, w, theme),
                    popup::field(lang.pick("Note", "Catatan"), note, *focus == 2, w, theme),
                    popup::hint(&hint_text(ADJUST_DIALOG_KEYS, lang), theme),
                ];
                popup::render(frame, area, lang.pick("Adjust stock", "Sesuaikan stok"), lines, theme);
            }
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        help(&self.table())
    }

    fn is_editing(&self) -> bool {
        self.dialog.is_some() || !self.input.is_empty() || self.variance.is_some()
    }

    fn at_rest(&self) -> bool {
        self.dialog.is_none() && self.variance.is_none() && self.input.is_empty()
    }

    fn show(&mut self, notice: Notice, text: String) {
        self.notice = Some((notice, text));
    }
}
