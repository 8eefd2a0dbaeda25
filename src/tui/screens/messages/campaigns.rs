//! The campaigns tab: past campaigns with their counts, a new-campaign form, the
//! audience and cost shown before creating, and sending with a confirmation.

use crossterm::event::{KeyCode, KeyEvent};
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{CampaignDraft, popup, short_time};
use crate::services::messages::CampaignPlan;
use crate::store::campaigns::CampaignRow;
use crate::tui::action::{Action, MessagesAction};
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, KeyHelp, MOVE, Press, chr, help, key, lookup, press};
use crate::tui::theme::Theme;
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::form::{FieldSpec, Form, FormOutcome, text};
use crate::tui::widgets::table::{Column, TableView, col, flex, move_selection, num};

const COLUMNS: &[Column] = &[
    num("#", "#", 3, 5),
    flex("Name", "Nama", 14, 9),
    col("Segment", "Segmen", 12, 4),
    col("Template", "Template", 10, 3),
    num("To", "Untuk", 5, 8),
    num("Held", "Tahan", 5, 7),
    num("Queued", "Antre", 6, 6),
    col("Sent", "Dikirim", 11, 5),
];

const FIELDS: &[FieldSpec] = &[
    text("name", "Name", "Nama"),
    text("segment", "Segment", "Segmen"),
    text("template", "Template", "Template"),
    text("holdout", "Holdout %", "Ditahan %"),
];

/// What the campaigns tab's keys do (the new campaign's form has its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CampaignKey {
    Move,
    New,
    /// In the list, ask to send the selected campaign; asked, send it.
    Send,
    Create,
    /// Back to the form (a plan) or the list (sending).
    Back,
}

const ENTER: &[Press] = &[press(KeyCode::Enter)];
const ESC: &[Press] = &[press(KeyCode::Esc)];

/// The list; the hints end its header.
const LIST_KEYS: &[Key<CampaignKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, CampaignKey::Move, "choose a campaign", "pilih kampanye"),
    key("n", &[chr('n')], CampaignKey::New, "new campaign", "kampanye baru").hint("new", "baru"),
    key("s", &[chr('s')], CampaignKey::Send, "send the selected campaign (a draft)", "kirim kampanye terpilih (draf)")
        .hint("send", "kirim"),
];

/// A new campaign's audience and cost, before it is created.
const PLAN_KEYS: &[Key<CampaignKey>] = &[
    key("Enter", ENTER, CampaignKey::Create, "create the campaign (send it later)", "buat kampanye (kirim nanti)")
        .hint("create (send later with s)", "buat (kirim nanti dengan s)"),
    key("Esc", ESC, CampaignKey::Back, "back to the form", "kembali ke formulir").hint("back", "kembali"),
];

/// Send campaign? (y and n as well as Enter and Esc.)
const SEND_KEYS: &[Key<CampaignKey>] = &[
    key("Enter", ENTER, CampaignKey::Send, "queue its messages", "antrekan pesannya").hint("send", "kirim"),
    key("y", &[chr('y')], CampaignKey::Send, "queue its messages", "antrekan pesannya"),
    key("Esc", ESC, CampaignKey::Back, "back, without sending", "kembali, tanpa mengirim").hint("back", "kembali"),
    key("n", &[chr('n')], CampaignKey::Back, "back, without sending", "kembali, tanpa mengirim"),
];

#[derive(Debug)]
enum Mode {
    List,
    New(Form),
    /// The plan of a draft, before it is created.
    Confirm(CampaignDraft, CampaignPlan),
    /// Send campaign `id`?
    ConfirmSend(i64),
}

#[derive(Debug)]
pub struct CampaignsTab {
    rows: Vec<CampaignRow>,
    selected: usize,
    segments: Vec<String>,
    mode: Mode,
}

impl Default for CampaignsTab {
    fn default() -> Self {
        CampaignsTab { rows: Vec::new(), selected: 0, segments: Vec::new(), mode: Mode::List }
    }
}

impl CampaignsTab {
    pub fn set_data(&mut self, rows: Vec<CampaignRow>, segments: Vec<String>) {
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        self.rows = rows;
        self.segments = segments;
    }

    pub fn is_editing(&self) -> bool {
        !matches!(self.mode, Mode::List)
    }

    pub fn open_new(&mut self, segment: Option<&str>, lang: Lang) {
        let values = [String::new(), segment.unwrap_or_default().to_string(), "promo".into(), "10".into()];
        self.mode = Mode::New(Form::new(lang.pick("New campaign", "Kampanye baru").to_string(), FIELDS, &values));
    }

    pub fn confirm_plan(&mut self, draft: CampaignDraft, plan: CampaignPlan) {
        self.mode = Mode::Confirm(draft, plan);
    }

    /// A refused plan goes back to the form with the reason; anything else shows in the list.
    pub fn failed(&mut self, message: String) {
        match &mut self.mode {
            Mode::New(form) => form.message = Some(message),
            _ => self.mode = Mode::List,
        }
    }

    pub fn close(&mut self) {
        self.mode = Mode::List;
        self.selected = 0;
    }

