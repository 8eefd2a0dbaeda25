use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;

use super::*;
use crate::clock::FixedClock;
use crate::domain::cart::{Cart, Discount};
use crate::domain::master::{CustomerForm, ItemForm};
use crate::domain::{Money, PaymentMethod, Qty, Role};
use crate::services::Actor;
use crate::services::checkout::{CheckoutRequest, Tender};
use crate::store::Store;

struct Fixture {
    shop: Shop,
    owner: Actor,
    cashier: Actor,
}

fn fixture() -> Fixture {
    let clock = Arc::new(FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23)));
    let mut shop = Shop::new(Store::open_in_memory().unwrap(), clock);
    let cli = Actor::command_line();
    shop.add_user(&cli, "pemilik", "Budi Santoso", Role::Owner, "rahasia1").unwrap();
    shop.add_user(&cli, "kasir", "Sari Wulandari", Role::Cashier, "kasir123").unwrap();
    let owner = shop.login("pemilik", "rahasia1").unwrap();
    let cashier = shop.login("kasir", "kasir123").unwrap();
    for (key, value) in [
        ("store.name", "Toko Sumber Rejeki"),
        ("store.address", "Jl. Raya Pasar Minggu No. 123, Jakarta Selatan"),
        ("store.phone", "021-7890-1234"),
        ("store.tax_number", "01.234.567.8-901.000"),
    ] {
        shop.set_setting(&owner, key, value).unwrap();
    }
    let item = |sku: &str, name: &str, unit: &str, price: &str, w1: &str| ItemForm {
        sku: sku.into(),
        name: name.into(),
        unit: unit.into(),
        cost: "2900".into(),
        price: price.into(),
        price_wholesale1: w1.into(),
        min_qty_wholesale1: if w1.is_empty() { String::new() } else { "10".into() },
        ..Default::default()
    };
    shop.create_item(&owner, &item("IDM", "Indomie Goreng", "PCS", "3500", "3300")).unwrap();
    shop.create_item(&owner, &item("MYK", "Minyak Goreng Bimoli Spesial Pouch 2 Liter", "PCS", "38500", "37000"))
        .unwrap();
    shop.create_item(&owner, &item("BRS", "Beras Pandan Wangi", "KG", "14999", "")).unwrap();
    let customer = CustomerForm {
        code: "M0001".into(),
        name: "Warung Pak Darto".into(),
        phone: "0856-1111-2222".into(),
        address: "Gg. Kenanga 5, Cilandak".into(),
        tier: "wholesale1".into(),
        credit_limit: "500000".into(),
        ..Default::default()
    };
    shop.create_customer(&owner, &customer).unwrap();
    Fixture { shop, owner, cashier }
}

fn tender(method: PaymentMethod, amount: i64, reference: &str) -> Tender {
    Tender { method, amount: Money::new(amount), reference: reference.into() }
}

fn cart_of(shop: &Shop, lines: &[(&str, Qty)]) -> Cart {
    let mut cart = Cart::default();
    for (code, qty) in lines {
        let (item, _) = shop.lookup_code(code).unwrap().unwrap();
        cart.add(item, *qty).unwrap();
    }
    cart
}

/// A retail cash sale with everything a receipt can show short of credit: a long
/// name, a weighed item, a quantity break, line and sale discounts, tax, a split
/// payment with a reference, and change.
fn rich_sale(f: &mut Fixture) -> i64 {
    f.shop.set_setting(&f.owner, "tax.rate", "11").unwrap();
    let mut cart = cart_of(
        &f.shop,
        &[("MYK", Qty::from_units(2)), ("BRS", Qty::from_thousandths(1_500)), ("IDM", Qty::from_units(10))],
    );
    cart.set_line_discount(0, Discount::Amount(Money::new(2_000))).unwrap();
    cart.set_sale_discount(Discount::Amount(Money::new(1_000))).unwrap();
    // 75.000 + 22.499 + 33.000 = 130.499; -1.000 = 129.499; tax 11% 14.245 → 143.744
    let payments = vec![tender(PaymentMethod::Transfer, 100_000, "BCA 0123"), tender(PaymentMethod::Cash, 50_000, "")];
    let sale = f.shop.checkout(&f.owner, &CheckoutRequest { cart, payments, ..Default::default() }).unwrap();
    assert_eq!((sale.totals.total, sale.change), (Money::new(143_744), Money::new(6_256)));
    sale.sale_id
}

