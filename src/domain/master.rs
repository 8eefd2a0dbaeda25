//! Master-data forms: what a person or a CSV row gives as text, validated into typed
//! records. Field names are the CSV column names, so one message format serves the
//! edit screens (inline, next to the field) and imports (`row N, column C: …`).

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Money, Phone, PriceList, PriceTier, Qty, QtyError, barcode, text};
use crate::lang::Lang;

/// One problem with one field, in both languages (both given where it is found, so
/// a missing translation cannot compile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    /// English: what imports report (`row N, column C: …`) and logs show.
    pub message: String,
    /// The same in Indonesian.
    pub indonesian: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl fmt::Display, indonesian: impl fmt::Display) -> Self {
        FieldError { field, message: message.to_string(), indonesian: indonesian.to_string() }
    }

    /// The problem alone, as shown beside its field.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message,
            Lang::Id => &self.indonesian,
        }
    }

    /// "field: problem", the field named in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        format!("{}: {}", field_label(self.field, lang), self.message(lang))
    }
}

/// A form field (a CSV column) as a user reads it; English keeps the column name.
pub fn field_label(field: &'static str, lang: Lang) -> &'static str {
    if lang == Lang::En {
        return field;
    }
    match field {
        "sku" => "SKU",
        "name" => "nama",
        "category" => "kategori",
        "unit" => "satuan",
        "cost" => "harga modal",
        "price" => "harga",
        "price_wholesale1" => "harga grosir 1",
        "price_wholesale2" => "harga grosir 2",
        "min_qty_wholesale1" => "min. grosir 1",
        "min_qty_wholesale2" => "min. grosir 2",
        "reorder_level" => "batas pesan ulang",
        "barcode" => "barcode",
        "code" => "kode",
        "phone" => "no. HP",
        "address" => "alamat",
        "tier" => "tingkat harga",
        "credit_limit" => "limit kredit",
        "birthday" => "tanggal lahir",
        "wa_opt_in" => "izin WA",
        "notes" => "catatan",
        "lines" => "baris",
        "quantity" => "jumlah",
        "supplier" => "pemasok",
        "supplier_invoice" => "faktur pemasok",
        "due_date" => "jatuh tempo",
        "reason" => "alasan",
        other => other,
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// All problems found in one form, in field order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: &'static str, message: impl fmt::Display, indonesian: impl fmt::Display) {
        self.0.push(FieldError::new(field, message, indonesian));
    }

    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// The problem with `field` in `lang`, to show beside it.
    pub fn for_field_in(&self, field: &str, lang: Lang) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message(lang))
    }

    /// Every problem, "field: problem; …", in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.0.iter().map(|e| e.text(lang)).collect::<Vec<_>>().join("; ")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.0.is_empty() { Ok(value()) } else { Err(self) }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

/// A barcode on an item; `factor` base units per scan (1 for the unit itself,
/// 24 for a carton of 24).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarcodeSpec {
    pub code: String,
    pub factor: Qty,
}

/// An item's barcode field that cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BarcodeProblem {
    Code(barcode::BarcodeError),
    Factor(QtyError),
    FactorNotPositive(String),
    Twice(String),
}

impl BarcodeProblem {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (BarcodeProblem::Code(e), _) => e.text(lang),
            (BarcodeProblem::Factor(e), _) => e.text(lang),
            (BarcodeProblem::FactorNotPositive(text), Lang::En) => {
                format!("pack factor in '{text}' must be more than 0")
            }
            (BarcodeProblem::FactorNotPositive(text), Lang::Id) => {
                format!("isi kemasan di '{text}' harus lebih dari 0")
            }
            (BarcodeProblem::Twice(code), Lang::En) => format!("barcode {code} is listed twice"),
            (BarcodeProblem::Twice(code), Lang::Id) => format!("barcode {code} tertulis dua kali"),
        }
    }
}

