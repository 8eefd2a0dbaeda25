//! Export of items, customers and suppliers as CSV or JSON (DESIGN.md, "CSV out").
//!
//! The columns are exactly the import columns, in the same order, so an export
//! re-imports into an empty shop giving the same data. Active records only. CSV:
//! money as plain integers, quantities as `.` decimals, text cells guarded against
//! formula injection (numbers never touched). JSON: an array of objects with typed
//! values (numbers, booleans, `null` for an empty optional field).

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use super::import::ImportKind;
use super::{Actor, Result, ServiceError, Shop};
use crate::domain::master::BarcodeSpec;
use crate::domain::{Money, Permission, Qty};
use crate::reports::csv_safe;
use crate::store::customers::{self, CustomerFilter, CustomerRow};
use crate::store::items::{self, ItemFilter, ItemRow};
use crate::store::suppliers::{self, SupplierRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Csv,
    Json,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an export format (use csv or json)")]
pub struct UnknownExportFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownExportFormat;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            _ => Err(UnknownExportFormat(s.to_string())),
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        })
    }
}

/// One exported cell, typed so each format can write it its own way.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Money(Money),
    Qty(Qty),
    Bool(bool),
    Null,
}

impl Value {
    fn text_or_null(text: impl Into<String>) -> Value {
        let text = text.into();
        if text.is_empty() { Value::Null } else { Value::Text(text) }
    }

    /// The CSV cell: guarded text, plain integers, `.` decimals, yes/no, empty.
    fn csv_cell(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Text(text) => csv_safe::neutralise(text),
            Value::Money(money) => money.rupiah().to_string().into(),
            Value::Qty(qty) => qty.decimal().into(),
            Value::Bool(yes) => (if *yes { "yes" } else { "no" }).into(),
            Value::Null => "".into(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Value::Text(text) => serde_json::Value::String(text.clone()),
            Value::Money(money) => money.rupiah().into(),
            // `2` or `1.5`: exact, and whole quantities stay integers.
            Value::Qty(qty) => qty.decimal().parse::<serde_json::Number>().map_or(serde_json::Value::Null, Into::into),
            Value::Bool(yes) => (*yes).into(),
            Value::Null => serde_json::Value::Null,
        }
    }
}

/// Item values in `ImportKind::Items.columns()` order.
fn item_values(item: &ItemRow) -> Vec<Value> {
    let d = &item.data;
    let money = |m: Option<Money>| m.map_or(Value::Null, Value::Money);
    let qty = |q: Option<Qty>| q.map_or(Value::Null, Value::Qty);
    vec![
        Value::Text(d.sku.clone()),
        Value::Text(d.name.clone()),
        Value::Money(d.prices.retail),
        Value::text_or_null(BarcodeSpec::list_to_text(&d.barcodes)),
        Value::text_or_null(d.category.clone().unwrap_or_default()),
        Value::Text(d.unit.clone()),
        Value::Money(d.cost),
        money(d.prices.wholesale1),
        qty(d.prices.min_qty_wholesale1),
        money(d.prices.wholesale2),
        qty(d.prices.min_qty_wholesale2),
        Value::Qty(item.on_hand),
        Value::Qty(d.reorder_level),
    ]
}

/// Customer values in `ImportKind::Customers.columns()` order.
fn customer_values(customer: &CustomerRow) -> Vec<Value> {
    let d = &customer.data;
    vec![
        Value::Text(d.name.clone()),
        Value::Text(customer.code.clone()),
        d.phone.as_ref().map_or(Value::Null, |p| Value::Text(p.as_str().to_string())),
        Value::Text(d.address.clone()),
        Value::Text(d.tier.code().to_string()),
        Value::Money(d.credit_limit),
        d.birthday.map_or(Value::Null, |b| Value::Text(b.to_string())),
        Value::Bool(d.wa_opt_in),
        Value::Text(d.notes.clone()),
    ]
}

/// Supplier values in `ImportKind::Suppliers.columns()` order.
fn supplier_values(supplier: &SupplierRow) -> Vec<Value> {
    let d = &supplier.data;
    vec![Value::Text(d.name.clone()), Value::Text(d.phone.clone()), Value::Text(d.address.clone())]
}

