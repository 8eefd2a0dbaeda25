//! The sale being rung up: lines, tier, customer, discounts and totals. Pure, so
//! every pricing rule is unit-tested here; the checkout service only stores it.

use serde::{Deserialize, Serialize};

use super::{Money, MoneyError, PriceList, PriceTier, Qty, qty::MAX_LINE_QTY_UNITS};
use crate::lang::Lang;

/// What the cart needs to know about an item (a snapshot taken when scanned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartItem {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub prices: PriceList,
    pub cost: Money,
    /// In stock when it was scanned (the till warns when a sale goes beyond it).
    #[serde(default)]
    pub on_hand: Qty,
}

/// A discount as the cashier typed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Discount {
    #[default]
    None,
    Amount(Money),
    /// Hundredths of a percent: 1000 = 10%.
    Percent(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error, strum::EnumIter)]
pub enum CartError {
    #[default]
    #[error("quantity must be more than 0")]
    NotPositive,
    #[error("quantity {0} is too large (at most {MAX_LINE_QTY_UNITS})")]
    TooLarge(String),
    #[error("discount is larger than the amount")]
    DiscountTooLarge,
    #[error("'{0}' is not a discount (write 5000 or 10%)")]
    BadDiscount(String),
    #[error("there is no line {0}")]
    NoLine(usize),
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl CartError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (Lang::Id, CartError::NotPositive) => "jumlah harus lebih dari 0".into(),
            (Lang::Id, CartError::TooLarge(qty)) => {
                format!("jumlah {qty} terlalu besar (paling banyak {MAX_LINE_QTY_UNITS})")
            }
            (Lang::Id, CartError::DiscountTooLarge) => "diskon lebih besar dari jumlahnya".into(),
            (Lang::Id, CartError::BadDiscount(text)) => format!("'{text}' bukan diskon (tulis 5000 atau 10%)"),
            (Lang::Id, CartError::NoLine(n)) => format!("tidak ada baris {n}"),
            (Lang::Id, CartError::Money(e)) => e.text(lang),
        }
    }
}

impl Discount {
    /// `5000`, `5.000`, `10%`, `2,5%`; empty or `0` means none.
    pub fn parse(text: &str) -> Result<Discount, CartError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Discount::None);
        }
        if let Some(number) = text.strip_suffix('%') {
            let number = number.trim().replace(',', ".");
            let value: f64 = number.parse().map_err(|_| CartError::BadDiscount(text.to_string()))?;
            if !(0.0..=100.0).contains(&value) {
                return Err(CartError::BadDiscount(text.to_string()));
            }
            let bp = (value * 100.0).round() as i64;
            return Ok(if bp == 0 { Discount::None } else { Discount::Percent(bp) });
        }
        let amount = Money::parse_non_negative(text).map_err(|_| CartError::BadDiscount(text.to_string()))?;
        Ok(if amount == Money::ZERO { Discount::None } else { Discount::Amount(amount) })
    }

    /// The rupiah taken off `base`.
    pub fn amount_of(self, base: Money) -> Result<Money, CartError> {
        let amount = match self {
            Discount::None => Money::ZERO,
            Discount::Amount(m) => m,
            Discount::Percent(bp) => base.percent_bp(bp)?,
        };
        if amount > base { Err(CartError::DiscountTooLarge) } else { Ok(amount) }
    }

    /// As a share of `base`, in basis points, to compare with the no-PIN limit.
    pub fn basis_points_of(self, base: Money) -> i64 {
        match self {
            Discount::None => 0,
            Discount::Percent(bp) => bp,
            Discount::Amount(m) if base.rupiah() > 0 => m.rupiah().saturating_mul(10_000) / base.rupiah(),
            Discount::Amount(_) => 10_000,
        }
    }

    pub fn label(self) -> String {
        match self {
            Discount::None => String::new(),
            Discount::Amount(m) => m.grouped(),
            Discount::Percent(bp) if bp % 100 == 0 => format!("{}%", bp / 100),
            Discount::Percent(bp) => format!("{}%", bp as f64 / 100.0),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub item: CartItem,
    pub qty: Qty,
    /// A price typed by someone allowed to, instead of the tier price.
    pub price_override: Option<Money>,
    pub discount: Discount,
}

impl CartLine {
    /// The tier that prices this line and its unit price.
    pub fn pricing(&self, sale_tier: PriceTier) -> (PriceTier, Money) {
        let (tier, price) = self.item.prices.price_for(sale_tier, self.qty);
        (tier, self.price_override.unwrap_or(price))
    }

    pub fn gross(&self, sale_tier: PriceTier) -> Result<Money, CartError> {
        Ok(Money::within_limit(self.pricing(sale_tier).1.times_qty(self.qty)?)?)
    }

    pub fn discount_amount(&self, sale_tier: PriceTier) -> Result<Money, CartError> {
        self.discount.amount_of(self.gross(sale_tier)?)
    }

    pub fn total(&self, sale_tier: PriceTier) -> Result<Money, CartError> {
        Ok(self.gross(sale_tier)?.checked_sub(self.discount_amount(sale_tier)?)?)
    }
}

/// The customer attached to the sale, as the till shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartCustomer {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub tier: PriceTier,
    pub credit_limit: Money,
    /// Open receivable when attached.
    pub receivable: Money,
    /// Member points when attached (0 with points switched off).
    #[serde(default)]
    pub points: i64,
}