impl fmt::Display for BarcodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl BarcodeSpec {
    /// `8991234567890` or, for a pack, `24*8991234567897` ("this code is 24 units").
    pub fn parse(text: &str) -> Result<BarcodeSpec, BarcodeProblem> {
        let (factor, code) = match text.split_once('*') {
            Some((factor, code)) => {
                let factor = Qty::parse(factor).map_err(BarcodeProblem::Factor)?;
                if !factor.is_positive() {
                    return Err(BarcodeProblem::FactorNotPositive(text.to_string()));
                }
                (factor, code)
            }
            None => (Qty::ONE, text),
        };
        let code = barcode::validate(code).map_err(BarcodeProblem::Code)?;
        Ok(BarcodeSpec { code, factor })
    }

    pub fn list_from_text(text: &str) -> Result<Vec<BarcodeSpec>, BarcodeProblem> {
        let mut specs: Vec<BarcodeSpec> = Vec::new();
        for part in text.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let spec = BarcodeSpec::parse(part)?;
            if specs.iter().any(|s| s.code == spec.code) {
                return Err(BarcodeProblem::Twice(spec.code));
            }
            specs.push(spec);
        }
        Ok(specs)
    }

    pub fn list_to_text(specs: &[BarcodeSpec]) -> String {
        let parts: Vec<String> = specs
            .iter()
            .map(|s| if s.factor == Qty::ONE { s.code.clone() } else { format!("{}*{}", s.factor, s.code) })
            .collect();
        parts.join("|")
    }
}

fn required(errors: &mut FieldErrors, field: &'static str, value: &str, max_len: usize) -> String {
    if value.trim().is_empty() {
        errors.push(field, "is required", "wajib diisi");
    }
    optional_text(errors, field, value, max_len)
}

fn optional_text(errors: &mut FieldErrors, field: &'static str, value: &str, max_len: usize) -> String {
    let value = value.trim();
    if value.chars().count() > max_len {
        errors.push(field, format!("is longer than {max_len} characters"), format!("lebih dari {max_len} karakter"));
    } else if text::has_control_chars(value) {
        errors.push(field, text::CONTROL_CHARACTERS, text::CONTROL_CHARACTERS_ID);
    }
    value.to_string()
}

/// An address or a note: like [`optional_text`], but it may span lines (`\n`;
/// Windows' `\r\n` becomes `\n`).
fn multiline_text(errors: &mut FieldErrors, field: &'static str, value: &str, max_len: usize) -> String {
    let value = value.replace("\r\n", "\n");
    let value = value.trim();
    if value.chars().count() > max_len {
        errors.push(field, format!("is longer than {max_len} characters"), format!("lebih dari {max_len} karakter"));
    } else if value.lines().any(text::has_control_chars) {
        errors.push(field, text::CONTROL_CHARACTERS, text::CONTROL_CHARACTERS_ID);
    }
    value.to_string()
}

fn money_field(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<Money> {
    if value.trim().is_empty() {
        return None;
    }
    match Money::parse_non_negative(value) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.push(field, &e, e.text(Lang::Id));
            None
        }
    }
}

fn qty_field(errors: &mut FieldErrors, field: &'static str, value: &str, allow_negative: bool) -> Option<Qty> {
    if value.trim().is_empty() {
        return None;
    }
    match Qty::parse(value) {
        Ok(q) if !allow_negative && q.thousandths() < 0 => {
            errors.push(field, "must not be negative", "tidak boleh minus");
            None
        }
        Ok(q) => Some(q),
        Err(e) => {
            errors.push(field, &e, e.text(Lang::Id));
            None
        }
    }
}

pub fn parse_yes_no(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "ya" | "true" | "1" => Some(true),
        "no" | "n" | "tidak" | "t" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// A date typed or imported that cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    NotADate(String),
    YearOutside { date: Date, first: i16, last: i16 },
}

