//! The WhatsApp assistant's language: what a customer's (or the owner's) message asks
//! for. Pure: text in, [`Command`] out. Indonesian first, English synonyms, any case;
//! anything else is [`Command::NotUnderstood`].
//!
//! Messages can be anything (emoji, other scripts, binary junk, 4,096 characters):
//! only the first [`MAX_PARSED_CHARS`] characters are read, control characters count
//! as spaces, and nothing here can fail.

use super::Qty;
use super::qty::MAX_LINE_QTY_UNITS;

/// The language a command was written in; the reply follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tongue {
    #[default]
    Id,
    En,
}

impl Tongue {
    /// The Indonesian or the English text.
    pub fn say<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Tongue::Id => id,
            Tongue::En => en,
        }
    }

    /// The language of the message templates it is answered with (`id`, `en`).
    pub fn code(self) -> &'static str {
        self.say("id", "en")
    }
}

/// Each text the assistant sends: one message template kind each, shipped in
/// Indonesian and English and edited like the shop's other message templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssistantText {
    Menu,
    Price,
    Stock,
    Balance,
    Order,
    Confirm,
    Cancel,
    Hours,
    Address,
    Info,
    Start,
    Stop,
    Report,
    LowStock,
    Overdue,
    /// The owner's daily digest (queued unasked).
    Digest,
    /// The owner's batched alerts (queued unasked).
    Alert,
}

impl AssistantText {
    pub const ALL: [AssistantText; 17] = [
        AssistantText::Menu,
        AssistantText::Price,
        AssistantText::Stock,
        AssistantText::Balance,
        AssistantText::Order,
        AssistantText::Confirm,
        AssistantText::Cancel,
        AssistantText::Hours,
        AssistantText::Address,
        AssistantText::Info,
        AssistantText::Start,
        AssistantText::Stop,
        AssistantText::Report,
        AssistantText::LowStock,
        AssistantText::Overdue,
        AssistantText::Digest,
        AssistantText::Alert,
    ];

    /// The message template kind (and the key of the Indonesian template).
    pub fn code(self) -> &'static str {
        match self {
            AssistantText::Menu => "assistant_menu",
            AssistantText::Price => "assistant_price",
            AssistantText::Stock => "assistant_stock",
            AssistantText::Balance => "assistant_balance",
            AssistantText::Order => "assistant_order",
            AssistantText::Confirm => "assistant_confirm",
            AssistantText::Cancel => "assistant_cancel",
            AssistantText::Hours => "assistant_hours",
            AssistantText::Address => "assistant_address",
            AssistantText::Info => "assistant_info",
            AssistantText::Start => "assistant_start",
            AssistantText::Stop => "assistant_stop",
            AssistantText::Report => "assistant_report",
            AssistantText::LowStock => "assistant_low_stock",
            AssistantText::Overdue => "assistant_overdue",
            AssistantText::Digest => "assistant_digest",
            AssistantText::Alert => "assistant_alert",
        }
    }

    /// The text that answers `command` (anything not understood gets the menu).
    pub fn answering(command: &Command) -> AssistantText {
        match command {
            Command::Price(_) => AssistantText::Price,
            Command::Stock(_) => AssistantText::Stock,
            Command::Balance => AssistantText::Balance,
            Command::Order(_) => AssistantText::Order,
            Command::Confirm => AssistantText::Confirm,
            Command::Cancel => AssistantText::Cancel,
            Command::Hours => AssistantText::Hours,
            Command::Address => AssistantText::Address,
            Command::Info => AssistantText::Info,
            Command::Stop => AssistantText::Stop,
            Command::Start => AssistantText::Start,
            Command::DailyReport => AssistantText::Report,
            Command::LowStock => AssistantText::LowStock,
            Command::Overdue => AssistantText::Overdue,
            Command::Menu | Command::NotUnderstood => AssistantText::Menu,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `HARGA nama` / `PRICE name` (the name may be empty: the reply says how to ask).
    Price(String),
    /// `STOK nama` / `STOCK name`.
    Stock(String),
    /// `SALDO`, `UTANG`, `BON` / `BALANCE`, `DEBT`.
    Balance,
    /// `PESAN …` / `ORDER …`.
    Order(OrderRequest),
    /// `YA` / `YES`: confirm the order waiting for it.
    Confirm,
    /// `BATAL` / `CANCEL`.
    Cancel,
    /// `JAM` / `HOURS`.
    Hours,
    /// `ALAMAT` / `ADDRESS`.
    Address,
    /// `INFO`.
    Info,
    /// `BERHENTI` / `STOP`: no more marketing.
    Stop,
    /// `MULAI` / `START`: marketing again, with consent recorded.
    Start,
    /// `MENU` / `HELP` / `BANTUAN`.
    Menu,
    /// Owner commands: `LAPORAN` / `REPORT`.
    DailyReport,
    /// `STOK MENIPIS` / `LOW STOCK`.
    LowStock,
    /// `PIUTANG` / `RECEIVABLES`.
    Overdue,
    NotUnderstood,
}

impl Command {
    /// A short stable name (stored with each conversation turn, used in settings).
    pub fn code(&self) -> &'static str {
        match self {
            Command::Price(_) => "price",
            Command::Stock(_) => "stock",
            Command::Balance => "balance",
            Command::Order(_) => "order",
            Command::Confirm => "confirm",
            Command::Cancel => "cancel",
            Command::Hours => "hours",
            Command::Address => "address",
            Command::Info => "info",
            Command::Stop => "stop",
            Command::Start => "start",
            Command::Menu => "menu",
            Command::DailyReport => "report",
            Command::LowStock => "low_stock",
            Command::Overdue => "overdue",
            Command::NotUnderstood => "not_understood",
        }
    }
}

