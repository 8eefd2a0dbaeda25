//! Purchasing: receiving a supplier's invoice into stock (moving-average cost, a
//! payable when bought on credit), returning goods to a supplier, and the reorder list.
//! Paying suppliers and their statements are in `services::payables`.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::domain::master::FieldErrors;
use crate::domain::purchase::{moving_average_cost, suggested_reorder, unit_cost_of_pack};
use crate::domain::{Money, MoneyError, PaymentMethod, Permission, Qty};
use crate::lang::Lang;
use crate::store::debts::{self, NewPayment, PaymentLink};
use crate::store::purchases::{self, NewLine, NewPurchase, NewReturn, PurchaseRow, ReceivedLine, ReorderRow};
use crate::store::stock::{self, MoveKind, StockMove};
use crate::store::{items, payables, sequences, suppliers};

/// Days a supplier gives when the purchase does not say.
pub const DEFAULT_TERM_DAYS: i64 = 30;

/// One received line as typed: `packs` of `pack_factor` base units at `pack_cost` each
/// (a carton barcode `24*CODE` gives a factor of 24; a plain code, 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseLineInput {
    pub item_id: i64,
    pub packs: Qty,
    pub pack_factor: Qty,
    pub pack_cost: Money,
}

impl PurchaseLineInput {
    pub fn base_qty(&self) -> Option<Qty> {
        self.packs.times(self.pack_factor)
    }

