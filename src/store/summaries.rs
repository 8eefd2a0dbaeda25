//! The summary tables of the sales ledger (migration 0018): per day, per day and
//! item, per customer and day, per day and hour, per day and user; and of the stock
//! ledger per month and item (migration 0021, kept by [`stock_moved`]). What goes into them is decided in
//! `services::summaries`; this module only adds rows up, reads them back and keeps
//! the build's state.
//!
//! A day is the shop-local date as a number (`20261123`). Rows are keyed by two
//! numbers: (day, item), (customer, day), (day, hour), (day, user; 0 for no user);
//! the per-day table uses only the first.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use rusqlite::{Connection, params};

use super::Result;

/// Two numbers naming a row; see the module docs for which per table.
pub type Key = (i64, i64);

/// A row's figures, as the columns of one summary table.
pub trait Sums: Default + Copy + PartialEq + std::fmt::Debug {
    const TABLE: &'static str;
    /// The key columns, in [`Key`] order.
    const KEYS: &'static [&'static str];
    /// The day a row counts at (a column, or an expression of one), for range reads.
    const DAY: &'static str;
    const COLUMNS: &'static [&'static str];
    fn values(&self) -> Vec<i64>;
    fn from_values(values: &[i64]) -> Self;

    /// Add `other` times `sign` (+1 or −1).
    fn add(&mut self, other: &Self, sign: i64);

    fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }
}

