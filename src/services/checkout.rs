//! Selling: find what was scanned, and complete a sale — sale, lines with their cost,
//! payments, stock moves, receivable, audit and receipt message in ONE transaction,
//! through the one sale writer ([`super::sale_writer`]).

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Actor, Refusal, Result, ServiceError, Shop, Thing, Tx};
use crate::clock::local_date;
use crate::domain::cart::{Cart, CartCustomer, CartItem, Exception, Totals};
use crate::domain::{Money, PaymentMethod, Permission, Qty, Role};
use crate::services::sale_writer::{AtTheTill, SaleRecord, write_sale};
use crate::store::sales::{self, NewSale, NewSaleLine, SaleSource};
use crate::store::{customers, items, shifts, users};

/// One payment as entered at the till.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// A manager's or owner's PIN approval for this sale's exceptions (big
    /// discount, typed price, credit above the limit).
    pub approval: Option<Approval>,
}

/// A manager's or owner's approval (F9), bound to what it was asked for: the
/// [`Cart::exceptions`] as they stood (or [`Exception::Return`] on an empty till).
/// It approves those and nothing else, and the audit row of the action names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub by: Actor,
    pub covers: Vec<Exception>,
}

impl Approval {
    pub fn covers(&self, exception: &Exception) -> bool {
        self.covers.contains(exception)
    }
}

/// A sale as it is parked (F4, logout, quit): the cart, the approval given for it
/// and the payments already entered, so resuming loses none of them. Older held
/// sales are a bare cart, which reads as one with neither.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpenSale {
    #[serde(flatten)]
    pub cart: Cart,
    #[serde(default)]
    pub approval: Option<HeldApproval>,
    #[serde(default)]
    pub payments: Vec<Tender>,
}

/// An approval as a held sale keeps it: who (checked again on resume) and what.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HeldApproval {
    pub user_id: i64,
    #[serde(deserialize_with = "typed_covers")]
    pub covers: Vec<Exception>,
}

