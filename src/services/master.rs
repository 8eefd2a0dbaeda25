//! Items, customers and suppliers: create, edit, archive, generate barcodes.

use super::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::domain::master::BarcodeSpec;
use crate::domain::master::{CustomerData, CustomerForm, FieldErrors, ItemData, ItemForm, SupplierData, SupplierForm};
use crate::domain::{Permission, barcode};
use crate::store::customers::{self, CustomerFilter, CustomerRow};
use crate::store::items::{self, ItemFilter, ItemRow};
use crate::store::sequences;
use crate::store::suppliers::{self, SupplierRow};

/// In-store EAN-13 codes are generated under this GS1 prefix (20–29 are in-store).
pub const IN_STORE_PREFIX: u8 = 20;

fn conflict(field: &'static str, message: String, indonesian: String) -> ServiceError {
    let mut errors = FieldErrors::default();
    errors.push(field, message, indonesian);
    ServiceError::Invalid(errors)
}

/// `code` (a SKU or member code) belongs to `name` already.
fn taken(field: &'static str, code: &str, name: &str) -> ServiceError {
    conflict(field, format!("{code} is already used by {name}"), format!("{code} sudah dipakai {name}"))
}

/// Refuse a sku or barcode another item already has, naming that item.
fn check_item_unique(conn: &rusqlite::Connection, data: &ItemData, own_id: Option<i64>) -> Result<()> {
    if let Some(other) = items::id_by_sku(conn, &data.sku)?.filter(|id| Some(*id) != own_id) {
        let name = items::get(conn, other)?.map(|i| i.data.name).unwrap_or_default();
        return Err(taken("sku", &data.sku, &name));
    }
    for spec in &data.barcodes {
        if let Some((other, sku, name)) = items::barcode_owner(conn, &spec.code)?
            && Some(other) != own_id
        {
            return Err(conflict(
                "barcode",
                format!("{} already belongs to {sku} {name}", spec.code),
                format!("{} sudah milik {sku} {name}", spec.code),
            ));
        }
    }
    Ok(())
}

/// Next unused in-store EAN-13 code.
pub(crate) fn next_in_store_barcode(conn: &rusqlite::Connection) -> Result<String> {
    loop {
        let seq = sequences::next(conn, "barcode.in_store")?;
        let code = barcode::in_store_ean13(IN_STORE_PREFIX, seq as u64)
            .map_err(|e| Refusal::Barcode { detail: e.to_string() })?;
        // A code typed in by hand may already sit in the range; skip it.
        if items::barcode_owner(conn, &code)?.is_none() {
            return Ok(code);
        }
    }
}

/// Next unused member code, `M00001` upwards.
pub(crate) fn next_member_code(conn: &rusqlite::Connection) -> Result<String> {
    loop {
        let seq = sequences::next(conn, "customer.code")?;
        let code = format!("M{seq:05}");
        if customers::id_by_code(conn, &code)?.is_none() {
            return Ok(code);
        }
    }
}

fn audit_json<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

impl Shop {
    pub fn items(&self, filter: &ItemFilter) -> Result<Vec<ItemRow>> {
        Ok(items::list(self.store.conn(), filter)?)
    }

    pub fn item(&self, id: i64) -> Result<ItemRow> {
        items::get(self.store.conn(), id)?.ok_or_else(|| ServiceError::Missing(Thing::Item.key(id)))
    }

    pub fn categories(&self) -> Result<Vec<(String, i64)>> {
        Ok(items::categories(self.store.conn())?)
    }

    pub fn units(&self) -> Result<Vec<String>> {
        Ok(items::units(self.store.conn())?)
    }

    pub fn create_item(&mut self, actor: &Actor, form: &ItemForm) -> Result<i64> {
        actor.require(Permission::EditMasterData, "create items")?;
        let data = form.validate()?;
        let now = self.now_ms();
        self.write(|tx| {
            check_item_unique(tx, &data, None)?;
            let id = items::insert(tx, &data, now)?;
            items::replace_barcodes(tx, id, &data.barcodes)?;
            tx.audit(actor, "item.create", "item", id, None, audit_json(&ItemForm::from_data(&data)))?;
            Ok(id)
        })
    }

    pub fn update_item(&mut self, actor: &Actor, id: i64, form: &ItemForm) -> Result<()> {
        actor.require(Permission::EditMasterData, "edit items")?;
        let data = form.validate()?;
        let now = self.now_ms();
        self.write(|tx| {
            let before = items::get(tx, id)?.ok_or_else(|| ServiceError::Missing(Thing::Item.key(id)))?;
            check_item_unique(tx, &data, Some(id))?;
            items::update(tx, id, &data, now)?;
            items::replace_barcodes(tx, id, &data.barcodes)?;
            let (before, after) = (ItemForm::from_data(&before.data), ItemForm::from_data(&data));
            if before != after {
                tx.audit(actor, "item.update", "item", id, audit_json(&before), audit_json(&after))?;
            }
            Ok(())
        })
    }

