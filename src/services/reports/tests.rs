//! Reconciliation: a small shop built through the services (sales, a whole-sale
//! discount, a credit sale, a void, a return, a debt payment, a shift) with a fixed
//! clock, and every report checked against figures worked out by hand; then the
//! reports checked against each other for every range.

use crate::lang::Lang;
use jiff::civil::{Date, date};

use super::*;
use crate::domain::cart::Discount;
use crate::domain::refund::RefundMethod;
use crate::domain::{Money, PaymentMethod};
use crate::reports::writers::CsvSink;
use crate::reports::{Format, GroupBy, Options, RankBy, Value};
use crate::services::import::{ImportKind, ImportOptions};
use crate::services::testkit::{Kit, kit, tender};

const MINUTE: i64 = 60_000;

/// The shop of the module docs. Items A 1.000 (cost 700), B 2.500 (2.000),
/// C 10.000 (8.000), K 14.999/kg (12.000), D 5.000 (4.000, 10 in stock, category
/// Snack, reorder at 12).
///
/// 23 Nov: 12:00:30 kasir opens a shift with 100.000 · 12:01 S1 kasir A×2 B×1 cash ·
/// 12:02 S2 kasir C×1 on credit to Darto · 12:03 S3 owner A×3 C×1 with Rp 1.300 off
/// · 12:04 S4 kasir B×2 cash, voided at 12:05 by the manager · 12:06 kasir closes the
/// shift counting 104.000 (expected 104.500).
/// 24 Nov: 12:06 owner takes back 1 A of S1 (cash) · 12:07 Darto pays 4.000 ·
/// 12:08 S5 kasir2 K 1,5 kg and D×4 for Bu Sri, cash.
fn shop() -> Kit {
    let mut k = kit();
    let (owner, manager, kasir, kasir2) = (k.owner.clone(), k.manager.clone(), k.cashier.clone(), k.cashier2.clone());
    let items = "sku,name,price,cost,stock,category,reorder_level\nD,Item D,5000,4000,10,Snack,12\n";
    k.shop.import(&owner, ImportKind::Items, items.as_bytes(), &ImportOptions::default()).unwrap();
    let step = |k: &Kit| k.clock.advance_ms(MINUTE);

    k.clock.advance_ms(MINUTE / 2);
    k.shop.open_shift(&kasir, Money::new(100_000)).unwrap();
    k.clock.advance_ms(MINUTE / 2);
    let s1 = k.cash_sale(&kasir, &[("A", 2), ("B", 1)], 5_000).invoice;
    step(&k);
    k.credit_sale(&kasir, k.darto, &[("C", 1)]);
    step(&k);
    let mut cart = k.cart(&[("A", 3_000), ("C", 1_000)], None);
    cart.set_sale_discount(Discount::Amount(Money::new(1_300))).unwrap();
    k.checkout(&owner, cart, vec![tender(PaymentMethod::Cash, 11_700)]);
    step(&k);
    let s4 = k.cash_sale(&kasir, &[("B", 2)], 5_000).invoice;
    step(&k);
    k.shop.void_sale(&manager, &s4, "salah input").unwrap();
    step(&k);
    let closed = k.shop.close_shift(&kasir, Money::new(104_000)).unwrap();
    assert_eq!(closed.difference, Money::new(-500));

    k.advance_days(1);
    k.shop.return_lines(&owner, None, &s1, &[(1, crate::domain::Qty::ONE)], RefundMethod::Cash, "rusak").unwrap();
    step(&k);
    k.shop.receive_payment(&kasir, k.darto, Money::new(4_000), PaymentMethod::Cash, "").unwrap();
    step(&k);
    let cart = k.cart(&[("K", 1_500), ("D", 4_000)], Some(k.sri));
    k.checkout(&kasir2, cart, vec![tender(PaymentMethod::Cash, 50_000)]);
    k.assert_healthy();
    k
}

fn request(name: &str, from: Date, to: Date) -> ReportRequest {
    ReportRequest::new(name).between(from, to)
}

fn csv_as(k: &Kit, actor: &Actor, request: &ReportRequest) -> String {
    let mut out = Vec::new();
    k.shop.run_report(actor, request, &mut CsvSink::new(&mut out)).unwrap();
    String::from_utf8(out).unwrap()
}

