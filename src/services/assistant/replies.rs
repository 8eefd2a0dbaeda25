//! The assistant's answers, worked out from the shop's data in the caller's
//! transaction. Indonesian, or English when the customer wrote an English command.

use std::fmt::Write;

use jiff::tz::TimeZone;

use super::super::dashboard::Dashboard;
use super::super::{Actor, Result, Tx};
use super::Settings;
use crate::clock::local_date;
use crate::domain::assistant::{Command, OrderRequest, Tongue, split_size};
use crate::domain::qty::needs_reorder;
use crate::domain::search::NameIndex;
use crate::domain::{Money, Phone, PriceTier, Qty};
use crate::store;
use crate::store::customers::CustomerRow;
use crate::store::items::ItemRow;
use crate::store::orders::{NewOrder, NewOrderLine};

/// Items shown for one HARGA or STOK question.
const ITEMS_PER_ANSWER: usize = 3;
/// Orders older than this are no longer what YA or BATAL refers to.
const ORDER_OPEN_MS: i64 = 24 * 3_600_000;
/// Lines of STOK MENIPIS and PIUTANG.
const OWNER_LIST: usize = 5;

pub(super) struct Context<'a> {
    pub tongue: Tongue,
    pub settings: &'a Settings,
    pub tz: &'a TimeZone,
    pub phone: &'a Phone,
    /// The shop's customer with the sender's phone, if any.
    pub customer: Option<&'a CustomerRow>,
    /// The sender is an owner or manager.
    pub staff: bool,
    /// Today's figures, for LAPORAN.
    pub figures: Option<&'a Dashboard>,
}

impl Context<'_> {
    fn say<'s>(&self, id: &'s str, en: &'s str) -> &'s str {
        self.tongue.say(id, en)
    }

    fn tier(&self) -> PriceTier {
        self.customer.map_or(PriceTier::Retail, |c| c.data.tier)
    }
}

pub(super) fn answer(tx: &Tx<'_>, ctx: &Context<'_>, command: &Command) -> Result<String> {
    Ok(match command {
        Command::Price(query) => price(tx, ctx, query)?,
        Command::Stock(query) => stock(tx, ctx, query)?,
        Command::Balance => balance(tx, ctx)?,
        Command::Order(request) => order(tx, ctx, request)?,
        Command::Confirm => confirm(tx, ctx)?,
        Command::Cancel => cancel(tx, ctx)?,
        Command::Hours => hours(ctx),
        Command::Address => address(ctx),
        Command::Info => info(ctx),
        Command::Stop => format!(
            "{} {}. {}",
            ctx.say("Baik, Anda tidak akan menerima pesan promosi dari", "Done: no more promotions from"),
            ctx.settings.store_name,
            ctx.say("Balas MULAI untuk berlangganan lagi.", "Reply START to subscribe again.")
        ),
        Command::Start => start(tx, ctx)?,
        Command::DailyReport => daily_report(tx, ctx)?,
        Command::LowStock => low_stock(tx, ctx)?,
        Command::Overdue => overdue(tx, ctx)?,
        Command::Menu | Command::NotUnderstood => menu(ctx),
    })
}

/// The till's name search over the active items.
struct Catalog(NameIndex);

impl Catalog {
    fn load(tx: &Tx<'_>) -> Result<Catalog> {
        Ok(Catalog(NameIndex::new(store::items::active_names(tx)?)))
    }

    /// The till's best matches that a customer would recognise (see [`recognisable`]).
    fn find(&mut self, tx: &Tx<'_>, query: &str, limit: usize) -> Result<Vec<ItemRow>> {
        let mut items = Vec::new();
        for hit in self.0.search(query, limit) {
            if recognisable(query, &hit.label) {
                items.extend(store::items::get(tx, hit.item_id)?);
            }
        }
        Ok(items)
    }

    /// The item an order line names and the quantity in the item's unit: as written,
    /// else without a size in the name (`2 beras 5kg` is 10 kg of rice sold by the kg).
    fn find_line(&mut self, tx: &Tx<'_>, name: &str, qty: Qty) -> Result<Option<(ItemRow, Qty)>> {
        if let Some(item) = self.find(tx, name, 1)?.into_iter().next() {
            return Ok(Some((item, qty)));
        }
        let Some((bare, size, unit)) = split_size(name) else { return Ok(None) };
        let Some(item) = self.find(tx, &bare, 1)?.into_iter().next() else { return Ok(None) };
        let qty = if item.data.unit.eq_ignore_ascii_case(unit) { qty.times(size).unwrap_or(qty) } else { qty };
        Ok(Some((item, qty)))
    }

