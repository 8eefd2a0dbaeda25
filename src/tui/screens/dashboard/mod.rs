//! Dashboard (Alt+1): today against yesterday and the same weekday last week, 30
//! days of sales, this week's top products, and what needs attention. A pure render
//! of [`Dashboard`]; the app loads it on entry, on `r`, and when another process writes.

mod action;
pub use action::DashboardAction;

mod controller;

use crossterm::event::KeyEvent;
use jiff::civil::{Date, Weekday};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline, Wrap};

use crate::domain::Money;
use crate::domain::hub::Benchmark;
use crate::services::dashboard::Dashboard;
use crate::tui::action::{Action, Module};
use crate::tui::i18n::Lang;
use crate::tui::screens::View;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, chr, help, key, lookup};
use crate::tui::widgets::records::Notice;

#[derive(Debug, Default)]
pub enum DashboardScreen {
    #[default]
    Empty,
    Loaded(Box<Dashboard>),
    /// A cashier opened it.
    Denied,
    Failed(String),
}

fn weekday(day: Weekday, lang: Lang) -> &'static str {
    match day {
        Weekday::Monday => lang.pick("Mon", "Senin"),
        Weekday::Tuesday => lang.pick("Tue", "Selasa"),
        Weekday::Wednesday => lang.pick("Wed", "Rabu"),
        Weekday::Thursday => lang.pick("Thu", "Kamis"),
        Weekday::Friday => lang.pick("Fri", "Jumat"),
        Weekday::Saturday => lang.pick("Sat", "Sabtu"),
        Weekday::Sunday => lang.pick("Sun", "Minggu"),
    }
}

fn day_month(date: Date) -> String {
    format!("{}/{}", date.day(), date.month())
}

/// Text right-aligned in `width` columns (cut from the left if too long).
fn right(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n >= width { text.chars().skip(n - width).collect() } else { format!("{}{text}", " ".repeat(width - n)) }
}

fn left(text: &str, width: usize) -> String {
    let cut: String = text.chars().take(width).collect();
    format!("{cut:<width$}")
}

impl DashboardScreen {
    pub fn set(&mut self, dashboard: Dashboard) {
        *self = DashboardScreen::Loaded(Box::new(dashboard));
    }

    fn render_compare(&self, frame: &mut Frame, area: Rect, d: &Dashboard, theme: &Theme, lang: Lang) {
        let wide = area.width >= 70;
        let label_width = if wide { 23 } else { 10 };
        // Each column is one space plus `col` characters.
        let col = ((area.width as usize).saturating_sub(label_width) / 3).saturating_sub(1).clamp(7, 18);
        // The date too where it fits with a space before it ("Minggu lalu 29/11" is 17).
        let head = |date: Date, en: &str, id: &str| -> String {
            let dated = format!("{} {}", lang.pick(en, id), day_month(date));
            if wide && dated.chars().count() <= col { dated } else { lang.pick(en, id).to_string() }
        };
        let last_week_en = format!("Last {}", weekday(d.last_week.date.weekday(), Lang::En));
        let last_week_id = format!("{} lalu", weekday(d.last_week.date.weekday(), Lang::Id));
        let headers = [
            head(d.today.date, "Today", "Hari ini"),
            head(d.yesterday.date, "Yesterday", "Kemarin"),
            head(d.last_week.date, &last_week_en, &last_week_id),
        ];
        let mut header = vec![Span::raw(left("", label_width))];
        for h in &headers {
            header.push(Span::styled(right(h, col + 1), theme.title()));
        }
        let days = [d.today, d.yesterday, d.last_week];
        let row = |label: &str, values: [String; 3], first_style| {
            let mut spans = vec![Span::styled(left(label, label_width), theme.muted())];
            for (i, v) in values.iter().enumerate() {
                spans.push(Span::styled(right(v, col + 1), if i == 0 { first_style } else { theme.base() }));
            }
            Line::from(spans)
        };
        let (net_en, net_id, avg_en, avg_id) = if wide {
            ("Net sales (Rp)", "Penjualan bersih (Rp)", "Average basket (Rp)", "Rata-rata belanja (Rp)")
        } else {
            ("Net", "Omzet", "Avg", "Rata2")
        };
        let lines = vec![
            Line::from(header),
            row(lang.pick(net_en, net_id), days.map(|f| f.net.grouped()), theme.accent()),
            row(
                if wide { lang.pick("Transactions", "Transaksi") } else { lang.pick("Sales", "Transaksi") },
                days.map(|f| Money::new(f.transactions).grouped()),
                theme.accent(),
            ),
            row(lang.pick(avg_en, avg_id), days.map(|f| f.avg_basket.grouped()), theme.accent()),
        ];
        let [table, _] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(lines), table);
    }
}