    pub fn total(&self) -> Money {
        self.pack_cost.times_qty(self.packs).unwrap_or(Money::ZERO)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseRequest {
    pub supplier_id: i64,
    pub supplier_invoice: String,
    pub invoice_date: Date,
    pub lines: Vec<PurchaseLineInput>,
    /// Cash, transfer or QRIS: paid on receipt. Credit: a payable due on `due_date`
    /// (default: [`DEFAULT_TERM_DAYS`] after the invoice date).
    pub payment: PaymentMethod,
    pub due_date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPurchase {
    pub purchase_id: i64,
    pub number: String,
    pub total: Money,
    /// The payable's due date, when bought on credit.
    pub due_date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseReturn {
    pub number: String,
    pub total: Money,
    /// Taken off what the shop owed on that purchase.
    pub credited: Money,
    /// What the supplier paid back in cash (nothing was owed on it).
    pub refunded: Money,
}

/// An item to reorder, with how much to buy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReorderLine {
    pub row: ReorderRow,
    /// Reorder level minus on hand, at least one unit.
    pub suggested: Qty,
}

fn check_lines(lines: &[PurchaseLineInput]) -> Result<()> {
    let mut errors = FieldErrors::default();
    if lines.is_empty() {
        errors.push("lines", "add at least one item", "tambahkan minimal satu barang");
    }
    for (n, line) in lines.iter().enumerate() {
        let n = n + 1;
        if line.packs <= Qty::ZERO {
            errors.push("quantity", format!("line {n}: must be more than 0"), format!("baris {n}: harus lebih dari 0"));
        } else if line.base_qty().is_none() {
            errors.push("quantity", format!("line {n}: is too large"), format!("baris {n}: terlalu besar"));
        }
        if line.pack_factor <= Qty::ZERO {
            errors.push(
                "unit",
                format!("line {n}: the pack size must be more than 0"),
                format!("baris {n}: isi kemasan harus lebih dari 0"),
            );
        }
        if line.pack_cost <= Money::ZERO {
            errors.push("cost", format!("line {n}: must be more than 0"), format!("baris {n}: harus lebih dari 0"));
        } else if line.pack_cost.times_qty(line.packs).and_then(Money::within_limit).is_err() {
            let above = MoneyError::AboveLimit;
            errors.push("cost", format!("line {n}: {above}"), format!("baris {n}: {}", above.text(Lang::Id)));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(errors)) }
}

impl Shop {
    /// Receive a supplier's invoice: every line into stock (a purchase ledger row at
    /// its cost per base unit) and into the item's moving-average cost, the purchase
    /// paid or owed as a payable, and an audit row — all in one transaction.
    pub fn receive_purchase(&mut self, actor: &Actor, request: &PurchaseRequest) -> Result<ReceivedPurchase> {
        actor.require(Permission::Purchase, "receive purchases")?;
        check_lines(&request.lines)?;
        let due_date = match request.payment {
            PaymentMethod::Credit => {
                let due = request.due_date.unwrap_or_else(|| {
                    request.invoice_date.checked_add(DEFAULT_TERM_DAYS.days()).unwrap_or(request.invoice_date)
                });
                if due < request.invoice_date {
                    return Err(ServiceError::Invalid(FieldErrors(vec![crate::domain::master::FieldError::new(
                        "due_date",
                        format!("{due} is before the invoice date {}", request.invoice_date),
                        format!("{due} sebelum tanggal faktur {}", request.invoice_date),
                    )])));
                }
                Some(due)
            }
            _ => None,
        };
        let total = Money::checked_sum(request.lines.iter().map(PurchaseLineInput::total))?;
        let invoice = request.supplier_invoice.trim();
        if crate::domain::text::has_control_chars(invoice) {
            let error = crate::domain::master::FieldError::new(
                "supplier_invoice",
                crate::domain::text::CONTROL_CHARACTERS,
                crate::domain::text::CONTROL_CHARACTERS_ID,
            );
            return Err(ServiceError::Invalid(FieldErrors(vec![error])));
        }
        self.write(|tx| {
            let supplier = suppliers::get(tx, request.supplier_id)?
                .filter(|s| s.active)
                .ok_or_else(|| ServiceError::Missing(Thing::Supplier.key(request.supplier_id)))?;
            let number = format!("PB-{:06}", sequences::next(tx, "purchase")?);
            let purchase_id = purchases::insert(
                tx,
                &NewPurchase {
                    number: &number,
                    supplier_id: supplier.id,
                    supplier_invoice: invoice,
                    invoice_date: request.invoice_date,
                    total,
                    payment: request.payment,
                    at: tx.now,
                    user_id: actor.user_id,
                },
            )?;
            for line in &request.lines {
                let item = items::get(tx, line.item_id)?
                    .ok_or_else(|| ServiceError::Missing(Thing::Item.key(line.item_id)))?;
                let qty = line.base_qty().unwrap_or(Qty::ZERO);
                let unit_cost = unit_cost_of_pack(line.pack_cost, line.pack_factor);
                let cost = moving_average_cost(item.on_hand, item.data.cost, qty, unit_cost);
                purchases::set_item_cost(tx, item.id, cost, tx.now)?;
                stock::record(
                    tx,
                    &StockMove {
                        item_id: item.id,
                        kind: MoveKind::Purchase,
                        qty,
                        unit_cost,
                        user_id: actor.user_id,
                        at: tx.now,
                        reference: &number,
                    },
                )?;
                purchases::insert_line(
                    tx,
                    purchase_id,
                    &NewLine {
                        item_id: item.id,
                        packs: line.packs,
                        pack_factor: line.pack_factor,
                        pack_cost: line.pack_cost,
                        qty,
                        unit_cost,
                        line_total: line.total(),
                    },
                )?;
            }
            if let Some(due) = due_date {
                payables::insert(tx, purchase_id, supplier.id, due, total, tx.now)?;
            }
            tx.audit(
                actor,
                "purchase.receive",
                "purchase",
                &number,
                None,
                Some(format!(
                    "{} invoice '{invoice}' {} lines total {} paid by {}{}",
                    supplier.data.name,
                    request.lines.len(),
                    total.rupiah(),
                    request.payment,
                    due_date.map(|d| format!(" due {d}")).unwrap_or_default()
                )),
            )?;
            Ok(ReceivedPurchase { purchase_id, number, total, due_date })
        })
    }

    /// The latest purchases, newest first.
    pub fn recent_purchases(&self, limit: usize) -> Result<Vec<PurchaseRow>> {
        Ok(purchases::recent(self.store.conn(), limit)?)
    }

    /// A purchase by its number with what can still go back: its lines per item.
    pub fn returnable_purchase(&self, number: &str) -> Result<(PurchaseRow, Vec<ReceivedLine>)> {
        let conn = self.store.conn();
        let purchase = purchases::by_number(conn, number)?
            .ok_or_else(|| ServiceError::Missing(Thing::Purchase.key(number.trim())))?;
        let lines = purchases::received_lines(conn, purchase.id)?;
        Ok((purchase, lines))
    }

    /// Send goods of a purchase back to its supplier: stock leaves at the cost it came
    /// in at, the value comes off what is still owed on that purchase, and any rest
    /// the supplier refunds in cash. Refuses more than was received less returned.
    pub fn return_to_supplier(
        &mut self,
        actor: &Actor,
        number: &str,
        lines: &[(i64, Qty)],
        reason: &str,
    ) -> Result<PurchaseReturn> {
        actor.require(Permission::Purchase, "return goods to suppliers")?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ServiceError::Invalid(FieldErrors(vec![crate::domain::master::FieldError::new(
                "reason",
                "is required",
                "wajib diisi",
            )])));
        }
        if lines.is_empty() {
            return Err(Refusal::ReturnNeedsItems.into());
        }
        self.write(|tx| {
            let purchase =
                purchases::by_number(tx, number)?.ok_or_else(|| ServiceError::Missing(Thing::Purchase.key(number)))?;
            let received = purchases::received_lines(tx, purchase.id)?;
            let mut priced = Vec::new();
            for (n, (item_id, qty)) in lines.iter().enumerate() {
                let line = received
                    .iter()
                    .find(|l| l.item_id == *item_id)
                    .ok_or_else(|| Refusal::NotOnPurchase { line: n + 1, purchase: purchase.number.clone() })?;
                let left = line.qty.checked_sub(line.returned).unwrap_or(Qty::ZERO);
                if *qty <= Qty::ZERO {
                    return Err(Refusal::LineQuantityNotPositive { line: n + 1 }.into());
                }
                if *qty > left {
                    return Err(Refusal::ReturnMoreThanReceived {
                        line: n + 1,
                        item: line.name.clone(),
                        left,
                        received: line.qty,
                    }
                    .into());
                }
                priced.push((line, *qty));
            }
            let total =
                Money::checked_sum(priced.iter().map(|(l, q)| l.unit_cost.times_qty(*q).unwrap_or(Money::ZERO)))?;
            let payable = payables::of_purchase(tx, purchase.id)?;
            let owed = payable.map(|(_, amount, paid)| amount.checked_sub(paid).unwrap_or(Money::ZERO));
            let credited = owed.unwrap_or(Money::ZERO).min(total);
            let refunded = total.checked_sub(credited).unwrap_or(Money::ZERO);
            let return_number = format!("{}-R{}", purchase.number, purchases::return_count(tx, purchase.id)? + 1);
            let return_id = purchases::insert_return(
                tx,
                &NewReturn {
                    number: &return_number,
                    supplier_id: purchase.supplier_id,
                    purchase_id: purchase.id,
                    total,
                    credited,
                    refunded,
                    reason,
                    at: tx.now,
                    user_id: actor.user_id,
                },
            )?;
            for (line, qty) in &priced {
                purchases::insert_return_line(tx, return_id, line.item_id, *qty, line.unit_cost)?;
                stock::record(
                    tx,
                    &StockMove {
                        item_id: line.item_id,
                        kind: MoveKind::PurchaseReturn,
                        qty: -*qty,
                        unit_cost: line.unit_cost,
                        user_id: actor.user_id,
                        at: tx.now,
                        reference: &return_number,
                    },
                )?;
            }
            if let (Some((payable_id, _, _)), true) = (payable, credited > Money::ZERO) {
                debts::insert_payment(
                    tx,
                    &NewPayment {
                        debt_id: payable_id,
                        amount: credited,
                        method: "return",
                        at: tx.now,
                        user_id: actor.user_id,
                        reference: &return_number,
                    },
                    PaymentLink::Return(Some(return_id)),
                )?;
            }
            tx.audit(
                actor,
                "purchase.return",
                "purchase",
                &purchase.number,
                None,
                Some(format!(
                    "{return_number} to {}: total {} credited {} refunded {}; {reason}",
                    purchase.supplier_name,
                    total.rupiah(),
                    credited.rupiah(),
                    refunded.rupiah()
                )),
            )?;
            Ok(PurchaseReturn { number: return_number, total, credited, refunded })
        })
    }

    /// Items at or below their reorder level with how many to buy, grouped by the
    /// supplier they last came from (never-bought items last). Shows costs.
    pub fn reorder_list(&self, actor: &Actor) -> Result<Vec<ReorderLine>> {
        actor.require(Permission::SeeCost, "see the reorder list with costs")?;
        Ok(purchases::reorder(self.store.conn())?
            .into_iter()
            .map(|row| {
                let suggested = suggested_reorder(row.on_hand, row.reorder_level);
                ReorderLine { row, suggested }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests;
