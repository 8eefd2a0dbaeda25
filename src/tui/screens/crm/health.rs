//! Health (Alt+7, fourth tab): the shop's figures for the three months before
//! WhatsApp was switched on next to the three months after, with the change, and a
//! weekday × hour heatmap of the last 90 days' sales with the busiest hour named.

use jiff::civil::Weekday;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::{Money, Qty};
use crate::reports::DateRange;
use crate::reports::engagement::{PeakTimes, PeriodHealth, WEEKDAYS};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;

/// Days of sales the heatmap covers, up to today.
pub const PEAK_DAYS: i64 = 90;
/// Shade per cell, from no sales to the busiest cell's count.
const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];
/// The hours a narrow terminal shows: a shop's usual opening hours.
const SHOP_HOURS: std::ops::RangeInclusive<usize> = 6..=22;

pub struct HealthData {
    pub periods: [PeriodHealth; 2],
    pub peak: PeakTimes,
}

#[derive(Default)]
pub enum HealthScreen {
    #[default]
    Empty,
    Loaded(Box<HealthData>),
    Failed(String),
}

fn weekday(day: Weekday, lang: Lang) -> (&'static str, &'static str) {
    match day {
        Weekday::Monday => (lang.pick("Mon", "Sen"), lang.pick("Monday", "Senin")),
        Weekday::Tuesday => (lang.pick("Tue", "Sel"), lang.pick("Tuesday", "Selasa")),
        Weekday::Wednesday => (lang.pick("Wed", "Rab"), lang.pick("Wednesday", "Rabu")),
        Weekday::Thursday => (lang.pick("Thu", "Kam"), lang.pick("Thursday", "Kamis")),
        Weekday::Friday => (lang.pick("Fri", "Jum"), lang.pick("Friday", "Jumat")),
        Weekday::Saturday => (lang.pick("Sat", "Sab"), lang.pick("Saturday", "Sabtu")),
        Weekday::Sunday => (lang.pick("Sun", "Min"), lang.pick("Sunday", "Minggu")),
    }
}

/// Relative change from `before` to `after`, e.g. "+12%"; "new" when there was nothing
/// before but something after, "–" when there was nothing either time.
fn relative(before: i64, after: i64, lang: Lang) -> String {
    if before <= 0 {
        return if after > 0 { lang.pick("new", "baru").to_string() } else { "–".to_string() };
    }
    let percent = ((after - before) as f64 * 100.0 / before as f64).round() as i64;
    format!("{percent:+}%")
}

/// Change of a percentage, in whole points, e.g. "+5pt".
fn points(before: Qty, after: Qty) -> String {
    let tenths = (after.thousandths() - before.thousandths()) / 100;
    format!("{:+}pt", (tenths as f64 / 10.0).round() as i64)
}

/// The period's dates: in full when there is room, else month-day only.
pub(super) fn dates(range: &DateRange, wide: bool) -> String {
    if wide {
        format!("{}–{}", range.from, range.to)
    } else {
        format!("{}–{}", &range.from.to_string()[5..], &range.to.to_string()[5..])
    }
}

/// The busiest weekday and hour, with its count; None without sales.
pub fn busiest(peak: &PeakTimes) -> Option<(Weekday, usize, i64)> {
    let mut best: Option<(Weekday, usize, i64)> = None;
    for (day, hours) in WEEKDAYS.iter().zip(&peak.sales) {
        for (hour, &count) in hours.iter().enumerate() {
            if count > 0 && best.is_none_or(|(_, _, most)| count > most) {
                best = Some((*day, hour, count));
            }
        }
    }
    best
}

impl HealthScreen {
    pub fn set(&mut self, periods: [PeriodHealth; 2], peak: PeakTimes) {
        *self = HealthScreen::Loaded(Box::new(HealthData { periods, peak }));
    }

