//! Sales reports, all read from the one sales ledger (see [`super::ledger`] for
//! what each figure means): sales-lines writes its lines as they come;
//! sales-summary folds them into periods (the ledger is in time order); the rest
//! fold them per user, customer or item — memory grows with those, never with lines.

use std::collections::HashMap;

use super::ledger::{Ledger, LineFigures, Totals};
use super::period::periods;
use super::value::{LocalTime, Value};
use super::{CONTINUE, Context, DEFAULT_LIMIT, Emit, Flow, RankBy, ReportError, Result};
use crate::clock::local_date;
use crate::domain::{Money, Qty};
use crate::store::reports::{self as queries, DocKind, LedgerLine};
use crate::store::{receivables, users};

/// Feed every ledger line of the range, with its figures, to `each`.
fn each_line(ctx: &Context<'_>, mut each: impl FnMut(&LedgerLine<'_>, &LineFigures) -> Result<Flow>) -> Result<()> {
    let mut ledger = Ledger::default();
    queries::ledger_lines(ctx.conn, ctx.start, ctx.end, |line| {
        let figures = ledger.figures(line);
        each(line, &figures)
    })
}

pub fn lines(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    each_line(ctx, |line, f| {
        emit(&[
            Value::text(line.number),
            Value::DateTime(LocalTime::of_ms(line.at, &ctx.tz)),
            Value::opt_text(line.cashier),
            Value::opt_text(line.customer_code),
            Value::opt_text(line.customer_name),
            Value::text(line.sku),
            Value::text(line.item),
            Value::Qty(f.qty),
            Value::Money(line.unit_price),
            Value::text(line.tier),
            Value::Money(f.line_discount),
            Value::Money(f.value),
            Value::Money(f.cost),
            Value::text(line.kind.code()),
            Value::opt_text(line.category),
            Value::Money(f.sale_discount),
            Value::Money(f.net),
        ])
    })
}

/// One row per period of the range, empty periods included.
pub fn summary(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let group_by = ctx.options.group_by.unwrap_or_default();
    let mut periods = periods(ctx.range, group_by).peekable();
    let mut totals = Totals::default();
    let mut stopped = false;
    let mut emit_period = |totals: &Totals, period: super::period::Period| {
        emit(&[
            Value::owned(period.label),
            Value::Int(totals.transactions),
            Value::Qty(totals.items),
            Value::Money(totals.gross),
            Value::Money(totals.discount),
            Value::Money(totals.net),
            Value::Money(totals.cost),
            Value::Money(totals.profit()),
            Value::Money(totals.avg_basket()),
            Value::Date(period.start),
            Value::Date(period.end),
            Value::Int(totals.returns),
            Value::Money(totals.returns_net),
            Value::Money(totals.tax),
        ])
    };
    each_line(ctx, |line, f| {
        let date = local_date(line.at, &ctx.tz);
        while let Some(period) = periods.next_if(|p| p.end < date) {
            if emit_period(&std::mem::take(&mut totals), period)?.is_break() {
                stopped = true;
                return Ok(Flow::Break(()));
            }
        }
        totals.add(line.kind, f);
        Ok(CONTINUE)
    })?;
    if !stopped {
        for period in periods {
            if emit_period(&std::mem::take(&mut totals), period)?.is_break() {
                break;
            }
        }
    }
    Ok(())
}

