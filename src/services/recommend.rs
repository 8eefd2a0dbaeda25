//! Recommendations as use cases: refreshing each item's bought-together partners (the
//! till reads only that table), the suggestions for a cart, and the daily refill
//! reminders with their holdout. The figures are `reports::recommend`.

use jiff::ToSpan;
use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::messages::templates::{MessageVars, To, queue};
use super::{Result, Shop, Tx};
use crate::domain::recommend::RefillFactor;
use crate::reports::DateRange;
use crate::reports::recommend::{
    DEFAULT_MIN_PAIRS, DueRefill, Earned, TillEarned, basket_counts, due_refills, refill_earned, till_earned,
};
use crate::store::recommend::{self as store_recommend, NewRefill, PartnerRow, Suggestion};

/// Partners kept per item.
pub const PARTNERS_PER_ITEM: usize = 3;

/// The history the partners are counted over, up to today.
pub const PARTNER_HISTORY_DAYS: i64 = 365;

/// Cart items whose partners are read for a suggestion: the newest few, so a scan
/// stays a handful of indexed reads however long the cart.
pub const SUGGEST_FROM_LAST: usize = 5;

/// Items named in one refill reminder, most.
pub const REFILL_ITEMS_PER_MESSAGE: usize = 3;

/// What a refresh stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefreshSummary {
    pub baskets: u64,
    /// Items with at least one partner, and partner rows in all.
    pub items: usize,
    pub partners: usize,
}

/// What recommendations earned over some days: `report recommendations` and the
/// Recommendations tab of Customers & CRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecommendationResults {
    pub range: DateRange,
    /// A purchase this many days after a reminder counts for it (`analytics.attribution_days`).
    pub attribution_days: i64,
    pub refill: Earned,
    pub till: TillEarned,
}

/// `Beras 5kg`, `Beras 5kg dan Gas 3kg`, `Beras 5kg, Telur 1kg dan Gas 3kg`.
pub fn items_phrase(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} dan {last}", rest.join(", ")),
    }
}

/// A campaign's `recommended_items` looks at what the customer bought in this many days…
pub const USUAL_ITEMS_DAYS: i64 = 365;
/// …and leaves out what they bought in this many.
pub const RECENTLY_BOUGHT_DAYS: i64 = 30;
/// Items named in `recommended_items`, most.
pub const RECOMMENDED_ITEMS: usize = 3;

/// `recommended_items` for `customer_id` (in the caller's transaction): up to three
/// partners of what they bought in the last year that they have not bought in the last
/// 30 days, as one phrase; empty when there are none.
pub(crate) fn recommended_phrase(tx: &Tx<'_>, customer_id: i64) -> Result<String> {
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    let (usual, recent) = (tx.now - USUAL_ITEMS_DAYS * DAY_MS, tx.now - RECENTLY_BOUGHT_DAYS * DAY_MS);
    let items = store_recommend::recommended_for(tx, customer_id, usual, recent, RECOMMENDED_ITEMS)?;
    let names: Vec<&str> = items.iter().map(|s| s.name.as_str()).collect();
    Ok(items_phrase(&names))
}