macro_rules! sums {
    ($(#[$doc:meta])* $name:ident in $table:literal by [$($key:literal),+], day $day:literal {
        $($(#[$field_doc:meta])* $field:ident),+ $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name {
            $($(#[$field_doc])* pub $field: i64),+
        }

        impl Sums for $name {
            const TABLE: &'static str = $table;
            const KEYS: &'static [&'static str] = &[$($key),+];
            const DAY: &'static str = $day;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];
            fn values(&self) -> Vec<i64> {
                vec![$(self.$field),+]
            }
            fn from_values(values: &[i64]) -> Self {
                let mut values = values.iter().copied();
                $name { $($field: values.next().unwrap_or(0)),+ }
            }
            fn add(&mut self, other: &Self, sign: i64) {
                $(self.$field += sign * other.$field;)+
            }
        }
    };
}

sums! {
    /// A day's sales-summary figures (`reports::ledger::Totals`).
    DaySums in "sales_by_day" by ["day"], day "day" {
        transactions, returns, items, gross, discount, net, tax, cost, sales_net, returns_net, sales_discount,
    }
}

sums! {
    /// An item's sales on a day.
    ItemSums in "sales_by_day_item" by ["day", "item_id"], day "day" {
        qty,
        /// Line totals after line discounts.
        value,
        net,
        /// Completed sales that had the item.
        orders,
    }
}

sums! {
    /// An item's sales in a month (key: month as 202611, item); read for whole months.
    MonthItemSums in "sales_by_month_item" by ["month", "item_id"], day "(month * 100 + 1)" {
        qty, value, net, orders,
    }
}

sums! {
    /// A customer's purchases on a day.
    CustomerSums in "sales_by_customer_day" by ["customer_id", "day"], day "day" {
        transactions, returns, net,
    }
}

sums! {
    /// Completed sales in an hour of a day, and their net.
    HourSums in "sales_by_day_hour" by ["day", "hour"], day "day" {
        sales, net,
    }
}

sums! {
    /// A user's sales, returns and voids on a day.
    UserSums in "sales_by_day_user" by ["day", "user_id"], day "day" {
        transactions, returns, items, net, sales_net, returns_net, sales_discount, voids, voided,
    }
}

sums! {
    /// An item's stock moves in a month (key: month as 202611, item), per report column:
    /// purchases (and purchase returns), sales (negative), returns (and voids),
    /// adjustments (and opening stock), counts.
    StockMonthSums in "stock_by_month_item" by ["month", "item_id"], day "(month * 100 + 1)" {
        purchases, sales, returns, adjustments, counts,
    }
}

impl StockMonthSums {
    /// One move of `kind` (`stock_moves.kind`) and signed `qty`.
    pub fn of_move(kind: &str, qty: i64) -> StockMonthSums {
        let mut sums = StockMonthSums::default();
        let column = match kind {
            "purchase" | "purchase_return" => &mut sums.purchases,
            "sale" => &mut sums.sales,
            "sale_return" | "void" => &mut sums.returns,
            "count" => &mut sums.counts,
            // "adjustment", "opening"
            _ => &mut sums.adjustments,
        };
        *column = qty;
        sums
    }

    /// The net change of stock.
    pub fn total(&self) -> i64 {
        self.purchases + self.sales + self.returns + self.adjustments + self.counts
    }
}

/// Each table with the day its rows count at.
const TABLES: [(&str, &str); 7] = [
    (DaySums::TABLE, DaySums::DAY),
    (ItemSums::TABLE, ItemSums::DAY),
    (MonthItemSums::TABLE, MonthItemSums::DAY),
    (CustomerSums::TABLE, CustomerSums::DAY),
    (HourSums::TABLE, HourSums::DAY),
    (UserSums::TABLE, UserSums::DAY),
    (StockMonthSums::TABLE, StockMonthSums::DAY),
];

/// Rows of every summary table, keyed as in the module docs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summaries {
    pub days: BTreeMap<Key, DaySums>,
    pub items: BTreeMap<Key, ItemSums>,
    pub month_items: BTreeMap<Key, MonthItemSums>,
    pub customers: BTreeMap<Key, CustomerSums>,
    pub hours: BTreeMap<Key, HourSums>,
    pub users: BTreeMap<Key, UserSums>,
    pub stock: BTreeMap<Key, StockMonthSums>,
}

fn key_values<S: Sums>(key: Key) -> Vec<i64> {
    [key.0, key.1][..S::KEYS.len()].to_vec()
}

/// Add `rows` times `sign` into `S`'s table; rows that come to nothing are removed.
fn add_rows<S: Sums>(conn: &Connection, rows: &BTreeMap<Key, S>, sign: i64) -> Result<()> {
    let keys = S::KEYS.join(", ");
    let columns = S::COLUMNS.join(", ");
    let count = S::KEYS.len() + S::COLUMNS.len();
    let placeholders: Vec<String> = (1..=count).map(|i| format!("?{i}")).collect();
    let updates: Vec<String> = S::COLUMNS.iter().map(|c| format!("{c} = {c} + excluded.{c}")).collect();
    let upsert = format!(
        "INSERT INTO {table} ({keys}, {columns}) VALUES ({values}) ON CONFLICT ({keys}) DO UPDATE SET {updates}",
        table = S::TABLE,
        values = placeholders.join(", "),
        updates = updates.join(", "),
    );
    let key_match: Vec<String> = S::KEYS.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + 1)).collect();
    let all_zero: Vec<String> = S::COLUMNS.iter().map(|c| format!("{c} = 0")).collect();
    let prune = format!("DELETE FROM {} WHERE {} AND {}", S::TABLE, key_match.join(" AND "), all_zero.join(" AND "));
    let mut upsert = conn.prepare_cached(&upsert)?;
    let mut prune = conn.prepare_cached(&prune)?;
    for (key, sums) in rows {
        let mut values = key_values::<S>(*key);
        values.extend(sums.values().into_iter().map(|v| v * sign));
        upsert.execute(rusqlite::params_from_iter(&values))?;
        if sign < 0 {
            prune.execute(rusqlite::params_from_iter(&key_values::<S>(*key)))?;
        }
    }
    Ok(())
}

/// Add `summaries` times `sign` (+1: a sale or return; −1: a void) into the tables.
pub fn add(conn: &Connection, summaries: &Summaries, sign: i64) -> Result<()> {
    add_rows(conn, &summaries.days, sign)?;
    add_rows(conn, &summaries.items, sign)?;
    add_rows(conn, &summaries.month_items, sign)?;
    add_rows(conn, &summaries.customers, sign)?;
    add_rows(conn, &summaries.hours, sign)?;
    add_rows(conn, &summaries.users, sign)?;
    add_rows(conn, &summaries.stock, sign)
}

