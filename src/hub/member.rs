//! A member shop's connection to the hub: check it may write, and upsert its
//! figures. Each upload is one transaction of a few statements whatever its size
//! (rows go as arrays), and replaces what the hub held for those days and months.

use postgres::Client;

use super::{HubError, HubUrl, Result};
use jiff::civil::Date;

use crate::domain::Money;
use crate::domain::hub::{Benchmark, DayFigures, MonthRetention, permille_as_percent};

pub struct Member {
    client: Client,
    url: HubUrl,
    shop: String,
}

impl Member {
    /// Connect as shop `shop`, and check the hub knows this login as that shop.
    pub fn connect(url: &HubUrl, shop: &str) -> Result<Member> {
        let mut client = url.connect()?;
        let row = client
            .query_opt("SELECT shop FROM hub.shops WHERE role = current_user", &[])
            .map_err(|e| url.explain(&e))?;
        let known: Option<String> = row.map(|r| r.get(0));
        match known {
            Some(code) if code == shop => Ok(Member { client, url: url.clone(), shop: shop.to_string() }),
            Some(code) => Err(HubError::OtherShop { user: url.user(), code, shop: shop.to_string() }),
            None => Err(HubError::NotMember { user: url.user() }),
        }
    }

    pub fn shop(&self) -> &str {
        &self.shop
    }

    /// Write a row for the shop and take it back: proves the login may write.
    pub fn check_write(&mut self) -> Result<()> {
        let url = self.url.clone();
        let mut tx = self.client.transaction().map_err(|e| url.explain(&e))?;
        tx.execute(
            "INSERT INTO hub.shop_months (shop, month, customers_before, retained) VALUES ($1, '1970-01-01', 0, 0)
             ON CONFLICT (shop, month) DO UPDATE SET retained = hub.shop_months.retained",
            &[&self.shop],
        )
        .map_err(|e| url.explain(&e))?;
        tx.rollback().map_err(|e| url.explain(&e))
    }

