//! Messages (Alt+8): the outbox (filter, retry, cancel), the inbox, message templates
//! with a live preview, and campaigns; a halted channel is announced at the top.

mod action;
pub use action::MessagesAction;

mod campaigns;
pub mod controller;
mod inbox;
mod outbox;
mod templates;

use crossterm::event::{KeyCode, KeyEvent};
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub use campaigns::CampaignsTab;
pub use inbox::InboxTab;
pub use outbox::OutboxTab;
pub use templates::TemplatesTab;

use crate::clock::timestamp;
use crate::services::messages::{CampaignPlan, MessageTemplate, RenderedMessage};
use crate::store::campaigns::CampaignRow;
use crate::store::channels::HaltedChannel;
use crate::store::inbox::InboxRow;
use crate::store::messages::{MessageFilter, MessageRow};
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::screens::View;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, SWITCH_TAB, chr, help, key, lookup};
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::records::Notice;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessagesTab {
    #[default]
    Outbox,
    Inbox,
    Templates,
    Campaigns,
}

const TABS: [(MessagesTab, &str, &str); 4] = [
    (MessagesTab::Outbox, "Outbox", "Kotak keluar"),
    (MessagesTab::Inbox, "Inbox", "Kotak masuk"),
    (MessagesTab::Templates, "Templates", "Template"),
    (MessagesTab::Campaigns, "Campaigns", "Kampanye"),
];

/// What the keys the screen answers itself, above its tabs, do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScreenKey {
    /// The next tab, or the previous one (Shift+Tab).
    SwitchTab,
    /// Resume the halted channel.
    Resume,
}

/// With nothing open.
const TAB_KEYS: &[Key<ScreenKey>] = &[key(
    "Tab / Shift+Tab",
    SWITCH_TAB,
    ScreenKey::SwitchTab,
    "outbox / inbox / templates / campaigns",
    "keluar / masuk / template / kampanye",
)];

/// With nothing open and a channel halted; said in the alert.
const RESUME_KEYS: &[Key<ScreenKey>] =
    &[key("R", &[chr('R')], ScreenKey::Resume, "resume the halted channel", "lanjutkan saluran yang berhenti")
        .hint("resume", "lanjutkan")];

/// Everything the screen shows, loaded by the app in one go.
#[derive(Debug, Clone, Default)]
pub struct MessagesData {
    pub messages: Vec<MessageRow>,
    pub inbox: Vec<InboxRow>,
    pub templates: Vec<MessageTemplate>,
    /// Each template's status on the WhatsApp Business Account (key, status), when known.
    pub template_status: Vec<(String, String)>,
    /// Customers a template preview can be rendered for: (id, name).
    pub customers: Vec<(i64, String)>,
    pub campaigns: Vec<CampaignRow>,
    pub segments: Vec<String>,
    pub halted: Vec<HaltedChannel>,
}

/// What a new campaign form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignDraft {
    pub name: String,
    /// None: every opted-in customer.
    pub segment: Option<String>,
    pub template: String,
    /// Percent as typed (`10`, `12,5`).
    pub holdout: String,
}

pub struct MessagesScreen {
    pub tab: MessagesTab,
    pub outbox: OutboxTab,
    pub inbox: InboxTab,
    pub templates: TemplatesTab,
    pub campaigns: CampaignsTab,
    halted: Vec<HaltedChannel>,
    tz: TimeZone,
    notice: Option<(Notice, String)>,
}

impl Default for MessagesScreen {
    fn default() -> Self {
        MessagesScreen {
            tab: MessagesTab::default(),
            outbox: OutboxTab::default(),
            inbox: InboxTab::default(),
            templates: TemplatesTab::default(),
            campaigns: CampaignsTab::default(),
            halted: Vec::new(),
            tz: TimeZone::UTC,
            notice: None,
        }
    }
}

/// `23/11 12:00` in the shop's zone.
fn short_time(ms: i64, tz: &TimeZone) -> String {
    timestamp(ms).to_zoned(tz.clone()).strftime("%d/%m %H:%M").to_string()
}

