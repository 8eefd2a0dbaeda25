//! What the receivables and payables screens share: the list of everyone who owes
//! (or is owed) with their debts aged, one party's open invoices, moving between
//! them, and the statement overlay. The side only changes the words and columns.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::input::TextInput;
use super::table::{AgingTable, Column, TableView, blank_zero, move_selection, or_too_large};
use crate::domain::receivable::{Aging, DebtSide};
use crate::domain::{Money, MoneyError, PaymentMethod};
use crate::services::debts::{OpenDebt, PartyDebts};
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, UP_DOWN, key, lookup, press};
use crate::tui::theme::Theme;

/// How a screen shows one side's debts: the columns and the cells that differ.
pub struct DebtColumns<P, D> {
    pub side: DebtSide,
    /// The aged list's columns before the buckets; the last is the total.
    pub parties: &'static [Column],
    /// A party's cells before its total.
    pub lead: fn(&PartyDebts<P>) -> Vec<String>,
    /// The open invoices' columns.
    pub items: &'static [Column],
    /// The two cells that name an invoice.
    pub first: fn(&D) -> [String; 2],
}

/// One party's open invoices, opened from the aged list.
struct Opened<D> {
    party_id: i64,
    name: String,
    items: Vec<OpenDebt<D>>,
    selected: usize,
}

/// The state both debt screens keep: everyone with something open (`P` is what
/// the side shows of a party besides the name) and, once opened, one party's open
/// invoices (`D` is what the side knows of where a debt came from).
pub struct DebtLists<P, D> {
    parties: Vec<PartyDebts<P>>,
    selected: usize,
    opened: Option<Opened<D>>,
}

impl<P, D> Default for DebtLists<P, D> {
    fn default() -> Self {
        DebtLists { parties: Vec::new(), selected: 0, opened: None }
    }
}

impl<P, D> DebtLists<P, D> {
    pub fn set_parties(&mut self, parties: Vec<PartyDebts<P>>) {
        self.parties = parties;
        self.selected = self.selected.min(self.parties.len().saturating_sub(1));
    }

    pub fn open(&mut self, party_id: i64, name: String, items: Vec<OpenDebt<D>>) {
        self.opened = Some(Opened { party_id, name, items, selected: 0 });
    }

    pub fn close(&mut self) {
        self.opened = None;
    }

    /// The party whose invoices are open.
    pub fn party_in_view(&self) -> Option<i64> {
        self.opened.as_ref().map(|o| o.party_id)
    }

    /// The party in view, else the one selected in the list, with all it owes or is owed.
    pub fn party(&self) -> Option<(i64, Money)> {
        match &self.opened {
            Some(o) => {
                Some((o.party_id, o.items.iter().fold(Money::ZERO, |s, i| s.checked_add(i.balance).unwrap_or(s))))
            }
            None => self.parties.get(self.selected).map(|p| (p.party_id, p.total)),
        }
    }

    /// The invoice selected among a party's open ones, when they are open.
    pub fn item(&self) -> Option<&OpenDebt<D>> {
        self.opened.as_ref().and_then(|o| o.items.get(o.selected))
    }

    /// Move the selection (the direction is `code`'s) among a party's invoices when
    /// they are open, else among the parties.
    pub fn move_selection(&mut self, code: KeyCode) {
        let (selected, len) = match &mut self.opened {
            Some(o) => (&mut o.selected, o.items.len()),
            None => (&mut self.selected, self.parties.len()),
        };
        *selected = move_selection(*selected, len, code);
    }

    /// The party selected in the list of everyone, to open; None while one is open.
    pub fn selected_party(&self) -> Option<i64> {
        match self.opened {
            Some(_) => None,
            None => self.parties.get(self.selected).map(|p| p.party_id),
        }
    }

    /// The open invoices when a party's are open, else everyone aged: a header
    /// line (ending with the screen's key hints) above a table.
    pub fn render(
        &self,
        how: &DebtColumns<P, D>,
        hints: &DebtHints,
        frame: &mut Frame,
        areas: [Rect; 2],
        theme: &Theme,
        lang: Lang,
    ) {
        match &self.opened {
            Some(o) => OpenItems {
                side: how.side,
                name: &o.name,
                columns: how.items,
                items: &o.items,
                first: how.first,
                selected: o.selected,
                keys: &hints.items,
            }
            .render(frame, areas, theme, lang),
            None => {
                let rows: Vec<PartyRow> = self
                    .parties
                    .iter()
                    .map(|p| PartyRow { lead: (how.lead)(p), total: p.total, aging: &p.aging })
                    .collect();
                Parties {
                    side: how.side,
                    lead: how.parties,
                    rows: &rows,
                    selected: self.selected,
                    keys: &hints.parties,
                    fewest_keys: &hints.parties_narrow,
                }
                .render(frame, areas, theme, lang);
            }
        }
    }
}

/// The key hints a debt screen's headers end with, drawn from its key tables.
pub struct DebtHints {
    /// Everyone's list.
    pub parties: String,
    /// What everyone's list keeps when narrow (paying).
    pub parties_narrow: String,
    /// One party's open invoices.
    pub items: String,
}

