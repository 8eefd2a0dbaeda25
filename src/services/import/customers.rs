//! Customers, keyed by member code. A row without a code is a new customer and gets
//! a generated one.

use super::{Column, Counts, ImportOptions, Importer, Problem, Row, field_problems};
use crate::domain::master::{CustomerData, CustomerForm};
use crate::services::master::insert_customer;
use crate::services::{Actor, Result, Tx};
use crate::store::customers;

pub(super) const COLUMNS: &[Column] = &[
    Column { name: "name", required: true },
    Column { name: "code", required: false },
    Column { name: "phone", required: false },
    Column { name: "address", required: false },
    Column { name: "tier", required: false },
    Column { name: "credit_limit", required: false },
    Column { name: "birthday", required: false },
    Column { name: "wa_opt_in", required: false },
    Column { name: "notes", required: false },
];

pub(super) struct Customers;

pub(super) struct CustomerPlan {
    /// The customer with this code, when there is one.
    existing: Option<i64>,
    data: CustomerData,
}

impl Importer for Customers {
    type Plan = CustomerPlan;
    const KEY: &'static str = "code";

    fn updates(plan: &CustomerPlan) -> bool {
        plan.existing.is_some()
    }

    fn plan_row(tx: &Tx<'_>, row: &Row) -> Result<Result<CustomerPlan, Vec<Problem>>> {
        let existing = match customers::id_by_code(tx, row.text("code"))? {
            Some(id) => customers::get(tx, id)?,
            None => None,
        };
        let mut form = existing.as_ref().map(|c| CustomerForm::from_data(&c.data)).unwrap_or_default();
        for (column, value) in row.cells() {
            set_field(&mut form, column, value);
        }
        Ok(match form.validate() {
            Ok(data) => Ok(CustomerPlan { existing: existing.map(|c| c.id), data }),
            Err(errors) => Err(field_problems(row.number, errors).collect()),
        })
    }

    /// A row without a code gets a generated member code.
    fn generates_code(row: &Row, _options: &ImportOptions) -> bool {
        row.text("code").is_empty()
    }

    fn apply(tx: &Tx<'_>, _actor: &Actor, plans: Vec<CustomerPlan>, _options: &ImportOptions) -> Result<Counts> {
        // Rows with a code first, so a generated code skips every code the file gives.
        let (generated, given): (Vec<_>, Vec<_>) = plans.into_iter().partition(|p| p.data.code.is_none());
        let mut counts = Counts::default();
        for plan in given.into_iter().chain(generated) {
            match (plan.existing, &plan.data.code) {
                (Some(id), Some(code)) => {
                    customers::update(tx, id, code, &plan.data, tx.now)?;
                    counts.updated += 1;
                }
                _ => {
                    insert_customer(tx, &plan.data, tx.now)?;
                    counts.created += 1;
                }
            }
        }
        Ok(counts)
    }
}

fn set_field(form: &mut CustomerForm, column: &str, value: &str) {
    let field = match column {
        "name" => &mut form.name,
        "code" => &mut form.code,
        "phone" => &mut form.phone,
        "address" => &mut form.address,
        "tier" => &mut form.tier,
        "credit_limit" => &mut form.credit_limit,
        "birthday" => &mut form.birthday,
        "wa_opt_in" => &mut form.wa_opt_in,
        "notes" => &mut form.notes,
        _ => return,
    };
    *field = value.to_string();
}

#[cfg(test)]
mod tests {
    use super::super::ImportKind;
    use super::super::test_support::*;
    use crate::domain::{Money, PriceTier};
    use crate::services::Shop;
    use crate::store::customers::{CustomerFilter, CustomerRow};

    const GOOD: &str = "\
name,code,phone,address,tier,credit_limit,birthday,wa_opt_in,notes
Bu Sri,C001,0812-3456-789,Jl. Melati 3,wholesale1,500.000,17/08/1985,ya,langganan
Pak Budi,,+62 813 1111 2222,,,,,no,
Warung Bu Tin,C002,,\"Gg. Mawar 2, RT 03\",grosir2,0,1990-01-31,,
";

