//! Segments (Alt+7, third tab): the newest segmentation as bars — each cluster's and
//! RFM segment's share of customers and of revenue. Enter lists a segment's
//! customers, `c` starts a campaign for it, `s` segments the customers again now.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::Money;
use crate::domain::rfm::segment_name;
use crate::services::segments::{Segmentation, share_percent};
use crate::store::segments::{CustomerSegment, GroupSummary};
use crate::tui::action::{Action, CrmAction, SegmentsAction};
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, KeyHelp, MOVE, Press, chr, help, key, lookup, press};
use crate::tui::theme::Theme;
use crate::tui::widgets::help::{hint_text, with_hints};
use crate::tui::widgets::progress::Running;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::{Column, TableView, col, flex, move_selection, num};

const MEMBER_COLUMNS: &[Column] = &[
    col("Code", "Kode", 7, 6),
    flex("Customer", "Pelanggan", 14, 10),
    num("Days", "Hari", 5, 8),
    num("Sales", "Beli", 5, 7),
    num("Spend", "Belanja", 11, 9),
    col("RFM", "RFM", 3, 3),
    col("Segment", "Segmen", 18, 2),
];

/// What the keys of the segments tab do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegmentKey {
    Move,
    Members,
    Campaign,
    Run,
    /// Back to the segments; while segmenting, stop it.
    Back,
}

const ESC: &[Press] = &[press(KeyCode::Esc)];

const RUNNING_KEYS: &[Key<SegmentKey>] =
    &[key("Esc", ESC, SegmentKey::Back, "stop the segmentation", "hentikan segmentasi")];

const CAMPAIGN: Key<SegmentKey> =
    key("c", &[chr('c')], SegmentKey::Campaign, "start a campaign for the segment", "mulai kampanye untuk segmen ini")
        .hint("campaign", "kampanye");

/// Named where no segmentation is yet.
const RUN: Key<SegmentKey> =
    key("s", &[chr('s')], SegmentKey::Run, "segment the customers now (k = 3)", "segmentasi pelanggan sekarang (k = 3)");

/// The segments' bars; the hints end their header.
const GROUP_KEYS: &[Key<SegmentKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, SegmentKey::Move, "choose a segment", "pilih segmen"),
    key("Enter", &[press(KeyCode::Enter)], SegmentKey::Members, "the segment's customers", "pelanggan segmen ini")
        .hint("customers", "pelanggan"),
    CAMPAIGN,
    RUN,
];

/// A segment's customers; the hints end their header.
const MEMBER_KEYS: &[Key<SegmentKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, SegmentKey::Move, "choose a customer", "pilih pelanggan"),
    CAMPAIGN,
    key("Esc", ESC, SegmentKey::Back, "back to the segments", "kembali ke segmen").hint("", ""),
];

/// A group as shown: a cluster or an RFM segment.
struct Group {
    label: String,
    summary: GroupSummary,
}

struct Members {
    label: String,
    rows: Vec<CustomerSegment>,
    selected: usize,
}

#[derive(Default)]
pub struct SegmentsScreen {
    run: Option<Segmentation>,
    /// Clusters first, then RFM segments.
    groups: Vec<Group>,
    selected: usize,
    members: Option<Members>,
    notice: Option<(Notice, String)>,
    /// A segmentation running on a worker (`s`); Esc cancels it.
    running: Option<Running>,
}

impl SegmentsScreen {
    pub fn set_run(&mut self, run: Option<Segmentation>) {
        self.groups = run
            .iter()
            .flat_map(|r| r.clusters.iter().chain(&r.rfm_segments))
            .map(|g| Group { label: g.label.clone(), summary: g.clone() })
            .collect();
        self.run = run;
        self.selected = self.selected.min(self.groups.len().saturating_sub(1));
    }

    pub fn set_members(&mut self, label: String, rows: Vec<CustomerSegment>) {
        self.members = Some(Members { label, rows, selected: 0 });
    }

    pub fn notify(&mut self, kind: Notice, text: String) {
        self.notice = Some((kind, text));
    }

    /// A segmentation started on a worker at `now_ms`.
    pub fn started(&mut self, now_ms: i64, lang: Lang) {
        self.running = Some(Running::new(lang.pick("segmentation", "segmentasi"), now_ms));
        self.notice = None;
    }