fn csv(k: &Kit, request: &ReportRequest) -> String {
    csv_as(k, &k.owner, request)
}

fn both_days(name: &str) -> ReportRequest {
    request(name, date(2026, 11, 23), date(2026, 11, 24))
}

fn code(k: &Kit, customer: i64) -> String {
    k.shop.customer(customer).unwrap().code
}

#[test]
fn sales_lines_by_hand() {
    let k = shop();
    let (darto, sri) = (code(&k, k.darto), code(&k, k.sri));
    let expected = format!(
        "invoice,time,cashier,customer_code,customer_name,sku,item,qty,unit_price,tier,discount,line_total,cost,kind,category,sale_discount,net
INV/261123/0001,2026-11-23 12:01:00,kasir,,,A,Item A,2,1000,retail,0,2000,1400,sale,,0,2000
INV/261123/0001,2026-11-23 12:01:00,kasir,,,B,Item B,1,2500,retail,0,2500,2000,sale,,0,2500
INV/261123/0002,2026-11-23 12:02:00,kasir,{darto},Warung Pak Darto,C,Item C,1,10000,retail,0,10000,8000,sale,,0,10000
INV/261123/0003,2026-11-23 12:03:00,pemilik,,,A,Item A,3,1000,retail,0,3000,2100,sale,,300,2700
INV/261123/0003,2026-11-23 12:03:00,pemilik,,,C,Item C,1,10000,retail,0,10000,8000,sale,,1000,9000
INV/261123/0001-R1,2026-11-24 12:06:00,pemilik,,,A,Item A,-1,1000,retail,0,-1000,-700,return,,0,-1000
INV/261124/0001,2026-11-24 12:08:00,kasir2,{sri},Bu Sri,K,Item K,1.5,14999,retail,0,22499,18000,sale,,0,22499
INV/261124/0001,2026-11-24 12:08:00,kasir2,{sri},Bu Sri,D,Item D,4,5000,retail,0,20000,16000,sale,Snack,0,20000
"
    );
    assert_eq!(csv(&k, &both_days("sales-lines")), expected);
}

#[test]
fn sales_summary_by_hand() {
    let k = shop();
    assert_eq!(
        csv(&k, &both_days("sales-summary")),
        "period,transactions,items,gross,discount,net,cost,profit,avg_basket,start,end,returns,returns_net,tax
2026-11-23,3,8,27500,1300,26200,21500,4700,8733,2026-11-23,2026-11-23,0,0,0
2026-11-24,1,4.5,41499,0,41499,33300,8199,42499,2026-11-24,2026-11-24,1,1000,0
"
    );
    // Empty days are there too; a month is the sum of its days.
    let mut month = request("sales-summary", date(2026, 11, 20), date(2026, 11, 30));
    month.options.group_by = Some(GroupBy::Month);
    assert_eq!(
        csv(&k, &month).lines().nth(1),
        Some("2026-11,4,12.5,68999,1300,67699,54800,12899,17175,2026-11-20,2026-11-30,1,1000,0")
    );
    let days = csv(&k, &request("sales-summary", date(2026, 11, 22), date(2026, 11, 25)));
    assert!(days.contains("\n2026-11-22,0,0,0,0,0,0,0,0,2026-11-22,2026-11-22,0,0,0\n"), "{days}");
    assert_eq!(days.lines().count(), 5);
}

#[test]
fn cashier_performance_by_hand() {
    let k = shop();
    assert_eq!(
        csv(&k, &both_days("cashier-performance")),
        "username,name,transactions,net_sales,items,voids,discounts,avg_basket,shifts,cash_difference,returns,returns_net,voided_total
kasir,,2,14500,4,1,0,7250,1,-500,0,0,5000
kasir2,,1,42499,5.5,0,0,42499,0,0,0,0,0
manajer,,0,0,0,0,0,0,0,0,0,0,0
pemilik,,1,10700,3,0,1300,11700,0,0,1,1000,0
"
    );
}

