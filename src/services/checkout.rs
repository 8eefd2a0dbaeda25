//! Selling: find what was scanned, and complete a sale — sale, lines with their cost,
//! payments, stock moves, receivable, audit and receipt message in ONE transaction.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Actor, Result, ServiceError, Shop, Tx};
use crate::clock::local_date;
use crate::domain::cart::{Cart, CartCustomer, CartItem, Totals};
use crate::domain::{Money, PaymentMethod, Permission, Qty, Role};
use crate::services::messages::MessageVars;
use crate::services::messages::templates::{To, queue};
use crate::store::sales::{self, NewSale, NewSaleLine, SaleSource};
use crate::store::stock::{self, MoveKind, StockMove};
use crate::store::{customers, items, shifts, users};

/// One payment as entered at the till.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tender {
    pub method: PaymentMethod,
    pub amount: Money,
    /// Transfer or QRIS reference.
    pub reference: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckoutRequest {
    pub cart: Cart,
    pub payments: Vec<Tender>,
    /// For the credit part; default: today + `credit.default_days`.
    pub due_date: Option<Date>,
    /// A manager or owner who approved with their PIN (big discount, typed price,
    /// credit above the limit).
    pub approved_by: Option<Actor>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedSale {
    pub sale_id: i64,
    pub invoice: String,
    pub totals: Totals,
    pub change: Money,
    /// The part sold on credit.
    pub credit: Money,
    pub receipt_queued: bool,
}

/// How the tendered payments settle `total`: what each method keeps, the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub kept: Vec<Tender>,
    pub change: Money,
    pub credit: Money,
}

/// Check that payments cover the total and work out the change. Change only ever
/// comes out of cash: a transfer is never larger than what is left to pay.
pub fn settle(total: Money, payments: &[Tender]) -> Result<Settlement> {
    let reject = |m: String| Err(ServiceError::Rejected(m));
    let mut paid = Money::ZERO;
    let mut cash = Money::ZERO;
    let mut credit = Money::ZERO;
    for p in payments {
        if !p.amount.rupiah().is_positive() {
            return reject(format!("{} payment must be more than 0", p.method));
        }
        paid = paid.checked_add(p.amount).map_err(|e| ServiceError::Rejected(e.to_string()))?;
        match p.method {
            PaymentMethod::Cash => cash = cash.checked_add(p.amount).unwrap_or(cash),
            PaymentMethod::Credit => credit = credit.checked_add(p.amount).unwrap_or(credit),
            PaymentMethod::Transfer | PaymentMethod::Qris => {}
        }
    }
    if paid < total {
        return reject(format!("payment is short by {}", total.checked_sub(paid).unwrap_or(total)));
    }
    let change = paid.checked_sub(total).unwrap_or(Money::ZERO);
    if change > cash {
        return reject(format!("only cash can be more than the total; the rest is {change} too much"));
    }
    // Cash is recorded net of change, so the kept payments add up to the total.
    let mut to_return = change;
    let mut kept = Vec::new();
    for p in payments {
        let mut p = p.clone();
        if p.method == PaymentMethod::Cash && to_return > Money::ZERO {
            let back = to_return.min(p.amount);
            p.amount = p.amount.checked_sub(back).unwrap_or(Money::ZERO);
            to_return = to_return.checked_sub(back).unwrap_or(Money::ZERO);
        }
        if p.amount > Money::ZERO {
            kept.push(p);
        }
    }
    Ok(Settlement { kept, change, credit })
}

fn bp_from_percent_setting(text: &str) -> i64 {
    text.parse::<f64>().map(|p| (p * 100.0).round() as i64).unwrap_or(0)
}

impl Shop {
    /// What a scanned or typed code means: an item and how many base units one scan
    /// is (a carton barcode of 24 is 24). Barcodes first, then the SKU.
    pub fn lookup_code(&self, code: &str) -> Result<Option<(CartItem, Qty)>> {
        let conn = self.store.conn();
        let code = code.trim();
        let (id, factor) = match items::lookup_barcode(conn, code)? {
            Some(found) => found,
            None => match items::id_by_sku(conn, code)? {
                Some(id) => (id, Qty::ONE),
                None => return Ok(None),
            },
        };
        Ok(items::cart_item(conn, id)?.map(|item| (item, factor)))
    }

