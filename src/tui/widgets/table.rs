//! A scrollable table that drops its least important columns when narrow.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Text;
use ratatui::widgets::{Cell, Row, Table, TableState};

use crate::domain::receivable::Aging;
use crate::domain::{Money, MoneyError};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;

/// A money cell that stays empty for zero, so the amounts that matter stand out.
pub fn blank_zero(m: Money) -> String {
    if m == Money::ZERO { String::new() } else { m.grouped() }
}

/// A total as shown (`shown`), or words saying it is too large to add up: a total
/// that does not fit is never shown as a saturated figure that looks real.
pub fn or_too_large(total: Result<Money, MoneyError>, lang: Lang, shown: impl Fn(Money) -> String) -> String {
    match total {
        Ok(total) => shown(total),
        Err(_) => lang.pick("too large", "terlalu besar").to_string(),
    }
}

/// An aging table: `lead` columns (name, amount owed…) then the age buckets. On a
/// narrow terminal the buckets are combined — five (current, 1–30, 31–60, 61–90,
/// over 90), three (current, 1–60, over 60) or two (current, overdue) — never
/// dropped, so every row still adds up to what is owed.
pub struct AgingTable {
    pub columns: Vec<Column>,
    buckets: usize,
}

impl AgingTable {
    pub fn new(lead: &[Column], bucket_width: u16, width: u16) -> AgingTable {
        let lead_width: u16 = lead.iter().map(|c| c.width + 1).sum();
        let fits = |n: u16| lead_width + n * (bucket_width + 1) <= width;
        let buckets: &[(&str, &str)] = if fits(5) {
            &[("Current", "Belum"), ("1-30", "1-30"), ("31-60", "31-60"), ("61-90", "61-90"), (">90", ">90")]
        } else if fits(3) {
            &[("Current", "Belum"), ("1-60", "1-60"), (">60", ">60")]
        } else {
            &[("Current", "Belum"), ("Overdue", "Lewat")]
        };
        // Buckets outrank every lead column but the first two: a code goes first.
        let columns = lead.iter().copied().chain(buckets.iter().map(|(en, id)| num(en, id, bucket_width, 8))).collect();
        AgingTable { columns, buckets: buckets.len() }
    }

