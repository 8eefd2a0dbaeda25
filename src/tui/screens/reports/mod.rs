//! Reports (Alt+6): pick a report, set its days (and its grouping or ranking),
//! Enter runs it. Rows come a page at a time (the next page is fetched when the
//! selection nears the last loaded row); `/` filters the loaded rows; `e` exports
//! the whole report to a file (csv, json or xlsx).

mod action;
pub use action::ReportsAction;

pub mod controller;

use crossterm::event::{KeyCode, KeyEvent};
use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use self::controller::ReportResult;
use crate::reports::catalog::{RangeUse, ReportOption};
use crate::reports::period::parse_date;
use crate::reports::writers::shown;
use crate::reports::{DEFAULT_LIMIT, DateRange, Format, GroupBy, Options, Page, RankBy, ReportDef};
use crate::services::reports::ReportRequest;
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::screens::View;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, MOVE, Press, SWITCH_TAB, UP_DOWN, chr, help, key, lookup, press, typed};
use crate::tui::widgets::help::{f1_hint, hint_text};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::progress::Running;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::table::{Column, TableView, move_selection};

/// Rows per page: small enough that one page query stays quick on a big shop.
pub const PAGE_ROWS: usize = 200;
/// Fetch the next page once the selection is this close to the last loaded row.
const FETCH_AHEAD: usize = 40;
/// No column is drawn wider than this; longer cells are cut.
const MAX_COLUMN_WIDTH: usize = 24;
/// Formats a report can be exported in (the aligned table is for terminals).
const EXPORT_FORMATS: [Format; 3] = [Format::Csv, Format::Json, Format::Xlsx];

/// What the keys of the Reports screen do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReportKey {
    /// Stop the running report.
    Cancel,
    Run,
    /// Tab, Shift+Tab and, in a field, ↑/↓: the next or previous field.
    StepField,
    /// Out of a field, the filter, the export prompt or the table.
    Back,
    Move,
    /// ←/→ or Space: the grouping or the ranking.
    Cycle,
    Filter,
    FilterDone,
    Export,
    Format,
    Write,
}

const ESC: &[Press] = &[press(KeyCode::Esc)];
const ENTER: &[Press] = &[press(KeyCode::Enter)];

const RUNNING_KEYS: &[Key<ReportKey>] =
    &[key("Esc", ESC, ReportKey::Cancel, "cancel the running report", "batalkan laporan yang berjalan")];

const LIST_KEYS: &[Key<ReportKey>] = &[key("↑/↓", MOVE, ReportKey::Move, "pick a report", "pilih laporan")];

/// In the dates, grouping and filters under the list.
const FIELD_KEYS: &[Key<ReportKey>] = &[
    key("↑/↓", UP_DOWN, ReportKey::StepField, "previous / next field", "kolom sebelumnya / berikut"),
    key("Esc", ESC, ReportKey::Back, "back to the report list", "kembali ke daftar laporan"),
];

const CHOICE_KEYS: &[Key<ReportKey>] = &[key(
    "←/→",
    &[press(KeyCode::Left), press(KeyCode::Right), chr(' ')],
    ReportKey::Cycle,
    "change grouping or ranking",
    "ganti kelompok atau urutan",
)];

const TEXT_KEYS: &[Key<ReportKey>] = &[typed("text", "a date (YYYY-MM-DD) or a filter", "tanggal (YYYY-MM-DD) atau saringan")];

const SETUP_KEYS: &[Key<ReportKey>] = &[
    key("Tab", SWITCH_TAB, ReportKey::StepField, "next field: dates, grouping", "kolom berikut: tanggal, kelompok"),
    key("Enter", ENTER, ReportKey::Run, "run the report", "jalankan laporan"),
    // Said here too, where people look before running one (RUNNING_KEYS takes it).
    typed("Esc", "while it runs: cancel the report", "saat berjalan: batalkan laporan"),
];

