//! The three record kinds of the list-and-form screens: items, customers, suppliers.

use crate::domain::master::{CustomerForm, ItemForm, SupplierForm};
use crate::domain::{Money, Phone};
use crate::lang::Lang;
use crate::store::customers::CustomerRow;
use crate::store::items::ItemRow;
use crate::store::suppliers::SupplierRow;
use crate::tui::action::{Action, RecordAction};
use crate::tui::keymap::{Key, chr, key};
use crate::tui::widgets::form::{Choice, FieldSpec, Form, YES_NO, choice, option, text};
use crate::tui::widgets::records::{RecordKey, RecordKind};
use crate::tui::widgets::table::{Column, col, flex, num};

pub struct Items;
pub struct Customers;
pub struct Suppliers;

const ITEM_FIELDS: &[FieldSpec] = &[
    text("sku", "SKU", "SKU"),
    text("name", "Name", "Nama"),
    text("category", "Category", "Kategori"),
    text("unit", "Unit (PCS, KG…)", "Satuan (PCS, KG…)"),
    text("cost", "Cost", "Harga pokok"),
    text("price", "Retail price", "Harga eceran"),
    text("price_wholesale1", "Wholesale 1 price", "Harga grosir 1"),
    text("min_qty_wholesale1", "Wholesale 1 min qty", "Min. qty grosir 1"),
    text("price_wholesale2", "Wholesale 2 price", "Harga grosir 2"),
    text("min_qty_wholesale2", "Wholesale 2 min qty", "Min. qty grosir 2"),
    text("reorder_level", "Reorder level", "Batas pesan ulang"),
    text("barcode", "Barcodes (a|b|24*c)", "Barcode (a|b|24*c)"),
];

const ITEM_COLUMNS: &[Column] = &[
    col("SKU", "SKU", 10, 6),
    flex("Name", "Nama", 18, 10),
    col("Category", "Kategori", 12, 3),
    col("Unit", "Sat.", 5, 2),
    num("Price", "Harga", 9, 9),
    num("W1", "Grosir1", 9, 1),
    num("Stock", "Stok", 7, 8),
    col("Barcode", "Barcode", 13, 4),
];

fn money_or_blank(m: Option<Money>) -> String {
    m.map(|m| m.grouped()).unwrap_or_default()
}

impl RecordKind for Items {
    type Row = ItemRow;
    type Form = ItemForm;
    const NOUN: (&'static str, &'static str) = ("item", "barang");

    fn columns() -> &'static [Column] {
        ITEM_COLUMNS
    }
    fn cells(row: &ItemRow, lang: Lang) -> Vec<String> {
        let d = &row.data;
        vec![
            d.sku.clone(),
            d.name.clone(),
            d.category.clone().unwrap_or_default(),
            d.unit.clone(),
            d.prices.retail.grouped(),
            money_or_blank(d.prices.wholesale1),
            row.on_hand.text_in(lang),
            d.barcodes.first().map(|b| b.code.clone()).unwrap_or_default(),
        ]
    }
    fn id(row: &ItemRow) -> i64 {
        row.id
    }
    fn active(row: &ItemRow) -> bool {
        row.active
    }
    fn fields() -> &'static [FieldSpec] {
        ITEM_FIELDS
    }
    fn values(row: &ItemRow) -> Vec<String> {
        let f = ItemForm::from_data(&row.data);
        vec![
            f.sku,
            f.name,
            f.category,
            f.unit,
            f.cost,
            f.price,
            f.price_wholesale1,
            f.min_qty_wholesale1,
            f.price_wholesale2,
            f.min_qty_wholesale2,
            f.reorder_level,
            f.barcode,
        ]
    }
    fn read_form(form: &Form) -> ItemForm {
        ItemForm {
            sku: form.value("sku"),
            name: form.value("name"),
            category: form.value("category"),
            unit: form.value("unit"),
            cost: form.value("cost"),
            price: form.value("price"),
            price_wholesale1: form.value("price_wholesale1"),
            min_qty_wholesale1: form.value("min_qty_wholesale1"),
            price_wholesale2: form.value("price_wholesale2"),
            min_qty_wholesale2: form.value("min_qty_wholesale2"),
            reorder_level: form.value("reorder_level"),
            barcode: form.value("barcode"),
        }
    }
    fn wrap(action: RecordAction<ItemForm>) -> Action {
        Action::Items(action)
    }
    const EXTRA_KEYS: &'static [Key<RecordKey>] = &[
        key("b", &[chr('b')], RecordKey::Barcode, "generate an in-store EAN-13 barcode", "buat barcode EAN-13 toko"),
        key("Space", &[chr(' ')], RecordKey::Mark, "mark for labels", "tandai untuk label"),
        key("l", &[chr('l')], RecordKey::Labels, "print labels", "cetak label"),
    ];
}