/// An order as written: the lines read, and what could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderRequest {
    pub lines: Vec<OrderLine>,
    /// Lines whose quantity made no sense (`0 beras`, `1.2345 gula`), as written.
    pub unreadable: Vec<String>,
    /// Lines left out beyond [`MAX_ORDER_LINES`].
    pub cut: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub qty: Qty,
    /// The item as the customer named it, for the name search.
    pub name: String,
}

/// The most lines one order takes; the rest are cut with a note.
pub const MAX_ORDER_LINES: usize = 20;
/// Longer messages are read only this far.
pub const MAX_PARSED_CHARS: usize = 4096;
/// Names longer than this are cut before searching.
const MAX_NAME_CHARS: usize = 60;

/// The message with control characters as spaces, at most [`MAX_PARSED_CHARS`] long,
/// trimmed.
fn clean(text: &str) -> String {
    text.chars()
        .take(MAX_PARSED_CHARS)
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Read one message.
pub fn parse(text: &str) -> (Command, Tongue) {
    let text = clean(text);
    // `/harga`, `#harga` and `*HARGA*` as chat apps write them.
    let text = text.trim_start_matches(['/', '#', '*']);
    let (first, rest) = match text.find(char::is_whitespace) {
        Some(at) => (&text[..at], text[at..].trim()),
        None => (text, ""),
    };
    let word = first.trim_end_matches(['.', '!', '?', ':', ',', '*']).to_lowercase();
    let tail = rest.trim_end_matches(['.', '!', '?']).trim();
    let alone = tail.is_empty();
    let name = |rest: &str| {
        rest.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_NAME_CHARS).collect::<String>()
    };
    use Command::*;
    use Tongue::*;
    let tail_lower = tail.to_lowercase();
    match word.as_str() {
        "harga" => (Price(name(tail)), Id),
        "price" => (Price(name(tail)), En),
        "stok" if matches!(tail_lower.as_str(), "menipis" | "tipis") => (LowStock, Id),
        "low" if tail_lower == "stock" => (LowStock, En),
        "stok" => (Stock(name(tail)), Id),
        "stock" => (Stock(name(tail)), En),
        "saldo" | "utang" | "hutang" | "bon" | "tagihan" if alone => (Balance, Id),
        "balance" | "debt" if alone => (Balance, En),
        "pesan" | "order" if alone => (NotUnderstood, if word == "order" { En } else { Id }),
        "pesan" => (Order(parse_order(rest)), Id),
        "order" => (Order(parse_order(rest)), En),
        "ya" | "iya" | "y" | "ok" | "oke" if alone => (Confirm, Id),
        "yes" if alone => (Confirm, En),
        "batal" if alone => (Cancel, Id),
        "cancel" if alone => (Cancel, En),
        "jam" if alone || tail_lower == "buka" => (Hours, Id),
        "hours" if alone => (Hours, En),
        "alamat" | "lokasi" if alone => (Address, Id),
        "address" | "location" if alone => (Address, En),
        "info" if alone => (Info, Id),
        "berhenti" if alone => (Stop, Id),
        "stop" | "unsubscribe" if alone => (Stop, En),
        "mulai" if alone => (Start, Id),
        "start" | "subscribe" if alone => (Start, En),
        "menu" | "bantuan" if alone => (Menu, Id),
        "help" if alone => (Menu, En),
        "laporan" if alone => (DailyReport, Id),
        "report" if alone => (DailyReport, En),
        "piutang" if alone => (Overdue, Id),
        "receivables" | "overdue" if alone => (Overdue, En),
        _ => (NotUnderstood, Id),
    }
}

