//! What the receivables and payables screens draw alike: everyone who owes (or is
//! owed) with their debts aged, one party's open invoices, and the statement
//! overlay. The side only changes the words.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::table::{AgingTable, Column, TableView, blank_zero, or_too_large};
use crate::domain::Money;
use crate::domain::receivable::{Aging, DebtSide};
use crate::services::debts::OpenDebt;
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;

/// One party in the aged list: its lead cells (as `lead` columns), total and aging.
pub struct PartyRow<'a> {
    pub lead: Vec<String>,
    pub total: Money,
    pub aging: &'a Aging,
}

/// The first of `candidates` that fits in `width` columns, else the last (the
/// shortest, cut by the terminal).
fn first_fitting(candidates: Vec<String>, width: u16) -> String {
    let last = candidates.len().saturating_sub(1);
    candidates
        .into_iter()
        .enumerate()
        .find(|(i, text)| *i == last || Line::raw(text.as_str()).width() <= usize::from(width))
        .map(|(_, text)| text)
        .unwrap_or_default()
}

/// Everyone on one side with something open, aged: a header (how many, how much,
/// the keys) above the table. On a narrow terminal the header says who in short
/// and then drops key hints (the help lists them), never the count or the total.
pub struct Parties<'a> {
    pub side: DebtSide,
    /// The columns before the buckets; the last is the total.
    pub lead: &'a [Column],
    pub rows: &'a [PartyRow<'a>],
    pub selected: usize,
}

impl Parties<'_> {
    pub fn render(&self, frame: &mut Frame, [head, table]: [Rect; 2], theme: &Theme, lang: Lang) {
        let Parties { side, lead, rows, selected } = *self;
        let total = or_too_large(Money::checked_sum(rows.iter().map(|r| r.total)), lang, |m| m.to_string());
        let (who, who_short) = match side {
            DebtSide::Receivable => {
                (lang.pick("customers owe", "pelanggan berutang"), lang.pick("cust. owe", "plg berutang"))
            }
            DebtSide::Payable => {
                (lang.pick("suppliers owed", "pemasok diutangi"), lang.pick("suppl. owed", "pmsk diutangi"))
            }
        };
        let keys = format!("Enter {} · p {}", lang.pick("detail", "rincian"), lang.pick("pay", "bayar"));
        let count = rows.len();
        let text = first_fitting(
            vec![
                format!("{count} {who} · {total} · {keys}"),
                format!("{count} {who_short} · {total} · {keys}"),
                format!("{count} {who_short} · {total} · p {}", lang.pick("pay", "bayar")),
                format!("{count} {who_short} · {total}"),
            ],
            head.width,
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted())), head);
        let aging = AgingTable::new(lead, 10, table.width);
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut cells = r.lead.clone();
                cells.push(r.total.grouped());
                cells.extend(aging.cells(r.aging, lang));
                cells
            })
            .collect();
        TableView { columns: &aging.columns, rows: &cells, dimmed: &[], selected: Some(selected) }
            .render(frame, table, theme, lang);
    }
}

/// One party's open invoices under a header with what they owe (or are owed) and
/// the keys to pay and see the statement. `first` gives the two cells that name
/// an invoice; due date, amount, paid, balance and days late (blank when not
/// late) follow.
pub struct OpenItems<'a, D> {
    pub side: DebtSide,
    pub name: &'a str,
    pub columns: &'a [Column],
    pub items: &'a [OpenDebt<D>],
    pub first: fn(&D) -> [String; 2],
    pub selected: usize,
}

impl<D> OpenItems<'_, D> {
    pub fn render(&self, frame: &mut Frame, [head, table]: [Rect; 2], theme: &Theme, lang: Lang) {
        let OpenItems { side, name, columns, items, first, selected } = *self;
        let owed = or_too_large(Money::checked_sum(items.iter().map(|i| i.balance)), lang, |m| m.to_string());
        let owes = match side {
            DebtSide::Receivable => lang.pick("owes", "piutang"),
            DebtSide::Payable => lang.pick("owed", "utang"),
        };
        let keys = format!("p {} · s {}", lang.pick("pay", "bayar"), lang.pick("statement", "rekening"));
        // Narrow: the key hints go (the help lists them), what is owed stays.
        let text = first_fitting(
            vec![format!("{name} · {owes} {owed} · {keys}"), format!("{name} · {owes} {owed}")],
            head.width,
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|i| {
                let mut cells = Vec::from(first(&i.document));
                cells.extend([
                    i.due_date.to_string(),
                    i.amount.grouped(),
                    blank_zero(i.paid),
                    i.balance.grouped(),
                    if i.days_overdue > 0 { i.days_overdue.to_string() } else { String::new() },
                ]);
                cells
            })
            .collect();
        TableView { columns, rows: &rows, dimmed: &[], selected: Some(selected) }.render(frame, table, theme, lang);
    }
}

