//! The figures of each sales-ledger line, decided once here and shared by every
//! sales report (sales-lines, sales-summary, cashier-performance, customers,
//! best-sellers), so their totals always agree.
//!
//! A completed sale counts at its time; a void sale does not count at all. A return
//! counts at the return's time, with every figure negative:
//!
//! - `qty`: sold quantity (a return: minus the returned quantity).
//! - `value`: the line total after its own discount (a return: minus the returned
//!   part of it, as the return recorded it).
//! - `line_discount`: the line's own discount (a return: minus its share for the
//!   returned quantity, `discount × returned / sold`, rounded).
//! - `gross = value + line_discount`: before any discount.
//! - `sale_discount`: the line's share of its document's whole-sale discount. A
//!   sale's is its discount; a return's is what the return took off its lines'
//!   value, `lines value − (refund − tax part of the refund)`, where the tax part
//!   is `refund × sale tax / sale total`.
//! - `tax`: the line's share of the document's tax (a return: the tax part of the refund).
//! - `net = value − sale_discount`: what the shop earned before tax. A sale's lines
//!   add up to `subtotal − discount`; a return's to minus its refund less tax.
//! - `cost = qty × the unit cost when sold`, rounded per line.
//!
//! Shares are spread over a document's lines in proportion to their value, by the
//! running-total method of [`crate::domain::refund`], so each document's shares add
//! up exactly to its discount and tax. Rounding is half away from zero, to the rupiah.

use crate::domain::refund::prorate;
use crate::domain::{Money, Qty};
use crate::store::reports::{DocKind, LedgerLine};
use crate::store::summaries::{DaySums, UserSums};

/// One line's figures, signed (negative for returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineFigures {
    pub qty: Qty,
    pub gross: Money,
    pub line_discount: Money,
    pub value: Money,
    pub sale_discount: Money,
    pub tax: Money,
    pub net: Money,
    pub cost: Money,
    /// The first line of its sale or return.
    pub first_of_doc: bool,
}

impl LineFigures {
    /// The line's own discount plus its share of the whole-sale discount.
    pub fn discount(&self) -> Money {
        add(self.line_discount, self.sale_discount)
    }
}

pub(crate) fn add(a: Money, b: Money) -> Money {
    Money::new(a.rupiah().saturating_add(b.rupiah()))
}

pub(crate) fn sub(a: Money, b: Money) -> Money {
    Money::new(a.rupiah().saturating_sub(b.rupiah()))
}

fn neg(m: Money) -> Money {
    Money::new(m.rupiah().saturating_neg())
}

/// Shares of a document's discount and tax handed out so far.
#[derive(Debug, Default)]
struct DocShares {
    key: Option<(DocKind, i64)>,
    /// Sum of the document's line values.
    whole: i64,
    discount: Money,
    tax: Money,
    /// Line values seen so far, and the shares given to them.
    running: i64,
    discount_given: Money,
    tax_given: Money,
}

impl DocShares {
    fn start(line: &LedgerLine<'_>) -> DocShares {
        let (discount, tax) = match line.kind {
            DocKind::Sale => (line.sale_discount, line.sale_tax),
            DocKind::Return => {
                let tax = prorate(line.doc_amount, line.sale_tax.rupiah(), line.sale_total.rupiah());
                (sub(line.doc_value, sub(line.doc_amount, tax)), tax)
            }
        };
        DocShares {
            key: Some((line.kind, line.doc_id)),
            whole: line.doc_value.rupiah(),
            discount,
            tax,
            ..Default::default()
        }
    }

    /// This line's (discount, tax) shares.
    fn next(&mut self, value: Money) -> (Money, Money) {
        self.running = self.running.saturating_add(value.rupiah());
        let discount = sub(prorate(self.discount, self.running, self.whole), self.discount_given);
        let tax = sub(prorate(self.tax, self.running, self.whole), self.tax_given);
        self.discount_given = add(self.discount_given, discount);
        self.tax_given = add(self.tax_given, tax);
        (discount, tax)
    }
}

/// Works out each line's figures; feed it the ledger's lines in order.
#[derive(Debug, Default)]
pub struct Ledger {
    doc: DocShares,
}

