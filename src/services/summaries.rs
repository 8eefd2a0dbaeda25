//! The summaries of the sales ledger (`store::summaries`): what goes into them, the
//! one sale writer that keeps them in the same transaction as each sale, the upkeep
//! of returns and voids, the build after a migration or a repair (resumable, a month
//! of ledger per transaction), and the check `warung doctor` runs.
//!
//! Each ledger line's figures come from `reports::ledger`, the same code that folds
//! the ledger for the reports, so the summaries and the ledger cannot disagree on a
//! definition. A document (sale or return) at or after the build's `built_until` is
//! left to the build still running; one before it is summarised as it is written.

use std::collections::HashSet;

use jiff::ToSpan;
use jiff::tz::TimeZone;
use rusqlite::Connection;

use super::{Result, Shop};
use crate::clock::{day_start_ms, local_date};
use crate::domain::doctor::Finding;
use crate::lang::Lang;
use crate::reports::CONTINUE;
use crate::reports::ledger::{Ledger, Totals};
use crate::store::reports::{self as ledger_queries, DocKind, LedgerLine};
use crate::store::sales::{self, NewSale, NewSaleLine};
use crate::store::summaries::{
    self, CustomerSums, DaySums, HourSums, ItemSums, Key, MonthItemSums, Summaries, Sums, UserSums, day_date,
    day_number,
};
use crate::store::{Store, StoreError};

/// Days of ledger summarised per transaction while building.
const BUILD_DAYS: i64 = 31;
/// Differences `doctor` lists before it only counts the rest.
const LISTED_DIFFERENCES: usize = 20;

/// Ledger lines and voids folded into summary rows.
struct Fold<'tz> {
    tz: &'tz TimeZone,
    ledger: Ledger,
    /// Items already seen in the current sale (an item's orders count sales).
    items_in_doc: HashSet<i64>,
    summaries: Summaries,
}

fn add_row<S: Sums>(rows: &mut std::collections::BTreeMap<Key, S>, key: Key, sums: S) {
    rows.entry(key).or_default().add(&sums, 1);
}