/// What needs a manager's approval (F9). An approval covers exactly the
/// exceptions it was given for, compared as values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Exception {
    /// A line at a typed price.
    Price { sku: String, price: Money },
    /// A line's discount above the no-PIN limit, in basis points of the line.
    LineDiscount { sku: String, bp: i64 },
    /// The sale's discount above the limit, in basis points of the subtotal.
    SaleDiscount { bp: i64 },
    /// Credit that takes the customer above their limit.
    Credit { customer: String, limit: Money },
    /// A return (F9 on an empty till).
    #[default]
    Return,
}

impl Exception {
    /// Credit above `customer`'s limit.
    pub fn credit(customer: &CartCustomer) -> Exception {
        Exception::Credit { customer: customer.name.clone(), limit: customer.credit_limit }
    }

    /// As the cashier reads it, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        // One decimal, cut rather than rounded: 12.34% reads 12.3%.
        let percent = |bp: i64| format!("{}{}{}%", bp / 100, lang.pick(".", ","), (bp % 100) / 10);
        match (lang, self) {
            (Lang::En, Exception::Return) => "a return".into(),
            (Lang::En, _) => self.to_string(),
            (Lang::Id, Exception::Price { sku, price }) => format!("{sku} harga {price}"),
            (Lang::Id, Exception::LineDiscount { sku, bp }) => format!("{sku} diskon {}", percent(*bp)),
            (Lang::Id, Exception::SaleDiscount { bp }) => format!("diskon penjualan {}", percent(*bp)),
            (Lang::Id, Exception::Credit { customer, limit }) => {
                format!("kredit untuk {customer} melebihi limit {limit}")
            }
            (Lang::Id, Exception::Return) => "retur".into(),
        }
    }
}

