//! Labels for a roll printer that speaks ESC/POS (58 or 80 mm receipt printers and
//! label printers in ESC/POS mode). Text and paper handling go through the `escpos`
//! crate; the bars are drawn by the printer itself with GS k, so they are sharp at
//! any density and every module is a whole number of dots (GS w).
//!
//! GS k as used here is "function B" of the Epson ESC/POS command reference (the
//! same in the Star and Rongta ESC/POS command manuals): `GS k m n d1…dn` with
//! m = 65 UPC-A (n = 11 or 12), 67 JAN13/EAN-13 (n = 12 or 13), 68 JAN8/EAN-8
//! (n = 7 or 8), 73 CODE128 (2 ≤ n ≤ 255, data starting with `{B` to pick code set B);
//! GS w n sets the module width in dots (2 ≤ n ≤ 6), GS h n the bar height in dots
//! (1 ≤ n ≤ 255), GS H 2 prints the digits below the bars, GS f 0 in font A.

use std::cell::RefCell;
use std::rc::Rc;

use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::utils::{JustifyMode, Protocol};

use super::text::wrap;
use super::{LabelContent, LabelError, LabelKind, Roll, Symbol, SymbolKind};

const GS: u8 = 0x1D;
/// Narrowest module the printer is asked for: 2 dots = 0.25 mm at 203 dpi.
const MIN_MODULE_DOTS: u32 = 2;
/// Widest: 4 dots = 0.5 mm, plenty for any scanner.
const MAX_MODULE_DOTS: u32 = 4;
/// Bar height: 10 mm at 8 dots per mm.
const BAR_HEIGHT_DOTS: u8 = 80;
const FEED_LINES: u8 = 3;

/// Collects what the `escpos` printer writes, so a whole run is sent in one piece.
#[derive(Clone, Default)]
struct Memory(Rc<RefCell<Vec<u8>>>);