fn credit_sale(f: &mut Fixture, units: i64, credit: i64) -> i64 {
    let mut cart = cart_of(&f.shop, &[("IDM", Qty::from_units(units))]);
    cart.set_customer(Some(f.shop.cart_customer(1).unwrap()));
    let total = cart.totals(0).unwrap().total.rupiah();
    let mut payments = vec![tender(PaymentMethod::Credit, credit, "")];
    if total > credit {
        payments.push(tender(PaymentMethod::Cash, total - credit, ""));
    }
    f.shop.checkout(&f.cashier, &CheckoutRequest { cart, payments, ..Default::default() }).unwrap().sale_id
}

fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(line.chars().count() <= width, "longer than {width}: {line:?}\n{text}");
    }
}

#[test]
fn receipt_at_32_columns() {
    let mut f = fixture();
    let id = rich_sale(&mut f);
    let text = f.shop.render_receipt(id, None).unwrap();
    assert_fits(&text, 32);
    insta::assert_snapshot!("receipt_32", text);
}

#[test]
fn receipt_at_48_columns() {
    let mut f = fixture();
    let id = rich_sale(&mut f);
    f.shop.set_setting(&f.owner, "receipt.width", "48").unwrap();
    let text = f.shop.render_receipt(id, None).unwrap();
    assert_fits(&text, 48);
    assert_eq!(text, f.shop.render_receipt(id, Some(48)).unwrap());
    insta::assert_snapshot!("receipt_48", text);
    assert!(f.shop.render_receipt(id, Some(40)).is_err());
}

#[test]
fn credit_sale_shows_the_customers_remaining_receivable() {
    let mut f = fixture();
    let first = credit_sale(&mut f, 10, 33_000); // all 33.000 on credit
    let second = credit_sale(&mut f, 20, 50_000); // 66.000: 50.000 credit, 16.000 cash
    let text = f.shop.render_receipt(second, Some(32)).unwrap();
    assert_fits(&text, 32);
    insta::assert_snapshot!("receipt_credit_32", text);
    let receipt = f.shop.receipt(second).unwrap();
    assert_eq!((receipt.credit, receipt.balance), (Money::new(50_000), Money::new(83_000)));
    assert_eq!(receipt.due_date, "07/12/2026");
    // A reprint of the first sale shows what was owed then, not what is owed now.
    let text = f.shop.render_receipt(first, Some(48)).unwrap();
    assert!(text.lines().any(|l| l.starts_with("Sisa piutang") && l.ends_with(" 33.000")), "{text}");
    // A cash sale without a customer owes nothing and says nothing about it.
    let cash = rich_sale(&mut f);
    assert!(!f.shop.render_receipt(cash, None).unwrap().contains("piutang"));
}

#[test]
fn void_sales_are_marked() {
    let mut f = fixture();
    let id = credit_sale(&mut f, 1, 3_300);
    f.shop
        .store
        .conn()
        .execute("UPDATE sales SET status = 'void', void_reason = 'salah input' WHERE id = ?1", [id])
        .unwrap();
    let text = f.shop.render_receipt(id, None).unwrap();
    assert!(text.starts_with("      *** BATAL / VOID ***\n"), "{text}");
    assert!(text.contains("*** BATAL: salah input ***"), "{text}");
    let history = f.shop.recent_sales(10).unwrap();
    assert_eq!(history[0].status, SaleStatus::Void);
}

