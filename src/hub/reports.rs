//! The association's reports, read from the hub and written by the shop reports'
//! writers (CSV, JSON, xlsx, table). What each column is, and which member-shop
//! report it adds up, is in README ("Association hub"). A member shop's login
//! sees only its own rows, so run by a member they cover that shop alone.

use jiff::civil::Date;
use postgres::Client;

use super::{HubError, HubUrl, Result};
use crate::domain::words::Vocabulary;
use crate::domain::{Money, Qty};
use crate::reports::catalog::{code, date, int, money, qty, text};
use crate::reports::engagement::percent;
use crate::reports::value::Column;
use crate::reports::{Context, Emit, ReportDef, ReportError, ReportProblem, RowSink, Value};

/// Hub reports read PostgreSQL, not a shop's store.
fn from_the_hub(_: &Context<'_>, _: &mut Emit<'_>) -> crate::reports::Result<()> {
    Err(ReportError::Invalid(ReportProblem::ReadFromHub))
}

/// `title` and `description`: (English, Indonesian).
const fn hub_report(
    name: &'static str,
    title: (&'static str, &'static str),
    description: (&'static str, &'static str),
    columns: &'static [Column],
) -> ReportDef {
    ReportDef {
        name,
        title_en: title.0,
        title_id: title.1,
        description_en: description.0,
        description_id: description.1,
        columns,
        needs_cost: false,
        range: crate::reports::catalog::RangeUse::Between,
        options: &[],
        source: from_the_hub,
    }
}

/// The columns members and months share after their first two — `transactions, net,
/// buyers, returning_buyers, repeat_rate, messages, message_cost, attributed_revenue` —
/// filled by [`totals`].
macro_rules! with_totals {
    ($first:expr, $second:expr; $($rest:expr),* $(,)?) => {
        &[
            $first,
            $second,
            int("transactions", "transaksi"),
            money("net", "bersih"),
            int("buyers", "pembeli"),
            int("returning_buyers", "pembeli kembali"),
            qty("repeat_rate", "% belanja ulang"),
            int("messages", "pesan"),
            money("message_cost", "biaya pesan"),
            money("attributed_revenue", "pendapatan teratribusi"),
            $($rest),*
        ]
    };
}

pub static MEMBERS: ReportDef = hub_report(
    "members",
    ("Member shops", "Toko anggota"),
    (
        "One row per member shop: sales, buyers, repeat rate, messages and what they earned",
        "Satu baris per toko anggota: penjualan, pembeli, tingkat belanja ulang, pesan dan hasilnya",
    ),
    with_totals!(
        text("shop", "toko"), text("name", "nama");
        money("gross", "kotor"), money("discount", "diskon"), money("cost", "modal"), qty("items", "barang"), int("new_buyers", "pembeli baru"), money("receivables", "piutang"),
        int("days", "hari"),
    ),
);

pub static MONTHS: ReportDef = hub_report(
    "months",
    ("Association by month", "Asosiasi per bulan"),
    (
        "The association's totals per month, with the members' customer retention",
        "Total asosiasi per bulan, dengan retensi pelanggan toko anggota",
    ),
    with_totals!(date("month", "bulan"), int("shops", "toko"); int("customers_before", "pelanggan sebelumnya"), int("retained", "bertahan"), qty("retention_rate", "% retensi")),
);

pub static CATEGORIES: ReportDef = hub_report(
    "categories",
    ("Categories across shops", "Kategori semua toko"),
    (
        "Categories across the member shops, best net first",
        "Kategori di semua toko anggota, penjualan bersih terbesar dulu",
    ),
    &[
        int("rank", "peringkat"),
        text("category", "kategori"),
        int("shops", "toko"),
        qty("qty", "jumlah"),
        money("net", "bersih"),
    ],
);

pub static MESSAGES: ReportDef = hub_report(
    "messages",
    ("Messages across shops", "Pesan semua toko"),
    ("Messages sent and their cost per member shop and kind", "Pesan terkirim dan biayanya per toko anggota dan jenis"),
    &[
        text("shop", "toko"),
        text("name", "nama"),
        code("kind", "jenis", Vocabulary::MessageKind),
        int("messages", "pesan"),
        money("cost", "biaya"),
    ],
);