    /// Archive (hide from selling and lists) or restore an item. History keeps it.
    pub fn set_item_active(&mut self, actor: &Actor, id: i64, active: bool) -> Result<()> {
        actor.require(Permission::EditMasterData, "archive items")?;
        let now = self.now_ms();
        self.write(|tx| {
            if !items::set_active(tx, id, active, now)? {
                return Err(ServiceError::Missing(Thing::Item.key(id)));
            }
            let action = if active { "item.restore" } else { "item.archive" };
            tx.audit(actor, action, "item", id, None, None)
        })
    }

    /// Give an item a new in-store EAN-13 barcode and return it.
    pub fn generate_barcode(&mut self, actor: &Actor, item_id: i64) -> Result<String> {
        actor.require(Permission::EditMasterData, "generate barcodes")?;
        self.write(|tx| {
            items::get(tx, item_id)?.ok_or_else(|| ServiceError::Missing(Thing::Item.key(item_id)))?;
            let code = next_in_store_barcode(tx)?;
            items::add_barcode(tx, item_id, &BarcodeSpec { code: code.clone(), factor: crate::domain::Qty::ONE })?;
            tx.audit(actor, "item.barcode", "item", item_id, None, Some(code.clone()))?;
            Ok(code)
        })
    }

    pub fn customers(&self, filter: &CustomerFilter) -> Result<Vec<CustomerRow>> {
        Ok(customers::list(self.store.conn(), filter)?)
    }

    pub fn customer(&self, id: i64) -> Result<CustomerRow> {
        customers::get(self.store.conn(), id)?.ok_or_else(|| ServiceError::Missing(Thing::Customer.key(id)))
    }

    pub fn create_customer(&mut self, actor: &Actor, form: &CustomerForm) -> Result<i64> {
        actor.require(Permission::EditCustomers, "create customers")?;
        let data = form.validate()?;
        let now = self.now_ms();
        self.write(|tx| {
            let id = insert_customer(tx, &data, now)?;
            tx.audit(actor, "customer.create", "customer", id, None, audit_json(&CustomerForm::from_data(&data)))?;
            Ok(id)
        })
    }

    pub fn update_customer(&mut self, actor: &Actor, id: i64, form: &CustomerForm) -> Result<()> {
        actor.require(Permission::EditCustomers, "edit customers")?;
        let mut data = form.validate()?;
        let now = self.now_ms();
        self.write(|tx| {
            let before = customers::get(tx, id)?.ok_or_else(|| ServiceError::Missing(Thing::Customer.key(id)))?;
            let code = data.code.clone().unwrap_or_else(|| before.code.clone());
            if let Some(other) = customers::id_by_code(tx, &code)?.filter(|other| *other != id) {
                let name = customers::get(tx, other)?.map(|c| c.data.name).unwrap_or_default();
                return Err(taken("code", &code, &name));
            }
            data.code = Some(code.clone());
            customers::update(tx, id, &code, &data, now)?;
            let (before, after) = (CustomerForm::from_data(&before.data), CustomerForm::from_data(&data));
            if before != after {
                tx.audit(actor, "customer.update", "customer", id, audit_json(&before), audit_json(&after))?;
            }
            Ok(())
        })
    }

    pub fn set_customer_active(&mut self, actor: &Actor, id: i64, active: bool) -> Result<()> {
        actor.require(Permission::EditMasterData, "archive customers")?;
        let now = self.now_ms();
        self.write(|tx| {
            if !customers::set_active(tx, id, active, now)? {
                return Err(ServiceError::Missing(Thing::Customer.key(id)));
            }
            let action = if active { "customer.restore" } else { "customer.archive" };
            tx.audit(actor, action, "customer", id, None, None)
        })
    }

    pub fn suppliers(&self, text: &str, include_archived: bool) -> Result<Vec<SupplierRow>> {
        Ok(suppliers::list(self.store.conn(), text, include_archived)?)
    }

    pub fn supplier(&self, id: i64) -> Result<SupplierRow> {
        suppliers::get(self.store.conn(), id)?.ok_or_else(|| ServiceError::Missing(Thing::Supplier.key(id)))
    }