impl<'tz> Fold<'tz> {
    fn new(tz: &'tz TimeZone) -> Fold<'tz> {
        Fold { tz, ledger: Ledger::default(), items_in_doc: HashSet::new(), summaries: Summaries::default() }
    }

    fn day(&self, at: i64) -> i64 {
        day_number(local_date(at, self.tz))
    }

    /// The shop-local day and hour of an instant.
    fn day_and_hour(&self, at: i64) -> (i64, i64) {
        let local = crate::clock::timestamp(at).to_zoned(self.tz.clone());
        (day_number(local.date()), i64::from(local.hour()))
    }

    fn line(&mut self, line: &LedgerLine<'_>) {
        let f = self.ledger.figures(line);
        if f.first_of_doc {
            self.items_in_doc.clear();
        }
        let mut t = Totals::default();
        t.add(line.kind, &f);
        let (day, hour) = self.day_and_hour(line.at);
        let s = &mut self.summaries;
        add_row(&mut s.days, (day, 0), day_sums(&t));
        add_row(&mut s.users, (day, line.user_id.unwrap_or(0)), user_sums(&t));
        if let Some(customer) = line.customer_id {
            add_row(
                &mut s.customers,
                (customer, day),
                CustomerSums { transactions: t.transactions, returns: t.returns, net: t.net.rupiah() },
            );
        }
        if line.kind == DocKind::Sale {
            add_row(&mut s.hours, (day, hour), HourSums { sales: t.transactions, net: t.net.rupiah() });
        }
        let first_in_sale = line.kind == DocKind::Sale && self.items_in_doc.insert(line.item_id);
        let (qty, value, net, orders) =
            (f.qty.thousandths(), f.value.rupiah(), f.net.rupiah(), i64::from(first_in_sale));
        add_row(&mut s.items, (day, line.item_id), ItemSums { qty, value, net, orders });
        add_row(&mut s.month_items, (day / 100, line.item_id), MonthItemSums { qty, value, net, orders });
    }

    /// A voided sale counts against its cashier on the sale's day.
    fn void(&mut self, at: i64, user_id: Option<i64>, total: i64) {
        let day = self.day(at);
        add_row(
            &mut self.summaries.users,
            (day, user_id.unwrap_or(0)),
            UserSums { voids: 1, voided: total, ..Default::default() },
        );
    }

    /// The ledger of `from <= at < to`, voided sales included, and the stock moves.
    fn ledger_between(&mut self, conn: &Connection, from: i64, to: i64) -> Result<(), StoreError> {
        ledger_queries::ledger_lines(conn, from, to, |line| {
            self.line(line);
            Ok::<_, StoreError>(CONTINUE)
        })?;
        for (at, user, total) in summaries::voids_between(conn, from, to)? {
            self.void(at, user, total);
        }
        for (key, sums) in summaries::stock_moves_between(conn, from, to, self.tz)? {
            add_row(&mut self.summaries.stock, key, sums);
        }
        Ok(())
    }

    /// One document's lines; returns its instant, user and total (None without lines).
    fn document(
        &mut self,
        conn: &Connection,
        kind: DocKind,
        id: i64,
    ) -> Result<Option<(i64, Option<i64>, i64)>, StoreError> {
        let mut doc = None;
        ledger_queries::document_lines(conn, kind, id, |line| {
            doc = Some((line.at, line.user_id, line.sale_total.rupiah()));
            self.line(line);
            Ok::<_, StoreError>(CONTINUE)
        })?;
        Ok(doc)
    }
}

fn day_sums(t: &Totals) -> DaySums {
    DaySums {
        transactions: t.transactions,
        returns: t.returns,
        items: t.items.thousandths(),
        gross: t.gross.rupiah(),
        discount: t.discount.rupiah(),
        net: t.net.rupiah(),
        tax: t.tax.rupiah(),
        cost: t.cost.rupiah(),
        sales_net: t.sales_net.rupiah(),
        returns_net: t.returns_net.rupiah(),
        sales_discount: t.sales_discount.rupiah(),
    }
}

fn user_sums(t: &Totals) -> UserSums {
    UserSums {
        transactions: t.transactions,
        returns: t.returns,
        items: t.items.thousandths(),
        net: t.net.rupiah(),
        sales_net: t.sales_net.rupiah(),
        returns_net: t.returns_net.rupiah(),
        sales_discount: t.sales_discount.rupiah(),
        voids: 0,
        voided: 0,
    }
}

/// Summarise one document just written at `at` (`sign` −1: a sale being voided,
/// which also counts the void), unless the build still to run will.
fn keep_up(conn: &Connection, kind: DocKind, id: i64, at: i64, sign: i64) -> Result<(), StoreError> {
    let state = summaries::state(conn)?;
    if at >= state.built_until {
        return Ok(());
    }
    let tz = state.zone();
    let mut fold = Fold::new(&tz);
    let Some((at, user, total)) = fold.document(conn, kind, id)? else { return Ok(()) };
    summaries::add(conn, &fold.summaries, sign)?;
    if sign < 0 {
        let mut void = Fold::new(&tz);
        void.void(at, user, total);
        summaries::add(conn, &void.summaries, 1)?;
    }
    Ok(())
}

/// Sales, their lines and their summaries, in the caller's transaction: the core
/// of the one sale writer ([`super::sale_writer`]), which adds the rest. The
/// summaries of every sale written are added at [`SaleWriter::finish`], folded
/// together: a history import of thousands of sales updates each day's and item's
/// summary rows once, not once per sale, which keeps its write transaction short.
pub(crate) struct SaleWriter<'c> {
    conn: &'c Connection,
    built_until: i64,
    /// Sales written that the summaries build still to run will not reach.
    to_summarise: Vec<i64>,
}