pub static REPORTS: [&ReportDef; 4] = [&MEMBERS, &MONTHS, &CATEGORIES, &MESSAGES];

pub fn find(name: &str) -> Result<&'static ReportDef> {
    REPORTS.iter().copied().find(|r| r.name == name).ok_or_else(|| HubError::UnknownReport { name: name.to_string() })
}

const MEMBERS_SQL: &str = "
    WITH d AS (
        SELECT shop, COUNT(*) AS days, SUM(transactions) AS transactions, SUM(net) AS net, SUM(buyers) AS buyers,
               SUM(returning_buyers) AS returning_buyers, SUM(attributed_revenue) AS attributed_revenue,
               SUM(gross) AS gross, SUM(discount) AS discount, SUM(cost) AS cost, SUM(items_milli) AS items_milli,
               SUM(new_buyers) AS new_buyers
          FROM hub.shop_days WHERE day BETWEEN $1::text::date AND $2::text::date GROUP BY shop),
    m AS (
        SELECT shop, SUM(messages) AS messages, SUM(cost) AS cost
          FROM hub.shop_day_messages WHERE day BETWEEN $1::text::date AND $2::text::date GROUP BY shop),
    r AS (
        SELECT DISTINCT ON (shop) shop, receivables
          FROM hub.shop_days WHERE day <= $2::text::date ORDER BY shop, day DESC)
    SELECT s.shop, s.name,
           COALESCE(d.transactions, 0)::int8, COALESCE(d.net, 0)::int8, COALESCE(d.buyers, 0)::int8,
           COALESCE(d.returning_buyers, 0)::int8, COALESCE(m.messages, 0)::int8, COALESCE(m.cost, 0)::int8,
           COALESCE(d.attributed_revenue, 0)::int8, COALESCE(d.gross, 0)::int8, COALESCE(d.discount, 0)::int8,
           COALESCE(d.cost, 0)::int8, COALESCE(d.items_milli, 0)::int8, COALESCE(d.new_buyers, 0)::int8,
           COALESCE(r.receivables, 0)::int8, COALESCE(d.days, 0)::int8
      FROM hub.shops s
      LEFT JOIN d ON d.shop = s.shop
      LEFT JOIN m ON m.shop = s.shop
      LEFT JOIN r ON r.shop = s.shop
     ORDER BY s.shop";

const MONTHS_SQL: &str = "
    WITH d AS (
        SELECT date_trunc('month', day)::date AS month,
               COUNT(DISTINCT shop) FILTER (WHERE transactions > 0) AS shops,
               SUM(transactions) AS transactions, SUM(net) AS net, SUM(buyers) AS buyers,
               SUM(returning_buyers) AS returning_buyers, SUM(attributed_revenue) AS attributed_revenue
          FROM hub.shop_days WHERE day BETWEEN $1::text::date AND $2::text::date GROUP BY 1),
    m AS (
        SELECT date_trunc('month', day)::date AS month, SUM(messages) AS messages, SUM(cost) AS cost
          FROM hub.shop_day_messages WHERE day BETWEEN $1::text::date AND $2::text::date GROUP BY 1),
    r AS (
        SELECT month, SUM(customers_before) AS customers_before, SUM(retained) AS retained
          FROM hub.shop_months
         WHERE month BETWEEN date_trunc('month', $1::text::date) AND $2::text::date GROUP BY 1)
    SELECT d.month::text, d.shops::int8, d.transactions::int8, d.net::int8, d.buyers::int8,
           d.returning_buyers::int8, COALESCE(m.messages, 0)::int8, COALESCE(m.cost, 0)::int8,
           d.attributed_revenue::int8, COALESCE(r.customers_before, 0)::int8, COALESCE(r.retained, 0)::int8
      FROM d LEFT JOIN m USING (month) LEFT JOIN r USING (month)
     ORDER BY d.month";

const CATEGORIES_SQL: &str = "
    SELECT category, COUNT(DISTINCT shop)::int8, SUM(qty_milli)::int8, SUM(net)::int8
      FROM hub.shop_day_categories
     WHERE day BETWEEN $1::text::date AND $2::text::date AND (qty_milli <> 0 OR net <> 0)
     GROUP BY category
     ORDER BY 4 DESC, 1";

