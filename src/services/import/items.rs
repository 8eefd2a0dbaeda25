//! Items, keyed by sku. A new item's `stock` becomes an opening stock move; an
//! existing item's stock may only be repeated as it is (changes go through a count).

use super::{Column, Counts, ImportOptions, ImportProblem, Importer, Problem, Row, SeenKeys, field_problems};
use crate::domain::Qty;
use crate::domain::master::{BarcodeSpec, ItemData, ItemForm};
use crate::services::master::next_in_store_barcode;
use crate::services::{Actor, Result, Tx};
use crate::store::items::{self, ItemRow};
use crate::store::stock::{self, MoveKind, StockMove};

pub(super) const COLUMNS: &[Column] = &[
    Column { name: "sku", required: true },
    Column { name: "name", required: true },
    Column { name: "price", required: true },
    Column { name: "barcode", required: false },
    Column { name: "category", required: false },
    Column { name: "unit", required: false },
    Column { name: "cost", required: false },
    Column { name: "price_wholesale1", required: false },
    Column { name: "min_qty_wholesale1", required: false },
    Column { name: "price_wholesale2", required: false },
    Column { name: "min_qty_wholesale2", required: false },
    Column { name: "stock", required: false },
    Column { name: "reorder_level", required: false },
];

/// The reference on opening stock moves written by an import.
const STOCK_REFERENCE: &str = "import";

pub(super) struct Items;

pub(super) struct ItemPlan {
    row: usize,
    /// The item with this sku, when there is one.
    existing: Option<i64>,
    data: ItemData,
    /// The row's barcode cell was filled (else an existing item keeps its codes).
    barcodes_from_file: bool,
    /// Opening stock of a new item.
    opening: Option<Qty>,
}

impl Importer for Items {
    type Plan = ItemPlan;
    const KEY: &'static str = "sku";

    fn updates(plan: &ItemPlan) -> bool {
        plan.existing.is_some()
    }

    fn plan_row(tx: &Tx<'_>, row: &Row) -> Result<Result<ItemPlan, Vec<Problem>>> {
        let sku = row.text("sku");
        let existing = match items::id_by_sku(tx, sku)? {
            Some(id) => items::get(tx, id)?,
            None => None,
        };
        let mut form = existing.as_ref().map(|item| ItemForm::from_data(&item.data)).unwrap_or_default();
        for (column, value) in row.cells() {
            set_field(&mut form, column, value);
        }
        let (data, mut problems) = match form.validate() {
            Ok(data) => (Some(data), Vec::new()),
            Err(errors) => (None, field_problems(row.number, errors).collect()),
        };
        let opening = opening_stock(row, existing.as_ref(), &mut problems);
        Ok(match data {
            Some(data) if problems.is_empty() => Ok(ItemPlan {
                row: row.number,
                existing: existing.map(|item| item.id),
                data,
                barcodes_from_file: !row.text("barcode").is_empty(),
                opening,
            }),
            _ => Err(problems),
        })
    }

    /// Barcodes given twice in the file, or already on an item that keeps them.
    fn check_plans(tx: &Tx<'_>, plans: &[ItemPlan]) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut seen = SeenKeys::new("barcode", false);
        for plan in plans.iter().filter(|p| p.barcodes_from_file) {
            for spec in &plan.data.barcodes {
                problems.extend(seen.check(&spec.code, plan.row));
                problems.extend(barcode_conflict(tx, plans, plan, &spec.code)?);
            }
        }
        Ok(problems)
    }

    /// An item without a barcode in the file gets one with `--generate-barcodes`.
    fn generates_code(row: &Row, options: &ImportOptions) -> bool {
        options.generate_barcodes && row.text("barcode").is_empty()
    }

