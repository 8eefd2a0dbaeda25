//! Suppliers, keyed by name (ignoring case).

use super::{Column, Counts, ImportOptions, Importer, Problem, Row, field_problems};
use crate::domain::master::{SupplierData, SupplierForm};
use crate::services::master::insert_supplier;
use crate::services::{Actor, Result, Tx};
use crate::store::suppliers;

pub(super) const COLUMNS: &[Column] = &[
    Column { name: "name", required: true },
    Column { name: "phone", required: false },
    Column { name: "address", required: false },
];

pub(super) struct Suppliers;

pub(super) struct SupplierPlan {
    /// The supplier with this name, when there is one.
    existing: Option<i64>,
    data: SupplierData,
}

impl Importer for Suppliers {
    type Plan = SupplierPlan;
    const KEY: &'static str = "name";

    fn updates(plan: &SupplierPlan) -> bool {
        plan.existing.is_some()
    }

    fn plan_row(tx: &Tx<'_>, row: &Row) -> Result<Result<SupplierPlan, Vec<Problem>>> {
        let existing = match suppliers::id_by_name(tx, row.text("name"))? {
            Some(id) => suppliers::get(tx, id)?,
            None => None,
        };
        let mut form = existing.as_ref().map(|s| SupplierForm::from_data(&s.data)).unwrap_or_default();
        for (column, value) in row.cells() {
            set_field(&mut form, column, value);
        }
        Ok(match form.validate() {
            Ok(data) => Ok(SupplierPlan { existing: existing.map(|s| s.id), data }),
            Err(errors) => Err(field_problems(row.number, errors).collect()),
        })
    }

    fn apply(tx: &Tx<'_>, _actor: &Actor, plans: Vec<SupplierPlan>, _options: &ImportOptions) -> Result<Counts> {
        let mut counts = Counts::default();
        for plan in plans {
            match plan.existing {
                Some(id) => {
                    suppliers::update(tx, id, &plan.data, tx.now)?;
                    counts.updated += 1;
                }
                None => {
                    insert_supplier(tx, &plan.data, tx.now)?;
                    counts.created += 1;
                }
            }
        }
        Ok(counts)
    }
}

fn set_field(form: &mut SupplierForm, column: &str, value: &str) {
    let field = match column {
        "name" => &mut form.name,
        "phone" => &mut form.phone,
        "address" => &mut form.address,
        _ => return,
    };
    *field = value.to_string();
}

#[cfg(test)]
mod tests {
    use super::super::ImportKind;
    use super::super::test_support::*;
    use crate::services::Shop;
    use crate::store::suppliers::SupplierRow;

    fn suppliers(shop: &Shop) -> Vec<SupplierRow> {
        shop.suppliers("", true).unwrap()
    }

    #[test]
    fn a_good_file_creates_every_supplier() {
        let mut shop = shop();
        let input = "name,phone,address\nPT Indofood,(021) 555-1234,Jakarta\nCV Sumber Rejeki,+62 274 123,\"Jl. Solo 5, Yogyakarta\"\n";
        let summary = import(&mut shop, ImportKind::Suppliers, input).unwrap();
        assert_eq!(summary.to_string(), "2 rows: 2 created, 0 updated");
        let all = suppliers(&shop);
        assert_eq!(all[0].data.name, "CV Sumber Rejeki");
        assert_eq!(all[0].data.address, "Jl. Solo 5, Yogyakarta");
        assert_eq!(all[1].data.phone, "(021) 555-1234");
    }

    #[test]
    fn a_known_name_updates_that_supplier_whatever_its_case() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Suppliers, "name,phone,address\nPT Indofood,021 555,Jakarta\n").unwrap();
        let summary = import(&mut shop, ImportKind::Suppliers, "NAME,Phone\npt indofood,021 999\n").unwrap();
        assert_eq!(summary.to_string(), "1 row: 0 created, 1 updated");
        let all = suppliers(&shop);
        assert_eq!(all.len(), 1);
        assert_eq!((all[0].data.name.as_str(), all[0].data.phone.as_str()), ("pt indofood", "021 999"));
        assert_eq!(all[0].data.address, "Jakarta", "a column the file lacks keeps its value");
    }

    #[test]
    fn a_name_twice_in_the_file_names_both_rows() {
        let mut shop = shop();
        let input = "name\nPT Indofood\nPT Wings\nPT INDOFOOD\n";
        assert_eq!(
            problems(import(&mut shop, ImportKind::Suppliers, input)),
            ["row 4, column name: PT INDOFOOD is also on row 2"]
        );
        assert!(suppliers(&shop).is_empty());
    }
}