/// A bordered popup of `height` rows centred across `area`, near its top.
fn popup(frame: &mut Frame, area: Rect, title: &str, height: u16, theme: &Theme) -> Rect {
    let width = area.width.min(70);
    let rect = Rect { x: area.x + (area.width - width) / 2, y: area.y + 1, width, height: height.min(area.height) };
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// Wrapped text in a popup just tall enough for it.
fn text_popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'_>>, theme: &Theme) {
    let width = area.width.min(70).saturating_sub(2).max(1) as usize;
    let rows: usize = lines.iter().map(|l| textwrap::wrap(&l.to_string(), width).len().max(1)).sum();
    let inner = popup(frame, area, title, rows as u16 + 2, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

impl MessagesScreen {
    pub fn filter(&self) -> MessageFilter {
        self.outbox.filter()
    }

    pub fn load_action(&self) -> Action {
        Action::Messages(MessagesAction::Load)
    }

    pub fn set_data(&mut self, data: MessagesData, tz: TimeZone) {
        self.tz = tz;
        self.halted = data.halted;
        self.outbox.set_rows(data.messages);
        self.inbox.set_rows(data.inbox);
        self.templates.set_data(data.templates, data.template_status, data.customers);
        self.campaigns.set_data(data.campaigns, data.segments);
    }

    pub fn set_preview(&mut self, preview: Result<RenderedMessage, String>) {
        self.templates.set_preview(preview);
    }

    pub fn template_failed(&mut self, message: String) {
        self.templates.failed(message);
    }

    pub fn template_saved(&mut self, text: String) {
        self.templates.close();
        self.show(Notice::Info, text);
    }

    pub fn set_plan(&mut self, draft: CampaignDraft, plan: CampaignPlan) {
        self.campaigns.confirm_plan(draft, plan);
    }

    pub fn campaign_failed(&mut self, message: String) {
        self.campaigns.failed(message.clone());
        if !self.campaigns.is_editing() {
            self.show(Notice::Error, message);
        }
    }

    pub fn campaign_done(&mut self, text: String) {
        self.campaigns.close();
        self.show(Notice::Info, text);
    }

    /// The keys the screen answers itself: none while something is open (its keys are the tab's).
    fn own_keys(&self) -> Vec<Key<ScreenKey>> {
        let resume = if self.halted.is_empty() { &[] } else { RESUME_KEYS };
        if self.at_rest() { TAB_KEYS.iter().chain(resume).copied().collect() } else { Vec::new() }
    }

    /// Open the Campaigns tab with a new campaign for `segment` (None: every opted-in customer).
    pub fn start_campaign(&mut self, segment: Option<String>, lang: Lang) {
        self.tab = MessagesTab::Campaigns;
        self.campaigns.open_new(segment.as_deref(), lang);
    }
}

impl View for MessagesScreen {
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        match lookup(&self.own_keys(), key) {
            Some(ScreenKey::SwitchTab) => {
                let at = TABS.iter().position(|(t, ..)| *t == self.tab).unwrap_or(0);
                let next = if key.code == KeyCode::BackTab { at + TABS.len() - 1 } else { at + 1 };
                self.tab = TABS[next % TABS.len()].0;
                self.notice = None;
                return Some(self.load_action());
            }
            Some(ScreenKey::Resume) => {
                let provider = self.halted.first()?.provider.clone();
                return Some(Action::Messages(MessagesAction::ResumeChannel(provider)));
            }
            None => {}
        }
        self.notice = None;
        match self.tab {
            MessagesTab::Outbox => self.outbox.handle_key(key),
            MessagesTab::Inbox => self.inbox.handle_key(key),
            MessagesTab::Templates => self.templates.handle_key(key, lang),
            MessagesTab::Campaigns => self.campaigns.handle_key(key, lang),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let alert_rows = u16::from(!self.halted.is_empty());
        let [alert, tabs, body, notice] = Layout::vertical([
            Constraint::Length(alert_rows),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        if let Some(h) = self.halted.first() {
            let text = format!(
                "⚠ {} {} ({}) {} {}: {}",
                h.provider,
                lang.pick("halted", "berhenti"),
                hint_text(RESUME_KEYS, lang),
                lang.pick("since", "sejak"),
                short_time(h.halted_at, &self.tz),
                &h.reason,
            );
            frame.render_widget(Paragraph::new(Span::styled(text, theme.error())), alert);
        }
        let spans: Vec<Span> = TABS
            .iter()
            .map(|(t, en, id)| {
                let style = if self.tab == *t { theme.selection() } else { theme.muted() };
                Span::styled(format!(" {} ", lang.pick(en, id)), style)
            })
            .collect();
        frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
        match self.tab {
            MessagesTab::Outbox => self.outbox.render(frame, body, &self.tz, theme, lang),
            MessagesTab::Inbox => self.inbox.render(frame, body, &self.tz, theme, lang),
            MessagesTab::Templates => self.templates.render(frame, body, theme, lang),
            MessagesTab::Campaigns => self.campaigns.render(frame, body, &self.tz, theme, lang),
        }
        if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), notice);
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        let tab = match self.tab {
            MessagesTab::Outbox => self.outbox.keys(),
            MessagesTab::Inbox => self.inbox.keys(),
            MessagesTab::Templates => self.templates.keys(),
            MessagesTab::Campaigns => self.campaigns.keys(),
        };
        help(&self.own_keys()).into_iter().chain(tab).collect()
    }

    /// A form or dialog is open (the app does not reload under it).
    fn is_editing(&self) -> bool {
        self.templates.is_editing() || self.campaigns.is_editing()
    }

    /// Nothing open: Esc leaves the module.
    fn at_rest(&self) -> bool {
        !self.is_editing() && !self.outbox.is_open() && !self.inbox.is_open()
    }

    fn show(&mut self, notice: Notice, text: String) {
        self.notice = Some((notice, text));
    }
}