    pub fn cart_item(&self, item_id: i64) -> Result<CartItem> {
        items::cart_item(self.store.conn(), item_id)?.ok_or_else(|| ServiceError::NotFound(format!("item {item_id}")))
    }

    /// Changes whenever the catalogue does (see [`items::catalog_stamp`]).
    pub fn catalog_stamp(&self) -> Result<(i64, i64)> {
        Ok(items::catalog_stamp(self.store.conn())?)
    }

    /// (id, sku, name) of every item on sale, for the till's name search.
    pub fn sellable_items(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(items::active_names(self.store.conn())?)
    }

    pub fn cart_customer(&self, customer_id: i64) -> Result<CartCustomer> {
        let c = customers::get(self.store.conn(), customer_id)?
            .filter(|c| c.active)
            .ok_or_else(|| ServiceError::NotFound(format!("customer {customer_id}")))?;
        Ok(CartCustomer {
            id: c.id,
            code: c.code,
            name: c.data.name,
            tier: c.data.tier,
            credit_limit: c.data.credit_limit,
            receivable: c.receivable,
        })
    }

    /// A manager's or owner's PIN: who approved.
    pub fn approve_with_pin(&self, pin: &str) -> Result<Actor> {
        for user in users::list(self.store.conn())? {
            if user.active
                && user.role.can(Permission::ApproveExceptions)
                && user.pin_hash.as_deref().is_some_and(|hash| super::auth::verify_password(pin, hash))
            {
                return Ok(Actor { user_id: Some(user.id), username: user.username, role: user.role });
            }
        }
        Err(ServiceError::Rejected("that PIN belongs to no manager or owner".into()))
    }

    pub fn tax_bp(&self) -> Result<i64> {
        Ok(bp_from_percent_setting(&self.setting("tax.rate")?))
    }

    /// The largest discount a cashier may give without a manager, in basis points.
    pub fn discount_limit_bp(&self) -> Result<i64> {
        Ok(bp_from_percent_setting(&self.setting("discount.max_without_pin")?))
    }

    pub fn cart_totals(&self, cart: &Cart) -> Result<Totals> {
        cart.totals(self.tax_bp()?).map_err(|e| ServiceError::Rejected(e.to_string()))
    }

