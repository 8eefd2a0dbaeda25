//! A simulated trading history: sales through the day with a realistic hourly and
//! weekly rhythm, customers who come back (or stop coming), credit and its repayment,
//! and the stock ledger that follows every line. Each sale is written by the one
//! sale writer a real checkout uses, inside the caller's transaction.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use super::catalog::ItemSpec;
use super::habits::{Habits, Visit};
use super::people::Habit;
use crate::domain::invoice_number::InvoiceFormat;
use crate::domain::{Money, PaymentMethod, PriceList, PriceTier, Qty};
use crate::services::checkout::Tender;
use crate::services::sale_writer::{SaleRecord, write_sale};
use crate::services::{Refusal, Result, Tx};
use crate::store::recommend as store_recommend;
use crate::store::sales::{self, NewSale, NewSaleLine, SaleSource};
use crate::store::stock::{self, MoveKind, StockMove};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const HOUR_MS: i64 = 60 * 60 * 1000;
/// The shop is open 06:00–21:00; sales per hour follow this curve: a breakfast
/// rush, a quiet early afternoon, and the busiest hours after work.
const OPENING_HOUR: i8 = 6;
const HOUR_CURVE: [f64; 15] = [2.0, 5.0, 6.0, 5.0, 4.0, 4.0, 5.0, 4.0, 3.0, 4.0, 6.0, 8.0, 8.0, 7.0, 4.0];
/// The morning cashier hands over to the evening one at this hour.
const SHIFT_CHANGE_HOUR: usize = 14;
/// A suggested item is added this long before its sale is paid.
const HINT_BEFORE_MS: i64 = 20_000;
/// Average quantity of a line, used to size stock levels.
const MEAN_LINE_QTY: f64 = 1.6;
/// Stock is ordered up to this many weeks of sales.
const PAR_WEEKS: i64 = 4;
/// Days from ordering stock to its delivery.
const LEAD_DAYS: std::ops::RangeInclusive<u32> = 1..=2;

/// How much trading to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct HistorySpec {
    /// Full days of history before today; today is traded up to the clock's moment.
    pub days: u32,
    pub volume: Volume,
    /// Lines per sale: about this many on average, never more than `max_lines`.
    pub mean_lines: f64,
    pub max_lines: u32,
    /// Share of sales made to a known customer.
    pub customer_share: f64,
    /// Days until a credit sale falls due.
    pub credit_days: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Volume {
    /// About `typical` sales on an ordinary day (weekends and paydays are busier),
    /// kept within `min..=max` (scaled down for the part of today that has passed).
    Daily { typical: f64, min: u32, max: u32 },
    /// Exactly this many sales and lines over the whole history.
    Exact { sales: u64, lines: u64 },
}

impl HistorySpec {
    fn expected_daily_lines(&self) -> f64 {
        match self.volume {
            Volume::Daily { typical, .. } => typical * self.mean_lines,
            Volume::Exact { lines, .. } => lines as f64 / f64::from(self.days + 1),
        }
    }

    /// Reorder levels cover about a week of expected sales; when stock drops below,
    /// the shop orders enough for `PAR_WEEKS` weeks.
    pub fn reorder_level(&self, spec: &ItemSpec, popularity_total: f64) -> Qty {
        let weekly = 7.0 * self.expected_daily_lines() * spec.popularity / popularity_total * MEAN_LINE_QTY;
        Qty::from_units((weekly.ceil() as i64).max(2))
    }
}

/// The shop's clock and calendar for the simulation.
#[derive(Debug, Clone)]
pub struct ShopTime {
    pub tz: TimeZone,
    pub now: i64,
    pub today: Date,
}

impl ShopTime {
    pub fn new(tz: TimeZone, now: i64) -> ShopTime {
        let today = crate::clock::local_date(now, &tz);
        ShopTime { tz, now, today }
    }

    pub fn instant(&self, date: Date, hour: i8, minute: i8) -> Result<i64> {
        date.at(hour, minute, 0, 0)
            .to_zoned(self.tz.clone())
            .map(|z| z.timestamp().as_millisecond())
            .map_err(|e| Refusal::DemoTime { when: format!("{date} {hour}:{minute}"), detail: e.to_string() }.into())
    }

    pub fn days_before_today(&self, days: u32) -> Date {
        self.today.saturating_sub(jiff::Span::new().days(i64::from(days)))
    }
}