impl<'c> SaleWriter<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<SaleWriter<'c>, StoreError> {
        Ok(SaleWriter { conn, built_until: summaries::state(conn)?.built_until, to_summarise: Vec::new() })
    }

    pub(crate) fn write(&mut self, sale: &NewSale<'_>, lines: &[NewSaleLine]) -> Result<i64, StoreError> {
        let sale_id = sales::insert_sale(self.conn, sale)?;
        for line in lines {
            sales::insert_line(self.conn, sale_id, line)?;
        }
        if sale.at < self.built_until {
            self.to_summarise.push(sale_id);
        }
        Ok(sale_id)
    }

    /// Add the summaries of every sale written; the transaction must not commit without it.
    pub(crate) fn finish(self) -> Result<(), StoreError> {
        if self.to_summarise.is_empty() {
            return Ok(());
        }
        let tz = summaries::state(self.conn)?.zone();
        let mut fold = Fold::new(&tz);
        for id in self.to_summarise {
            fold.document(self.conn, DocKind::Sale, id)?;
        }
        summaries::add(self.conn, &fold.summaries, 1)
    }
}

/// A return just written at `at` (with its lines) goes into the summaries.
pub(crate) fn return_written(conn: &Connection, return_id: i64, at: i64) -> Result<(), StoreError> {
    keep_up(conn, DocKind::Return, return_id, at, 1)
}

/// A sale made at `at` about to be marked void leaves the summaries; call it before marking.
pub(crate) fn voiding(conn: &Connection, sale_id: i64, at: i64) -> Result<(), StoreError> {
    keep_up(conn, DocKind::Sale, sale_id, at, -1)
}

/// Summarise the next stretch of ledger the build has not reached; true when done.
/// How far a build of the report summaries has come: said once per step of
/// [`BUILD_DAYS`] on stderr, since the first open after an upgrade of a busy shop
/// takes a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildProgress {
    pub percent: i64,
    /// The last day of the ledger now summarised, in the shop's time zone.
    pub through: jiff::civil::Date,
}

impl BuildProgress {
    pub fn text(&self, lang: Lang) -> String {
        let BuildProgress { percent, through } = self;
        match lang {
            Lang::En => format!("report summaries: {percent}% (through {through})"),
            Lang::Id => format!("ringkasan laporan: {percent}% (sampai {through})"),
        }
    }
}

fn build_step(conn: &Connection, progress: &mut dyn FnMut(BuildProgress)) -> Result<bool, StoreError> {
    let state = summaries::state(conn)?;
    if state.complete() {
        return Ok(true);
    }
    let Some((first, last)) = summaries::ledger_span(conn)? else {
        summaries::set_built_until(conn, i64::MAX)?;
        return Ok(true);
    };
    let from = state.built_until.max(first);
    let to = from.saturating_add(BUILD_DAYS * 24 * 3_600_000);
    let to = if to > last { i64::MAX } else { to };
    let tz = state.zone();
    let mut fold = Fold::new(&tz);
    fold.ledger_between(conn, from, to)?;
    summaries::add(conn, &fold.summaries, 1)?;
    summaries::set_built_until(conn, to)?;
    let done =
        if to == i64::MAX { 100 } else { ((to - first) as i128 * 100 / (last - first + 1).max(1) as i128) as i64 };
    progress(BuildProgress { percent: done, through: local_date(to.min(last), &tz) });
    Ok(to == i64::MAX)
}

/// Build whatever of the summaries is not built yet. An up-to-date shop is only read:
/// opening it takes no write lock from the tills.
pub(crate) fn build(store: &mut Store, progress: &mut dyn FnMut(BuildProgress)) -> Result<(), StoreError> {
    if summaries::state(store.conn())?.complete() {
        return Ok(());
    }
    while !store.write(|tx| build_step(tx, progress))? {}
    Ok(())
}