impl Shop {
    /// Write every active record of `kind` to `out`; returns the number of records.
    pub fn export(
        &self,
        actor: &Actor,
        kind: ImportKind,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<usize, ServiceError> {
        actor.require(Permission::ImportExport, "export files")?;
        let rows = self.export_rows(kind)?;
        let columns: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
        debug_assert!(rows.iter().all(|r| r.len() == columns.len()), "values must match the columns");
        let written = match format {
            ExportFormat::Csv => write_csv(out, &columns, &rows).map_err(|e| {
                // Keep the OS error (a closed pipe, a full disk) as it is.
                if e.is_io_error() {
                    match e.into_kind() {
                        csv::ErrorKind::Io(io) => io,
                        _ => unreachable!("checked is_io_error"),
                    }
                } else {
                    std::io::Error::other(e)
                }
            }),
            ExportFormat::Json => write_json(out, &columns, &rows),
        };
        written?;
        Ok(rows.len())
    }

    /// Active records of `kind`, in a stable order (sku, code, name), as values.
    fn export_rows(&self, kind: ImportKind) -> Result<Vec<Vec<Value>>> {
        let conn = self.store.conn();
        Ok(match kind {
            ImportKind::Items => {
                let mut list = items::list(conn, &ItemFilter::default())?;
                list.sort_by_cached_key(|i| (i.data.sku.to_lowercase(), i.data.sku.clone()));
                list.iter().map(item_values).collect()
            }
            ImportKind::Customers => {
                let mut list = customers::list(conn, &CustomerFilter::default())?;
                list.sort_by_cached_key(|c| (c.code.to_lowercase(), c.code.clone()));
                list.iter().map(customer_values).collect()
            }
            ImportKind::Suppliers => {
                let mut list = suppliers::list(conn, "", false)?;
                list.sort_by_cached_key(|s| (s.data.name.to_lowercase(), s.data.name.clone()));
                list.iter().map(supplier_values).collect()
            }
        })
    }
}

fn write_csv(out: &mut dyn Write, columns: &[&str], rows: &[Vec<Value>]) -> std::result::Result<(), csv::Error> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
    writer.write_record(columns)?;
    for row in rows {
        writer.write_record(row.iter().map(|v| v.csv_cell().into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// `[` then one object per line, keys in column order, then `]`.
fn write_json(out: &mut dyn Write, columns: &[&str], rows: &[Vec<Value>]) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (index, row) in rows.iter().enumerate() {
        out.write_all(if index == 0 { b"\n  {" } else { b",\n  {" })?;
        for (position, (column, value)) in columns.iter().zip(row).enumerate() {
            if position > 0 {
                out.write_all(b", ")?;
            }
            serde_json::to_writer(&mut *out, column)?;
            out.write_all(b": ")?;
            serde_json::to_writer(&mut *out, &value.json())?;
        }
        out.write_all(b"}")?;
    }
    out.write_all(if rows.is_empty() { b"]\n" } else { b"\n]\n" })?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::super::import::test_support::*;
    use super::super::import::{ImportKind, ImportOptions};
    use super::*;

    const ITEMS: &str = "\
sku,name,price,barcode,category,unit,cost,price_wholesale1,min_qty_wholesale1,price_wholesale2,min_qty_wholesale2,stock,reorder_level
IDM-GRG,Indomie Goreng 85g,3500,089686010947|40*2000000000015,Mi Instan,PCS,2900,3300,10,3100,40,120,24
GULA-1K,\"Gula Pasir \"\"Gulaku\"\", 1kg\",16500,,Sembako,KG,15000,,,,,12.5,0.5
-MINUS,=Formula Item,1000,,@cat,PCS,0,,,,,0,0
AQ600,Aqua 600ml,3000,8992761111113,,PCS,2500,,,,,3,0
";

    const CUSTOMERS: &str = "\
name,code,phone,address,tier,credit_limit,birthday,wa_opt_in,notes
Bu Sri,C001,0812-3456-789,Jl. Melati 3,wholesale1,500000,17/08/1985,yes,\"langganan, bayar tiap Jumat\"
Pak Budi,,,,,,,,
+Tricky,C002,,-alamat,retail,0,,no,=1+1
";

    const SUPPLIERS: &str = "name,phone,address\nPT Indofood,+62 21 555,Jakarta\nCV Maju,,\"Jl. Solo 5\nYogyakarta\"\n";

    fn export(shop: &Shop, kind: ImportKind, format: ExportFormat) -> String {
        let mut out = Vec::new();
        shop.export(&owner(), kind, format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn round_trip(kind: ImportKind, input: &str) -> String {
        let mut first = shop();
        import(&mut first, kind, input).unwrap();
        let exported = export(&first, kind, ExportFormat::Csv);
        let mut second = shop();
        import(&mut second, kind, &exported).unwrap();
        assert_eq!(export(&second, kind, ExportFormat::Csv), exported, "re-import of:\n{exported}");
        assert_eq!(second.doctor().unwrap(), []);
        exported
    }

    #[test]
    fn items_export_reimports_into_an_empty_shop_identically() {
        let exported = round_trip(ImportKind::Items, ITEMS);
        assert_eq!(
            exported,
            "\
sku,name,price,barcode,category,unit,cost,price_wholesale1,min_qty_wholesale1,price_wholesale2,min_qty_wholesale2,stock,reorder_level
'-MINUS,'=Formula Item,1000,,'@cat,PCS,0,,,,,0,0
AQ600,Aqua 600ml,3000,8992761111113,,PCS,2500,,,,,3,0
GULA-1K,\"Gula Pasir \"\"Gulaku\"\", 1kg\",16500,,Sembako,KG,15000,,,,,12.5,0.5
IDM-GRG,Indomie Goreng 85g,3500,089686010947|40*2000000000015,Mi Instan,PCS,2900,3300,10,3100,40,120,24
"
        );
    }

    #[test]
    fn customers_export_reimports_into_an_empty_shop_identically() {
        let exported = round_trip(ImportKind::Customers, CUSTOMERS);
        assert_eq!(
            exported,
            "\
name,code,phone,address,tier,credit_limit,birthday,wa_opt_in,notes
Bu Sri,C001,628123456789,Jl. Melati 3,wholesale1,500000,1985-08-17,yes,\"langganan, bayar tiap Jumat\"
'+Tricky,C002,,'-alamat,retail,0,,no,'=1+1
Pak Budi,M00001,,,retail,0,,no,
"
        );
    }

    #[test]
    fn suppliers_export_reimports_into_an_empty_shop_identically() {
        let exported = round_trip(ImportKind::Suppliers, SUPPLIERS);
        assert_eq!(
            exported,
            "name,phone,address\nCV Maju,,\"Jl. Solo 5\nYogyakarta\"\nPT Indofood,'+62 21 555,Jakarta\n"
        );
    }

    #[test]
    fn json_export_has_typed_values() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Items, ITEMS).unwrap();
        import(&mut shop, ImportKind::Customers, CUSTOMERS).unwrap();
        let items: serde_json::Value =
            serde_json::from_str(&export(&shop, ImportKind::Items, ExportFormat::Json)).unwrap();
        let gula = &items[2];
        assert_eq!(gula["sku"], "GULA-1K");
        assert_eq!(gula["name"], "Gula Pasir \"Gulaku\", 1kg");
        assert_eq!(gula["price"], 16500);
        assert_eq!(gula["stock"], 12.5);
        assert_eq!(gula["reorder_level"], 0.5);
        assert!(gula["barcode"].is_null());
        assert!(gula["price_wholesale1"].is_null());
        let indomie = &items[3];
        assert_eq!(indomie["min_qty_wholesale1"], 10);
        assert!(indomie["stock"].is_u64(), "whole quantities are integers");
        assert_eq!(indomie["barcode"], "089686010947|40*2000000000015");
        assert_eq!(items[0]["name"], "=Formula Item", "JSON is not guarded: no spreadsheet opens it");

        let customers: serde_json::Value =
            serde_json::from_str(&export(&shop, ImportKind::Customers, ExportFormat::Json)).unwrap();
        assert_eq!(customers[0]["wa_opt_in"], true);
        assert_eq!(customers[0]["phone"], "628123456789");
        assert_eq!(customers[0]["credit_limit"], 500_000);
        assert_eq!(customers[0]["birthday"], "1985-08-17");
        assert_eq!(customers[1]["wa_opt_in"], false);
        assert!(customers[1]["phone"].is_null());
        assert!(customers[1]["birthday"].is_null());
    }

    #[test]
    fn json_keys_follow_the_column_order_one_object_per_line() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Suppliers, "name,phone\nPT A,021\n").unwrap();
        assert_eq!(
            export(&shop, ImportKind::Suppliers, ExportFormat::Json),
            "[\n  {\"name\": \"PT A\", \"phone\": \"021\", \"address\": \"\"}\n]\n"
        );
        assert_eq!(export(&super::super::import::test_support::shop(), ImportKind::Items, ExportFormat::Json), "[]\n");
    }

    #[test]
    fn export_counts_active_records_only() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Items, "sku,name,price\nA,Apel,1\nB,Beras,2\n").unwrap();
        let b = shop.items(&ItemFilter { text: "Beras".into(), ..Default::default() }).unwrap()[0].id;
        shop.set_item_active(&owner(), b, false).unwrap();
        let mut out = Vec::new();
        assert_eq!(shop.export(&owner(), ImportKind::Items, ExportFormat::Csv, &mut out).unwrap(), 1);
        assert!(!String::from_utf8(out).unwrap().contains("Beras"));
    }

    #[test]
    fn numeric_columns_are_never_guarded() {
        let mut shop = shop();
        // Oversold: an opening stock may not be negative, so a count takes it below 0.
        import(&mut shop, ImportKind::Items, "sku,name,price\nA,Apel,1\n").unwrap();
        shop.write(|tx| {
            let oversold = crate::store::stock::StockMove {
                item_id: 1,
                kind: crate::store::stock::MoveKind::Adjustment,
                qty: crate::domain::Qty::from_thousandths(-2500),
                unit_cost: crate::domain::Money::ZERO,
                user_id: None,
                at: tx.now,
                reference: "test",
            };
            Ok(crate::store::stock::record(tx, &oversold)?)
        })
        .unwrap();
        let csv = export(&shop, ImportKind::Items, ExportFormat::Csv);
        assert!(csv.ends_with("A,Apel,1,,,PCS,0,,,,,-2.5,0\n"), "{csv}");
    }

    #[test]
    fn a_cashier_may_not_export() {
        let shop = shop();
        let mut out = Vec::new();
        let result = shop.export(&cashier(), ImportKind::Customers, ExportFormat::Csv, &mut out);
        assert!(matches!(result, Err(ServiceError::Denied { .. })), "{result:?}");
        assert!(out.is_empty());
    }

    #[test]
    fn formats_parse() {
        assert_eq!("JSON".parse::<ExportFormat>(), Ok(ExportFormat::Json));
        assert!("xlsx".parse::<ExportFormat>().is_err());
        assert_eq!(ExportFormat::Csv.to_string(), "csv");
    }

    #[test]
    fn a_dry_run_then_real_import_of_an_export_matches() {
        let mut first = shop();
        import(&mut first, ImportKind::Items, ITEMS).unwrap();
        let exported = export(&first, ImportKind::Items, ExportFormat::Csv);
        // Re-importing into the same shop updates every item and changes nothing.
        let summary = import(&mut first, ImportKind::Items, &exported).unwrap();
        assert_eq!(summary.to_string(), "4 rows: 0 created, 4 updated");
        assert_eq!(export(&first, ImportKind::Items, ExportFormat::Csv), exported);
        let dry = ImportOptions { dry_run: true, generate_barcodes: false };
        assert!(first.import(&owner(), ImportKind::Items, exported.as_bytes(), &dry).unwrap().dry_run);
    }
}