/// A stored item as the simulation sells and restocks it.
#[derive(Debug, Clone)]
pub struct StockedItem {
    pub id: i64,
    pub cost: Money,
    pub prices: PriceList,
    pub weighed: bool,
    pub popularity: f64,
    pub reorder: Qty,
    /// The shop buys in multiples of this (a carton, a 5 kg sack).
    pub lot: Qty,
}

impl StockedItem {
    pub fn new(id: i64, spec: &ItemSpec) -> StockedItem {
        let lot = match (spec.weighed, spec.carton) {
            (true, _) => Qty::from_units(5),
            (false, Some(n)) => Qty::from_units(n),
            (false, None) => Qty::ONE,
        };
        StockedItem {
            id,
            cost: spec.data.cost,
            prices: spec.data.prices,
            weighed: spec.weighed,
            popularity: spec.popularity,
            reorder: spec.data.reorder_level,
            lot,
        }
    }

    fn par(&self) -> Qty {
        Qty::from_thousandths(self.reorder.thousandths() * PAR_WEEKS)
    }
}

/// A stored customer and how they shop.
#[derive(Debug, Clone)]
pub struct Shopper {
    pub id: i64,
    pub tier: PriceTier,
    pub credit_limit: Money,
    pub habit: Habit,
    /// Credit taken (+) and repaid (−), by instant.
    credit: Vec<(i64, i64)>,
}

impl Shopper {
    pub fn new(id: i64, tier: PriceTier, credit_limit: Money, habit: Habit) -> Shopper {
        Shopper { id, tier, credit_limit, habit, credit: Vec::new() }
    }

    fn owes_at(&self, at: i64) -> i64 {
        self.credit.iter().filter(|(when, _)| *when <= at).map(|(_, amount)| amount).sum()
    }
}

/// Who rings up sales and who receives stock.
#[derive(Debug, Clone, Copy)]
pub struct Staff {
    pub morning: i64,
    pub evening: i64,
    /// Buys stock, takes debt repayments, and fills in at the till now and then.
    pub back_office: i64,
}

/// One opening hour (`index` 0 is 06:00) as instants `from..to`.
#[derive(Debug, Clone, Copy)]
struct OpenHour {
    index: usize,
    from: i64,
    to: i64,
}

#[derive(Debug, Clone, Copy)]
struct DayPlan {
    /// 0 is the first day of history; `days` is today.
    index: u32,
    date: Date,
    sales: u32,
}

/// A sale decided but not yet written.
struct Draft {
    at: i64,
    cashier: i64,
    shopper: Option<usize>,
    tier: PriceTier,
    lines: Vec<(usize, NewSaleLine)>,
    subtotal: Money,
    discount: Money,
    total: Money,
    settlement: Settlement,
    /// Items the cashier added from the till's hint (item indexes).
    hinted: Vec<usize>,
}

/// How a sale was settled.
enum Settlement {
    Paid { method: PaymentMethod, reference: String, change_due: Money },
    Credit,
}

pub struct History {
    spec: HistorySpec,
    time: ShopTime,
    invoice: InvoiceFormat,
    rng: ChaCha8Rng,
    items: Vec<StockedItem>,
    on_hand: Vec<Qty>,
    /// Items on order, by the day index they arrive.
    deliveries: BTreeMap<u32, Vec<usize>>,
    on_order: Vec<bool>,
    item_picker: WeightedIndex<f64>,
    shoppers: Vec<Shopper>,
    staff: Staff,
    plan: Vec<DayPlan>,
    line_counts: Vec<u8>,
    next_sale: usize,
    /// Pairs and rhythms on top of the random trade (the demo shop only).
    habits: Option<Habits>,
}

