//! The Dashboard (Alt+1): how the shop is doing today, for owners and managers.
//!
//! Days are shop-local (the `store.timezone` setting). A day's figures count as the
//! reports do: completed sales at their time, voids not at all, returns at the
//! return's time.
//!
//! - `net`: the sales' net (subtotal less the whole-sale discount, before tax) less
//!   the net of the day's returns (refund less its tax part).
//! - `transactions`: completed sales (returns are not transactions).
//! - `avg_basket`: the sales' net before returns over their number, rounded half up.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Actor, Result, Shop};
use std::collections::HashMap;

use crate::clock::local_date;
use crate::domain::refund::prorate;
use crate::domain::{Money, Permission};
use crate::store::dashboard;
use crate::store::summaries::{self, DaySums, day_number};

pub use crate::store::dashboard::TopProduct;

/// Days in the sales chart, ending today.
pub const CHART_DAYS: usize = 30;
/// Products in "this week's top".
pub const TOP_PRODUCTS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayFigures {
    pub date: Date,
    pub net: Money,
    pub transactions: i64,
    pub avg_basket: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    pub today: DayFigures,
    pub yesterday: DayFigures,
    /// The same weekday last week.
    pub last_week: DayFigures,
    /// Net sales per day for the last [`CHART_DAYS`] days, oldest first, today last.
    pub daily: Vec<DayFigures>,
    /// Monday of this week; "this week" runs from it to now.
    pub week_from: Date,
    /// This week's best products by revenue, at most [`TOP_PRODUCTS`].
    pub top_products: Vec<TopProduct>,
    /// Active items at or below their reorder level (items with one set).
    pub low_stock: i64,
    pub receivables: Money,
    /// The part of `receivables` past its due date.
    pub overdue: Money,
    /// What the shop owes suppliers.
    pub payables: Money,
    /// The part of `payables` past its due date.
    pub payables_overdue: Money,
    /// Outbox messages waiting to be sent, and those that failed (retrying or given up).
    pub messages_pending: i64,
    pub messages_failed: i64,
    /// How the shop compares with its association's median, when it is a hub member
    /// and the association shares the medians (as fetched with the last push).
    pub benchmark: Option<crate::domain::hub::Benchmark>,
    /// Declined by the platform (not failures) and held with their template.
    pub messages_skipped: i64,
    pub messages_held: i64,
    /// Marketing paused on a channel (WhatsApp's spam rate limit): provider, and the
    /// minutes left.
    pub marketing_paused: Option<(String, i64)>,
}