    fn customers(shop: &Shop) -> Vec<CustomerRow> {
        shop.customers(&CustomerFilter { include_archived: true, ..Default::default() }).unwrap()
    }

    fn by_code(shop: &Shop, code: &str) -> CustomerRow {
        customers(shop).into_iter().find(|c| c.code == code).unwrap_or_else(|| panic!("no customer {code}"))
    }

    #[test]
    fn a_good_file_creates_every_customer() {
        let mut shop = shop();
        let summary = import(&mut shop, ImportKind::Customers, GOOD).unwrap();
        assert_eq!(summary.to_string(), "3 rows: 3 created, 0 updated");
        let sri = by_code(&shop, "C001");
        assert_eq!(sri.data.phone.as_ref().unwrap().as_str(), "628123456789");
        assert_eq!(sri.data.tier, PriceTier::Wholesale1);
        assert_eq!(sri.data.credit_limit, Money::new(500_000));
        assert_eq!(sri.data.birthday, Some(jiff::civil::date(1985, 8, 17)));
        assert!(sri.data.wa_opt_in);
        assert_eq!(sri.data.notes, "langganan");
        let tin = by_code(&shop, "C002");
        assert_eq!(tin.data.address, "Gg. Mawar 2, RT 03");
        assert_eq!(tin.data.tier, PriceTier::Wholesale2);
        let budi = by_code(&shop, "M00001");
        assert_eq!(budi.data.name, "Pak Budi");
        assert_eq!(budi.data.phone.as_ref().unwrap().as_str(), "6281311112222");
    }

    #[test]
    fn a_known_code_updates_that_customer() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Customers, GOOD).unwrap();
        let before = by_code(&shop, "C001");
        let summary = import(&mut shop, ImportKind::Customers, "code,name,tier\nC001,Ibu Sri Rahayu,retail\n").unwrap();
        assert_eq!(summary.to_string(), "1 row: 0 created, 1 updated");
        let after = by_code(&shop, "C001");
        assert_eq!(after.id, before.id);
        assert_eq!(after.data.name, "Ibu Sri Rahayu");
        assert_eq!(after.data.tier, PriceTier::Retail);
        assert_eq!(after.data.phone, before.data.phone, "a column the file lacks keeps its value");
        assert_eq!(after.wa_opt_in_at, before.wa_opt_in_at);
        assert_eq!(customers(&shop).len(), 3);
    }

    #[test]
    fn generated_codes_skip_codes_given_later_in_the_file() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Customers, "name,code\nTanpa Kode,\nPunya Kode,M00001\n").unwrap();
        assert_eq!(by_code(&shop, "M00001").data.name, "Punya Kode");
        assert_eq!(by_code(&shop, "M00002").data.name, "Tanpa Kode");
    }

    #[test]
    fn bad_rows_and_repeated_codes_are_all_reported() {
        let mut shop = shop();
        let input = "\
name,code,phone,tier,wa_opt_in,birthday
Bu Sri,C001,021-555,vip,,
,C002,,,yes,
Pak Budi,c001,,,,31/02/1990
";
        assert_eq!(
            problems(import(&mut shop, ImportKind::Customers, input)),
            [
                "row 2, column phone: '021-555' is not an Indonesian mobile number (it should start 08, +628 or 628)",
                "row 2, column tier: 'vip' is not a price tier (use retail, wholesale1 or wholesale2)",
                "row 3, column name: is required",
                "row 3, column wa_opt_in: needs a phone number",
                "row 4, column code: c001 is also on row 2",
                "row 4, column birthday: '31/02/1990' is not a date (use YYYY-MM-DD)",
            ]
        );
        assert!(customers(&shop).is_empty());
    }
}