impl History {
    pub fn new(
        spec: HistorySpec,
        time: ShopTime,
        invoice: InvoiceFormat,
        seed: u64,
        items: Vec<StockedItem>,
        shoppers: Vec<Shopper>,
        staff: Staff,
    ) -> Result<History> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let item_picker = WeightedIndex::new(items.iter().map(|i| i.popularity))
            .map_err(|e| Refusal::DemoNoItems { detail: e.to_string() })?;
        let max_lines = spec.max_lines.clamp(1, items.len().min(255) as u32);
        let plan = plan_days(&spec, &time, &mut rng);
        let sales: u64 = plan.iter().map(|d| u64::from(d.sales)).sum();
        let line_counts = line_counts(&spec, sales, max_lines, &mut rng)?;
        let on_hand = vec![Qty::ZERO; items.len()];
        let on_order = vec![false; items.len()];
        Ok(History {
            spec,
            time,
            invoice,
            rng,
            items,
            on_hand,
            deliveries: BTreeMap::new(),
            on_order,
            item_picker,
            shoppers,
            staff,
            plan,
            line_counts,
            next_sale: 0,
            habits: None,
        })
    }

    /// Trade with `habits` too: their visits on their days, their pairs in baskets.
    pub fn with_habits(mut self, habits: Habits) -> History {
        self.habits = Some(habits);
        self
    }

    /// The date of planned day `index`.
    pub fn date_of(&self, index: usize) -> Date {
        self.plan[index].date
    }

    /// A refill reminder chose customer `customer_id` on day `index` for `item_ids`
    /// (`sent_at` when it was sent, `None` when held out); the habits decide whether
    /// they come for the items.
    pub fn reminded(&mut self, index: usize, customer_id: i64, item_ids: &[i64], sent_at: Option<i64>) {
        let Some(habits) = &mut self.habits else { return };
        let Some(shopper) = self.shoppers.iter().position(|s| s.id == customer_id) else { return };
        let items: Vec<usize> = item_ids.iter().filter_map(|id| self.items.iter().position(|i| i.id == *id)).collect();
        habits.reminded(self.plan[index].index, shopper, &items, sent_at);
    }

    /// Days to trade, today included: run them with [`History::trade`].
    pub fn day_count(&self) -> usize {
        self.plan.len()
    }

    /// Sales written so far.
    pub fn sales_made(&self) -> usize {
        self.next_sale
    }

    pub fn first_date(&self) -> Date {
        self.time.days_before_today(self.spec.days)
    }

    /// Opening stock for every item, the evening before the first day.
    pub fn open_stock(&mut self, conn: &Connection) -> Result<()> {
        let at = self.time.instant(self.first_date(), 0, 0)? - 3 * HOUR_MS;
        for index in 0..self.items.len() {
            let item = &self.items[index];
            let extra = self.rng.random_range(0..=item.reorder.thousandths() / 1000);
            let qty = Qty::from_thousandths(item.par().thousandths() + extra * 1000);
            self.receive(conn, index, MoveKind::Opening, qty, at, "saldo awal")?;
        }
        Ok(())
    }

    /// Trade the planned days `days` (indexes into the plan, in order).
    pub(crate) fn trade(&mut self, tx: &Tx<'_>, days: std::ops::Range<usize>) -> Result<()> {
        for index in days {
            self.trade_day(tx, self.plan[index])?;
        }
        Ok(())
    }

    fn trade_day(&mut self, tx: &Tx<'_>, day: DayPlan) -> Result<()> {
        self.receive_deliveries(tx, day)?;
        let hours = self.open_hours(day.date)?;
        let shoppers = self.shopper_picker(day.index);
        let times = self.sale_times(&hours, day.sales);
        let visits = self.habits.as_mut().map(|h| h.visits_on(day.index)).unwrap_or_default();
        let mut sales: Vec<(i64, usize, Option<Visit>)> =
            times.into_iter().map(|(at, hour)| (at, hour, None)).collect();
        sales.extend(
            visits
                .into_iter()
                .filter_map(|v| Some((self.visit_time(&hours, &v)?, v)))
                .map(|((at, hour), v)| (at, hour, Some(v))),
        );
        sales.sort_by_key(|(at, hour, _)| (*at, *hour));
        for (at, hour, visit) in sales {
            if let Some(visit) = visit {
                let bulk = self.shoppers[visit.shopper].habit.bulk;
                let basket = visit.items.iter().map(|&item| (item, self.quantity(item, bulk))).collect();
                self.sell(tx, day, at, hour, Some(visit.shopper), basket)?;
                continue;
            }
            let shopper = match &shoppers {
                Some((active, picker)) if self.rng.random_bool(self.spec.customer_share) => {
                    Some(active[picker.sample(&mut self.rng)])
                }
                _ => None,
            };
            let bulk = shopper.is_some_and(|s| self.shoppers[s].habit.bulk);
            let basket = self.basket(bulk);
            self.sell(tx, day, at, hour, shopper, basket)?;
        }
        Ok(())
    }

    /// When a planned visit happens: any moment of an open hour, not before the
    /// visit's earliest instant; `None` when the day has no such moment (yet).
    fn visit_time(&mut self, hours: &[OpenHour], visit: &Visit) -> Option<(i64, usize)> {
        let earliest = visit.not_before.unwrap_or(i64::MIN);
        let open: Vec<OpenHour> = hours.iter().copied().filter(|h| h.to > earliest).collect();
        let habits = self.habits.as_mut().filter(|_| !open.is_empty())?;
        let hour = open.get(habits.draw(0..open.len() as i64) as usize)?;
        Some((habits.draw(hour.from.max(earliest)..hour.to), hour.index))
    }

    /// The day's opening hours; today only as far as the clock has got.
    fn open_hours(&self, date: Date) -> Result<Vec<OpenHour>> {
        let opening = self.time.instant(date, OPENING_HOUR, 0)?;
        Ok((0..HOUR_CURVE.len())
            .map(|index| (index, opening + index as i64 * HOUR_MS))
            .filter(|(_, from)| *from < self.time.now)
            .map(|(index, from)| OpenHour { index, from, to: (from + HOUR_MS).min(self.time.now) })
            .collect())
    }

    /// `count` sale instants spread over the open hours by the hourly curve: (at, hour index).
    fn sale_times(&mut self, hours: &[OpenHour], count: u32) -> Vec<(i64, usize)> {
        let weights = hours.iter().map(|h| HOUR_CURVE[h.index] * (h.to - h.from) as f64);
        let Ok(picker) = WeightedIndex::new(weights) else { return Vec::new() };
        (0..count)
            .map(|_| {
                let hour = hours[picker.sample(&mut self.rng)];
                (self.rng.random_range(hour.from..hour.to), hour.index)
            })
            .collect()
    }

    /// The customers who shop on day `index`, weighted by how often they come.
    fn shopper_picker(&self, index: u32) -> Option<(Vec<usize>, WeightedIndex<f64>)> {
        let active: Vec<usize> =
            (0..self.shoppers.len()).filter(|&s| self.shoppers[s].habit.active_on(index)).collect();
        let picker = WeightedIndex::new(active.iter().map(|&s| self.shoppers[s].habit.weight)).ok()?;
        Some((active, picker))
    }

    fn sell(
        &mut self,
        tx: &Tx<'_>,
        day: DayPlan,
        at: i64,
        hour: usize,
        shopper: Option<usize>,
        basket: Vec<(usize, Qty)>,
    ) -> Result<()> {
        let draft = self.draft(day.index, at, hour, shopper, basket);
        for (item, line) in &draft.lines {
            self.ensure_stock(tx, *item, line.qty, at - 60_000)?;
        }
        self.write(tx, day, draft)
    }

    /// Decide a sale of `basket`: at which prices, and how it is paid.
    fn draft(
        &mut self,
        day: u32,
        at: i64,
        hour: usize,
        shopper: Option<usize>,
        mut basket: Vec<(usize, Qty)>,
    ) -> Draft {
        let tier = shopper.map_or(PriceTier::Retail, |s| self.shoppers[s].tier);
        let hinted = self.add_companions(day, &mut basket, shopper.is_some_and(|s| self.shoppers[s].habit.bulk));
        let lines = self.price_lines(&basket, tier);
        let subtotal = Money::new(lines.iter().map(|(_, l)| l.line_total.rupiah()).sum());
        let discount = self.rounding_discount(subtotal);
        let total = Money::new(subtotal.rupiah() - discount.rupiah());
        let settlement = self.settle(shopper, total, at);
        Draft { at, cashier: self.cashier(hour), shopper, tier, lines, subtotal, discount, total, settlement, hinted }
    }

    /// Write a drafted sale with its lines, stock moves, payment and any receivable.
    fn write(&mut self, tx: &Tx<'_>, day: DayPlan, draft: Draft) -> Result<()> {
        let invoice = sales::next_invoice(tx, &self.invoice, day.date)?;
        let (payment, change_due) = match draft.settlement {
            Settlement::Paid { method, reference, change_due } => {
                (Tender { method, amount: draft.total, reference }, change_due)
            }
            Settlement::Credit => {
                (Tender { method: PaymentMethod::Credit, amount: draft.total, reference: String::new() }, Money::ZERO)
            }
        };
        let lines: Vec<NewSaleLine> = draft.lines.iter().map(|(_, line)| line.clone()).collect();
        let written = write_sale(
            tx,
            &SaleRecord {
                sale: NewSale {
                    invoice: &invoice,
                    at: draft.at,
                    user_id: Some(draft.cashier),
                    shift_id: None,
                    customer_id: draft.shopper.map(|s| self.shoppers[s].id),
                    tier: draft.tier,
                    subtotal: draft.subtotal,
                    discount: draft.discount,
                    tax: Money::ZERO,
                    total: draft.total,
                    change_due,
                    source: SaleSource::Demo,
                },
                lines: &lines,
                payments: &[payment],
                credit_due: day.date.saturating_add(jiff::Span::new().days(self.spec.credit_days)),
                moves_stock: true,
                refuse_oversell: false,
                // A simulated past: no points, receipts or audit rows of its own.
                till: None,
            },
        )?;
        for &item in &draft.hinted {
            store_recommend::insert_suggestion_add(
                tx,
                Some(draft.cashier),
                self.items[item].id,
                draft.at - HINT_BEFORE_MS,
            )?;
        }
        for (item, line) in &draft.lines {
            self.on_hand[*item] = Qty::from_thousandths(self.on_hand[*item].thousandths() - line.qty.thousandths());
            self.reorder_if_low(*item, day.index);
        }
        match (written.receivable_id, draft.shopper) {
            (Some(receivable), Some(shopper)) => self.repay(tx, receivable, shopper, draft.total, draft.at),
            _ => Ok(()),
        }
    }

    /// Distinct items for the next sale with their quantities.
    fn basket(&mut self, bulk: bool) -> Vec<(usize, Qty)> {
        let wanted = usize::from(self.line_counts[self.next_sale]);
        self.next_sale += 1;
        let mut chosen: Vec<usize> = Vec::with_capacity(wanted);
        let mut attempts = 0;
        while chosen.len() < wanted {
            attempts += 1;
            // Popular items repeat often in small catalogues; fall back to any item.
            let item = if attempts < 8 * wanted {
                self.item_picker.sample(&mut self.rng)
            } else {
                self.rng.random_range(0..self.items.len())
            };
            if !chosen.contains(&item) {
                chosen.push(item);
            }
        }
        chosen.into_iter().map(|item| (item, self.quantity(item, bulk))).collect()
    }

    /// Now and then the habits' companion of an item in the basket goes in too;
    /// returns the items the cashier added from the till's hint.
    fn add_companions(&mut self, day: u32, basket: &mut Vec<(usize, Qty)>, bulk: bool) -> Vec<usize> {
        let Some(habits) = &mut self.habits else { return Vec::new() };
        let mut items: Vec<usize> = basket.iter().map(|(item, _)| *item).collect();
        let hinted = habits.add_companions(day, &mut items);
        for &item in &items[basket.len()..] {
            let qty = self.quantity(item, bulk);
            basket.push((item, qty));
        }
        hinted
    }

    fn quantity(&mut self, item: usize, bulk: bool) -> Qty {
        let item = &self.items[item];
        let rng = &mut self.rng;
        if item.weighed {
            return Qty::from_thousandths(*weighed_portions(item.prices.retail, bulk).choose(rng).expect("non-empty"));
        }
        if bulk && rng.random_bool(0.5) {
            let breaks =
                [(item.prices.min_qty_wholesale1, 5), (item.prices.min_qty_wholesale2, 2), (Some(item.lot), 3)];
            let options: Vec<(Qty, u32)> = breaks.into_iter().filter_map(|(qty, w)| Some((qty?, w))).collect();
            return options.choose_weighted(rng, |(_, w)| *w).expect("the lot is always there").0;
        }
        if item.prices.retail.rupiah() > 50_000 {
            return Qty::ONE;
        }
        let units = match rng.random_range(0..100) {
            0..72 => 1,
            72..90 => 2,
            90..96 => 3,
            _ => rng.random_range(4..=6),
        };
        Qty::from_units(units * if bulk { 2 } else { 1 })
    }

    /// Price each line by its quantity and the sale's tier: (item index, line).
    fn price_lines(&mut self, basket: &[(usize, Qty)], sale_tier: PriceTier) -> Vec<(usize, NewSaleLine)> {
        basket
            .iter()
            .enumerate()
            .map(|(n, &(index, qty))| {
                let item = &self.items[index];
                let (tier, unit_price) = item.prices.price_for(sale_tier, qty);
                let gross = unit_price.times_qty(qty).unwrap_or(Money::ZERO);
                // Now and then the cashier knocks 5% off a bigger line.
                let discount = if gross.rupiah() >= 20_000 && self.rng.random_bool(0.02) {
                    gross.percent_bp(500).unwrap_or(Money::ZERO)
                } else {
                    Money::ZERO
                };
                let line = NewSaleLine {
                    line_no: n as i64 + 1,
                    item_id: item.id,
                    qty,
                    unit_price,
                    tier,
                    discount,
                    line_total: Money::new(gross.rupiah() - discount.rupiah()),
                    unit_cost: item.cost,
                    price_overridden: false,
                };
                (index, line)
            })
            .collect()
    }

    /// A few sales are rounded down to the nearest Rp 500 for a regular.
    fn rounding_discount(&mut self, subtotal: Money) -> Money {
        if subtotal.rupiah() > 10_000 && self.rng.random_bool(0.04) {
            Money::new(subtotal.rupiah() % 500)
        } else {
            Money::ZERO
        }
    }

    fn settle(&mut self, shopper: Option<usize>, total: Money, at: i64) -> Settlement {
        if let Some(s) = shopper {
            let shopper = &self.shoppers[s];
            let habit = if shopper.habit.bulk { 0.5 } else { 0.25 };
            let within_limit = shopper.owes_at(at) + total.rupiah() <= shopper.credit_limit.rupiah();
            if shopper.credit_limit.rupiah() > 0 && within_limit && self.rng.random_bool(habit) {
                return Settlement::Credit;
            }
        }
        let transfer_share = if total.rupiah() > 300_000 { 0.3 } else { 0.05 };
        let roll: f64 = self.rng.random();
        if roll < 0.18 {
            let reference = format!("QRIS {:012}", self.rng.random_range(0..1_000_000_000_000u64));
            Settlement::Paid { method: PaymentMethod::Qris, reference, change_due: Money::ZERO }
        } else if roll < 0.18 + transfer_share {
            let bank = ["BCA", "BRI", "Mandiri", "BNI", "BPD DIY"].choose(&mut self.rng).expect("non-empty");
            Settlement::Paid {
                method: PaymentMethod::Transfer,
                reference: format!("TRF {bank}"),
                change_due: Money::ZERO,
            }
        } else {
            let tendered = self.cash_tendered(total.rupiah());
            Settlement::Paid {
                method: PaymentMethod::Cash,
                reference: String::new(),
                change_due: Money::new(tendered - total.rupiah()),
            }
        }
    }

    /// Exact money, or the next banknote(s) up.
    fn cash_tendered(&mut self, total: i64) -> i64 {
        const STEPS: [(i64, u32); 6] = [(1, 15), (1_000, 10), (5_000, 25), (10_000, 20), (50_000, 20), (100_000, 10)];
        let (step, _) = *STEPS.choose_weighted(&mut self.rng, |(_, w)| *w).expect("weights are positive");
        (total + step - 1) / step * step
    }

    /// The debt of a credit sale and, as it later happened, its repayment: in full,
    /// in part, or not yet. Repayments after the clock's moment have not happened.
    fn repay(&mut self, conn: &Connection, receivable: i64, s: usize, total: Money, at: i64) -> Result<()> {
        self.shoppers[s].credit.push((at, total.rupiah()));
        let roll: f64 = self.rng.random();
        let (paid, after_days) = if roll < 0.55 {
            (total.rupiah(), self.rng.random_range(3..=20))
        } else if roll < 0.8 {
            (total.rupiah() * self.rng.random_range(30..=70) / 100 / 1_000 * 1_000, self.rng.random_range(5..=15))
        } else {
            return Ok(());
        };
        let paid_at = at + after_days * DAY_MS + self.rng.random_range(0..6) * HOUR_MS;
        if paid == 0 || paid_at >= self.time.now {
            return Ok(());
        }
        let method = if self.rng.random_bool(0.7) { PaymentMethod::Cash } else { PaymentMethod::Transfer };
        let user = Some(self.staff.back_office);
        sales::insert_receivable_payment(conn, receivable, Money::new(paid), method, paid_at, user, "pelunasan bon")?;
        self.shoppers[s].credit.push((paid_at, -paid));
        Ok(())
    }

    fn cashier(&mut self, hour: usize) -> i64 {
        if self.rng.random_bool(0.05) {
            self.staff.back_office
        } else if hour + (OPENING_HOUR as usize) < SHIFT_CHANGE_HOUR {
            self.staff.morning
        } else {
            self.staff.evening
        }
    }

    /// Stock ordered earlier arrives before opening; an order is dropped when a
    /// quick purchase has already filled the shelf.
    fn receive_deliveries(&mut self, conn: &Connection, day: DayPlan) -> Result<()> {
        let due: Vec<usize> = self.deliveries.remove(&day.index).unwrap_or_default();
        let at = self.time.instant(day.date, 5, 30)?;
        let reference = format!("PB-{}", day.date.strftime("%Y%m%d"));
        for item in due {
            self.on_order[item] = false;
            if self.on_hand[item] < self.items[item].reorder {
                self.restock(conn, item, Qty::ZERO, at, &reference)?;
            }
        }
        Ok(())
    }

    /// Order an item from the supplier once it falls below its reorder level.
    fn reorder_if_low(&mut self, item: usize, today: u32) {
        if self.on_hand[item] < self.items[item].reorder && !self.on_order[item] {
            self.on_order[item] = true;
            let arrives = today + self.rng.random_range(LEAD_DAYS);
            self.deliveries.entry(arrives).or_default().push(item);
        }
    }

    /// Run to the wholesaler when a sale needs more than is on the shelf.
    fn ensure_stock(&mut self, conn: &Connection, item: usize, qty: Qty, at: i64) -> Result<()> {
        if self.on_hand[item] < qty {
            self.restock(conn, item, qty, at, "beli cepat")?;
        }
        Ok(())
    }

    /// Buy whole lots to bring stock up to par plus `extra`.
    fn restock(&mut self, conn: &Connection, item: usize, extra: Qty, at: i64, reference: &str) -> Result<()> {
        let stocked = &self.items[item];
        let missing = stocked.par().thousandths() + extra.thousandths() - self.on_hand[item].thousandths();
        let lot = stocked.lot.thousandths();
        let qty = Qty::from_thousandths((missing.max(1) + lot - 1) / lot * lot);
        self.receive(conn, item, MoveKind::Purchase, qty, at, reference)
    }

    fn receive(
        &mut self,
        conn: &Connection,
        item: usize,
        kind: MoveKind,
        qty: Qty,
        at: i64,
        reference: &str,
    ) -> Result<()> {
        let stocked = &self.items[item];
        let user_id = Some(self.staff.back_office);
        stock::record(
            conn,
            &StockMove { item_id: stocked.id, kind, qty, unit_cost: stocked.cost, user_id, at, reference },
        )?;
        self.on_hand[item] = Qty::from_thousandths(self.on_hand[item].thousandths() + qty.thousandths());
        Ok(())
    }
}