#[test]
fn customers_by_hand() {
    let k = shop();
    let (darto, sri) = (code(&k, k.darto), code(&k, k.sri));
    assert_eq!(
        csv(&k, &both_days("customers")),
        format!(
            "code,name,phone,first_purchase,last_purchase,orders,net_spend,receivable,points
{darto},Warung Pak Darto,,2026-11-23,2026-11-23,1,10000,6000,0
{sri},Bu Sri,,2026-11-24,2026-11-24,1,42499,0,0
"
        )
    );
    // Before the payment Darto owed it all; Sri had bought nothing yet.
    let first_day = csv(&k, &request("customers", date(2026, 11, 23), date(2026, 11, 23)));
    assert!(
        first_day.contains(&format!("{darto},Warung Pak Darto,,2026-11-23,2026-11-23,1,10000,10000,0\n")),
        "{first_day}"
    );
    assert!(first_day.contains(&format!("{sri},Bu Sri,,,,0,0,0,0\n")), "{first_day}");
}

#[test]
fn best_sellers_by_hand() {
    let k = shop();
    assert_eq!(
        csv(&k, &both_days("best-sellers")),
        "rank,sku,item,category,qty,revenue,orders
1,D,Item D,Snack,4,20000,1
2,A,Item A,,4,3700,2
3,C,Item C,,2,19000,2
4,K,Item K,,1.5,22499,1
5,B,Item B,,1,2500,1
"
    );
    let mut top = both_days("best-sellers");
    top.options = Options { by: Some(RankBy::Revenue), limit: Some(2), ..Default::default() };
    assert_eq!(
        csv(&k, &top),
        "rank,sku,item,category,qty,revenue,orders\n1,K,Item K,,1.5,22499,1\n2,D,Item D,Snack,4,20000,1\n"
    );
    let mut snack = both_days("best-sellers");
    snack.options.category = Some("snack".into());
    assert_eq!(csv(&k, &snack).lines().skip(1).collect::<Vec<_>>(), ["1,D,Item D,Snack,4,20000,1"]);
    snack.options.category = Some("Rokok".into());
    let err = k.shop.run_report(&k.owner, &snack, &mut CsvSink::new(Vec::new())).unwrap_err();
    assert_eq!(err.to_string(), "no category is called 'Rokok'");
}

#[test]
fn stock_reports_by_hand() {
    let k = shop();
    assert_eq!(
        csv(&k, &both_days("stock-movement")),
        "sku,item,opening,purchases,sales,returns,adjustments,counts,closing,category,unit
A,Item A,0,0,5,1,0,0,-4,,PCS
B,Item B,0,0,3,2,0,0,-1,,PCS
C,Item C,0,0,2,0,0,0,-2,,PCS
D,Item D,0,0,4,0,10,0,6,Snack,PCS
K,Item K,0,0,1.5,0,0,0,-1.5,,KG
"
    );
    let second_day = csv(&k, &request("stock-movement", date(2026, 11, 24), date(2026, 11, 24)));
    assert!(second_day.contains("\nA,Item A,-5,0,0,1,0,0,-4,,PCS\n"), "{second_day}");
    assert!(second_day.contains("\nD,Item D,10,0,4,0,0,0,6,Snack,PCS\n"), "{second_day}");
    assert_eq!(
        csv(&k, &both_days("stock-levels")),
        "sku,item,category,unit,on_hand,cost_value,reorder_level,below_reorder,unit_cost
A,Item A,,PCS,-4,-2800,0,no,700
B,Item B,,PCS,-1,-2000,0,no,2000
C,Item C,,PCS,-2,-16000,0,no,8000
D,Item D,Snack,PCS,6,24000,12,yes,4000
K,Item K,,KG,-1.5,-18000,0,no,12000
"
    );
    // As of the first evening: before the return and the second day's sale.
    let first = csv(&k, &request("stock-levels", date(2026, 11, 23), date(2026, 11, 23)));
    assert!(
        first.contains("\nA,Item A,,PCS,-5,-3500,0,no,700\n")
            && first.contains("\nD,Item D,Snack,PCS,10,40000,12,yes,4000\n"),
        "{first}"
    );
}

