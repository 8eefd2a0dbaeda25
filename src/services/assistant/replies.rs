//! The assistant's answers, worked out from the shop's data in the caller's
//! transaction: each command's values, rendered with the shop's message template for
//! it, Indonesian, or English when the customer wrote an English command.

use jiff::tz::TimeZone;
use serde_json::{Map, Value, json};

use super::super::dashboard::Dashboard;
use super::super::{Actor, Result, Tx};
use super::Settings;
use super::texts::object;
use crate::clock::local_date;
use crate::domain::assistant::{AssistantText, Command, MAX_ORDER_LINES, OrderRequest, Tongue, split_size};
use crate::domain::qty::needs_reorder;
use crate::domain::search::NameIndex;
use crate::domain::{Money, Phone, PriceTier, Qty};
use crate::services::messages::MessageVars;
use crate::services::messages::templates::render_assistant;
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
    fn tier(&self) -> PriceTier {
        self.customer.map_or(PriceTier::Retail, |c| c.data.tier)
    }

    /// The shop's template for `text` in the sender's language, rendered with the
    /// values every text has and `own`: the template's key and the text.
    pub(super) fn render(&self, tx: &Tx<'_>, text: AssistantText, own: Value) -> Result<(String, String)> {
        render_text(tx, (self.tongue, &self.settings.store_name), self.customer, text, own)
    }
}

/// The shop's template for `text` in `tongue`, rendered for `customer` (if the sender
/// is one) with the values every text has and `own`: the template's key and the text.
pub(super) fn render_text(
    tx: &Tx<'_>,
    (tongue, store_name): (Tongue, &str),
    customer: Option<&CustomerRow>,
    text: AssistantText,
    own: Value,
) -> Result<(String, String)> {
    let (name, code) = customer.map_or(("", ""), |c| (c.data.name.as_str(), c.code.as_str()));
    let vars = MessageVars { assistant: object(own), ..MessageVars::new(name, code, store_name) };
    render_assistant(tx, text, tongue.code(), &vars)
}