    /// The running segmentation ended (or was cancelled).
    pub fn stopped(&mut self) {
        self.running = None;
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn tick(&mut self, now_ms: i64) {
        if let Some(running) = &mut self.running {
            running.tick(now_ms);
        }
    }

    fn selected_label(&self) -> Option<&str> {
        match &self.members {
            Some(m) => Some(&m.label),
            None => self.groups.get(self.selected).map(|g| g.label.as_str()),
        }
    }

    /// The keys of what shows: a running segmentation, a segment's customers, or the segments.
    fn table(&self) -> &'static [Key<SegmentKey>] {
        match (&self.running, &self.members) {
            (Some(_), _) => RUNNING_KEYS,
            (None, Some(_)) => MEMBER_KEYS,
            (None, None) => GROUP_KEYS,
        }
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        help(self.table())
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        let command = lookup(self.table(), key);
        if self.running.is_some() {
            // Keys wait until the segmentation is back; Esc stops it.
            return (command == Some(SegmentKey::Back)).then_some(Action::Crm(CrmAction::Segments(SegmentsAction::Cancel)));
        }
        self.notice = None;
        match command? {
            SegmentKey::Back => self.members = None,
            SegmentKey::Move => {
                let (selected, len) = match &mut self.members {
                    Some(m) => (&mut m.selected, m.rows.len()),
                    None => (&mut self.selected, self.groups.len()),
                };
                *selected = move_selection(*selected, len, key.code);
            }
            SegmentKey::Members => {
                let label = self.selected_label()?.to_string();
                return Some(Action::Crm(CrmAction::Segments(SegmentsAction::Members(label))));
            }
            SegmentKey::Campaign => {
                let segment = Some(self.selected_label()?.to_string());
                return Some(Action::StartCampaign { segment });
            }
            SegmentKey::Run => return Some(Action::Crm(CrmAction::Segments(SegmentsAction::Run))),
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [head, body, notice] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        match (&self.run, &self.members) {
            (None, _) => {
                let text = match lang {
                    Lang::En => format!(
                        "No segmentation yet: press {} (or run `warung segment`) once there are sales to customers.",
                        RUN.label
                    ),
                    Lang::Id => format!(
                        "Belum ada segmentasi: tekan {} (atau jalankan `warung segment`) setelah ada penjualan ke pelanggan.",
                        RUN.label
                    ),
                };
                frame.render_widget(
                    Paragraph::new(Span::styled(text, theme.muted())).wrap(ratatui::widgets::Wrap { trim: true }),
                    body,
                );
            }
            (Some(_), Some(m)) => self.render_members(m, frame, head, body, theme, lang),
            (Some(run), None) => self.render_bars(run, frame, head, body, theme, lang),
        }
        if let Some(running) = &self.running {
            frame.render_widget(Paragraph::new(Span::styled(running.line(lang), theme.accent())), notice);
        } else if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), notice);
        }
    }

    fn render_bars(&self, run: &Segmentation, frame: &mut Frame, head: Rect, body: Rect, theme: &Theme, lang: Lang) {
        let summary = format!(
            "{} {} · k={} · {} {}",
            lang.pick("As of", "Per"),
            run.run.as_of,
            run.run.k,
            run.customers,
            lang.pick("customers", "pelanggan"),
        );
        let text = with_hints(summary, GROUP_KEYS, lang, head.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted())), head);
        let revenue = run.revenue();
        // label · count · customers bar · revenue bar with its share.
        // As wide as the longest name ("Jangan sampai lepas"), up to a third of the screen.
        let longest = self.groups.iter().map(|g| segment_name(&g.label, lang).chars().count()).max().unwrap_or(0);
        let label_width = longest.max(7).min(body.width as usize / 3);
        let bar_width = (body.width as usize).saturating_sub(label_width + 6 + 7 + 3) / 2;
        let bar = |part: i64, whole: i64| {
            let filled = if whole <= 0 { 0 } else { (part as usize * bar_width).div_ceil(whole as usize) };
            format!("{:<bar_width$}", "█".repeat(filled.min(bar_width)))
        };
        let mut lines = vec![Line::from(Span::styled(
            format!(
                "{:<label_width$} {:>5} {:<bar_width$} {:>6}",
                lang.pick("Segment", "Segmen"),
                "n",
                lang.pick("customers", "pelanggan"),
                lang.pick("revenue", "omzet")
            ),
            theme.title(),
        ))];
        for (i, g) in self.groups.iter().enumerate() {
            if i == run.clusters.len() {
                lines.push(Line::from(Span::styled(lang.pick("RFM segments", "Segmen RFM"), theme.title())));
            }
            let style = if i == self.selected { theme.selection() } else { theme.base() };
            let name: String = segment_name(&g.label, lang).chars().take(label_width).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("{name:<label_width$} {:>5} ", g.summary.customers), style),
                Span::styled(bar(g.summary.customers, run.customers as i64), theme.accent()),
                Span::raw(" "),
                Span::styled(bar(g.summary.revenue, revenue), theme.success()),
                Span::styled(
                    lang.decimal_mark(&format!(" {:>5.1}%", share_percent(g.summary.revenue, revenue))),
                    style,
                ),
            ]));
        }
        // Keep the selection in view on short terminals.
        let selected_line = self.selected + 1 + usize::from(self.selected >= run.clusters.len());
        let scroll = selected_line.saturating_sub(body.height.saturating_sub(1) as usize);
        frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), body);
    }

    fn render_members(&self, m: &Members, frame: &mut Frame, head: Rect, body: Rect, theme: &Theme, lang: Lang) {
        // The list is capped; say so when the segment is bigger.
        let total = self.groups.iter().find(|g| g.label == m.label).map_or(0, |g| g.summary.customers as usize);
        let count = if total > m.rows.len() {
            format!("{} {} {total}", m.rows.len(), lang.pick("of", "dari"))
        } else {
            m.rows.len().to_string()
        };
        let text = format!(
            "{} · {count} {} · {}",
            segment_name(&m.label, lang),
            lang.pick("customers", "pelanggan"),
            hint_text(MEMBER_KEYS, lang)
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
        let rows: Vec<Vec<String>> = m
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.code.clone(),
                    r.name.clone(),
                    r.recency_days.to_string(),
                    r.frequency.to_string(),
                    Money::new(r.monetary).grouped(),
                    format!("{}{}{}", r.r_score, r.f_score, r.m_score),
                    segment_name(&r.rfm_segment, lang),
                ]
            })
            .collect();
        TableView { columns: MEMBER_COLUMNS, rows: &rows, dimmed: &[], selected: Some(m.selected) }
            .render(frame, body, theme, lang);
    }
}