#[test]
fn receivables_are_aged_as_of_the_end_of_the_range() {
    let k = shop();
    let darto = code(&k, k.darto);
    let header = "code,name,invoice,date,due_date,amount,paid,balance,days_overdue,bucket\n";
    let as_of = |day: Date| csv(&k, &request("receivables", day, day));
    assert_eq!(
        as_of(date(2026, 11, 24)),
        format!("{header}{darto},Warung Pak Darto,INV/261123/0002,2026-11-23,2026-12-07,10000,4000,6000,-13,current\n")
    );
    assert_eq!(
        as_of(date(2026, 11, 23)),
        format!("{header}{darto},Warung Pak Darto,INV/261123/0002,2026-11-23,2026-12-07,10000,0,10000,-14,current\n")
    );
    assert!(as_of(date(2026, 12, 20)).ends_with(",6000,13,1-30\n"));
    assert_eq!(as_of(date(2026, 11, 22)), header);
    assert_eq!(csv(&k, &both_days("payables")), header);
}

/// Sum a money column of a report's rows.
fn column_sum(k: &Kit, request: &ReportRequest, column: &str) -> i64 {
    let page = k.shop.report_page(&k.owner, request, 0, usize::MAX).unwrap();
    let index = page.columns.iter().position(|c| c.name == column).unwrap();
    page.rows
        .iter()
        .map(|row| match &row[index] {
            Value::Money(m) => m.rupiah(),
            Value::Int(n) => *n,
            Value::Null => 0,
            other => panic!("{column}: {other:?}"),
        })
        .sum()
}

#[test]
fn reports_agree_with_each_other_for_every_range() {
    let k = shop();
    let days = [date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)];
    for (i, from) in days.iter().enumerate() {
        for to in &days[i..] {
            let (from, to) = (*from, *to);
            let range = |name: &str| request(name, from, to);
            let net = column_sum(&k, &range("sales-summary"), "net");
            let lines = column_sum(&k, &range("sales-lines"), "line_total");
            let sale_discounts = column_sum(&k, &range("sales-lines"), "sale_discount");
            assert_eq!(
                net,
                lines - sale_discounts,
                "{from}..{to}: summary net = line totals less whole-sale discounts"
            );
            assert_eq!(net, column_sum(&k, &range("sales-lines"), "net"), "{from}..{to}");
            assert_eq!(net, column_sum(&k, &range("cashier-performance"), "net_sales"), "{from}..{to}");
            assert_eq!(
                net,
                column_sum(&k, &range("customers"), "net_spend") + anonymous_net(&k, from, to),
                "{from}..{to}"
            );
            let mut all = range("best-sellers");
            all.options.limit = Some(usize::MAX);
            assert_eq!(net, column_sum(&k, &all, "revenue"), "{from}..{to}");
            for column in ["gross", "discount", "cost", "transactions"] {
                let summary = column_sum(&k, &range("sales-summary"), column);
                let by_line = match column {
                    "transactions" => column_sum(&k, &range("cashier-performance"), "transactions"),
                    "gross" => lines + column_sum(&k, &range("sales-lines"), "discount"),
                    "discount" => column_sum(&k, &range("sales-lines"), "discount") + sale_discounts,
                    _ => column_sum(&k, &range("sales-lines"), column),
                };
                assert_eq!(summary, by_line, "{from}..{to}: {column}");
            }
            // Stock: movement's closing is stock-levels' on hand, row by row.
            let movement = k.shop.report_page(&k.owner, &range("stock-movement"), 0, 100).unwrap();
            let levels = k.shop.report_page(&k.owner, &range("stock-levels"), 0, 100).unwrap();
            let closing: Vec<(&Value, &Value)> = movement.rows.iter().map(|r| (&r[0], &r[8])).collect();
            let on_hand: Vec<(&Value, &Value)> = levels.rows.iter().map(|r| (&r[0], &r[4])).collect();
            assert_eq!(closing, on_hand, "{from}..{to}");
        }
    }
    // Up to today, closing stock is what the items hold now.
    let levels =
        k.shop.report_page(&k.owner, &request("stock-levels", date(2026, 11, 24), date(2026, 11, 24)), 0, 100).unwrap();
    for row in &levels.rows {
        let Value::Text(sku) = &row[0] else { panic!() };
        assert_eq!(row[4], Value::Qty(k.on_hand(sku)), "{sku}");
    }
}

/// Net of sales with no customer, from sales-lines.
fn anonymous_net(k: &Kit, from: Date, to: Date) -> i64 {
    let page = k.shop.report_page(&k.owner, &request("sales-lines", from, to), 0, usize::MAX).unwrap();
    page.rows
        .iter()
        .filter(|r| r[3] == Value::Null)
        .map(|r| if let Value::Money(m) = r[16] { m.rupiah() } else { 0 })
        .sum()
}