/// How a debt can be paid: anything but on credit.
pub const PAY_METHODS: [PaymentMethod; 3] = [PaymentMethod::Cash, PaymentMethod::Transfer, PaymentMethod::Qris];

/// What the payment form's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayKey {
    Method,
    /// Amount or reference.
    Field,
    Pay,
}

/// The payment form's keys; the screen that opens it adds its own `Esc`.
pub const PAY_KEYS: &[Key<PayKey>] = &[
    key("Tab", &[press(KeyCode::Tab)], PayKey::Method, "cash, transfer or QRIS", "tunai, transfer atau QRIS")
        .hint("method", "cara"),
    key("↑/↓", UP_DOWN, PayKey::Field, "amount or reference", "jumlah atau referensi").hint("reference", "referensi"),
    key("Enter", &[press(KeyCode::Enter)], PayKey::Pay, "pay", "bayar").hint("pay", "bayar"),
];

/// The payment form both debt screens open with `p`: the method (one of
/// [`PAY_METHODS`]), the amount (prefilled with what is owed) and a reference.
pub struct PayForm {
    pub amount: TextInput,
    /// Index into [`PAY_METHODS`].
    pub method: usize,
    pub reference: TextInput,
    pub on_reference: bool,
}

/// What the form was filled in with.
pub struct Filled {
    pub amount: Money,
    pub method: PaymentMethod,
    pub reference: String,
}

impl PayForm {
    pub fn new(owed: Money) -> PayForm {
        PayForm {
            amount: TextInput::new(&owed.rupiah().to_string()),
            method: 0,
            reference: TextInput::default(),
            on_reference: false,
        }
    }

    /// The keys of [`PAY_KEYS`] (`Tab` the method, `↑`/`↓` amount or reference, `Enter`
    /// pay); other keys edit the field in focus. `Enter` gives the payment, or why the
    /// amount is not one.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Result<Filled, MoneyError>> {
        match lookup(PAY_KEYS, key) {
            Some(PayKey::Method) => self.method = (self.method + 1) % PAY_METHODS.len(),
            Some(PayKey::Field) => self.on_reference = !self.on_reference,
            Some(PayKey::Pay) => {
                return Some(Money::parse_non_negative(self.amount.value()).map(|amount| Filled {
                    amount,
                    method: PAY_METHODS[self.method],
                    reference: self.reference.value().to_string(),
                }));
            }
            None if self.on_reference => {
                self.reference.handle(key);
            }
            None => {
                self.amount.handle(key);
            }
        }
        None
    }
}

/// One party in the aged list: its lead cells (as `lead` columns), total and aging.
struct PartyRow<'a> {
    lead: Vec<String>,
    total: Money,
    aging: &'a Aging,
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
struct Parties<'a> {
    side: DebtSide,
    /// The columns before the buckets; the last is the total.
    lead: &'a [Column],
    rows: &'a [PartyRow<'a>],
    selected: usize,
    /// The key hints, and the fewest kept when narrow.
    keys: &'a str,
    fewest_keys: &'a str,
}

impl Parties<'_> {
    fn render(&self, frame: &mut Frame, [head, table]: [Rect; 2], theme: &Theme, lang: Lang) {
        let Parties { side, lead, rows, selected, keys, fewest_keys } = *self;
        let total = or_too_large(Money::checked_sum(rows.iter().map(|r| r.total)), lang, |m| m.to_string());
        let (who, who_short) = match side {
            DebtSide::Receivable => {
                (lang.pick("customers owe", "pelanggan berutang"), lang.pick("cust. owe", "plg berutang"))
            }
            DebtSide::Payable => {
                (lang.pick("suppliers owed", "pemasok diutangi"), lang.pick("suppl. owed", "pmsk diutangi"))
            }
        };
        let count = rows.len();
        let text = first_fitting(
            vec![
                format!("{count} {who} · {total} · {keys}"),
                format!("{count} {who_short} · {total} · {keys}"),
                format!("{count} {who_short} · {total} · {fewest_keys}"),
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
struct OpenItems<'a, D> {
    side: DebtSide,
    name: &'a str,
    columns: &'a [Column],
    items: &'a [OpenDebt<D>],
    first: fn(&D) -> [String; 2],
    selected: usize,
    keys: &'a str,
}

impl<D> OpenItems<'_, D> {
    fn render(&self, frame: &mut Frame, [head, table]: [Rect; 2], theme: &Theme, lang: Lang) {
        let OpenItems { side, name, columns, items, first, selected, keys } = *self;
        let owed = or_too_large(Money::checked_sum(items.iter().map(|i| i.balance)), lang, |m| m.to_string());
        let owes = match side {
            DebtSide::Receivable => lang.pick("owes", "piutang"),
            DebtSide::Payable => lang.pick("owed", "utang"),
        };
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
            let (keys, fewest_keys) = match lang {
                Lang::En => ("Enter detail · p pay", "p pay"),
                Lang::Id => ("Enter rincian · p bayar", "p bayar"),
            };
            Parties { side, lead: &lead, rows: &rows, selected: 0, keys, fewest_keys }.render(frame, areas, theme, lang)
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
                let keys = lang.pick("p pay · s statement", "p bayar · s rekening");
                OpenItems { side: DebtSide::Receivable, name, columns: &columns, items, first, selected: 0, keys }
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