    /// Complete a sale. Everything is written in one transaction or nothing is.
    pub fn checkout(&mut self, actor: &Actor, request: &CheckoutRequest) -> Result<CompletedSale> {
        actor.require(Permission::Sell, "sell")?;
        let cart = &request.cart;
        if cart.is_empty() {
            return Err(ServiceError::Rejected("the sale has no items".into()));
        }
        let totals = self.cart_totals(cart)?;
        let settlement = settle(totals.total, &request.payments)?;
        let approver = self.approver(actor, request.approved_by.as_ref());
        self.check_discount_limit(cart, approver)?;
        if cart.lines.iter().any(|l| l.price_override.is_some()) && approver.is_none() {
            return Err(ServiceError::Rejected("a typed price needs a manager's approval".into()));
        }
        let tz = self.time_zone();
        let now = self.now_ms();
        let today = local_date(now, &tz);
        let due_date = match request.due_date {
            Some(date) => date,
            None => today
                .checked_add(self.setting("credit.default_days")?.parse::<i64>().unwrap_or(14).days())
                .map_err(|e| ServiceError::Rejected(e.to_string()))?,
        };
        let format = self.invoice_format()?;
        let store_name = self.store_name();
        self.write(|tx| {
            let customer = match &cart.customer {
                Some(c) => Some(
                    customers::get(tx, c.id)?.ok_or_else(|| ServiceError::NotFound(format!("customer {}", c.name)))?,
                ),
                None => None,
            };
            if settlement.credit > Money::ZERO {
                let customer = customer
                    .as_ref()
                    .ok_or_else(|| ServiceError::Rejected("a sale on credit needs a customer (F2)".into()))?;
                let owed = customer.receivable.checked_add(settlement.credit).unwrap_or(customer.receivable);
                if owed > customer.data.credit_limit && approver.is_none() {
                    return Err(ServiceError::Rejected(format!(
                        "{} would owe {owed}, above the credit limit of {}; a manager must approve",
                        customer.data.name, customer.data.credit_limit
                    )));
                }
            }
            let invoice = sales::next_invoice(tx, &format, today)?;
            let shift_id = match actor.user_id {
                Some(user_id) => shifts::open_shift_id(tx, user_id)?,
                None => None,
            };
            let sale_id = sales::insert_sale(
                tx,
                &NewSale {
                    invoice: &invoice,
                    at: tx.now,
                    user_id: actor.user_id,
                    shift_id,
                    customer_id: customer.as_ref().map(|c| c.id),
                    tier: cart.tier,
                    subtotal: totals.subtotal,
                    discount: totals.discount,
                    tax: totals.tax,
                    total: totals.total,
                    change_due: settlement.change,
                    source: SaleSource::Pos,
                },
            )?;
            write_lines(tx, actor, approver, cart, sale_id, &invoice)?;
            for p in &settlement.kept {
                sales::insert_payment(tx, sale_id, p.method, p.amount, &p.reference)?;
            }
            if settlement.credit > Money::ZERO
                && let Some(c) = &customer
            {
                sales::insert_receivable(tx, sale_id, c.id, settlement.credit, due_date, tx.now)?;
            }
            tx.audit(actor, "sale.complete", "sale", &invoice, None, Some(format!("total {}", totals.total.rupiah())))?;
            if let Some(order) = cart.order_id {
                super::assistant::complete_order(tx, actor, order, sale_id, &invoice)?;
            }
            let receipt_queued = match &customer {
                Some(c) if c.data.wa_opt_in => match &c.data.phone {
                    Some(phone) => queue_receipt(
                        tx,
                        To { customer_id: c.id, phone: phone.as_str() },
                        receipt_vars(&c.data.name, &c.code, &store_name, &invoice, &totals, &settlement),
                    )?,
                    None => false,
                },
                _ => false,
            };
            Ok(CompletedSale {
                sale_id,
                invoice,
                totals,
                change: settlement.change,
                credit: settlement.credit,
                receipt_queued,
            })
        })
    }

    /// The approver for exceptions: a PIN given at the till, or the seller when they
    /// are a manager or owner themselves.
    pub(crate) fn approver<'a>(&self, actor: &'a Actor, given: Option<&'a Actor>) -> Option<&'a Actor> {
        given
            .filter(|a| a.role.can(Permission::ApproveExceptions))
            .or_else(|| actor.role.can(Permission::ApproveExceptions).then_some(actor))
    }

    fn check_discount_limit(&self, cart: &Cart, approver: Option<&Actor>) -> Result<()> {
        let limit = self.discount_limit_bp()?;
        let largest = cart.largest_discount_bp();
        if largest > limit && approver.is_none() {
            return Err(ServiceError::Rejected(format!(
                "a discount of {:.1}% is above the {:.1}% a cashier may give; a manager must approve",
                largest as f64 / 100.0,
                limit as f64 / 100.0
            )));
        }
        Ok(())
    }
}

fn write_lines(
    tx: &Tx<'_>,
    actor: &Actor,
    approver: Option<&Actor>,
    cart: &Cart,
    sale_id: i64,
    invoice: &str,
) -> Result<()> {
    let reject = |e: crate::domain::cart::CartError| ServiceError::Rejected(e.to_string());
    for (i, line) in cart.lines.iter().enumerate() {
        let (tier, unit_price) = line.pricing(cart.tier);
        let unit_cost = items::cost(tx, line.item.item_id)?;
        sales::insert_line(
            tx,
            sale_id,
            &NewSaleLine {
                line_no: i as i64 + 1,
                item_id: line.item.item_id,
                qty: line.qty,
                unit_price,
                tier,
                discount: line.discount_amount(cart.tier).map_err(reject)?,
                line_total: line.total(cart.tier).map_err(reject)?,
                unit_cost,
                price_overridden: line.price_override.is_some(),
            },
        )?;
        stock::record(
            tx,
            &StockMove {
                item_id: line.item.item_id,
                kind: MoveKind::Sale,
                qty: -line.qty,
                unit_cost,
                user_id: actor.user_id,
                at: tx.now,
                reference: invoice,
            },
        )?;
        if let Some(price) = line.price_override {
            let list_price = line.item.prices.price_for(cart.tier, line.qty).1;
            let who = approver.map(|a| a.username.as_str()).unwrap_or(actor.username.as_str());
            tx.audit(
                actor,
                "sale.price_override",
                "sale",
                invoice,
                Some(format!("{} at {}", line.item.sku, list_price.rupiah())),
                Some(format!("{} at {} approved by {who}", line.item.sku, price.rupiah())),
            )?;
        }
    }
    Ok(())
}