fn read_rows<S: Sums>(conn: &Connection, first_day: i64, last_day: i64) -> Result<BTreeMap<Key, S>> {
    let sql = format!(
        "SELECT {}, {} FROM {} WHERE {day} >= ?1 AND {day} <= ?2",
        S::KEYS.join(", "),
        S::COLUMNS.join(", "),
        S::TABLE,
        day = S::DAY
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![first_day, last_day])?;
    let mut out = BTreeMap::new();
    let keys = S::KEYS.len();
    while let Some(row) = rows.next()? {
        let values: Vec<i64> = (0..keys + S::COLUMNS.len()).map(|i| row.get(i)).collect::<rusqlite::Result<_>>()?;
        let key = (values[0], if keys > 1 { values[1] } else { 0 });
        out.insert(key, S::from_values(&values[keys..]));
    }
    Ok(out)
}

/// Every summary row of the days `first_day..=last_day`.
pub fn read(conn: &Connection, first_day: i64, last_day: i64) -> Result<Summaries> {
    Ok(Summaries {
        days: read_rows(conn, first_day, last_day)?,
        items: read_rows(conn, first_day, last_day)?,
        month_items: read_rows(conn, first_day, last_day)?,
        customers: read_rows(conn, first_day, last_day)?,
        hours: read_rows(conn, first_day, last_day)?,
        users: read_rows(conn, first_day, last_day)?,
        stock: read_rows(conn, first_day, last_day)?,
    })
}

/// The first and last day any summary row has.
pub fn day_span(conn: &Connection) -> Result<Option<(i64, i64)>> {
    let sql =
        TABLES.map(|(t, day)| format!("SELECT MIN({day}) AS first, MAX({day}) AS last FROM {t}")).join(" UNION ALL ");
    let sql = format!("SELECT MIN(first), MAX(last) FROM ({sql})");
    let (first, last): (Option<i64>, Option<i64>) = conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(first.zip(last))
}

/// Where the build stands: the time zone the days are in, and the instant before
/// which the ledger is summarised (`i64::MAX`: all of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub timezone: String,
    pub built_until: i64,
}

impl State {
    pub fn complete(&self) -> bool {
        self.built_until == i64::MAX
    }

    /// The time zone the days are counted in.
    pub fn zone(&self) -> TimeZone {
        TimeZone::get(&self.timezone).unwrap_or_else(|_| TimeZone::get("Asia/Jakarta").expect("bundled time zone"))
    }
}

pub fn state(conn: &Connection) -> Result<State> {
    Ok(conn
        .prepare_cached("SELECT timezone, built_until FROM summary_state WHERE id = 1")?
        .query_row([], |r| Ok(State { timezone: r.get(0)?, built_until: r.get(1)? }))?)
}

pub fn set_built_until(conn: &Connection, built_until: i64) -> Result<()> {
    conn.prepare_cached("UPDATE summary_state SET built_until = ?1 WHERE id = 1")?.execute([built_until])?;
    Ok(())
}

/// Empty every summary table and start a build from the beginning in `timezone`.
pub fn reset(conn: &Connection, timezone: &str) -> Result<()> {
    for (table, _) in TABLES {
        conn.execute(&format!("DELETE FROM {table}"), [])?;
    }
    conn.execute("UPDATE summary_state SET timezone = ?1, built_until = 0 WHERE id = 1", [timezone])?;
    Ok(())
}

/// The first and last instant of the sales ledger (sales, voided ones too, and
/// returns) and the stock ledger.
pub fn ledger_span(conn: &Connection) -> Result<Option<(i64, i64)>> {
    let (first, last): (Option<i64>, Option<i64>) = conn.query_row(
        "SELECT MIN(first), MAX(last) FROM (SELECT MIN(at) AS first, MAX(at) AS last FROM sales
                                            UNION ALL SELECT MIN(at), MAX(at) FROM sale_returns
                                            UNION ALL SELECT MIN(at), MAX(at) FROM stock_moves)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(first.zip(last))
}