/// The answer to `command`: the key of the template it was written with, and the text.
pub(super) fn answer(tx: &Tx<'_>, ctx: &Context<'_>, command: &Command) -> Result<(String, String)> {
    let s = ctx.settings;
    let own = match command {
        Command::Price(query) => price(tx, ctx, query)?,
        Command::Stock(query) => stock(tx, ctx, query)?,
        Command::Balance => balance(tx, ctx)?,
        Command::Order(request) => order(tx, ctx, request)?,
        Command::Confirm => confirm(tx, ctx)?,
        Command::Cancel => cancel(tx, ctx)?,
        Command::Hours => json!({ "hours": s.hours }),
        Command::Address => json!({ "address": s.store_address }),
        Command::Info => json!({ "address": s.store_address, "phone": s.store_phone, "hours": s.hours }),
        Command::Stop => json!({}),
        Command::Start => start(tx, ctx)?,
        Command::DailyReport => match ctx.figures {
            Some(figures) => Value::Object(day_figures(tx, figures)?),
            None => return ctx.render(tx, AssistantText::Menu, menu(ctx)),
        },
        Command::LowStock => low_stock(tx)?,
        Command::Overdue => overdue(tx, ctx)?,
        Command::Menu | Command::NotUnderstood => menu(ctx),
    };
    ctx.render(tx, AssistantText::answering(command), own)
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

/// The items a HARGA or STOK question names, with the values of the answer when there
/// are none: no name (the template says how to ask), or close names.
fn items_asked(tx: &Tx<'_>, query: &str) -> Result<Result<Vec<ItemRow>, Value>> {
    let none = |suggestions: Vec<String>| json!({ "query": query, "items": [], "suggestions": suggestions });
    if query.is_empty() {
        return Ok(Err(none(Vec::new())));
    }
    let mut catalog = Catalog::load(tx)?;
    let items = catalog.find(tx, query, ITEMS_PER_ANSWER)?;
    if items.is_empty() {
        return Ok(Err(none(catalog.suggestions(tx, query)?)));
    }
    Ok(Ok(items))
}

fn price(tx: &Tx<'_>, ctx: &Context<'_>, query: &str) -> Result<Value> {
    let items = match items_asked(tx, query)? {
        Ok(items) => items,
        Err(none) => return Ok(none),
    };
    let tier = ctx.tier();
    let items: Vec<Value> = items
        .iter()
        .map(|item| {
            let prices = &item.data.prices;
            let (own_tier, own) = prices.price_for(tier, Qty::ONE);
            // A wholesale customer's own price, and the cheaper steps above it.
            let wholesale = tier != PriceTier::Retail;
            let steps: Vec<Value> =
                [(prices.min_qty_wholesale1, prices.wholesale1), (prices.min_qty_wholesale2, prices.wholesale2)]
                    .into_iter()
                    .filter_map(|(min, price)| Some((min?, price?)))
                    .filter(|(_, price)| wholesale && *price < own)
                    .map(|(min, price)| json!({ "min": min.thousandths(), "price": price.rupiah() }))
                    .collect();
            json!({
                "name": item.data.name,
                "unit": item.data.unit.to_lowercase(),
                "price": prices.retail.rupiah(),
                "own_price": (own_tier != PriceTier::Retail).then(|| own.rupiah()),
                "steps": steps,
            })
        })
        .collect();
    Ok(json!({ "query": query, "items": items, "suggestions": [] }))
}

fn stock(tx: &Tx<'_>, ctx: &Context<'_>, query: &str) -> Result<Value> {
    let items = match items_asked(tx, query)? {
        Ok(items) => items,
        Err(none) => return Ok(none),
    };
    let items: Vec<Value> = items
        .iter()
        .map(|item| {
            let state = if item.on_hand <= Qty::ZERO {
                "out"
            } else if needs_reorder(item.on_hand, item.data.reorder_level) {
                "low"
            } else {
                "in"
            };
            // Exact quantities only when the owner chose to tell them.
            let qty = (ctx.settings.show_stock_qty && item.on_hand > Qty::ZERO).then(|| item.on_hand.thousandths());
            json!({ "name": item.data.name, "unit": item.data.unit.to_lowercase(), "state": state, "qty": qty })
        })
        .collect();
    Ok(json!({ "query": query, "items": items, "suggestions": [] }))
}

/// Only the sender's own debts, and only when their number is a customer's.
fn balance(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<Value> {
    let Some(customer) = ctx.customer else {
        return Ok(json!({ "registered": false, "bills": [], "total": 0 }));
    };
    let open = store::receivables::open(tx, Some(customer.id), None)?;
    let total = Money::checked_sum(open.iter().map(|r| r.balance()))?;
    let bills: Vec<Value> = open
        .iter()
        .map(|r| json!({ "invoice": r.invoice, "balance": r.balance().rupiah(), "due_date": r.due_date.to_string() }))
        .collect();
    Ok(json!({ "registered": true, "bills": bills, "total": total.rupiah() }))
}

fn order(tx: &Tx<'_>, ctx: &Context<'_>, request: &OrderRequest) -> Result<Value> {
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
    let mut values = json!({
        "order_id": null,
        "lines": [],
        "total": 0,
        "missing": missing,
        "cut": request.cut,
        "max_lines": MAX_ORDER_LINES,
    });
    if lines.is_empty() {
        return Ok(values);
    }
    // What could not be read or was cut, kept with the order for the cashier.
    let mut note = Vec::new();
    if !missing.is_empty() {
        note.push(format!("{} {}", ctx.tongue.say("Tidak ditemukan:", "Not found:"), missing.join(", ")));
    }
    if request.cut > 0 {
        note.push(format!(
            "{} {MAX_ORDER_LINES} {}",
            ctx.tongue.say("Hanya", "Only"),
            ctx.tongue.say(
                &format!("baris pertama yang dibaca; {} baris lainnya kirim di pesan terpisah.", request.cut),
                &format!("first lines were read; send the other {} in another message.", request.cut)
            )
        ));
    }
    let note = note.join("\n");
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
    let mut total = Money::ZERO;
    let shown: Vec<Value> = lines
        .iter()
        .map(|(item, _, qty, _, price)| {
            let line_total = price.times_qty(*qty).unwrap_or(Money::ZERO);
            total = total.checked_add(line_total).unwrap_or(total);
            json!({
                "qty": qty.thousandths(),
                "unit": item.data.unit.to_lowercase(),
                "name": item.data.name,
                "price": price.rupiah(),
                "total": line_total.rupiah(),
            })
        })
        .collect();
    values["order_id"] = json!(id);
    values["lines"] = json!(shown);
    values["total"] = json!(total.rupiah());
    Ok(values)
}

fn confirm(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<Value> {
    let since = tx.now - ORDER_OPEN_MS;
    let confirmed = match store::orders::latest_of(tx, ctx.phone.as_str(), &["new"], since)? {
        Some((id, _)) if store::orders::set_status(tx, id, "new", "confirmed", tx.now)? => Some(id),
        _ => None,
    };
    Ok(json!({ "order_id": confirmed }))
}

fn cancel(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<Value> {
    let since = tx.now - ORDER_OPEN_MS;
    let mut cancelled = None;
    if let Some((id, status)) = store::orders::latest_of(tx, ctx.phone.as_str(), &["new", "confirmed"], since)?
        && store::orders::set_status(tx, id, &status, "cancelled", tx.now)?
    {
        cancelled = Some(id);
    }
    Ok(json!({ "order_id": cancelled }))
}

/// MULAI: the sender's customer records take WhatsApp messages again (audited).
fn start(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<Value> {
    let messaging = Actor { user_id: None, username: "messaging".into(), role: crate::domain::Role::Owner };
    for customer in store::assistant::opt_in_by_phone(tx, ctx.phone.as_str(), tx.now)? {
        tx.audit(&messaging, "customer.opt_in", "customer", customer, None, Some("MULAI".into()))?;
    }
    Ok(json!({}))
}

/// The commands the menu lists: those switched on (the owner's only to staff).
fn menu(ctx: &Context<'_>) -> Value {
    let s = ctx.settings;
    json!({
        "price_on": s.price,
        "stock_on": s.stock,
        "balance_on": s.balance,
        "order_on": s.order,
        "info_on": s.info,
        "owner_on": ctx.staff && s.owner,
    })
}

/// Today so far against the same weekday last week, and today's top items: LAPORAN,
/// and the head of the daily digest.
pub(super) fn day_figures(tx: &Tx<'_>, d: &Dashboard) -> Result<Map<String, Value>> {
    let change_pct = match d.last_week.net.rupiah() {
        0 => None,
        before => Some((d.today.net.rupiah() - before) * 100 / before),
    };
    let today = store::summaries::day_number(d.today.date);
    let top: Vec<Value> = store::dashboard::top_products(tx, today, today, 3)?
        .iter()
        .map(|p| json!({ "name": p.name, "revenue": p.revenue.rupiah() }))
        .collect();
    Ok(object(json!({
        "date": d.today.date.to_string(),
        "net": d.today.net.rupiah(),
        "transactions": d.today.transactions,
        "change_pct": change_pct,
        "last_week_net": d.last_week.net.rupiah(),
        "last_week_transactions": d.last_week.transactions,
        "top": top,
    })))
}

fn low_stock(tx: &Tx<'_>) -> Result<Value> {
    let items: Vec<Value> = store::assistant::low_stock_items(tx, 20)?
        .into_iter()
        .map(|(name, unit, on_hand, level)| {
            json!({
                "name": name,
                "unit": unit.to_lowercase(),
                "on_hand": on_hand.thousandths(),
                "level": level.thousandths(),
            })
        })
        .collect();
    Ok(json!({ "items": items }))
}

/// PIUTANG: overdue receivables, their total and the largest few.
fn overdue(tx: &Tx<'_>, ctx: &Context<'_>) -> Result<Value> {
    let today = local_date(tx.now, ctx.tz);
    let mut late: Vec<_> =
        store::receivables::open(tx, None, None)?.into_iter().filter(|r| r.due_date < today).collect();
    let total = Money::checked_sum(late.iter().map(|r| r.balance()))?;
    late.sort_by_key(|r| std::cmp::Reverse(r.balance()));
    let largest: Vec<Value> = late
        .iter()
        .take(OWNER_LIST)
        .map(|r| {
            json!({
                "customer_name": r.customer_name,
                "invoice": r.invoice,
                "balance": r.balance().rupiah(),
                "due_date": r.due_date.to_string(),
            })
        })
        .collect();
    Ok(json!({ "total": total.rupiah(), "count": late.len(), "largest": largest }))
}
