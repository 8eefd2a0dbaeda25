//! Which symbology an item's code is drawn in, and its bars. The bar patterns come
//! from the `barcoders` crate; this module only picks the symbology, checks the code
//! and knows each symbology's quiet zones and smallest module width.

use barcoders::sym::code128::Code128;
use barcoders::sym::ean8::EAN8;
use barcoders::sym::ean13::EAN13;

use super::LabelError;
use crate::domain::barcode::{self, BarcodeError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Ean13,
    Ean8,
    UpcA,
    Code128,
}

impl SymbolKind {
    pub fn name(self) -> &'static str {
        match self {
            SymbolKind::Ean13 => "EAN-13",
            SymbolKind::Ean8 => "EAN-8",
            SymbolKind::UpcA => "UPC-A",
            SymbolKind::Code128 => "Code 128",
        }
    }

    /// Light margins (in modules) left and right that a scanner needs to find the
    /// symbol: GS1 General Specifications for EAN/UPC, ISO/IEC 15417 for Code 128.
    pub fn quiet_zones(self) -> (u32, u32) {
        match self {
            SymbolKind::Ean13 => (11, 7),
            SymbolKind::Ean8 => (7, 7),
            SymbolKind::UpcA => (9, 9),
            SymbolKind::Code128 => (10, 10),
        }
    }

    /// Narrowest module (X dimension) in mm that still scans reliably: 80 % of the
    /// nominal 0.33 mm for EAN/UPC; 0.19 mm (7.5 mil) for Code 128.
    pub fn min_module_mm(self) -> f32 {
        match self {
            SymbolKind::Ean13 | SymbolKind::Ean8 | SymbolKind::UpcA => 0.264,
            SymbolKind::Code128 => 0.19,
        }
    }

    /// Widest module worth drawing (nominal-plus; wider only wastes label).
    pub fn max_module_mm(self) -> f32 {
        match self {
            SymbolKind::Ean13 | SymbolKind::Ean8 | SymbolKind::UpcA => 0.4,
            SymbolKind::Code128 => 0.33,
        }
    }
}

/// A code ready to draw: its symbology and its modules (true = bar), without the
/// quiet zones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub kind: SymbolKind,
    pub code: String,
    pub modules: Vec<bool>,
}

impl Symbol {
    /// The symbol for an item's code: EAN-13, EAN-8 and UPC-A when the code has that
    /// shape (a wrong check digit is refused), Code 128 for anything else.
    pub fn for_code(code: &str) -> Result<Symbol, LabelError> {
        let code = barcode::validate(code).map_err(|e| match e {
            BarcodeError::CheckDigit { code, kind, expected } => LabelError::CheckDigit { code, kind, expected },
            other => LabelError::BadCode(other.to_string()),
        })?;
        let digits = code.bytes().all(|b| b.is_ascii_digit());
        let (kind, modules) = match code.len() {
            13 if digits => (SymbolKind::Ean13, EAN13::new(&code).map(|s| s.encode())),
            8 if digits => (SymbolKind::Ean8, EAN8::new(&code).map(|s| s.encode())),
            // UPC-A is EAN-13 with a leading 0: the same bars.
            12 if digits => (SymbolKind::UpcA, EAN13::new(format!("0{code}")).map(|s| s.encode())),
            _ => (SymbolKind::Code128, Code128::new(code128_input(&code)).map(|s| s.encode())),
        };
        let modules = modules.map_err(|e| LabelError::BadCode(format!("{code}: {e}")))?;
        Ok(Symbol { kind, code, modules: modules.into_iter().map(|m| m == 1).collect() })
    }

    /// Modules including both quiet zones.
    pub fn total_modules(&self) -> u32 {
        let (left, right) = self.kind.quiet_zones();
        left + self.modules.len() as u32 + right
    }

    /// The bars as (first module, width in modules), counted from the start of the
    /// left quiet zone.
    pub fn bars(&self) -> Vec<(u32, u32)> {
        let offset = self.kind.quiet_zones().0;
        let mut bars: Vec<(u32, u32)> = Vec::new();
        for (i, dark) in self.modules.iter().enumerate() {
            if !dark {
                continue;
            }
            let at = offset + i as u32;
            match bars.last_mut() {
                Some((start, width)) if *start + *width == at => *width += 1,
                _ => bars.push((at, 1)),
            }
        }
        bars
    }
}

/// `barcoders` takes Code 128 input with a leading character-set selector: set C
/// (digit pairs, half as wide) for an even run of digits, set B for the rest.
fn code128_input(code: &str) -> String {
    if code.len().is_multiple_of(2) && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("Ć{code}")
    } else {
        format!("Ɓ{code}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_symbology_from_the_shape_of_the_code() {
        assert_eq!(Symbol::for_code("2000000000015").unwrap().kind, SymbolKind::Ean13);
        assert_eq!(Symbol::for_code("96385074").unwrap().kind, SymbolKind::Ean8);
        assert_eq!(Symbol::for_code("036000291452").unwrap().kind, SymbolKind::UpcA);
        assert_eq!(Symbol::for_code("GULA-1KG").unwrap().kind, SymbolKind::Code128);
        assert_eq!(Symbol::for_code("12345").unwrap().kind, SymbolKind::Code128);
        assert_eq!(Symbol::for_code("1234").unwrap().kind, SymbolKind::Code128);
    }

    #[test]
    fn module_counts_match_the_symbologies() {
        assert_eq!(Symbol::for_code("4006381333931").unwrap().modules.len(), 95);
        assert_eq!(Symbol::for_code("96385074").unwrap().modules.len(), 67);
        assert_eq!(Symbol::for_code("036000291452").unwrap().modules.len(), 95);
        // Code 128: start, 8 data, check, stop (13 modules with its final bar).
        assert_eq!(Symbol::for_code("GULA-1KG").unwrap().modules.len(), 11 * 10 + 13);
        assert_eq!(Symbol::for_code("4006381333931").unwrap().total_modules(), 113);
    }

    #[test]
    fn a_wrong_check_digit_is_refused_with_the_expected_digit() {
        let err = Symbol::for_code("4006381333932").unwrap_err();
        assert_eq!(err, LabelError::CheckDigit { code: "4006381333932".into(), kind: "EAN-13", expected: 1 });
    }

    #[test]
    fn bars_merge_neighbouring_modules_and_start_after_the_quiet_zone() {
        let symbol = Symbol::for_code("4006381333931").unwrap();
        let bars = symbol.bars();
        assert_eq!(bars[0], (11, 1)); // start guard 101
        assert_eq!(bars[1], (13, 1));
        let dark: u32 = bars.iter().map(|b| b.1).sum();
        assert_eq!(dark as usize, symbol.modules.iter().filter(|m| **m).count());
    }
}