    /// Names close to a query that found nothing: its words searched one by one.
    fn suggestions(&mut self, tx: &Tx<'_>, query: &str) -> Result<Vec<String>> {
        let mut names: Vec<String> = Vec::new();
        for word in query.split_whitespace().filter(|w| w.chars().count() >= 3) {
            for item in self.find(tx, word, ITEMS_PER_ANSWER)? {
                if !names.contains(&item.data.name) && names.len() < ITEMS_PER_ANSWER {
                    names.push(item.data.name);
                }
            }
        }
        Ok(names)
    }
}

/// The till forgives a lot (letters in order, gaps allowed): right for a cashier who
/// sees the list, too loose for a chat answer ("sugar" is not "Sunlight Sachet
/// Renceng"). A hit counts when each word of three or more letters in the query
/// appears in the name, or its first three letters begin one of the name's words.
fn recognisable(query: &str, label: &str) -> bool {
    let label = label.to_lowercase();
    let words: Vec<&str> = label.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    query.to_lowercase().split_whitespace().filter(|w| w.chars().count() >= 3).all(|word| {
        let head: String = word.chars().take(3).collect();
        label.contains(word) || words.iter().any(|w| w.starts_with(&head))
    })
}

/// "not found" with close names, if there are any.
fn not_found(tx: &Tx<'_>, ctx: &Context<'_>, catalog: &mut Catalog, query: &str) -> Result<String> {
    let mut text = format!("{} \"{query}\".", ctx.say("Maaf, kami tidak menemukan", "Sorry, we could not find"));
    let close = catalog.suggestions(tx, query)?;
    if !close.is_empty() {
        let _ = write!(text, "\n{} {}", ctx.say("Mungkin maksud Anda:", "Did you mean:"), close.join(", "));
    }
    Ok(text)
}

/// The items a HARGA or STOK question names, or the answer when there are none: how
/// to ask (no name), or "not found" with close names.
fn items_asked(tx: &Tx<'_>, ctx: &Context<'_>, query: &str, how: (&str, &str)) -> Result<Result<Vec<ItemRow>, String>> {
    if query.is_empty() {
        return Ok(Err(ctx.say(how.0, how.1).into()));
    }
    let mut catalog = Catalog::load(tx)?;
    let items = catalog.find(tx, query, ITEMS_PER_ANSWER)?;
    if items.is_empty() {
        return Ok(Err(not_found(tx, ctx, &mut catalog, query)?));
    }
    Ok(Ok(items))
}

fn price(tx: &Tx<'_>, ctx: &Context<'_>, query: &str) -> Result<String> {
    let how = ("Tulis HARGA lalu nama barang, misalnya: HARGA gula", "Write PRICE and an item, e.g. PRICE sugar");
    let items = match items_asked(tx, ctx, query, how)? {
        Ok(items) => items,
        Err(answer) => return Ok(answer),
    };
    let mut text = String::from(ctx.say("Harga:", "Prices:"));
    for item in &items {
        let prices = &item.data.prices;
        let unit = item.data.unit.to_lowercase();
        let _ = write!(text, "\n• {}: {} /{unit}", item.data.name, prices.retail);
        let tier = ctx.tier();
        if tier == PriceTier::Retail {
            continue;
        }
        let (own_tier, own) = prices.price_for(tier, Qty::ONE);
        if own_tier != PriceTier::Retail {
            let _ = write!(text, "\n  {} {own}", ctx.say("Harga grosir Anda:", "Your wholesale price:"));
        }
        for (min, price) in
            [(prices.min_qty_wholesale1, prices.wholesale1), (prices.min_qty_wholesale2, prices.wholesale2)]
        {
            if let (Some(min), Some(price)) = (min, price)
                && price < own
            {
                let _ = write!(text, "\n  {} {} {unit}: {price}", ctx.say("mulai", "from"), min.decimal());
            }
        }
    }
    Ok(text)
}

