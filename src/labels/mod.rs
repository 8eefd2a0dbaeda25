//! Barcode labels and shelf price labels: what goes on a label, laid out for a sheet
//! of labels (PDF), one label (SVG) or a roll printer (ESC/POS). Pure: bytes in
//! memory, no database and no printer; `services::labels` picks the items and sends
//! the bytes.

mod draw;
pub mod escpos;
pub mod layout;
pub mod pdf;
pub mod svg;
pub mod symbol;
mod text;

pub use draw::{Anchor, Drawing, Mark, draw};
pub use layout::{Layout, PRESETS, Roll, Sheet};
pub use symbol::{Symbol, SymbolKind};

use crate::domain::{Money, PriceList, Qty};
use crate::tui::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error("{0} has no barcode")]
    NoBarcode(String),
    #[error("barcode '{code}' has a wrong {kind} check digit (expected {expected})")]
    CheckDigit { code: String, kind: &'static str, expected: u8 },
    #[error("{0}")]
    BadCode(String),
    #[error("layout: {0}")]
    Layout(String),
    #[error("{0}")]
    TooSmall(String),
    /// The `escpos` crate refused a command (a size out of its range).
    #[error("ESC/POS: {0}")]
    Escpos(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LabelKind {
    /// Stuck on the goods: name, price and the scannable code.
    #[default]
    Barcode,
    /// On the shelf edge: a large price, name, unit, wholesale tiers and a date.
    Shelf,
}

impl LabelKind {
    pub fn code(self) -> &'static str {
        match self {
            LabelKind::Barcode => "barcode",
            LabelKind::Shelf => "shelf",
        }
    }
}

/// The item facts a label shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelItem {
    pub sku: String,
    pub name: String,
    pub unit: String,
    /// The code the label carries (the item's unit barcode), if it has one.
    pub code: Option<String>,
    pub prices: PriceList,
}

/// Choices that are the same for every label of one print run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelOptions {
    pub kind: LabelKind,
    /// Printed at the top of barcode labels, when set.
    pub shop: Option<String>,
    /// Barcode labels: list the wholesale tiers too (shelf labels always do).
    pub tiers: bool,
    /// Shelf labels: the day the prices are from, as printed (`04/12/2026`).
    pub date: String,
    pub lang: Lang,
}

/// One label's text, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelContent {
    pub kind: LabelKind,
    pub shop: Option<String>,
    pub name: String,
    pub price: String,
    pub unit: String,
    pub tiers: Vec<String>,
    pub date_line: String,
    pub symbol: Option<Symbol>,
}

/// `Grosir ≥ 12: Rp 3.000`, one line per wholesale tier the item has.
pub fn tier_lines(prices: &PriceList, lang: Lang) -> Vec<String> {
    let word = lang.pick("Wholesale", "Grosir");
    let tiers: [(u8, Option<Money>, Option<Qty>); 2] =
        [(1, prices.wholesale1, prices.min_qty_wholesale1), (2, prices.wholesale2, prices.min_qty_wholesale2)];
    tiers
        .into_iter()
        .filter_map(|(n, price, min)| {
            let price = price?;
            Some(match min.filter(|m| m.is_positive()) {
                Some(min) => format!("{word} ≥ {}: {price}", min.decimal()),
                None => format!("{word} {n}: {price}"),
            })
        })
        .collect()
}

impl LabelContent {
    /// What `item`'s label shows. A barcode label needs a code with a correct check
    /// digit; a shelf label does without.
    pub fn new(item: &LabelItem, options: &LabelOptions) -> Result<LabelContent, LabelError> {
        let lang = options.lang;
        let symbol = match (&item.code, options.kind) {
            (Some(code), LabelKind::Barcode) => Some(Symbol::for_code(code).map_err(|e| match e {
                LabelError::CheckDigit { .. } | LabelError::BadCode(_) => {
                    LabelError::BadCode(format!("{} {}: {e}", item.sku, item.name))
                }
                other => other,
            })?),
            (None, LabelKind::Barcode) => return Err(LabelError::NoBarcode(format!("{} {}", item.sku, item.name))),
            (_, LabelKind::Shelf) => None,
        };
        let show_tiers = options.tiers || options.kind == LabelKind::Shelf;
        Ok(LabelContent {
            kind: options.kind,
            shop: options.shop.clone().filter(|s| !s.trim().is_empty()),
            name: item.name.clone(),
            price: match options.kind {
                // Weighed and packed goods: say what the price is for.
                LabelKind::Barcode if !item.unit.eq_ignore_ascii_case("PCS") => {
                    format!("{}/{}", item.prices.retail, item.unit)
                }
                _ => item.prices.retail.to_string(),
            },
            unit: format!("per {}", item.unit),
            tiers: if show_tiers { tier_lines(&item.prices, lang) } else { Vec::new() },
            date_line: format!("{} {}", lang.pick("Price as of", "Harga per"), options.date),
            symbol,
        })
    }
}