/// Whether refill reminders to `customer_id` are held back, with `bp` basis points of
/// chance: a draw seeded by the customer alone, so the same customers are held out
/// every day. A lasting comparison group: a customer chosen on several days is always
/// on the same side, so both sides gather their weeks after being chosen alike and
/// their revenue per customer compares fairly.
fn held_out(customer_id: i64, bp: i64) -> bool {
    let seed = (customer_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ChaCha8Rng::seed_from_u64(seed).random_range(0..10_000) < bp
}

impl Shop {
    /// `recommend.refill_factor` in hundredths.
    pub fn refill_factor(&self) -> Result<RefillFactor> {
        let text = self.setting("recommend.refill_factor")?;
        Ok(super::settings::hundredths(&text).map(RefillFactor).unwrap_or_default())
    }

    /// Recount every item's partners over the last [`PARTNER_HISTORY_DAYS`] days up to
    /// `today`: pairs seen in at least [`DEFAULT_MIN_PAIRS`] baskets that sell together
    /// more often than apart (lift above 1), the best [`PARTNERS_PER_ITEM`] by lift and
    /// pairs. Replaces the table in one transaction.
    pub fn refresh_recommendations(&mut self, today: Date) -> Result<RefreshSummary> {
        let from = today.saturating_sub((PARTNER_HISTORY_DAYS - 1).days());
        let (start, end) = DateRange { from, to: today }.bounds_ms(&self.time_zone());
        let counts = basket_counts(self.store.conn(), start, end).map_err(super::analytics::failed)?;
        let mut rows: Vec<PartnerRow> = Vec::new();
        let mut ranks: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        for p in counts.pairs(DEFAULT_MIN_PAIRS) {
            let rank = ranks.entry(p.a).or_default();
            if p.lift() <= 1000 || *rank >= PARTNERS_PER_ITEM as i64 {
                continue;
            }
            *rank += 1;
            rows.push(PartnerRow {
                item_id: p.a,
                rank: *rank,
                partner_id: p.b,
                pairs: p.pairs as i64,
                confidence: p.confidence(),
                lift: p.lift(),
            });
        }
        let day = today.to_string();
        self.write(|tx| Ok(store_recommend::replace_partners(tx, &rows, &day, tx.now)?))?;
        let items = ranks.values().filter(|n| **n > 0).count();
        Ok(RefreshSummary { baskets: counts.baskets(), items, partners: rows.len() })
    }

    /// [`Shop::refresh_recommendations`] unless the partners were counted up to `today`
    /// already (the daily triggers run at every dispatcher start); `None` when skipped.
    pub fn refresh_recommendations_daily(&mut self, today: Date) -> Result<Option<RefreshSummary>> {
        if store_recommend::partners_day(self.store.conn())?.as_deref() == Some(today.to_string().as_str()) {
            return Ok(None);
        }
        self.refresh_recommendations(today).map(Some)
    }

    /// Up to `limit` items often bought with the newest [`SUGGEST_FROM_LAST`] items of
    /// `cart` and not in it: a few indexed reads of the precomputed partners, never of
    /// sale lines.
    pub fn suggestions(&self, cart: &[i64], limit: usize) -> Result<Vec<Suggestion>> {
        let mut out: Vec<Suggestion> = Vec::new();
        for &item in cart.iter().rev().take(SUGGEST_FROM_LAST) {
            for s in store_recommend::partners_of(self.store.conn(), item)? {
                if out.len() >= limit {
                    return Ok(out);
                }
                if !cart.contains(&s.item_id) && !out.iter().any(|o| o.item_id == s.item_id) {
                    out.push(s);
                }
            }
        }
        Ok(out)
    }

    /// What the refill reminders chosen in `range` and the till suggestions added in it
    /// earned, as `report recommendations` counts them. Revenue figures: for whoever may
    /// see costs (as the Health tab).
    pub fn recommendation_results(&self, actor: &super::Actor, range: DateRange) -> Result<RecommendationResults> {
        actor.require(crate::domain::Permission::SeeCost, "see what recommendations earned")?;
        let (start, end) = range.bounds_ms(&self.time_zone());
        let attribution_days = self.messaging_costs()?.attribution_days;
        let conn = self.store.conn();
        let refill = refill_earned(conn, start, end, attribution_days).map_err(super::analytics::failed)?;
        let till = till_earned(conn, start, end).map_err(super::analytics::failed)?;
        Ok(RecommendationResults { range, attribution_days, refill, till })
    }

    /// Note that `actor` added the suggested `item_id` at the till (for the till row of
    /// `report recommendations`).
    pub fn suggestion_added(&mut self, actor: &super::Actor, item_id: i64) -> Result<()> {
        self.write(|tx| Ok(store_recommend::insert_suggestion_add(tx, actor.user_id, item_id, tx.now)?))
    }

    /// Items due for a refill on `as_of`, per customer and item.
    pub fn due_refills(&self, as_of: Date) -> Result<Vec<DueRefill>> {
        due_refills(self.store.conn(), &self.time_zone(), as_of, self.refill_factor()?)
            .map_err(super::analytics::failed)
    }

    /// How refill reminders are chosen, from the settings.
    pub(crate) fn refill_policy(&self) -> Result<RefillPolicy> {
        Ok(RefillPolicy {
            every_days: self.setting("recommend.refill_every_days")?.parse().unwrap_or(7),
            holdout_bp: super::messages::holdout_bp(&self.setting("recommend.refill_holdout_pct")?)?,
            factor: self.refill_factor()?,
            tz: self.time_zone(),
            store_name: self.store_name(),
        })
    }

    /// Queue one refill reminder to each opted-in customer with items due on `today`,
    /// unless they were chosen in the last `recommend.refill_every_days` days; a share
    /// `recommend.refill_holdout_pct` is recorded as held out and sent nothing. Returns
    /// how many messages were queued. Safe to run any number of times a day.
    pub fn queue_refills(&mut self, today: Date) -> Result<usize> {
        let policy = self.refill_policy()?;
        let chosen = self.write(|tx| choose_refills(tx, today, &policy))?;
        Ok(chosen.iter().filter(|c| c.outbox_id.is_some()).count())
    }
}

/// The settings a day's refill reminders are chosen by.
pub(crate) struct RefillPolicy {
    pub every_days: i64,
    pub holdout_bp: i64,
    pub factor: RefillFactor,
    pub tz: jiff::tz::TimeZone,
    pub store_name: String,
}

/// A customer chosen for a refill reminder (newly, this run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChosenRefill {
    pub customer_id: i64,
    /// The items named, at most [`REFILL_ITEMS_PER_MESSAGE`].
    pub items: Vec<i64>,
    /// The queued message; `None` when held out.
    pub outbox_id: Option<i64>,
}