/// Voided sales in `from <= at < to`: (instant, user, total).
pub fn voids_between(conn: &Connection, from: i64, to: i64) -> Result<Vec<(i64, Option<i64>, i64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT at, user_id, total FROM sales WHERE status = 'void' AND at >= ?1 AND at < ?2")?;
    let rows = stmt.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stock moves of `from <= at < to`, each as its month's sums: (month, item, sums).
pub fn stock_moves_between(conn: &Connection, from: i64, to: i64, tz: &TimeZone) -> Result<Vec<(Key, StockMonthSums)>> {
    let mut stmt = conn.prepare_cached("SELECT at, item_id, kind, qty FROM stock_moves WHERE at >= ?1 AND at < ?2")?;
    let rows = stmt.query_map(params![from, to], |r| {
        let (at, item, kind, qty): (i64, i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        Ok(((month_of(at, tz), item), StockMonthSums::of_move(&kind, qty)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The shop-local month of an instant as the tables' number (202611).
fn month_of(at: i64, tz: &TimeZone) -> i64 {
    day_number(crate::clock::local_date(at, tz)) / 100
}

/// A stock move just written goes into the per-month summary, unless the build still
/// to run will count it. Called by the one stock writer, in its transaction.
pub fn stock_moved(conn: &Connection, item_id: i64, kind: &str, qty: i64, at: i64) -> Result<()> {
    let state = state(conn)?;
    if at >= state.built_until {
        return Ok(());
    }
    let key = (month_of(at, &state.zone()), item_id);
    add_rows(conn, &BTreeMap::from([(key, StockMonthSums::of_move(kind, qty))]), 1)
}

// ---- Reading for reports ----

/// Each item's stock moves over the months `first_month..=last_month` (202611), summed.
pub fn stock_months(conn: &Connection, first_month: i64, last_month: i64) -> Result<Vec<(i64, StockMonthSums)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, SUM(purchases), SUM(sales), SUM(returns), SUM(adjustments), SUM(counts)
           FROM stock_by_month_item WHERE month >= ?1 AND month <= ?2 GROUP BY item_id",
    )?;
    let rows = stmt.query_map(params![first_month, last_month], |r| {
        let sums = StockMonthSums {
            purchases: r.get(1)?,
            sales: r.get(2)?,
            returns: r.get(3)?,
            adjustments: r.get(4)?,
            counts: r.get(5)?,
        };
        Ok((r.get(0)?, sums))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The per-day rows of `first_day..=last_day`, in day order.
pub fn days(conn: &Connection, first_day: i64, last_day: i64) -> Result<Vec<(i64, DaySums)>> {
    Ok(read_rows::<DaySums>(conn, first_day, last_day)?.into_iter().map(|((day, _), sums)| (day, sums)).collect())
}

/// Each item's sums over `first_day..=last_day`, only items of the category named
/// `category` (any ASCII case) when given. The range's whole months are read from
/// the per-month table, the days before and after them from the per-day one.
pub fn items_between(
    conn: &Connection,
    first_day: i64,
    last_day: i64,
    category: Option<&str>,
) -> Result<Vec<(i64, ItemSums)>> {
    const BY_DAY: &str = "SELECT item_id, qty, value, net, orders FROM sales_by_day_item WHERE day >= ?1 AND day <= ?2";
    const BY_MONTH: &str =
        "SELECT item_id, qty, value, net, orders FROM sales_by_month_item WHERE month >= ?1 AND month <= ?2";
    const OF_CATEGORY: &str = " AND (?3 IS NULL OR item_id IN (SELECT i.id FROM items i
                                     JOIN categories c ON c.id = i.category_id WHERE c.name = ?3 COLLATE NOCASE))";
    let mut sums: std::collections::HashMap<i64, ItemSums> = std::collections::HashMap::new();
    let mut add = |sql: &str, from: i64, to: i64| -> Result<()> {
        let mut stmt = conn.prepare_cached(&format!("{sql}{OF_CATEGORY}"))?;
        let mut rows = stmt.query(params![from, to, category])?;
        while let Some(r) = rows.next()? {
            let row = ItemSums { qty: r.get(1)?, value: r.get(2)?, net: r.get(3)?, orders: r.get(4)? };
            sums.entry(r.get(0)?).or_default().add(&row, 1);
        }
        Ok(())
    };
    let (first, last) = (day_date(first_day), day_date(last_day));
    // The first day of the first whole month, and the last day of the last one.
    let months_from = if first.day() == 1 { first } else { first.last_of_month().tomorrow().unwrap_or(first) };
    let months_to = if last == last.last_of_month() { last } else { last.first_of_month().yesterday().unwrap_or(last) };
    if months_from < months_to {
        add(BY_MONTH, day_number(months_from) / 100, day_number(months_to) / 100)?;
        add(BY_DAY, first_day, day_number(months_from) - 1)?;
        add(BY_DAY, day_number(months_to.tomorrow().unwrap_or(months_to)), last_day)?;
    } else {
        add(BY_DAY, first_day, last_day)?;
    }
    Ok(sums.into_iter().collect())
}

/// Each customer's sums over `first_day..=last_day`.
pub fn customers_between(conn: &Connection, first_day: i64, last_day: i64) -> Result<BTreeMap<i64, CustomerSums>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, SUM(transactions), SUM(returns), SUM(net) FROM sales_by_customer_day
          WHERE day >= ?1 AND day <= ?2 GROUP BY customer_id",
    )?;
    let rows = stmt.query_map(params![first_day, last_day], |r| {
        Ok((r.get(0)?, CustomerSums { transactions: r.get(1)?, returns: r.get(2)?, net: r.get(3)? }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A customer who bought, up to some day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buyer {
    pub customer_id: i64,
    /// Completed sales, and their net less returns.
    pub transactions: i64,
    pub net: i64,
    /// The day of their last completed sale.
    pub last_day: i64,
}

/// Every customer with a completed sale by `last_day`, by id.
pub fn buyers_until(conn: &Connection, last_day: i64) -> Result<Vec<Buyer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, SUM(transactions), SUM(net), MAX(CASE WHEN transactions > 0 THEN day END)
           FROM sales_by_customer_day WHERE day <= ?1
          GROUP BY customer_id HAVING SUM(transactions) > 0 ORDER BY customer_id",
    )?;
    let rows = stmt.query_map([last_day], |r| {
        Ok(Buyer { customer_id: r.get(0)?, transactions: r.get(1)?, net: r.get(2)?, last_day: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The days each customer made a completed sale, up to `last_day`: (customer, day),
/// by customer then day.
pub fn buying_days_until(conn: &Connection, last_day: i64) -> Result<Vec<(i64, i64)>> {
    buying_days_between(conn, i64::MIN, last_day)
}

/// The days in `first_day..=last_day` each customer made a completed sale: (customer,
/// day), by customer then day.
pub fn buying_days_between(conn: &Connection, first_day: i64, last_day: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, day FROM sales_by_customer_day
          WHERE day >= ?1 AND day <= ?2 AND transactions > 0 ORDER BY customer_id, day",
    )?;
    let rows = stmt.query_map([first_day, last_day], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Completed sales and their net per hour of each day of `first_day..=last_day`:
/// (day, hour, sums).
pub fn hours_between(conn: &Connection, first_day: i64, last_day: i64) -> Result<Vec<(i64, i64, HourSums)>> {
    Ok(read_rows::<HourSums>(conn, first_day, last_day)?.into_iter().map(|((d, h), s)| (d, h, s)).collect())
}

/// Each user's sums over `first_day..=last_day` (user 0: sales with no user).
pub fn users_between(conn: &Connection, first_day: i64, last_day: i64) -> Result<BTreeMap<i64, UserSums>> {
    let mut out: BTreeMap<i64, UserSums> = BTreeMap::new();
    for ((_, user), sums) in read_rows::<UserSums>(conn, first_day, last_day)? {
        out.entry(user).or_default().add(&sums, 1);
    }
    Ok(out)
}

/// A shop-local date as the tables' day number: 2026-11-23 → 20261123.
pub fn day_number(date: jiff::civil::Date) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// The date of a day number (a number that is no date gives the earliest date).
pub fn day_date(day: i64) -> jiff::civil::Date {
    jiff::civil::Date::new((day / 10_000) as i16, (day / 100 % 100) as i8, (day % 100) as i8)
        .unwrap_or(jiff::civil::Date::MIN)
}