    /// The bucket cells of one row, combined as the columns are.
    pub fn cells(&self, aging: &Aging, lang: Lang) -> Vec<String> {
        let sum = |parts: &[Money]| or_too_large(Money::checked_sum(parts.iter().copied()), lang, blank_zero);
        let overdue = [aging.d1_30, aging.d31_60, aging.d61_90, aging.over_90];
        match self.buckets {
            5 => [aging.current, aging.d1_30, aging.d31_60, aging.d61_90, aging.over_90].map(blank_zero).into(),
            3 => vec![blank_zero(aging.current), sum(&overdue[..2]), sum(&overdue[2..])],
            _ => vec![blank_zero(aging.current), sum(&overdue)],
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub en: &'static str,
    pub id: &'static str,
    /// Minimum width; the first `flex` column takes what is left.
    pub width: u16,
    pub flex: bool,
    pub numeric: bool,
    /// Higher stays longer when the terminal is narrow.
    pub priority: u8,
}

pub const fn col(en: &'static str, id: &'static str, width: u16, priority: u8) -> Column {
    Column { en, id, width, flex: false, numeric: false, priority }
}

pub const fn num(en: &'static str, id: &'static str, width: u16, priority: u8) -> Column {
    Column { en, id, width, flex: false, numeric: true, priority }
}

pub const fn flex(en: &'static str, id: &'static str, width: u16, priority: u8) -> Column {
    Column { en, id, width, flex: true, numeric: false, priority }
}

use crossterm::event::KeyCode;

/// Where a list selection goes for a navigation key.
pub fn move_selection(selected: usize, len: usize, key: KeyCode) -> usize {
    let last = len.saturating_sub(1);
    match key {
        KeyCode::Up => selected.saturating_sub(1),
        KeyCode::Down => (selected + 1).min(last),
        KeyCode::PageUp => selected.saturating_sub(10),
        KeyCode::PageDown => (selected + 10).min(last),
        KeyCode::Home => 0,
        KeyCode::End => last,
        _ => selected,
    }
}

/// Indices of the columns that fit in `width`, in their original order.
pub fn visible_columns(columns: &[Column], width: u16) -> Vec<usize> {
    let mut by_priority: Vec<usize> = (0..columns.len()).collect();
    by_priority.sort_by_key(|i| std::cmp::Reverse(columns[*i].priority));
    let mut used = 0u16;
    let mut chosen = Vec::new();
    for i in by_priority {
        let need = columns[i].width + u16::from(!chosen.is_empty());
        if used + need <= width {
            used += need;
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// A table to draw: its columns, the cells of each row, rows to show dimmed
/// (archived), and the selected row.
pub struct TableView<'a> {
    pub columns: &'a [Column],
    pub rows: &'a [Vec<String>],
    pub dimmed: &'a [bool],
    pub selected: Option<usize>,
}

impl TableView<'_> {
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let (rows, dimmed, selected) = (self.rows, self.dimmed, self.selected);
        // A figure is shown whole or not at all: numeric columns widen to their
        // longest cell (a column that then no longer fits is left out).
        let columns: Vec<Column> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let longest = rows.iter().filter_map(|r| r.get(i)).map(|s| s.chars().count()).max().unwrap_or(0);
                Column { width: if c.numeric { c.width.max(longest as u16) } else { c.width }, ..*c }
            })
            .collect();
        let columns = columns.as_slice();
        let shown = visible_columns(columns, area.width);
        let widths: Vec<Constraint> = shown
            .iter()
            .map(|i| {
                if columns[*i].flex {
                    Constraint::Min(columns[*i].width)
                } else {
                    Constraint::Length(columns[*i].width)
                }
            })
            .collect();
        let align = |i: usize, text: String| {
            if columns[i].numeric { Text::from(text).right_aligned() } else { Text::from(text) }
        };
        let header = Row::new(
            shown.iter().map(|i| Cell::from(align(*i, lang.pick(columns[*i].en, columns[*i].id).to_string()))),
        )
        .style(theme.title());
        let body = rows.iter().enumerate().map(|(r, cells)| {
            let row = Row::new(shown.iter().map(|i| Cell::from(align(*i, cells.get(*i).cloned().unwrap_or_default()))));
            if dimmed.get(r).copied().unwrap_or(false) { row.style(theme.muted()) } else { row }
        });
        let table = Table::new(body, widths).header(header).column_spacing(1).row_highlight_style(theme.selection());
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, area, &mut state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aging_buckets_combine_on_narrow_terminals_and_still_add_up() {
        let lead = [flex("Customer", "Pelanggan", 14, 10), num("Owes", "Piutang", 10, 9)];
        let m = Money::new;
        let aging = Aging { current: m(1_000), d1_30: m(200), d31_60: m(30), d61_90: m(4), over_90: m(5) };
        let wide = AgingTable::new(&lead, 9, 100);
        assert_eq!(wide.cells(&aging, Lang::En), ["1.000", "200", "30", "4", "5"]);
        let middle = AgingTable::new(&lead, 9, 70);
        assert_eq!(middle.columns.len(), 5);
        assert_eq!(middle.cells(&aging, Lang::En), ["1.000", "230", "9"]);
        let narrow = AgingTable::new(&lead, 9, 48);
        assert_eq!(narrow.cells(&aging, Lang::En), ["1.000", "239"]);
        assert_eq!(visible_columns(&narrow.columns, 48).len(), 4, "no bucket dropped at 48 columns");
        // Combined buckets that do not fit say so rather than show a saturated figure.
        let huge = Aging { d1_30: m(i64::MAX), d31_60: m(1), ..aging };
        assert_eq!(narrow.cells(&huge, Lang::Id), ["1.000", "terlalu besar"]);
        assert_eq!(middle.cells(&huge, Lang::En), ["1.000", "too large", "9"]);
    }

    #[test]
    fn narrow_terminals_keep_the_important_columns() {
        let columns = [
            col("SKU", "SKU", 10, 5),
            flex("Name", "Nama", 16, 9),
            num("Price", "Harga", 10, 8),
            col("Barcode", "Barcode", 13, 1),
        ];
        assert_eq!(visible_columns(&columns, 80), vec![0, 1, 2, 3]);
        assert_eq!(visible_columns(&columns, 40), vec![0, 1, 2]);
        assert_eq!(visible_columns(&columns, 27), vec![1, 2]);
    }
}