const TABLE_KEYS: &[Key<ReportKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, ReportKey::Move, "scroll (more rows load as you go)", "gulir (baris berikut dimuat)"),
    key("/", &[chr('/')], ReportKey::Filter, "filter the loaded rows", "saring baris yang dimuat").hint("filter", "saring"),
    key("e", &[chr('e')], ReportKey::Export, "export to a file (Tab: csv/json/xlsx)", "ekspor ke berkas (Tab: csv/json/xlsx)")
        .hint("export", "ekspor"),
    key("Esc", ESC, ReportKey::Back, "clear the filter, then back to the report list", "hapus saringan, lalu ke daftar laporan")
        .hint("reports", "laporan"),
];

const FILTER_KEYS: &[Key<ReportKey>] = &[
    typed("text", "filter as you type", "saring sambil mengetik"),
    key("Enter/↓", &[press(KeyCode::Enter), press(KeyCode::Down)], ReportKey::FilterDone, "keep the filter", "pakai saringan"),
    key("Esc", ESC, ReportKey::Back, "clear the filter", "hapus saringan"),
];

const EXPORT_KEYS: &[Key<ReportKey>] = &[
    typed("text", "the file's path", "lokasi berkas"),
    key("Tab", SWITCH_TAB, ReportKey::Format, "csv / json / xlsx", "csv / json / xlsx").hint("format", "format"),
    key("Enter", ENTER, ReportKey::Write, "write the file", "tulis berkas").hint("write", "tulis"),
    key("Esc", ESC, ReportKey::Back, "cancel", "batal").hint("cancel", "batal"),
];
/// Turns once a second while a report runs.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    List,
    From,
    To,
    GroupBy,
    By,
    Limit,
    User,
    Action,
}

/// A report that ran: the request (to fetch more, or export), its rows as shown.
struct Loaded {
    request: ReportRequest,
    range: RangeUse,
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    more: bool,
    /// Index into the rows the filter lets through.
    selected: usize,
}

struct ExportPrompt {
    path: TextInput,
    format: usize,
}

pub struct ReportsScreen {
    list: &'static [ReportDef],
    picked: usize,
    focus: Field,
    from: TextInput,
    to: TextInput,
    group_by: GroupBy,
    by: RankBy,
    limit: TextInput,
    user: TextInput,
    action: TextInput,
    loaded: Option<Loaded>,
    filter: TextInput,
    filtering: bool,
    export: Option<ExportPrompt>,
    notice: Option<(Notice, String)>,
    running: Option<Running>,
}

impl Default for ReportsScreen {
    fn default() -> Self {
        ReportsScreen {
            list: &[],
            picked: 0,
            focus: Field::List,
            from: TextInput::default(),
            to: TextInput::default(),
            group_by: GroupBy::Day,
            by: RankBy::Qty,
            limit: TextInput::new(&DEFAULT_LIMIT.to_string()),
            user: TextInput::default(),
            action: TextInput::default(),
            loaded: None,
            filter: TextInput::default(),
            filtering: false,
            export: None,
            notice: None,
            running: None,
        }
    }
}

/// The trimmed text of a filter field, or nothing when it is empty.
fn non_empty(input: &TextInput) -> Option<String> {
    Some(input.value().trim().to_string()).filter(|v| !v.is_empty())
}

fn group_label(g: GroupBy, lang: Lang) -> &'static str {
    match g {
        GroupBy::Day => lang.pick("day", "hari"),
        GroupBy::Week => lang.pick("week", "minggu"),
        GroupBy::Month => lang.pick("month", "bulan"),
    }
}

fn rank_label(r: RankBy, lang: Lang) -> &'static str {
    match r {
        RankBy::Qty => lang.pick("quantity", "jumlah"),
        RankBy::Revenue => lang.pick("revenue", "omzet"),
    }
}

impl ReportsScreen {
    /// The reports to pick from and today's date; the range defaults to the last
    /// 30 days the first time, and stays as set afterwards.
    pub fn open(&mut self, list: &'static [ReportDef], today: Date) {
        self.list = list;
        self.picked = self.picked.min(list.len().saturating_sub(1));
        if self.from.is_empty()
            && self.to.is_empty()
            && let Ok(range) = DateRange::resolve(None, None, today)
        {
            self.from.set(&range.from.to_string());
            self.to.set(&range.to.to_string());
        }
    }