    /// Upsert `days` and `months` in one transaction.
    pub fn upload(&mut self, days: &[DayFigures], months: &[MonthRetention]) -> Result<()> {
        let url = self.url.clone();
        let explain = |e: postgres::Error| url.explain(&e);
        let shop = self.shop.as_str();
        let mut tx = self.client.transaction().map_err(explain)?;
        let day_keys: Vec<String> = days.iter().map(|d| d.day.map(|d| d.to_string()).unwrap_or_default()).collect();
        let column = |f: fn(&DayFigures) -> i64| days.iter().map(f).collect::<Vec<i64>>();
        tx.execute(
            "INSERT INTO hub.shop_days AS d (shop, day, transactions, items_milli, gross, discount, net, cost,
                    buyers, new_buyers, returning_buyers, receivables, attributed_revenue, pushed_at)
             SELECT $1, day::date, transactions, items_milli, gross, discount, net, cost,
                    buyers, new_buyers, returning_buyers, receivables, attributed_revenue, now()
               FROM unnest($2::text[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::int8[], $8::int8[],
                           $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[])
                    AS t(day, transactions, items_milli, gross, discount, net, cost,
                         buyers, new_buyers, returning_buyers, receivables, attributed_revenue)
             ON CONFLICT (shop, day) DO UPDATE SET
                    transactions = excluded.transactions, items_milli = excluded.items_milli,
                    gross = excluded.gross, discount = excluded.discount, net = excluded.net,
                    cost = excluded.cost, buyers = excluded.buyers, new_buyers = excluded.new_buyers,
                    returning_buyers = excluded.returning_buyers, receivables = excluded.receivables,
                    attributed_revenue = excluded.attributed_revenue, pushed_at = excluded.pushed_at",
            &[
                &shop,
                &day_keys,
                &column(|d| d.transactions),
                &column(|d| d.items.thousandths()),
                &column(|d| d.gross.rupiah()),
                &column(|d| d.discount.rupiah()),
                &column(|d| d.net.rupiah()),
                &column(|d| d.cost.rupiah()),
                &column(|d| d.buyers),
                &column(|d| d.new_buyers),
                &column(|d| d.returning_buyers),
                &column(|d| d.receivables.rupiah()),
                &column(|d| d.attributed_revenue.rupiah()),
            ],
        )
        .map_err(explain)?;
        // A resent day replaces its per-kind and per-category rows: what it no longer
        // has goes to zero (members may not delete), the rest is upserted.
        tx.execute(
            "UPDATE hub.shop_day_messages SET messages = 0, cost = 0 WHERE shop = $1 AND day = ANY($2::text[]::date[])",
            &[&shop, &day_keys],
        )
        .map_err(explain)?;
        tx.execute(
            "UPDATE hub.shop_day_categories SET qty_milli = 0, net = 0
              WHERE shop = $1 AND day = ANY($2::text[]::date[])",
            &[&shop, &day_keys],
        )
        .map_err(explain)?;
        let (mut m_day, mut kind, mut messages, mut cost) = (vec![], vec![], vec![], vec![]);
        let (mut c_day, mut category, mut qty, mut net) = (vec![], vec![], vec![], vec![]);
        for (d, key) in days.iter().zip(&day_keys) {
            for k in &d.messages {
                m_day.push(key.as_str());
                kind.push(k.kind.as_str());
                messages.push(k.messages);
                cost.push(k.cost.rupiah());
            }
            for c in &d.categories {
                c_day.push(key.as_str());
                category.push(c.category.as_str());
                qty.push(c.qty.thousandths());
                net.push(c.net.rupiah());
            }
        }
        tx.execute(
            "INSERT INTO hub.shop_day_messages (shop, day, kind, messages, cost)
             SELECT $1, day::date, kind, messages, cost FROM unnest($2::text[], $3::text[], $4::int8[], $5::int8[])
                    AS t(day, kind, messages, cost)
             ON CONFLICT (shop, day, kind) DO UPDATE SET messages = excluded.messages, cost = excluded.cost",
            &[&shop, &m_day, &kind, &messages, &cost],
        )
        .map_err(explain)?;
        tx.execute(
            "INSERT INTO hub.shop_day_categories (shop, day, category, qty_milli, net)
             SELECT $1, day::date, category, qty_milli, net
               FROM unnest($2::text[], $3::text[], $4::int8[], $5::int8[]) AS t(day, category, qty_milli, net)
             ON CONFLICT (shop, day, category) DO UPDATE SET qty_milli = excluded.qty_milli, net = excluded.net",
            &[&shop, &c_day, &category, &qty, &net],
        )
        .map_err(explain)?;
        let month_keys: Vec<String> = months.iter().map(|m| m.month.to_string()).collect();
        let before: Vec<i64> = months.iter().map(|m| m.customers_before).collect();
        let retained: Vec<i64> = months.iter().map(|m| m.retained).collect();
        tx.execute(
            "INSERT INTO hub.shop_months (shop, month, customers_before, retained)
             SELECT $1, month::date, customers_before, retained
               FROM unnest($2::text[], $3::int8[], $4::int8[]) AS t(month, customers_before, retained)
             ON CONFLICT (shop, month) DO UPDATE SET
                    customers_before = excluded.customers_before, retained = excluded.retained",
            &[&shop, &month_keys, &before, &retained],
        )
        .map_err(explain)?;
        tx.commit().map_err(explain)
    }

    /// The association's medians over `from`..=`to` and this shop's own figures, if
    /// the association shares them (`hub.settings` `share_benchmarks` = `yes`).
    pub fn benchmark(&mut self, from: Date, to: Date) -> Result<Option<Benchmark>> {
        let url = self.url.clone();
        let row = self
            .client
            .query_one(
                "SELECT b.shops, COALESCE(b.median_net, 0), COALESCE(b.median_repeat_permille, 0),
                        o.net, o.repeat
                   FROM hub.benchmarks($1::text::date, $2::text::date) b,
                        (SELECT COALESCE(SUM(net), 0)::int8 AS net,
                                CASE WHEN SUM(buyers) > 0
                                     THEN round(SUM(returning_buyers) * 1000.0 / SUM(buyers))::int8 ELSE 0 END AS repeat
                           FROM hub.shop_days WHERE day BETWEEN $1::text::date AND $2::text::date) o",
                &[&from.to_string(), &to.to_string()],
            )
            .map_err(|e| url.explain(&e))?;
        let shops: i64 = row.get(0);
        Ok((shops > 0).then(|| Benchmark {
            from,
            to,
            shops,
            median_net: Money::new(row.get(1)),
            median_repeat_rate: permille_as_percent(row.get(2)),
            own_net: Money::new(row.get(3)),
            own_repeat_rate: permille_as_percent(row.get(4)),
        }))
    }
}