/// Where the summaries differ from the ledger folded afresh, a month at a time, one
/// line each (at most
/// [`LISTED_DIFFERENCES`], then how many more).
fn differences(conn: &Connection, shop_zone: &TimeZone) -> Result<Vec<Finding>, StoreError> {
    let state = summaries::state(conn)?;
    let mut found = Vec::new();
    if !state.complete() {
        found.push(Finding::SummariesNotBuilt { until: crate::clock::timestamp(state.built_until).to_string() });
        return Ok(found);
    }
    let tz = state.zone();
    if shop_zone.iana_name() != tz.iana_name() {
        let shop = shop_zone.iana_name().unwrap_or("?").to_string();
        found.push(Finding::SummariesZone { days: state.timezone.clone(), shop });
    }
    let ledger_days = summaries::ledger_span(conn)?
        .map(|(first, last)| (day_number(local_date(first, &tz)), day_number(local_date(last, &tz))));
    let span = match (ledger_days, summaries::day_span(conn)?) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, b) => a.or(b),
    };
    let Some((first, last)) = span else { return Ok(found) };
    // Calendar months, so each month's per-month rows meet their days.
    let (mut day, last) = (day_date(first).first_of_month(), day_date(last));
    let mut count = 0usize;
    while day <= last {
        let next = day.saturating_add(1.month());
        let mut fold = Fold::new(&tz);
        fold.ledger_between(conn, day_start_ms(day, &tz), day_start_ms(next, &tz))?;
        let kept = summaries::read(conn, day_number(day), day_number(next.yesterday().unwrap_or(next)))?;
        let mut note = |line: Finding| {
            count += 1;
            if count <= LISTED_DIFFERENCES {
                found.push(line);
            }
        };
        compare(&fold.summaries.days, &kept.days, &mut note);
        compare(&fold.summaries.items, &kept.items, &mut note);
        compare(&fold.summaries.month_items, &kept.month_items, &mut note);
        compare(&fold.summaries.customers, &kept.customers, &mut note);
        compare(&fold.summaries.hours, &kept.hours, &mut note);
        compare(&fold.summaries.users, &kept.users, &mut note);
        compare(&fold.summaries.stock, &kept.stock, &mut note);
        day = next;
    }
    if count > LISTED_DIFFERENCES {
        found.push(Finding::MoreSummaryDifferences { count: count - LISTED_DIFFERENCES });
    }
    if count > 0 {
        found.push(Finding::RepairSummaries);
    }
    Ok(found)
}

fn compare<S: Sums>(
    ledger: &std::collections::BTreeMap<Key, S>,
    kept: &std::collections::BTreeMap<Key, S>,
    note: &mut dyn FnMut(Finding),
) {
    let keys: std::collections::BTreeSet<&Key> = ledger.keys().chain(kept.keys()).collect();
    for key in keys {
        let (want, have) = (ledger.get(key).copied().unwrap_or_default(), kept.get(key).copied().unwrap_or_default());
        if want != have {
            let names = S::KEYS.iter().zip([key.0, key.1]).map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>();
            let (table, key) = (S::TABLE.to_string(), names.join(", "));
            note(Finding::SummaryDiffers { table, key, ledger: format!("{want:?}"), kept: format!("{have:?}") });
        }
    }
}

impl Shop {
    /// Where the summaries differ from the ledger (part of [`Shop::doctor`]).
    pub fn summary_differences(&self) -> Result<Vec<Finding>> {
        Ok(differences(self.store.conn(), &self.time_zone())?)
    }

