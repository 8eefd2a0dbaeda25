//! Stock-taking and manual adjustments. A count is started for every item or one
//! category, counted by scanning (each scan adds one, a pack scan its pack) or by
//! typing a quantity, by as many people and sessions as needed; the variance view
//! shows system against counted and what the difference is worth; approving posts
//! every difference as a `count` ledger row at once. Approval carries the stamp of
//! the variance it was shown and is refused if the count or the stock moved since.

use super::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::domain::purchase::{AdjustReason, Variance};
use crate::domain::{Money, Permission, Qty};
use crate::store::items;
use crate::store::stock::{self, MoveKind, StockMove};
use crate::store::stock_counts::{self, CountRow};

/// The count in progress, as its screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountStatus {
    pub id: i64,
    /// None: every item.
    pub category: Option<String>,
    pub started_at: i64,
    pub counted_items: usize,
    pub items_in_scope: i64,
}

/// One counted item against the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarianceLine {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub variance: Variance,
    pub value: Money,
}

/// What approving would post, and the stamp approval must present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarianceView {
    pub count_id: i64,
    pub stamp: (i64, i64),
    pub lines: Vec<VarianceLine>,
    /// Sum of the differences' values (negative: stock is missing).
    pub total_value: Money,
}

/// What a scan or typed count did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub item_id: i64,
    pub name: String,
    pub counted: Qty,
}

/// What approval posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedCount {
    pub count_id: i64,
    pub adjusted: usize,
    pub value: Money,
}

fn no_count() -> ServiceError {
    Refusal::NoCountInProgress.into()
}

/// The category called `given` (any case), else the one whose name starts with it.
fn category_named(conn: &rusqlite::Connection, given: &str) -> Result<i64> {
    if let Some(id) = stock_counts::category_id(conn, given)? {
        return Ok(id);
    }
    let names: Vec<String> = items::categories(conn)?.into_iter().map(|(name, _)| name).collect();
    let lower = given.to_lowercase();
    let starting: Vec<&String> = names.iter().filter(|n| n.to_lowercase().starts_with(&lower)).collect();
    if let [only] = starting.as_slice()
        && let Some(id) = stock_counts::category_id(conn, only)?
    {
        return Ok(id);
    }
    let (candidates, several) = if starting.is_empty() {
        (names.join(", "), false)
    } else {
        (starting.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", "), true)
    };
    Err(Refusal::CategoryNotOne { given: given.to_string(), candidates, several }.into())
}

impl Shop {
    /// The count in progress, if any.
    pub fn current_count(&self) -> Result<Option<CountStatus>> {
        let conn = self.store.conn();
        let Some(count) = stock_counts::current(conn)? else { return Ok(None) };
        Ok(Some(CountStatus {
            id: count.id,
            counted_items: stock_counts::lines(conn, count.id)?.len(),
            items_in_scope: stock_counts::items_in_scope(conn, count.category_id)?,
            category: count.category,
            started_at: count.started_at,
        }))
    }

    /// Start counting every item (`category` None) or one category. Only one count
    /// can be in progress.
    /// Start a count of every active item, or of one category: named whole or by the
    /// start of its name when only one category starts so ("bumbu" for "Bumbu Dapur").
    pub fn start_count(&mut self, actor: &Actor, category: Option<&str>) -> Result<i64> {
        actor.require(Permission::AdjustStock, "start a stock count")?;
        let category = category.map(str::trim).filter(|c| !c.is_empty());
        self.write(|tx| {
            if let Some(open) = stock_counts::current(tx)? {
                return Err(Refusal::CountInProgress { count: open.id }.into());
            }
            let category_id = match category {
                Some(given) => Some(category_named(tx, given)?),
                None => None,
            };
            let id = stock_counts::start(tx, category_id, actor.user_id, tx.now)?;
            tx.audit(
                actor,
                "stock.count_start",
                "stock_count",
                id,
                None,
                Some(category.unwrap_or("all items").into()),
            )?;
            Ok(id)
        })
    }

    /// Count `qty` of an item (added to what was counted, or replacing it).
    pub fn count_item(&mut self, actor: &Actor, item_id: i64, qty: Qty, replace: bool) -> Result<Counted> {
        actor.require(Permission::Sell, "count stock")?;
        if qty < Qty::ZERO || (qty == Qty::ZERO && !replace) {
            return Err(Refusal::QuantityNotPositive.into());
        }
        self.write(|tx| {
            let count = stock_counts::current(tx)?.ok_or_else(no_count)?;
            let item = items::get(tx, item_id)?.ok_or_else(|| ServiceError::Missing(Thing::Item.key(item_id)))?;
            if !stock_counts::in_scope(tx, &count, item_id)? {
                return Err(Refusal::NotInCountedCategory {
                    item: item.data.name,
                    category: count.category.unwrap_or_default(),
                }
                .into());
            }
            let counted = stock_counts::record(tx, count.id, item_id, qty, replace)?;
            Ok(Counted { item_id, name: item.data.name, counted })
        })
    }