    /// A file that moves a barcode from one of its items to another is written in one
    /// batch: the code must be freed in the same transaction that gives it away.
    fn publish_whole(tx: &Tx<'_>, plans: &[ItemPlan]) -> Result<bool> {
        for plan in plans.iter().filter(|p| p.barcodes_from_file) {
            for spec in &plan.data.barcodes {
                if items::barcode_owner(tx, &spec.code)?.is_some_and(|(owner, _, _)| plan.existing != Some(owner)) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    fn apply(tx: &Tx<'_>, actor: &Actor, plans: Vec<ItemPlan>, options: &ImportOptions) -> Result<Counts> {
        // Free the codes of every item being updated first, so a code may move from
        // one item to another within the file.
        for id in plans.iter().filter_map(|p| p.existing) {
            items::replace_barcodes(tx, id, &[])?;
        }
        let mut counts = Counts::default();
        let mut without_barcode = Vec::new();
        for plan in &plans {
            let id = match plan.existing {
                Some(id) => {
                    items::update(tx, id, &plan.data, tx.now)?;
                    counts.updated += 1;
                    id
                }
                None => {
                    let id = items::insert(tx, &plan.data, tx.now)?;
                    counts.created += 1;
                    id
                }
            };
            items::replace_barcodes(tx, id, &plan.data.barcodes)?;
            if let Some(qty) = plan.opening {
                record_opening(tx, actor, id, qty, &plan.data)?;
            }
            if plan.data.barcodes.is_empty() {
                without_barcode.push(id);
            }
        }
        // Generated last, so a generated code skips every code the file gives.
        if options.generate_barcodes {
            for id in without_barcode {
                let code = next_in_store_barcode(tx)?;
                items::add_barcode(tx, id, &BarcodeSpec { code, factor: Qty::ONE })?;
            }
        }
        Ok(counts)
    }
}

fn set_field(form: &mut ItemForm, column: &str, value: &str) {
    let field = match column {
        "sku" => &mut form.sku,
        "name" => &mut form.name,
        "price" => &mut form.price,
        // An empty barcode cell keeps the item's barcodes.
        "barcode" if value.is_empty() => return,
        "barcode" => &mut form.barcode,
        "category" => &mut form.category,
        "unit" => &mut form.unit,
        "cost" => &mut form.cost,
        "price_wholesale1" => &mut form.price_wholesale1,
        "min_qty_wholesale1" => &mut form.min_qty_wholesale1,
        "price_wholesale2" => &mut form.price_wholesale2,
        "min_qty_wholesale2" => &mut form.min_qty_wholesale2,
        "reorder_level" => &mut form.reorder_level,
        // `stock` is not part of the item form; see `opening_stock`.
        _ => return,
    };
    *field = value.to_string();
}

/// The `stock` cell: opening stock for a new item; for an existing item it must
/// equal what is on hand (so an export re-imports), since changes need a stock count.
fn opening_stock(row: &Row, existing: Option<&ItemRow>, problems: &mut Vec<Problem>) -> Option<Qty> {
    let text = row.text("stock");
    if text.is_empty() {
        return None;
    }
    let qty = match Qty::parse(text) {
        Ok(qty) => qty,
        Err(e) => {
            problems.push(Problem::at(row.number, "stock", e.into()));
            return None;
        }
    };
    match existing {
        None if qty < Qty::ZERO => {
            problems.push(Problem::at(
                row.number,
                "stock",
                ImportProblem::OpeningStockNegative { qty: qty.to_string() },
            ));
            None
        }
        None => (qty != Qty::ZERO).then_some(qty),
        Some(item) if item.on_hand == qty => None,
        Some(item) => {
            let differs = ImportProblem::StockDiffers {
                sku: item.data.sku.clone(),
                on_hand: item.on_hand.to_string(),
                qty: qty.to_string(),
            };
            problems.push(Problem::at(row.number, "stock", differs));
            None
        }
    }
}

/// A problem when `code` belongs to another item that keeps it. An item in the file
/// whose new barcode list leaves the code out gives it up; one that lists it too is
/// reported as a repeat within the file instead.
fn barcode_conflict(tx: &Tx<'_>, plans: &[ItemPlan], plan: &ItemPlan, code: &str) -> Result<Option<Problem>> {
    let Some((owner, sku, name)) = items::barcode_owner(tx, code)? else { return Ok(None) };
    if plan.existing == Some(owner) {
        return Ok(None);
    }
    let kept = match plans.iter().find(|p| p.existing == Some(owner)) {
        None => true,
        Some(other) => other.data.barcodes.iter().any(|b| b.code == code) && !other.barcodes_from_file,
    };
    Ok(kept
        .then(|| Problem::at(plan.row, "barcode", ImportProblem::BarcodeTaken { code: code.to_string(), sku, name })))
}

fn record_opening(tx: &Tx<'_>, actor: &Actor, item_id: i64, qty: Qty, data: &ItemData) -> Result<()> {
    let opening = StockMove {
        item_id,
        kind: MoveKind::Opening,
        qty,
        unit_cost: data.cost,
        user_id: actor.user_id,
        at: tx.now,
        reference: STOCK_REFERENCE,
    };
    Ok(stock::record(tx, &opening)?)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{ImportKind, ImportSummary};
    use super::*;
    use crate::domain::Money;
    use crate::services::Shop;
    use crate::store::items::ItemFilter;

    const GOOD: &str = "\
sku,name,price,barcode,category,unit,cost,price_wholesale1,min_qty_wholesale1,price_wholesale2,min_qty_wholesale2,stock,reorder_level
IDM-GRG,Indomie Goreng 85g,3500,089686010947|40*2000000000015,Mi Instan,pcs,2900,3300,10,3100,40,120,24
GULA-1K,Gula Pasir 1kg,16500,,Sembako,KG,15000,,,,,12.5,5
AQ600,Aqua 600ml,3000,8992761111113,,,2500,,,,,,
";

    fn items(shop: &Shop) -> Vec<ItemRow> {
        shop.items(&ItemFilter { include_archived: true, ..Default::default() }).unwrap()
    }

    fn by_sku(shop: &Shop, sku: &str) -> ItemRow {
        items(shop).into_iter().find(|i| i.data.sku == sku).unwrap_or_else(|| panic!("no item {sku}"))
    }

    fn opening_moves(shop: &mut Shop) -> Vec<(i64, String, i64, i64, String)> {
        shop.write(|tx| {
            let mut stmt =
                tx.prepare("SELECT item_id, kind, qty, unit_cost, reference FROM stock_moves ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
    }

    fn one_item(shop: &mut Shop) {
        import(shop, ImportKind::Items, "sku,name,price,barcode,stock\nIDM-GRG,Indomie Goreng,3500,089686010947,10\n")
            .unwrap();
    }

    #[test]
    fn a_good_file_creates_every_item() {
        let mut shop = shop();
        let summary = import(&mut shop, ImportKind::Items, GOOD).unwrap();
        assert_eq!(summary, ImportSummary { created: 3, updated: 0, rows: 3, dry_run: false });

        let indomie = by_sku(&shop, "IDM-GRG");
        assert_eq!(indomie.data.name, "Indomie Goreng 85g");
        assert_eq!(indomie.data.unit, "PCS");
        assert_eq!(indomie.data.category.as_deref(), Some("Mi Instan"));
        assert_eq!(indomie.data.prices.wholesale2, Some(Money::new(3100)));
        assert_eq!(indomie.data.prices.min_qty_wholesale2, Some(Qty::from_units(40)));
        assert_eq!(indomie.data.reorder_level, Qty::from_units(24));
        assert_eq!(BarcodeSpec::list_to_text(&indomie.data.barcodes), "089686010947|40*2000000000015");
        assert_eq!(indomie.on_hand, Qty::from_units(120));

        let gula = by_sku(&shop, "GULA-1K");
        assert_eq!((gula.data.unit.as_str(), gula.on_hand), ("KG", Qty::from_thousandths(12_500)));
        assert!(gula.data.barcodes.is_empty());
        let aqua = by_sku(&shop, "AQ600");
        assert_eq!((aqua.data.category.clone(), aqua.on_hand), (None, Qty::ZERO));
    }

    #[test]
    fn opening_stock_is_a_ledger_row_and_doctor_stays_healthy() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Items, GOOD).unwrap();
        let indomie = by_sku(&shop, "IDM-GRG").id;
        let gula = by_sku(&shop, "GULA-1K").id;
        assert_eq!(
            opening_moves(&mut shop),
            [
                (indomie, "opening".into(), 120_000, 2900, "import".into()),
                (gula, "opening".into(), 12_500, 15_000, "import".into()),
            ]
        );
        assert_eq!(shop.doctor().unwrap(), []);
    }

    #[test]
    fn bom_and_semicolons_as_excel_writes_them() {
        let mut shop = shop();
        let input = "\u{feff}SKU;Name;Price;Cost\r\nKOPI;Kopi Kapal Api, sachet;1.500;1.200\r\n";
        import(&mut shop, ImportKind::Items, input).unwrap();
        let kopi = by_sku(&shop, "KOPI");
        assert_eq!(kopi.data.name, "Kopi Kapal Api, sachet");
        assert_eq!((kopi.data.prices.retail, kopi.data.cost), (Money::new(1500), Money::new(1200)));
    }

    #[test]
    fn every_bad_row_is_reported_and_nothing_is_written() {
        let mut shop = shop();
        let input = "\
sku,name,price,cost,stock,barcode
OK-1,Fine,1000,,,
BAD 1,,abc,-5,,
OK-2,Fine too,2000,,lots,
,No sku,1000,,,4006381333932
";
        let lines = problems(import(&mut shop, ImportKind::Items, input));
        assert_eq!(
            lines,
            [
                "row 3, column sku: must not contain spaces",
                "row 3, column name: is required",
                "row 3, column cost: amount must not be negative",
                "row 3, column price: 'abc' is not an amount of rupiah (write it like 12500 or 12.500)",
                "row 4, column stock: 'lots' is not a quantity (write it like 2 or 1.5)",
                "row 5, column sku: is required",
                "row 5, column barcode: barcode '4006381333932' has a wrong EAN-13 check digit (expected 1)",
            ]
        );
        assert!(items(&shop).is_empty());
        assert!(audit_actions(&shop).is_empty());
    }

    #[test]
    fn a_sku_twice_in_the_file_names_both_rows() {
        let mut shop = shop();
        let input = "sku,name,price\nA1,Apel,1000\nB1,Beras,2000\na1,Apel lagi,1100\n";
        assert_eq!(problems(import(&mut shop, ImportKind::Items, input)), ["row 4, column sku: a1 is also on row 2"]);
        assert!(items(&shop).is_empty());
    }

    #[test]
    fn a_barcode_twice_in_the_file_names_both_rows() {
        let mut shop = shop();
        let input = "sku,name,price,barcode\nA1,Apel,1000,111|222\nB1,Beras,2000,24*222\n";
        assert_eq!(
            problems(import(&mut shop, ImportKind::Items, input)),
            ["row 3, column barcode: 222 is also on row 2"]
        );
    }

    #[test]
    fn a_barcode_on_another_item_names_that_item() {
        let mut shop = shop();
        one_item(&mut shop);
        let input = "sku,name,price,barcode\nMIE-2,Mie Sedaap,3200,089686010947\n";
        assert_eq!(
            problems(import(&mut shop, ImportKind::Items, input)),
            ["row 2, column barcode: 089686010947 already belongs to IDM-GRG Indomie Goreng"]
        );
        // Also when that item is in the file but keeps its codes (empty barcode cell).
        let input = "sku,name,price,barcode\nIDM-GRG,Indomie Goreng,3500,\nMIE-2,Mie Sedaap,3200,089686010947\n";
        assert_eq!(
            problems(import(&mut shop, ImportKind::Items, input)),
            ["row 3, column barcode: 089686010947 already belongs to IDM-GRG Indomie Goreng"]
        );
        assert_eq!(items(&shop).len(), 1);
    }

    #[test]
    fn a_barcode_may_move_between_items_in_one_file() {
        let mut shop = shop();
        one_item(&mut shop);
        let input = "sku,name,price,barcode\nMIE-2,Mie Sedaap,3200,089686010947\nIDM-GRG,Indomie Goreng,3500,555\n";
        import(&mut shop, ImportKind::Items, input).unwrap();
        assert_eq!(BarcodeSpec::list_to_text(&by_sku(&shop, "MIE-2").data.barcodes), "089686010947");
        assert_eq!(BarcodeSpec::list_to_text(&by_sku(&shop, "IDM-GRG").data.barcodes), "555");
    }

    #[test]
    fn an_existing_sku_is_updated_keeping_what_the_file_leaves_out() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Items, GOOD).unwrap();
        let before = by_sku(&shop, "IDM-GRG");
        let input = "sku,name,price,barcode,price_wholesale2,min_qty_wholesale2\nidm-grg,Indomie Goreng Jumbo,3800,,,\nNEW,Baru,100,,,\n";
        let summary = import(&mut shop, ImportKind::Items, input).unwrap();
        assert_eq!(summary.to_string(), "2 rows: 1 created, 1 updated");
        let after = by_sku(&shop, "idm-grg");
        assert_eq!(after.id, before.id);
        assert_eq!(after.data.name, "Indomie Goreng Jumbo");
        assert_eq!(after.data.prices.retail, Money::new(3800));
        assert_eq!(after.data.prices.wholesale2, None, "an empty cell clears the field");
        assert_eq!(after.data.barcodes, before.data.barcodes, "an empty barcode cell keeps the codes");
        assert_eq!(after.data.cost, before.data.cost, "a column the file lacks keeps its value");
        assert_eq!(after.data.category, before.data.category);
        assert_eq!(after.on_hand, before.on_hand);
    }

    #[test]
    fn stock_of_an_existing_item_may_be_repeated_but_not_changed() {
        let mut shop = shop();
        one_item(&mut shop);
        import(&mut shop, ImportKind::Items, "sku,name,price,stock\nIDM-GRG,Indomie Goreng,3500,10.000\n").unwrap();
        let lines =
            problems(import(&mut shop, ImportKind::Items, "sku,name,price,stock\nIDM-GRG,Indomie Goreng,3500,12\n"));
        assert_eq!(
            lines,
            ["row 2, column stock: IDM-GRG has 10 on hand, not 12; change stock with a stock count, not an import"]
        );
        assert_eq!(by_sku(&shop, "IDM-GRG").on_hand, Qty::from_units(10));
        assert_eq!(opening_moves(&mut shop).len(), 1);
    }

    #[test]
    fn a_dry_run_checks_everything_and_writes_nothing() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Items, "sku,name,price,barcode,stock\nOLD,Lama,100,555,1\n").unwrap();
        let options = ImportOptions { dry_run: true, generate_barcodes: true };
        let input = format!("{GOOD}OLD,Lama,200,,,,,,,,,1,\n");
        let summary = shop.import(&owner(), ImportKind::Items, input.as_bytes(), &options).unwrap();
        assert_eq!(summary.to_string(), "4 rows: 3 created, 1 updated (dry run: nothing written)");
        assert_eq!(items(&shop).len(), 1);
        assert_eq!(by_sku(&shop, "OLD").data.prices.retail, Money::new(100));
        assert_eq!(opening_moves(&mut shop).len(), 1);
        assert_eq!(audit_actions(&shop), ["import.items"], "only the first, real import");

        // Database conflicts are found in a dry run too.
        let conflict = "sku,name,price,barcode\nMIE-2,Mie Sedaap,3200,555\n";
        let result = shop.import(&owner(), ImportKind::Items, conflict.as_bytes(), &options);
        assert_eq!(problems(result), ["row 2, column barcode: 555 already belongs to OLD Lama"]);

        // The generated-code counter was rolled back with the rest.
        shop.import(
            &owner(),
            ImportKind::Items,
            b"sku,name,price\nX,Xylo,1\n",
            &ImportOptions { dry_run: false, generate_barcodes: true },
        )
        .unwrap();
        assert_eq!(BarcodeSpec::list_to_text(&by_sku(&shop, "X").data.barcodes), "2000000000015");
    }

    #[test]
    fn generate_barcodes_gives_each_item_without_one_an_in_store_code() {
        let mut shop = shop();
        // A code in the in-store range given by the file is skipped by the generator.
        let input = "sku,name,price,barcode\nA,Apel,1000,\nB,Beras,2000,2000000000015\nC,Cabai,500,\n";
        let options = ImportOptions { dry_run: false, generate_barcodes: true };
        shop.import(&owner(), ImportKind::Items, input.as_bytes(), &options).unwrap();
        let code = |sku| BarcodeSpec::list_to_text(&by_sku(&shop, sku).data.barcodes);
        assert_eq!(code("A"), "2000000000022");
        assert_eq!(code("B"), "2000000000015");
        assert_eq!(code("C"), "2000000000039");
        assert!(crate::domain::barcode::validate(&code("C")).is_ok());

        // Without the option an item may have no barcode.
        import(&mut shop, ImportKind::Items, "sku,name,price\nD,Daun,100\n").unwrap();
        assert!(by_sku(&shop, "D").data.barcodes.is_empty());
    }
}