/// Portions of loose goods in thousandths: a quarter of chillies, a few kilos of rice,
/// a sack for a warung.
fn weighed_portions(price_per_unit: Money, bulk: bool) -> &'static [i64] {
    match (bulk, price_per_unit.rupiah() >= 25_000) {
        (true, true) => &[1_000, 2_000, 5_000],
        (true, false) => &[5_000, 10_000, 25_000],
        (false, true) => &[100, 250, 250, 500, 500, 1_000],
        (false, false) => &[500, 1_000, 1_000, 1_500, 2_000, 2_500, 3_000, 5_000],
    }
}

/// Busier at weekends and around payday (the 25th to the 3rd).
fn day_factor(date: Date) -> f64 {
    let weekday = match date.weekday() {
        Weekday::Monday => 0.9,
        Weekday::Tuesday => 0.92,
        Weekday::Wednesday => 0.95,
        Weekday::Thursday => 0.97,
        Weekday::Friday => 1.05,
        Weekday::Saturday => 1.2,
        Weekday::Sunday => 1.12,
    };
    let payday = if date.day() >= 25 || date.day() <= 3 { 1.12 } else { 1.0 };
    weekday * payday
}

/// Share of a day's trade that has happened by the clock's moment (1 for past days).
fn open_share(time: &ShopTime, date: Date) -> f64 {
    if date < time.today {
        return 1.0;
    }
    let Ok(start) = time.instant(date, OPENING_HOUR, 0) else { return 0.0 };
    let done: f64 = HOUR_CURVE
        .iter()
        .enumerate()
        .map(|(h, weight)| weight * ((time.now - start - h as i64 * HOUR_MS) as f64 / HOUR_MS as f64).clamp(0.0, 1.0))
        .sum();
    done / HOUR_CURVE.iter().sum::<f64>()
}