    /// A scanned or typed code, `qty` times (a pack barcode counts its pack).
    /// `Ok(None)`: no item has that code.
    pub fn count_code(&mut self, actor: &Actor, code: &str, qty: Qty, replace: bool) -> Result<Option<Counted>> {
        let Some((item, factor)) = self.lookup_code(code)? else { return Ok(None) };
        let qty = qty.times(factor).ok_or(Refusal::QuantityTooLarge)?;
        self.count_item(actor, item.item_id, qty, replace).map(Some)
    }
}

fn count_and_variance(conn: &rusqlite::Connection) -> Result<(CountRow, VarianceView)> {
    let count = stock_counts::current(conn)?.ok_or_else(no_count)?;
    let lines: Vec<VarianceLine> = stock_counts::lines(conn, count.id)?
        .into_iter()
        .map(|l| {
            let variance = Variance { system: l.on_hand, counted: l.counted };
            VarianceLine { item_id: l.item_id, sku: l.sku, name: l.name, value: variance.value(l.cost), variance }
        })
        .collect();
    let view = VarianceView {
        count_id: count.id,
        stamp: stock_counts::stamp(conn, &count)?,
        total_value: Money::checked_sum(lines.iter().map(|l| l.value))?,
        lines,
    };
    Ok((count, view))
}

impl Shop {
    /// System against counted for every counted item, valued at cost.
    pub fn count_variance(&self, actor: &Actor) -> Result<VarianceView> {
        actor.require(Permission::AdjustStock, "see the count variance")?;
        Ok(count_and_variance(self.store.conn())?.1)
    }

    /// Post every counted item's difference as a `count` ledger row ("stock count")
    /// and close the count, atomically. `stamp` is the one the variance view showed:
    /// if the count or the stock changed since, nothing is posted ([`Refusal::CountChangedSince`]).
    pub fn approve_count(&mut self, actor: &Actor, stamp: (i64, i64)) -> Result<ApprovedCount> {
        actor.require(Permission::AdjustStock, "approve a stock count")?;
        self.write(|tx| {
            let (count, view) = count_and_variance(tx)?;
            if view.stamp != stamp {
                return Err(Refusal::CountChangedSince.into());
            }
            let reference = format!("stock count #{}", count.id);
            let mut adjusted = 0;
            for line in &view.lines {
                let difference = line.variance.difference();
                if difference == Qty::ZERO {
                    continue;
                }
                let cost = items::cost(tx, line.item_id)?;
                stock::record(
                    tx,
                    &StockMove {
                        item_id: line.item_id,
                        kind: MoveKind::Count,
                        qty: difference,
                        unit_cost: cost,
                        user_id: actor.user_id,
                        at: tx.now,
                        reference: &reference,
                    },
                )?;
                adjusted += 1;
            }
            stock_counts::close(tx, count.id, "approved", actor.user_id, tx.now)?;
            tx.audit(
                actor,
                "stock.count_approve",
                "stock_count",
                count.id,
                None,
                Some(format!(
                    "{} items counted, {adjusted} adjusted, value {}",
                    view.lines.len(),
                    view.total_value.rupiah()
                )),
            )?;
            Ok(ApprovedCount { count_id: count.id, adjusted, value: view.total_value })
        })
    }

    /// Drop the count in progress without changing stock.
    pub fn cancel_count(&mut self, actor: &Actor) -> Result<()> {
        actor.require(Permission::AdjustStock, "cancel a stock count")?;
        self.write(|tx| {
            let count = stock_counts::current(tx)?.ok_or_else(no_count)?;
            stock_counts::close(tx, count.id, "cancelled", actor.user_id, tx.now)?;
            tx.audit(actor, "stock.count_cancel", "stock_count", count.id, None, None)?;
            Ok(())
        })
    }

    /// Change an item's stock by hand (`delta`, negative takes away) for a reason,
    /// with an audit row of the before and after.
    pub fn adjust_stock(
        &mut self,
        actor: &Actor,
        item_id: i64,
        delta: Qty,
        reason: AdjustReason,
        note: &str,
    ) -> Result<Qty> {
        actor.require(Permission::AdjustStock, "adjust stock")?;
        reason.check(delta).map_err(Refusal::Adjust)?;
        let note = note.trim();
        self.write(|tx| {
            let item = items::get(tx, item_id)?.ok_or_else(|| ServiceError::Missing(Thing::Item.key(item_id)))?;
            let reference =
                if note.is_empty() { reason.code().to_string() } else { format!("{}: {note}", reason.code()) };
            stock::record(
                tx,
                &StockMove {
                    item_id,
                    kind: MoveKind::Adjustment,
                    qty: delta,
                    unit_cost: item.data.cost,
                    user_id: actor.user_id,
                    at: tx.now,
                    reference: &reference,
                },
            )?;
            let after = item.on_hand.checked_add(delta).unwrap_or(item.on_hand);
            tx.audit(
                actor,
                "stock.adjust",
                "item",
                &item.data.sku,
                Some(format!("on hand {}", item.on_hand)),
                Some(format!("on hand {after} ({}{delta}) {reference}", if delta > Qty::ZERO { "+" } else { "" })),
            )?;
            Ok(after)
        })
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod ledger_properties;