#[test]
fn only_the_owner_reads_the_audit_trail() {
    let k = shop();
    for actor in [&k.manager, &k.cashier] {
        let err = k.shop.run_report(actor, &both_days("audit"), &mut CsvSink::new(Vec::new())).unwrap_err();
        assert!(matches!(err, ServiceError::Denied { .. }), "{}: {err}", actor.username);
    }
    let trail = csv_as(&k, &k.owner, &both_days("audit"));
    assert!(trail.starts_with("time,user,action,entity,entity_id,before,after\n"));
    assert!(trail.contains(",kasir,sale.complete,sale,"), "{trail}");
}

#[test]
fn cost_and_profit_need_see_cost() {
    let k = shop();
    for name in ["sales-summary", "sales-lines", "stock-levels"] {
        let err = k.shop.run_report(&k.cashier, &both_days(name), &mut CsvSink::new(Vec::new())).unwrap_err();
        assert!(matches!(err, ServiceError::Denied { .. }), "{name}: {err}");
    }
    assert!(csv_as(&k, &k.manager, &both_days("sales-summary")).starts_with("period,"));
    assert!(csv_as(&k, &k.cashier, &both_days("best-sellers")).starts_with("rank,"));
    assert!(csv_as(&k, &k.cashier, &both_days("stock-movement")).starts_with("sku,"));
}

#[test]
fn phone_numbers_need_the_export_permission() {
    let k = shop();
    let err = k.shop.run_report(&k.cashier, &both_days("customers"), &mut CsvSink::new(Vec::new())).unwrap_err();
    assert!(err.to_string().contains("phone numbers"), "{err}");
    assert!(csv_as(&k, &k.manager, &both_days("customers")).starts_with("code,"));
}

#[test]
fn bad_requests_write_nothing() {
    let k = shop();
    let mut out = Vec::new();
    let mut refuse = |request: ReportRequest| {
        k.shop.run_report(&k.owner, &request, &mut CsvSink::new(&mut out)).unwrap_err().to_string()
    };
    assert_eq!(refuse(ReportRequest::new("sales")), "unknown report 'sales' (see `warung report --list`)");
    assert_eq!(
        refuse(request("sales-lines", date(2026, 11, 24), date(2026, 11, 23))),
        "--from 2026-11-24 is after --to 2026-11-23"
    );
    let mut grouped = both_days("customers");
    grouped.options.group_by = Some(GroupBy::Week);
    assert!(refuse(grouped).starts_with("--group-by does not apply to customers"));
    assert!(out.is_empty());
}

#[test]
fn default_range_is_the_last_30_days() {
    let k = shop();
    let (_, range) = k.shop.plan_report(&k.owner, &ReportRequest::new("sales-summary")).unwrap();
    // The clock is on 24 Nov.
    assert_eq!((range.from, range.to), (date(2026, 10, 26), date(2026, 11, 24)));
    assert_eq!(csv(&k, &ReportRequest::new("sales-summary")).lines().count(), 31);
}

#[test]
fn a_screen_pages_through_a_report() {
    let k = shop();
    let first = k.shop.report_page(&k.owner, &both_days("sales-lines"), 0, 3).unwrap();
    assert_eq!((first.rows.len(), first.more, first.columns[0].name), (3, true, "invoice"));
    let last = k.shop.report_page(&k.owner, &both_days("sales-lines"), 6, 3).unwrap();
    assert_eq!((last.rows.len(), last.more, last.offset), (2, false, 6));
    assert_eq!(last.rows[1][5], Value::text("D"));
    let past = k.shop.report_page(&k.owner, &both_days("sales-lines"), 50, 3).unwrap();
    assert!(past.rows.is_empty() && !past.more);
}

#[test]
fn every_format_writes_every_report() {
    let k = shop();
    for report in k.shop.report_list() {
        for format in Format::ALL {
            let mut out = Vec::new();
            let rows =
                k.shop.run_report(&k.owner, &both_days(report.name), &mut format.sink(&mut out, Lang::En)).unwrap();
            assert!(!out.is_empty(), "{} as {format:?}", report.name);
            if format == Format::Json {
                let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
                assert_eq!(json.as_array().unwrap().len() as u64, rows, "{}", report.name);
            }
        }
    }
}
