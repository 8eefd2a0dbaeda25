//! The one sale writer: the till, the history import and the demo generator each
//! describe a complete sale as a [`SaleRecord`] and write it here — sale, lines,
//! summaries, stock moves, payments, receivable, member points, audit and receipt
//! message — so the three can never disagree on what a sale leaves behind. What
//! differs between them (a historical instant, no stock moves, no points or
//! receipt for the past) is a field of the record, not code of their own.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::checkout::Tender;
use super::messages::MessageVars;
use super::messages::templates::{To, queue};
use super::{Actor, Refusal, Result, ServiceError, Thing, Tx};
use crate::domain::points::PointsRules;
use crate::domain::{Money, PaymentMethod};
use crate::store::sales::{self, NewSale, NewSaleLine};
use crate::store::stock::{self, MoveKind, StockMove};
use crate::store::{customers, items};

/// A complete sale as its maker describes it. Everything it writes happens at
/// `sale.at`: the till's now, a past instant for the import and the demo.
pub(crate) struct SaleRecord<'a> {
    pub sale: NewSale<'a>,
    pub lines: &'a [NewSaleLine],
    /// As kept: they add up to the total (cash net of change).
    pub payments: &'a [Tender],
    /// When the credit payments fall due; they open one receivable of the sale's customer.
    pub credit_due: Date,
    /// Each line takes its quantity out of stock with a `sale` move (the import
    /// only with `--affect-stock`).
    pub moves_stock: bool,
    /// `stock.oversell = refuse`: an item taken below zero refuses the sale.
    pub refuse_oversell: bool,
    /// What a sale made now at the till adds; None for a sale of the past, which
    /// moves no points, queues no receipt and is audited with its import.
    pub till: Option<AtTheTill<'a>>,
}

pub(crate) struct AtTheTill<'a> {
    /// Who sells: the audit rows and the point moves name them.
    pub actor: &'a Actor,
    pub points_rules: &'a PointsRules,
    pub tz: &'a TimeZone,
    /// Paid with points.
    pub redeem: Money,
    /// The shop's name, for the WhatsApp receipt to an opted-in customer.
    pub store_name: &'a str,
    /// A `sale.price_override` audit row each: (before, after).
    pub price_overrides: Vec<(String, String)>,
    /// The `sale.complete` audit row's text.
    pub summary: String,
    /// The assistant's WhatsApp order this sale rings up.
    pub order_id: Option<i64>,
}

/// What writing a sale made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WrittenSale {
    pub sale_id: i64,
    pub receivable_id: Option<i64>,
    pub points_redeemed: i64,
    pub points_earned: i64,
    /// The member's points after the sale; None without a member or with points off.
    pub points_balance: Option<i64>,
    pub receipt_queued: bool,
}

/// Writes sales in the caller's transaction; [`SaleWriter::finish`] adds the
/// summaries of them all at once (see [`super::summaries::SaleWriter`]), which
/// keeps a history import of thousands of sales short.
pub(crate) struct SaleWriter<'t, 'c> {
    tx: &'t Tx<'c>,
    summarised: super::summaries::SaleWriter<'t>,
}

impl<'t, 'c> SaleWriter<'t, 'c> {
    pub(crate) fn new(tx: &'t Tx<'c>) -> Result<SaleWriter<'t, 'c>> {
        Ok(SaleWriter { tx, summarised: super::summaries::SaleWriter::new(tx)? })
    }