/// The English phrase the audit row names it by (a contract: do not reword).
impl std::fmt::Display for Exception {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let percent = |bp: i64| format!("{}.{}%", bp / 100, (bp % 100) / 10);
        match self {
            Exception::Price { sku, price } => write!(f, "{sku} price {}", price.rupiah()),
            Exception::LineDiscount { sku, bp } => write!(f, "{sku} discount {}", percent(*bp)),
            Exception::SaleDiscount { bp } => write!(f, "sale discount {}", percent(*bp)),
            Exception::Credit { customer, limit } => {
                write!(f, "credit for {customer} above the limit of {}", limit.rupiah())
            }
            Exception::Return => f.write_str("return"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    pub tier: PriceTier,
    pub customer: Option<CartCustomer>,
    pub discount: Discount,
    /// The WhatsApp order this sale rings up: completing the sale completes it.
    #[serde(default)]
    pub order_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Sum of line totals (after line discounts).
    pub subtotal: Money,
    /// Whole-sale discount.
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
    /// Line discounts plus the whole-sale discount.
    pub all_discounts: Money,
}

/// A line's quantity: more than 0 and at most [`MAX_LINE_QTY_UNITS`].
pub fn check_qty(qty: Qty) -> Result<(), CartError> {
    if !qty.is_positive() {
        return Err(CartError::NotPositive);
    }
    if qty > Qty::from_units(MAX_LINE_QTY_UNITS) {
        return Err(CartError::TooLarge(qty.decimal()));
    }
    Ok(())
}

impl Cart {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Add `qty` of an item; the same item (at its tier price) adds to its line.
    /// Returns the index of the line that changed.
    pub fn add(&mut self, item: CartItem, qty: Qty) -> Result<usize, CartError> {
        check_qty(qty)?;
        if let Some(i) = self.lines.iter().position(|l| l.item.item_id == item.item_id && l.price_override.is_none()) {
            let new_qty = self.lines[i].qty.checked_add(qty).ok_or_else(|| CartError::TooLarge(qty.decimal()))?;
            check_qty(new_qty)?;
            self.lines[i].qty = new_qty;
            return Ok(i);
        }
        self.lines.push(CartLine { item, qty, price_override: None, discount: Discount::None });
        Ok(self.lines.len() - 1)
    }

    pub fn set_qty(&mut self, index: usize, qty: Qty) -> Result<(), CartError> {
        check_qty(qty)?;
        self.lines.get_mut(index).ok_or(CartError::NoLine(index + 1))?.qty = qty;
        Ok(())
    }

    /// Change a line's quantity by `delta` units; reaching zero removes it.
    pub fn bump(&mut self, index: usize, delta: Qty) -> Result<(), CartError> {
        let line = self.lines.get(index).ok_or(CartError::NoLine(index + 1))?;
        let qty = line.qty.checked_add(delta).ok_or_else(|| CartError::TooLarge(delta.decimal()))?;
        if qty.thousandths() <= 0 {
            self.lines.remove(index);
            Ok(())
        } else {
            self.set_qty(index, qty)
        }
    }

    pub fn remove(&mut self, index: usize) -> Result<CartLine, CartError> {
        if index >= self.lines.len() {
            return Err(CartError::NoLine(index + 1));
        }
        Ok(self.lines.remove(index))
    }

    pub fn set_line_discount(&mut self, index: usize, discount: Discount) -> Result<(), CartError> {
        let tier = self.tier;
        let line = self.lines.get_mut(index).ok_or(CartError::NoLine(index + 1))?;
        let previous = std::mem::replace(&mut line.discount, discount);
        if let Err(e) = line.discount_amount(tier) {
            line.discount = previous;
            return Err(e);
        }
        Ok(())
    }

    pub fn set_sale_discount(&mut self, discount: Discount) -> Result<(), CartError> {
        let previous = std::mem::replace(&mut self.discount, discount);
        if let Err(e) = self.totals(0) {
            self.discount = previous;
            return Err(e);
        }
        Ok(())
    }

    pub fn set_price(&mut self, index: usize, price: Option<Money>) -> Result<(), CartError> {
        self.lines.get_mut(index).ok_or(CartError::NoLine(index + 1))?.price_override = price;
        Ok(())
    }

    /// Attaching a customer applies their default tier; detaching goes back to retail.
    pub fn set_customer(&mut self, customer: Option<CartCustomer>) {
        self.tier = customer.as_ref().map_or(PriceTier::Retail, |c| c.tier);
        self.customer = customer;
    }

    /// `tax_bp`: tax in basis points, added on top of the discounted subtotal.
    pub fn totals(&self, tax_bp: i64) -> Result<Totals, CartError> {
        let mut subtotal = Money::ZERO;
        let mut line_discounts = Money::ZERO;
        for line in &self.lines {
            subtotal = subtotal.checked_add(line.total(self.tier)?)?;
            line_discounts = line_discounts.checked_add(line.discount_amount(self.tier)?)?;
        }
        let discount = self.discount.amount_of(subtotal)?;
        let taxable = subtotal.checked_sub(discount)?;
        let tax = taxable.percent_bp(tax_bp)?;
        Ok(Totals {
            subtotal,
            discount,
            tax,
            total: taxable.checked_add(tax)?,
            all_discounts: line_discounts.checked_add(discount)?,
        })
    }

    /// The largest discount in the sale as basis points of what it applies to.
    pub fn largest_discount_bp(&self) -> i64 {
        let lines =
            self.lines.iter().map(|l| l.gross(self.tier).map(|g| l.discount.basis_points_of(g)).unwrap_or(10_000));
        let sale = self.totals(0).map(|t| self.discount.basis_points_of(t.subtotal)).unwrap_or(10_000);
        lines.chain(std::iter::once(sale)).max().unwrap_or(0)
    }

    /// What on this sale needs a manager: discounts above `limit_bp`, typed prices,
    /// and, when `credit` is given, credit that takes the customer above their
    /// limit. A manager's approval covers exactly the exceptions it was given for,
    /// so changing the sale afterwards needs a new approval.
    pub fn exceptions(&self, limit_bp: i64, credit: Money) -> Vec<Exception> {
        let mut found = Vec::new();
        for line in &self.lines {
            let sku = || line.item.sku.clone();
            if let Some(price) = line.price_override {
                found.push(Exception::Price { sku: sku(), price });
            }
            let bp = line.gross(self.tier).map(|g| line.discount.basis_points_of(g)).unwrap_or(10_000);
            if bp > limit_bp {
                found.push(Exception::LineDiscount { sku: sku(), bp });
            }
        }
        let sale_bp = self.totals(0).map(|t| self.discount.basis_points_of(t.subtotal)).unwrap_or(10_000);
        if sale_bp > limit_bp {
            found.push(Exception::SaleDiscount { bp: sale_bp });
        }
        if let Some(customer) = &self.customer
            && credit > Money::ZERO
            && customer.receivable.checked_add(credit).map_or(true, |owed| owed > customer.credit_limit)
        {
            found.push(Exception::credit(customer));
        }
        found
    }

    /// Total quantity of all lines (for "items sold").
    pub fn item_count(&self) -> Qty {
        self.lines.iter().fold(Qty::ZERO, |acc, l| acc.checked_add(l.qty).unwrap_or(acc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indomie() -> CartItem {
        CartItem {
            item_id: 1,
            sku: "IDM".into(),
            name: "Indomie Goreng".into(),
            unit: "PCS".into(),
            prices: PriceList {
                retail: Money::new(3_500),
                wholesale1: Some(Money::new(3_300)),
                min_qty_wholesale1: Some(Qty::from_units(10)),
                wholesale2: Some(Money::new(3_100)),
                min_qty_wholesale2: None,
            },
            cost: Money::new(2_900),
            on_hand: Qty::from_units(100),
        }
    }

    fn beras() -> CartItem {
        CartItem {
            item_id: 2,
            sku: "BRS".into(),
            name: "Beras Pandan Wangi".into(),
            unit: "KG".into(),
            prices: PriceList { retail: Money::new(14_999), ..Default::default() },
            cost: Money::new(12_000),
            on_hand: Qty::ZERO,
        }
    }

    #[test]
    fn same_item_adds_to_its_line() {
        let mut cart = Cart::default();
        cart.add(indomie(), Qty::ONE).unwrap();
        assert_eq!(cart.add(indomie(), Qty::from_units(2)).unwrap(), 0);
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].qty, Qty::from_units(3));
    }

    #[test]
    fn quantity_break_applies_wholesale_automatically() {
        let mut cart = Cart::default();
        cart.add(indomie(), Qty::from_units(9)).unwrap();
        assert_eq!(cart.lines[0].pricing(cart.tier), (PriceTier::Retail, Money::new(3_500)));
        cart.bump(0, Qty::ONE).unwrap();
        assert_eq!(cart.lines[0].pricing(cart.tier), (PriceTier::Wholesale1, Money::new(3_300)));
        assert_eq!(cart.totals(0).unwrap().total, Money::new(33_000));
    }

    #[test]
    fn switching_tier_reprices_every_line() {
        let mut cart = Cart::default();
        cart.add(indomie(), Qty::from_units(2)).unwrap();
        cart.add(beras(), Qty::from_thousandths(1500)).unwrap();
        cart.tier = PriceTier::Wholesale2;
        assert_eq!(cart.lines[0].pricing(cart.tier).0, PriceTier::Wholesale2);
        // No wholesale price on rice: retail, 1.5 kg × 14.999 = 22.498,5 → 22.499
        assert_eq!(cart.lines[1].pricing(cart.tier).0, PriceTier::Retail);
        assert_eq!(cart.totals(0).unwrap().subtotal, Money::new(6_200 + 22_499));
    }

    #[test]
    fn customer_tier_applies_on_attach() {
        let mut cart = Cart::default();
        cart.add(indomie(), Qty::ONE).unwrap();
        let customer = CartCustomer {
            id: 7,
            code: "M1".into(),
            name: "Warung Darto".into(),
            tier: PriceTier::Wholesale1,
            credit_limit: Money::new(500_000),
            receivable: Money::ZERO,
            points: 0,
        };
        cart.set_customer(Some(customer));
        assert_eq!(cart.totals(0).unwrap().total, Money::new(3_300));
        cart.set_customer(None);
        assert_eq!(cart.tier, PriceTier::Retail);
    }

    #[test]
    fn discounts_tax_and_totals() {
        let mut cart = Cart::default();
        cart.add(indomie(), Qty::from_units(4)).unwrap(); // 14.000
        cart.add(beras(), Qty::from_units(2)).unwrap(); // 29.998
        cart.set_line_discount(1, Discount::parse("10%").unwrap()).unwrap(); // -3.000 (2.999,8)
        cart.set_sale_discount(Discount::parse("1.000").unwrap()).unwrap();
        let t = cart.totals(1100).unwrap();
        assert_eq!(t.subtotal, Money::new(14_000 + 29_998 - 3_000));
        assert_eq!(t.discount, Money::new(1_000));
        // 11% of 39.998 = 4.399,78 → 4.400
        assert_eq!(t.tax, Money::new(4_400));
        assert_eq!(t.total, Money::new(39_998 + 4_400));
        assert_eq!(t.all_discounts, Money::new(4_000));
        assert_eq!(cart.largest_discount_bp(), 1000);
    }

    #[test]
    fn refuses_bad_quantities_and_discounts() {
        let mut cart = Cart::default();
        assert_eq!(cart.add(indomie(), Qty::ZERO), Err(CartError::NotPositive));
        assert_eq!(cart.add(indomie(), Qty::from_units(-1)), Err(CartError::NotPositive));
        assert!(matches!(cart.add(indomie(), Qty::from_units(1_000_001)), Err(CartError::TooLarge(_))));
        cart.add(indomie(), Qty::ONE).unwrap();
        assert_eq!(cart.set_line_discount(0, Discount::Amount(Money::new(5_000))), Err(CartError::DiscountTooLarge));
        assert_eq!(cart.lines[0].discount, Discount::None);
        assert!(matches!(Discount::parse("abc"), Err(CartError::BadDiscount(_))));
        assert!(matches!(Discount::parse("120%"), Err(CartError::BadDiscount(_))));
        assert_eq!(Discount::parse("2,5%"), Ok(Discount::Percent(250)));
    }

    #[test]
    fn minus_to_zero_removes_the_line() {
        let mut cart = Cart::default();
        cart.add(indomie(), Qty::ONE).unwrap();
        cart.bump(0, Qty::from_units(-1)).unwrap();
        assert!(cart.is_empty());
    }

    #[test]
    fn exceptions_name_what_needs_a_manager_in_either_language() {
        let mut cart = Cart::default();
        cart.add(indomie(), Qty::from_units(2)).unwrap();
        cart.add(beras(), Qty::ONE).unwrap();
        cart.set_price(1, Some(Money::new(10_000))).unwrap();
        cart.set_line_discount(0, Discount::Percent(5000)).unwrap();
        cart.set_sale_discount(Discount::Percent(1234)).unwrap();
        cart.set_customer(Some(CartCustomer {
            id: 7,
            code: "M1".into(),
            name: "Agus Setiawan".into(),
            tier: PriceTier::Retail,
            credit_limit: Money::new(100_000),
            receivable: Money::new(95_000),
            points: 0,
        }));
        let found = cart.exceptions(1000, Money::new(13_500));
        assert_eq!(
            found,
            [
                Exception::LineDiscount { sku: "IDM".into(), bp: 5000 },
                Exception::Price { sku: "BRS".into(), price: Money::new(10_000) },
                Exception::SaleDiscount { bp: 1234 },
                Exception::Credit { customer: "Agus Setiawan".into(), limit: Money::new(100_000) },
            ]
        );
        let in_lang = |lang| found.iter().map(|e| e.text(lang)).collect::<Vec<_>>().join(", ");
        // The audit row's English phrases, unchanged.
        let audit: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            audit.join(", "),
            "IDM discount 50.0%, BRS price 10000, sale discount 12.3%, credit for Agus Setiawan above the limit of 100000"
        );
        assert_eq!(in_lang(Lang::En), audit.join(", "));
        assert_eq!(
            in_lang(Lang::Id),
            "IDM diskon 50,0%, BRS harga Rp 10.000, diskon penjualan 12,3%, \
             kredit untuk Agus Setiawan melebihi limit Rp 100.000"
        );
        assert_eq!(
            (Exception::Return.to_string(), Exception::Return.text(Lang::En)),
            ("return".into(), "a return".into())
        );
        assert_eq!(Exception::Return.text(Lang::Id), "retur");
        // Within the limit, on the customer's limit exactly, nothing is asked.
        assert!(cart.exceptions(5000, Money::ZERO).iter().all(|e| matches!(e, Exception::Price { .. })));
        assert!(!cart.exceptions(5000, Money::new(5_000)).iter().any(|e| matches!(e, Exception::Credit { .. })));
    }

    #[test]
    fn cart_survives_json_for_held_sales() {
        let mut cart = Cart::default();
        cart.add(beras(), Qty::from_thousandths(750)).unwrap();
        cart.set_sale_discount(Discount::Percent(500)).unwrap();
        let json = serde_json::to_string(&cart).unwrap();
        assert_eq!(serde_json::from_str::<Cart>(&json).unwrap(), cart);
    }
}