    pub fn create_supplier(&mut self, actor: &Actor, form: &SupplierForm) -> Result<i64> {
        actor.require(Permission::EditMasterData, "create suppliers")?;
        let data = form.validate()?;
        let now = self.now_ms();
        self.write(|tx| {
            let id = insert_supplier(tx, &data, now)?;
            tx.audit(actor, "supplier.create", "supplier", id, None, Some(data.name.clone()))?;
            Ok(id)
        })
    }

    pub fn update_supplier(&mut self, actor: &Actor, id: i64, form: &SupplierForm) -> Result<()> {
        actor.require(Permission::EditMasterData, "edit suppliers")?;
        let data = form.validate()?;
        let now = self.now_ms();
        self.write(|tx| {
            suppliers::get(tx, id)?.ok_or_else(|| ServiceError::Missing(Thing::Supplier.key(id)))?;
            if suppliers::id_by_name(tx, &data.name)?.is_some_and(|other| other != id) {
                return Err(conflict(
                    "name",
                    format!("a supplier called {} already exists", data.name),
                    format!("pemasok bernama {} sudah ada", data.name),
                ));
            }
            suppliers::update(tx, id, &data, now)?;
            tx.audit(actor, "supplier.update", "supplier", id, None, Some(data.name.clone()))
        })
    }

    pub fn set_supplier_active(&mut self, actor: &Actor, id: i64, active: bool) -> Result<()> {
        actor.require(Permission::EditMasterData, "archive suppliers")?;
        let now = self.now_ms();
        self.write(|tx| {
            if !suppliers::set_active(tx, id, active, now)? {
                return Err(ServiceError::Missing(Thing::Supplier.key(id)));
            }
            let action = if active { "supplier.restore" } else { "supplier.archive" };
            tx.audit(actor, action, "supplier", id, None, None)
        })
    }
}

/// Insert a customer, generating a member code when none is given; refuses a code
/// that is taken. Shared by the edit screen, quick-create and import.
pub(crate) fn insert_customer(conn: &rusqlite::Connection, data: &CustomerData, now: i64) -> Result<i64> {
    let code = match &data.code {
        Some(code) => {
            if let Some(other) = customers::id_by_code(conn, code)? {
                let name = customers::get(conn, other)?.map(|c| c.data.name).unwrap_or_default();
                return Err(taken("code", code, &name));
            }
            code.clone()
        }
        None => next_member_code(conn)?,
    };
    Ok(customers::insert(conn, &code, data, now)?)
}