impl Driver for Memory {
    fn name(&self) -> String {
        "memory".to_owned()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

/// Printers print one byte per character: `≥` becomes `>=`, `…` three dots, and any
/// other non-ASCII character `?`.
fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '≥' => out.push_str(">="),
            '…' => out.push_str("..."),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// The data GS k is given, and its modules without quiet zones as the printer draws
/// them (Code 128 always in code set B: start, data, check, stop).
fn printer_data(symbol: &Symbol) -> (u8, Vec<u8>, u32) {
    match symbol.kind {
        SymbolKind::UpcA => (65, symbol.code.as_bytes().to_vec(), 95),
        SymbolKind::Ean13 => (67, symbol.code.as_bytes().to_vec(), 95),
        SymbolKind::Ean8 => (68, symbol.code.as_bytes().to_vec(), 67),
        SymbolKind::Code128 => {
            let mut data = b"{B".to_vec();
            data.extend_from_slice(symbol.code.as_bytes());
            (73, data, 11 * (symbol.code.len() as u32 + 2) + 13)
        }
    }
}

/// The bytes that print `symbol` centred on `roll`: the widest whole-dot module that
/// leaves the quiet zone on both sides, refused when even 2 dots do not fit.
pub fn barcode_command(symbol: &Symbol, roll: &Roll) -> Result<Vec<u8>, LabelError> {
    let (m, data, modules) = printer_data(symbol);
    let (left, right) = symbol.kind.quiet_zones();
    // Centred, so the wider quiet zone must fit on both sides.
    let needed = modules + 2 * left.max(right);
    let module_dots = (roll.dots / needed).min(MAX_MODULE_DOTS);
    if module_dots < MIN_MODULE_DOTS || data.len() > 255 {
        return Err(LabelError::TooSmall(format!(
            "{} {} needs {} dots at {MIN_MODULE_DOTS} dots per module with quiet zones, but {} mm paper has {}",
            symbol.kind.name(),
            symbol.code,
            needed * MIN_MODULE_DOTS,
            roll.paper_mm,
            roll.dots
        )));
    }
    let mut bytes = vec![
        GS,
        b'w',
        module_dots as u8, // module width in dots
        GS,
        b'h',
        BAR_HEIGHT_DOTS, // bar height in dots
        GS,
        b'H',
        2, // digits below the bars
        GS,
        b'f',
        0, // in font A
        GS,
        b'k',
        m,
        data.len() as u8,
    ];
    bytes.extend_from_slice(&data);
    Ok(bytes)
}

fn lines(text: &str, columns: usize, max_lines: usize) -> Vec<String> {
    wrap(&ascii(text), max_lines, |s| s.chars().count() <= columns)
}

fn label(printer: &mut Printer<Memory>, content: &LabelContent, roll: &Roll) -> Result<(), LabelError> {
    let failed = |e: escpos::errors::PrinterError| LabelError::Escpos(e.to_string());
    printer.init().map_err(failed)?.justify(JustifyMode::CENTER).map_err(failed)?;
    let columns = roll.columns;
    match content.kind {
        LabelKind::Barcode => {
            let symbol = content.symbol.as_ref().ok_or_else(|| LabelError::NoBarcode(content.name.clone()))?;
            let command = barcode_command(symbol, roll)?;
            if let Some(shop) = &content.shop {
                for line in lines(shop, columns, 1) {
                    printer.writeln(&line).map_err(failed)?;
                }
            }
            for line in lines(&content.name, columns, 2) {
                printer.writeln(&line).map_err(failed)?;
            }
            printer.bold(true).map_err(failed)?.size(2, 2).map_err(failed)?;
            for line in lines(&content.price, columns / 2, 1) {
                printer.writeln(&line).map_err(failed)?;
            }
            printer.reset_size().map_err(failed)?.bold(false).map_err(failed)?;
            for tier in &content.tiers {
                printer.writeln(&ascii(tier)).map_err(failed)?;
            }
            printer.custom(&command).map_err(failed)?;
            printer.feed().map_err(failed)?;
        }
        LabelKind::Shelf => {
            printer.bold(true).map_err(failed)?;
            for line in lines(&content.name, columns, 2) {
                printer.writeln(&line).map_err(failed)?;
            }
            // The price as large as one line allows (three, two or one times).
            let price = ascii(&content.price);
            let scale = (1..=3u8).rev().find(|s| price.chars().count() * usize::from(*s) <= columns).unwrap_or(1);
            printer.size(scale, scale).map_err(failed)?;
            for line in lines(&price, columns / usize::from(scale), 1) {
                printer.writeln(&line).map_err(failed)?;
            }
            printer.reset_size().map_err(failed)?.bold(false).map_err(failed)?;
            printer.writeln(&ascii(&content.unit)).map_err(failed)?;
            for tier in &content.tiers {
                printer.writeln(&ascii(tier)).map_err(failed)?;
            }
            printer.writeln(&ascii(&content.date_line)).map_err(failed)?;
        }
    }
    printer.feeds(FEED_LINES).map_err(failed)?.print_cut().map_err(failed)?;
    Ok(())
}

/// The bytes for every label in `contents`, each fed and cut on its own.
pub fn to_escpos(contents: &[LabelContent], roll: &Roll) -> Result<Vec<u8>, LabelError> {
    let memory = Memory::default();
    let mut printer = Printer::new(memory.clone(), Protocol::default(), None);
    for content in contents {
        label(&mut printer, content, roll)?;
    }
    let bytes = memory.0.borrow().clone();
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::layout::{ROLL_58, ROLL_80};

    fn symbol(code: &str) -> Symbol {
        Symbol::for_code(code).unwrap()
    }

    /// The command bytes, checked against the GS k function B table of the ESC/POS
    /// reference (see the module documentation).
    #[test]
    fn gs_k_function_b_bytes_per_symbology() {
        let ean13 = barcode_command(&symbol("2000000000015"), &ROLL_58).unwrap();
        let mut expected = vec![0x1D, 0x77, 3, 0x1D, 0x68, 80, 0x1D, 0x48, 2, 0x1D, 0x66, 0, 0x1D, 0x6B, 67, 13];
        expected.extend_from_slice(b"2000000000015");
        assert_eq!(ean13, expected);

        let ean8 = barcode_command(&symbol("96385074"), &ROLL_58).unwrap();
        assert_eq!(&ean8[12..16], &[0x1D, 0x6B, 68, 8]);
        assert_eq!(&ean8[16..], b"96385074");
        assert_eq!(ean8[2], 4, "EAN-8 is short enough for 4-dot modules");

        let upca = barcode_command(&symbol("036000291452"), &ROLL_80).unwrap();
        assert_eq!(&upca[12..16], &[0x1D, 0x6B, 65, 12]);
        assert_eq!(&upca[16..], b"036000291452");

        let code128 = barcode_command(&symbol("GULA-1KG"), &ROLL_58).unwrap();
        assert_eq!(&code128[12..16], &[0x1D, 0x6B, 73, 10]);
        assert_eq!(&code128[16..], b"{BGULA-1KG");
    }

    #[test]
    fn modules_are_whole_dots_with_room_for_the_quiet_zones() {
        for (code, roll) in [("2000000000015", ROLL_58), ("2000000000015", ROLL_80), ("ABC-123", ROLL_58)] {
            let s = symbol(code);
            let bytes = barcode_command(&s, &roll).unwrap();
            let dots = u32::from(bytes[2]);
            let (_, _, modules) = printer_data(&s);
            let quiet = s.kind.quiet_zones().0.max(s.kind.quiet_zones().1);
            assert!((2..=4).contains(&dots), "{code}");
            assert!((modules + 2 * quiet) * dots <= roll.dots, "{code} on {} mm", roll.paper_mm);
        }
    }

    #[test]
    fn a_code_too_long_for_the_paper_is_refused_with_the_numbers() {
        let err = barcode_command(&symbol("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), &ROLL_58).unwrap_err().to_string();
        assert!(err.contains("Code 128") && err.contains("dots") && err.contains("58 mm paper has 384"), "{err}");
    }

    #[test]
    fn non_ascii_text_is_made_printable() {
        assert_eq!(ascii("Grosir ≥ 12: Rp 3.000"), "Grosir >= 12: Rp 3.000");
        assert_eq!(ascii("Kopi ☕ Crème…"), "Kopi ? Cr?me...");
    }
}