/// `2 beras 5kg, telur 1kg, 3 indomie goreng`: lines split at commas (not a decimal
/// comma between digits), semicolons and new lines; each with an optional quantity
/// before (`2`, `2x`, `2 x`, `1,5`, `3*`) or after (`x2`, a lone number at the end).
pub fn parse_order(text: &str) -> OrderRequest {
    let mut request = OrderRequest::default();
    for raw in split_lines(text) {
        let raw = raw.trim().trim_start_matches(['-', '•', '*']).trim();
        if raw.is_empty() {
            continue;
        }
        if request.lines.len() + request.unreadable.len() >= MAX_ORDER_LINES {
            request.cut += 1;
            continue;
        }
        match order_line(raw) {
            Some(line) => request.lines.push(line),
            None => request.unreadable.push(raw.chars().take(MAX_NAME_CHARS).collect()),
        }
    }
    request
}

fn split_lines(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = vec![String::new()];
    for (i, &c) in chars.iter().enumerate() {
        let decimal_comma =
            c == ',' && i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if matches!(c, ';' | '\n') || (c == ',' && !decimal_comma) {
            lines.push(String::new());
        } else if let Some(line) = lines.last_mut() {
            line.push(c);
        }
    }
    lines
}

/// A quantity as written (`2`, `1,5`, `2x`, `x2`, `3*`); None if the word is no number.
fn quantity_word(word: &str) -> Option<&str> {
    let word = word.trim_end_matches(['x', 'X', '*']).trim_start_matches(['x', 'X']);
    (!word.is_empty() && word.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')).then_some(word)
}

/// One order line; None when its quantity is there but unusable (zero, too large, too
/// precise) or no name is left.
fn order_line(raw: &str) -> Option<OrderLine> {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    let mut qty_text = None;
    if let Some(q) = words.first().and_then(|w| quantity_word(w)) {
        qty_text = Some(q);
        words.remove(0);
        if words.first().is_some_and(|w| w.eq_ignore_ascii_case("x")) {
            words.remove(0);
        }
    } else if words.len() > 1
        && let Some(q) = words.last().and_then(|w| quantity_word(w))
    {
        qty_text = Some(q);
        words.pop();
        if words.len() > 1 && words.last().is_some_and(|w| w.eq_ignore_ascii_case("x")) {
            words.pop();
        }
    } else if let Some((q, name)) = raw.split_once('*')
        && let Some(q) = quantity_word(q.trim())
    {
        // The till's own `3*indomie`.
        qty_text = Some(q);
        words = name.split_whitespace().collect();
    }
    let name: String = words.join(" ").chars().take(MAX_NAME_CHARS).collect();
    if name.is_empty() {
        return None;
    }
    let qty = match qty_text {
        None => Qty::ONE,
        Some(text) => Qty::parse(text).ok()?,
    };
    (qty.is_positive() && qty <= Qty::from_units(MAX_LINE_QTY_UNITS)).then_some(OrderLine { qty, name })
}

/// A size written into an item's name (`beras 5kg`, `minyak 2 liter`): the name
/// without it, the amount and the unit as the shop's units are coded (`KG`, `L`, …).
/// For a name search that found nothing as written, and for goods sold by that unit
/// (2 × beras 5kg = 10 kg).
pub fn split_size(name: &str) -> Option<(String, Qty, &'static str)> {
    const UNITS: [(&str, &str); 8] =
        [("kg", "KG"), ("kilo", "KG"), ("g", "G"), ("gr", "G"), ("l", "L"), ("liter", "L"), ("ltr", "L"), ("ml", "ML")];
    let words: Vec<&str> = name.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        // `5kg`, or `5 kg` over two words.
        let (number, unit, used) = match lower.find(|c: char| c.is_alphabetic()) {
            Some(0) => continue,
            Some(at) => (lower[..at].to_string(), lower[at..].to_string(), 1),
            None => match words.get(i + 1) {
                Some(next) => (lower.clone(), next.to_lowercase(), 2),
                None => continue,
            },
        };
        let Some((_, code)) = UNITS.iter().find(|(written, _)| *written == unit) else { continue };
        let Ok(amount) = Qty::parse(&number) else { continue };
        if !amount.is_positive() {
            continue;
        }
        let rest: Vec<&str> = words[..i].iter().chain(&words[i + used..]).copied().collect();
        if rest.is_empty() {
            return None;
        }
        return Some((rest.join(" "), amount, code));
    }
    None
}