pub(crate) fn insert_supplier(conn: &rusqlite::Connection, data: &SupplierData, now: i64) -> Result<i64> {
    if suppliers::id_by_name(conn, &data.name)?.is_some() {
        return Err(conflict(
            "name",
            format!("a supplier called {} already exists", data.name),
            format!("pemasok bernama {} sudah ada", data.name),
        ));
    }
    Ok(suppliers::insert(conn, data, now)?)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{Money, Qty, Role};
    use crate::store::Store;

    fn shop() -> Shop {
        Shop::new(Store::open_in_memory().unwrap(), Arc::new(FixedClock::at_ms(1_700_000_000_000)))
    }

    fn indomie() -> ItemForm {
        ItemForm {
            sku: "IDM-GRG".into(),
            name: "Indomie Goreng".into(),
            category: "Mi Instan".into(),
            price: "3500".into(),
            barcode: "089686010947|40*2000000000015".into(),
            ..Default::default()
        }
    }

    #[test]
    fn create_edit_archive_item() {
        let mut shop = shop();
        let owner = Actor::command_line();
        let id = shop.create_item(&owner, &indomie()).unwrap();
        let item = shop.item(id).unwrap();
        assert_eq!(item.data.category.as_deref(), Some("Mi Instan"));
        assert_eq!(item.data.unit, "PCS");
        assert_eq!(item.data.barcodes.len(), 2);
        assert_eq!(item.data.barcodes[1].factor, Qty::from_units(40));

        let mut form = indomie();
        form.price = "3600".into();
        shop.update_item(&owner, id, &form).unwrap();
        assert_eq!(shop.item(id).unwrap().data.prices.retail, Money::new(3600));
        let audit = shop.recent_audit(1).unwrap();
        assert_eq!(audit[0].action, "item.update");
        assert!(audit[0].before.as_deref().unwrap().contains("\"price\":\"3500\""));

        shop.set_item_active(&owner, id, false).unwrap();
        assert!(shop.items(&ItemFilter::default()).unwrap().is_empty());
        assert_eq!(shop.items(&ItemFilter { include_archived: true, ..Default::default() }).unwrap().len(), 1);
    }

    #[test]
    fn duplicate_sku_or_barcode_names_the_owner() {
        let mut shop = shop();
        let owner = Actor::command_line();
        shop.create_item(&owner, &indomie()).unwrap();
        let err = shop.create_item(&owner, &ItemForm { name: "Other".into(), ..indomie() }).unwrap_err();
        assert_eq!(err.to_string(), "sku: IDM-GRG is already used by Indomie Goreng");
        let other = ItemForm {
            sku: "X1".into(),
            name: "Other".into(),
            price: "1".into(),
            barcode: "089686010947".into(),
            ..Default::default()
        };
        let err = shop.create_item(&owner, &other).unwrap_err();
        assert_eq!(err.to_string(), "barcode: 089686010947 already belongs to IDM-GRG Indomie Goreng");
    }

    #[test]
    fn filter_matches_name_sku_and_exact_barcode() {
        let mut shop = shop();
        let owner = Actor::command_line();
        shop.create_item(&owner, &indomie()).unwrap();
        shop.create_item(
            &owner,
            &ItemForm { sku: "AQ600".into(), name: "Aqua 600ml".into(), price: "3000".into(), ..Default::default() },
        )
        .unwrap();
        let find = |t: &str| shop.items(&ItemFilter { text: t.into(), ..Default::default() }).unwrap().len();
        assert_eq!(find("goreng"), 1);
        assert_eq!(find("aq6"), 1);
        assert_eq!(find("089686010947"), 1);
        assert_eq!(find("100%"), 0);
        assert_eq!(find(""), 2);
    }

    #[test]
    fn generated_barcodes_are_sequential_valid_and_attached() {
        let mut shop = shop();
        let owner = Actor::command_line();
        let id = shop
            .create_item(
                &owner,
                &ItemForm { sku: "A".into(), name: "A".into(), price: "1".into(), ..Default::default() },
            )
            .unwrap();
        let first = shop.generate_barcode(&owner, id).unwrap();
        let second = shop.generate_barcode(&owner, id).unwrap();
        assert_eq!(first, "2000000000015");
        assert_eq!(second, "2000000000022");
        assert!(barcode::validate(&second).is_ok());
        assert_eq!(shop.item(id).unwrap().data.barcodes.len(), 2);
    }

    #[test]
    fn customers_get_member_codes_and_normalised_phones() {
        let mut shop = shop();
        let owner = Actor::command_line();
        let form = CustomerForm {
            name: "Bu Sri".into(),
            phone: "0812 3456 789".into(),
            wa_opt_in: "yes".into(),
            ..Default::default()
        };
        let id = shop.create_customer(&owner, &form).unwrap();
        let c = shop.customer(id).unwrap();
        assert_eq!(c.code, "M00001");
        assert_eq!(c.data.phone.as_ref().unwrap().as_str(), "628123456789");
        assert_eq!(c.wa_opt_in_at, Some(1_700_000_000_000));
        let found = shop.customers(&CustomerFilter { text: "+62 812-3456".into(), ..Default::default() }).unwrap();
        assert_eq!(found.len(), 1);
        let dup = CustomerForm { code: "M00001".into(), name: "Other".into(), ..Default::default() };
        assert_eq!(
            shop.create_customer(&owner, &dup).unwrap_err().to_string(),
            "code: M00001 is already used by Bu Sri"
        );
    }

    #[test]
    fn withdrawing_consent_clears_its_timestamp() {
        let mut shop = shop();
        let owner = Actor::command_line();
        let mut form = CustomerForm {
            name: "Bu Sri".into(),
            phone: "08123456789".into(),
            wa_opt_in: "yes".into(),
            ..Default::default()
        };
        let id = shop.create_customer(&owner, &form).unwrap();
        form.wa_opt_in = "no".into();
        shop.update_customer(&owner, id, &form).unwrap();
        assert_eq!(shop.customer(id).unwrap().wa_opt_in_at, None);
    }

    #[test]
    fn cashiers_may_add_customers_but_not_items() {
        let mut shop = shop();
        let cashier = Actor { user_id: None, username: "sari".into(), role: Role::Cashier };
        assert!(matches!(shop.create_item(&cashier, &indomie()), Err(ServiceError::Denied { .. })));
        let form = CustomerForm { name: "Pak Budi".into(), ..Default::default() };
        assert!(shop.create_customer(&cashier, &form).is_ok());
    }

    #[test]
    fn suppliers_are_unique_by_name() {
        let mut shop = shop();
        let owner = Actor::command_line();
        shop.create_supplier(&owner, &SupplierForm { name: "PT Indofood".into(), ..Default::default() }).unwrap();
        let err = shop
            .create_supplier(&owner, &SupplierForm { name: "pt indofood".into(), ..Default::default() })
            .unwrap_err();
        assert!(err.to_string().contains("already exists"));
    }
}
