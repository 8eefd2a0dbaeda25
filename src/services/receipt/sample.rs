//! Made-up receipts that a template is test-rendered against before it is saved
//! (and that a template editor can preview). Between them they take every branch a
//! template can: with and without customer, discounts, tax, change, credit, void.

use crate::domain::receipt::{Receipt, ReceiptCustomer, ReceiptLine, ReceiptPayment, StoreInfo};
use crate::domain::{Money, PaymentMethod, PriceTier, Qty};

fn line(line_no: i64, name: &str, qty: Qty, unit: &str, price: i64, tier: PriceTier, discount: i64) -> ReceiptLine {
    let unit_price = Money::new(price);
    let gross = unit_price.times_qty(qty).unwrap_or(unit_price);
    let discount = Money::new(discount);
    ReceiptLine {
        line_no,
        sku: format!("SKU{line_no}"),
        name: name.to_string(),
        unit: unit.to_string(),
        qty,
        unit_price,
        tier,
        gross,
        discount,
        total: gross.checked_sub(discount).unwrap_or(gross),
    }
}

/// Everything filled in: a wholesale customer on part credit, a long item name,
/// line and sale discounts, tax, a split payment with change, and a void marker.
pub fn full() -> Receipt {
    let lines = vec![
        line(
            1,
            "Minyak Goreng Bimoli Spesial Pouch 2 Liter Isi Ulang",
            Qty::from_units(2),
            "PCS",
            38_500,
            PriceTier::Wholesale1,
            2_000,
        ),
        line(2, "Beras Pandan Wangi", Qty::from_thousandths(1_500), "KG", 14_999, PriceTier::Retail, 0),
    ];
    Receipt {
        store: StoreInfo {
            name: "Toko Sumber Rejeki Makmur Sentosa".into(),
            address: "Jl. Raya Pasar Minggu No. 123, Jakarta Selatan 12510".into(),
            phone: "021-7890-1234".into(),
            tax_number: "01.234.567.8-901.000".into(),
        },
        header: "Terima kasih sudah berbelanja".into(),
        footer: "Barang yang sudah dibeli tidak dapat ditukar".into(),
        invoice: "INV/261123/0042".into(),
        date: "23/11/2026".into(),
        time: "12:00".into(),
        cashier: "Sari Wulandari".into(),
        customer: Some(ReceiptCustomer {
            code: "M00017".into(),
            name: "Warung Pak Darto & Putra".into(),
            phone: "0856-1111-2222".into(),
            address: "Gg. Kenanga 5, RT 03/RW 07, Kelurahan Cilandak Barat".into(),
        }),
        tier: PriceTier::Wholesale1,
        lines,
        subtotal: Money::new(97_499),
        discount: Money::new(1_000),
        tax: Money::new(10_615),
        total: Money::new(107_114),
        payments: vec![
            ReceiptPayment {
                method: PaymentMethod::Transfer,
                amount: Money::new(50_000),
                reference: "BCA 0123456789".into(),
            },
            ReceiptPayment { method: PaymentMethod::Cash, amount: Money::new(20_000), reference: String::new() },
            ReceiptPayment { method: PaymentMethod::Credit, amount: Money::new(40_000), reference: String::new() },
        ],
        change: Money::new(2_886),
        credit: Money::new(40_000),
        due_date: "07/12/2026".into(),
        balance: Money::new(1_250_000),
        void: true,
        void_reason: "salah input".into(),
        points: Some(crate::domain::receipt::ReceiptPoints { earned: 5, redeemed: 0, balance: 120 }),
    }
}

/// As little as a sale can have: one line paid exactly in cash, no customer, no
/// cashier (command line), empty shop details, header and footer.
pub fn minimal() -> Receipt {
    Receipt {
        store: StoreInfo { name: "Toko".into(), ..StoreInfo::default() },
        header: String::new(),
        footer: String::new(),
        invoice: "INV/261123/0001".into(),
        date: "23/11/2026".into(),
        time: "08:05".into(),
        cashier: String::new(),
        customer: None,
        tier: PriceTier::Retail,
        lines: vec![line(1, "Aqua 600ml", Qty::ONE, "PCS", 3_500, PriceTier::Retail, 0)],
        subtotal: Money::new(3_500),
        discount: Money::ZERO,
        tax: Money::ZERO,
        total: Money::new(3_500),
        payments: vec![ReceiptPayment {
            method: PaymentMethod::Cash,
            amount: Money::new(3_500),
            reference: String::new(),
        }],
        change: Money::ZERO,
        credit: Money::ZERO,
        due_date: String::new(),
        balance: Money::ZERO,
        void: false,
        void_reason: String::new(),
        points: None,
    }
}
