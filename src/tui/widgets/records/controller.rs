//! Where a record list (items, customers, suppliers) meets the services; Master
//! data and Customers & CRM both run their lists through it.

use super::kinds::{Customers, Items, Suppliers};
use super::{LIST_LIMIT, Notice, RecordKind, RecordList};
use crate::services::{Actor, Result as ServiceResult, ServiceError, Shop};
use crate::store::customers::CustomerFilter;
use crate::store::items::ItemFilter;
use crate::tui::action::RecordAction;
use crate::tui::i18n::Lang;
use crate::tui::widgets::error::error_text;

/// What a record kind needs to run its list actions through the services.
pub trait Record: RecordKind {
    fn load(shop: &Shop, text: &str, include_archived: bool) -> ServiceResult<Vec<Self::Row>>;
    fn save(shop: &mut Shop, actor: &Actor, id: Option<i64>, form: &Self::Form) -> ServiceResult<()>;
    fn set_active(shop: &mut Shop, actor: &Actor, id: i64, active: bool) -> ServiceResult<()>;
}

impl Record for Items {
    fn load(shop: &Shop, text: &str, include_archived: bool) -> ServiceResult<Vec<Self::Row>> {
        shop.items(&ItemFilter { text: text.to_string(), include_archived, limit: LIST_LIMIT })
    }
    fn save(shop: &mut Shop, actor: &Actor, id: Option<i64>, form: &Self::Form) -> ServiceResult<()> {
        match id {
            Some(id) => shop.update_item(actor, id, form),
            None => shop.create_item(actor, form).map(|_| ()),
        }
    }
    fn set_active(shop: &mut Shop, actor: &Actor, id: i64, active: bool) -> ServiceResult<()> {
        shop.set_item_active(actor, id, active)
    }
}

impl Record for Customers {
    fn load(shop: &Shop, text: &str, include_archived: bool) -> ServiceResult<Vec<Self::Row>> {
        shop.customers(&CustomerFilter { text: text.to_string(), include_archived, limit: LIST_LIMIT })
    }
    fn save(shop: &mut Shop, actor: &Actor, id: Option<i64>, form: &Self::Form) -> ServiceResult<()> {
        match id {
            Some(id) => shop.update_customer(actor, id, form),
            None => shop.create_customer(actor, form).map(|_| ()),
        }
    }
    fn set_active(shop: &mut Shop, actor: &Actor, id: i64, active: bool) -> ServiceResult<()> {
        shop.set_customer_active(actor, id, active)
    }
}

impl Record for Suppliers {
    fn load(shop: &Shop, text: &str, include_archived: bool) -> ServiceResult<Vec<Self::Row>> {
        shop.suppliers(text, include_archived)
    }
    fn save(shop: &mut Shop, actor: &Actor, id: Option<i64>, form: &Self::Form) -> ServiceResult<()> {
        match id {
            Some(id) => shop.update_supplier(actor, id, form),
            None => shop.create_supplier(actor, form).map(|_| ()),
        }
    }
    fn set_active(shop: &mut Shop, actor: &Actor, id: i64, active: bool) -> ServiceResult<()> {
        shop.set_supplier_active(actor, id, active)
    }
}

pub fn run_record_action<K: Record>(
    shop: &mut Shop,
    actor: &Actor,
    screen: &mut RecordList<K>,
    action: RecordAction<K::Form>,
    lang: Lang,
) {
    let reload = |shop: &Shop, screen: &mut RecordList<K>| {
        if let RecordAction::Load { text, include_archived } = screen.load_request() {
            match K::load(shop, &text, include_archived) {
                Ok(rows) => screen.set_rows(rows),
                Err(e) => screen.notify(Notice::Error, error_text(&e, lang)),
            }
        }
    };
    match action {
        RecordAction::Load { text, include_archived } => match K::load(shop, &text, include_archived) {
            Ok(rows) => screen.set_rows(rows),
            Err(e) => screen.notify(Notice::Error, error_text(&e, lang)),
        },
        RecordAction::Save { id, form } => match K::save(shop, actor, id, &form) {
            Ok(()) => {
                screen.saved(lang.pick("Saved", "Tersimpan").to_string());
                reload(shop, screen);
            }
            Err(e) => {
                let fields = match &e {
                    ServiceError::Invalid(errors) => Some(errors.clone()),
                    _ => None,
                };
                screen.form_failed(fields, error_text(&e, lang));
            }
        },
        RecordAction::SetActive { id, active } => match K::set_active(shop, actor, id, active) {
            Ok(()) => {
                reload(shop, screen);
                let text = if active {
                    lang.pick("Restored", "Dipulihkan")
                } else {
                    lang.pick("Archived (h shows archived)", "Diarsipkan (h menampilkan arsip)")
                };
                screen.notify(Notice::Info, text.to_string());
            }
            Err(e) => screen.notify(Notice::Error, error_text(&e, lang)),
        },
    }
}