const TIERS: &[Choice] = &[
    option("retail", "Retail", "Eceran"),
    option("wholesale1", "Wholesale 1", "Grosir 1"),
    option("wholesale2", "Wholesale 2", "Grosir 2"),
];

const CUSTOMER_FIELDS: &[FieldSpec] = &[
    text("code", "Member code (auto)", "Kode member (otomatis)"),
    text("name", "Name", "Nama"),
    text("phone", "Phone (08…)", "Telepon (08…)"),
    text("address", "Address", "Alamat"),
    choice("tier", "Price tier", "Tingkat harga", TIERS),
    text("credit_limit", "Credit limit", "Limit kredit"),
    text("birthday", "Birthday (YYYY-MM-DD)", "Ulang tahun (TTTT-BB-HH)"),
    choice("wa_opt_in", "WhatsApp consent", "Setuju WhatsApp", YES_NO),
    text("notes", "Notes", "Catatan"),
];

const CUSTOMER_COLUMNS: &[Column] = &[
    col("Code", "Kode", 7, 7),
    flex("Name", "Nama", 16, 10),
    col("Phone", "Telepon", 14, 8),
    col("Tier", "Harga", 10, 3),
    num("Limit", "Limit", 10, 2),
    num("Owes", "Piutang", 10, 6),
    col("WA", "WA", 3, 4),
];

impl RecordKind for Customers {
    type Row = CustomerRow;
    type Form = CustomerForm;
    const NOUN: (&'static str, &'static str) = ("customer", "pelanggan");

    fn columns() -> &'static [Column] {
        CUSTOMER_COLUMNS
    }
    fn cells(row: &CustomerRow, lang: Lang) -> Vec<String> {
        let d = &row.data;
        vec![
            row.code.clone(),
            d.name.clone(),
            d.phone.as_ref().map(Phone::local).unwrap_or_default(),
            d.tier.label(lang).to_string(),
            d.credit_limit.grouped(),
            if row.receivable == Money::ZERO { String::new() } else { row.receivable.grouped() },
            if d.wa_opt_in { "✓".into() } else { String::new() },
        ]
    }
    fn id(row: &CustomerRow) -> i64 {
        row.id
    }
    fn active(row: &CustomerRow) -> bool {
        row.active
    }
    fn fields() -> &'static [FieldSpec] {
        CUSTOMER_FIELDS
    }
    fn values(row: &CustomerRow) -> Vec<String> {
        let f = CustomerForm::from_data(&row.data);
        vec![f.code, f.name, f.phone, f.address, f.tier, f.credit_limit, f.birthday, f.wa_opt_in, f.notes]
    }
    fn read_form(form: &Form) -> CustomerForm {
        CustomerForm {
            code: form.value("code"),
            name: form.value("name"),
            phone: form.value("phone"),
            address: form.value("address"),
            tier: form.value("tier"),
            credit_limit: form.value("credit_limit"),
            birthday: form.value("birthday"),
            wa_opt_in: form.value("wa_opt_in"),
            notes: form.value("notes"),
        }
    }
    fn wrap(action: RecordAction<CustomerForm>) -> Action {
        Action::Customers(action)
    }
}

const SUPPLIER_FIELDS: &[FieldSpec] =
    &[text("name", "Name", "Nama"), text("phone", "Phone", "Telepon"), text("address", "Address", "Alamat")];

const SUPPLIER_COLUMNS: &[Column] =
    &[flex("Name", "Nama", 18, 10), col("Phone", "Telepon", 15, 8), col("Address", "Alamat", 24, 5)];

impl RecordKind for Suppliers {
    type Row = SupplierRow;
    type Form = SupplierForm;
    const NOUN: (&'static str, &'static str) = ("supplier", "pemasok");

    fn columns() -> &'static [Column] {
        SUPPLIER_COLUMNS
    }
    fn cells(row: &SupplierRow, _lang: Lang) -> Vec<String> {
        vec![row.data.name.clone(), row.data.phone.clone(), row.data.address.clone()]
    }
    fn id(row: &SupplierRow) -> i64 {
        row.id
    }
    fn active(row: &SupplierRow) -> bool {
        row.active
    }
    fn fields() -> &'static [FieldSpec] {
        SUPPLIER_FIELDS
    }
    fn values(row: &SupplierRow) -> Vec<String> {
        vec![row.data.name.clone(), row.data.phone.clone(), row.data.address.clone()]
    }
    fn read_form(form: &Form) -> SupplierForm {
        SupplierForm { name: form.value("name"), phone: form.value("phone"), address: form.value("address") }
    }
    fn wrap(action: RecordAction<SupplierForm>) -> Action {
        Action::Suppliers(action)
    }
}