fn plan_days(spec: &HistorySpec, time: &ShopTime, rng: &mut impl Rng) -> Vec<DayPlan> {
    let dates: Vec<(u32, Date, f64)> = (0..=spec.days)
        .map(|index| {
            let date = time.days_before_today(spec.days - index);
            let weight = day_factor(date) * rng.random_range(0.85..1.15) * open_share(time, date);
            (index, date, weight)
        })
        .collect();
    let counts: Vec<u32> = match spec.volume {
        Volume::Daily { typical, min, max } => dates
            .iter()
            .map(|(_, date, weight)| {
                let share = open_share(time, *date);
                let floor = (f64::from(min) * share).round() as u32;
                ((typical * weight).round() as u32).clamp(floor, max)
            })
            .collect(),
        Volume::Exact { sales, .. } => apportion(sales, &dates.iter().map(|d| d.2).collect::<Vec<_>>()),
    };
    dates.into_iter().zip(counts).map(|((index, date, _), sales)| DayPlan { index, date, sales }).collect()
}

/// Split `total` in proportion to `weights`, exactly (largest remainder).
fn apportion(total: u64, weights: &[f64]) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut by_remainder: Vec<usize> = (0..weights.len()).collect();
    by_remainder
        .sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    let short = total.saturating_sub(counts.iter().map(|&c| u64::from(c)).sum());
    for &i in by_remainder.iter().cycle().take(short as usize) {
        counts[i] += 1;
    }
    counts
}