impl Ledger {
    pub fn figures(&mut self, line: &LedgerLine<'_>) -> LineFigures {
        let first_of_doc = self.doc.key != Some((line.kind, line.doc_id));
        if first_of_doc {
            self.doc = DocShares::start(line);
        }
        let line_discount = match line.kind {
            DocKind::Sale => line.sold_discount,
            DocKind::Return => prorate(line.sold_discount, line.qty.thousandths(), line.sold_qty.thousandths()),
        };
        let (sale_discount, tax) = self.doc.next(line.value);
        let cost = line.unit_cost.times_qty(line.qty).unwrap_or(Money::new(i64::MAX));
        let figures = LineFigures {
            qty: line.qty,
            gross: add(line.value, line_discount),
            line_discount,
            value: line.value,
            sale_discount,
            tax,
            net: sub(line.value, sale_discount),
            cost,
            first_of_doc,
        };
        match line.kind {
            DocKind::Sale => figures,
            DocKind::Return => LineFigures {
                qty: -figures.qty,
                gross: neg(figures.gross),
                line_discount: neg(figures.line_discount),
                value: neg(figures.value),
                sale_discount: neg(figures.sale_discount),
                tax: neg(figures.tax),
                net: neg(figures.net),
                cost: neg(figures.cost),
                first_of_doc,
            },
        }
    }
}

/// Running totals of ledger figures, for summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Completed sales (returns are not transactions).
    pub transactions: i64,
    pub returns: i64,
    pub items: Qty,
    pub gross: Money,
    pub discount: Money,
    pub net: Money,
    pub tax: Money,
    pub cost: Money,
    /// Net of the sales alone, before returns.
    pub sales_net: Money,
    /// Net taken back by returns, as a positive amount.
    pub returns_net: Money,
    /// Discounts given on the sales alone (line and whole-sale).
    pub sales_discount: Money,
}

impl Totals {
    pub fn add(&mut self, kind: DocKind, f: &LineFigures) {
        if f.first_of_doc {
            match kind {
                DocKind::Sale => self.transactions += 1,
                DocKind::Return => self.returns += 1,
            }
        }
        self.items = self.items.checked_add(f.qty).unwrap_or(self.items);
        self.gross = add(self.gross, f.gross);
        self.discount = add(self.discount, f.discount());
        self.net = add(self.net, f.net);
        self.tax = add(self.tax, f.tax);
        self.cost = add(self.cost, f.cost);
        match kind {
            DocKind::Sale => {
                self.sales_net = add(self.sales_net, f.net);
                self.sales_discount = add(self.sales_discount, f.discount());
            }
            DocKind::Return => self.returns_net = sub(self.returns_net, f.net),
        }
    }

    /// Add another stretch's totals (a summary row's).
    pub fn merge(&mut self, other: &Totals) {
        self.transactions += other.transactions;
        self.returns += other.returns;
        self.items = self.items.checked_add(other.items).unwrap_or(self.items);
        for (sum, part) in [
            (&mut self.gross, other.gross),
            (&mut self.discount, other.discount),
            (&mut self.net, other.net),
            (&mut self.tax, other.tax),
            (&mut self.cost, other.cost),
            (&mut self.sales_net, other.sales_net),
            (&mut self.returns_net, other.returns_net),
            (&mut self.sales_discount, other.sales_discount),
        ] {
            *sum = add(*sum, part);
        }
    }

    pub fn profit(&self) -> Money {
        sub(self.net, self.cost)
    }

    /// The average sale: net of the sales alone over their number (0 without sales).
    pub fn avg_basket(&self) -> Money {
        prorate(self.sales_net, 1, self.transactions)
    }
}

impl From<&DaySums> for Totals {
    fn from(d: &DaySums) -> Totals {
        Totals {
            transactions: d.transactions,
            returns: d.returns,
            items: Qty::from_thousandths(d.items),
            gross: Money::new(d.gross),
            discount: Money::new(d.discount),
            net: Money::new(d.net),
            tax: Money::new(d.tax),
            cost: Money::new(d.cost),
            sales_net: Money::new(d.sales_net),
            returns_net: Money::new(d.returns_net),
            sales_discount: Money::new(d.sales_discount),
        }
    }
}