    pub(crate) fn write(&mut self, record: &SaleRecord<'_>) -> Result<WrittenSale> {
        let sale = &record.sale;
        // Audit rows, point moves and the order are stamped with the sale's instant.
        let tx = &Tx { conn: self.tx.conn, now: sale.at };
        let sale_id = self.summarised.write(sale, record.lines)?;
        if record.moves_stock {
            for line in record.lines {
                let taken = StockMove {
                    item_id: line.item_id,
                    kind: MoveKind::Sale,
                    qty: -line.qty,
                    unit_cost: line.unit_cost,
                    user_id: sale.user_id,
                    at: sale.at,
                    reference: sale.invoice,
                };
                stock::record(tx, &taken)?;
            }
        }
        if let Some(till) = &record.till {
            for (before, after) in &till.price_overrides {
                let (before, after) = (Some(before.clone()), Some(after.clone()));
                tx.audit(till.actor, "sale.price_override", "sale", sale.invoice, before, after)?;
            }
        }
        if record.refuse_oversell {
            refuse_negative_stock(tx, record.lines)?;
        }
        for p in record.payments {
            sales::insert_payment(tx, sale_id, p.method, p.amount, &p.reference)?;
        }
        let credit =
            Money::checked_sum(record.payments.iter().filter(|p| p.method == PaymentMethod::Credit).map(|p| p.amount))?;
        let receivable_id = match (credit > Money::ZERO, sale.customer_id) {
            (false, _) => None,
            (true, Some(customer)) => {
                Some(sales::insert_receivable(tx, sale_id, customer, credit, record.credit_due, sale.at)?)
            }
            (true, None) => return Err(Refusal::CreditNeedsCustomer.into()),
        };
        let Some(till) = &record.till else {
            return Ok(WrittenSale { sale_id, receivable_id, ..WrittenSale::default() });
        };
        let customer = match sale.customer_id {
            Some(id) => Some(customers::get(tx, id)?.ok_or_else(|| ServiceError::Missing(Thing::Customer.key(id)))?),
            None => None,
        };
        let (points_redeemed, points_earned, points_balance) = match &customer {
            Some(c) => {
                let (redeemed, earned) = super::points::sale_points(
                    tx,
                    till.points_rules,
                    till.tz,
                    till.actor,
                    c.id,
                    sale_id,
                    c.data.tier,
                    sale.total,
                    till.redeem,
                )?;
                let balance =
                    if till.points_rules.enabled { Some(crate::store::points::balance(tx, c.id)?) } else { None };
                (redeemed, earned, balance)
            }
            None => (0, 0, None),
        };
        tx.audit(till.actor, "sale.complete", "sale", sale.invoice, None, Some(till.summary.clone()))?;
        if let Some(order) = till.order_id {
            super::assistant::complete_order(tx, till.actor, order, sale_id, sale.invoice)?;
        }
        let receipt_queued = match &customer {
            Some(c) if c.data.wa_opt_in => match &c.data.phone {
                Some(phone) => {
                    let mut vars = MessageVars::new(&c.data.name, &c.code, till.store_name);
                    vars.invoice = Some(sale.invoice.to_string());
                    vars.total = Some(sale.total.rupiah());
                    vars.credit = Some(credit.rupiah());
                    // The receipt template names them; 0 when points are off hides the line.
                    vars.points_earned = Some(points_earned);
                    vars.points_balance = Some(points_balance.unwrap_or(0));
                    queue_receipt(tx, To { customer_id: c.id, phone: phone.as_str() }, vars)?
                }
                None => false,
            },
            _ => false,
        };
        Ok(WrittenSale { sale_id, receivable_id, points_redeemed, points_earned, points_balance, receipt_queued })
    }

    /// Add the summaries of every sale written; the transaction must not commit without it.
    pub(crate) fn finish(self) -> Result<()> {
        Ok(self.summarised.finish()?)
    }
}

/// One sale through the [`SaleWriter`].
pub(crate) fn write_sale(tx: &Tx<'_>, record: &SaleRecord<'_>) -> Result<WrittenSale> {
    let mut writer = SaleWriter::new(tx)?;
    let written = writer.write(record)?;
    writer.finish()?;
    Ok(written)
}

/// After the sale's stock moves: an item it took below zero refuses the sale.
fn refuse_negative_stock(tx: &Tx<'_>, lines: &[NewSaleLine]) -> Result<()> {
    for line in lines {
        let on_hand = items::on_hand(tx, line.item_id)?;
        if on_hand.thousandths() < 0 {
            let had = on_hand.checked_add(line.qty).unwrap_or(on_hand);
            let name = items::get(tx, line.item_id)?.map(|item| item.data.name).unwrap_or_default();
            return Err(Refusal::OversellRefused { item: name, had, wanted: line.qty }.into());
        }
    }
    Ok(())
}