    /// Throw the summaries away and build them again from the ledger, in the shop's
    /// time zone; the ledger is not touched. Resumes on the next open if killed.
    pub fn repair_summaries(&mut self, progress: &mut dyn FnMut(BuildProgress)) -> Result<()> {
        let zone = self.setting("store.timezone")?;
        self.store.write(|tx| summaries::reset(tx, &zone))?;
        Ok(build(&mut self.store, progress)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::testkit::kit;

    fn counts(conn: &Connection) -> (i64, i64) {
        let rows = |table: &str| conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        (rows("sales_by_day"), rows("sales_by_day_item"))
    }

    /// Sales on days two months apart, so the build takes several steps.
    fn kit_with_months_of_sales() -> crate::services::testkit::Kit {
        let mut k = kit();
        let cashier = k.cashier.clone();
        for _ in 0..4 {
            k.cash_sale(&cashier, &[("A", 2), ("C", 1)], 20_000);
            k.advance_days(45);
        }
        k.cash_sale(&cashier, &[("B", 1)], 5_000);
        k
    }

    #[test]
    fn a_build_killed_half_way_resumes_where_it_stopped() {
        let mut k = kit_with_months_of_sales();
        let kept = counts(k.shop.store.conn());
        assert_eq!(kept, (5, 9));
        let zone = k.shop.setting("store.timezone").unwrap();
        k.shop.store.write(|tx| summaries::reset(tx, &zone)).unwrap();
        // One step, then the process "dies": part of the ledger is summarised.
        let mut heard = Vec::new();
        assert!(!k.shop.store.write(|tx| build_step(tx, &mut |p| heard.push(p))).unwrap());
        assert_eq!(counts(k.shop.store.conn()), (1, 2));
        assert!(heard[0].percent < 100, "{heard:?}");
        let through = heard[0].through.to_string();
        assert_eq!(heard[0].text(Lang::Id), format!("ringkasan laporan: {}% (sampai {through})", heard[0].percent));
        assert_eq!(heard[0].text(Lang::En), format!("report summaries: {}% (through {through})", heard[0].percent));
        assert!(k.shop.doctor().unwrap()[0].to_string().contains("not built past"));
        // A sale made meanwhile after the build's point waits for the build.
        let cashier = k.cashier.clone();
        k.cash_sale(&cashier, &[("A", 1)], 1_000);
        build(&mut k.shop.store, &mut |_| {}).unwrap();
        assert!(summaries::state(k.shop.store.conn()).unwrap().complete());
        assert_eq!(counts(k.shop.store.conn()), (5, 10));
        k.assert_healthy();
    }

    /// How many migrations run from the summaries' one (0018) on: 0018 to 0023.
    /// A migration added after them adds one here and undoes itself in the test below.
    const MIGRATIONS_FROM_SUMMARIES: usize = 6;

    #[test]
    fn a_shop_from_before_the_summaries_gets_them_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let k = kit_with_months_of_sales();
        k.shop.store.conn().execute("VACUUM INTO ?1", [path.to_str().unwrap()]).unwrap();
        // Back to the schema before migration 0018 (the summaries), undoing what the
        // migrations after it did so that they can run again: 0019 added the points part
        // of a return, 0020 the assistant's message templates, 0021 the stock summary
        // (the table is dropped below) and the index of stock moves by time, 0022 the
        // import journal and 0023 its file and options (dropped below).
        let conn = Connection::open(&path).unwrap();
        conn.execute("ALTER TABLE sale_returns DROP COLUMN points_amount", []).unwrap();
        conn.execute("DELETE FROM message_templates WHERE kind LIKE 'assistant%'", []).unwrap();
        conn.execute("DROP INDEX stock_moves_at", []).unwrap();
        for table in [
            "import_runs",
            "stock_by_month_item",
            "summary_state",
            "sales_by_day",
            "sales_by_day_item",
            "sales_by_month_item",
            "sales_by_customer_day",
            "sales_by_day_hour",
            "sales_by_day_user",
        ] {
            conn.execute(&format!("DROP TABLE {table}"), []).unwrap();
        }
        conn.pragma_update(None, "user_version", (crate::store::latest_version() - MIGRATIONS_FROM_SUMMARIES) as i64)
            .unwrap();
        drop(conn);
        let mut heard = Vec::new();
        let shop = Shop::open_reporting(&path, k.clock.clone(), &mut |p| heard.push(p)).unwrap();
        assert_eq!(heard.last().unwrap().percent, 100, "{heard:?}");
        assert_eq!(counts(shop.store.conn()), (5, 9));
        assert_eq!(shop.doctor().unwrap(), []);
    }

    /// Each item's moves as the ledger has them: (before `start`, then per report column
    /// over `start..end`), as stock-movement summed them before the summary.
    fn stock_from_ledger(conn: &Connection, start: i64, end: i64) -> std::collections::BTreeMap<i64, [i64; 6]> {
        let mut stmt = conn
            .prepare(
                "SELECT item_id,
                        COALESCE(SUM(CASE WHEN at < ?1 THEN qty END), 0),
                        COALESCE(SUM(CASE WHEN at >= ?1 AND kind IN ('purchase', 'purchase_return') THEN qty END), 0),
                        COALESCE(SUM(CASE WHEN at >= ?1 AND kind = 'sale' THEN qty END), 0),
                        COALESCE(SUM(CASE WHEN at >= ?1 AND kind IN ('sale_return', 'void') THEN qty END), 0),
                        COALESCE(SUM(CASE WHEN at >= ?1 AND kind IN ('adjustment', 'opening') THEN qty END), 0),
                        COALESCE(SUM(CASE WHEN at >= ?1 AND kind = 'count' THEN qty END), 0)
                   FROM stock_moves WHERE at < ?2 GROUP BY item_id",
            )
            .unwrap();
        let rows = stmt
            .query_map([start, end], |r| {
                Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?]))
            })
            .unwrap();
        rows.map(Result::unwrap).filter(|(_, sums): &(i64, [i64; 6])| sums.iter().any(|v| *v != 0)).collect()
    }

    #[test]
    fn stock_movement_reads_months_and_the_days_around_them_as_the_ledger_has_them() {
        let mut k = kit_with_months_of_sales();
        let supplier = k.add_supplier("Toko Grosir");
        k.receive(supplier, &[("A", 40, 600), ("C", 5, 7_500)], false);
        k.advance_days(3);
        let (cashier, owner) = (k.cashier.clone(), k.owner.clone());
        let sale = k.cash_sale(&cashier, &[("A", 3)], 3_000);
        k.shop.void_sale(&owner, &sale.invoice, "salah input").unwrap();
        k.assert_healthy();
        let tz = k.shop.time_zone();
        let today = local_date(k.shop.now_ms(), &tz);
        let options = crate::reports::Options::default();
        // Ranges inside a month, across two, with whole months and partial ends, from the first.
        for (back_from, back_to) in [(0, 0), (5, 2), (40, 1), (75, 30), (200, 0), (100, 60), (190, 120)] {
            let (from, to) = (today.saturating_sub(back_from.days()), today.saturating_sub(back_to.days()));
            for from in [from, from.first_of_month()] {
                let range = crate::reports::DateRange { from, to };
                let ctx = crate::reports::Context::new(k.shop.store.conn(), tz.clone(), range, &options);
                let got: std::collections::BTreeMap<i64, [i64; 6]> = crate::reports::stock::item_moves(&ctx)
                    .unwrap()
                    .into_iter()
                    .map(|(item, (before, d))| {
                        (item, [before, d.purchases, d.sales, d.returns, d.adjustments, d.counts])
                    })
                    .filter(|(_, sums)| sums.iter().any(|v| *v != 0))
                    .collect();
                assert_eq!(got, stock_from_ledger(k.shop.store.conn(), ctx.start, ctx.end), "{from} – {to}");
            }
        }
    }

    #[test]
    fn a_stock_summary_out_of_step_is_found_and_rebuilt_without_touching_the_ledger() {
        let mut k = kit_with_months_of_sales();
        let a = k.item_id("A");
        let conn = k.shop.store.conn();
        let moves = |conn: &Connection| -> i64 {
            conn.query_row("SELECT COUNT(*) FROM stock_moves", [], |r| r.get(0)).unwrap()
        };
        let before = moves(conn);
        conn.execute("UPDATE stock_by_month_item SET sales = sales - 1000 WHERE month = 202611 AND item_id = ?1", [a])
            .unwrap();
        let found = k.shop.doctor().unwrap();
        let expected = format!("summaries: stock_by_month_item month 202611, item_id {a}: ledger");
        assert!(found.iter().any(|f| f.to_string().starts_with(&expected)), "{found:?}");
        k.shop.repair_summaries(&mut |_| {}).unwrap();
        k.assert_healthy();
        assert_eq!(moves(k.shop.store.conn()), before, "the ledger is untouched");
    }

    #[test]
    fn a_new_time_zone_counts_the_days_again() {
        let mut k = kit_with_months_of_sales();
        let owner = k.owner.clone();
        k.shop.set_setting(&owner, "store.timezone", "Asia/Jayapura").unwrap();
        let state = summaries::state(k.shop.store.conn()).unwrap();
        assert_eq!((state.timezone.as_str(), state.complete()), ("Asia/Jayapura", true));
        k.assert_healthy();
    }
}