    pub fn failed(&mut self, error: String) {
        *self = HealthScreen::Failed(error);
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let data = match self {
            HealthScreen::Loaded(data) => data,
            HealthScreen::Empty => return,
            HealthScreen::Failed(e) => {
                return frame.render_widget(Paragraph::new(Span::styled(e.as_str(), theme.error())), area);
            }
        };
        let wide = area.width >= 76;
        let mut lines = health_lines(&data.periods, area.width as usize, wide, theme, lang);
        // 18 lines at the least; the heading and the gap only when there is room.
        if area.height >= 19 {
            lines.push(Line::default());
            let title = format!(
                "{} {PEAK_DAYS} {}",
                lang.pick("Sales by hour, last", "Penjualan per jam,"),
                lang.pick("days", "hari terakhir")
            );
            lines.push(Line::from(Span::styled(title, theme.title())));
        }
        lines.extend(peak_lines(&data.peak, wide, theme, lang));
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// A figure's English and Indonesian label, how it reads, and its change from the first period to the second.
type Figure = (
    &'static str,
    &'static str,
    Box<dyn Fn(&PeriodHealth) -> String>,
    fn(&PeriodHealth, &PeriodHealth, Lang) -> String,
);

fn health_lines(
    periods: &[PeriodHealth; 2],
    width: usize,
    wide: bool,
    theme: &Theme,
    lang: Lang,
) -> Vec<Line<'static>> {
    let [before, after] = periods;
    let value_width = if wide { 21 } else { 11 };
    let change_width = 6;
    let label_width = width.saturating_sub(2 * (value_width + 1) + change_width + 1).min(24);
    let row = |label: &str, a: String, b: String, delta: String, style: Style| {
        let label: String = label.chars().take(label_width).collect();
        Line::from(Span::styled(
            format!("{label:<label_width$} {a:>value_width$} {b:>value_width$} {delta:>change_width$}"),
            style,
        ))
    };
    let money = move |m: Money| if wide { m.to_string() } else { m.grouped() };
    let mut lines = vec![row(
        lang.pick("Before → after WA", "Sebelum → sesudah WA"),
        dates(&before.range, wide),
        dates(&after.range, wide),
        lang.pick("change", "ubah").to_string(),
        theme.title(),
    )];
    let retention =
        move |p: &PeriodHealth| format!("{}% ({}/{})", p.retention().text_in(lang), p.retained, p.base_customers);
    let figures: [Figure; 7] = [
        ("Retention", "Retensi", Box::new(retention), |a, b, _| {
            // Nobody to retain in one of them: no comparison.
            if a.base_customers == 0 || b.base_customers == 0 {
                return "–".to_string();
            }
            points(a.retention(), b.retention())
        }),
        ("Active customers", "Pelanggan aktif", Box::new(|p| p.active_customers.to_string()), |a, b, lang| {
            relative(a.active_customers, b.active_customers, lang)
        }),
        ("Revenue", "Omzet", Box::new(move |p| money(p.revenue)), |a, b, lang| {
            relative(a.revenue.rupiah(), b.revenue.rupiah(), lang)
        }),
        ("Revenue per month", "Omzet per bulan", Box::new(move |p| money(p.monthly_revenue())), |a, b, lang| {
            relative(a.monthly_revenue().rupiah(), b.monthly_revenue().rupiah(), lang)
        }),
        ("Marketing messages", "Pesan pemasaran", Box::new(|p| p.marketing_messages.to_string()), |a, b, lang| {
            relative(a.marketing_messages, b.marketing_messages, lang)
        }),
        ("Marketing cost", "Biaya pemasaran", Box::new(move |p| money(p.marketing_cost)), |a, b, lang| {
            relative(a.marketing_cost.rupiah(), b.marketing_cost.rupiah(), lang)
        }),
        ("Revenue from messages", "Omzet dari pesan", Box::new(move |p| money(p.message_revenue)), |a, b, lang| {
            relative(a.message_revenue.rupiah(), b.message_revenue.rupiah(), lang)
        }),
    ];
    for (en, id, shown, change) in figures {
        lines.push(row(lang.pick(en, id), shown(before), shown(after), change(before, after, lang), theme.base()));
    }
    lines
}

fn peak_lines(peak: &PeakTimes, wide: bool, theme: &Theme, lang: Lang) -> Vec<Line<'static>> {
    // Wide: every hour, three columns each; narrow: the shop's hours, two each.
    let (hours, cell): (Vec<usize>, usize) = if wide { ((0..24).collect(), 3) } else { (SHOP_HOURS.collect(), 2) };
    let most = peak.sales.iter().flatten().copied().max().unwrap_or(0);
    let mut lines = vec![Line::from(Span::styled(format!("    {}", hour_ruler(&hours, cell, wide)), theme.muted()))];
    for (day, counts) in WEEKDAYS.iter().zip(&peak.sales) {
        let cells: String = hours
            .iter()
            .map(|&h| {
                let shade = if most == 0 { 0 } else { (counts[h] as u64 * 4).div_ceil(most as u64) as usize };
                let mut text = SHADES[shade.min(4)].to_string().repeat(cell.min(2));
                if cell > 2 {
                    text.push(' ');
                }
                text
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<4}", weekday(*day, lang).0), theme.muted()),
            Span::styled(cells, theme.accent()),
        ]));
    }
    let text = match busiest(peak) {
        Some((day, hour, count)) => format!(
            "{} {} {hour:02}:00–{:02}:00 · {count} {}",
            lang.pick("Busiest:", "Paling ramai:"),
            weekday(day, lang).1,
            hour + 1,
            lang.pick("sales", "penjualan"),
        ),
        None => format!(
            "{} {PEAK_DAYS} {}",
            lang.pick("No sales in the last", "Belum ada penjualan dalam"),
            lang.pick("days", "hari terakhir")
        ),
    };
    lines.push(Line::from(Span::styled(text, theme.success())));
    lines
}