impl DateProblem {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (DateProblem::NotADate(value), Lang::En) => format!("'{value}' is not a date (use YYYY-MM-DD)"),
            (DateProblem::NotADate(value), Lang::Id) => {
                format!("'{value}' bukan tanggal (tulis TTTT-BB-HH, misalnya 1990-08-17)")
            }
            (DateProblem::YearOutside { date, first, last }, Lang::En) => {
                format!("{date} is outside the years {first} to {last}")
            }
            (DateProblem::YearOutside { date, first, last }, Lang::Id) => {
                format!("{date} di luar tahun {first} sampai {last}")
            }
        }
    }
}

impl fmt::Display for DateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY` / `DD-MM-YYYY`, as Indonesian spreadsheets often write.
pub fn parse_date(value: &str) -> Result<Date, DateProblem> {
    let value = value.trim();
    if let Ok(date) = value.parse::<Date>() {
        return Ok(date);
    }
    let parts: Vec<&str> = value.split(['/', '-']).collect();
    if let [d, m, y] = parts.as_slice()
        && y.len() == 4
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<i8>(), m.parse::<i8>(), y.parse::<i16>())
        && let Ok(date) = Date::new(y, m, d)
    {
        return Ok(date);
    }
    Err(DateProblem::NotADate(value.to_string()))
}

/// The years a date from outside (a file, a form) may fall in; anything else is a
/// slip that would sort and total wrongly for ever.
pub const SALE_YEARS: std::ops::RangeInclusive<i16> = 2000..=2100;
pub const BIRTH_YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// `date` when its year is in `years`, else why not.
pub fn check_year(date: Date, years: &std::ops::RangeInclusive<i16>) -> Result<Date, DateProblem> {
    if years.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateProblem::YearOutside { date, first: *years.start(), last: *years.end() })
    }
}

/// An item as typed: every field is text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ItemForm {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub cost: String,
    pub price: String,
    pub price_wholesale1: String,
    pub min_qty_wholesale1: String,
    pub price_wholesale2: String,
    pub min_qty_wholesale2: String,
    pub reorder_level: String,
    pub barcode: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemData {
    pub sku: String,
    pub name: String,
    /// Category name; created if it does not exist yet.
    pub category: Option<String>,
    /// Unit code such as PCS, KG, DUS; created if it does not exist yet.
    pub unit: String,
    pub cost: Money,
    pub prices: PriceList,
    pub reorder_level: Qty,
    pub barcodes: Vec<BarcodeSpec>,
}

impl ItemForm {
    pub fn validate(&self) -> Result<ItemData, FieldErrors> {
        let mut e = FieldErrors::default();
        let sku = required(&mut e, "sku", &self.sku, 40);
        if sku.contains(char::is_whitespace) {
            e.push("sku", "must not contain spaces", "tidak boleh berisi spasi");
        }
        let name = required(&mut e, "name", &self.name, 120);
        let category = optional_text(&mut e, "category", &self.category, 60);
        let unit = optional_text(&mut e, "unit", &self.unit, 12).to_uppercase();
        let cost = money_field(&mut e, "cost", &self.cost).unwrap_or(Money::ZERO);
        if self.price.trim().is_empty() {
            e.push("price", "is required", "wajib diisi");
        }
        let retail = money_field(&mut e, "price", &self.price);
        let wholesale1 = money_field(&mut e, "price_wholesale1", &self.price_wholesale1);
        let min_qty_wholesale1 = qty_field(&mut e, "min_qty_wholesale1", &self.min_qty_wholesale1, false);
        let wholesale2 = money_field(&mut e, "price_wholesale2", &self.price_wholesale2);
        let min_qty_wholesale2 = qty_field(&mut e, "min_qty_wholesale2", &self.min_qty_wholesale2, false);
        for (price_field, price, min_field, min_qty) in [
            ("price_wholesale1", wholesale1, "min_qty_wholesale1", min_qty_wholesale1),
            ("price_wholesale2", wholesale2, "min_qty_wholesale2", min_qty_wholesale2),
        ] {
            if min_qty.is_some() && price.is_none() {
                e.push(
                    min_field,
                    format!("needs {price_field}"),
                    format!("perlu {}", field_label(price_field, Lang::Id)),
                );
            }
            if min_qty == Some(Qty::ZERO) {
                e.push(
                    min_field,
                    "must be more than 0 (leave it empty for no minimum)",
                    "harus lebih dari 0 (kosongkan bila tanpa minimum)",
                );
            }
            if let (Some(price), Some(retail)) = (price, retail)
                && price > retail
            {
                e.push(
                    price_field,
                    format!("{price} is above the retail price {retail}"),
                    format!("{price} di atas harga eceran {retail}"),
                );
            }
        }
        let retail = retail.unwrap_or(Money::ZERO);
        let reorder_level = qty_field(&mut e, "reorder_level", &self.reorder_level, false).unwrap_or(Qty::ZERO);
        let barcodes = match BarcodeSpec::list_from_text(&self.barcode) {
            Ok(list) => list,
            Err(problem) => {
                e.push("barcode", &problem, problem.text(Lang::Id));
                Vec::new()
            }
        };
        e.into_result(|| ItemData {
            sku,
            name,
            category: (!category.is_empty()).then_some(category),
            unit: if unit.is_empty() { "PCS".to_string() } else { unit },
            cost,
            prices: PriceList { retail, wholesale1, min_qty_wholesale1, wholesale2, min_qty_wholesale2 },
            reorder_level,
            barcodes,
        })
    }

    pub fn from_data(data: &ItemData) -> ItemForm {
        let money = |m: Option<Money>| m.map(|m| m.rupiah().to_string()).unwrap_or_default();
        let qty = |q: Option<Qty>| q.map(|q| q.decimal()).unwrap_or_default();
        ItemForm {
            sku: data.sku.clone(),
            name: data.name.clone(),
            category: data.category.clone().unwrap_or_default(),
            unit: data.unit.clone(),
            cost: data.cost.rupiah().to_string(),
            price: data.prices.retail.rupiah().to_string(),
            price_wholesale1: money(data.prices.wholesale1),
            min_qty_wholesale1: qty(data.prices.min_qty_wholesale1),
            price_wholesale2: money(data.prices.wholesale2),
            min_qty_wholesale2: qty(data.prices.min_qty_wholesale2),
            reorder_level: data.reorder_level.decimal(),
            barcode: BarcodeSpec::list_to_text(&data.barcodes),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CustomerForm {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub tier: String,
    pub credit_limit: String,
    pub birthday: String,
    pub wa_opt_in: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerData {
    /// Member/card code; generated when empty.
    pub code: Option<String>,
    pub name: String,
    pub phone: Option<Phone>,
    pub address: String,
    pub tier: PriceTier,
    pub credit_limit: Money,
    pub birthday: Option<Date>,
    pub wa_opt_in: bool,
    pub notes: String,
}

impl CustomerForm {
    pub fn validate(&self) -> Result<CustomerData, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = optional_text(&mut e, "code", &self.code, 30);
        if code.contains(char::is_whitespace) {
            e.push("code", "must not contain spaces", "tidak boleh berisi spasi");
        }
        let name = required(&mut e, "name", &self.name, 100);
        let phone = if self.phone.trim().is_empty() {
            None
        } else {
            match Phone::parse(&self.phone) {
                Ok(p) => Some(p),
                Err(err) => {
                    e.push("phone", &err, err.text(Lang::Id));
                    None
                }
            }
        };
        let address = multiline_text(&mut e, "address", &self.address, 200);
        let tier = if self.tier.trim().is_empty() {
            PriceTier::Retail
        } else {
            self.tier.parse().unwrap_or_else(|err: super::tier::UnknownTier| {
                e.push(
                    "tier",
                    &err,
                    format!("'{}' bukan tingkat harga (pakai retail, wholesale1 atau wholesale2)", err.0),
                );
                PriceTier::Retail
            })
        };
        let credit_limit = money_field(&mut e, "credit_limit", &self.credit_limit).unwrap_or(Money::ZERO);
        let birthday = if self.birthday.trim().is_empty() {
            None
        } else {
            parse_date(&self.birthday)
                .and_then(|d| check_year(d, &BIRTH_YEARS))
                .map_err(|problem| e.push("birthday", &problem, problem.text(Lang::Id)))
                .ok()
        };
        let wa_opt_in = parse_yes_no(&self.wa_opt_in).unwrap_or_else(|| {
            e.push(
                "wa_opt_in",
                format!("'{}' is not yes or no", self.wa_opt_in.trim()),
                format!("'{}' bukan ya atau tidak", self.wa_opt_in.trim()),
            );
            false
        });
        if wa_opt_in && phone.is_none() && !e.0.iter().any(|x| x.field == "phone") {
            e.push("wa_opt_in", "needs a phone number", "perlu nomor HP");
        }
        let notes = multiline_text(&mut e, "notes", &self.notes, 500);
        e.into_result(|| CustomerData {
            code: (!code.is_empty()).then_some(code),
            name,
            phone,
            address,
            tier,
            credit_limit,
            birthday,
            wa_opt_in,
            notes,
        })
    }

    pub fn from_data(data: &CustomerData) -> CustomerForm {
        CustomerForm {
            code: data.code.clone().unwrap_or_default(),
            name: data.name.clone(),
            phone: data.phone.as_ref().map(Phone::local).unwrap_or_default(),
            address: data.address.clone(),
            tier: data.tier.code().to_string(),
            credit_limit: data.credit_limit.rupiah().to_string(),
            birthday: data.birthday.map(|d| d.to_string()).unwrap_or_default(),
            wa_opt_in: if data.wa_opt_in { "yes" } else { "no" }.to_string(),
            notes: data.notes.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SupplierForm {
    pub name: String,
    pub phone: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierData {
    pub name: String,
    /// Suppliers are often reached on a landline, so any phone text is kept as typed.
    pub phone: String,
    pub address: String,
}

impl SupplierForm {
    pub fn validate(&self) -> Result<SupplierData, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = required(&mut e, "name", &self.name, 100);
        let phone = optional_text(&mut e, "phone", &self.phone, 40);
        if !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
            e.push("phone", "may only contain digits, spaces and + - ( ) .", "hanya boleh angka, spasi dan + - ( ) .");
        }
        let address = multiline_text(&mut e, "address", &self.address, 200);
        e.into_result(|| SupplierData { name, phone, address })
    }

    pub fn from_data(data: &SupplierData) -> SupplierForm {
        SupplierForm { name: data.name.clone(), phone: data.phone.clone(), address: data.address.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item_form() -> ItemForm {
        ItemForm {
            sku: "IDM-GRG".into(),
            name: "Indomie Goreng 85g".into(),
            category: "Mi Instan".into(),
            unit: "pcs".into(),
            cost: "2.900".into(),
            price: "3.500".into(),
            price_wholesale1: "3300".into(),
            min_qty_wholesale1: "10".into(),
            barcode: "089686010947|40*2000000000015".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_item_form_becomes_typed_data() {
        let data = item_form().validate().unwrap();
        assert_eq!(data.unit, "PCS");
        assert_eq!(data.cost, Money::new(2_900));
        assert_eq!(data.prices.retail, Money::new(3_500));
        assert_eq!(data.prices.min_qty_wholesale1, Some(Qty::from_units(10)));
        assert_eq!(data.barcodes[1], BarcodeSpec { code: "2000000000015".into(), factor: Qty::from_units(40) });
        assert_eq!(ItemForm::from_data(&data).validate().unwrap(), data);
    }

    #[test]
    fn item_form_lists_every_problem_by_field() {
        let form = ItemForm {
            sku: "A B".into(),
            price: "".into(),
            cost: "-5".into(),
            min_qty_wholesale1: "3".into(),
            barcode: "4006381333932".into(),
            ..Default::default()
        };
        let errors = form.validate().unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["sku", "name", "cost", "price", "min_qty_wholesale1", "barcode"]);
        assert_eq!(errors.for_field("name"), Some("is required"));
        assert!(errors.for_field("barcode").unwrap().contains("check digit"));
    }

    #[test]
    fn wholesale_prices_are_checked_against_a_valid_retail_price_only() {
        let form = |price: &str, w1: &str, min: &str| ItemForm {
            sku: "A".into(),
            name: "Apel".into(),
            price: price.into(),
            price_wholesale1: w1.into(),
            min_qty_wholesale1: min.into(),
            ..Default::default()
        };
        let errors = form("5000", "6000", "0").validate().unwrap_err();
        assert_eq!(errors.for_field("price_wholesale1"), Some("Rp 6.000 is above the retail price Rp 5.000"));
        assert_eq!(errors.for_field("min_qty_wholesale1"), Some("must be more than 0 (leave it empty for no minimum)"));
        let errors = form("1.5", "5000", "10").validate().unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["price"], "no comparison with a retail price that is not valid");
        assert!(form("5000", "5000", "10").validate().is_ok());
    }

    #[test]
    fn barcode_lists_round_trip_and_refuse_repeats() {
        let specs = BarcodeSpec::list_from_text("111|24*222").unwrap();
        assert_eq!(BarcodeSpec::list_to_text(&specs), "111|24*222");
        assert!(BarcodeSpec::list_from_text("111|111").unwrap_err().to_string().contains("twice"));
        assert!(BarcodeSpec::list_from_text("0*111").unwrap_err().to_string().contains("more than 0"));
        let wrong = BarcodeSpec::list_from_text("8991234567892").unwrap_err();
        assert_eq!(wrong.text(Lang::Id), "angka periksa EAN-13 barcode '8991234567892' salah (seharusnya 1)");
        assert_eq!(BarcodeSpec::list_from_text("111|111").unwrap_err().text(Lang::Id), "barcode 111 tertulis dua kali");
    }

    #[test]
    fn customer_form_normalises_phone_and_checks_fields() {
        let form = CustomerForm {
            name: "Bu Sri".into(),
            phone: "0812-3456-789".into(),
            tier: "wholesale1".into(),
            credit_limit: "500.000".into(),
            birthday: "17/08/1985".into(),
            wa_opt_in: "ya".into(),
            ..Default::default()
        };
        let data = form.validate().unwrap();
        assert_eq!(data.phone.unwrap().as_str(), "628123456789");
        assert_eq!(data.tier, PriceTier::Wholesale1);
        assert_eq!(data.birthday, Some(jiff::civil::date(1985, 8, 17)));
        assert!(data.wa_opt_in);

        let bad = CustomerForm {
            phone: "021-555".into(),
            tier: "vip".into(),
            wa_opt_in: "maybe".into(),
            ..Default::default()
        };
        let errors = bad.validate().unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["name", "phone", "tier", "wa_opt_in"]);
    }

    #[test]
    fn a_wrong_birthday_is_said_in_both_languages() {
        let form = CustomerForm { name: "Bu Sri".into(), birthday: "1990-13-40".into(), ..Default::default() };
        let errors = form.validate().unwrap_err();
        assert_eq!(errors.for_field_in("birthday", Lang::En), Some("'1990-13-40' is not a date (use YYYY-MM-DD)"));
        assert_eq!(
            errors.for_field_in("birthday", Lang::Id),
            Some("'1990-13-40' bukan tanggal (tulis TTTT-BB-HH, misalnya 1990-08-17)")
        );
        let form = CustomerForm { name: "Bu Sri".into(), birthday: "1850-01-01".into(), ..Default::default() };
        let errors = form.validate().unwrap_err();
        assert_eq!(errors.for_field_in("birthday", Lang::Id), Some("1850-01-01 di luar tahun 1900 sampai 2100"));
    }

    #[test]
    fn opt_in_needs_a_phone() {
        let form = CustomerForm { name: "Pak Budi".into(), wa_opt_in: "yes".into(), ..Default::default() };
        assert_eq!(form.validate().unwrap_err().for_field("wa_opt_in"), Some("needs a phone number"));
    }
}