    /// Shows the setup of the report called `name` (the palette's "Audit trail").
    pub fn pick(&mut self, name: &str) {
        if let Some(at) = self.list.iter().position(|r| r.name == name) {
            self.picked = at;
            self.loaded = None;
            self.export = None;
            self.filtering = false;
            self.focus = Field::List;
        }
    }

    fn report(&self) -> Option<&'static ReportDef> {
        self.list.get(self.picked)
    }

    /// The fields the picked report uses, in order.
    fn fields(&self) -> Vec<Field> {
        let mut fields = vec![Field::List];
        let Some(report) = self.report() else { return fields };
        if report.range == RangeUse::Between {
            fields.push(Field::From);
        }
        fields.push(Field::To);
        if report.options.contains(&ReportOption::GroupBy) {
            fields.push(Field::GroupBy);
        }
        if report.options.contains(&ReportOption::By) {
            fields.push(Field::By);
        }
        if report.options.contains(&ReportOption::Limit) {
            fields.push(Field::Limit);
        }
        if report.options.contains(&ReportOption::User) {
            fields.push(Field::User);
        }
        if report.options.contains(&ReportOption::Action) {
            fields.push(Field::Action);
        }
        fields
    }

    fn step_focus(&mut self, forward: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = if forward { (at + 1) % fields.len() } else { (at + fields.len() - 1) % fields.len() };
        self.focus = fields[next];
        // A field reached with its value selected: typing replaces it (a date typed
        // over the default range is that date, never the two run together).
        if let Some(input) = self.text_field() {
            let value = input.value().to_string();
            input.prefill(&value);
        }
    }

    /// The text field with the focus, if the focus is on one.
    fn text_field(&mut self) -> Option<&mut TextInput> {
        match self.focus {
            Field::From => Some(&mut self.from),
            Field::To => Some(&mut self.to),
            Field::Limit => Some(&mut self.limit),
            Field::User => Some(&mut self.user),
            Field::Action => Some(&mut self.action),
            _ => None,
        }
    }

    /// The request the fields describe, or a message naming the field that is wrong.
    fn request(&mut self, lang: Lang) -> Result<ReportRequest, String> {
        let report = self.report().ok_or_else(|| lang.pick("No report to run", "Tidak ada laporan").to_string())?;
        let date = |input: &TextInput, en: &str, id: &str| {
            parse_date(input.value()).map_err(|_| {
                format!(
                    "{}: '{}' {}",
                    lang.pick(en, id),
                    input.value().trim(),
                    lang.pick("is not a date; write it as YYYY-MM-DD", "bukan tanggal; tulis sebagai YYYY-MM-DD")
                )
            })
        };
        let between = report.range == RangeUse::Between;
        let to = date(&self.to, "To", "Sampai").inspect_err(|_| self.focus = Field::To)?;
        let from = if between {
            let from = date(&self.from, "From", "Dari").inspect_err(|_| self.focus = Field::From)?;
            if from > to {
                self.focus = Field::From;
                return Err(format!(
                    "{} {from} {} {to}",
                    lang.pick("From", "Dari"),
                    lang.pick("is after To", "sesudah tanggal Sampai")
                ));
            }
            Some(from)
        } else {
            None
        };
        let takes = |o: ReportOption| report.options.contains(&o);
        let limit = if takes(ReportOption::Limit) {
            match self.limit.value().trim().parse::<usize>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    self.focus = Field::Limit;
                    return Err(format!(
                        "{}: '{}' {}",
                        lang.pick("Limit", "Batas"),
                        self.limit.value().trim(),
                        lang.pick("is not a whole number of 1 or more", "bukan bilangan bulat 1 atau lebih")
                    ));
                }
            }
        } else {
            None
        };
        Ok(ReportRequest {
            name: report.name.to_string(),
            from,
            to: Some(to),
            options: Options {
                group_by: takes(ReportOption::GroupBy).then_some(self.group_by),
                by: takes(ReportOption::By).then_some(self.by),
                limit,
                user: takes(ReportOption::User).then(|| non_empty(&self.user)).flatten(),
                action: takes(ReportOption::Action).then(|| non_empty(&self.action)).flatten(),
                ..Default::default()
            },
        })
    }

    /// The first page of a report that ran.
    /// Codes and yes/no read in `lang`.
    pub fn set_page(&mut self, request: ReportRequest, page: Page, lang: Lang) {
        let range = crate::reports::find(&request.name).map_or(RangeUse::Between, |r| r.range);
        let columns = page
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| Column {
                en: c.name,
                id: c.header_id,
                // The widest cell; the header's width in the user's language is added when drawn.
                width: 0,
                flex: false,
                numeric: c.ty.is_numeric(),
                // Leading columns are the ones that matter (and that scripts rely on).
                priority: u8::try_from(255usize.saturating_sub(i)).unwrap_or(0),
            })
            .collect();
        let mut loaded = Loaded { request, range, columns, rows: Vec::new(), more: false, selected: 0 };
        add_rows(&mut loaded, page, lang);
        self.loaded = Some(loaded);
        self.filter.clear();
        self.filtering = false;
        self.notice = None;
    }

    /// A further page, appended to the rows already loaded.
    pub fn add_page(&mut self, page: Page, lang: Lang) {
        if let Some(loaded) = &mut self.loaded
            && page.offset == loaded.rows.len()
        {
            add_rows(loaded, page, lang);
        }
    }

    /// The report `name` is running in the background from `now_ms`.
    pub fn started(&mut self, name: &str, now_ms: i64) {
        self.running = Some(Running::new(name, now_ms));
        self.notice = None;
    }

    /// What the background report gave.
    pub fn report_done(&mut self, result: ReportResult, lang: Lang) {
        self.running = None;
        match result {
            ReportResult::Page(loaded) => match *loaded {
                (request, page) if page.offset == 0 => self.set_page(request, page, lang),
                (_, page) => self.add_page(page, lang),
            },
            ReportResult::Exported(text) => self.exported(text),
            ReportResult::Failed(text) => self.show(Notice::Error, text),
        }
    }

    pub fn cancelled(&mut self, lang: Lang) {
        self.running = None;
        self.notice = Some((Notice::Info, lang.pick("Report cancelled.", "Laporan dibatalkan.").to_string()));
    }

    /// The line shown while a report runs: a spinner, the seconds so far, how to stop.
    fn running_line(&self, lang: Lang) -> Option<String> {
        self.running.as_ref().map(|running| running.line(lang))
    }

    pub fn exported(&mut self, text: String) {
        self.export = None;
        self.notice = Some((Notice::Info, text));
    }

    /// Indices of the loaded rows the filter lets through.
    fn visible(&self, loaded: &Loaded) -> Vec<usize> {
        let needle = self.filter.value().trim().to_lowercase();
        if needle.is_empty() {
            return (0..loaded.rows.len()).collect();
        }
        (0..loaded.rows.len())
            .filter(|i| loaded.rows[*i].iter().any(|cell| cell.to_lowercase().contains(&needle)))
            .collect()
    }

    /// The keys of what is showing: a running report, the list and its fields, the
    /// loaded table, its filter or the export prompt.
    fn table(&self) -> Vec<Key<ReportKey>> {
        let parts: &[&[Key<ReportKey>]] = match (&self.running, &self.loaded) {
            (Some(_), _) => &[RUNNING_KEYS],
            (None, Some(_)) if self.export.is_some() => &[EXPORT_KEYS],
            (None, Some(_)) if self.filtering => &[FILTER_KEYS],
            (None, Some(_)) => &[TABLE_KEYS],
            (None, None) => match self.focus {
                Field::List => &[LIST_KEYS, SETUP_KEYS],
                Field::GroupBy | Field::By => &[FIELD_KEYS, CHOICE_KEYS, SETUP_KEYS],
                _ => &[FIELD_KEYS, TEXT_KEYS, SETUP_KEYS],
            },
        };
        parts.iter().flat_map(|part| part.iter()).copied().collect()
    }

    fn setup_key(&mut self, command: Option<ReportKey>, key: &KeyEvent, lang: Lang) -> Option<Action> {
        match command {
            Some(ReportKey::Run) => {
                return match self.request(lang) {
                    Ok(request) => {
                        self.notice = None;
                        Some(Action::Reports(ReportsAction::Run(request)))
                    }
                    Err(message) => {
                        self.notice = Some((Notice::Error, message));
                        None
                    }
                };
            }
            Some(ReportKey::StepField) => self.step_focus(matches!(key.code, KeyCode::Tab | KeyCode::Down)),
            Some(ReportKey::Back) => self.focus = Field::List,
            Some(ReportKey::Move) => {
                self.picked = move_selection(self.picked, self.list.len(), key.code);
                self.notice = None;
            }
            Some(ReportKey::Cycle) => {
                let forward = key.code != KeyCode::Left;
                if self.focus == Field::GroupBy {
                    let at = GroupBy::ALL.iter().position(|g| *g == self.group_by).unwrap_or(0);
                    let n = GroupBy::ALL.len();
                    self.group_by = GroupBy::ALL[if forward { (at + 1) % n } else { (at + n - 1) % n }];
                } else {
                    self.by = if self.by == RankBy::Qty { RankBy::Revenue } else { RankBy::Qty };
                }
            }
            Some(_) => {}
            None => {
                if let Some(input) = self.text_field() {
                    input.handle(key);
                }
            }
        }
        None
    }

    fn table_key(&mut self, command: Option<ReportKey>, key: &KeyEvent) -> Option<Action> {
        if let Some(prompt) = &mut self.export {
            match command {
                Some(ReportKey::Back) => self.export = None,
                Some(ReportKey::Format) => {
                    let old = EXPORT_FORMATS[prompt.format].code();
                    prompt.format = (prompt.format + 1) % EXPORT_FORMATS.len();
                    // A path still ending in the old extension follows the format.
                    let path = prompt.path.value().to_string();
                    if let Some(stem) = path.strip_suffix(&format!(".{old}")) {
                        prompt.path.set(&format!("{stem}.{}", EXPORT_FORMATS[prompt.format].code()));
                    }
                }
                Some(ReportKey::Write) => {
                    let loaded = self.loaded.as_ref()?;
                    return Some(Action::Reports(ReportsAction::Export {
                        request: loaded.request.clone(),
                        format: EXPORT_FORMATS[prompt.format],
                        path: prompt.path.value().trim().to_string(),
                    }));
                }
                _ => {
                    prompt.path.handle(key);
                }
            }
            return None;
        }
        if self.filtering {
            match command {
                Some(ReportKey::FilterDone) => self.filtering = false,
                Some(ReportKey::Back) => {
                    self.filtering = false;
                    self.filter.clear();
                }
                _ => {
                    if self.filter.handle(key)
                        && let Some(loaded) = &mut self.loaded
                    {
                        loaded.selected = 0;
                    }
                }
            }
            return None;
        }
        self.notice = None;
        match command? {
            ReportKey::Move => {
                let shown = self.visible(self.loaded.as_ref()?).len();
                let loaded = self.loaded.as_mut()?;
                loaded.selected = move_selection(loaded.selected, shown, key.code);
                if loaded.more && loaded.selected + FETCH_AHEAD >= shown {
                    return Some(Action::Reports(ReportsAction::More {
                        request: loaded.request.clone(),
                        offset: loaded.rows.len(),
                    }));
                }
            }
            ReportKey::Filter => self.filtering = true,
            ReportKey::Export => {
                let loaded = self.loaded.as_ref()?;
                let request = &loaded.request;
                let to = request.to.map(|d| d.to_string()).unwrap_or_default();
                let name = match request.from {
                    Some(from) => format!("{}-{from}-{to}.csv", request.name),
                    None => format!("{}-{to}.csv", request.name),
                };
                self.export = Some(ExportPrompt { path: TextInput::new(&name), format: 0 });
            }
            ReportKey::Back if !self.filter.is_empty() => self.filter.clear(),
            ReportKey::Back => {
                self.loaded = None;
                self.focus = Field::List;
            }
            _ => {}
        }
        None
    }

    fn render_setup(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        // The list as tall as it is (or as fits), the fields right under it, then the
        // picked report's description whole (the list cuts it at the edge).
        let list_height = (self.list.len() as u16).min(area.height.saturating_sub(8)).max(1);
        let [head, list_area, fields_area, notice_area, _] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(list_height),
            Constraint::Length(5),
            Constraint::Length(2),
            Constraint::Min(0),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(Span::styled(
                lang.pick(
                    "↑/↓ report · Tab dates · Enter run · F1 help",
                    "↑/↓ laporan · Tab tanggal · Enter jalankan · F1 bantuan",
                ),
                theme.muted(),
            )),
            head,
        );
        // The list, scrolled so the picked report shows.
        let height = list_area.height as usize;
        let top = (self.picked + 1).saturating_sub(height);
        let name_width = self.list.iter().map(|r| r.title(lang).chars().count()).max().unwrap_or(0);
        let lines: Vec<Line> = self
            .list
            .iter()
            .enumerate()
            .skip(top)
            .take(height)
            .map(|(i, r)| {
                let picked = i == self.picked;
                let name_style = if picked && self.focus == Field::List {
                    theme.selection()
                } else if picked {
                    theme.accent()
                } else {
                    theme.base()
                };
                Line::from(vec![
                    Span::styled(format!("{} {:name_width$}", if picked { '>' } else { ' ' }, r.title(lang)), name_style),
                    Span::styled(format!("  {}", r.description(lang)), theme.muted()),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list_area);

        let Some(report) = self.report() else { return };
        let style = |field: Field| if self.focus == field { theme.selection() } else { theme.accent() };
        let mut dates = Vec::new();
        if report.range == RangeUse::Between {
            dates.push(Span::raw(format!("{} ", lang.pick("From", "Dari"))));
            dates.push(Span::styled(format!("{:10}", self.from.value()), style(Field::From)));
            dates.push(Span::raw(format!("  {} ", lang.pick("To", "Sampai"))));
        } else {
            dates.push(Span::raw(format!("{} ", lang.pick("As of", "Per tanggal"))));
        }
        dates.push(Span::styled(format!("{:10}", self.to.value()), style(Field::To)));
        let mut lines = vec![Line::from(Span::styled(
            // The name too: it is what `warung report` takes.
            format!("─ {} ({})", report.title(lang), report.name),
            theme.title(),
        )), Line::from(dates)];
        if report.options.contains(&ReportOption::GroupBy) {
            let mut spans = vec![Span::raw(format!("{} ", lang.pick("Per", "Per")))];
            for g in GroupBy::ALL {
                let chosen = g == self.group_by;
                let s = if chosen { style(Field::GroupBy) } else { theme.muted() };
                spans.push(Span::styled(format!(" {} ", group_label(g, lang)), s));
            }
            lines.push(Line::from(spans));
        }
        if report.options.contains(&ReportOption::By) {
            let mut spans = vec![Span::raw(format!("{} ", lang.pick("By", "Urut")))];
            for r in [RankBy::Qty, RankBy::Revenue] {
                let s = if r == self.by { style(Field::By) } else { theme.muted() };
                spans.push(Span::styled(format!(" {} ", rank_label(r, lang)), s));
            }
            if report.options.contains(&ReportOption::Limit) {
                spans.push(Span::raw(format!("  {} ", lang.pick("Top", "Teratas"))));
                spans.push(Span::styled(format!("{:4}", self.limit.value()), style(Field::Limit)));
            }
            lines.push(Line::from(spans));
        }
        let filter_label = (lang.pick("User", "Pengguna"), lang.pick("Action", "Tindakan"));
        if report.options.contains(&ReportOption::User) {
            lines.push(Line::from(vec![
                Span::raw(format!("{} ", filter_label.0)),
                Span::styled(format!("{:10}", self.user.value()), style(Field::User)),
                Span::raw(format!("  {} ", filter_label.1)),
                Span::styled(format!("{:16}", self.action.value()), style(Field::Action)),
            ]));
        }
        let used = lines.len() as u16;
        frame.render_widget(Paragraph::new(lines), fields_area);
        let [_, about_area] = Layout::vertical([Constraint::Length(used), Constraint::Min(0)]).areas(fields_area);
        frame.render_widget(
            Paragraph::new(Span::styled(report.description(lang), theme.muted())).wrap(Wrap { trim: true }),
            about_area,
        );
        // The cursor sits in the text field being edited.
        let cursor = match self.focus {
            Field::From => Some((&self.from, fields_area.x + lang.pick("From", "Dari").len() as u16 + 1, 1)),
            Field::To if report.range == RangeUse::Between => Some((
                &self.to,
                fields_area.x
                    + (lang.pick("From", "Dari").len() + 1 + 10 + 2 + lang.pick("To", "Sampai").len() + 1) as u16,
                1,
            )),
            Field::To => {
                Some((&self.to, fields_area.x + lang.pick("As of", "Per tanggal").chars().count() as u16 + 1, 1))
            }
            Field::User => Some((&self.user, fields_area.x + filter_label.0.chars().count() as u16 + 1, 2)),
            Field::Action => Some((
                &self.action,
                fields_area.x
                    + (filter_label.0.chars().count() + 1 + 10 + 2 + filter_label.1.chars().count() + 1) as u16,
                2,
            )),
            _ => None,
        };
        if let Some((input, x, dy)) = cursor {
            let (_, at) = input.view(10);
            frame.set_cursor_position((x + at as u16, fields_area.y + dy));
        }
        if let Some(text) = self.running_line(lang) {
            frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), notice_area);
        } else if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(
                Paragraph::new(Span::styled(text.as_str(), style)).wrap(Wrap { trim: true }),
                notice_area,
            );
        }
    }

    fn render_table(&self, loaded: &Loaded, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [head, table_area, foot] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let request = &loaded.request;
        let days = match (loaded.range, request.from, request.to) {
            (RangeUse::Between, Some(from), Some(to)) => format!("{from} – {to}"),
            (_, _, Some(to)) => format!("{} {to}", lang.pick("as of", "per")),
            _ => String::new(),
        };
        let mut extra = String::new();
        if let Some(g) = request.options.group_by {
            extra = format!(" · {} {}", lang.pick("per", "per"), group_label(g, lang));
        }
        if let Some(by) = request.options.by {
            extra = format!(" · {}", rank_label(by, lang));
        }
        for filter in [&request.options.user, &request.options.action].into_iter().flatten() {
            extra.push_str(&format!(" · {filter}"));
        }
        let count = if loaded.more { format!("{}+", loaded.rows.len()) } else { loaded.rows.len().to_string() };
        let rows = format!("{count} {}", lang.pick("rows", "baris"));
        let title = crate::reports::title_of(&request.name, lang);
        let mut text = format!("{title} · {days}{extra} · {rows}");
        // Narrow: the days and options give way to the row count.
        if text.chars().count() > head.width as usize {
            text = format!("{title} · {rows}");
        }
        frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);

        let visible = self.visible(loaded);
        if visible.is_empty() {
            let empty = if self.filter.is_empty() {
                lang.pick("No rows for these days.", "Tidak ada baris untuk tanggal ini.")
            } else {
                lang.pick("Nothing matches the filter. Esc clears it.", "Tidak ada yang cocok. Esc menghapus saringan.")
            };
            frame.render_widget(Paragraph::new(Span::styled(empty, theme.muted())), table_area);
        } else {
            let rows: Vec<Vec<String>> = visible.iter().map(|i| loaded.rows[*i].clone()).collect();
            let columns: Vec<Column> = loaded
                .columns
                .iter()
                .map(|c| Column { width: c.width.max(lang.pick(c.en, c.id).chars().count() as u16), ..*c })
                .collect();
            TableView { columns: &columns, rows: &rows, dimmed: &[], selected: Some(loaded.selected) }
                .render(frame, table_area, theme, lang);
        }

        if let Some(text) = self.running_line(lang) {
            frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), foot);
        } else if self.filtering || !self.filter.is_empty() {
            let (text, x) = self.filter.view(foot.width.saturating_sub(24) as usize);
            let line = Line::from(vec![
                Span::styled("/ ", theme.accent()),
                Span::styled(text, if self.filtering { theme.selection() } else { theme.base() }),
                Span::styled(
                    format!("  {} {} {}", visible.len(), lang.pick("of", "dari"), loaded.rows.len()),
                    theme.muted(),
                ),
            ]);
            frame.render_widget(Paragraph::new(line), foot);
            if self.filtering {
                frame.set_cursor_position((foot.x + 2 + x as u16, foot.y));
            }
        } else if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), foot);
        } else {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    format!("{} · {}", hint_text(TABLE_KEYS, lang), f1_hint(lang)),
                    theme.muted(),
                )),
                foot,
            );
        }
        if let Some(prompt) = &self.export {
            self.render_export(prompt, frame, area, theme, lang);
        }
    }

    fn render_export(&self, prompt: &ExportPrompt, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let width = area.width.min(64);
        let height = 6.min(area.height);
        let popup =
            Rect { x: area.x + (area.width - width) / 2, y: area.y + 2.min(area.height - height), width, height };
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent())
            .title(Span::styled(lang.pick(" Export report ", " Ekspor laporan "), theme.title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let formats: Vec<Span> = EXPORT_FORMATS
            .iter()
            .enumerate()
            .map(|(i, f)| {
                Span::styled(
                    format!(" {} ", f.code()),
                    if i == prompt.format { theme.selection() } else { theme.muted() },
                )
            })
            .collect();
        let label = format!("{} ", lang.pick("File", "Berkas"));
        let field_width = (inner.width as usize).saturating_sub(label.len()).max(1);
        let (text, x) = prompt.path.view(field_width);
        let lines = vec![
            Line::from(formats),
            Line::from(vec![Span::raw(label.clone()), Span::styled(text, theme.selection())]),
            Line::from(""),
            Line::from(Span::styled(hint_text(EXPORT_KEYS, lang), theme.muted())),
        ];
        frame.render_widget(Paragraph::new(lines), inner);
        if inner.height > 1 {
            frame.set_cursor_position((inner.x + label.len() as u16 + x as u16, inner.y + 1));
        }
    }
}

