//! WhatsApp orders at the till: the open ones, an order loaded as a cart (today's
//! prices and tiers; lines can be changed), and the order completed by the sale that
//! rings it up (same transaction, linked to its invoice).

use super::super::{Actor, Refusal, Result, ServiceError, Shop, Thing, Tx};
use crate::domain::cart::{Cart, CartLine};
use crate::domain::{Money, MoneyError, Permission};
use crate::store;

/// An order waiting for the cashier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOrder {
    pub id: i64,
    pub created_at: i64,
    pub phone: String,
    pub customer_name: Option<String>,
    /// `new` or `confirmed`
    pub status: String,
    pub lines: Vec<store::orders::OrderLineRow>,
}

impl OpenOrder {
    /// The estimate the customer was told.
    pub fn total(&self) -> Result<Money, MoneyError> {
        Money::checked_sum(self.lines.iter().map(|l| l.total()))
    }
}

impl Shop {
    /// New and confirmed WhatsApp orders, oldest first.
    pub fn open_orders(&self, actor: &Actor) -> Result<Vec<OpenOrder>> {
        actor.require(Permission::Sell, "see WhatsApp orders")?;
        let conn = self.store.conn();
        store::orders::open(conn)?
            .into_iter()
            .map(|o| {
                let lines = store::orders::lines(conn, o.id)?;
                Ok(OpenOrder {
                    id: o.id,
                    created_at: o.created_at,
                    phone: o.phone,
                    customer_name: o.customer_name,
                    status: o.status,
                    lines,
                })
            })
            .collect()
    }

    /// Order `id` as a cart for its customer at today's prices; items no longer on
    /// sale are left out. Completing the sale completes the order.
    pub fn order_cart(&self, actor: &Actor, id: i64) -> Result<Cart> {
        actor.require(Permission::Sell, "ring up WhatsApp orders")?;
        let conn = self.store.conn();
        let (status, customer_id) = store::orders::status_of(conn, id)?
            .ok_or_else(|| ServiceError::Missing(Thing::Order.key(format!("#{id}"))))?;
        if !matches!(status.as_str(), "new" | "confirmed") {
            return Err(Refusal::OrderNotOpen { order: id, status }.into());
        }
        let mut cart = Cart { order_id: Some(id), ..Default::default() };
        for line in store::orders::lines(conn, id)? {
            if let Some(item) = store::items::cart_item(conn, line.item_id)? {
                cart.lines.push(CartLine { item, qty: line.qty, price_override: None, discount: Default::default() });
            }
        }
        if let Some(customer) = customer_id {
            cart.set_customer(Some(self.cart_customer(customer)?));
        }
        Ok(cart)
    }
}

/// In the checkout's transaction: the sale `sale_id` completes order `id` (audited).
pub(crate) fn complete_order(tx: &Tx<'_>, actor: &Actor, id: i64, sale_id: i64, invoice: &str) -> Result<()> {
    if !store::orders::complete(tx, id, sale_id, tx.now)? {
        return Err(Refusal::OrderNoLongerOpen { order: id }.into());
    }
    tx.audit(actor, "order.complete", "order", id, None, Some(invoice.to_string()))
}