    fn draft(form: &Form) -> CampaignDraft {
        let segment = form.value("segment").trim().to_string();
        CampaignDraft {
            name: form.value("name").trim().to_string(),
            segment: (!segment.is_empty()).then_some(segment),
            template: form.value("template").trim().to_string(),
            holdout: form.value("holdout"),
        }
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        match &self.mode {
            Mode::List => help(LIST_KEYS),
            Mode::New(form) => form.keys(),
            Mode::Confirm(..) => help(PLAN_KEYS),
            Mode::ConfirmSend(_) => help(SEND_KEYS),
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        match &mut self.mode {
            Mode::New(form) => match form.handle_key(key) {
                FormOutcome::Cancel => {
                    self.mode = Mode::List;
                    None
                }
                FormOutcome::Submit => Some(Action::Messages(MessagesAction::PlanCampaign(Self::draft(form)))),
                FormOutcome::Continue => None,
            },
            Mode::Confirm(draft, _) => match lookup(PLAN_KEYS, key) {
                Some(CampaignKey::Create) => Some(Action::Messages(MessagesAction::CreateCampaign(draft.clone()))),
                Some(CampaignKey::Back) => {
                    let draft = draft.clone();
                    self.open_new(draft.segment.as_deref(), lang);
                    if let Mode::New(form) = &mut self.mode {
                        form.set_value(0, &draft.name);
                        form.set_value(2, &draft.template);
                        form.set_value(3, &draft.holdout);
                    }
                    None
                }
                _ => None,
            },
            Mode::ConfirmSend(id) => match lookup(SEND_KEYS, key) {
                Some(CampaignKey::Send) => Some(Action::Messages(MessagesAction::SendCampaign(*id))),
                Some(CampaignKey::Back) => {
                    self.mode = Mode::List;
                    None
                }
                _ => None,
            },
            Mode::List => {
                match lookup(LIST_KEYS, key)? {
                    CampaignKey::New => self.open_new(None, lang),
                    CampaignKey::Send => {
                        let row = self.rows.get(self.selected)?;
                        if row.sent_at.is_none() {
                            self.mode = Mode::ConfirmSend(row.id);
                        }
                    }
                    CampaignKey::Move => self.selected = move_selection(self.selected, self.rows.len(), key.code),
                    CampaignKey::Create | CampaignKey::Back => {}
                }
                None
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, tz: &TimeZone, theme: &Theme, lang: Lang) {
        let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let text = format!("{} {} · {}", self.rows.len(), lang.pick("campaigns", "kampanye"), hint_text(LIST_KEYS, lang));
        frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|c| {
                vec![
                    c.id.to_string(),
                    c.name.clone(),
                    c.segment.clone().unwrap_or_else(|| lang.pick("all", "semua").to_string()),
                    c.template.clone(),
                    c.recipients.to_string(),
                    c.holdout.to_string(),
                    c.queued.to_string(),
                    c.sent_at.map(|at| short_time(at, tz)).unwrap_or_else(|| lang.pick("draft", "draf").to_string()),
                ]
            })
            .collect();
        let selected = (!rows.is_empty()).then_some(self.selected);
        TableView { columns: COLUMNS, rows: &rows, dimmed: &[], selected }.render(frame, table, theme, lang);
        match &self.mode {
            Mode::List => {}
            Mode::New(form) => {
                let height = form.wanted_height(area.width) + 1;
                let [form_area, hint] = Layout::vertical([
                    Constraint::Length(height.min(area.height.saturating_sub(1))),
                    Constraint::Min(1),
                ])
                .areas(area);
                form.render(frame, form_area, theme, lang);
                let labels = if self.segments.is_empty() {
                    lang.pick("no segmentation yet (warung segment)", "belum ada segmentasi (warung segment)")
                        .to_string()
                } else {
                    self.segments.join(", ")
                };
                let line = format!(
                    "{} · {}: {labels}",
                    lang.pick("Empty segment = every opted-in customer", "Segmen kosong = semua pelanggan yang setuju"),
                    lang.pick("segments", "segmen")
                );
                frame.render_widget(
                    Paragraph::new(Span::styled(line, theme.muted())).wrap(ratatui::widgets::Wrap { trim: true }),
                    hint,
                );
            }
            Mode::Confirm(draft, plan) => {
                let inner = popup(frame, area, lang.pick("Create campaign?", "Buat kampanye?"), 9, theme);
                let everyone = lang.pick("all opted-in", "semua yang setuju").to_string();
                let lines = vec![
                    Line::from(Span::styled(draft.name.clone(), theme.title())),
                    Line::from(format!(
                        "{} {} · {} {}",
                        lang.pick("Segment", "Segmen"),
                        draft.segment.clone().unwrap_or(everyone),
                        lang.pick("template", "template"),
                        draft.template
                    )),
                    Line::from(format!(
                        "{} {} · {} {} · {} {}",
                        lang.pick("Recipients", "Penerima"),
                        plan.audience,
                        lang.pick("held out", "ditahan"),
                        plan.holdout,
                        lang.pick("to send", "dikirim"),
                        plan.to_send()
                    )),
                    Line::from(format!("{} {}", lang.pick("Estimated cost", "Perkiraan biaya"), plan.estimated_cost)),
                    Line::from(""),
                    Line::from(Span::styled(hint_text(PLAN_KEYS, lang), theme.muted())),
                ];
                frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), inner);
            }
            Mode::ConfirmSend(id) => {
                let Some(c) = self.rows.iter().find(|c| c.id == *id) else { return };
                let inner = popup(frame, area, lang.pick("Send campaign?", "Kirim kampanye?"), 6, theme);
                let lines = vec![
                    Line::from(Span::styled(c.name.clone(), theme.title())),
                    Line::from(format!(
                        "{} {} {}",
                        lang.pick("Queue messages to", "Antrekan pesan ke"),
                        c.recipients - c.holdout,
                        lang.pick("customers", "pelanggan")
                    )),
                    Line::from(Span::styled(hint_text(SEND_KEYS, lang), theme.muted())),
                ];
                frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), inner);
            }
        }
    }
}