/// Lines per sale, drawn so that most baskets are small; with an exact volume,
/// nudged one line at a time until the total is exactly right.
fn line_counts(spec: &HistorySpec, sales: u64, max: u32, rng: &mut impl Rng) -> Result<Vec<u8>> {
    let p = 1.0 / spec.mean_lines.max(1.0);
    let mut draw = || loop {
        let extra = if p >= 1.0 { 0.0 } else { ((1.0 - rng.random::<f64>()).ln() / (1.0 - p).ln()).floor() };
        if extra < f64::from(max) {
            return 1 + extra as u8;
        }
    };
    let mut counts: Vec<u8> = (0..sales).map(|_| draw()).collect();
    let Volume::Exact { lines, .. } = spec.volume else { return Ok(counts) };
    if lines < sales || lines > sales * u64::from(max) {
        return Err(Refusal::DemoLinesDontFit { lines, sales, max }.into());
    }
    let mut missing = lines as i64 - counts.iter().map(|&c| i64::from(c)).sum::<i64>();
    while missing != 0 {
        let i = rng.random_range(0..counts.len());
        if missing > 0 && u32::from(counts[i]) < max {
            counts[i] += 1;
            missing -= 1;
        } else if missing < 0 && counts[i] > 1 {
            counts[i] -= 1;
            missing += 1;
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_is_exact_and_proportional() {
        let counts = apportion(10, &[1.0, 1.0, 2.0]);
        assert_eq!(counts.iter().sum::<u32>(), 10);
        assert!(counts[2] >= 4);
    }

    #[test]
    fn exact_volumes_get_exactly_the_lines_asked_for() {
        let spec = HistorySpec {
            days: 10,
            volume: Volume::Exact { sales: 1_000, lines: 5_000 },
            mean_lines: 5.0,
            max_lines: 12,
            customer_share: 0.3,
            credit_days: 14,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let counts = line_counts(&spec, 1_000, 12, &mut rng).unwrap();
        assert_eq!(counts.iter().map(|&c| u64::from(c)).sum::<u64>(), 5_000);
        assert!(counts.iter().all(|&c| (1..=12).contains(&c)));
        assert!(line_counts(&spec, 100, 12, &mut rng).is_err());
    }

    #[test]
    fn nothing_is_sold_before_opening_time_today() {
        let tz = TimeZone::get("Asia/Jakarta").unwrap();
        let today = jiff::civil::date(2026, 11, 23);
        let early = ShopTime::new(tz.clone(), ShopTime::new(tz.clone(), 0).instant(today, 5, 0).unwrap());
        assert_eq!(open_share(&early, today), 0.0);
        let late = ShopTime::new(tz.clone(), early.instant(today, 22, 0).unwrap());
        assert_eq!(open_share(&late, today), 1.0);
        assert_eq!(open_share(&late, jiff::civil::date(2026, 11, 22)), 1.0);
    }
}
