//! Receipts and invoices: a sale read back as a [`Receipt`], rendered through an
//! editable template at 32 or 48 columns, printed on an ESC/POS printer, or written
//! as a printable A4 invoice. Also the sales history a reprint is picked from.

mod layout;
pub mod printer;
mod sample;
pub mod templates;

#[cfg(test)]
mod tests;

use super::{Refusal, Result, ServiceError, Shop, Thing};
use crate::clock::timestamp;
use crate::domain::Money;
use crate::domain::receipt::{self, Receipt, ReceiptCustomer, SaleStatus, SaleSummary, StoreInfo};
use crate::store::{customers, sales};

pub use printer::PrinterTarget;
pub use templates::{INVOICE_A4, RECEIPT, TemplateInfo};

impl Shop {
    /// Everything the receipt of sale `sale_id` shows.
    pub fn receipt(&self, sale_id: i64) -> Result<Receipt> {
        let conn = self.store.conn();
        let sale = sales::sale_header(conn, sale_id)?.ok_or_else(|| ServiceError::Missing(Thing::Sale.key(sale_id)))?;
        let customer = match sale.customer_id {
            Some(id) => customers::get(conn, id)?,
            None => None,
        };
        let balance = match &customer {
            Some(c) => sales::customer_balance_after(conn, c.id, sale.id, sale.at)?,
            None => crate::domain::Money::ZERO,
        };
        let payments = receipt::tendered(sales::sale_payments(conn, sale.id)?, sale.change_due);
        let local = timestamp(sale.at).to_zoned(self.time_zone());
        Ok(Receipt {
            store: StoreInfo {
                name: self.setting("store.name")?,
                address: self.setting("store.address")?,
                phone: self.setting("store.phone")?,
                tax_number: self.setting("store.tax_number")?,
            },
            header: self.setting("receipt.header")?,
            footer: self.setting("receipt.footer")?,
            invoice: sale.invoice,
            date: local.strftime("%d/%m/%Y").to_string(),
            time: local.strftime("%H:%M").to_string(),
            cashier: sale.cashier.unwrap_or_default(),
            customer: customer.map(|c| ReceiptCustomer {
                code: c.code,
                name: c.data.name,
                phone: c.data.phone.map(|p| p.local()).unwrap_or_default(),
                address: c.data.address,
            }),
            tier: sale.tier,
            lines: sales::sale_lines(conn, sale.id)?,
            subtotal: sale.subtotal,
            discount: sale.discount,
            tax: sale.tax,
            total: sale.total,
            credit: receipt::credit_part(&payments),
            payments,
            change: sale.change_due,
            due_date: sales::receivable_due_date(conn, sale.id)?
                .map(|d| d.strftime("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            balance,
            void: sale.status == SaleStatus::Void,
            void_reason: sale.void_reason.unwrap_or_default(),
            points: crate::store::points::on_receipt(conn, sale.id)?,
        })
    }

    /// The sale with invoice number `invoice` (as printed on its receipt).
    pub fn sale_id_by_invoice(&self, invoice: &str) -> Result<i64> {
        let invoice = invoice.trim();
        sales::sale_id_by_invoice(self.store.conn(), invoice)?
            .ok_or_else(|| ServiceError::Missing(Thing::Invoice.key(invoice)))
    }

    /// The newest `limit` sales, newest first: the list a reprint is chosen from.
    pub fn recent_sales(&self, limit: usize) -> Result<Vec<SaleSummary>> {
        Ok(sales::recent_sales(self.store.conn(), limit)?)
    }

    /// The receipt as text, `width` characters wide (default: `receipt.width`).
    pub fn render_receipt(&self, sale_id: i64, width: Option<usize>) -> Result<String> {
        let width = width.unwrap_or_else(|| self.receipt_width());
        if !templates::WIDTHS.contains(&width) {
            return Err(Refusal::ReceiptWidth { width }.into());
        }
        // Names stored before control characters were refused must not reach a
        // terminal or a printer as commands.
        let text = self.render_template(RECEIPT, &self.receipt(sale_id)?, width)?;
        Ok(crate::domain::text::strip_controls(&text, true))
    }

    /// The printer receipts go to, from `printer.target`.
    pub fn printer_target(&self) -> Result<PrinterTarget> {
        Ok(self.setting("printer.target")?.parse().map_err(Refusal::Printer)?)
    }

    /// Print (or reprint) the receipt of `sale_id` on the `printer.target` printer,
    /// then feed and cut the paper. A sale paid (partly) by QRIS gets the shop's
    /// QRIS for that amount under it, with the printer's QR command.
    pub fn print_receipt(&self, sale_id: i64) -> Result<()> {
        let target = self.printer_target()?;
        let text = self.render_receipt(sale_id, None)?;
        let qr = self.receipt_qris(sale_id)?;
        Ok(printer::print_text(&target, &text, qr.as_deref()).map_err(Refusal::Printer)?)
    }

    /// The dynamic QRIS for what `sale_id` paid by QRIS, when the shop has one.
    fn receipt_qris(&self, sale_id: i64) -> Result<Option<String>> {
        let Some(payload) = self.qris_payload()? else { return Ok(None) };
        let receipt = self.receipt(sale_id)?;
        let qris = receipt.payments.iter().filter(|p| p.method == crate::domain::PaymentMethod::Qris);
        let paid = Money::checked_sum(qris.map(|p| p.amount))?;
        Ok(if paid > Money::ZERO { payload.for_amount(paid).ok() } else { None })
    }

    /// The A4 invoice of `sale_id` as a self-contained HTML page, ready to open in a
    /// browser and print (or save as PDF).
    pub fn invoice_a4(&self, sale_id: i64) -> Result<String> {
        self.render_template(INVOICE_A4, &self.receipt(sale_id)?, templates::WIDTHS[1])
    }
}