impl Shop {
    /// Today's figures and the shop's state at a glance. Owners and managers only.
    pub fn dashboard(&self, actor: &Actor) -> Result<Dashboard> {
        actor.require(Permission::SeeCost, "see the dashboard")?;
        let tz = self.time_zone();
        let today = local_date(self.now_ms(), &tz);
        let conn = self.store.conn();
        let first = today.checked_sub((CHART_DAYS as i64 - 1).days()).unwrap_or(today);
        let sums: HashMap<i64, DaySums> =
            summaries::days(conn, day_number(first), day_number(today))?.into_iter().collect();
        let day = |date: Date| {
            let sums = sums.get(&day_number(date)).copied().unwrap_or_default();
            let sales_net = Money::new(sums.sales_net);
            Ok(DayFigures {
                date,
                net: sales_net.checked_sub(Money::new(sums.returns_net))?,
                transactions: sums.transactions,
                avg_basket: prorate(sales_net, 1, sums.transactions),
            })
        };
        let daily = (0..CHART_DAYS as i64)
            .rev()
            .map(|back| day(today.checked_sub(back.days()).unwrap_or(today)))
            .collect::<Result<Vec<DayFigures>>>()?;
        let pick = |back: usize| daily[CHART_DAYS - 1 - back];
        let (today_figures, yesterday, last_week) = (pick(0), pick(1), pick(7));
        let week_from = today.checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days()).unwrap_or(today);
        let top_products = dashboard::top_products(conn, day_number(week_from), day_number(today), TOP_PRODUCTS)?;
        let (receivables, overdue) = dashboard::receivables(conn, &today.to_string())?;
        let (payables, payables_overdue) = dashboard::payables(conn, &today.to_string())?;
        let messages = dashboard::outbox_counts(conn)?;
        let now = self.now_ms();
        let marketing_paused =
            self.marketing_pauses()?.into_iter().next().map(|p| (p.provider, (p.until - now + 59_999) / 60_000));
        Ok(Dashboard {
            today: today_figures,
            yesterday,
            last_week,
            daily,
            week_from,
            top_products,
            low_stock: dashboard::low_stock_count(conn)?,
            receivables,
            overdue,
            payables,
            payables_overdue,
            messages_pending: messages.pending,
            messages_failed: messages.failed,
            messages_skipped: messages.skipped,
            messages_held: messages.held,
            marketing_paused,
            benchmark: crate::store::hub::benchmark(conn)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Qty;
    use crate::domain::master::ItemForm;
    use crate::services::ServiceError;
    use crate::services::testkit::{DAY_MS, kit};
    use crate::store::outbox::{self, NewMessage};

    fn money(n: i64) -> Money {
        Money::new(n)
    }

    /// Today is Wednesday 25 November 2026 (the kit starts on Monday the 23rd).
    /// Items: A 1.000, B 2.500, C 10.000; no tax.
    fn shop_with_a_fortnight_of_sales() -> crate::services::testkit::Kit {
        let mut k = kit();
        let owner = k.owner.clone();
        k.clock.advance_ms(-5 * DAY_MS); // Wed 18th: the same weekday last week
        k.cash_sale(&owner, &[("A", 3)], 3_000);
        k.advance_days(4); // Sun 22nd: last week, not this week
        k.cash_sale(&owner, &[("C", 5)], 50_000);
        k.advance_days(2); // Tue 24th: yesterday
        k.cash_sale(&owner, &[("B", 2)], 5_000);
        k.cash_sale(&owner, &[("C", 1)], 10_000);
        k.advance_days(1); // Wed 25th: today
        k.cash_sale(&owner, &[("A", 1), ("B", 1)], 5_000);
        k.cash_sale(&owner, &[("C", 2)], 20_000);
        let darto = k.darto;
        k.credit_sale(&owner, darto, &[("C", 1)]);
        k
    }

    #[test]
    fn today_against_yesterday_and_last_week() {
        let k = shop_with_a_fortnight_of_sales();
        let d = k.shop.dashboard(&k.owner).unwrap();
        assert_eq!(d.today.date, jiff::civil::date(2026, 11, 25));
        // 3.500 + 20.000 + 10.000 in three sales: 33.500 / 3 = 11.166,67 → 11.167.
        assert_eq!((d.today.net, d.today.transactions, d.today.avg_basket), (money(33_500), 3, money(11_167)));
        assert_eq!(
            (d.yesterday.net, d.yesterday.transactions, d.yesterday.avg_basket),
            (money(15_000), 2, money(7_500))
        );
        assert_eq!(d.last_week.date, jiff::civil::date(2026, 11, 18));
        assert_eq!(
            (d.last_week.net, d.last_week.transactions, d.last_week.avg_basket),
            (money(3_000), 1, money(3_000))
        );
    }

    #[test]
    fn thirty_days_of_sales_end_today() {
        let k = shop_with_a_fortnight_of_sales();
        let d = k.shop.dashboard(&k.manager).unwrap();
        assert_eq!(d.daily.len(), CHART_DAYS);
        assert_eq!(d.daily[0].date, jiff::civil::date(2026, 10, 27));
        assert_eq!(d.daily.last().unwrap().net, money(33_500));
        assert_eq!(d.daily[CHART_DAYS - 4].net, money(50_000), "Sunday the 22nd");
        assert_eq!(d.daily.iter().map(|f| f.net.rupiah()).sum::<i64>(), 3_000 + 50_000 + 15_000 + 33_500);
    }

    #[test]
    fn this_weeks_top_products_start_on_monday() {
        let k = shop_with_a_fortnight_of_sales();
        let d = k.shop.dashboard(&k.owner).unwrap();
        assert_eq!(d.week_from, jiff::civil::date(2026, 11, 23));
        let top: Vec<(&str, i64)> = d.top_products.iter().map(|p| (p.sku.as_str(), p.revenue.rupiah())).collect();
        // Sunday's 50.000 of C is last week's.
        assert_eq!(top, vec![("C", 40_000), ("B", 7_500), ("A", 1_000)]);
    }

    #[test]
    fn receivables_overdue_and_payables() {
        let k = shop_with_a_fortnight_of_sales();
        let d = k.shop.dashboard(&k.owner).unwrap();
        assert_eq!((d.receivables, d.overdue, d.payables), (money(10_000), Money::ZERO, Money::ZERO));
        // Due in 14 days (the 9th of December); overdue from the 10th.
        k.advance_days(14);
        assert_eq!(k.shop.dashboard(&k.owner).unwrap().overdue, Money::ZERO);
        k.advance_days(1);
        let d = k.shop.dashboard(&k.owner).unwrap();
        assert_eq!((d.receivables, d.overdue), (money(10_000), money(10_000)));
        assert_eq!(d.today.transactions, 0);
        // 3 × 2.000 of B on credit from a supplier: owed at once, overdue after its term.
        let mut k = k;
        let supplier = k.add_supplier("PT Sumber");
        k.receive(supplier, &[("B", 3, 2_000)], true);
        let d = k.shop.dashboard(&k.owner).unwrap();
        assert_eq!((d.payables, d.payables_overdue), (money(6_000), Money::ZERO));
        k.advance_days(crate::services::purchases::DEFAULT_TERM_DAYS + 1);
        let d = k.shop.dashboard(&k.owner).unwrap();
        assert_eq!((d.payables, d.payables_overdue), (money(6_000), money(6_000)));
    }

    #[test]
    fn voids_do_not_count_and_returns_come_off_the_day() {
        let mut k = shop_with_a_fortnight_of_sales();
        let owner = k.owner.clone();
        let sale = k.cash_sale(&owner, &[("B", 4)], 10_000);
        k.shop.void_sale(&owner, &sale.invoice, "salah").unwrap();
        let before = k.shop.dashboard(&owner).unwrap();
        assert_eq!((before.today.net, before.today.transactions), (money(33_500), 3));
        // Yesterday's two B come back today: 5.000 off today's net, not yesterday's.
        let sales = k.shop.recent_sales(20).unwrap();
        let invoice = sales.iter().find(|s| s.total == money(5_000)).unwrap().invoice.clone();
        let line = k.shop.returnable(&invoice).unwrap().lines[0].clone();
        k.shop
            .return_lines(
                &owner,
                None,
                &invoice,
                &[(line.line_no, line.qty)],
                crate::domain::refund::RefundMethod::Cash,
                "rusak",
            )
            .unwrap();
        let after = k.shop.dashboard(&owner).unwrap();
        assert_eq!(
            (after.today.net, after.today.transactions, after.today.avg_basket),
            (money(28_500), 3, money(11_167))
        );
        assert_eq!(after.yesterday.net, money(15_000));
        assert_eq!(after.top_products.iter().find(|p| p.sku == "B").unwrap().revenue, money(2_500));
    }

    #[test]
    fn net_is_before_tax_and_a_return_takes_back_its_net() {
        let mut k = kit();
        let owner = k.owner.clone();
        k.shop.set_setting(&owner, "tax.rate", "11").unwrap();
        // 3 × C: 30.000 + 11% tax = 33.300.
        let sale = k.cash_sale(&owner, &[("C", 3)], 33_300);
        assert_eq!(k.shop.dashboard(&owner).unwrap().today.net, money(30_000));
        // One back: refund 11.100, of which tax 33.300 → 11.100 × 3.300 / 33.300 = 1.100.
        let line = k.shop.returnable(&sale.invoice).unwrap().lines[0].clone();
        let result = k
            .shop
            .return_lines(
                &owner,
                None,
                &sale.invoice,
                &[(line.line_no, Qty::ONE)],
                crate::domain::refund::RefundMethod::Cash,
                "rusak",
            )
            .unwrap();
        assert_eq!(result.refund_amount, money(11_100));
        let d = k.shop.dashboard(&owner).unwrap();
        assert_eq!((d.today.net, d.today.transactions, d.today.avg_basket), (money(20_000), 1, money(30_000)));
        assert_eq!(d.top_products[0].revenue, money(20_000));
    }

    #[test]
    fn low_stock_counts_active_items_with_a_reorder_level() {
        let mut k = kit();
        let owner = k.owner.clone();
        for (sku, reorder) in [("LOW", "5"), ("NONE", "")] {
            let form = ItemForm {
                sku: sku.into(),
                name: sku.into(),
                price: "100".into(),
                reorder_level: reorder.into(),
                ..Default::default()
            };
            k.shop.create_item(&owner, &form).unwrap();
        }
        assert_eq!(k.shop.dashboard(&owner).unwrap().low_stock, 1);
        let low = crate::store::items::id_by_sku(k.shop.store.conn(), "LOW").unwrap().unwrap();
        k.shop.set_item_active(&owner, low, false).unwrap();
        assert_eq!(k.shop.dashboard(&owner).unwrap().low_stock, 0);
    }

    #[test]
    fn pending_and_failed_messages() {
        let mut k = kit();
        k.shop
            .write(|tx| {
                for key in ["a", "b", "c", "d", "e", "f"] {
                    let m = NewMessage {
                        kind: "promo",
                        channel: "whatsapp",
                        phone: "6281234567890",
                        customer_id: None,
                        template: "promo",
                        params_json: "{}",
                        body: "hai",
                        dedupe_key: key,
                        at: tx.now,
                    };
                    outbox::enqueue(tx, &m)?;
                }
                tx.execute("UPDATE outbox SET status = 'failed' WHERE dedupe_key = 'c'", [])?;
                tx.execute("UPDATE outbox SET status = 'skipped' WHERE dedupe_key = 'd'", [])?;
                tx.execute("UPDATE outbox SET status = 'held' WHERE dedupe_key IN ('e', 'f')", [])?;
                Ok(())
            })
            .unwrap();
        let d = k.shop.dashboard(&k.owner).unwrap();
        // A skipped message is not a failure; held ones wait for their template.
        assert_eq!((d.messages_pending, d.messages_failed, d.messages_skipped, d.messages_held), (2, 1, 1, 2));
    }

    #[test]
    fn cashiers_may_not_see_it() {
        let k = kit();
        assert!(matches!(k.shop.dashboard(&k.cashier), Err(ServiceError::Denied { .. })));
    }
}