#[test]
fn sales_history_and_invoice_lookup() {
    let mut f = fixture();
    let first = credit_sale(&mut f, 10, 33_000);
    let second = rich_sale(&mut f);
    let history = f.shop.recent_sales(10).unwrap();
    let ids: Vec<i64> = history.iter().map(|s| s.id).collect();
    assert_eq!(ids, [second, first], "newest first");
    assert_eq!(history[1].customer_name.as_deref(), Some("Warung Pak Darto"));
    assert_eq!((history[1].total, history[1].invoice.as_str()), (Money::new(33_000), "INV/261123/0001"));
    assert_eq!(history[0].customer_name, None);
    assert_eq!(f.shop.recent_sales(1).unwrap().len(), 1);
    assert_eq!(f.shop.sale_id_by_invoice(" INV/261123/0001 ").unwrap(), first);
    let err = f.shop.sale_id_by_invoice("INV/000000/9999").unwrap_err();
    assert!(matches!(err, ServiceError::Missing(_)));
    assert_eq!(err.to_string(), "invoice INV/000000/9999 not found");
    assert!(matches!(f.shop.receipt(999), Err(ServiceError::Missing(_))));
}

#[test]
fn a_saved_template_is_used_and_audited_and_can_be_reset() {
    let mut f = fixture();
    let id = credit_sale(&mut f, 10, 33_000);
    let body = "{{ store.name|upper }}\n{% for l in lines %}{{ row(l.sku, l.total|money) }}\n{% endfor %}Hutang {{ balance|money }}\n";
    f.shop.set_template(&f.owner, RECEIPT, body).unwrap();
    assert_eq!(f.shop.template(RECEIPT).unwrap(), body);
    assert_eq!(
        f.shop.render_receipt(id, Some(32)).unwrap(),
        "TOKO SUMBER REJEKI\nIDM                       33.000\nHutang 33.000\n"
    );
    let audit = &f.shop.recent_audit(1).unwrap()[0];
    assert_eq!((audit.action.as_str(), audit.entity_id.as_str()), ("template.change", RECEIPT));
    assert_eq!((audit.before.as_deref(), audit.after.as_deref()), (None, Some(body)));
    let listed = f.shop.templates().unwrap();
    assert!(listed.iter().any(|t| t.name == RECEIPT && t.customised));

    f.shop.reset_template(&f.owner, RECEIPT).unwrap();
    assert_eq!(f.shop.template(RECEIPT).unwrap(), include_str!("receipt.txt.j2"));
    assert!(f.shop.render_receipt(id, None).unwrap().contains("Sisa piutang"));
    assert_eq!(f.shop.recent_audit(1).unwrap()[0].action, "template.reset");
}

#[test]
fn a_broken_template_is_refused_with_the_line_and_the_old_one_kept() {
    let mut f = fixture();
    let good = "{{ invoice }}\n";
    f.shop.set_template(&f.owner, RECEIPT, good).unwrap();
    let broken = "{{ invoice }}\n{{ row('Total', total|mony) }}\n";
    let err = f.shop.set_template(&f.owner, RECEIPT, broken).unwrap_err().to_string();
    assert!(err.contains("line 2") && err.contains("mony"), "{err}");
    let unclosed = "{{ invoice }}\n{% for l in lines %}\n{{ l.name }}\n";
    let err = f.shop.set_template(&f.owner, RECEIPT, unclosed).unwrap_err().to_string();
    assert!(err.contains("syntax error") && err.contains("endfor"), "{err}");
    let misspelt = "{{ invoice }}\n{{ custmer.name }}\n";
    let err = f.shop.set_template(&f.owner, RECEIPT, misspelt).unwrap_err().to_string();
    assert!(err.contains("line 2") && err.contains("undefined"), "{err}");
    assert_eq!(f.shop.template(RECEIPT).unwrap(), good);
    assert!(matches!(f.shop.set_template(&f.cashier, RECEIPT, good), Err(ServiceError::Denied { .. })));
    assert!(matches!(
        f.shop.template("nope"),
        Err(ServiceError::Refused(crate::services::Refusal::UnknownTemplate { .. }))
    ));
    assert!(f.shop.preview_template(RECEIPT, broken).is_err());
    assert!(f.shop.preview_template(RECEIPT, "{{ invoice }}").unwrap().starts_with("INV/"));
}