const MESSAGES_SQL: &str = "
    SELECT s.shop, s.name, m.kind, SUM(m.messages)::int8, SUM(m.cost)::int8
      FROM hub.shop_day_messages m JOIN hub.shops s ON s.shop = m.shop
     WHERE m.day BETWEEN $1::text::date AND $2::text::date AND m.messages <> 0
     GROUP BY s.shop, s.name, m.kind
     ORDER BY s.shop, m.kind";

/// The values of [`with_totals`]'s columns, from query columns 2 to 8 (transactions,
/// net, buyers, returning buyers, messages, their cost, attributed revenue).
fn totals(row: &postgres::Row) -> [Value<'static>; 8] {
    let int = |i: usize| row.get::<_, i64>(i);
    [
        Value::Int(int(2)),
        Value::Money(Money::new(int(3))),
        Value::Int(int(4)),
        Value::Int(int(5)),
        Value::Qty(percent(int(5), int(4))),
        Value::Int(int(6)),
        Value::Money(Money::new(int(7))),
        Value::Money(Money::new(int(8))),
    ]
}

/// Run hub report `report` over `from`..=`to` into `sink`; returns the rows written.
pub fn run(url: &HubUrl, report: &ReportDef, from: Date, to: Date, sink: &mut dyn RowSink) -> Result<u64> {
    let mut client: Client = url.connect()?;
    let (from, to) = (from.to_string(), to.to_string());
    let sql = match report.name {
        "members" => MEMBERS_SQL,
        "months" => MONTHS_SQL,
        "categories" => CATEGORIES_SQL,
        _ => MESSAGES_SQL,
    };
    let rows = client.query(sql, &[&from, &to]).map_err(|e| url.explain(&e))?;
    let written = |e: ReportError| HubError::ReportWrite(e.to_string());
    sink.begin(report).map_err(written)?;
    let mut count = 0u64;
    for (index, row) in rows.iter().enumerate() {
        let int = |i: usize| row.get::<_, i64>(i);
        let values: Vec<Value<'_>> = match report.name {
            "members" => [Value::text(row.get(0)), Value::text(row.get(1))]
                .into_iter()
                .chain(totals(row))
                .chain([
                    Value::Money(Money::new(int(9))),
                    Value::Money(Money::new(int(10))),
                    Value::Money(Money::new(int(11))),
                    Value::Qty(Qty::from_thousandths(int(12))),
                    Value::Int(int(13)),
                    Value::Money(Money::new(int(14))),
                    Value::Int(int(15)),
                ])
                .collect(),
            "months" => [row.get::<_, String>(0).parse::<Date>().map_or(Value::Null, Value::Date), Value::Int(int(1))]
                .into_iter()
                .chain(totals(row))
                .chain([Value::Int(int(9)), Value::Int(int(10)), Value::Qty(percent(int(10), int(9)))])
                .collect(),
            "categories" => vec![
                Value::Int(index as i64 + 1),
                Value::text(row.get(0)),
                Value::Int(int(1)),
                Value::Qty(Qty::from_thousandths(int(2))),
                Value::Money(Money::new(int(3))),
            ],
            _ => vec![
                Value::text(row.get(0)),
                Value::text(row.get(1)),
                Value::text(row.get(2)),
                Value::Int(int(3)),
                Value::Money(Money::new(int(4))),
            ],
        };
        count += 1;
        if sink.row(&values).map_err(written)?.is_break() {
            break;
        }
    }
    sink.finish().map_err(written)?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_are_the_documented_contract() {
        let totals = "transactions,net,buyers,returning_buyers,repeat_rate,messages,message_cost,attributed_revenue";
        assert_eq!(
            MEMBERS.column_names().join(","),
            format!("shop,name,{totals},gross,discount,cost,items,new_buyers,receivables,days")
        );
        assert_eq!(
            MONTHS.column_names().join(","),
            format!("month,shops,{totals},customers_before,retained,retention_rate")
        );
        assert_eq!(CATEGORIES.column_names().join(","), "rank,category,shops,qty,net");
        assert_eq!(MESSAGES.column_names().join(","), "shop,name,kind,messages,cost");
    }
}
