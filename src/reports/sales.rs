//! Sales reports, all figures of the one sales ledger (see [`super::ledger`] for
//! what each figure means): sales-lines writes the ledger's lines as they come; the
//! rest read the summaries kept of them (`store::summaries`: per day, per day and
//! item, user or customer), so they read days, not lines.

use std::collections::HashMap;

use super::ledger::{Ledger, LineFigures, Totals};
use super::period::periods;
use super::value::{LocalTime, Value};
use super::{CONTINUE, Context, DEFAULT_LIMIT, Emit, Flow, RankBy, ReportError, ReportProblem, Result};
use crate::domain::{Money, Qty};
use crate::store::reports::{self as queries, LedgerLine};
use crate::store::summaries::{self, ItemSums, Sums, day_date, day_number};
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

/// The range's first and last day as summary day numbers.
fn day_span(ctx: &Context<'_>) -> (i64, i64) {
    (day_number(ctx.range.from), day_number(ctx.range.to))
}

/// One row per period of the range, empty periods included, from the per-day summary.
pub fn summary(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let group_by = ctx.options.group_by.unwrap_or_default();
    let (first, last) = day_span(ctx);
    let mut days = summaries::days(ctx.conn, first, last)?.into_iter().peekable();
    for period in periods(ctx.range, group_by) {
        let end = day_number(period.end);
        let mut totals = Totals::default();
        while let Some((_, day)) = days.next_if(|(day, _)| *day <= end) {
            totals.merge(&Totals::from(&day));
        }
        let row = [
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
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// Per-user totals over the range, then one row per user (by user name) who is
/// active or did something; sales with no user (imported) come last.
pub fn cashiers(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let (first, last) = day_span(ctx);
    let mut by_user: HashMap<Option<i64>, Totals> = HashMap::new();
    let mut voids: HashMap<Option<i64>, (i64, Money)> = HashMap::new();
    for (user, sums) in summaries::users_between(ctx.conn, first, last)? {
        let user = (user != 0).then_some(user);
        by_user.insert(user, Totals::from(&sums));
        voids.insert(user, (sums.voids, Money::new(sums.voided)));
    }
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
    let (first, last) = day_span(ctx);
    let spend = summaries::customers_between(ctx.conn, first, last)?;
    let mut owed: HashMap<i64, Money> = HashMap::new();
    for open in receivables::open(ctx.conn, None, Some(ctx.end))? {
        let total = owed.entry(open.customer_id).or_default();
        *total = super::ledger::add(*total, open.balance());
    }
    let points = crate::store::points::balances_at(ctx.conn, ctx.end)?;
    let date = |day: Option<i64>| day.map_or(Value::Null, |day| Value::Date(day_date(day)));
    queries::customers(ctx.conn, last, |c| {
        let totals = spend.get(&c.id).copied().unwrap_or_default();
        let receivable = owed.get(&c.id).copied().unwrap_or_default();
        if !c.active && totals.is_zero() && receivable == Money::ZERO {
            return Ok(CONTINUE);
        }
        emit(&[
            Value::text(c.code),
            Value::text(c.name),
            Value::opt_text(c.phone),
            date(c.first_purchase),
            date(c.last_purchase),
            Value::Int(totals.transactions),
            Value::Money(Money::new(totals.net)),
            Value::Money(receivable),
            Value::Int(points.get(&c.id).copied().unwrap_or(0)),
        ])
    })
}

/// Items sold or returned in the range ranked by net quantity or net revenue (ties:
/// the other figure, then SKU), optionally of one category; the first `--limit`
/// (default 20). Revenue is the lines' net, so all items' revenue adds up to the
/// sales-summary net. Orders are the sales that had the item.
pub fn best_sellers(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let category = ctx.options.category.as_deref().map(str::trim);
    if let Some(name) = category
        && !queries::category_exists(ctx.conn, name)?
    {
        return Err(ReportError::Invalid(ReportProblem::NoCategory { name: name.to_string() }));
    }
    let (first, last) = day_span(ctx);
    let by = ctx.options.by.unwrap_or_default();
    let key = |i: &ItemSums| match by {
        RankBy::Qty => (i.qty, i.net),
        RankBy::Revenue => (i.net, i.qty),
    };
    let mut ranked = summaries::items_between(ctx.conn, first, last, category)?;
    ranked.sort_unstable_by_key(|(_, item)| std::cmp::Reverse(key(item)));
    // Only those that can make the list need their SKU (the tie-break) and names.
    let limit = ctx.options.limit.unwrap_or(DEFAULT_LIMIT);
    if let Some(cut) = ranked.get(limit.saturating_sub(1)).map(|(_, item)| key(item)) {
        ranked.retain(|(_, item)| key(item) >= cut);
    }
    let mut named = Vec::with_capacity(ranked.len());
    for (item_id, sums) in ranked {
        named.push((queries::item_label(ctx.conn, item_id)?, sums));
    }
    named.sort_by(|(a, x), (b, y)| key(y).cmp(&key(x)).then_with(|| a.sku.cmp(&b.sku)));
    for (rank, (item, sums)) in named.iter().take(limit).enumerate() {
        let row = [
            Value::Int(rank as i64 + 1),
            Value::text(&item.sku),
            Value::text(&item.name),
            Value::opt_text(item.category.as_deref()),
            Value::Qty(Qty::from_thousandths(sums.qty)),
            Value::Money(Money::new(sums.net)),
            Value::Int(sums.orders),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}