/// [`Shop::queue_refills`] in the caller's transaction, at its `now`.
pub(crate) fn choose_refills(tx: &Tx<'_>, today: Date, policy: &RefillPolicy) -> Result<Vec<ChosenRefill>> {
    let due = due_refills(tx, &policy.tz, today, policy.factor).map_err(super::analytics::failed)?;
    let mut customers: Vec<i64> = due.iter().map(|d| d.customer_id).collect();
    customers.dedup();
    let items: Vec<i64> = due.iter().map(|d| d.item_id).collect();
    let contacts = store_recommend::customer_contacts(tx, &customers)?;
    let labels = store_recommend::item_labels(tx, &items)?;
    let day = today.to_string();
    let mut chosen = Vec::new();
    for customer_id in customers {
        let Some(contact) = contacts.get(&customer_id).filter(|c| c.reachable) else { continue };
        let Some(phone) = contact.phone.as_deref() else { continue };
        if let Some(last) = store_recommend::last_refill_day(tx, customer_id)?
            && let Ok(last) = last.parse::<Date>()
            && (today - last).get_days() < policy.every_days as i32
        {
            continue;
        }
        let mut theirs: Vec<&DueRefill> = due.iter().filter(|d| d.customer_id == customer_id).collect();
        theirs.sort_by_key(|d| (d.due.due_since, std::cmp::Reverse(d.rhythm.purchases), d.item_id));
        theirs.truncate(REFILL_ITEMS_PER_MESSAGE);
        let names: Vec<&str> = theirs.iter().filter_map(|d| labels.get(&d.item_id).map(|l| l.name.as_str())).collect();
        let ids: Vec<i64> = theirs.iter().map(|d| d.item_id).collect();
        let items_json = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
        let holdout = held_out(customer_id, policy.holdout_bp);
        let outbox_id = if holdout {
            None
        } else {
            let mut vars = MessageVars::new(&contact.name, &contact.code, &policy.store_name);
            vars.items = Some(items_phrase(&names));
            let to = To { customer_id, phone };
            queue(tx, "refill", to, &vars, &format!("refill:{customer_id}:{day}"))?
        };
        let row = NewRefill { customer_id, day: &day, at: tx.now, holdout, items_json: &items_json, outbox_id };
        if store_recommend::insert_refill(tx, &row)? {
            chosen.push(ChosenRefill { customer_id, items: ids, outbox_id });
        }
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests;