fn stock(tx: &Tx<'_>, ctx: &Context<'_>, query: &str) -> Result<String> {
    let how = ("Tulis STOK lalu nama barang, misalnya: STOK beras", "Write STOCK and an item, e.g. STOCK rice");
    let items = match items_asked(tx, ctx, query, how)? {
        Ok(items) => items,
        Err(answer) => return Ok(answer),
    };
    let mut text = String::from(ctx.say("Stok:", "Stock:"));
    for item in &items {
        let state = if item.on_hand <= Qty::ZERO {
            ctx.say("habis", "sold out")
        } else if needs_reorder(item.on_hand, item.data.reorder_level) {
            ctx.say("tinggal sedikit", "only a few left")
        } else {
            ctx.say("ada", "available")
        };
        let _ = write!(text, "\n• {}: {state}", item.data.name);
        if ctx.settings.show_stock_qty && item.on_hand > Qty::ZERO {
            let _ = write!(text, " ({} {})", item.on_hand.decimal(), item.data.unit.to_lowercase());
        }
    }
    Ok(text)
}

/// Only the sender's own debts, and only when their number is a customer's.
fn balance(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<String> {
    let Some(customer) = ctx.customer else {
        return Ok(format!(
            "{} {}. {}",
            ctx.say(
                "Maaf, nomor ini belum terdaftar sebagai pelanggan",
                "Sorry, this number is not registered as a customer of"
            ),
            ctx.settings.store_name,
            ctx.say("Silakan tanyakan langsung ke toko.", "Please ask at the shop.")
        ));
    };
    let open = store::receivables::open(tx, Some(customer.id), None)?;
    if open.is_empty() {
        return Ok(format!(
            "{} {}.",
            ctx.say("Tidak ada tagihan terbuka atas nama", "No open bills for"),
            customer.data.name
        ));
    }
    let mut text = format!("{} {}:", ctx.say("Tagihan", "Open bills of"), customer.data.name);
    let mut total = Money::ZERO;
    for r in &open {
        let _ = write!(
            text,
            "\n• {}: {} {} ({} {})",
            r.invoice,
            ctx.say("sisa", "due"),
            r.balance(),
            ctx.say("jatuh tempo", "by"),
            r.due_date
        );
        total = total.checked_add(r.balance()).unwrap_or(total);
    }
    let _ = write!(text, "\n{} {total}", ctx.say("Total:", "Total:"));
    Ok(text)
}

fn order(tx: &Tx<'_>, ctx: &Context<'_>, request: &OrderRequest) -> Result<String> {
    let mut catalog = Catalog::load(tx)?;
    let tier = ctx.tier();
    let mut lines = Vec::new();
    let mut missing: Vec<String> = request.unreadable.clone();
    for line in &request.lines {
        match catalog.find_line(tx, &line.name, line.qty)? {
            Some((item, qty)) => {
                let (tier, price) = item.data.prices.price_for(tier, qty);
                lines.push((item, line, qty, tier, price));
            }
            None => missing.push(line.name.clone()),
        }
    }
    let mut note = String::new();
    if !missing.is_empty() {
        let _ = write!(note, "{} {}", ctx.say("Tidak ditemukan:", "Not found:"), missing.join(", "));
    }
    if request.cut > 0 {
        let _ = write!(
            note,
            "{}{} {} {}",
            if note.is_empty() { "" } else { "\n" },
            ctx.say("Hanya", "Only"),
            crate::domain::assistant::MAX_ORDER_LINES,
            ctx.say(
                &format!("baris pertama yang dibaca; {} baris lainnya kirim di pesan terpisah.", request.cut),
                &format!("first lines were read; send the other {} in another message.", request.cut)
            )
        );
    }
    if lines.is_empty() {
        let head = ctx.say("Maaf, pesanan belum bisa dibuat.", "Sorry, no order could be made.");
        return Ok(if note.is_empty() { head.to_string() } else { format!("{head}\n{note}") });
    }
    // A new order replaces the sender's earlier one that was never confirmed.
    if let Some((earlier, _)) = store::orders::latest_of(tx, ctx.phone.as_str(), &["new"], 0)? {
        store::orders::set_status(tx, earlier, "new", "cancelled", tx.now)?;
    }
    let new_lines: Vec<NewOrderLine<'_>> = lines
        .iter()
        .map(|(item, line, qty, tier, price)| NewOrderLine {
            item_id: item.id,
            qty: *qty,
            unit_price: *price,
            tier: tier.code(),
            asked: &line.name,
        })
        .collect();
    let id = store::orders::insert(
        tx,
        &NewOrder { at: tx.now, phone: ctx.phone.as_str(), customer_id: ctx.customer.map(|c| c.id), note: &note },
        &new_lines,
    )?;
    let mut text = format!("{} #{id}:", ctx.say("Pesanan", "Order"));
    let mut total = Money::ZERO;
    for (n, (item, _, qty, _, price)) in lines.iter().enumerate() {
        let line_total = price.times_qty(*qty).unwrap_or(Money::ZERO);
        total = total.checked_add(line_total).unwrap_or(total);
        let _ = write!(
            text,
            "\n{}. {} {} {} × {price} = {line_total}",
            n + 1,
            qty.decimal(),
            item.data.unit.to_lowercase(),
            item.data.name
        );
    }
    let _ = write!(text, "\n{} {total}", ctx.say("Perkiraan total:", "Estimated total:"));
    if !note.is_empty() {
        let _ = write!(text, "\n{note}");
    }
    let _ = write!(
        text,
        "\n{}",
        ctx.say("Balas YA untuk konfirmasi, BATAL untuk batal.", "Reply YES to confirm, CANCEL to cancel.")
    );
    Ok(text)
}

fn confirm(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<String> {
    let since = tx.now - ORDER_OPEN_MS;
    match store::orders::latest_of(tx, ctx.phone.as_str(), &["new"], since)? {
        Some((id, _)) if store::orders::set_status(tx, id, "new", "confirmed", tx.now)? => Ok(format!(
            "{} #{id} {}",
            ctx.say("Pesanan", "Order"),
            ctx.say(
                "dikonfirmasi. Terima kasih! Kami kabari bila sudah siap; bayar saat diambil.",
                "is confirmed. Thank you! We will tell you when it is ready; pay when you collect it."
            )
        )),
        _ => Ok(ctx
            .say(
                "Tidak ada pesanan yang menunggu konfirmasi. Tulis PESAN lalu barangnya, misalnya: PESAN 2 indomie, 1 gula",
                "No order is waiting for confirmation. Write ORDER and the items, e.g. ORDER 2 indomie, 1 sugar",
            )
            .into()),
    }
}

fn cancel(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<String> {
    let since = tx.now - ORDER_OPEN_MS;
    if let Some((id, status)) = store::orders::latest_of(tx, ctx.phone.as_str(), &["new", "confirmed"], since)?
        && store::orders::set_status(tx, id, &status, "cancelled", tx.now)?
    {
        return Ok(format!("{} #{id} {}", ctx.say("Pesanan", "Order"), ctx.say("dibatalkan.", "is cancelled.")));
    }
    Ok(ctx.say("Tidak ada pesanan untuk dibatalkan.", "There is no order to cancel.").into())
}

fn hours(ctx: &Context<'_>) -> String {
    match ctx.settings.hours.as_str() {
        "" => ctx
            .say("Jam buka belum diisi; silakan hubungi toko.", "Opening hours are not set; please ask the shop.")
            .into(),
        hours => format!("{} {hours}", ctx.say("Jam buka:", "Opening hours:")),
    }
}

fn address(ctx: &Context<'_>) -> String {
    match ctx.settings.store_address.as_str() {
        "" => {
            ctx.say("Alamat belum diisi; silakan hubungi toko.", "The address is not set; please ask the shop.").into()
        }
        address => format!("{} {address}", ctx.say("Alamat:", "Address:")),
    }
}

fn info(ctx: &Context<'_>) -> String {
    let s = ctx.settings;
    let mut text = s.store_name.clone();
    for (label, value) in [
        (ctx.say("Alamat", "Address"), &s.store_address),
        (ctx.say("Telepon", "Phone"), &s.store_phone),
        (ctx.say("Jam buka", "Opening hours"), &s.hours),
    ] {
        if !value.is_empty() {
            let _ = write!(text, "\n{label}: {value}");
        }
    }
    text
}

/// MULAI: the sender's customer records take WhatsApp messages again (audited).
fn start(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<String> {
    let messaging = Actor { user_id: None, username: "messaging".into(), role: crate::domain::Role::Owner };
    for customer in store::assistant::opt_in_by_phone(tx, ctx.phone.as_str(), tx.now)? {
        tx.audit(&messaging, "customer.opt_in", "customer", customer, None, Some("MULAI".into()))?;
    }
    Ok(format!(
        "{} {}. {}",
        ctx.say("Terima kasih! Anda akan menerima info dan promo dari", "Thank you! You will get news and offers from"),
        ctx.settings.store_name,
        ctx.say("Balas BERHENTI kapan saja untuk berhenti.", "Reply STOP at any time to stop.")
    ))
}

fn menu(ctx: &Context<'_>) -> String {
    let s = ctx.settings;
    let mut text = format!(
        "{} {}. {}",
        ctx.say("Halo! Ini asisten WhatsApp", "Hello! This is the WhatsApp assistant of"),
        s.store_name,
        ctx.say("Balas dengan:", "Reply with:")
    );
    let lines: [(bool, &str, &str); 7] = [
        (s.price, "HARGA gula — cek harga", "PRICE sugar — prices"),
        (s.stock, "STOK beras — cek stok", "STOCK rice — stock"),
        (s.balance, "SALDO — tagihan Anda", "BALANCE — your open bills"),
        (s.order, "PESAN 2 indomie, 1 gula — pesan barang", "ORDER 2 indomie, 1 sugar — order"),
        (s.info, "JAM, ALAMAT, INFO — jam buka, alamat", "HOURS, ADDRESS, INFO — opening hours, address"),
        (
            ctx.staff && s.owner,
            "LAPORAN, STOK MENIPIS, PIUTANG — untuk pemilik",
            "REPORT, LOW STOCK, RECEIVABLES — for the owner",
        ),
        (true, "BERHENTI — berhenti terima promo", "STOP — no more promotions"),
    ];
    for (on, id, en) in lines {
        if on {
            let _ = write!(text, "\n• {}", ctx.say(id, en));
        }
    }
    text
}

/// LAPORAN: today so far against the same weekday last week, and today's top items.
pub(super) fn daily_report(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<String> {
    let Some(d) = ctx.figures else { return Ok(menu(ctx)) };
    let change = match d.last_week.net.rupiah() {
        0 => String::new(),
        before => format!(" ({:+}%)", (d.today.net.rupiah() - before) * 100 / before),
    };
    let mut text = format!(
        "{} {}\n{} {}{change}\n{} {}\n{} {} / {} {}",
        ctx.say("Laporan", "Report"),
        d.today.date,
        ctx.say("Penjualan bersih:", "Net sales:"),
        d.today.net,
        ctx.say("Transaksi:", "Transactions:"),
        d.today.transactions,
        ctx.say("Minggu lalu (hari yang sama):", "Same day last week:"),
        d.last_week.net,
        d.last_week.transactions,
        ctx.say("transaksi", "transactions"),
    );
    let today = store::summaries::day_number(d.today.date);
    let top = store::dashboard::top_products(tx, today, today, 3)?;
    if !top.is_empty() {
        let _ = write!(text, "\n{}", ctx.say("Terlaris hari ini:", "Top today:"));
        for (n, p) in top.iter().enumerate() {
            let _ = write!(text, "\n{}. {} {}", n + 1, p.name, p.revenue);
        }
    }
    Ok(text)
}

fn low_stock(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<String> {
    let items = store::assistant::low_stock_items(tx, 20)?;
    if items.is_empty() {
        return Ok(ctx.say("Tidak ada stok yang menipis.", "Nothing is running low.").into());
    }
    let mut text =
        String::from(ctx.say("Stok menipis (stok / batas pesan ulang):", "Low stock (on hand / reorder level):"));
    for (name, unit, on_hand, level) in items {
        let _ = write!(text, "\n• {name}: {} / {} {}", on_hand.decimal(), level.decimal(), unit.to_lowercase());
    }
    Ok(text)
}

/// PIUTANG: overdue receivables, their total and the largest few.
fn overdue(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<String> {
    let today = local_date(tx.now, ctx.tz);
    let mut late: Vec<_> =
        store::receivables::open(tx, None, None)?.into_iter().filter(|r| r.due_date < today).collect();
    if late.is_empty() {
        return Ok(ctx.say("Tidak ada piutang lewat tempo.", "No receivables are overdue.").into());
    }
    let total = Money::checked_sum(late.iter().map(|r| r.balance()))?;
    late.sort_by_key(|r| std::cmp::Reverse(r.balance()));
    let mut text = format!(
        "{} {total} ({} {})",
        ctx.say("Piutang lewat tempo:", "Overdue receivables:"),
        late.len(),
        ctx.say("faktur", "invoices")
    );
    for r in late.iter().take(OWNER_LIST) {
        let _ = write!(
            text,
            "\n• {} {}: {} ({} {})",
            r.customer_name,
            r.invoice,
            r.balance(),
            ctx.say("tempo", "due"),
            r.due_date
        );
    }
    Ok(text)
}