/// Per-user totals over the range, then one row per user (by user name) who is
/// active or did something; sales with no user (imported) come last.
pub fn cashiers(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let mut by_user: HashMap<Option<i64>, Totals> = HashMap::new();
    each_line(ctx, |line, f| {
        by_user.entry(line.user_id).or_default().add(line.kind, f);
        Ok(CONTINUE)
    })?;
    let voids: HashMap<Option<i64>, (i64, Money)> = queries::voids_by_user(ctx.conn, ctx.start, ctx.end)?
        .into_iter()
        .map(|(u, n, total)| (u, (n, total)))
        .collect();
    let shifts: HashMap<Option<i64>, (i64, Money)> = queries::shift_differences(ctx.conn, ctx.start, ctx.end)?
        .into_iter()
        .map(|(u, n, diff)| (Some(u), (n, diff)))
        .collect();
    let mut people: Vec<(Option<i64>, String, String, bool)> =
        users::list(ctx.conn)?.into_iter().map(|u| (Some(u.id), u.username, u.full_name, u.active)).collect();
    people.push((None, String::new(), "(no user)".to_string(), false));
    for (id, username, name, active) in people {
        let totals = by_user.get(&id).copied().unwrap_or_default();
        let (voids, voided) = voids.get(&id).copied().unwrap_or_default();
        let (shift_count, difference) = shifts.get(&id).copied().unwrap_or_default();
        let did_something = totals != Totals::default() || voids > 0 || shift_count > 0;
        if !active && !did_something {
            continue;
        }
        let row = [
            Value::owned(username),
            Value::owned(name),
            Value::Int(totals.transactions),
            Value::Money(totals.net),
            Value::Qty(totals.items),
            Value::Int(voids),
            Value::Money(totals.sales_discount),
            Value::Money(totals.avg_basket()),
            Value::Int(shift_count),
            Value::Money(difference),
            Value::Int(totals.returns),
            Value::Money(totals.returns_net),
            Value::Money(voided),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// Every customer by code who is active, bought in the range or owes something.
/// Orders and net spend are over the range; first and last purchase and what they
/// owe are as of the end of the range.
pub fn customers(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let mut spend: HashMap<i64, Totals> = HashMap::new();
    each_line(ctx, |line, f| {
        if let Some(customer) = line.customer_id {
            spend.entry(customer).or_default().add(line.kind, f);
        }
        Ok(CONTINUE)
    })?;
    let mut owed: HashMap<i64, Money> = HashMap::new();
    for open in receivables::open(ctx.conn, None, Some(ctx.end))? {
        let total = owed.entry(open.customer_id).or_default();
        *total = super::ledger::add(*total, open.balance());
    }
    let points = crate::store::points::balances_at(ctx.conn, ctx.end)?;
    let date = |ms: Option<i64>| ms.map_or(Value::Null, |ms| Value::Date(local_date(ms, &ctx.tz)));
    queries::customers(ctx.conn, ctx.end, |c| {
        let totals = spend.get(&c.id).copied().unwrap_or_default();
        let receivable = owed.get(&c.id).copied().unwrap_or_default();
        if !c.active && totals == Totals::default() && receivable == Money::ZERO {
            return Ok(CONTINUE);
        }
        emit(&[
            Value::text(c.code),
            Value::text(c.name),
            Value::opt_text(c.phone),
            date(c.first_purchase),
            date(c.last_purchase),
            Value::Int(totals.transactions),
            Value::Money(totals.net),
            Value::Money(receivable),
            Value::Int(points.get(&c.id).copied().unwrap_or(0)),
        ])
    })
}

#[derive(Debug, Default)]
struct ItemSales {
    sku: String,
    name: String,
    category: Option<String>,
    qty: Qty,
    revenue: Money,
    /// Sales that had it.
    orders: i64,
    last_sale: Option<i64>,
}

/// Items sold or returned in the range ranked by net quantity or net revenue (ties:
/// the other figure, then SKU), optionally of one category; the first `--limit`
/// (default 20). Revenue is the lines' net, so all items' revenue adds up to the
/// sales-summary net.
pub fn best_sellers(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let category = ctx.options.category.as_deref().map(str::trim);
    if let Some(name) = category
        && !queries::category_exists(ctx.conn, name)?
    {
        return Err(ReportError::Invalid(format!("no category is called '{name}'")));
    }
    let mut items: HashMap<i64, ItemSales> = HashMap::new();
    each_line(ctx, |line, f| {
        if category.is_some_and(|wanted| !line.category.is_some_and(|c| c.eq_ignore_ascii_case(wanted))) {
            return Ok(CONTINUE);
        }
        let item = items.entry(line.item_id).or_insert_with(|| ItemSales {
            sku: line.sku.to_string(),
            name: line.item.to_string(),
            category: line.category.map(str::to_string),
            ..Default::default()
        });
        item.qty = item.qty.checked_add(f.qty).unwrap_or(item.qty);
        item.revenue = super::ledger::add(item.revenue, f.net);
        if line.kind == DocKind::Sale && item.last_sale != Some(line.doc_id) {
            item.orders += 1;
            item.last_sale = Some(line.doc_id);
        }
        Ok(CONTINUE)
    })?;
    let mut ranked: Vec<ItemSales> = items.into_values().collect();
    let by = ctx.options.by.unwrap_or_default();
    ranked.sort_by(|a, b| {
        let key = |i: &ItemSales| match by {
            RankBy::Qty => (i.qty.thousandths(), i.revenue.rupiah()),
            RankBy::Revenue => (i.revenue.rupiah(), i.qty.thousandths()),
        };
        key(b).cmp(&key(a)).then_with(|| a.sku.cmp(&b.sku))
    });
    let limit = ctx.options.limit.unwrap_or(DEFAULT_LIMIT);
    for (rank, item) in ranked.iter().take(limit).enumerate() {
        let row = [
            Value::Int(rank as i64 + 1),
            Value::text(&item.sku),
            Value::text(&item.name),
            Value::opt_text(item.category.as_deref()),
            Value::Qty(item.qty),
            Value::Money(item.revenue),
            Value::Int(item.orders),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}
