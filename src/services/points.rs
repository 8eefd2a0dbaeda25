//! Member points through a sale's life: expired first, redeemed as a payment,
//! earned on the rest, taken back by voids and returns (which give back the points
//! that paid). Every change is a row of the points ledger (`store::points`),
//! written in the sale's own transaction.

use jiff::ToSpan;

use super::{Actor, Refusal, Result, Shop, Tx};
use crate::clock::timestamp;
use crate::domain::points::PointsRules;
use crate::domain::refund::{self, PointsPaid, RefundSplit};
use crate::domain::{Money, PriceTier};
use crate::store::points::{self, PointMove, SaleMove};
use crate::store::returns::SaleToReverse;

impl Shop {
    /// The owner's points rules (settings `points.*`).
    pub fn points_rules(&self) -> Result<PointsRules> {
        let number = |key: &str| -> Result<i64> {
            self.setting(key)?.parse().map_err(|_| Refusal::NotANumber { key: key.to_string() }.into())
        };
        let tiers =
            self.setting("points.tiers")?.split(',').filter_map(|t| t.trim().parse::<PriceTier>().ok()).collect();
        Ok(PointsRules {
            enabled: self.setting("points.enabled")? == "yes",
            rupiah_per_point: number("points.rupiah_per_point")?,
            point_value: Money::new(number("points.value")?),
            min_redeem: number("points.min_redeem")?,
            expiry_months: number("points.expiry_months")?,
            tiers,
            earn_when_redeeming: self.setting("points.earn_when_redeeming")? == "yes",
        })
    }

    /// A member's points as they stand now (expired points left out).
    pub fn member_points(&self, customer_id: i64) -> Result<i64> {
        let conn = self.store.conn();
        let balance = points::balance(conn, customer_id)?;
        if balance <= 0 {
            return Ok(balance);
        }
        Ok(balance.min(points::unexpired(conn, customer_id, self.now_ms())?.max(0)))
    }
}

/// When points given at `now` expire, or never.
fn expiry(rules: &PointsRules, now: i64, tz: &jiff::tz::TimeZone) -> Option<i64> {
    (rules.expiry_months > 0).then(|| {
        let zoned = timestamp(now).to_zoned(tz.clone());
        zoned.checked_add(rules.expiry_months.months()).map_or(i64::MAX, |z| z.timestamp().as_millisecond())
    })
}

/// A ledger row for `sale_id`, written now by `actor`.
fn sale_move<'a>(
    tx: &Tx<'_>,
    actor: &Actor,
    customer_id: i64,
    sale_id: i64,
    kind: &'a str,
    points: i64,
    expires_at: Option<i64>,
) -> PointMove<'a> {
    PointMove { customer_id, kind, points, sale_id: Some(sale_id), at: tx.now, user_id: actor.user_id, expires_at }
}

/// Expire what is past its months: the balance above the points still valid.
pub(crate) fn expire_due(tx: &Tx<'_>, customer_id: i64, actor: &Actor) -> Result<()> {
    let balance = points::balance(tx, customer_id)?;
    let valid = points::unexpired(tx, customer_id, tx.now)?.max(0);
    if balance > valid {
        let row = PointMove {
            customer_id,
            kind: "expire",
            points: valid - balance,
            sale_id: None,
            at: tx.now,
            user_id: actor.user_id,
            expires_at: None,
        };
        points::record(tx, &row)?;
    }
    Ok(())
}

/// What a sale does to its member's points: points paid `redeem` of it (never
/// more than the balance, checked here after expiry), and it earns by the rules.
/// Returns (redeemed, earned).
#[allow(clippy::too_many_arguments)]
pub(crate) fn sale_points(
    tx: &Tx<'_>,
    rules: &PointsRules,
    tz: &jiff::tz::TimeZone,
    actor: &Actor,
    customer_id: i64,
    sale_id: i64,
    tier: PriceTier,
    total: Money,
    redeem: Money,
) -> Result<(i64, i64)> {
    expire_due(tx, customer_id, actor)?;
    let row = |kind, points, expires_at| sale_move(tx, actor, customer_id, sale_id, kind, points, expires_at);
    let mut redeemed = 0;
    if redeem > Money::ZERO {
        if !rules.enabled {
            return Err(Refusal::PointsOff.into());
        }
        redeemed = rules.points_for(redeem, points::balance(tx, customer_id)?).map_err(Refusal::Redeem)?;
        points::record(tx, &row("redeem", -redeemed, None))?;
    }
    let earned = rules.earned(tier, total, redeemed);
    points::record(tx, &row("earn", earned, expiry(rules, tx.now, tz)))?;
    Ok((redeemed, earned))
}

/// The sum of a sale's ledger rows of these kinds.
fn net(moves: &[SaleMove], kinds: &[&str]) -> i64 {
    moves.iter().filter(|m| kinds.contains(&m.kind.as_str())).map(|m| m.points).sum()
}

/// A void gives back what the sale redeemed and takes back all it earned.
pub(crate) fn void_points(
    tx: &Tx<'_>,
    rules: &PointsRules,
    tz: &jiff::tz::TimeZone,
    actor: &Actor,
    sale_id: i64,
) -> Result<()> {
    let moves = points::of_sale(tx, sale_id)?;
    let Some(customer_id) = moves.first().map(|m| m.customer_id) else { return Ok(()) };
    let expires_at = moves.iter().find(|m| m.kind == "earn").and_then(|m| m.expires_at);
    let row = |kind, points, expires_at| sale_move(tx, actor, customer_id, sale_id, kind, points, expires_at);
    points::record(tx, &row("unearn", -net(&moves, &["earn", "unearn"]), expires_at))?;
    points::record(tx, &row("refund", -net(&moves, &["redeem", "refund"]), expiry(rules, tx.now, tz)))?;
    Ok(())
}

/// A return refunding `refund` of `sale`: it takes back its share of the points
/// the sale earned (rounded up and cumulative, so the whole sale returned takes
/// back all of them) and gives back its share of the points the sale was paid
/// with ([`refund::split`]), which it returns with the money part.
pub(crate) fn return_points(
    tx: &Tx<'_>,
    rules: &PointsRules,
    tz: &jiff::tz::TimeZone,
    actor: &Actor,
    sale: &SaleToReverse,
    refund: Money,
) -> Result<RefundSplit> {
    let moves = points::of_sale(tx, sale.id)?;
    let paid = PointsPaid {
        amount: sale.paid_points,
        redeemed: -net(&moves, &["redeem"]),
        given_back: net(&moves, &["refund"]),
    };
    let split = refund::split(sale.total, paid, sale.refunded, refund);
    let Some(customer_id) = moves.first().map(|m| m.customer_id) else { return Ok(split) };
    let earned = net(&moves, &["earn"]);
    let refunded_after = sale.refunded.checked_add(refund).unwrap_or(sale.total).rupiah() as i128;
    let total = sale.total.rupiah().max(1) as i128;
    let due = ((earned as i128 * refunded_after + total - 1) / total).min(earned as i128) as i64;
    let take_back = due.saturating_add(net(&moves, &["unearn"])).max(0);
    let expires_at = moves.iter().find(|m| m.kind == "earn").and_then(|m| m.expires_at);
    let row = |kind, points, expires_at| sale_move(tx, actor, customer_id, sale.id, kind, points, expires_at);
    points::record(tx, &row("unearn", -take_back, expires_at))?;
    points::record(tx, &row("refund", split.points, expiry(rules, tx.now, tz)))?;
    Ok(split)
}