/// A statement over the whole `area`: its lines are wider than a dialog.
pub fn render_statement(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, lines: &[String], scroll: u16) {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent())
        .title(Span::styled(title.to_string(), theme.title()));
    let lines: Vec<Line> = lines.iter().map(|l| Line::from(l.as_str())).collect();
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::tui::widgets::table::{flex, num};

    #[test]
    fn the_first_header_that_fits_is_chosen_else_the_shortest() {
        let candidates = || vec!["a long header".to_string(), "short".to_string(), "s".to_string()];
        assert_eq!(first_fitting(candidates(), 80), "a long header");
        assert_eq!(first_fitting(candidates(), 5), "short");
        assert_eq!(first_fitting(candidates(), 2), "s");
        assert_eq!(first_fitting(candidates(), 0), "s");
    }

    /// The first line of a `width`-wide terminal drawn by `draw` into a header
    /// (its first line) and a table (the rest).
    fn first_line(width: u16, draw: impl FnOnce(&mut Frame, [Rect; 2], &Theme)) -> String {
        let theme = Theme::load("default", true).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(width, 4)).unwrap();
        terminal
            .draw(|frame| {
                let area = frame.area();
                draw(frame, [Rect { height: 1, ..area }, Rect { y: 1, height: 3, ..area }], &theme);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..width).map(|x| buffer[(x, 0)].symbol()).collect::<String>().trim_end().to_string()
    }

    /// The header line of the aged list of one party owing Rp 28.000, `width` wide.
    fn header(side: DebtSide, lang: Lang, width: u16) -> String {
        let aging = Aging { current: Money::new(28_000), ..Aging::default() };
        let rows = [PartyRow { lead: vec!["Bu Sri".into()], total: Money::new(28_000), aging: &aging }];
        let lead = [flex("Name", "Nama", 14, 10), num("Owes", "Utang", 10, 9)];
        first_line(width, |frame, areas, theme| {
            Parties { side, lead: &lead, rows: &rows, selected: 0 }.render(frame, areas, theme, lang)
        })
    }

    #[test]
    fn the_open_items_header_drops_the_keys_before_what_is_owed() {
        let item = OpenDebt {
            id: 1,
            document: "INV/1".to_string(),
            due_date: jiff::civil::date(2026, 9, 27),
            amount: Money::new(1_564_200),
            paid: Money::ZERO,
            balance: Money::new(1_564_200),
            days_overdue: 69,
            bucket: crate::domain::receivable::AgingBucket::Days61To90,
        };
        // Only the header is read; the table shows the cells it has columns for.
        let columns = [flex("Invoice", "Nota", 15, 10)];
        let header = |lang: Lang, width: u16| {
            first_line(width, |frame, areas, theme| {
                let first = |invoice: &String| [invoice.clone(), String::new()];
                let items = std::slice::from_ref(&item);
                let name = "Angkringan Bu Kartika";
                OpenItems { side: DebtSide::Receivable, name, columns: &columns, items, first, selected: 0 }
                    .render(frame, areas, theme, lang)
            })
        };
        assert_eq!(header(Lang::En, 80), "Angkringan Bu Kartika · owes Rp 1.564.200 · p pay · s statement");
        assert_eq!(header(Lang::En, 48), "Angkringan Bu Kartika · owes Rp 1.564.200");
        assert_eq!(header(Lang::Id, 48), "Angkringan Bu Kartika · piutang Rp 1.564.200");
    }

    #[test]
    fn the_aged_list_header_keeps_count_total_and_pay_key_at_48_columns_in_both_languages() {
        let (r, p) = (DebtSide::Receivable, DebtSide::Payable);
        assert_eq!(header(r, Lang::En, 80), "1 customers owe · Rp 28.000 · Enter detail · p pay");
        assert_eq!(header(r, Lang::En, 48), "1 cust. owe · Rp 28.000 · Enter detail · p pay");
        assert_eq!(header(r, Lang::Id, 80), "1 pelanggan berutang · Rp 28.000 · Enter rincian · p bayar");
        assert_eq!(header(r, Lang::Id, 48), "1 plg berutang · Rp 28.000 · p bayar");
        assert_eq!(header(p, Lang::En, 48), "1 suppl. owed · Rp 28.000 · Enter detail · p pay");
        assert_eq!(header(p, Lang::Id, 48), "1 pmsk diutangi · Rp 28.000 · p bayar");
        assert_eq!(header(r, Lang::Id, 30), "1 plg berutang · Rp 28.000");
    }
}