fn render_chart(frame: &mut Frame, area: Rect, d: &Dashboard, theme: &Theme, lang: Lang) {
    let [title, chart, caption] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let days = d.daily.len().max(1);
    frame.render_widget(
        Paragraph::new(Span::styled(
            match lang {
                Lang::En => format!("Sales, last {days} days"),
                Lang::Id => format!("Penjualan {days} hari terakhir"),
            },
            theme.title(),
        )),
        title,
    );
    // Each day as wide as the area allows, so the chart fills it.
    let per_day = ((chart.width as usize).saturating_sub(1) / days).max(1);
    let data: Vec<u64> =
        d.daily.iter().flat_map(|f| std::iter::repeat_n(f.net.rupiah().max(0) as u64, per_day)).collect();
    frame.render_widget(Sparkline::default().data(&data).style(theme.accent()), chart);
    let max = d.daily.iter().map(|f| f.net).max().unwrap_or(Money::ZERO);
    let (first, last) = (d.daily.first().map(|f| f.date), d.daily.last().map(|f| f.date));
    let range = match (first, last) {
        (Some(a), Some(b)) => format!("{}–{}", day_month(a), day_month(b)),
        _ => String::new(),
    };
    let text = format!("{range} · {} {}", lang.pick("max", "tertinggi"), max.grouped());
    frame.render_widget(Paragraph::new(Span::styled(text, theme.muted())), caption);
}