/// WhatsApp's limit for one text message, in characters.
pub const MAX_REPLY_CHARS: usize = 4096;

/// `text` cut to WhatsApp's limit at a line break, with a note that more was left out.
pub fn fit_reply(text: &str, more: &str) -> String {
    if text.chars().count() <= MAX_REPLY_CHARS {
        return text.to_string();
    }
    let room = MAX_REPLY_CHARS - more.chars().count() - 1;
    let cut: String = text.chars().take(room).collect();
    let cut = match cut.rfind('\n') {
        Some(at) => &cut[..at],
        None => cut.as_str(),
    };
    format!("{cut}\n{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(text: &str) -> Command {
        parse(text).0
    }

    fn line(qty: &str, name: &str) -> OrderLine {
        OrderLine { qty: Qty::parse(qty).unwrap(), name: name.into() }
    }

    #[test]
    fn indonesian_and_english_in_any_case() {
        assert_eq!(parse("harga gula"), (Command::Price("gula".into()), Tongue::Id));
        assert_eq!(parse("PRICE  Sugar 1kg?"), (Command::Price("Sugar 1kg".into()), Tongue::En));
        assert_eq!(parse("Stok indomie"), (Command::Stock("indomie".into()), Tongue::Id));
        assert_eq!(parse("stock aqua"), (Command::Stock("aqua".into()), Tongue::En));
        for balance in ["SALDO", "utang", "Bon", "hutang?"] {
            assert_eq!(parse(balance), (Command::Balance, Tongue::Id), "{balance}");
        }
        assert_eq!(parse("balance"), (Command::Balance, Tongue::En));
        assert_eq!(parse("ya"), (Command::Confirm, Tongue::Id));
        assert_eq!(parse("YES!"), (Command::Confirm, Tongue::En));
        assert_eq!(parse("Batal"), (Command::Cancel, Tongue::Id));
        assert_eq!(parse("jam buka"), (Command::Hours, Tongue::Id));
        assert_eq!(parse("alamat"), (Command::Address, Tongue::Id));
        assert_eq!(parse("INFO"), (Command::Info, Tongue::Id));
        assert_eq!(parse("berhenti"), (Command::Stop, Tongue::Id));
        assert_eq!(parse("STOP."), (Command::Stop, Tongue::En));
        assert_eq!(parse("mulai"), (Command::Start, Tongue::Id));
        assert_eq!(parse("start"), (Command::Start, Tongue::En));
        assert_eq!(parse("/menu"), (Command::Menu, Tongue::Id));
        assert_eq!(parse("help"), (Command::Menu, Tongue::En));
        assert_eq!(parse("laporan"), (Command::DailyReport, Tongue::Id));
        assert_eq!(parse("STOK MENIPIS"), (Command::LowStock, Tongue::Id));
        assert_eq!(parse("low stock"), (Command::LowStock, Tongue::En));
        assert_eq!(parse("piutang"), (Command::Overdue, Tongue::Id));
    }

    #[test]
    fn a_keyword_inside_a_sentence_is_not_a_command() {
        for text in ["Bu, gula ada? berapa?", "ya ampun mahal", "stop dulu ya bu", "jam berapa tutup nanti malam", ""] {
            assert_eq!(command(text), Command::NotUnderstood, "{text}");
        }
        assert_eq!(command("harga"), Command::Price(String::new()), "the reply says how to ask");
        assert_eq!(command("pesan"), Command::NotUnderstood);
    }

    #[test]
    fn order_lines_with_and_without_quantities() {
        let Command::Order(order) = command("PESAN 2 beras 5kg, telur 1kg, 3 indomie goreng") else { panic!() };
        assert_eq!(order.lines, vec![line("2", "beras 5kg"), line("1", "telur 1kg"), line("3", "indomie goreng")]);
        let Command::Order(order) = command("pesan beras 5kg 2\n1,5 gula; 2x aqua, aqua x3, 4 x kopi, 2*telur") else {
            panic!()
        };
        assert_eq!(
            order.lines,
            vec![
                line("2", "beras 5kg"),
                line("1.5", "gula"),
                line("2", "aqua"),
                line("3", "aqua"),
                line("4", "kopi"),
                line("2", "telur")
            ]
        );
        let (parsed, tongue) = parse("order 2 sugar");
        assert_eq!(tongue, Tongue::En);
        assert_eq!(parsed, Command::Order(OrderRequest { lines: vec![line("2", "sugar")], ..Default::default() }));
    }

    #[test]
    fn unusable_quantities_are_reported_not_guessed() {
        let order = parse_order("0 beras, 1.2345 gula, 99999999 telur, 2, aqua");
        assert_eq!(order.lines, vec![line("1", "aqua")]);
        assert_eq!(order.unreadable, vec!["0 beras", "1.2345 gula", "99999999 telur", "2"]);
    }

    #[test]
    fn long_orders_are_cut_with_a_count() {
        let text = (0..200).map(|i| format!("{i} barang")).collect::<Vec<_>>().join(", ");
        let order = parse_order(&text);
        assert_eq!(order.lines.len() + order.unreadable.len(), MAX_ORDER_LINES);
        assert_eq!(order.cut, 200 - MAX_ORDER_LINES);
    }

    #[test]
    fn emoji_other_scripts_junk_and_long_text_never_fail() {
        let junk: String = (0u8..=255).map(char::from).collect();
        let long = "a".repeat(100_000);
        for text in ["👍", "🙏🙏 harga?", "价格 糖", "سعر", "\u{0}\u{7}\u{1b}[2J", junk.as_str(), long.as_str()]
        {
            assert_eq!(command(text), Command::NotUnderstood, "{text:?}");
        }
        assert_eq!(command("HARGA 🍚 beras"), Command::Price("🍚 beras".into()));
        assert_eq!(command("harga\u{0}gula"), Command::Price("gula".into()), "control characters are spaces");
        let Command::Price(name) = command(&format!("harga {long}")) else { panic!() };
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        let Command::Order(order) = command(&format!("pesan {}", "🍚, ".repeat(5000))) else { panic!() };
        assert_eq!(order.lines.len(), MAX_ORDER_LINES);
    }

    #[test]
    fn sizes_in_names() {
        assert_eq!(split_size("beras pandan 5kg"), Some(("beras pandan".into(), Qty::from_units(5), "KG")));
        assert_eq!(
            split_size("minyak 1,5 liter curah"),
            Some(("minyak curah".into(), Qty::parse("1.5").unwrap(), "L"))
        );
        assert_eq!(split_size("gula"), None);
        assert_eq!(split_size("5kg"), None, "nothing left to search");
        assert_eq!(split_size("aqua 600ml"), Some(("aqua".into(), Qty::from_units(600), "ML")));
        assert_eq!(split_size("indomie 2x"), None);
    }

    #[test]
    fn replies_fit_whatsapp() {
        assert_eq!(fit_reply("pendek", "…"), "pendek");
        let long = "baris panjang sekali\n".repeat(1000);
        let fitted = fit_reply(&long, "(dipotong)");
        assert!(fitted.chars().count() <= MAX_REPLY_CHARS);
        assert!(fitted.ends_with("\n(dipotong)"));
        let one_line = "é".repeat(10_000);
        assert!(fit_reply(&one_line, "…").chars().count() <= MAX_REPLY_CHARS);
    }
}