/// A user's totals: the figures the per-user summary keeps (the rest stay zero).
impl From<&UserSums> for Totals {
    fn from(u: &UserSums) -> Totals {
        Totals {
            transactions: u.transactions,
            returns: u.returns,
            items: Qty::from_thousandths(u.items),
            net: Money::new(u.net),
            sales_net: Money::new(u.sales_net),
            returns_net: Money::new(u.returns_net),
            sales_discount: Money::new(u.sales_discount),
            ..Totals::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sale_line(doc: i64, value: i64, subtotal: i64, discount: i64, tax: i64) -> LedgerLine<'static> {
        LedgerLine {
            kind: DocKind::Sale,
            doc_id: doc,
            number: "INV",
            invoice: "INV",
            at: 0,
            user_id: None,
            cashier: None,
            customer_id: None,
            customer_code: None,
            customer_name: None,
            item_id: 1,
            sku: "A",
            item: "A",
            category: None,
            line_no: 1,
            qty: Qty::from_units(1),
            unit_price: Money::new(value),
            tier: "retail",
            value: Money::new(value),
            unit_cost: Money::new(value / 2),
            sold_qty: Qty::from_units(1),
            sold_discount: Money::ZERO,
            doc_value: Money::new(subtotal),
            doc_amount: Money::new(subtotal - discount + tax),
            sale_discount: Money::new(discount),
            sale_tax: Money::new(tax),
            sale_total: Money::new(subtotal - discount + tax),
        }
    }

    #[test]
    fn whole_sale_discount_and_tax_are_shared_exactly() {
        let mut ledger = Ledger::default();
        // 3 lines of 3.333 + 3.333 + 3.334 = 10.000, Rp 1.001 off, tax 900.
        let lines = [3_333, 3_333, 3_334].map(|v| sale_line(7, v, 10_000, 1_001, 900));
        let figures: Vec<LineFigures> = lines.iter().map(|l| ledger.figures(l)).collect();
        let shares: Vec<i64> = figures.iter().map(|f| f.sale_discount.rupiah()).collect();
        assert_eq!(shares, [334, 333, 334]);
        assert_eq!(figures.iter().map(|f| f.tax.rupiah()).sum::<i64>(), 900);
        assert_eq!(figures.iter().map(|f| f.net.rupiah()).sum::<i64>(), 10_000 - 1_001);
        assert_eq!(figures.iter().map(|f| f.first_of_doc).collect::<Vec<_>>(), [true, false, false]);
        // The next document starts afresh.
        assert!(ledger.figures(&sale_line(8, 500, 500, 0, 0)).first_of_doc);
    }

    #[test]
    fn a_return_is_negative_and_nets_its_refund() {
        let mut ledger = Ledger::default();
        // Returned 1 of 3 from a line of 3 for 9.000 that had Rp 600 off; the sale had
        // Rp 1.000 off a 10.000 subtotal, so the refund of the 3.000 part was 2.700.
        let line = LedgerLine {
            kind: DocKind::Return,
            qty: Qty::from_units(1),
            value: Money::new(3_000),
            sold_qty: Qty::from_units(3),
            sold_discount: Money::new(600),
            doc_value: Money::new(3_000),
            doc_amount: Money::new(2_700),
            unit_cost: Money::new(2_000),
            ..sale_line(1, 0, 10_000, 1_000, 0)
        };
        let f = ledger.figures(&line);
        assert_eq!(f.qty, Qty::from_units(-1));
        assert_eq!((f.value, f.line_discount, f.gross), (Money::new(-3_000), Money::new(-200), Money::new(-3_200)));
        assert_eq!((f.sale_discount, f.net, f.cost), (Money::new(-300), Money::new(-2_700), Money::new(-2_000)));
        let mut totals = Totals::default();
        totals.add(DocKind::Return, &f);
        assert_eq!((totals.transactions, totals.returns, totals.returns_net), (0, 1, Money::new(2_700)));
        assert_eq!(totals.avg_basket(), Money::ZERO);
    }
}