fn render_top(frame: &mut Frame, area: Rect, d: &Dashboard, theme: &Theme, lang: Lang) {
    let mut lines = vec![Line::from(Span::styled(
        format!("{} ({}+)", lang.pick("Top this week", "Terlaris minggu ini"), day_month(d.week_from)),
        theme.title(),
    ))];
    if d.top_products.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.pick("No sales yet this week", "Belum ada penjualan minggu ini"),
            theme.muted(),
        )));
    }
    let width = area.width as usize;
    for (i, p) in d.top_products.iter().enumerate() {
        let amount = p.revenue.grouped();
        let name_width = width.saturating_sub(amount.chars().count() + 4);
        lines.push(Line::from(vec![
            Span::styled(format!("{}. ", i + 1), theme.muted()),
            Span::raw(left(&p.name, name_width)),
            Span::raw(" "),
            Span::styled(amount, theme.accent()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_facts(frame: &mut Frame, area: Rect, d: &Dashboard, wide: bool, theme: &Theme, lang: Lang) {
    let count_style = |n: i64, style| if n > 0 { style } else { theme.base() };
    let low = vec![
        Span::raw(format!("{} ", lang.pick("Low stock:", "Stok menipis:"))),
        Span::styled(Money::new(d.low_stock).grouped(), count_style(d.low_stock, theme.warning())),
    ];
    // Narrow terminals drop "Rp" and the brackets so the line fits 48 columns.
    let receivables = vec![
        Span::raw(if wide {
            format!(
                "{} {} ({} ",
                lang.pick("Receivables:", "Piutang:"),
                d.receivables,
                lang.pick("overdue", "lewat jatuh tempo")
            )
        } else {
            format!(
                "{} {}, {} ",
                lang.pick("Receivables", "Piutang"),
                d.receivables.grouped(),
                lang.pick("overdue", "lewat tempo")
            )
        }),
        Span::styled(d.overdue.grouped(), if d.overdue > Money::ZERO { theme.error() } else { theme.base() }),
        Span::raw(if wide { ")" } else { "" }),
    ];
    let owed = if wide { d.payables.to_string() } else { d.payables.grouped() };
    let mut payables = vec![Span::raw(format!("{} {owed}", lang.pick("Payables:", "Utang:")))];
    if wide && d.payables_overdue > Money::ZERO {
        payables.push(Span::raw(format!(" ({} ", lang.pick("overdue", "lewat tempo"))));
        payables.push(Span::styled(d.payables_overdue.grouped(), theme.error()));
        payables.push(Span::raw(")"));
    }
    let messages = vec![
        Span::raw(format!(
            "{} {} {}, ",
            lang.pick("Messages:", "Pesan:"),
            d.messages_pending,
            lang.pick("waiting", "menunggu")
        )),
        Span::styled(
            format!("{} {}", d.messages_failed, lang.pick("failed", "gagal")),
            count_style(d.messages_failed, theme.error()),
        ),
    ];
    // Only when there is something to say, so a quiet shop sees the line it always did.
    let mut messages = messages;
    for (count, en, id) in [(d.messages_skipped, "skipped", "dilewati"), (d.messages_held, "held", "ditahan")] {
        if count > 0 {
            messages.push(Span::raw(format!(", {count} {}", lang.pick(en, id))));
        }
    }
    if let Some((provider, minutes)) = &d.marketing_paused {
        messages.push(Span::styled(
            format!(
                " · {} {provider} {minutes} {}",
                lang.pick("marketing paused on", "promo dijeda di"),
                lang.pick("min (spam limit)", "mnt (batas spam)")
            ),
            theme.warning(),
        ));
    }
    let sep = || Span::styled(" · ", theme.muted());
    let join = |mut a: Vec<Span<'static>>, b: Vec<Span<'static>>| {
        a.push(sep());
        a.extend(b);
        Line::from(a)
    };
    let mut lines = if wide {
        vec![join(receivables, payables), join(low, messages)]
    } else {
        vec![Line::from(receivables), join(low, payables), Line::from(messages)]
    };
    if let Some(b) = &d.benchmark {
        lines.push(benchmark_line(b, wide, theme, lang));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Wide: "Association median 30d: 9.800.000 · 41.2% | this shop: 11.200.000 · 38.5%"
/// (net sales and repeat rate); narrow: "Median 9.800.000 41.2%, shop 11.200.000 38.5%".
fn benchmark_line(b: &Benchmark, wide: bool, theme: &Theme, lang: Lang) -> Line<'static> {
    let days = (b.to - b.from).get_days() + 1;
    let (median, own) = if wide {
        (
            format!(
                "{} {days}{}: {} · {}% | ",
                lang.pick("Association median", "Median asosiasi"),
                lang.pick("d", "h"),
                b.median_net.grouped(),
                b.median_repeat_rate.text_in(lang)
            ),
            format!(
                "{}: {} · {}%",
                lang.pick("this shop", "toko ini"),
                b.own_net.grouped(),
                b.own_repeat_rate.text_in(lang)
            ),
        )
    } else {
        (
            format!("Median {} {}%, ", b.median_net.grouped(), b.median_repeat_rate.text_in(lang)),
            format!("{} {} {}%", lang.pick("shop", "toko"), b.own_net.grouped(), b.own_repeat_rate.text_in(lang)),
        )
    };
    Line::from(vec![Span::styled(median, theme.muted()), Span::styled(own, theme.accent())])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DashboardKey {
    Refresh,
}

const KEYS: &[Key<DashboardKey>] = &[key("r", &[chr('r')], DashboardKey::Refresh, "refresh", "muat ulang")];

impl View for DashboardScreen {
    fn keys(&self) -> Vec<KeyHelp> {
        help(KEYS)
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let d = match self {
            DashboardScreen::Loaded(d) => d,
            DashboardScreen::Empty => return,
            DashboardScreen::Denied => {
                let lines = vec![
                    Line::from(Span::styled(lang.pick("Dashboard", "Dasbor"), theme.title())),
                    Line::from(""),
                    Line::from(Span::styled(
                        lang.pick("For owners and managers only.", "Hanya untuk pemilik dan manajer."),
                        theme.warning(),
                    )),
                    Line::from(Span::styled(lang.pick("Alt+2 cashier", "Alt+2 kasir"), theme.muted())),
                ];
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
                return;
            }
            DashboardScreen::Failed(error) => {
                frame.render_widget(
                    Paragraph::new(Span::styled(error.as_str(), theme.error())).wrap(Wrap { trim: true }),
                    area,
                );
                return;
            }
        };
        let wide = area.width >= 70;
        let facts_height = if wide { 2 } else { 3 } + u16::from(d.benchmark.is_some());
        let [compare, middle, facts] =
            Layout::vertical([Constraint::Length(5), Constraint::Min(4), Constraint::Length(facts_height)]).areas(area);
        self.render_compare(frame, compare, d, theme, lang);
        if wide {
            let [chart, top] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(middle);
            render_chart(frame, chart, d, theme, lang);
            render_top(frame, top, d, theme, lang);
        } else {
            let [chart, top] = Layout::vertical([Constraint::Length(4), Constraint::Min(2)]).areas(middle);
            render_chart(frame, chart, d, theme, lang);
            render_top(frame, top, d, theme, lang);
        }
        render_facts(frame, facts, d, wide, theme, lang);
    }

    fn handle_key(&mut self, key: &KeyEvent, _lang: Lang) -> Option<Action> {
        lookup(KEYS, key).map(|DashboardKey::Refresh| Action::GoTo(Module::Dashboard))
    }

    fn at_rest(&self) -> bool {
        true
    }

    /// Only errors: the dashboard's result is its figures.
    fn show(&mut self, _notice: Notice, text: String) {
        *self = DashboardScreen::Failed(text);
    }
}