/// Turn a page's values into cells in `lang`, widening the columns to fit (up to a cap).
fn add_rows(loaded: &mut Loaded, page: Page, lang: Lang) {
    for row in page.rows {
        let cells: Vec<String> = row.iter().zip(&page.columns).map(|(v, c)| shown(v, c.ty, lang)).collect();
        for (column, cell) in loaded.columns.iter_mut().zip(&cells) {
            let width = cell.chars().count().min(MAX_COLUMN_WIDTH) as u16;
            column.width = column.width.max(width);
        }
        loaded.rows.push(cells);
    }
    loaded.more = page.more;
}

impl View for ReportsScreen {
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        let command = lookup(&self.table(), key);
        if self.running.is_some() {
            // Keys wait until the report is back; Esc stops it.
            return (command == Some(ReportKey::Cancel)).then_some(Action::Reports(ReportsAction::Cancel));
        }
        if self.loaded.is_some() { self.table_key(command, key) } else { self.setup_key(command, key, lang) }
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        match &self.loaded {
            Some(loaded) => self.render_table(loaded, frame, area, theme, lang),
            None => self.render_setup(frame, area, theme, lang),
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        help(&self.table())
    }

    fn is_editing(&self) -> bool {
        self.export.is_some() || self.filtering
    }

    /// On the list of reports with nothing open or running: Esc leaves the module.
    fn at_rest(&self) -> bool {
        self.loaded.is_none() && self.focus == Field::List && self.running.is_none()
    }

    fn show(&mut self, notice: Notice, text: String) {
        self.notice = Some((notice, text));
    }

    /// Once a second, for the running time shown.
    fn tick(&mut self, now_ms: i64) {
        if let Some(running) = &mut self.running {
            running.tick(now_ms);
        }
    }
}