/// Hour labels over the cells: every hour when wide, every other hour when narrow.
fn hour_ruler(hours: &[usize], cell: usize, wide: bool) -> String {
    let labels = hours.iter().enumerate().map(|(i, h)| {
        let label = if wide || i % 2 == 0 { format!("{h:02}") } else { String::new() };
        format!("{label:<cell$}")
    });
    labels.collect::<String>().trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_percent_or_points() {
        assert_eq!(relative(100, 112, Lang::En), "+12%");
        assert_eq!(relative(200, 150, Lang::En), "-25%");
        assert_eq!(relative(0, 5, Lang::En), "new");
        assert_eq!(relative(0, 5, Lang::Id), "baru");
        assert_eq!(relative(0, 0, Lang::Id), "–");
        assert_eq!(points(Qty::from_thousandths(40_000), Qty::from_thousandths(45_500)), "+6pt");
        assert_eq!(points(Qty::from_thousandths(66_700), Qty::from_thousandths(60_000)), "-7pt");
    }

    #[test]
    fn the_busiest_slot_is_the_first_with_the_most_sales() {
        let mut peak = PeakTimes { sales: [[0; 24]; 7], revenue: [[0; 24]; 7] };
        assert_eq!(busiest(&peak), None);
        peak.sales[2][9] = 4;
        peak.sales[5][17] = 7;
        peak.sales[6][8] = 7;
        assert_eq!(busiest(&peak), Some((Weekday::Saturday, 17, 7)));
    }

    #[test]
    fn narrow_rulers_label_every_other_hour() {
        let hours: Vec<usize> = SHOP_HOURS.collect();
        assert_eq!(hour_ruler(&hours, 2, false), "06  08  10  12  14  16  18  20  22");
        assert!(hour_ruler(&[0, 1, 2], 3, true).starts_with("00 01 02"));
    }
}