/// Sales held before exceptions were typed name them as English phrases: those
/// are dropped, so such a sale resumes and asks for its approval again.
fn typed_covers<'de, D: serde::Deserializer<'de>>(from: D) -> std::result::Result<Vec<Exception>, D::Error> {
    let stored: Vec<serde_json::Value> = serde::Deserialize::deserialize(from)?;
    Ok(stored.into_iter().filter_map(|cover| serde_json::from_value(cover).ok()).collect())
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
    /// Member points the sale paid with, and earned.
    pub points_redeemed: i64,
    pub points_earned: i64,
    /// The member's points after the sale; None without a member or with points off.
    pub points_balance: Option<i64>,
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
    let reject = |refusal: Refusal| Err(refusal.into());
    let mut paid = Money::ZERO;
    let mut cash = Money::ZERO;
    let mut credit = Money::ZERO;
    for p in payments {
        if !p.amount.rupiah().is_positive() {
            return reject(Refusal::TenderNotPositive { method: p.method.to_string() });
        }
        if p.method == PaymentMethod::Qris && p.amount > crate::domain::qris::MAX_AMOUNT {
            return reject(Refusal::QrisAboveLimit { amount: p.amount });
        }
        paid = paid.checked_add(p.amount)?;
        match p.method {
            PaymentMethod::Cash => cash = cash.checked_add(p.amount).unwrap_or(cash),
            PaymentMethod::Credit => credit = credit.checked_add(p.amount).unwrap_or(credit),
            PaymentMethod::Transfer | PaymentMethod::Qris | PaymentMethod::Points => {}
        }
    }
    if paid < total {
        return reject(Refusal::PaymentShort { short: total.checked_sub(paid).unwrap_or(total) });
    }
    let change = paid.checked_sub(total).unwrap_or(Money::ZERO);
    if change > cash {
        return reject(Refusal::ChangeNotCash { change });
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
        items::cart_item(self.store.conn(), item_id)?.ok_or_else(|| ServiceError::Missing(Thing::Item.key(item_id)))
    }

    /// Changes whenever the catalogue does (see [`items::catalog_stamp`]).
    pub fn catalog_stamp(&self) -> Result<(i64, i64)> {
        Ok(items::catalog_stamp(self.store.conn())?)
    }

    /// (id, sku, name) of every item on sale, for the till's name search.
    pub fn sellable_items(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(items::active_names(self.store.conn())?)
    }

    /// A member card scanned at the till: the customer with that code, if any.
    pub fn member_by_code(&self, code: &str) -> Result<Option<CartCustomer>> {
        match customers::id_by_code(self.store.conn(), code.trim())? {
            Some(id) => self.cart_customer(id).map(Some),
            None => Ok(None),
        }
    }

    pub fn cart_customer(&self, customer_id: i64) -> Result<CartCustomer> {
        let c = customers::get(self.store.conn(), customer_id)?
            .filter(|c| c.active)
            .ok_or_else(|| ServiceError::Missing(Thing::Customer.key(customer_id)))?;
        Ok(CartCustomer {
            id: c.id,
            code: c.code,
            name: c.data.name,
            tier: c.data.tier,
            credit_limit: c.data.credit_limit,
            receivable: c.receivable,
            points: if self.points_rules()?.enabled { self.member_points(c.id)? } else { 0 },
        })
    }

    pub fn tax_bp(&self) -> Result<i64> {
        Ok(bp_from_percent_setting(&self.setting("tax.rate")?))
    }

    /// The largest discount a cashier may give without a manager, in basis points.
    pub fn discount_limit_bp(&self) -> Result<i64> {
        Ok(bp_from_percent_setting(&self.setting("discount.max_without_pin")?))
    }

    /// The shop's static QRIS (`qris.payload`), if one is set: the till shows it as
    /// a dynamic QR for each amount.
    pub fn qris_payload(&self) -> Result<Option<crate::domain::qris::Payload>> {
        let text = self.setting("qris.payload")?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        crate::domain::qris::Payload::parse(&text).map(Some).map_err(|e| Refusal::ShopQris(e).into())
    }

    /// `stock.oversell = refuse`: no sale may take an item below zero in stock.
    pub fn refuses_oversell(&self) -> Result<bool> {
        Ok(self.setting("stock.oversell")? == "refuse")
    }

    pub fn cart_totals(&self, cart: &Cart) -> Result<Totals> {
        Ok(cart.totals(self.tax_bp()?).map_err(Refusal::Cart)?)
    }

    /// Complete a sale. Everything is written in one transaction or nothing is.
    pub fn checkout(&mut self, actor: &Actor, request: &CheckoutRequest) -> Result<CompletedSale> {
        actor.require(Permission::Sell, "sell")?;
        let cart = &request.cart;
        if cart.is_empty() {
            return Err(Refusal::SaleEmpty.into());
        }
        let totals = self.cart_totals(cart)?;
        let settlement = settle(totals.total, &request.payments)?;
        let exceptions = cart.exceptions(self.discount_limit_bp()?, Money::ZERO);
        let approval = SaleApproval::new(actor, request.approval.as_ref());
        for exception in &exceptions {
            approval.check(exception)?;
        }
        let tz = self.time_zone();
        let now = self.now_ms();
        let today = local_date(now, &tz);
        let due_date = match request.due_date {
            Some(date) => date,
            None => today
                .checked_add(self.setting("credit.default_days")?.parse::<i64>().unwrap_or(14).days())
                .map_err(|e| Refusal::DueDate { detail: e.to_string() })?,
        };
        let format = self.invoice_format()?;
        let store_name = self.store_name();
        let mut approved = exceptions;
        let approver = approval.approver();
        let refuse_oversell = self.refuses_oversell()?;
        let points_rules = self.points_rules()?;
        let redeem =
            Money::checked_sum(settlement.kept.iter().filter(|p| p.method == PaymentMethod::Points).map(|p| p.amount))?;
        if redeem > Money::ZERO && cart.customer.is_none() {
            return Err(Refusal::PointsNeedMember.into());
        }
        self.write(|tx| {
            let customer = match &cart.customer {
                Some(c) => {
                    Some(customers::get(tx, c.id)?.ok_or_else(|| ServiceError::Missing(Thing::Customer.key(&c.name)))?)
                }
                None => None,
            };
            if settlement.credit > Money::ZERO {
                let customer = customer.as_ref().ok_or(Refusal::CreditNeedsCustomer)?;
                let owed = customer.receivable.checked_add(settlement.credit).unwrap_or(customer.receivable);
                if owed > customer.data.credit_limit {
                    let over = Exception::credit(cart.customer.as_ref().ok_or(Refusal::CreditNeedsCustomer)?);
                    approval.check(&over).map_err(|_| Refusal::CreditOverLimit {
                        customer: customer.data.name.clone(),
                        owed,
                        limit: customer.data.credit_limit,
                    })?;
                    approved.push(over);
                }
            }
            let invoice = sales::next_invoice(tx, &format, today)?;
            let shift_id = match actor.user_id {
                Some(user_id) => shifts::open_shift_id(tx, user_id)?,
                None => None,
            };
            let lines = priced_lines(tx, cart)?;
            let mut summary = format!("total {}", totals.total.rupiah());
            if let Some(by) = approver.filter(|_| !approved.is_empty()) {
                summary.push_str(&format!("; approved by {}: {}", by.username, phrases(&approved)));
            }
            let written = write_sale(
                tx,
                &SaleRecord {
                    sale: NewSale {
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
                    lines: &lines,
                    payments: &settlement.kept,
                    credit_due: due_date,
                    moves_stock: true,
                    refuse_oversell,
                    till: Some(AtTheTill {
                        actor,
                        points_rules: &points_rules,
                        tz: &tz,
                        redeem,
                        store_name: &store_name,
                        price_overrides: price_overrides(actor, approver, cart),
                        summary,
                        order_id: cart.order_id,
                    }),
                },
            )?;
            Ok(CompletedSale {
                sale_id: written.sale_id,
                invoice,
                totals,
                change: settlement.change,
                credit: settlement.credit,
                receipt_queued: written.receipt_queued,
                points_redeemed: written.points_redeemed,
                points_earned: written.points_earned,
                points_balance: written.points_balance,
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
}

/// Who may let a sale's exceptions through: the seller when they are a manager or
/// owner, else a PIN approval for exactly those exceptions.
struct SaleApproval<'a> {
    seller: Option<&'a Actor>,
    given: Option<&'a Approval>,
}

impl<'a> SaleApproval<'a> {
    fn new(actor: &'a Actor, given: Option<&'a Approval>) -> Self {
        SaleApproval {
            seller: actor.role.can(Permission::ApproveExceptions).then_some(actor),
            given: given.filter(|a| a.by.role.can(Permission::ApproveExceptions)),
        }
    }

    fn approver(&self) -> Option<&'a Actor> {
        self.seller.or(self.given.map(|a| &a.by))
    }

    fn check(&self, exception: &Exception) -> Result<()> {
        if self.seller.is_some() || self.given.is_some_and(|a| a.covers(exception)) {
            return Ok(());
        }
        let exception = exception.clone();
        Err(match self.given {
            Some(a) => {
                Refusal::ApprovalForOthers { exception, approver: a.by.username.clone(), covers: a.covers.clone() }
            }
            None => Refusal::ApprovalNeeded { exception },
        }
        .into())
    }
}

/// Exceptions as the audit row and refusals name them: English phrases.
fn phrases(exceptions: &[Exception]) -> String {
    exceptions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The cart's lines as sale lines, at each item's cost now.
fn priced_lines(tx: &Tx<'_>, cart: &Cart) -> Result<Vec<NewSaleLine>> {
    let reject = |e: crate::domain::cart::CartError| ServiceError::from(Refusal::Cart(e));
    let mut lines = Vec::with_capacity(cart.lines.len());
    for (i, line) in cart.lines.iter().enumerate() {
        let (tier, unit_price) = line.pricing(cart.tier);
        lines.push(NewSaleLine {
            line_no: i as i64 + 1,
            item_id: line.item.item_id,
            qty: line.qty,
            unit_price,
            tier,
            discount: line.discount_amount(cart.tier).map_err(reject)?,
            line_total: line.total(cart.tier).map_err(reject)?,
            unit_cost: items::cost(tx, line.item.item_id)?,
            price_overridden: line.price_override.is_some(),
        });
    }
    Ok(lines)
}

/// A `sale.price_override` audit row's (before, after) for each line at a typed price.
fn price_overrides(actor: &Actor, approver: Option<&Actor>, cart: &Cart) -> Vec<(String, String)> {
    let who = approver.map(|a| a.username.as_str()).unwrap_or(actor.username.as_str());
    cart.lines
        .iter()
        .filter_map(|line| {
            let price = line.price_override?;
            let list_price = line.item.prices.price_for(cart.tier, line.qty).1;
            Some((
                format!("{} at {}", line.item.sku, list_price.rupiah()),
                format!("{} at {} approved by {who}", line.item.sku, price.rupiah()),
            ))
        })
        .collect()
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
    pub fn hold_sale(&mut self, actor: &Actor, sale: &OpenSale, label: &str) -> Result<i64> {
        actor.require(Permission::Sell, "hold sales")?;
        let json = serde_json::to_string(sale).map_err(|e| ServiceError::Io(e.into()))?;
        self.write(|tx| Ok(crate::store::held_sales::insert(tx, actor.user_id, tx.now, label, &json)?))
    }

    pub fn held_sales(&self) -> Result<Vec<HeldSale>> {
        Ok(crate::store::held_sales::list(self.store.conn())?
            .into_iter()
            .map(|row| HeldSale {
                id: row.id,
                label: row.label,
                held_at: row.held_at,
                lines: serde_json::from_str::<OpenSale>(&row.cart_json).map(|s| s.cart.lines.len()).unwrap_or(0),
            })
            .collect())
    }

    /// Take a held sale back; it is no longer held. Its approval comes back only
    /// while the approver is still an active manager or owner.
    pub fn resume_sale(&mut self, actor: &Actor, id: i64) -> Result<(OpenSale, Option<Approval>)> {
        actor.require(Permission::Sell, "resume sales")?;
        let row = self.write(|tx| Ok(crate::store::held_sales::take(tx, id)?))?;
        let row = row.ok_or_else(|| ServiceError::Missing(Thing::HeldSale.key(id)))?;
        let sale: OpenSale =
            serde_json::from_str(&row.cart_json).map_err(|e| Refusal::HeldSaleDamaged { id, detail: e.to_string() })?;
        let approval = match &sale.approval {
            Some(held) => users::get(self.store.conn(), held.user_id)?
                .filter(|u| u.active && u.role.can(Permission::ApproveExceptions))
                .map(|u| Approval {
                    by: Actor { user_id: Some(u.id), username: u.username, role: u.role },
                    covers: held.covers.clone(),
                }),
            None => None,
        };
        Ok((sale, approval))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::cart::Discount;
    use crate::domain::master::{CustomerForm, ItemForm};
    use crate::lang::Lang;
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
            f.shop.doctor().unwrap().iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!("sale: {} has payments adding up to 6999 but a total of 7000", sale.invoice)]
        );
        conn.execute("UPDATE sale_lines SET line_total = 1", []).unwrap();
        // Editing the ledger behind warung's back also leaves the summaries out of step.
        let findings = f.shop.doctor().unwrap();
        assert_eq!(
            findings[0].to_string(),
            format!("sale: {} has lines adding up to 1 but a subtotal of 7000", sale.invoice)
        );
        assert!(findings[1..].iter().all(|f| f.to_string().starts_with("summaries: ")), "{findings:?}");
        f.shop.repair_summaries(&mut |_| {}).unwrap();
        assert_eq!(f.shop.doctor().unwrap().len(), 1);
        let conn = f.shop.store.conn();
        conn.execute("DELETE FROM sale_lines", []).unwrap();
        conn.execute("DELETE FROM stock_moves WHERE kind = 'sale'", []).unwrap();
        conn.execute("UPDATE items SET on_hand = 0", []).unwrap();
        f.shop.repair_summaries(&mut |_| {}).unwrap();
        assert_eq!(
            f.shop.doctor().unwrap().iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!("sale: {} has no lines", sale.invoice)]
        );
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
        let by = f.shop.approve_with_pin(&f.cashier, "1234").unwrap();
        // An approval for something else does not cover the credit.
        let other = Approval { by: by.clone(), covers: vec![Exception::Return] };
        let wrong = CheckoutRequest { approval: Some(other), ..request.clone() };
        assert!(f.shop.checkout(&f.cashier, &wrong).unwrap_err().to_string().contains("above the credit limit"));
        let covers = vec![Exception::credit(request.cart.customer.as_ref().unwrap())];
        let approved = CheckoutRequest { approval: Some(Approval { by, covers }), ..request };
        assert!(f.shop.checkout(&f.cashier, &approved).is_ok());
        let audit = f.shop.recent_audit(5).unwrap();
        let row = audit.iter().find(|a| a.action == "sale.complete").unwrap();
        assert_eq!(
            row.after.as_deref(),
            Some("total 132000; approved by pemilik: credit for Warung Pak Darto above the limit of 100000")
        );
    }

    #[test]
    fn big_discounts_and_typed_prices_need_a_manager() {
        let mut f = fixture();
        let mut cart = cart_of(&f.shop, &[("AQ", 2)]);
        cart.set_sale_discount(Discount::Percent(2000)).unwrap();
        let request = CheckoutRequest { cart, payments: vec![cash(10_000)], ..Default::default() };
        assert!(f.shop.checkout(&f.cashier, &request).unwrap_err().to_string().contains("manager must approve"));
        assert!(f.shop.approve_with_pin(&f.cashier, "9999").is_err());
        // An owner at the till approves by being there.
        assert!(f.shop.checkout(&f.owner, &request).is_ok());

        let mut cart = cart_of(&f.shop, &[("AQ", 1)]);
        cart.set_price(0, Some(Money::new(3_000))).unwrap();
        let request = CheckoutRequest { cart, payments: vec![cash(3_000)], ..Default::default() };
        assert!(f.shop.checkout(&f.cashier, &request).is_err());
        let by = f.shop.approve_with_pin(&f.cashier, "1234").unwrap();
        let aq_at_3000 = Exception::Price { sku: "AQ".into(), price: Money::new(3_000) };
        let approved = CheckoutRequest { approval: Some(Approval { by, covers: vec![aq_at_3000] }), ..request };
        f.shop.checkout(&f.cashier, &approved).unwrap();
        let audit = f.shop.recent_audit(5).unwrap();
        let row = audit.iter().find(|a| a.action == "sale.price_override").unwrap();
        assert_eq!(row.before.as_deref(), Some("AQ at 3500"));
        assert_eq!(row.after.as_deref(), Some("AQ at 3000 approved by pemilik"));
    }

    #[test]
    fn held_sales_survive_and_resume_once() {
        let mut f = fixture();
        let sale = OpenSale { cart: cart_of(&f.shop, &[("AQ", 2)]), ..Default::default() };
        let id = f.shop.hold_sale(&f.cashier, &sale, "Bu Sri").unwrap();
        let held = f.shop.held_sales().unwrap();
        assert_eq!((held[0].label.as_str(), held[0].lines), ("Bu Sri", 1));
        assert_eq!(f.shop.resume_sale(&f.cashier, id).unwrap(), (sale, None));
        assert!(f.shop.held_sales().unwrap().is_empty());
        assert!(matches!(f.shop.resume_sale(&f.cashier, id), Err(ServiceError::Missing(_))));
    }

    #[test]
    fn a_held_sale_keeps_its_approval_and_payments_and_old_ones_still_resume() {
        let mut f = fixture();
        let mut cart = cart_of(&f.shop, &[("AQ", 2)]);
        cart.set_sale_discount(Discount::Percent(5000)).unwrap();
        let by = f.shop.approve_with_pin(&f.cashier, "1234").unwrap();
        let covers = cart.exceptions(1000, Money::ZERO);
        assert_eq!(covers, [Exception::SaleDiscount { bp: 5000 }]);
        let qris = Tender { method: PaymentMethod::Qris, amount: Money::new(1_000), reference: "Q1".into() };
        let sale = OpenSale {
            cart: cart.clone(),
            approval: Some(HeldApproval { user_id: by.user_id.unwrap(), covers: covers.clone() }),
            payments: vec![qris.clone()],
        };
        let id = f.shop.hold_sale(&f.cashier, &sale, "Bu Sri").unwrap();
        let (resumed, approval) = f.shop.resume_sale(&f.cashier, id).unwrap();
        assert_eq!(resumed.payments, std::slice::from_ref(&qris));
        let approval = approval.unwrap();
        assert_eq!((approval.by.username.as_str(), approval.covers.clone()), ("pemilik", covers));
        let request =
            CheckoutRequest { cart, payments: vec![qris, cash(2_500)], approval: Some(approval), ..Default::default() };
        f.shop.checkout(&f.cashier, &request).unwrap();
        // A cart held before approvals were kept reads as one without.
        let json = serde_json::to_string(&cart_of(&f.shop, &[("AQ", 1)])).unwrap();
        f.shop.write(|tx| Ok(crate::store::held_sales::insert(tx, None, tx.now, "old", &json)?)).unwrap();
        let old = f.shop.held_sales().unwrap()[0].id;
        assert_eq!(f.shop.resume_sale(&f.cashier, old).unwrap().0.cart.lines.len(), 1);
        // One held when approvals were English phrases resumes; the phrase covers nothing.
        let mut json: serde_json::Value = serde_json::to_value(&sale).unwrap();
        json["approval"]["covers"] = serde_json::json!(["sale discount 50.0%"]);
        let json = json.to_string();
        f.shop.write(|tx| Ok(crate::store::held_sales::insert(tx, None, tx.now, "phrases", &json)?)).unwrap();
        let phrases = f.shop.held_sales().unwrap()[0].id;
        let (resumed, approval) = f.shop.resume_sale(&f.cashier, phrases).unwrap();
        assert_eq!((resumed.cart, approval.map(|a| a.covers)), (sale.cart, Some(vec![])));
    }

    #[test]
    fn an_approval_covers_only_what_it_was_asked_for() {
        let mut f = fixture();
        let by = f.shop.approve_with_pin(&f.cashier, "1234").unwrap();
        let mut cart = cart_of(&f.shop, &[("AQ", 2)]);
        cart.set_sale_discount(Discount::Percent(5000)).unwrap();
        // Asked for on an empty till (a return): no use for a discount.
        let for_return = Approval { by: by.clone(), covers: vec![Exception::Return] };
        let request = CheckoutRequest {
            cart: cart.clone(),
            payments: vec![cash(3_500)],
            approval: Some(for_return),
            ..Default::default()
        };
        let err = f.shop.checkout(&f.cashier, &request).unwrap_err();
        assert_eq!(
            err.text(Lang::En),
            "sale discount 50.0%: a manager must approve (F9); the approval by pemilik was for a return only"
        );
        assert_eq!(
            err.text(Lang::Id),
            "diskon penjualan 50,0%: perlu persetujuan manajer (F9); persetujuan pemilik hanya untuk retur"
        );
        // Approved at 10%, then raised to 50%: asks again.
        let small = Approval { by, covers: vec![Exception::SaleDiscount { bp: 2000 }] };
        let request = CheckoutRequest { approval: Some(small), ..request };
        assert!(f.shop.checkout(&f.cashier, &request).is_err());
        assert_eq!(count(&f.shop, "SELECT COUNT(*) FROM sales"), 0);
    }

    #[test]
    fn members_earn_redeem_and_voids_take_points_back_with_the_ledger_adding_up() {
        let mut f = fixture();
        let cli = Actor::command_line();
        for (key, value) in [("points.enabled", "yes"), ("points.rupiah_per_point", "1000"), ("points.value", "100")] {
            f.shop.set_setting(&cli, key, value).unwrap();
        }
        let sri = CustomerForm {
            name: "Bu Sri".into(),
            phone: "0812-3456-789".into(),
            wa_opt_in: "yes".into(),
            ..Default::default()
        };
        let id = f.shop.create_customer(&f.owner, &sri).unwrap();
        let sell = |f: &mut Fixture, payments: Vec<Tender>| {
            let mut cart = cart_of(&f.shop, &[("AQ", 4)]); // 14.000
            cart.set_customer(Some(f.shop.cart_customer(id).unwrap()));
            f.shop.checkout(&f.cashier, &CheckoutRequest { cart, payments, ..Default::default() })
        };
        let first = sell(&mut f, vec![cash(14_000)]).unwrap();
        assert_eq!((first.points_earned, f.shop.member_points(id).unwrap()), (14, 14));
        // The WhatsApp receipt tells the member.
        let message = &crate::store::outbox::recent(f.shop.store.conn(), 1).unwrap()[0];
        assert!(message.body.ends_with("Poin: +14, saldo 14."), "{}", message.body);
        // A points rule of 0 or less is refused, saying what is allowed.
        for key in ["points.rupiah_per_point", "points.value", "points.min_redeem"] {
            for value in ["0", "-5"] {
                let err = f.shop.set_setting(&cli, key, value).unwrap_err().to_string();
                assert!(err.contains("whole number from 1"), "{key} = {value}: {err}");
            }
        }
        let err = f.shop.set_setting(&cli, "points.expiry_months", "-1").unwrap_err().to_string();
        assert!(err.contains("points.expiry_months"), "{err}");
        // Paying 1.000 with 10 points: no earning on the same sale (the default).
        let points = |n| Tender { method: PaymentMethod::Points, amount: Money::new(n), reference: String::new() };
        let second = sell(&mut f, vec![points(1_000), cash(13_000)]).unwrap();
        assert_eq!((second.points_redeemed, second.points_earned), (10, 0));
        assert_eq!(f.shop.member_points(id).unwrap(), 4);
        // Never more than the balance.
        let err = sell(&mut f, vec![points(1_000), cash(13_000)]).unwrap_err().to_string();
        assert!(err.contains("only 4 points"), "{err}");
        // A void gives the redeemed points back; voiding the first takes its 14 back.
        f.shop.void_sale(&f.owner, &second.invoice, "salah input").unwrap();
        assert_eq!(f.shop.member_points(id).unwrap(), 14);
        // With points.earn_when_redeeming the same sale earns on what money paid.
        f.shop.set_setting(&cli, "points.earn_when_redeeming", "yes").unwrap();
        let both = sell(&mut f, vec![points(1_000), cash(13_000)]).unwrap();
        assert_eq!((both.points_redeemed, both.points_earned, both.points_balance), (10, 13, Some(17)));
        f.shop.void_sale(&f.owner, &both.invoice, "salah input").unwrap();
        f.shop.void_sale(&f.owner, &first.invoice, "salah input").unwrap();
        assert_eq!(f.shop.member_points(id).unwrap(), 0);
        assert!(f.shop.doctor().unwrap().is_empty());
        f.shop.store.conn().execute("UPDATE customers SET points = 7 WHERE id = ?1", [id]).unwrap();
        let code: String = f.shop.customer(id).unwrap().code;
        assert_eq!(
            f.shop.doctor().unwrap().iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!("points: member {code} shows 7 points but the points ledger adds up to 0")]
        );
    }

    #[test]
    fn points_expire_after_their_months() {
        let clock = Arc::new(FixedClock::jakarta_noon(jiff::civil::date(2026, 1, 10)));
        let mut shop = Shop::new(Store::open_in_memory().unwrap(), clock.clone());
        let cli = Actor::command_line();
        shop.set_setting(&cli, "points.enabled", "yes").unwrap();
        shop.set_setting(&cli, "points.expiry_months", "1").unwrap();
        let item = ItemForm { sku: "AQ".into(), name: "Aqua".into(), price: "20000".into(), ..Default::default() };
        shop.create_item(&cli, &item).unwrap();
        let id = shop.create_customer(&cli, &CustomerForm { name: "Bu Sri".into(), ..Default::default() }).unwrap();
        let sell = |shop: &mut Shop| {
            let mut cart = cart_of(shop, &[("AQ", 1)]);
            cart.set_customer(Some(shop.cart_customer(id).unwrap()));
            shop.checkout(&cli, &CheckoutRequest { cart, payments: vec![cash(20_000)], ..Default::default() }).unwrap()
        };
        sell(&mut shop);
        assert_eq!(shop.member_points(id).unwrap(), 2);
        clock.advance_ms(32 * 24 * 3_600_000);
        assert_eq!(shop.member_points(id).unwrap(), 0, "a month later they are gone");
        sell(&mut shop);
        assert_eq!(shop.member_points(id).unwrap(), 2, "the new sale's points only");
        assert_eq!(count(&shop, "SELECT COUNT(*) FROM point_moves WHERE kind = 'expire' AND points = -2"), 1);
        assert!(shop.doctor().unwrap().is_empty());
    }

    #[test]
    fn settle_rules() {
        let s = settle(Money::new(10_000), &[cash(50_000)]).unwrap();
        assert_eq!((s.change, s.kept[0].amount), (Money::new(40_000), Money::new(10_000)));
        assert!(settle(Money::new(10_000), &[cash(0)]).is_err());
        // QRIS takes at most Rp 10.000.000 in one payment.
        let qris = |n| Tender { method: PaymentMethod::Qris, amount: Money::new(n), reference: String::new() };
        let err = settle(Money::new(12_000_000), &[qris(10_000_001), cash(1_999_999)]).unwrap_err();
        assert!(err.to_string().contains("at most Rp 10.000.000"), "{err}");
        assert!(settle(Money::new(12_000_000), &[qris(10_000_000), cash(2_000_000)]).is_ok());
    }
}