/// Queue the WhatsApp receipt from the `receipt` message template. A template that
/// fails on this sale must not stop the sale: the message is skipped and logged.
fn queue_receipt(tx: &Tx<'_>, to: To<'_>, vars: MessageVars) -> Result<bool> {
    let key = format!("receipt:{}", vars.invoice.as_deref().unwrap_or_default());
    match queue(tx, "receipt", to, &vars, &key) {
        Ok(added) => Ok(added.is_some()),
        Err(e @ (ServiceError::Refused(_) | ServiceError::Missing(_))) => {
            tracing::warn!("receipt message not queued: {e}");
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::types::Value;

    use crate::domain::PaymentMethod;
    use crate::services::import::sales::SalesImportOptions;
    use crate::services::testkit::{Kit, kit, tender};
    use crate::store::summaries::{self as store_summaries, Summaries};

    /// What a sale leaves in the ledger tables it writes, without what only names its
    /// maker: row ids, invoice numbers, the source and payment or move references.
    fn ledger_rows(k: &Kit) -> Vec<String> {
        const MAKER: [&str; 5] = ["id", "sale_id", "invoice", "source", "reference"];
        let conn = k.shop.store.conn();
        let mut rows = Vec::new();
        for table in ["sales", "sale_lines", "sale_payments", "receivables", "stock_moves", "items"] {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id")).unwrap();
            let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
            let mut found = stmt.query([]).unwrap();
            while let Some(row) = found.next().unwrap() {
                let cells: Vec<String> = names
                    .iter()
                    .enumerate()
                    .filter(|(_, name)| !MAKER.contains(&name.as_str()))
                    .map(|(i, name)| format!("{name}={:?}", row.get::<_, Value>(i).unwrap()))
                    .collect();
                rows.push(format!("{table}: {}", cells.join(" ")));
            }
        }
        rows
    }

    fn summaries(k: &Kit) -> Summaries {
        store_summaries::read(k.shop.store.conn(), i64::MIN, i64::MAX).unwrap()
    }

    #[test]
    fn the_till_and_the_history_import_write_the_same_sale_alike() {
        // The till: a cash sale with a weighed line, and a sale on credit.
        let mut till = kit();
        let cashier = till.cashier.clone();
        let cart = till.cart(&[("A", 2_000), ("C", 1_000), ("K", 250), ("B", 1_500)], None);
        let total = till.shop.cart_totals(&cart).unwrap().total.rupiah();
        till.checkout(&cashier, cart, vec![tender(PaymentMethod::Cash, total)]);
        till.credit_sale(&cashier, till.darto, &[("C", 2), ("A", 1)]);

        // The same two sales from a history file, at the till's moment, moving stock.
        let mut import = kit();
        let darto = crate::store::customers::get(import.shop.store.conn(), import.darto).unwrap().unwrap().code;
        let at = "2026-11-23 12:00:00";
        let file = format!(
            "invoice,date,sku,qty,price,customer_code,cashier,payment\n\
             H-1,{at},A,2,1000,,kasir,cash\nH-1,{at},C,1,10000,,kasir,cash\n\
             H-1,{at},K,0.25,14999,,kasir,cash\nH-1,{at},B,1.5,2500,,kasir,cash\n\
             H-2,{at},C,2,10000,{darto},kasir,credit\nH-2,{at},A,1,1000,{darto},kasir,credit\n"
        );
        let options = SalesImportOptions { affect_stock: true, ..Default::default() };
        let owner = import.owner.clone();
        import.shop.import_sales(&owner, file.as_bytes(), &options).unwrap();

        let (sold, imported) = (ledger_rows(&till), ledger_rows(&import));
        assert!(sold.iter().any(|row| row.starts_with("receivables:")), "{sold:#?}");
        assert_eq!(sold, imported);
        let sold = summaries(&till);
        assert_eq!((sold.days.len(), sold.items.len(), sold.stock.len()), (1, 4, 4));
        assert_eq!(sold, summaries(&import));
    }
}