fn receipt_vars(
    name: &str,
    code: &str,
    store_name: &str,
    invoice: &str,
    totals: &Totals,
    settlement: &Settlement,
) -> MessageVars {
    let mut vars = MessageVars::new(name, code, store_name);
    vars.invoice = Some(invoice.to_string());
    vars.total = Some(totals.total.rupiah());
    vars.credit = Some(settlement.credit.rupiah());
    vars
}

/// Queue the WhatsApp receipt from the `receipt` message template. A template that
/// fails on this sale must not stop the sale: the message is skipped and logged.
fn queue_receipt(tx: &Tx<'_>, to: To<'_>, vars: MessageVars) -> Result<bool> {
    let key = format!("receipt:{}", vars.invoice.as_deref().unwrap_or_default());
    match queue(tx, "receipt", to, &vars, &key) {
        Ok(added) => Ok(added.is_some()),
        Err(e @ (ServiceError::Rejected(_) | ServiceError::NotFound(_))) => {
            tracing::warn!("receipt message not queued: {e}");
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// Cashiers need an approver for exceptions; used by screens to ask for a PIN first.
pub fn needs_approval(role: Role) -> bool {
    !role.can(Permission::ApproveExceptions)
}

/// Park a sale under `label`; it survives restarts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldSale {
    pub id: i64,
    pub label: String,
    pub held_at: i64,
    pub lines: usize,
}

impl Shop {
    pub fn hold_sale(&mut self, actor: &Actor, cart: &Cart, label: &str) -> Result<i64> {
        actor.require(Permission::Sell, "hold sales")?;
        let json = serde_json::to_string(cart).map_err(|e| ServiceError::Rejected(e.to_string()))?;
        self.write(|tx| Ok(crate::store::held_sales::insert(tx, actor.user_id, tx.now, label, &json)?))
    }

    pub fn held_sales(&self) -> Result<Vec<HeldSale>> {
        Ok(crate::store::held_sales::list(self.store.conn())?
            .into_iter()
            .map(|row| HeldSale {
                id: row.id,
                label: row.label,
                held_at: row.held_at,
                lines: serde_json::from_str::<Cart>(&row.cart_json).map(|c| c.lines.len()).unwrap_or(0),
            })
            .collect())
    }

    /// Take a held sale back; it is no longer held.
    pub fn resume_sale(&mut self, actor: &Actor, id: i64) -> Result<Cart> {
        actor.require(Permission::Sell, "resume sales")?;
        let row = self.write(|tx| Ok(crate::store::held_sales::take(tx, id)?))?;
        let row = row.ok_or_else(|| ServiceError::NotFound(format!("held sale {id}")))?;
        serde_json::from_str(&row.cart_json)
            .map_err(|e| ServiceError::Rejected(format!("held sale {id} is damaged: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::cart::Discount;
    use crate::domain::master::{CustomerForm, ItemForm};
    use crate::store::Store;

    struct Fixture {
        shop: Shop,
        owner: Actor,
        cashier: Actor,
    }

    fn fixture() -> Fixture {
        let clock = Arc::new(FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23)));
        let mut shop = Shop::new(Store::open_in_memory().unwrap(), clock);
        let cli = Actor::command_line();
        shop.add_user(&cli, "pemilik", "", Role::Owner, "rahasia1").unwrap();
        shop.add_user(&cli, "kasir", "", Role::Cashier, "kasir123").unwrap();
        shop.set_pin(&cli, "pemilik", "1234").unwrap();
        let owner = shop.login("pemilik", "rahasia1").unwrap();
        let cashier = shop.login("kasir", "kasir123").unwrap();
        let item = |sku: &str, name: &str, price: &str, w1: &str, barcode: &str| ItemForm {
            sku: sku.into(),
            name: name.into(),
            cost: "2900".into(),
            price: price.into(),
            price_wholesale1: w1.into(),
            min_qty_wholesale1: if w1.is_empty() { String::new() } else { "10".into() },
            barcode: barcode.into(),
            ..Default::default()
        };
        shop.create_item(&owner, &item("IDM", "Indomie Goreng", "3500", "3300", "089686010947|40*2000000000015"))
            .unwrap();
        shop.create_item(&owner, &item("AQ", "Aqua 600ml", "3500", "", "")).unwrap();
        let darto = CustomerForm {
            name: "Warung Pak Darto".into(),
            phone: "0856-1111-2222".into(),
            tier: "wholesale1".into(),
            credit_limit: "100000".into(),
            wa_opt_in: "yes".into(),
            ..Default::default()
        };
        shop.create_customer(&owner, &darto).unwrap();
        Fixture { shop, owner, cashier }
    }

    fn cash(amount: i64) -> Tender {
        Tender { method: PaymentMethod::Cash, amount: Money::new(amount), reference: String::new() }
    }

    fn cart_of(shop: &Shop, codes: &[(&str, i64)]) -> Cart {
        let mut cart = Cart::default();
        for (code, times) in codes {
            let (item, factor) = shop.lookup_code(code).unwrap().unwrap();
            cart.add(item, Qty::from_units(*times).times(factor).unwrap()).unwrap();
        }
        cart
    }

    fn count(shop: &Shop, sql: &str) -> i64 {
        shop.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn pack_barcode_scans_as_its_factor() {
        let f = fixture();
        let (item, factor) = f.shop.lookup_code("2000000000015").unwrap().unwrap();
        assert_eq!((item.sku.as_str(), factor), ("IDM", Qty::from_units(40)));
        assert_eq!(f.shop.lookup_code("idm").unwrap().unwrap().1, Qty::ONE);
        assert!(f.shop.lookup_code("999").unwrap().is_none());
    }

    #[test]
    fn doctor_names_a_sale_that_does_not_add_up() {
        let mut f = fixture();
        let request = CheckoutRequest {
            cart: cart_of(&f.shop, &[("AQ", 2)]),
            payments: vec![cash(10_000)],
            ..Default::default()
        };
        let sale = f.shop.checkout(&f.cashier, &request).unwrap();
        assert!(f.shop.doctor().unwrap().is_empty());
        let conn = f.shop.store.conn();
        conn.execute("UPDATE sale_payments SET amount = amount - 1", []).unwrap();
        assert_eq!(
            f.shop.doctor().unwrap(),
            [format!("sale: {} has payments adding up to 6999 but a total of 7000", sale.invoice)]
        );
        conn.execute("UPDATE sale_lines SET line_total = 1", []).unwrap();
        assert_eq!(
            f.shop.doctor().unwrap(),
            [format!("sale: {} has lines adding up to 1 but a subtotal of 7000", sale.invoice)]
        );
        conn.execute("DELETE FROM sale_lines", []).unwrap();
        conn.execute("DELETE FROM stock_moves WHERE kind = 'sale'", []).unwrap();
        conn.execute("UPDATE items SET on_hand = 0", []).unwrap();
        assert_eq!(f.shop.doctor().unwrap(), [format!("sale: {} has no lines", sale.invoice)]);
    }

    #[test]
    fn cash_sale_writes_everything_in_one_go() {
        let mut f = fixture();
        let cart = cart_of(&f.shop, &[("089686010947", 3), ("AQ", 1)]);
        let request = CheckoutRequest { cart, payments: vec![cash(20_000)], ..Default::default() };
        let sale = f.shop.checkout(&f.cashier, &request).unwrap();
        assert_eq!(sale.invoice, "INV/261123/0001");
        assert_eq!(sale.totals.total, Money::new(14_000));
        assert_eq!(sale.change, Money::new(6_000));
        assert_eq!(count(&f.shop, "SELECT COUNT(*) FROM sale_lines"), 2);
        assert_eq!(count(&f.shop, "SELECT SUM(amount) FROM sale_payments"), 14_000);
        assert_eq!(count(&f.shop, "SELECT SUM(qty) FROM stock_moves WHERE kind = 'sale'"), -4_000);
        assert_eq!(count(&f.shop, "SELECT unit_cost FROM sale_lines WHERE line_no = 1"), 2_900);
        assert_eq!(count(&f.shop, "SELECT COUNT(*) FROM audit_log WHERE action = 'sale.complete'"), 1);
        assert!(f.shop.doctor().unwrap().is_empty());
        let next = f.shop.checkout(
            &f.cashier,
            &CheckoutRequest {
                cart: cart_of(&f.shop, &[("AQ", 1)]),
                payments: vec![cash(3_500)],
                ..Default::default()
            },
        );
        assert_eq!(next.unwrap().invoice, "INV/261123/0002");
    }

    #[test]
    fn short_payment_and_change_from_transfer_are_refused_writing_nothing() {
        let mut f = fixture();
        let cart = cart_of(&f.shop, &[("AQ", 2)]);
        let short = CheckoutRequest { cart: cart.clone(), payments: vec![cash(5_000)], ..Default::default() };
        assert_eq!(f.shop.checkout(&f.cashier, &short).unwrap_err().to_string(), "payment is short by Rp 2.000");
        let transfer =
            Tender { method: PaymentMethod::Transfer, amount: Money::new(10_000), reference: "BCA 123".into() };
        let over = CheckoutRequest { cart, payments: vec![transfer], ..Default::default() };
        assert!(f.shop.checkout(&f.cashier, &over).unwrap_err().to_string().contains("only cash"));
        assert_eq!(count(&f.shop, "SELECT COUNT(*) FROM sales"), 0);
        assert_eq!(count(&f.shop, "SELECT COUNT(*) FROM sequences WHERE name LIKE 'invoice:%'"), 0);
    }

    #[test]
    fn split_payment_keeps_cash_net_of_change() {
        let mut f = fixture();
        let cart = cart_of(&f.shop, &[("AQ", 4)]); // 14.000
        let qris = Tender { method: PaymentMethod::Qris, amount: Money::new(10_000), reference: "QR1".into() };
        let request = CheckoutRequest { cart, payments: vec![qris, cash(5_000)], ..Default::default() };
        let sale = f.shop.checkout(&f.cashier, &request).unwrap();
        assert_eq!(sale.change, Money::new(1_000));
        assert_eq!(count(&f.shop, "SELECT amount FROM sale_payments WHERE method = 'cash'"), 4_000);
        assert_eq!(count(&f.shop, "SELECT COUNT(*) FROM sale_payments WHERE reference = 'QR1'"), 1);
    }

    #[test]
    fn credit_sale_creates_receivable_and_queues_receipt() {
        let mut f = fixture();
        let mut cart = cart_of(&f.shop, &[("IDM", 10)]);
        cart.set_customer(Some(f.shop.cart_customer(1).unwrap()));
        let credit = Tender { method: PaymentMethod::Credit, amount: Money::new(33_000), reference: String::new() };
        let sale = f
            .shop
            .checkout(&f.cashier, &CheckoutRequest { cart, payments: vec![credit], ..Default::default() })
            .unwrap();
        assert_eq!(sale.totals.total, Money::new(33_000), "wholesale 1 price from the customer's tier");
        assert_eq!(sale.credit, Money::new(33_000));
        assert!(sale.receipt_queued);
        assert_eq!(count(&f.shop, "SELECT amount - paid FROM receivables"), 33_000);
        let due: String = f.shop.store.conn().query_row("SELECT due_date FROM receivables", [], |r| r.get(0)).unwrap();
        assert_eq!(due, "2026-12-07");
        let message = &crate::store::outbox::recent(f.shop.store.conn(), 1).unwrap()[0];
        assert_eq!((message.kind.as_str(), message.phone.as_str()), ("receipt", "6285611112222"));
        assert_eq!(message.dedupe_key, "receipt:INV/261123/0001");
        assert!(message.body.contains("piutang"), "{}", message.body);
        assert_eq!(f.shop.cart_customer(1).unwrap().receivable, Money::new(33_000));
    }

    #[test]
    fn credit_needs_a_customer_and_respects_the_limit() {
        let mut f = fixture();
        let credit = |n| Tender { method: PaymentMethod::Credit, amount: Money::new(n), reference: String::new() };
        let cart = cart_of(&f.shop, &[("AQ", 1)]);
        let no_customer = CheckoutRequest { cart, payments: vec![credit(3_500)], ..Default::default() };
        assert!(f.shop.checkout(&f.cashier, &no_customer).unwrap_err().to_string().contains("needs a customer"));

        let mut cart = cart_of(&f.shop, &[("IDM", 40)]); // 40 × 3.300 = 132.000 > limit 100.000
        cart.set_customer(Some(f.shop.cart_customer(1).unwrap()));
        let request = CheckoutRequest { cart, payments: vec![credit(132_000)], ..Default::default() };
        let err = f.shop.checkout(&f.cashier, &request).unwrap_err().to_string();
        assert!(err.contains("above the credit limit"), "{err}");
        let approver = f.shop.approve_with_pin("1234").unwrap();
        let approved = CheckoutRequest { approved_by: Some(approver), ..request };
        assert!(f.shop.checkout(&f.cashier, &approved).is_ok());
    }

    #[test]
    fn big_discounts_and_typed_prices_need_a_manager() {
        let mut f = fixture();
        let mut cart = cart_of(&f.shop, &[("AQ", 2)]);
        cart.set_sale_discount(Discount::Percent(2000)).unwrap();
        let request = CheckoutRequest { cart, payments: vec![cash(10_000)], ..Default::default() };
        assert!(f.shop.checkout(&f.cashier, &request).unwrap_err().to_string().contains("manager must approve"));
        assert!(f.shop.approve_with_pin("9999").is_err());
        // An owner at the till approves by being there.
        assert!(f.shop.checkout(&f.owner, &request).is_ok());

        let mut cart = cart_of(&f.shop, &[("AQ", 1)]);
        cart.set_price(0, Some(Money::new(3_000))).unwrap();
        let request = CheckoutRequest { cart, payments: vec![cash(3_000)], ..Default::default() };
        assert!(f.shop.checkout(&f.cashier, &request).is_err());
        let approved = CheckoutRequest { approved_by: Some(f.shop.approve_with_pin("1234").unwrap()), ..request };
        f.shop.checkout(&f.cashier, &approved).unwrap();
        let audit = f.shop.recent_audit(5).unwrap();
        let row = audit.iter().find(|a| a.action == "sale.price_override").unwrap();
        assert_eq!(row.before.as_deref(), Some("AQ at 3500"));
        assert_eq!(row.after.as_deref(), Some("AQ at 3000 approved by pemilik"));
    }

    #[test]
    fn held_sales_survive_and_resume_once() {
        let mut f = fixture();
        let cart = cart_of(&f.shop, &[("AQ", 2)]);
        let id = f.shop.hold_sale(&f.cashier, &cart, "Bu Sri").unwrap();
        let held = f.shop.held_sales().unwrap();
        assert_eq!((held[0].label.as_str(), held[0].lines), ("Bu Sri", 1));
        assert_eq!(f.shop.resume_sale(&f.cashier, id).unwrap(), cart);
        assert!(f.shop.held_sales().unwrap().is_empty());
        assert!(matches!(f.shop.resume_sale(&f.cashier, id), Err(ServiceError::NotFound(_))));
    }

    #[test]
    fn settle_rules() {
        let s = settle(Money::new(10_000), &[cash(50_000)]).unwrap();
        assert_eq!((s.change, s.kept[0].amount), (Money::new(40_000), Money::new(10_000)));
        assert!(settle(Money::new(10_000), &[cash(0)]).is_err());
    }
}
