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
use super::{Actor, Result, ServiceError, Tx};
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
            (true, None) => return Err(ServiceError::Rejected("a credit sale needs a customer".into())),
        };
        let Some(till) = &record.till else {
            return Ok(WrittenSale { sale_id, receivable_id, ..WrittenSale::default() });
        };
        let customer = match sale.customer_id {
            Some(id) => Some(customers::get(tx, id)?.ok_or_else(|| ServiceError::NotFound(format!("customer {id}")))?),
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
            return Err(ServiceError::Rejected(format!(
                "{name}: only {had} in stock, the sale wants {} (stock.oversell = refuse)",
                line.qty
            )));
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
        Err(e @ (ServiceError::Rejected(_) | ServiceError::NotFound(_))) => {
            tracing::warn!("receipt message not queued: {e}");
            Ok(false)
        }
        Err(e) => Err(e),
    }
}