#[test]
fn a4_invoice_is_escaped_printable_html() {
    let mut f = fixture();
    let tricky = CustomerForm {
        code: "M0002".into(),
        name: "Toko <b>\"Maju\" & Jaya</b>".into(),
        address: "Jl. Melati <script>alert(1)</script>".into(),
        tier: "wholesale1".into(),
        credit_limit: "500000".into(),
        ..Default::default()
    };
    let customer_id = f.shop.create_customer(&f.owner, &tricky).unwrap();
    let mut cart = cart_of(&f.shop, &[("IDM", Qty::from_units(40)), ("BRS", Qty::from_units(2))]);
    cart.set_customer(Some(f.shop.cart_customer(customer_id).unwrap()));
    let payments = vec![tender(PaymentMethod::Credit, 100_000, ""), tender(PaymentMethod::Cash, 61_998, "")];
    let sale = f.shop.checkout(&f.owner, &CheckoutRequest { cart, payments, ..Default::default() }).unwrap();
    let html = f.shop.invoice_a4(sale.sale_id).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("Toko &lt;b&gt;&quot;Maju&quot; &amp; Jaya&lt;&#x2f;b&gt;"), "{html}");
    assert!(!html.contains("<b>") && !html.contains("<script>"));
    assert!(html.contains("Jl. Melati &lt;script&gt;"), "address shown, escaped");
    for needle in
        ["Toko Sumber Rejeki", "NPWP 01.234.567.8-901.000", "IDM", "BRS", "132.000", "29.998", "161.998", "100.000"]
    {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert!(
        html.contains("<tr class=\"due\"><td>Sisa tagihan faktur ini</td><td class=\"num\">100.000</td></tr>"),
        "{html}"
    );
}

const INIT: &[u8] = &[0x1b, b'@'];
const CUT: &[u8] = &[0x1d, b'V'];

fn assert_escpos(bytes: &[u8], text: &str) {
    assert!(bytes.starts_with(INIT), "{bytes:?}");
    let cut_at = bytes.len() - 4;
    assert_eq!(&bytes[cut_at..cut_at + 2], CUT, "ends with GS V: {:?}", &bytes[cut_at..]);
    let body = String::from_utf8_lossy(bytes);
    for line in text.lines().filter(|l| !l.is_empty()) {
        assert!(body.contains(line), "missing {line:?}");
    }
}

#[test]
fn prints_to_a_file_target() {
    let mut f = fixture();
    let id = rich_sale(&mut f);
    let err = f.shop.print_receipt(id).unwrap_err().to_string();
    assert!(err.contains("printer.target") && err.contains("tcp:HOST:PORT"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("printer.bin");
    f.shop.set_setting(&f.owner, "printer.target", &format!("file:{}", path.display())).unwrap();
    f.shop.print_receipt(id).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_escpos(&bytes, &f.shop.render_receipt(id, None).unwrap());
    // A reprint appends another copy.
    f.shop.print_receipt(id).unwrap();
    assert_eq!(std::fs::read(&path).unwrap().len(), bytes.len() * 2);
}

#[test]
fn prints_to_a_network_printer() {
    let mut f = fixture();
    let id = rich_sale(&mut f);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("printer.bin");
    f.shop.set_setting(&f.owner, "printer.target", &format!("file:{}", path.display())).unwrap();
    f.shop.print_receipt(id).unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let printer = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        conn.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        let mut received = Vec::new();
        conn.read_to_end(&mut received).unwrap();
        received
    });
    f.shop.set_setting(&f.owner, "printer.target", &format!("tcp:127.0.0.1:{port}")).unwrap();
    f.shop.print_receipt(id).unwrap();
    let received = printer.join().unwrap();
    assert_eq!(received, std::fs::read(&path).unwrap());

    // Nothing listens on a fresh port: a clear error, no hang.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    f.shop.set_setting(&f.owner, "printer.target", &format!("tcp:127.0.0.1:{closed}")).unwrap();
    let err = f.shop.print_receipt(id).unwrap_err().to_string();
    assert!(err.contains(&format!("tcp:127.0.0.1:{closed}")), "{err}");
}
